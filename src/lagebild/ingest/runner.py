"""Ingest: sources → stages → near-duplicate folding → store, item by item, never stopping the batch."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import EmptyInputError, InputError
from ..model import Article, Rejection, content_id
from ..pipeline import Pipeline, Stage, StageTimes, stage
from ..settings import Settings
from ..sources import discover, read_items
from ..store.base import Store
from .clean import clean_stage
from .dedup import fingerprint, similarity
from .extract import extract_stage


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

    @property
    def stored(self) -> int:
        return self.new + self.folded + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "items": self.items, "new": self.new, "folded": self.folded,
                "unchanged": self.unchanged, "rejected": [asdict(r) for r in self.rejected],
                "warnings": [{"source": s, "warning": w} for s, w in self.warnings],
                "stage_seconds": self.times.seconds}


def min_length_stage(min_chars: int) -> Stage:
    @stage("min-length", requires=["text"], assigns=[])
    def check(article: Article) -> Article:
        if len(article.text.strip()) < min_chars:
            raise EmptyInputError(article.source.source,
                                  f"too little text after cleaning ({len(article.text.strip())} characters,"
                                  f" minimum {min_chars}, setting min_text_chars)")
        return article

    return check


@stage("id", requires=["text"], assigns=["id"])
def id_stage(article: Article) -> Article:
    article.id = content_id(article.text)
    return article


def annotation_stages() -> list[Stage]:
    """The annotate stages in order: entities come before quotes so sources link to entities."""
    from ..annotate.language import language_stage
    from ..annotate.ner import ner_stage
    from ..annotate.quotes import quotes_stage
    from ..annotate.sentences import sentences_stage
    from ..annotate.timex import timex_stage

    return [language_stage, sentences_stage, timex_stage, ner_stage, quotes_stage]


def build_pipeline(cfg: Settings, *, annotate: bool = True) -> Pipeline:
    stages: list[Stage] = [extract_stage, clean_stage, min_length_stage(cfg.min_text_chars)]
    stages += annotation_stages() if annotate else []
    stages.append(id_stage)
    return Pipeline(stages)


Progress = Callable[[str], None]


def ingest(inputs: Iterable[str | os.PathLike[str]], store: Store, cfg: Settings,
           progress: Progress | None = None, pipeline: Pipeline | None = None,
           cluster: bool = True) -> IngestReport:
    """Read every item under ``inputs`` into ``store``. Bad items are rejected and recorded.

    Items are processed outside any transaction; each batch of ``commit_every`` results is then
    written in one short transaction, so the write lock is held briefly and a kill loses at most
    one uncommitted batch (the re-run redoes it; sources already stored are skipped).
    """
    pipe = pipeline or build_pipeline(cfg)
    report = IngestReport()
    clusterer = _clusterer(store, cfg) if cluster else None
    batch: list[Article | Rejection] = []
    for path in discover(inputs):
        report.files += 1
        for item in read_items(path, cfg):
            report.items += 1
            batch.append(_process(item, store, pipe, report))
            if len(batch) >= cfg.commit_every:
                _cluster(clusterer, _write(batch, store, cfg, report), report)
                batch = []
        if progress:
            progress(str(path))
    _cluster(clusterer, _write(batch, store, cfg, report), report)
    if clusterer is not None:
        # Articles stored by a run that was killed before it clustered them: catch up now.
        _cluster(clusterer, list(unclustered(store)), report)
        clusterer.close()
    report.times.merge(pipe.times)
    return report


def _clusterer(store: Store, cfg: Settings) -> Any:
    return SharedClusterer(store, cfg)


class SharedClusterer:
    """The story clusterer of one ingest run, correct while other processes cluster the same store.

    The clusterer keeps its state in memory, so each step holds the store's cluster lock, reloads
    when another process has written clusters since this one last did, and writes everything
    before letting go.
    """

    def __init__(self, store: Store, cfg: Settings) -> None:
        self.store, self.cfg = store, cfg
        self._inner: Any = None
        self._seen: str | None = None

    def assign_all(self, articles: list[Article]) -> dict[str, int]:
        from ..store.stories import generation
        from ..story.cluster import StoryClusterer

        with self.store.cluster_lock():
            if self._inner is None or generation(self.store) != self._seen:
                self._inner = StoryClusterer(self.store, self.cfg)
            report: dict[str, int] = self._inner.assign_all(articles)
            self._inner.flush()
            self._seen = generation(self.store)
        return report

    def close(self) -> None:
        self._inner = None  # every step flushed already


def _cluster(clusterer: Any, articles: list[Article], report: IngestReport) -> None:
    """Assign newly stored articles to events and stories (online, in publication order)."""
    if clusterer is None or not articles:
        return
    t0 = time.perf_counter()
    clusterer.assign_all(articles)
    _date_undated(clusterer.store, [a for a in articles if a.published is None])
    report.times.add("cluster", time.perf_counter() - t0)


def _date_undated(store: Store, undated: list[Article]) -> None:
    """Give undated articles the publication day of their event (see :mod:`lagebild.story.dating`)."""
    from ..store.stories import assignments_of, event_of
    from ..story.dating import date_from_members, redate

    for article in undated:
        event_id = event_of(store, article.id)
        if event_id is None:
            continue
        members = [store.get_article(a) for a in assignments_of(store, [event_id])[event_id] if a != article.id]
        published = date_from_members(members)
        if published is not None:
            with store.transaction():
                store.update_article(redate(article, published))


def unclustered(store: Store) -> Iterable[Article]:
    for article_id in store.unclustered_ids():
        yield store.get_article(article_id)


def _process(item: Article | Rejection, store: Store, pipe: Pipeline,
             report: IngestReport) -> Article | Rejection:
    if isinstance(item, Rejection):
        return item
    if store.source_unchanged(item.source.source, item.source.item_hash):
        report.unchanged += 1
        return Rejection(item.source.source, "", "unchanged")
    try:
        return pipe(item)
    except InputError as exc:
        return Rejection(exc.source, exc.reason, type(exc).__name__)


def _write(batch: list[Article | Rejection], store: Store, cfg: Settings,
           report: IngestReport) -> list[Article]:
    """Store one batch in one transaction; returns the articles that were new to the store."""
    new: list[Article] = []
    if not batch:
        return new
    with store.transaction():
        for item in batch:
            if isinstance(item, Rejection):
                if item.error != "unchanged":
                    store.reject(item)
                    report.rejected.append(item)
                continue
            if store_article(item, store, cfg, report):
                new.append(item)
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
