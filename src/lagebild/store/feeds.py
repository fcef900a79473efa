"""Store functions for live monitoring (tables of schema migration 3): feeds, announced items,
the fetch log, watchlists and the change journal. Portable SQL, the same on SQLite and PostgreSQL.

Exactly-once: an announced article URL is one ``watch_items`` row (canonical URL as key); it
becomes ``stored`` only after its article is in the store, and the ingest below is idempotent
(sources keyed by name and content hash), so a watcher killed anywhere refetches at most the
items it had not marked yet and stores none of them twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import NotFoundError
from .base import Store

#: Rows of the fetch log kept per store; older requests are pruned after each cycle.
FETCH_LOG_KEEP = 20_000
#: A date far in the future: feeds that answered 410 Gone are never due again (until edited).
NEVER = "9999-12-31T00:00:00.000Z"


# -- feeds -------------------------------------------------------------------------------------------
def add_feed(store: Store, url: str, *, every_seconds: int, name: str | None = None, kind: str = "auto",
             outlet: str | None = None) -> dict[str, Any]:
    """Subscribe (or update the name/interval/outlet of an existing subscription); due at once."""
    with store.transaction():
        store.execute(
            "INSERT INTO watch_feeds (url, name, kind, outlet, every_seconds) VALUES (?,?,?,?,?)"
            " ON CONFLICT (url) DO UPDATE SET name = coalesce(excluded.name, watch_feeds.name),"
            " outlet = coalesce(excluded.outlet, watch_feeds.outlet), every_seconds = excluded.every_seconds,"
            f" kind = excluded.kind, next_due = {store.now_sql()}", (url, name, kind, outlet, every_seconds))
    return get_feed(store, url)


def get_feed(store: Store, ref: str | int) -> dict[str, Any]:
    """A feed by id (number) or URL; NotFoundError when there is none."""
    key = str(ref)
    row = (store.execute("SELECT * FROM watch_feeds WHERE id = ?", (int(key),)).fetchone() if key.isdigit()
           else store.execute("SELECT * FROM watch_feeds WHERE url = ? OR name = ?", (key, key)).fetchone())
    if row is None:
        raise NotFoundError(f"no subscribed feed {ref!r} (see `lagebild feeds list`)")
    return dict(row)


def list_feeds(store: Store) -> list[dict[str, Any]]:
    return [dict(r) for r in store.execute("SELECT * FROM watch_feeds ORDER BY id")]


def remove_feed(store: Store, ref: str | int) -> dict[str, Any]:
    """Unsubscribe. Items already announced stay (re-subscribing does not fetch them again)."""
    feed = get_feed(store, ref)
    with store.transaction():
        store.execute("DELETE FROM watch_feeds WHERE id = ?", (feed["id"],))
    return feed


def due_feeds(store: Store) -> list[dict[str, Any]]:
    return [dict(r) for r in store.execute(
        f"SELECT * FROM watch_feeds WHERE next_due <= {store.now_sql()} ORDER BY next_due, id")]


def claim_feed(store: Store, feed_id: int, lease_seconds: float) -> bool:
    """Take a due feed for one poll (its next_due moves ``lease_seconds`` ahead), so a second
    watcher on the same store skips it; False when another watcher took it first."""
    with store.transaction():
        cur = store.execute(f"UPDATE watch_feeds SET next_due = {store.now_sql(lease_seconds)}"
                            f" WHERE id = ? AND next_due <= {store.now_sql()}", (feed_id,))
        return bool(cur.rowcount == 1)


def next_due_in(store: Store) -> float | None:
    """Seconds until the next feed is due (0 when one is due now), None without feeds."""
    row = store.execute("SELECT min(next_due) FROM watch_feeds").fetchone()
    if row is None or row[0] is None or row[0] >= NEVER:
        return None
    now = store.now()
    from datetime import datetime

    def parse(s: str) -> datetime:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))

    return max(0.0, (parse(row[0]) - parse(now)).total_seconds())


def feed_polled(store: Store, feed_id: int, *, status: int | None, error: str | None, next_in: float | None,
                etag: str | None = None, last_modified: str | None = None, title: str | None = None,
                kind: str | None = None, new_items: int = 0) -> None:
    """Record one poll's outcome: HTTP state, error count (reset on success), when it is due next
    (``next_in`` seconds; None = never, after 410 Gone)."""
    due = store.now_sql(next_in) if next_in is not None else f"'{NEVER}'"
    with store.transaction():
        store.execute(
            f"UPDATE watch_feeds SET next_due = {due}, last_fetched = {store.now_sql()}, last_status = ?,"
            " last_error = ?, errors = CASE WHEN ? = 1 THEN 0 ELSE errors + 1 END,"
            " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
            " title = coalesce(?, title), kind = coalesce(?, kind), n_items = n_items + ? WHERE id = ?",
            (status, error, int(error is None), etag, last_modified, title, kind, new_items, feed_id))


# -- items -------------------------------------------------------------------------------------------
def add_items(store: Store, feed_id: int, items: Sequence[dict[str, Any]]) -> int:
    """Record announced article URLs (``url`` canonical, ``link``, ``title``, ``published``,
    ``entry``); returns how many were new. URLs seen before (from any feed) are ignored."""
    new = 0
    with store.transaction():
        for it in items:
            cur = store.execute(
                "INSERT INTO watch_items (url, feed_id, link, title, published, entry) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT (url) DO NOTHING",
                (it["url"], feed_id, it["link"], it.get("title"), it.get("published"),
                 json.dumps(it.get("entry") or {}, ensure_ascii=False)))
            new += int(cur.rowcount == 1)
    return new


def pending_items(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    """Announced items not yet stored whose next try is due, oldest first."""
    rows = store.execute(f"SELECT * FROM watch_items WHERE state = 'new' AND next_try <= {store.now_sql()}"
                         " ORDER BY first_seen, url LIMIT ?", (limit,)).fetchall()
    return [dict(r) | {"entry": json.loads(r["entry"])} for r in rows]


def items_done(store: Store, done: Iterable[tuple[str, str | None, str | None]]) -> None:
    """Mark items finished: (url, article_id or None, reason when nothing was stored)."""
    rows = [(("stored" if aid else "skipped"), aid, why, url) for url, aid, why in done]
    with store.transaction():
        store.executemany(f"UPDATE watch_items SET state = ?, article_id = ?, last_error = ?, done_at = {store.now_sql()}"
                          " WHERE url = ?", rows)


def item_failed(store: Store, url: str, error: str, retry_in: float | None) -> None:
    """One failed attempt; ``retry_in`` seconds until the next, None = give up (state ``failed``)."""
    with store.transaction():
        if retry_in is None:
            store.execute(f"UPDATE watch_items SET state = 'failed', attempts = attempts + 1, last_error = ?,"
                          f" done_at = {store.now_sql()} WHERE url = ?", (error, url))
        else:
            store.execute(f"UPDATE watch_items SET attempts = attempts + 1, last_error = ?,"
                          f" next_try = {store.now_sql(retry_in)} WHERE url = ?", (error, url))


def item_counts(store: Store) -> dict[str, int]:
    return {r[0]: int(r[1]) for r in store.execute("SELECT state, count(*) FROM watch_items GROUP BY state")}


def article_of_source(store: Store, source: str) -> str | None:
    row = store.execute("SELECT article_id FROM sources WHERE source = ?", (source,)).fetchone()
    return row[0] if row else None


# -- fetch log ---------------------------------------------------------------------------------------
def log_fetches(store: Store, entries: Sequence[dict[str, Any]]) -> None:
    if not entries:
        return
    with store.transaction():
        store.executemany(
            "INSERT INTO watch_fetch_log (feed_id, purpose, url, host, status, bytes, ms, error)"
            " VALUES (:feed_id,:purpose,:url,:host,:status,:bytes,:ms,:error)", entries)


def fetch_log(store: Store, feed_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
    where, params = ("WHERE feed_id = ?", (feed_id, limit)) if feed_id is not None else ("", (limit,))
    return [dict(r) for r in store.execute(f"SELECT * FROM watch_fetch_log {where} ORDER BY seq DESC LIMIT ?",
                                           params)]


def prune_fetch_log(store: Store, keep: int = FETCH_LOG_KEEP) -> None:
    row = store.execute("SELECT max(seq) FROM watch_fetch_log").fetchone()
    if row and row[0] and row[0] > keep:
        with store.transaction():
            store.execute("DELETE FROM watch_fetch_log WHERE seq <= ?", (int(row[0]) - keep,))


# -- watchlists --------------------------------------------------------------------------------------
def add_watchlist(store: Store, name: str, terms: Sequence[dict[str, str]], webhook: str | None) -> dict[str, Any]:
    with store.transaction():
        row = store.execute("SELECT max(seq) FROM watch_changes").fetchone()
        store.execute("INSERT INTO watch_lists (name, terms, webhook, delivered_seq) VALUES (?,?,?,?)"
                      " ON CONFLICT (name) DO UPDATE SET terms = excluded.terms, webhook = excluded.webhook",
                      (name, json.dumps(list(terms), ensure_ascii=False), webhook, int(row[0] or 0)))
    return next(w for w in watchlists(store) if w["name"] == name)


def watchlists(store: Store) -> list[dict[str, Any]]:
    return [dict(r) | {"terms": json.loads(r["terms"])} for r in store.execute("SELECT * FROM watch_lists ORDER BY id")]


def remove_watchlist(store: Store, name: str) -> None:
    with store.transaction():
        cur = store.execute("DELETE FROM watch_lists WHERE name = ?", (name,))
        if cur.rowcount != 1:
            raise NotFoundError(f"no watchlist {name!r}")


def set_delivered(store: Store, list_id: int, seq: int) -> None:
    with store.transaction():
        store.execute("UPDATE watch_lists SET delivered_seq = ? WHERE id = ?", (seq, list_id))


# -- change journal ----------------------------------------------------------------------------------
def seen_versions(store: Store, kind: str) -> dict[str, str]:
    return {r[0]: r[1] for r in store.execute("SELECT ref, version FROM watch_seen WHERE kind = ?", (kind,))}


def record_changes(store: Store, changes: Sequence[dict[str, Any]], seen: Sequence[tuple[str, str, str]],
                   hits: dict[int, list[int]]) -> list[int]:
    """Append changes (kind, action, story_id, ref, title, detail) and update what was seen
    ((kind, ref, version) rows), in one transaction; ``hits`` maps a change's index to the
    watchlist ids it matches. Returns the new change sequence numbers."""
    seqs: list[int] = []
    with store.transaction():
        for i, ch in enumerate(changes):
            row = store.execute(
                "INSERT INTO watch_changes (kind, action, story_id, ref, title, detail) VALUES (?,?,?,?,?,?)"
                " RETURNING seq", (ch["kind"], ch["action"], ch.get("story_id"), ch["ref"], ch["title"],
                                   json.dumps(ch.get("detail") or {}, ensure_ascii=False))).fetchone()
            seqs.append(int(row[0]))
            for list_id in hits.get(i, []):
                store.execute("INSERT INTO watch_hits (list_id, seq) VALUES (?,?) ON CONFLICT DO NOTHING",
                              (list_id, int(row[0])))
        store.executemany("INSERT INTO watch_seen (kind, ref, version) VALUES (?,?,?)"
                          " ON CONFLICT (kind, ref) DO UPDATE SET version = excluded.version", list(seen))
    return seqs


def changes(store: Store, *, since: str | None = None, after_seq: int = 0, story_ids: Sequence[str] | None = None,
            list_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Journal entries newest first: recorded at or after ``since`` (store time, ISO), after
    sequence ``after_seq``, of the given stories, matching a watchlist."""
    where: list[str] = ["c.seq > ?"]
    params: list[Any] = [after_seq]
    if since:
        where.append("c.at >= ?")
        params.append(since)
    if story_ids is not None:
        where.append(f"c.story_id IN ({','.join('?' * len(story_ids))})" if story_ids else "1 = 0")
        params += list(story_ids)
    join = ""
    if list_id is not None:
        join = " JOIN watch_hits h ON h.seq = c.seq AND h.list_id = ?"
        params.insert(0, list_id)
    rows = store.execute(f"SELECT c.* FROM watch_changes c{join} WHERE {' AND '.join(where)}"
                         " ORDER BY c.seq DESC LIMIT ?", [*params, limit]).fetchall()
    return [dict(r) | {"detail": json.loads(r["detail"])} for r in rows]


def get_state(store: Store, key: str) -> Any:
    row = store.execute("SELECT value FROM watch_state WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def set_state(store: Store, key: str, value: Any) -> None:
    with store.transaction():
        store.execute("INSERT INTO watch_state (key, value) VALUES (?,?)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, json.dumps(value)))
