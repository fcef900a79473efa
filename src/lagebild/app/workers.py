"""Worker processes for the server: every upload it ingests (and so all annotation, linking,
clustering and view building that an upload causes) runs in a separate process with a memory limit,
watched from the server and killed and replaced when an item runs over its time.

The server process itself only parses requests and reads the store, so health and read routes
answer while a hostile upload is processed: the worker, not the server, holds its interpreter
lock, and a worker that runs out of memory or hangs in C code takes only itself down.

* Memory: each worker sets ``RLIMIT_AS`` to ``worker_memory_mb`` before it loads anything; an
  allocation over it is a ``MemoryError`` in that item (its rejection), after which the worker is
  replaced. ``0`` = no limit.
* Time: items run in the worker's main thread, so the per-item budget (``max_item_seconds``,
  SIGALRM) applies there; the worker reports every finished item, and the server kills a worker
  that reports nothing for ``max_item_seconds`` + :data:`KILL_GRACE_SECONDS` (code that the alarm
  cannot interrupt), then the indexing of the run gets :data:`INDEX_SECONDS_PER_ITEM` per item.
  The killed run's stored articles stay stored and are indexed by the next run (as after a kill of
  ``lagebild ingest``); the upload is recorded as rejected with the reason.

One pool per process and limits (:func:`shared_pool`): every app of the process (tests create
many) shares its workers; a job names its store and settings, and a worker keeps the pipeline (the
loaded models) between jobs.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import queue
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from ..errors import ProcessingError
from ..settings import Settings

#: Seconds beyond ``max_item_seconds`` the server waits for a worker's next finished item before it
#: kills the worker: the worker's own alarm fires first for Python code, this catches C code.
KILL_GRACE_SECONDS = 30.0
#: Seconds of indexing (entity linking, clustering, view building) allowed per item of a job, on
#: top of ``max_item_seconds``: indexing measures ~0.05 s per article, views ~0.1 s per article.
INDEX_SECONDS_PER_ITEM = 2.0
#: Seconds a new worker may take to start and load the models (~5 s idle, ~30 s on a busy machine).
START_SECONDS = 300.0
#: Jobs a worker runs before it is replaced: caches and spaCy's string store only grow.
JOBS_PER_WORKER = 200
#: Largest number of pipelines (one per distinct settings) a worker keeps.
PIPELINES_KEPT = 2


@dataclass
class JobResult:
    """A finished job: what the function returned, and the worker's peak resident memory so far."""

    value: Any
    peak_mb: float


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at ``megabytes`` (0: no cap)."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


_CONN: Connection | None = None  # in a worker: its end of the pipe (for progress)
_PIPELINES: dict[str, Any] = {}  # in a worker: pipelines by settings, the models loaded once


def progress(kind: str = "item") -> None:
    """Tell the server that the job goes on (in a worker; elsewhere nothing): ``item`` after each
    finished item restarts the item's time, ``indexing`` starts the indexing budget."""
    if _CONN is not None:
        _CONN.send((kind,))


def _worker_main(conn: Connection, memory_mb: int) -> None:
    """The worker: limits first, then one job ``(function, args)`` at a time until ``None``."""
    global _CONN
    limit_memory(memory_mb)
    from ..threads import limit_threads

    limit_threads()
    _CONN = conn
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        func, args = job
        try:
            result = func(*args)
            conn.send(("done", result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        except BaseException as exc:  # noqa: BLE001  the server answers with the reason
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:2000]))
            return
        if isinstance(result, dict) and any("MemoryError" in r.get("reason", "") for r in result.get("rejected", [])):
            return  # an allocation failed somewhere: start afresh rather than go on half-broken


def ingest_job(db: str, cfg_values: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """Run in a worker: ingest ``paths`` into the store at ``db`` (read, annotate, store, index,
    build views); returns the report as the API answers it."""
    from ..store.base import open_store
    from .ingest import ingest
    from .pipeline import build_pipeline

    cfg = Settings(**cfg_values)
    key = cfg.model_dump_json()
    if key not in _PIPELINES:
        while len(_PIPELINES) >= PIPELINES_KEPT:
            _PIPELINES.pop(next(iter(_PIPELINES)))
        _PIPELINES[key] = build_pipeline(cfg)
    with open_store(db) as store:
        report = ingest(paths, store, cfg, pipeline=_PIPELINES[key], on_item=lambda _: progress("item"),
                        progress=lambda _: progress("indexing"))
        totals = store.counts()
    return report.to_dict() | {"new_ids": report.new_ids, "stories": report.stories, "store": totals}


class Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, memory_mb: int) -> None:
        ctx = mp.get_context("spawn")  # never fork a threaded server
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, memory_mb), daemon=True, name="lagebild-worker")
        self.proc.start()
        child.close()
        self.ready = False
        self.jobs = 0

    def alive(self) -> bool:
        return self.proc.is_alive()

    def stop(self, kill: bool = False) -> None:
        if not kill and self.proc.is_alive():
            try:
                self.conn.send(None)
                self.proc.join(timeout=5)
            except OSError:
                pass
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()

    def run(self, func: Callable[..., Any], args: tuple[Any, ...], source: str, budget: float | None) -> JobResult:
        """Run ``func(*args)`` in the worker and watch it: when ``budget`` seconds pass without a
        :func:`progress` message (or the answer), or the worker dies, the worker is killed and
        :class:`ProcessingError` (naming ``source``) raised."""
        if not self.ready:
            self._wait_ready(time.monotonic() + START_SECONDS)
        self.conn.send((func, args))
        self.jobs += 1
        items = 0
        deadline = time.monotonic() + budget if budget else None
        while True:
            wait = 1.0 if deadline is None else max(0.0, min(1.0, deadline - time.monotonic()))
            msg = self._receive(wait, source)
            if msg is None:
                if deadline is not None and time.monotonic() >= deadline:
                    self.stop(kill=True)
                    raise ProcessingError(source, f"processing stopped: no item finished within {budget:g} s "
                                          "(setting max_item_seconds); the worker process was replaced")
                continue
            if msg[0] == "item":
                items += 1
                deadline = time.monotonic() + budget if budget else None
            elif msg[0] == "indexing":
                deadline = time.monotonic() + budget + INDEX_SECONDS_PER_ITEM * items if budget else None
            elif msg[0] == "done":
                return JobResult(msg[1], msg[2])
            else:
                self.stop(kill=True)
                raise ProcessingError(source, f"processing failed: {msg[1]}")

    def _wait_ready(self, deadline: float) -> None:
        while not self.ready:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop(kill=True)
                raise ProcessingError("worker", f"the worker process did not start within {START_SECONDS:g} s")
            msg = self._receive(min(1.0, left), "worker")
            if msg is not None:
                self.ready = msg[0] == "ready"

    def _receive(self, wait: float, source: str) -> tuple[Any, ...] | None:
        """The worker's next message, None when none came within ``wait`` seconds."""
        try:
            if self.conn.poll(wait):
                msg: tuple[Any, ...] = self.conn.recv()
                return msg
        except (EOFError, OSError):
            pass
        else:
            if self.proc.is_alive():
                return None
        self.proc.join(timeout=5)
        code = self.proc.exitcode
        self.stop(kill=True)
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        raise ProcessingError(source, f"the worker process died ({how}; setting worker_memory_mb)")


class WorkerPool:
    """A fixed number of worker slots; a slot's process starts on first use and is replaced
    after a failure or :data:`JOBS_PER_WORKER` jobs. Thread-safe: callers wait for a free slot."""

    def __init__(self, size: int = 1, memory_mb: int = 0, grace: float = KILL_GRACE_SECONDS) -> None:
        self.memory_mb, self.grace = memory_mb, grace
        self.idle: queue.Queue[Worker | None] = queue.Queue()
        for _ in range(max(1, size)):
            self.idle.put(None)
        self.all: set[Worker] = set()
        self.lock = threading.Lock()

    def ingest(self, db: str, cfg: Settings, paths: list[str]) -> dict[str, Any]:
        """Ingest ``paths`` into the store at ``db`` in a worker (see the module doc); returns the
        report as the API answers it."""
        budget = cfg.max_item_seconds + self.grace if cfg.max_item_seconds > 0 else None
        report: dict[str, Any] = self.call(ingest_job, (db, cfg.model_dump(), paths), paths[0], budget).value
        return report

    def call(self, func: Callable[..., Any], args: tuple[Any, ...], source: str, budget: float | None) -> JobResult:
        """``func(*args)`` in a free worker (waiting for one), watched as :meth:`Worker.run` says."""
        worker = self.idle.get()
        try:
            if worker is None or not worker.alive() or worker.jobs >= JOBS_PER_WORKER:
                if worker is not None:
                    self._forget(worker)
                worker = Worker(self.memory_mb)
                with self.lock:
                    self.all.add(worker)
            result = worker.run(func, args, source, budget)
        except BaseException:
            if worker is not None:
                self._forget(worker)
            self.idle.put(None)
            raise
        self.idle.put(worker)
        return result

    def _forget(self, worker: Worker) -> None:
        worker.stop(kill=not worker.alive())
        with self.lock:
            self.all.discard(worker)

    def close(self) -> None:
        with self.lock:
            workers, self.all = list(self.all), set()
        for w in workers:
            w.stop()


_POOLS: dict[tuple[int, int], WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(size: int, memory_mb: int) -> WorkerPool:
    """The process's pool for these limits (created on first use, closed at exit)."""
    with _POOLS_LOCK:
        pool = _POOLS.get((size, memory_mb))
        if pool is None:
            pool = _POOLS[(size, memory_mb)] = WorkerPool(size, memory_mb)
            if len(_POOLS) == 1:
                atexit.register(close_pools)
        return pool


def close_pools() -> None:
    """Stop every worker of this process (at exit, and when a server shuts down)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()
