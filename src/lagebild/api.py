"""The Python API: a stable, documented face of the application layer (:mod:`lagebild.app`).

```python
from lagebild import api
store = api.open_store("news.db")
report = api.ingest_paths(["articles/"], store)
view = api.story_view(store, report.stories[0])      # timeline, claims, conflicts, briefing …
```
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .app.stores import open_store as open_location
from .errors import InputError
from .model import Article, Rejection
from .settings import Settings, load_settings
from .store.base import Store

if TYPE_CHECKING:  # the ingest modules load scipy and the models: only where they are used
    from .app.ingest import IngestReport

__all__ = ["open_store", "ingest_paths", "ingest_articles", "annotate_file", "annotate_text", "article_view",
           "story_view", "store_entities", "entity_view", "load_settings"]


def open_store(db: str | os.PathLike[str] | None = None, cfg: Settings | None = None, *,
               create: bool = True) -> Store:
    """The store at ``db`` (else the ``db`` setting): a ``postgresql://`` URL or a SQLite file path.
    ``create=False`` refuses a SQLite file that does not exist (StoreError)."""
    cfg = cfg or load_settings()
    return open_location(db or cfg.db, create=create)


def ingest_paths(paths: Iterable[str | os.PathLike[str]], store: Store, cfg: Settings | None = None,
                 progress: Callable[[str], None] | None = None) -> IngestReport:
    """Read files, directories and globs into ``store``: annotate, fold, store, link, cluster."""
    from .app.ingest import ingest

    return ingest(paths, store, cfg or load_settings(), progress=progress)


def ingest_articles(articles: Iterable[Article | Rejection], store: Store,
                    cfg: Settings | None = None) -> IngestReport:
    """Ingest articles already read (``raw`` and ``source`` set), e.g. by a feed fetcher."""
    from .app.ingest import ingest_articles as run

    return run(articles, store, cfg or load_settings())


def story_view(store: Store, story_id: str, since: str | None = None) -> dict[str, Any]:
    """The story's view as JSON-ready data (the same document as ``lagebild story ID --json``)."""
    from .app.views import story_view as view_of

    return view_of(store, story_id, since).view.to_dict()


def annotate_text(text: str, *, dct: str | None = None, language: str | None = None,
                  cfg: Settings | None = None, source: str = "<text>") -> Article:
    from .model import Source, bytes_hash

    art = Article(source=Source(source=source, kind="text", item_hash=bytes_hash(text.encode())),
                  raw=text, language=language)
    return _annotate(art, dct, cfg)


def annotate_file(path: str | os.PathLike[str], *, dct: str | None = None,
                  cfg: Settings | None = None) -> Article:
    """Run the whole per-article pipeline on the first item of one file (no store involved)."""
    from .sources import discover, read_items

    cfg = cfg or load_settings()
    for p in discover([path]):
        for item in read_items(Path(p), cfg):
            if isinstance(item, Rejection):
                raise InputError(item.source, item.reason)
            return _annotate(item, dct, cfg)
    raise InputError(str(path), "no such file")


def _annotate(article: Article, dct: str | None, cfg: Settings | None) -> Article:
    from .app.pipeline import build_pipeline
    from .ingest.dates import parse_date_string

    if dct:
        pub = parse_date_string(dct, origin="given")
        if pub is None:
            raise InputError(article.source.source, f"cannot read --dct {dct!r} as a date")
        article.published = pub
    return build_pipeline(cfg or load_settings())(article)


def store_entities(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Canonical entities of the store (linked at ingest), most mentioned first: id, name, type
    (label), aliases with counts, mention count and article count."""
    from .store.entities import top_entities

    return [e.to_dict() for e in top_entities(store, limit=limit)]


def entity_view(store: Store, entity_id: str, limit: int = 200) -> dict[str, Any]:
    """One entity (a merged-away id leads to the entity that absorbed it): aliases, type, the
    articles and stories that name it, and its mentions (article id, start, end)."""
    from .errors import NotFoundError
    from .store import entities as db

    found = db.get_entity(store, entity_id)
    if found is None:
        raise NotFoundError(f"no entity {entity_id!r}")
    return found.to_dict() | {"article_ids": db.articles_of(store, found.id)[:limit],
                              "stories": db.stories_of(store, found.id),
                              "mentions": [list(m) for m in db.mentions_of(store, found.id, limit)]}


def article_view(article: Article) -> dict[str, Any]:
    """JSON-ready view of an article with every annotation layer resolved to its covered text."""
    text = article.text
    layers = {
        name: [{"start": s.start, "end": s.end, "text": text[s.start:s.end], "label": s.label, **s.attrs}
               for s in spans]
        for name, spans in article.layers.items()
    }
    pub = article.published
    return {
        "id": article.id,
        "source": article.source.source,
        "sources": [s.source for s in article.sources] or [article.source.source],
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": None if pub is None else {"value": pub.value, "granularity": pub.granularity,
                                               "origin": pub.origin, "confidence": pub.confidence},
        "language": article.language,
        "warnings": article.source.warnings,
        "debris": [{"start": d.start, "end": d.end, "reason": d.reason, "text": d.text} for d in article.debris],
        "text": text,
        "layers": layers,
    }
