"""Ingest: sources → per-article pipeline → near-duplicate folding → store → index, never stopping the batch.

:class:`Ingestor` is the one write path for processed articles, shared by ``lagebild ingest``
(:func:`ingest`), ``lagebild batch`` (its driver feeds the workers' results in input order), the
REST API and feed watchers (:func:`ingest_articles`). It stores each batch of ``commit_every``
items in one short transaction (a kill loses at most the open batch; the re-run redoes it, sources
already stored are skipped), holding the store's writer lock for the whole run. When it closes it
indexes what is not indexed yet (canonical entities, events and stories, undated articles dated:
:class:`lagebild.app.index.StoreIndexer`, once per run, by the last run still writing) and builds
the views of the stories that changed (:func:`lagebild.app.views.prebuild`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import InputError
from ..ingest.dedup import fingerprint, similarity
from ..model import Article, Rejection
from ..pipeline import Pipeline, StageTimes
from ..settings import Settings
from ..sources import discover, read_items
from ..store.base import Store
from .pipeline import build_pipeline

Progress = Callable[[str], None]


@dataclass
class IngestReport:
    files: int = 0
    items: int = 0
    new: int = 0
    folded: int = 0  # stored as another source of an existing article (exact or near duplicate)
    unchanged: int = 0  # seen before with the same content: nothing to do
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    times: StageTimes = field(default_factory=StageTimes)
    new_ids: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)  # stories with articles indexed by this run

    @property
    def stored(self) -> int:
        return self.new + self.folded + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "items": self.items, "new": self.new, "folded": self.folded,
                "unchanged": self.unchanged, "rejected": [asdict(r) for r in self.rejected],
                "warnings": [{"source": s, "warning": w} for s, w in self.warnings],
                "stage_seconds": self.times.seconds}


class Ingestor:
    """Folds and stores processed items in batches, then indexes them; use as a context manager
    or call :meth:`close`. ``index=False`` stores only (no entities, events, stories or views)."""

    def __init__(self, store: Store, cfg: Settings, report: IngestReport | None = None, *,
                 index: bool = True, views: bool = True) -> None:
        self.store, self.cfg = store, cfg
        self.report = report or IngestReport()
        self.index, self.views = index, views and index
        self.batch: list[Article | Rejection] = []
        self._writing = ExitStack()
        self._writing.enter_context(store.writer_lock())  # other runs now leave the indexing to the last one
        self._closed = False

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._writing.close()

    def add(self, item: Article | Rejection) -> None:
        """One processed article, or a rejection (``error == "unchanged"``: seen before, skipped)."""
        if isinstance(item, Rejection) and item.error == "unchanged":
            self.report.unchanged += 1
            return
        if isinstance(item, Article) and self.store.source_unchanged(item.source.source, item.source.item_hash):
            self.report.unchanged += 1  # stored by an earlier batch of this run (the same source twice)
            return
        self.batch.append(item)
        if len(self.batch) >= self.cfg.commit_every:
            self.flush()

    def flush(self) -> list[Article]:
        """Store the open batch in one transaction; returns the articles new to the store."""
        t0 = time.perf_counter()
        new = write_batch(self.batch, self.store, self.cfg, self.report)
        self.report.times.add("store", time.perf_counter() - t0)
        self.batch = []
        return new

    def close(self) -> IngestReport:
        """Store the last batch, end the run's writing, index (when this run is the last one
        writing) and build the views of the stories that changed."""
        if self._closed:
            return self.report
        self._closed = True
        try:
            self.flush()
        finally:
            self._writing.close()
        if self.index:
            from .index import StoreIndexer

            stories = StoreIndexer(self.store, self.cfg).finish(self.report.times)
            self.report.stories = stories or []
            if self.views and self.report.stories:
                from .views import prebuild

                t0 = time.perf_counter()
                prebuild(self.store, self.cfg, self.report.stories)
                self.report.times.add("views", time.perf_counter() - t0)
        return self.report


def write_batch(batch: list[Article | Rejection], store: Store, cfg: Settings,
                report: IngestReport) -> list[Article]:
    """Store one batch in one transaction; returns the articles that were new to the store."""
    new: list[Article] = []
    if not batch:
        return new
    with store.transaction():
        for item in batch:
            if isinstance(item, Rejection):
                store.reject(item)
                report.rejected.append(item)
                continue
            if store_article(item, store, cfg, report):
                new.append(item)
    report.new_ids.extend(a.id for a in new)
    return new


def store_article(article: Article, store: Store, cfg: Settings, report: IngestReport) -> bool:
    """Store a processed article as new (True), or as one more source of the article it duplicates."""
    for warning in article.source.warnings:
        report.warnings.append((article.source.source, warning))
    if store.has_article(article.id):
        store.add_source(article.id, article, "exact", 1.0)
        report.folded += 1
        return False
    fp = fingerprint(article.text, threshold=cfg.dedup_threshold, num_perm=cfg.dedup_num_perm,
                     shingle_size=cfg.shingle_size)
    best, best_sim = None, 0.0
    for cand, signature in store.band_candidates(fp.bands).items():
        sim = similarity(fp, signature, cfg.dedup_num_perm)
        if sim >= cfg.dedup_threshold and sim > best_sim:
            best, best_sim = cand, sim
    if best is not None:
        store.add_source(best, article, "near", round(best_sim, 3))
        report.folded += 1
        return False
    store.add_article(article)
    store.add_signature(article.id, fp.signature, fp.bands)
    store.add_source(article.id, article, "new", None)
    report.new += 1
    return True


def process(item: Article | Rejection, store: Store, pipe: Pipeline) -> Article | Rejection:
    """Run the pipeline on a read item; a rejection for bad input, or "unchanged" when its source
    is stored with the same content already (nothing is annotated twice)."""
    if isinstance(item, Rejection):
        return item
    if store.source_unchanged(item.source.source, item.source.item_hash):
        return Rejection(item.source.source, "", "unchanged")
    try:
        return pipe(item)
    except InputError as exc:
        return Rejection(exc.source, exc.reason, type(exc).__name__)


def ingest(inputs: Iterable[str | os.PathLike[str]], store: Store, cfg: Settings,
           progress: Progress | None = None, pipeline: Pipeline | None = None,
           cluster: bool = True) -> IngestReport:
    """Read every item under ``inputs`` (files, directories, globs) into ``store``. Bad items are
    rejected and recorded; ``progress`` is called with each finished file. ``cluster=False``
    stores without indexing (no entities, events, stories)."""
    pipe = pipeline or build_pipeline(cfg)
    with Ingestor(store, cfg, index=cluster) as ingestor:
        for path in discover(inputs):
            ingestor.report.files += 1
            for item in read_items(path, cfg):
                ingestor.report.items += 1
                ingestor.add(process(item, store, pipe))
            if progress:
                progress(str(path))
    ingestor.report.times.merge(pipe.times)
    return ingestor.report


def ingest_articles(articles: Iterable[Article | Rejection], store: Store, cfg: Settings,
                    pipeline: Pipeline | None = None) -> IngestReport:
    """Ingest articles that are already read (``lagebild.sources.read_items`` or a feed fetcher:
    ``raw`` and ``source`` set), exactly as :func:`ingest` does with the items of a file."""
    pipe = pipeline or build_pipeline(cfg)
    with Ingestor(store, cfg) as ingestor:
        for item in articles:
            ingestor.report.items += 1
            ingestor.add(process(item, store, pipe))
    ingestor.report.times.merge(pipe.times)
    return ingestor.report
