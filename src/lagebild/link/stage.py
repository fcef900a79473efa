"""The ``link`` pipeline stage: entities within one document, after NER.

The stage groups an article's entity spans into document entities (short forms join the full
name they abbreviate, see :func:`lagebild.link.entities.resolve_in_document`) and writes each
span's document-level key into ``attrs["canonical"]``. Linking *across* documents needs every
earlier article, so it is not a per-article stage: the application layer adds each stored
article to the store's persistent entity index (:mod:`lagebild.link.persist`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Article
from ..pipeline import stage
from .entities import EntityIndex, resolve_in_document


@stage("link", requires=["text", "entities"], assigns=["canonical"])
def link_stage(article: Article) -> Article:
    """Set ``attrs["canonical"]`` (and the entity's majority label) on every entity span."""
    resolve_in_document(article.text, article.spans("entities"), article.language or "de")
    return article


def entity_ids(articles: Iterable[Article]) -> dict[tuple[str, int, int], str]:
    """Canonical entity id of every entity mention of ``articles`` linked among themselves only:
    ``(article id, start, end) -> id``. For article sets outside a store (tests, benchmarks);
    stored articles have their ids in the store (:func:`lagebild.link.persist.mention_ids`)."""
    index = EntityIndex()
    out: dict[tuple[str, int, int], str] = {}
    for a in articles:
        for (s, e), eid in index.add(a).items():
            out[(a.id, s, e)] = eid
    return {k: index.resolve(v) for k, v in out.items()}
