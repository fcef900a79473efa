"""The server never blocks (issue 19): uploads are ingested in worker processes with a time and a
memory limit, the watcher of ``serve --watch`` runs in a process of its own; real HTTP in-process."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from hostile_corpus import BODY, body
from lagebild.app.workers import WorkerPool
from lagebild.errors import ProcessingError
from lagebild.interfaces.web.app import create_app
from lagebild.settings import Settings

TOKEN = "test-token-19"
#: /api/status answers in a few ms when the server is idle; this allows for a shared, loaded
#: machine. Ingest in the server's own thread pool held the interpreter lock for seconds at a time.
STATUS_SECONDS = 0.5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    cfg = Settings(db=str(tmp_path / "w.db"), api_token=TOKEN, max_text_chars=60_000)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(cfg.db, cfg), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/api/status", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url, cfg
    srv.should_exit = True
    thread.join(timeout=10)


def _upload_body() -> bytes:
    """Articles that keep a worker busy for a while: one long one, a run of names, many short ones."""
    long_text = " ".join(f"{BODY} Absatz {i} nennt Olaf Scholz in Berlin." for i in range(250))
    records = [{"id": "long", "title": "Lange Meldung", "text": long_text},
               {"id": "names", "title": "Namen", "text": "Text. " + "Angela Merkel " * 2000},
               {"id": "lt", "title": "Zeichen", "text": "<html>" + "<" * 100_000}]
    records += [{"id": f"r{i}", "text": body(i)} for i in range(20)]
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_status_answers_while_an_upload_is_processed(server):
    url, _ = server
    done: dict[str, object] = {}

    def upload() -> None:
        t0 = time.perf_counter()
        resp = httpx.post(url + "/api/ingest?name=big.jsonl", content=_upload_body(), timeout=600,
                          headers={"authorization": f"Bearer {TOKEN}", "content-type": "application/x-ndjson"})
        done["status"], done["body"] = resp.status_code, resp.json()
        done["seconds"] = time.perf_counter() - t0

    thread = threading.Thread(target=upload)
    thread.start()
    times = []
    with httpx.Client(timeout=30) as client:
        while thread.is_alive():
            t0 = time.perf_counter()
            assert client.get(url + "/api/status").status_code == 200
            times.append(time.perf_counter() - t0)
            time.sleep(0.02)
    thread.join()
    assert done["status"] == 200, done
    body = done["body"]
    assert isinstance(body, dict) and body["new"] + body["folded"] == 22 and len(body["rejected"]) == 1
    assert len(times) > 20  # the upload took a while: the polls really overlapped it
    # ingested in a worker process, not in the server's (this process's) threads
    assert any(p.name == "lagebild-worker" and p.is_alive() for p in mp.active_children())
    times.sort()
    assert times[-1] < STATUS_SECONDS, (times[-1], times[len(times) // 2], done["seconds"])


def test_a_worker_over_its_time_is_killed_and_replaced():
    pool = WorkerPool(1, grace=0.5)
    try:
        first = pool.call(os.getpid, (), "pid", None).value
        t0 = time.perf_counter()
        with pytest.raises(ProcessingError, match="no item finished within 1 s"):
            pool.call(time.sleep, (60,), "sleeper", 1.0)  # sleeps without reporting progress
        assert time.perf_counter() - t0 < 10
        second = pool.call(os.getpid, (), "pid", None).value
        assert second != first
        assert not any(p.pid == first and p.is_alive() for p in mp.active_children())
    finally:
        pool.close()


def test_a_worker_over_its_memory_is_replaced():
    pool = WorkerPool(1, memory_mb=400)
    try:
        with pytest.raises(ProcessingError, match="MemoryError"):
            pool.call(bytearray, (2_000_000_000,), "hog", None)
        assert pool.call(sum, ([1, 2, 3],), "sum", None).value == 6  # a fresh worker
    finally:
        pool.close()


def test_an_upload_whose_worker_fails_is_rejected_and_the_server_goes_on(tmp_path):
    cfg = Settings(db=str(tmp_path / "m.db"), api_token=TOKEN, worker_memory_mb=300, allowed_hosts="testserver")
    from fastapi.testclient import TestClient

    client = TestClient(create_app(cfg.db, cfg))
    resp = client.post("/api/ingest?name=a.txt", content=f"Titel\n\n{BODY}".encode(),
                       headers={"authorization": f"Bearer {TOKEN}", "content-type": "text/plain"})
    assert resp.status_code in (200, 400), resp.text  # the models do not fit in 300 MB
    if resp.status_code == 400:
        assert "MemoryError" in resp.json()["error"] or "died" in resp.json()["error"]
    else:
        assert resp.json()["rejected"] and "MemoryError" in resp.json()["rejected"][0]["reason"]
    assert client.get("/api/status").status_code == 200
    assert client.get("/api/status").json()["store"]["articles"] == 0
    from lagebild.store.base import open_store

    with open_store(cfg.db) as store:
        assert store.rejected()


def test_the_watcher_runs_in_a_process_of_its_own(tmp_path):
    from lagebild.store.base import open_store
    from lagebild.watch.service import background_watcher

    cfg = Settings(db=str(tmp_path / "watch.db"))
    open_store(cfg.db).close()
    with background_watcher(cfg.db, cfg, max_sleep=0.5) as stop:
        time.sleep(1.0)
        [proc] = [p for p in mp.active_children() if p.name == "lagebild-watch"]
        assert proc.is_alive() and proc.pid != os.getpid()
        assert not stop.is_set()
    assert not proc.is_alive()
