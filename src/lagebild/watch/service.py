"""The watcher beside the server (``lagebild serve --watch``): in a process of its own (fetching,
annotating and storing never hold the server's interpreter lock; memory capped at the
``worker_memory_mb`` setting, items run in its main thread so ``max_item_seconds`` applies),
restarted when it dies, stopped cleanly when the server stops."""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("lagebild.watch")

#: Seconds between checks that the watcher process still runs (and before restarting it).
RESTART_SECONDS = 5.0


def _run(db: str, cfg_values: dict[str, Any], stop: Any, max_sleep: float) -> None:
    """The watcher process: limits, then the scheduler until ``stop`` is set."""
    from ..app.workers import limit_memory
    from ..settings import Settings
    from ..store.base import open_store
    from ..threads import limit_threads
    from .scheduler import Watcher

    cfg = Settings(**cfg_values)
    limit_memory(cfg.worker_memory_mb)
    limit_threads()
    logging.basicConfig(level=logging.INFO)
    with open_store(db) as store, Watcher(store, cfg) as watcher:
        watcher.run_forever(stop, max_sleep=max_sleep, on_cycle=lambda r: log.info("watch cycle: %s", r.to_dict()))


@contextmanager
def background_watcher(db: str, cfg: Any, max_sleep: float = 30.0) -> Iterator[Any]:
    """Run the watch scheduler in a child process while the block runs; yields its stop event."""
    ctx = mp.get_context("spawn")  # never fork a threaded server
    stop = ctx.Event()
    done = threading.Event()
    args = (db, cfg.model_dump(), stop, max_sleep)

    def start() -> Any:
        proc = ctx.Process(target=_run, args=args, name="lagebild-watch", daemon=True)
        proc.start()
        return proc

    proc = start()

    def supervise() -> None:
        nonlocal proc
        while not done.wait(RESTART_SECONDS):
            if not proc.is_alive() and not stop.is_set():
                log.error("watcher process ended (exit status %s); restarting it", proc.exitcode)
                proc = start()

    guard = threading.Thread(target=supervise, name="lagebild-watch-guard", daemon=True)
    guard.start()
    try:
        yield stop
    finally:
        stop.set()
        done.set()
        guard.join(timeout=10)
        proc.join(timeout=60)
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=5)
