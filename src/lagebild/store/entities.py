"""Canonical entities in the store (schema migration 5): the persistent entity index and its reads.

Written by :mod:`lagebild.link.persist` at ingest, one batch at a time under the store's cluster
lock: ``entities`` (name, type, aliases, counts), ``entity_keys`` and ``entity_parts`` (the index's
matching tables), ``entity_redirects`` (ids merged into another), ``entity_mentions`` (every
mention: article, character offsets, current entity id; mentions follow merges) and
``entity_linked`` (articles already added). Read by story views and entity pages: an entity by
id (a merged-away id leads to the entity that absorbed it), its mentions, articles and stories.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .base import Store
from .sqlbase import chunks, marks

#: entity_state key that changes with every write: an index whose last write left another value
#: behind knows another process has linked articles meanwhile and reloads.
GENERATION = "generation"


@dataclass
class EntityRow:
    id: str
    label: str
    name: str
    aliases: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    n_mentions: int = 0
    n_articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "label": self.label, "aliases": self.aliases,
                "count": self.n_mentions, "articles": self.n_articles}


@dataclass
class EntityWrite:
    """What one save of the entity index writes, in one transaction."""

    entities: list[EntityRow] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # ids merged away (their rows go)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    keys: list[tuple[str, str]] = field(default_factory=list)
    parts_added: list[tuple[str, str]] = field(default_factory=list)
    parts_removed: list[tuple[str, str]] = field(default_factory=list)
    mentions: list[tuple[str, int, int, str]] = field(default_factory=list)  # (article, start, end, entity)
    linked: list[str] = field(default_factory=list)


def _entity(row: Any) -> EntityRow:
    return EntityRow(row["id"], row["label"], row["name"], json.loads(row["aliases"]), json.loads(row["labels"]),
                     int(row["n_mentions"]), int(row["n_articles"]))


# -- the index's state ---------------------------------------------------------------------------
def generation(store: Store) -> str | None:
    row = store.execute("SELECT value FROM entity_state WHERE key = ?", (GENERATION,)).fetchone()
    return str(row[0]) if row else None


def load_state(store: Store) -> tuple[list[EntityRow], dict[str, list[tuple[str, int, int]]], dict[str, str],
                                      dict[str, set[str]], dict[str, str]]:
    """(entities, mentions by entity, keys, parts, redirects) as stored."""
    entities = [_entity(r) for r in store.execute("SELECT * FROM entities ORDER BY id")]
    mentions: dict[str, list[tuple[str, int, int]]] = {}
    for aid, s, e, eid in store.execute(
            "SELECT article_id, start_char, end_char, entity_id FROM entity_mentions ORDER BY entity_id"):
        mentions.setdefault(eid, []).append((aid, int(s), int(e)))
    keys = {k: v for k, v in store.execute("SELECT key, entity_id FROM entity_keys ORDER BY key")}
    parts: dict[str, set[str]] = {}
    for p, eid in store.execute("SELECT part, entity_id FROM entity_parts"):
        parts.setdefault(p, set()).add(eid)
    redirects = {a: b for a, b in store.execute("SELECT old_id, new_id FROM entity_redirects")}
    return entities, mentions, keys, parts, redirects


def write(store: Store, w: EntityWrite) -> str:
    """Apply one save; returns the new generation."""
    gen = uuid.uuid4().hex
    now = store.now_sql()
    with store.transaction():
        store.executemany(
            "INSERT INTO entities (id, label, name, aliases, labels, n_mentions, n_articles) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET label=excluded.label, name=excluded.name, aliases=excluded.aliases,"
            " labels=excluded.labels, n_mentions=excluded.n_mentions, n_articles=excluded.n_articles,"
            f" updated_at={now}",
            [(e.id, e.label, e.name, json.dumps(e.aliases, ensure_ascii=False),
              json.dumps(e.labels, ensure_ascii=False), e.n_mentions, e.n_articles) for e in w.entities])
        store.executemany(
            "INSERT INTO entity_mentions (article_id, start_char, end_char, entity_id) VALUES (?,?,?,?)"
            " ON CONFLICT(article_id, start_char, end_char) DO UPDATE SET entity_id=excluded.entity_id", w.mentions)
        store.executemany("INSERT INTO entity_redirects (old_id, new_id) VALUES (?, ?)"
                          " ON CONFLICT(old_id) DO UPDATE SET new_id=excluded.new_id", w.redirects)
        for old, new in w.redirects:  # mentions follow merges
            store.execute("UPDATE entity_mentions SET entity_id = ? WHERE entity_id = ?", (new, old))
        for chunk in chunks(w.dropped):
            store.execute(f"DELETE FROM entities WHERE id IN ({marks(chunk)})", chunk)  # noqa: S608
        store.executemany("INSERT INTO entity_keys (key, entity_id) VALUES (?, ?)"
                          " ON CONFLICT(key) DO UPDATE SET entity_id=excluded.entity_id", w.keys)
        store.executemany("DELETE FROM entity_parts WHERE part = ? AND entity_id = ?", w.parts_removed)
        store.executemany("INSERT INTO entity_parts (part, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                          w.parts_added)
        store.executemany("INSERT INTO entity_linked (article_id) VALUES (?) ON CONFLICT DO NOTHING",
                          [(a,) for a in w.linked])
        store.execute("INSERT INTO entity_state (key, value) VALUES (?, ?)"
                      " ON CONFLICT(key) DO UPDATE SET value=excluded.value", (GENERATION, gen))
    return gen


def clear(store: Store) -> None:
    """Forget the whole index (before re-linking every article with new rules)."""
    with store.transaction():
        for table in ("entities", "entity_keys", "entity_parts", "entity_redirects", "entity_mentions",
                      "entity_linked", "entity_state"):
            store.execute(f"DELETE FROM {table}")  # noqa: S608


def linked_among(store: Store, article_ids: Sequence[str]) -> set[str]:
    """Which of these articles are in the entity index already."""
    out: set[str] = set()
    for chunk in chunks(list(article_ids)):
        out.update(r[0] for r in store.execute(
            f"SELECT article_id FROM entity_linked WHERE article_id IN ({marks(chunk)})", chunk))  # noqa: S608
    return out


def unlinked_ids(store: Store) -> list[str]:
    """Stored articles not yet added to the entity index, in the order they were stored."""
    return [r[0] for r in store.execute(
        "SELECT a.id FROM articles a LEFT JOIN entity_linked l ON l.article_id = a.id"
        " WHERE l.article_id IS NULL ORDER BY a.created_at, a.id")]


# -- reads -----------------------------------------------------------------------------------------
def resolve(store: Store, entity_id: str) -> str:
    """The current id of an entity: merged ids lead to the entity that absorbed them."""
    seen: set[str] = set()
    while entity_id not in seen:
        seen.add(entity_id)
        row = store.execute("SELECT new_id FROM entity_redirects WHERE old_id = ?", (entity_id,)).fetchone()
        if row is None:
            break
        entity_id = row[0]
    return entity_id


def get_entity(store: Store, entity_id: str) -> EntityRow | None:
    """An entity by id (or any id merged into it), None when there is none."""
    row = store.execute("SELECT * FROM entities WHERE id = ?", (resolve(store, entity_id),)).fetchone()
    return _entity(row) if row else None


def entities_by_id(store: Store, ids: Iterable[str]) -> dict[str, EntityRow]:
    out: dict[str, EntityRow] = {}
    for chunk in chunks(list(dict.fromkeys(ids))):
        for r in store.execute(f"SELECT * FROM entities WHERE id IN ({marks(chunk)})", chunk):  # noqa: S608
            out[r["id"]] = _entity(r)
    return out


def top_entities(store: Store, *, limit: int | None = None, offset: int = 0, label: str | None = None,
                 ) -> list[EntityRow]:
    """Entities, most mentioned first (ties by id)."""
    where = "WHERE label = ?" if label else ""
    params: list[Any] = [label] if label else []
    page = "" if limit is None else " LIMIT ? OFFSET ?"
    params += [] if limit is None else [limit, offset]
    rows = store.execute(f"SELECT * FROM entities {where} ORDER BY n_mentions DESC, id{page}", params)  # noqa: S608
    return [_entity(r) for r in rows]


def count_entities(store: Store) -> int:
    return int(store.execute("SELECT count(*) FROM entities").fetchone()[0])


def entity_counts(store: Store, article_ids: Sequence[str]) -> list[EntityRow]:
    """The entities named in these articles, counted in them (mentions, articles), most mentioned first."""
    mentions: dict[str, int] = {}
    arts: dict[str, set[str]] = {}
    for chunk in chunks(list(article_ids)):
        for aid, eid in store.execute(
                f"SELECT article_id, entity_id FROM entity_mentions WHERE article_id IN ({marks(chunk)})",  # noqa: S608
                chunk):
            mentions[eid] = mentions.get(eid, 0) + 1
            arts.setdefault(eid, set()).add(aid)
    rows = entities_by_id(store, mentions)
    out = [EntityRow(r.id, r.label, r.name, r.aliases, r.labels, mentions[r.id], len(arts[r.id])) for r in rows.values()]
    return sorted(out, key=lambda r: (-r.n_mentions, r.id))


def mention_ids(store: Store, article_ids: Sequence[str]) -> dict[tuple[str, int, int], str]:
    """(article id, start, end) -> entity id of every mention in these articles."""
    out: dict[tuple[str, int, int], str] = {}
    for chunk in chunks(list(article_ids)):
        for aid, s, e, eid in store.execute(
                "SELECT article_id, start_char, end_char, entity_id FROM entity_mentions"
                f" WHERE article_id IN ({marks(chunk)})", chunk):  # noqa: S608
            out[(aid, int(s), int(e))] = eid
    return out


def mentions_of(store: Store, entity_id: str, limit: int = 1000) -> list[tuple[str, int, int]]:
    """(article id, start, end) of an entity's mentions, in article order."""
    rows = store.execute("SELECT article_id, start_char, end_char FROM entity_mentions WHERE entity_id = ?"
                         " ORDER BY article_id, start_char LIMIT ?", (resolve(store, entity_id), limit))
    return [(r[0], int(r[1]), int(r[2])) for r in rows]


def articles_of(store: Store, entity_id: str) -> list[str]:
    """Ids of the articles that mention an entity, newest first."""
    rows = store.execute(
        "SELECT a.id FROM articles a WHERE a.id IN (SELECT article_id FROM entity_mentions WHERE entity_id = ?)"
        " ORDER BY a.published IS NULL, a.published DESC, a.id", (resolve(store, entity_id),))
    return [r[0] for r in rows]


def stories_of(store: Store, entity_id: str) -> list[str]:
    """Ids of the stories (as clustered) whose articles mention an entity, each once."""
    rows = store.execute(
        "SELECT DISTINCT e.story_id FROM entity_mentions m JOIN story_assignments a ON a.article_id = m.article_id"
        " JOIN story_events e ON e.id = a.event_id WHERE m.entity_id = ?", (resolve(store, entity_id),))
    return sorted(r[0] for r in rows)
