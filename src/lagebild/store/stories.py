"""Store functions for story clustering (tables of schema migration 2) and the read API.

The clusterer keeps its working state in memory and writes it here in batches
(:func:`write_batch`, one transaction), so a killed run loses at most its open batch and the
re-run assigns those articles again. Ids stay stable for users: a merged event or story keeps
the older id, and the younger one becomes an alias (:func:`resolve`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError
from ..model import Event, Story
from .base import Store
from .sqlbase import chunks, marks

if TYPE_CHECKING:
    import numpy as np

#: story_state key that changes with every write_batch: a clusterer whose last write left another
#: value behind knows another process has clustered meanwhile and reloads (see :func:`generation`).
GENERATION = "generation"


@dataclass
class Batch:
    """Everything one flush of the clusterer writes."""

    stories: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    centroids: list[tuple[str, str, bytes]] = field(default_factory=list)  # (kind, id, blob)
    dropped_centroids: list[tuple[str, str]] = field(default_factory=list)
    assignments: list[tuple[str, str, float | None, bytes | None]] = field(default_factory=list)
    moves: list[tuple[str, str]] = field(default_factory=list)  # (article_id, new event_id)
    story_moves: list[tuple[str, str]] = field(default_factory=list)  # every event of story a -> story b
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (old_id, kind, new_id)
    log: list[tuple[str, str, str, str, dict[str, Any]]] = field(default_factory=list)
    df: list[tuple[int, int]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


def write_batch(store: Store, batch: Batch) -> None:
    now = store.now_sql()
    with store.transaction():
        store.executemany(
            "INSERT INTO story_stories (id, seq, title, first_seen, last_seen, n_events, n_articles, status,"
            " merged_into, touched, checked) VALUES (:id,:seq,:title,:first_seen,:last_seen,:n_events,:n_articles,"
            ":status,:merged_into,:touched,:checked) ON CONFLICT(id) DO UPDATE SET title=excluded.title,"
            " first_seen=excluded.first_seen, last_seen=excluded.last_seen, n_events=excluded.n_events,"
            " n_articles=excluded.n_articles, status=excluded.status, merged_into=excluded.merged_into,"
            f" touched=excluded.touched, checked=excluded.checked, updated_at={now}",
            [{"touched": 0, "checked": 0} | st for st in batch.stories])
        store.executemany("UPDATE story_events SET story_id = ? WHERE story_id = ?",
                          [(to, frm) for frm, to in batch.story_moves])
        store.executemany(
            "INSERT INTO story_events (id, seq, story_id, title, first_seen, last_seen, n_articles, status,"
            " merged_into, titles, touched, checked) VALUES (:id,:seq,:story_id,:title,:first_seen,:last_seen,"
            ":n_articles,:status,:merged_into,:titles,:touched,:checked) ON CONFLICT(id) DO UPDATE SET"
            " story_id=excluded.story_id, title=excluded.title, first_seen=excluded.first_seen,"
            " last_seen=excluded.last_seen, n_articles=excluded.n_articles, status=excluded.status,"
            " merged_into=excluded.merged_into, titles=excluded.titles, touched=excluded.touched,"
            f" checked=excluded.checked, updated_at={now}",
            [{"touched": 0, "checked": 0} | e | {"titles": json.dumps(e["titles"], ensure_ascii=False)}
             for e in batch.events])
        store.executemany("INSERT INTO story_centroids (kind, id, data) VALUES (?,?,?)"
                      " ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data", batch.centroids)
        store.executemany("DELETE FROM story_centroids WHERE kind = ? AND id = ?", batch.dropped_centroids)
        store.executemany("INSERT INTO story_assignments (article_id, event_id, similarity, features) VALUES (?,?,?,?)"
                      " ON CONFLICT (article_id) DO UPDATE SET event_id = excluded.event_id,"
                      " similarity = excluded.similarity, features = excluded.features,"
                      f" assigned_at = {now}", batch.assignments)
        store.executemany("UPDATE story_assignments SET event_id = ? WHERE article_id = ?",
                      [(ev, art) for art, ev in batch.moves])
        store.executemany("INSERT INTO story_aliases (old_id, kind, new_id) VALUES (?,?,?)"
                      " ON CONFLICT (old_id) DO UPDATE SET kind = excluded.kind, new_id = excluded.new_id",
                      batch.aliases)
        store.executemany("UPDATE story_aliases SET new_id = ? WHERE new_id = ? AND kind = ?",
                      [(new, old, kind) for old, kind, new in batch.aliases])
        store.executemany("INSERT INTO story_log (action, kind, kept_id, other_id, detail) VALUES (?,?,?,?,?)",
                      [(a, k, kept, other, json.dumps(d, ensure_ascii=False)) for a, k, kept, other, d in batch.log])
        store.executemany("INSERT INTO story_df (bucket, df) VALUES (?,?)"
                      " ON CONFLICT(bucket) DO UPDATE SET df = excluded.df", batch.df)
        store.executemany("INSERT INTO story_state (key, value) VALUES (?,?)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      [(k, json.dumps(v)) for k, v in (batch.state | {GENERATION: uuid.uuid4().hex}).items()])


# -- loading the clusterer's state ----------------------------------------------------------------
def generation(store: Store) -> str | None:
    row = store.execute("SELECT value FROM story_state WHERE key = ?", (GENERATION,)).fetchone()
    return json.loads(row[0]) if row else None


def all_assignments(store: Store) -> dict[str, str]:
    """article id -> event id for every clustered article."""
    return {r[0]: r[1] for r in store.execute("SELECT article_id, event_id FROM story_assignments")}


def event_of(store: Store, article_id: str) -> str | None:
    row = store.execute("SELECT event_id FROM story_assignments WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def story_of_event(store: Store, event_id: str) -> str | None:
    row = store.execute("SELECT story_id FROM story_events WHERE id = ?", (event_id,)).fetchone()
    return row[0] if row else None


def stories_of_articles(store: Store, article_ids: Sequence[str]) -> list[str]:
    """Current ids of the stories that hold these articles (each once, in first-seen order)."""
    found: list[str] = []
    for chunk in chunks(list(article_ids)):
        found.extend(r[0] for r in store.execute(
            "SELECT e.story_id FROM story_assignments a JOIN story_events e ON e.id = a.event_id"
            f" WHERE a.article_id IN ({marks(chunk)})", chunk))  # noqa: S608
    return list(dict.fromkeys(resolve(store, "story", s) for s in dict.fromkeys(found)))


def move_events(store: Store, from_story: str, to_story: str) -> None:
    """Every event of ``from_story`` now belongs to ``to_story`` (a story merge)."""
    store.execute("UPDATE story_events SET story_id = ? WHERE story_id = ?", (to_story, from_story))


def load_state(store: Store) -> dict[str, Any]:
    return {r[0]: json.loads(r[1]) for r in store.execute("SELECT key, value FROM story_state")}


def load_df(store: Store, size: int) -> np.ndarray:
    import numpy as np  # only the clusterer needs it: story reads stay light

    df = np.zeros(size, dtype=np.int32)
    rows = store.execute("SELECT bucket, df FROM story_df").fetchall()
    if rows:
        arr = np.asarray(rows, dtype=np.int64)
        df[arr[:, 0]] = arr[:, 1]
    return df


def active_rows(store: Store, kind: str) -> list[tuple[dict[str, Any], bytes]]:
    """Active events or stories with their centroid blobs."""
    table = "story_events" if kind == "event" else "story_stories"
    rows = store.execute(
        f"SELECT t.*, c.data FROM {table} t JOIN story_centroids c ON c.kind = ? AND c.id = t.id"  # noqa: S608
        " WHERE t.status = 'active' ORDER BY t.seq", (kind,)).fetchall()
    return [(dict(r), r["data"]) for r in rows]


def assignments_of(store: Store, event_ids: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {e: [] for e in event_ids}
    for chunk in chunks(event_ids):
        for art, ev in store.execute(
                f"SELECT article_id, event_id FROM story_assignments WHERE event_id IN ({marks(chunk)})"  # noqa: S608
                " ORDER BY assigned_at, article_id", chunk):
            out[ev].append(art)
    return out


def features_blobs(store: Store, article_ids: Iterable[str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for chunk in chunks(list(article_ids)):
        for art, blob in store.execute(
                f"SELECT article_id, features FROM story_assignments WHERE article_id IN ({marks(chunk)})"  # noqa: S608
                " AND features IS NOT NULL", chunk):
            out[art] = blob
    return out


# -- the read API -------------------------------------------------------------------------------
def resolve(store: Store, kind: str, cluster_id: str) -> str:
    """The current id of an event or story: merged ids lead to the id that absorbed them."""
    seen = set()
    while cluster_id not in seen:
        seen.add(cluster_id)
        row = store.execute("SELECT new_id FROM story_aliases WHERE old_id = ? AND kind = ?",
                            (cluster_id, kind)).fetchone()
        if row is None:
            break
        cluster_id = row[0]
    return cluster_id


def _event(row: Any, article_ids: list[str]) -> Event:
    return Event(id=row["id"], story_id=row["story_id"], article_ids=article_ids, title=row["title"] or "",
                 first_seen=row["first_seen"], last_seen=row["last_seen"],
                 meta={"n_articles": row["n_articles"]})


def _stories(store: Store, where: str, params: tuple[Any, ...]) -> list[Story]:
    rows = store.execute(
        f"SELECT * FROM story_stories WHERE status = 'active' {where}"  # noqa: S608
        " ORDER BY last_seen IS NULL, last_seen DESC, n_articles DESC, seq", params).fetchall()
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    events: dict[str, list[Any]] = {i: [] for i in ids}
    for chunk in chunks(ids):
        for ev in store.execute(
                f"SELECT * FROM story_events WHERE status = 'active' AND story_id IN ({marks(chunk)})"  # noqa: S608
                " ORDER BY first_seen IS NULL, first_seen, seq", chunk):
            events[ev["story_id"]].append(ev)
    members = assignments_of(store, [ev["id"] for evs in events.values() for ev in evs])
    aliases: dict[str, list[str]] = {}
    for old, new in store.execute("SELECT old_id, new_id FROM story_aliases WHERE kind = 'story'"):
        aliases.setdefault(new, []).append(old)
    out = []
    for r in rows:
        evs = [_event(ev, members.get(ev["id"], [])) for ev in events[r["id"]]]
        out.append(Story(id=r["id"], title=r["title"] or "", events=evs,
                         meta={"first_seen": r["first_seen"], "last_seen": r["last_seen"],
                               "n_events": len(evs), "n_articles": sum(len(e.article_ids) for e in evs),
                               "aliases": sorted(aliases.get(r["id"], []))}))
    return out


def list_stories(store: Store) -> list[Story]:
    """Every active story, most recently active first, with its events and their article ids."""
    return _stories(store, "", ())


def load_story(store: Store, story_id: str) -> Story:
    """One story by id; an id that was merged away leads to the story that absorbed it."""
    current = resolve(store, "story", story_id)
    found = _stories(store, "AND id = ?", (current,))
    if not found:
        raise NotFoundError(f"no story {story_id!r}")
    story = found[0]
    if current != story_id:
        story.meta["requested_id"] = story_id
    return story


def consolidation_log(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    rows = store.execute("SELECT * FROM story_log ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
    return [dict(r) | {"detail": json.loads(r["detail"])} for r in rows]
