"""The one door from the watcher into the pipeline: fetched items in, stored and indexed articles out.

:class:`Ingester` is the only part of :mod:`lagebild.watch` that touches ingest, annotation,
linking, clustering or story views: it hands the raw articles to the application layer's entry for
already-read articles (:func:`lagebild.app.ingest.ingest_articles`: the same stages, duplicate
folding, store writes, indexing and view builds as ``lagebild ingest``) and reports, per source,
which article it became or why it was rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..app.ingest import IngestReport, ingest_articles
from ..app.pipeline import build_pipeline
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


class Ingester:
    """Keeps the pipeline (its models load once per watcher) across cycles."""

    def __init__(self, store: Store, cfg: Any) -> None:
        self.store, self.cfg = store, cfg
        self.pipeline: Pipeline | None = None

    def ingest_articles(self, items: list[Article | Rejection]) -> Outcome:
        """Process and store ``items`` (raw Articles of fetched pages or feed entries, or Rejections).
        Idempotent per source name and content: handing in the same page again stores nothing."""
        if self.pipeline is None:
            self.pipeline = build_pipeline(self.cfg)
        out = Outcome(report=ingest_articles(items, self.store, self.cfg, pipeline=self.pipeline))
        out.rejected = {r.source: r.reason for r in out.report.rejected}
        for item in items:
            name = item.source if isinstance(item, Rejection) else item.source.source
            if name not in out.rejected:
                article_id = article_of_source(self.store, name)
                if article_id:
                    out.article_of[name] = article_id
        return out
