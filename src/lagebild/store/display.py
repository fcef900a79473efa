"""Reads for what the interfaces show about articles without loading them: who published them
(outlet fields and hosts of every source, for counting independent outlets on the front page) and
the opening words of untitled articles (shown instead of a hash id). Both backends (portable SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .base import Store
from .sqlbase import chunks, marks

#: Characters of an article's text read to name an untitled article by its first words.
OPENING_CHARS = 240


def article_outlets(store: Store, ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    """article id -> ``outlet`` and ``url`` of the article and ``source_outlets`` / ``source_urls``
    of every source folded into it (wire copies), for the given (else all) articles."""
    out: dict[str, dict[str, Any]] = {}

    def add(rows: Any) -> None:
        for r in rows:
            row = out.setdefault(r[0], {"outlet": r[1], "url": r[2], "source_outlets": [], "source_urls": []})
            if r[3]:
                row["source_outlets"].append(r[3])
            if r[4]:
                row["source_urls"].append(r[4])

    query = ("SELECT a.id, a.outlet, a.url, s.outlet, s.url FROM articles a"
             " LEFT JOIN sources s ON s.article_id = a.id")
    if ids is None:
        add(store.execute(query))
        return out
    for part in chunks(list(dict.fromkeys(ids))):
        add(store.execute(f"{query} WHERE a.id IN ({marks(part)})", part))  # noqa: S608
    return out


def openings(store: Store, ids: Sequence[str], chars: int = OPENING_CHARS) -> dict[str, str]:
    """article id -> the first ``chars`` characters of its text."""
    out: dict[str, str] = {}
    for part in chunks(list(dict.fromkeys(ids))):
        for r in store.execute(f"SELECT id, substr(text, 1, {int(chars)}) FROM articles"  # noqa: S608
                               f" WHERE id IN ({marks(part)})", part):
            out[r[0]] = r[1] or ""
    return out


def find_entities(store: Store, *, label: str | None = None, text: str | None = None, limit: int = 100,
                  offset: int = 0) -> tuple[int, list[str]]:
    """(total, one page of entity ids) of the entities of type ``label`` whose name or a spelling
    contains ``text`` (case-insensitive), most mentioned first."""
    where: list[str] = []
    params: list[Any] = []
    if label:
        where.append("label = ?")
        params.append(label)
    if text and text.strip():
        needle = "%" + text.strip().lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        where.append("(lower(name) LIKE ? OR lower(aliases) LIKE ?)")
        params += [needle, needle]
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(store.execute(f"SELECT count(*) FROM entities{cond}", params).fetchone()[0])  # noqa: S608
    rows = store.execute(f"SELECT id FROM entities{cond} ORDER BY n_mentions DESC, id LIMIT ? OFFSET ?",  # noqa: S608
                         [*params, limit, offset])
    return total, [r[0] for r in rows]


__all__ = ["OPENING_CHARS", "article_outlets", "find_entities", "openings"]
