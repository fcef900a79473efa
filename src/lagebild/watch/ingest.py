"""The one door from the watcher into the pipeline: fetched items in, stored and clustered articles out.

:func:`ingest_articles` is the only function of :mod:`lagebild.watch` that touches ingest,
annotation or clustering. Today it composes the public parts of :mod:`lagebild.ingest.runner`
(the same stages, duplicate folding, store writes and clusterer the file ingest uses); when the
application layer (issue 14) offers its entry for already-read articles, this body becomes one call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..app.index import StoreIndexer, unclustered
from ..app.ingest import IngestReport, store_article
from ..app.pipeline import build_pipeline
from ..errors import InputError
from ..model import Article, Rejection
from ..pipeline import Pipeline
from ..store.base import Store
from ..store.feeds import article_of_source


@dataclass
class Outcome:
    """What happened to each handed-in source: its article id (new, folded or unchanged) or the
    reason it was rejected."""

    report: IngestReport = field(default_factory=IngestReport)
    article_of: dict[str, str] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    new_ids: list[str] = field(default_factory=list)


class Ingester:
    """Holds the pipeline (models load once per watcher) and the clusterer across cycles."""

    def __init__(self, store: Store, cfg: Any) -> None:
        self.store, self.cfg = store, cfg
        self.pipeline: Pipeline | None = None
        self.clusterer: StoreIndexer | None = None

    def ingest_articles(self, items: list[Article | Rejection]) -> Outcome:
        """Process ``items`` (raw Articles from fetched pages or feed entries, or Rejections) and
        store them in one transaction, then cluster the new ones. Idempotent per source name and
        content: handing in the same page again stores nothing."""
        if self.pipeline is None:
            self.pipeline = build_pipeline(self.cfg)
            self.clusterer = StoreIndexer(self.store, self.cfg)
        out = Outcome()
        processed: list[Article | Rejection] = []
        for item in items:
            out.report.items += 1
            if isinstance(item, Rejection):
                processed.append(item)
                continue
            if self.store.source_unchanged(item.source.source, item.source.item_hash):
                out.report.unchanged += 1
                continue
            try:
                processed.append(self.pipeline(item))
            except InputError as exc:
                processed.append(Rejection(item.source.source, exc.reason, type(exc).__name__))
        new: list[Article] = []
        with self.store.transaction():
            for item in processed:
                if isinstance(item, Rejection):
                    self.store.reject(item)
                    out.report.rejected.append(item)
                    out.rejected[item.source] = item.reason
                elif store_article(item, self.store, self.cfg, out.report):
                    new.append(item)
        assert self.clusterer is not None
        if new:
            self.clusterer.index(new)
        stragglers = list(unclustered(self.store))  # stored by a run killed before it clustered them
        if stragglers:
            self.clusterer.index(stragglers)
        out.new_ids = [a.id for a in new]
        for item in items:
            name = item.source if isinstance(item, Rejection) else item.source.source
            if name not in out.rejected:
                article_id = article_of_source(self.store, name)
                if article_id:
                    out.article_of[name] = article_id
        return out
