"""The watcher as a background thread (``lagebild serve --watch``): its own store connection, stopped
cleanly when the server stops."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("lagebild.watch")


@contextmanager
def background_watcher(db: str, cfg: Any, max_sleep: float = 30.0) -> Iterator[threading.Event]:
    """Run the watch scheduler in a daemon thread while the block runs; yields its stop event."""
    from ..store.base import open_store
    from .scheduler import Watcher

    stop = threading.Event()

    def run() -> None:
        with open_store(db) as store, Watcher(store, cfg) as watcher:
            watcher.run_forever(stop, max_sleep=max_sleep,
                                on_cycle=lambda r: log.info("watch cycle: %s", r.to_dict()))

    thread = threading.Thread(target=run, name="lagebild-watch", daemon=True)
    thread.start()
    try:
        yield stop
    finally:
        stop.set()
        thread.join(timeout=60)
