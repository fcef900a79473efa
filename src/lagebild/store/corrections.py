"""Store functions for analyst corrections (schema migration 4): one append-only audit log.

Every correction (move an article, merge, split or rename a story, undo) is one row of
``corrections``; a correction that was undone keeps its row and gets ``reverted_by`` = the seq of
the undo row. The rows not reverted, in seq order, are the overrides :mod:`lagebild.corrections`
applies to the clusterer's events and stories. Nothing here changes the clusterer's tables.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .base import Store
from .sqlbase import chunks, marks


def record(store: Store, action: str, *, story_id: str | None, target_id: str | None,
           detail: dict[str, Any], actor: str = "", note: str = "") -> int:
    """Append one correction; returns its seq. Call inside ``store.transaction()``."""
    row = store.execute(
        "INSERT INTO corrections (action, story_id, target_id, detail, actor, note) VALUES (?,?,?,?,?,?) RETURNING seq",
        (action, story_id, target_id, json.dumps(detail, ensure_ascii=False), actor, note)).fetchone()
    return int(row[0])


def set_target(store: Store, seq: int, target_id: str) -> None:
    """Fill in the target of a row whose target is derived from its own seq (a split's new story)."""
    store.execute("UPDATE corrections SET target_id = ? WHERE seq = ?", (target_id, seq))


def mark_reverted(store: Store, seq: int, by_seq: int) -> None:
    store.execute("UPDATE corrections SET reverted_by = ? WHERE seq = ? AND reverted_by IS NULL", (by_seq, seq))


def _row(r: Any) -> dict[str, Any]:
    return dict(r) | {"detail": json.loads(r["detail"] or "{}")}


def get(store: Store, seq: int) -> dict[str, Any] | None:
    row = store.execute("SELECT * FROM corrections WHERE seq = ?", (seq,)).fetchone()
    return _row(row) if row else None


def active(store: Store) -> list[dict[str, Any]]:
    """The corrections in force (not undone, not undo rows), oldest first."""
    rows = store.execute("SELECT * FROM corrections WHERE reverted_by IS NULL AND action <> 'undo'"
                         " ORDER BY seq").fetchall()
    return [_row(r) for r in rows]


def history(store: Store, story_ids: Sequence[str] | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """The audit log, newest first: every row, undone ones included; optionally only those naming
    one of ``story_ids`` as source or target."""
    if story_ids is None:
        rows = store.execute("SELECT * FROM corrections ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
        return [_row(r) for r in rows]
    ids = list(dict.fromkeys(story_ids))
    out: dict[int, dict[str, Any]] = {}
    for part in chunks(ids):
        for r in store.execute(f"SELECT * FROM corrections WHERE story_id IN ({marks(part)})"  # noqa: S608
                               f" OR target_id IN ({marks(part)}) ORDER BY seq DESC", [*part, *part]):
            out[int(r["seq"])] = _row(r)
    return [out[k] for k in sorted(out, reverse=True)][:limit]


def last_seq(store: Store) -> int:
    """The newest correction's seq (0 when there is none): part of a story view's version."""
    row = store.execute("SELECT max(seq) FROM corrections").fetchone()
    return int(row[0] or 0)


def aliases(store: Store) -> dict[tuple[str, str], str]:
    """(kind, old id) -> new id for every clusterer merge (events and stories)."""
    return {(r[0], r[1]): r[2] for r in store.execute("SELECT kind, old_id, new_id FROM story_aliases")}


def event_homes(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    """event id -> story id (as the clusterer stored it) for the events that exist."""
    out: dict[str, str] = {}
    for part in chunks(list(dict.fromkeys(event_ids))):
        for r in store.execute(f"SELECT id, story_id FROM story_events WHERE id IN ({marks(part)})", part):  # noqa: S608
            out[r[0]] = r[1]
    return out


def article_events(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """article id -> the clusterer's event id."""
    out: dict[str, str] = {}
    for part in chunks(list(dict.fromkeys(article_ids))):
        for r in store.execute("SELECT article_id, event_id FROM story_assignments"  # noqa: S608
                               f" WHERE article_id IN ({marks(part)})", part):
            out[r[0]] = r[1]
    return out


def active_story_ids(store: Store) -> set[str]:
    """Ids of the clusterer's active stories."""
    return {r[0] for r in store.execute("SELECT id FROM story_stories WHERE status = 'active'")}


__all__ = ["active", "aliases", "article_events", "event_homes", "get", "history", "last_seq", "mark_reverted",
           "record", "set_target", "active_story_ids"]
