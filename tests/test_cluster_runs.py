"""Ingest runs as processes: two runs at once, and a run killed with SIGKILL (while it writes, and
while it clusters) and run again, end with exactly the events and stories of one uninterrupted
run, on SQLite and on PostgreSQL (issue 19 item 9, issue 16).

Each run writes its articles inside ``store.writer_lock()`` and ends with ``finish_run``, as the
ingest entry point does; the worker is this file run as a script.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lagebild.store.base import Store, open_store  # noqa: E402
from lagebild.story.cluster import finish_run  # noqa: E402
from test_cluster_recovery import CFG, snapshot, wikinews  # noqa: E402

#: Articles per test, and per write transaction of a run.
N = 100
BATCH = 8


def store_and_finish(location: str, start: int, step: int, pause: float) -> str:
    """One ingest run over every ``step``-th article from ``start``: write in batches (pausing
    between them, so runs overlap), then cluster if it is the last run writing."""
    store = open_store(location)
    arts = wikinews(N)[start::step]
    with store.writer_lock():
        for i in range(0, len(arts), BATCH):
            with store.transaction():
                for a in arts[i:i + BATCH]:
                    if not store.has_article(a.id):
                        store.add_article(a)
            time.sleep(pause)
    report = finish_run(store, CFG)
    store.close()
    return "clustered" if report is not None else "left to another run"


def worker(location: str, start: int = 0, step: int = 1, pause: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, __file__, location, str(start), str(step), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count(location: str, table: str) -> int:
    store = open_store(location)
    try:
        return int(store.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        store.close()


def kill_when(proc: subprocess.Popen[str], location: str, table: str, at_least: int, timeout: float = 120) -> None:
    """SIGKILL ``proc`` as soon as ``table`` holds ``at_least`` rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if count(location, table) >= at_least:
                break
        except Exception:  # noqa: BLE001 - the worker may still be creating the schema
            pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def finished(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return out.strip()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One uninterrupted run over all articles (SQLite)."""
    location = str(tmp_path_factory.mktemp("one") / "one.db")
    assert store_and_finish(location, 0, 1, 0.0) == "clustered"
    store = open_store(location)
    snap = snapshot(store)  # type: ignore[arg-type]
    store.close()
    assert sum(len(s[2]) > 1 for s in snap["stories"]) >= 3
    return snap


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    wikinews(1)  # skip without the data
    loc = str(request.getfixturevalue("pg_url")) if request.param == "postgresql" else str(tmp_path / "runs.db")
    open_store(loc).close()  # the schema first: two processes creating one SQLite file at once race
    return loc


def result(location: str) -> dict[str, Any]:
    store: Store = open_store(location)
    try:
        return snapshot(store)  # type: ignore[arg-type]
    finally:
        store.close()


def test_two_concurrent_runs_end_as_one_run(location: str, reference: dict[str, Any]) -> None:
    runs = [worker(location, 0, 2, 0.3), worker(location, 1, 2, 0.6)]  # overlapping, the second ends later
    outcomes = sorted(finished(p) for p in runs)
    assert outcomes == ["clustered", "left to another run"]
    assert result(location) == reference


def test_killed_runs_rerun_end_as_one_run(location: str, reference: dict[str, Any]) -> None:
    total = len(wikinews(N))
    kill_when(worker(location, pause=0.05), location, "articles", N // 2)  # killed while writing
    assert 0 < count(location, "articles") < total
    kill_when(worker(location), location, "story_assignments", 30)  # killed while clustering
    assert count(location, "articles") == total and count(location, "story_assignments") < total
    assert finished(worker(location)) == "clustered"
    assert result(location) == reference


if __name__ == "__main__":
    print(store_and_finish(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])))
    os._exit(0)
