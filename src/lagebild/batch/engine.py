"""Batch ingest: per-article stages in parallel, the global steps in the driver, same results as
``lagebild ingest``.

The per-article stages (extract, clean, annotate) need nothing but the article, so they run in
workers that load the models once: a process pool (``engine="local"``), Ray Data actors
(``engine="ray"``, see :mod:`.ray_engine`) or this process (``engine="serial"``). The driver reads
the inputs, hands out chunks in input order and takes the results back in that order. Then it
does the global steps through the same write path as the serial ingest,
:class:`lagebild.app.ingest.Ingestor`, batch by batch (``commit_every`` items): near-duplicate
folding against the store's LSH band keys and the store writes; when the run ends, the indexing
(entities, events and stories, in the deciding order) and the views of the stories that changed. Nothing is shuffled: the only data that crosses processes is each article once
there and once back.

Because the driver replays the serial ingest's batches, the results are identical to
``ingest`` on the same input: same article ids, same folded duplicates, same events and stories.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..app.ingest import Ingestor, IngestReport
from ..model import Article, Rejection
from ..pipeline import StageTimes
from ..sources import discover, read_items
from .worker import Annotator, Element, init_process, run_chunk

ENGINES = ("serial", "local", "ray")
#: Items per chunk handed to a worker: small enough that two workers stay evenly busy and the
#: driver can write while they work, large enough that the per-chunk overhead (pickling, one
#: round trip) is under 1% of the annotate time.
CHUNK_ITEMS = 8
#: Chunks in flight per worker: one being processed, one waiting, so a worker never idles while
#: the driver prepares the next chunk; bounded, so memory does not grow with the input.
CHUNKS_AHEAD = 3

Progress = Callable[[str], None]


def default_workers() -> int:
    """Worker processes when not given: the cores this process may use (``sched_getaffinity``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(paths: Iterable[str | os.PathLike[str]], store: Any, settings: Any, engine: str = "local",
              workers: int | None = None, address: str | None = None, progress: Progress | None = None,
              annotate: bool = True, cluster: bool = True, on_item: Progress | None = None) -> IngestReport:
    """Ingest ``paths`` into ``store`` with the per-article stages on ``engine``.

    ``workers``: worker processes / Ray actors (default: the usable cores). ``address``: the Ray
    cluster to join (``"auto"``, ``"ray://host:10001"``; default: start a local one). The report
    is the ingest report; its stage times add the workers' times and the driver's ``store``
    (folding and writes) and ``cluster`` steps.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown batch engine {engine!r} (known: {', '.join(ENGINES)})")
    n = workers or default_workers()
    report = IngestReport()
    writer = Writer(Ingestor(store, settings, report, index=cluster), progress, on_item)
    chunks = chunked(elements(paths, store, settings), CHUNK_ITEMS)
    if engine == "serial":
        annotator = Annotator(settings, annotate)
        results: Iterator[tuple[list[Element], StageTimes]] = (annotator.run(c) for c in chunks)
    elif engine == "local":
        results = _pool_results(chunks, settings, annotate, n)
    else:
        from .ray_engine import ray_results

        results = ray_results(chunks, settings, annotate, n, address)
    try:
        for out, times in results:
            report.times.merge(times)
            writer.feed(out)
    except BaseException:
        writer.ingestor.__exit__(*sys.exc_info())  # let go of the writer lock; index nothing
        raise
    writer.close()
    return report


def elements(paths: Iterable[str | os.PathLike[str]], store: Any, cfg: Any) -> Iterator[Element]:
    """The input as stream elements, in the serial ingest's order. Items whose source is stored
    with the same content hash are marked unchanged here, so no worker annotates them again."""
    for path in discover(paths):
        for item in read_items(path, cfg):
            if isinstance(item, Article) and store.source_unchanged(item.source.source, item.source.item_hash):
                item = Rejection(item.source.source, "", "unchanged")
            yield ("item", item)
        yield ("file", str(path))


def chunked(stream: Iterable[Element], size: int) -> Iterator[list[Element]]:
    chunk: list[Element] = []
    for element in stream:
        chunk.append(element)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pool_results(chunks: Iterator[list[Element]], cfg: Any, annotate: bool, workers: int
                  ) -> Iterator[tuple[list[Element], StageTimes]]:
    """Chunks through a process pool, results in input order, a bounded number in flight.

    Chunks are made in this thread (they read the store to skip unchanged items), so the store
    connection is never used from two threads."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = mp.get_context(method)
    if method == "fork":
        # load the models once here: the forked workers share those pages instead of each
        # reading the model files again
        from .worker import load_models

        load_models(annotate)
    with ctx.Pool(workers, initializer=init_process, initargs=(cfg, annotate)) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(run_chunk, (chunk,)))
            while len(pending) >= workers * CHUNKS_AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


class Writer:
    """The driver's half: feeds the workers' results, in input order, to the shared write path."""

    def __init__(self, ingestor: Ingestor, progress: Progress | None, on_item: Progress | None = None) -> None:
        self.ingestor, self.report, self.progress = ingestor, ingestor.report, progress
        self.on_item = on_item  # called with each finished item (the CLI counts articles, issue 18)

    def feed(self, out: list[Element]) -> None:
        for kind, payload in out:
            if kind == "file":
                self.report.files += 1
                if self.progress:
                    self.progress(payload)
                continue
            self.report.items += 1
            self.ingestor.add(payload)
            if self.on_item:
                self.on_item("")

    def close(self) -> None:
        self.ingestor.close()
