"""kill -9 of `lagebild watch` mid-cycle, twice, then a restart: every announced page ends up in the
store exactly once (articles, sources, cluster assignments, change journal), none is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lagebild.store import feeds as fs
from lagebild.store.base import open_store
from loopback_server import LoopbackServer, Route, fundus_pages, rss

N_PAGES = 4
#: Seconds each page takes to answer: the cycle is slow enough to be killed in the middle.
PAGE_DELAY = 0.4


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created / migrated yet
        return -1


def _start(db: Path, cwd: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGEBILD_")}
    env.update(LAGEBILD_DB=str(db), LAGEBILD_FETCH_PRIVATE_ADDRESSES="true", LAGEBILD_COMMIT_EVERY="1",
               LAGEBILD_FETCH_PER_HOST_RATE="50", LAGEBILD_FETCH_RETRIES="0", OMP_NUM_THREADS="1")
    return subprocess.Popen([sys.executable, "-m", "lagebild.interfaces.cli", "watch", "--once"], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_when(proc: subprocess.Popen[bytes], db: Path, sql: str, low: int, high: int, timeout: float = 120) -> int:
    """SIGKILL ``proc`` as soon as ``sql`` counts between low and high; returns the count seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = _count(db, sql)
        if low <= n <= high:
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            return n
        if proc.poll() is not None:
            pytest.fail(f"watch ended before the kill point ({sql} = {n}): {proc.stderr.read().decode()[-2000:]}"
                        if proc.stderr else "watch ended early")
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"kill point never reached: {sql} stayed outside [{low}, {high}]")


@pytest.mark.slow
def test_kill_9_mid_cycle_and_restart_store_each_page_once(tmp_path: Path) -> None:
    pages = fundus_pages()
    if not pages:
        pytest.skip("../shared/data/fundus_testdata_de_at_ch not present")
    pages = pages[3::7][:N_PAGES]
    db = tmp_path / "kill.db"
    with LoopbackServer() as srv:
        links = []
        for name, html in pages:
            srv.routes[f"/p/{name}.html"] = Route(body=html, delay=PAGE_DELAY)
            links.append({"link": srv.url(f"/p/{name}.html"), "title": name})
        srv.routes["/feed.xml"] = Route(body=rss(links), content_type="application/rss+xml")
        with open_store(db) as store:
            fs.add_feed(store, srv.url("/feed.xml"), every_seconds=3600)
        # 1: killed while the first batch of pages is fetched or processed (announced, nothing stored)
        first = _kill_when(_start(db, tmp_path), db, "SELECT count(*) FROM watch_items", 1, N_PAGES)
        assert _count(db, "SELECT count(*) FROM sources") == 0 and first == N_PAGES
        # 2: killed after at least one page (one batch: commit_every=1) was committed, before the last
        _kill_when(_start(db, tmp_path), db, "SELECT count(*) FROM sources", 1, N_PAGES - 1)
        # 3: runs to the end
        proc = _start(db, tmp_path)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()[-2000:]
        page_gets = {p: len(srv.hits(p)) for p in (f"/p/{n}.html" for n, _ in pages)}
    with open_store(db) as store:
        counts = store.counts()
        assert counts["sources"] == N_PAGES and counts["rejected"] == 0
        sources = store.execute("SELECT source, article_id FROM sources").fetchall()
        assert sorted(s[0] for s in sources) == sorted(x["link"] for x in links)
        assert counts["articles"] == len({s[1] for s in sources})  # no stray article without its source
        assert fs.item_counts(store) == {"stored": N_PAGES}
        assigned = store.execute("SELECT count(*), count(DISTINCT article_id) FROM story_assignments").fetchone()
        assert tuple(assigned) == (counts["articles"], counts["articles"])  # every article clustered once
        dup = store.execute("SELECT kind, ref, count(*) FROM watch_changes WHERE action = 'new'"
                            " GROUP BY kind, ref HAVING count(*) > 1").fetchall()
        assert dup == []
    # pages were refetched only when the kill came before their batch was committed
    assert all(1 <= n <= 3 for n in page_gets.values()), page_gets
