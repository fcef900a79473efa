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

import contextlib
import copy
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import InputError
from ..ingest.dedup import fingerprint, similarity
from ..ingest.limits import sanitize_rejection, time_budget
from ..model import Article, Rejection, content_id
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
        """Store the open batch in one transaction; returns the articles new to the store.

        When the transaction fails, each item is stored in a transaction of its own, and an item
        that still fails is rejected with the store's reason: one item never costs the batch."""
        t0 = time.perf_counter()
        mark = _counts(self.report)
        try:
            new = write_batch(self.batch, self.store, self.cfg, self.report)
        except Exception:  # noqa: BLE001  rolled back: find the item that fails, keep the others
            _restore(self.report, mark)
            new = []
            for item in self.batch:
                new += self._write_one(item)
        self.report.times.add("store", time.perf_counter() - t0)
        self.batch = []
        return new

    def _write_one(self, item: Article | Rejection) -> list[Article]:
        mark = _counts(self.report)
        try:
            return write_batch([item], self.store, self.cfg, self.report)
        except Exception as exc:  # noqa: BLE001
            _restore(self.report, mark)
            source = item.source if isinstance(item, Rejection) else item.source.source
            rejection = Rejection(source, f"cannot be stored: {type(exc).__name__}: {exc}"[:2000], "ProcessingError")
            self.report.rejected.append(rejection)
            with contextlib.suppress(Exception), self.store.transaction():  # even the row may be refused
                self.store.reject(sanitize_rejection(rejection))
            return []

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


def _counts(report: IngestReport) -> tuple[int, ...]:
    return report.new, report.folded, len(report.rejected), len(report.warnings), len(report.new_ids)


def _restore(report: IngestReport, mark: tuple[int, ...]) -> None:
    """Undo what a rolled-back write counted."""
    report.new, report.folded = mark[0], mark[1]
    del report.rejected[mark[2]:], report.warnings[mark[3]:], report.new_ids[mark[4]:]


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


#: Stages that run before annotation; an item whose text (after them) is already stored or was
#: annotated earlier in the run takes the annotation of that text instead of running it again.
PREPARE_STAGES = frozenset({"extract", "clean", "min-length"})
#: Annotated articles of the run kept for exact duplicates later in it (bounded memory).
RECENT_ARTICLES = 500


class ItemProcessor:
    """Runs the pipeline on read items, one item at a time and isolated: anything that goes wrong
    with one item (a bad input, a crash in a stage, the ``max_item_seconds`` budget) becomes its
    rejection. An exact duplicate (same text after cleaning as a stored article or one annotated
    earlier in the run) is not annotated again: it takes that article's annotation, and folds."""

    def __init__(self, store: Store, pipe: Pipeline, cfg: Settings) -> None:
        self.store, self.pipe, self.cfg = store, pipe, cfg
        k = next((i for i, st in enumerate(pipe.stages) if st.name not in PREPARE_STAGES), len(pipe.stages))
        self.prepare = Pipeline(pipe.stages[:k])
        self.annotate = Pipeline(pipe.stages[k:], provided=self.prepare.assigns)
        self.prepare.times = self.annotate.times = pipe.times  # one table of stage times
        self.recent: OrderedDict[str, Article] = OrderedDict()
        self.duplicates = 0

    def __call__(self, item: Article | Rejection) -> Article | Rejection:
        if isinstance(item, Rejection):
            return item
        source = item.source.source
        try:
            if self.store.source_unchanged(source, item.source.item_hash):
                return Rejection(source, "", "unchanged")
            with time_budget(self.cfg.max_item_seconds, source):
                return self._run(item)
        except InputError as exc:
            return Rejection(exc.source, exc.reason, type(exc).__name__)
        except Exception as exc:  # noqa: BLE001  one item's failure is that item's rejection
            return Rejection(source, f"processing failed: {type(exc).__name__}: {exc}", "ProcessingError")

    def _run(self, item: Article) -> Article:
        article = self.prepare(item)
        key = content_id(article.text)
        earlier = self.recent.get(key) or (self.store.get_article(key) if self.store.has_article(key) else None)
        if earlier is not None and earlier.layers:
            self.duplicates += 1
            article.layers = copy.deepcopy(earlier.layers)
            article.language = article.language or earlier.language
            article.language_score = earlier.language_score
            article.id = key
            return article
        article = self.annotate(article)
        self.recent[key] = article
        if len(self.recent) > RECENT_ARTICLES:
            self.recent.popitem(last=False)
        return article


def ingest(inputs: Iterable[str | os.PathLike[str]], store: Store, cfg: Settings,
           progress: Progress | None = None, pipeline: Pipeline | None = None,
           cluster: bool = True, outlet: str | None = None, on_item: Progress | None = None) -> IngestReport:
    """Read every item under ``inputs`` (files, directories, globs) into ``store``. Bad items are
    rejected and recorded; ``progress`` is called with each finished file, ``on_item`` with each
    finished item (article or rejection). ``cluster=False`` stores without indexing (no entities,
    events, stories). ``outlet`` names the outlet of every item that names none itself (a JSONL
    ``outlet`` field and a feed's title are the item's own; a page's metadata and a URL host are not)."""
    pipe = pipeline or build_pipeline(cfg)
    process_item = ItemProcessor(store, pipe, cfg)
    with Ingestor(store, cfg, index=cluster) as ingestor:
        for path in discover(inputs):
            ingestor.report.files += 1
            for item in read_items(path, cfg):
                ingestor.report.items += 1
                if outlet and isinstance(item, Article) and not item.outlet:
                    item.outlet = item.source.outlet = outlet
                ingestor.add(process_item(item))
                if on_item:
                    on_item(item.source.source if isinstance(item, Article) else item.source)
            if progress:
                progress(str(path))
    ingestor.report.times.merge(pipe.times)
    return ingestor.report


def ingest_articles(articles: Iterable[Article | Rejection], store: Store, cfg: Settings,
                    pipeline: Pipeline | None = None) -> IngestReport:
    """Ingest articles that are already read (``lagebild.sources.read_items`` or a feed fetcher:
    ``raw`` and ``source`` set), exactly as :func:`ingest` does with the items of a file."""
    pipe = pipeline or build_pipeline(cfg)
    process_item = ItemProcessor(store, pipe, cfg)
    with Ingestor(store, cfg) as ingestor:
        for item in articles:
            ingestor.report.items += 1
            ingestor.add(process_item(item))
    ingestor.report.times.merge(pipe.times)
    return ingestor.report
