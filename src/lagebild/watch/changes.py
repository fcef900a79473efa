"""What changed: compare what the store holds with what was seen last time, journal the difference.

After each watch cycle (and whenever :func:`detect_changes` is called) new stories, stories that
gained articles, new events, and new claims and conflicts in the stored story views become
entries of the change journal (``watch_changes``), each tagged with the watchlists it matches.
Webhooks of those watchlists then get the entries they have not had yet (POST, JSON), so a failed
delivery is retried with the next cycle and none is sent twice after a success.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any

from ..app import views as app_views
from ..store import feeds as fs
from ..store.base import Store

log = logging.getLogger("lagebild.watch")

#: watch_state key set once a baseline exists: the first detection on an existing store records
#: what is there without announcing it all as new.
BASELINE = "baseline"
#: Entries per webhook POST; more wait for the next cycle.
WEBHOOK_BATCH = 100
#: Characters of a claim's text or a conflict's subject in a journal title (the detail keeps all).
TEXT_CHARS = 140
#: Titles of new articles listed in a "story grew" entry.
NEW_TITLES_SHOWN = 5


def _key(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _view(store: Store, story_id: str) -> dict[str, Any] | None:
    """The stored view of a story (built by the application layer), when there is one."""
    row = store.execute("SELECT data FROM story_views WHERE story_id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
    except (TypeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def detect_changes(store: Store, *, baseline_only: bool = False, fetcher: Any = None) -> list[int]:
    """Journal what changed since the last call; returns the new journal sequence numbers.
    ``baseline_only``: only record the current state when no baseline exists yet."""
    has_baseline = fs.get_state(store, BASELINE)
    if baseline_only and has_baseline:
        return []
    emit = bool(has_baseline) or not baseline_only
    seen = {kind: fs.seen_versions(store, kind) for kind in ("story", "event", "article", "claim", "conflict")}
    changes: list[dict[str, Any]] = []
    marks: list[tuple[str, str, str]] = []
    stories = app_views.list_stories(store)  # as every interface lists them (corrections applied)
    shown_ids = [a for st in stories for a in [x for x in dict.fromkeys(st.article_ids)
                                               if x not in seen["article"]][:NEW_TITLES_SHOWN]]
    titles = {h["id"]: h["title"] or "" for h in store.article_headers(shown_ids)} if shown_ids else {}
    for story in stories:
        ids = list(dict.fromkeys(story.article_ids))
        fresh = [a for a in ids if a not in seen["article"]]
        marks += [("article", a, story.id) for a in fresh]
        version = str(len(ids))
        old = seen["story"].get(story.id)
        if old != version:
            marks.append(("story", story.id, version))
        shown = [titles.get(a, "") for a in fresh[:NEW_TITLES_SHOWN]]
        if old is None:
            changes.append({"kind": "story", "action": "new", "story_id": story.id, "ref": story.id,
                            "title": f"New story: {story.title or (shown[0] if shown else story.id)}",
                            "detail": {"n_articles": len(ids), "articles": shown, "story_title": story.title}})
        elif fresh:
            changes.append({"kind": "story", "action": "grown", "story_id": story.id, "ref": story.id,
                            "title": f"{story.title or story.id}: {len(fresh)} new article(s)",
                            "detail": {"n_articles": len(ids), "new_articles": len(fresh), "articles": shown,
                                       "story_title": story.title}})
        for ev in story.events:
            if ev.id not in seen["event"]:
                marks.append(("event", ev.id, story.id))
                if old is not None:  # a new story's events come with its own entry
                    changes.append({"kind": "event", "action": "new", "story_id": story.id, "ref": ev.id,
                                    "title": f"New event in {story.title or story.id}: {ev.title or ev.id}",
                                    "detail": {"event_title": ev.title, "first_seen": ev.first_seen,
                                               "n_articles": len(ev.article_ids), "story_title": story.title}})
        changes += _view_changes(store, story.id, story.title, seen, marks)
    if not emit:
        changes = []
    hits = _hits(store, changes)
    seqs = fs.record_changes(store, changes, marks, hits)
    if not has_baseline:
        fs.set_state(store, BASELINE, True)
    if fetcher is not None and seqs:
        deliver_webhooks(store, fetcher)
    return seqs


def _view_changes(store: Store, story_id: str, story_title: str, seen: dict[str, dict[str, str]],
                  marks: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    view = _view(store, story_id)
    if view is None:
        return []
    out = []
    for claim in view.get("claims") or []:
        key = _key(claim.get("source_key"), claim.get("stance"), claim.get("text"))
        if key in seen["claim"]:
            continue
        marks.append(("claim", key, story_id))
        outlets = ", ".join(claim.get("outlets") or []) or "?"
        who = outlets if claim.get("own") or not claim.get("source") else claim["source"]
        out.append({"kind": "claim", "action": "new", "story_id": story_id, "ref": key,
                    "title": f"New claim ({who}, {claim.get('stance') or 'assertion'}): {str(claim.get('text'))[:TEXT_CHARS]}",
                    "detail": {k: claim.get(k) for k in ("source", "stance", "text", "status", "outlets")}
                    | {"who": who, "story_title": story_title}})
    for conflict in view.get("conflicts") or []:
        key = _key(conflict.get("kind"), conflict.get("about"), *(conflict.get("values") or []))
        if key in seen["conflict"]:
            continue
        marks.append(("conflict", key, story_id))
        vs = conflict.get("values") or []
        out.append({"kind": "conflict", "action": "new", "story_id": story_id, "ref": key,
                    "title": f"New conflict ({conflict.get('kind')}{': ' + ' vs '.join(map(str, vs)) if vs else ''}):"
                             f" {str(conflict.get('about'))[:TEXT_CHARS]}",
                    "detail": {k: conflict.get(k) for k in ("kind", "about", "values")} | {"story_title": story_title}})
    return out


# -- watchlists ----------------------------------------------------------------------------------------
def term_articles(store: Store, term: dict[str, str]) -> set[str]:
    """Articles a watchlist term matches: a word or phrase in title or text; an entity by its name
    and, when the entity index knows it, its aliases."""
    value = term.get("value", "").strip()
    if not value:
        return set()
    names = {value}
    if term.get("kind") == "entity":
        names |= _aliases(store, value)
    out: set[str] = set()
    for name in names:
        out |= set(store.phrase_ids(name))
    return out


def _aliases(store: Store, name: str) -> set[str]:
    try:
        rows = store.execute("SELECT aliases FROM entities WHERE lower(name) = lower(?)", (name,)).fetchall()
    except Exception:  # noqa: BLE001 - no entity index in this store (older schema)
        return set()
    out: set[str] = set()
    for (aliases,) in rows:
        try:
            data = json.loads(aliases)
        except (TypeError, ValueError):
            continue
        out |= {str(a) for a in (data if isinstance(data, list | dict) else [])}
    return out


def _hits(store: Store, changes: Sequence[dict[str, Any]]) -> dict[int, list[int]]:
    lists = fs.watchlists(store)
    if not lists or not changes:
        return {}
    matched = {w["id"]: set().union(*(term_articles(store, t) for t in w["terms"])) if w["terms"] else set()
               for w in lists}
    members: dict[str, set[str]] = {}
    out: dict[int, list[int]] = {}
    for i, ch in enumerate(changes):
        sid = ch.get("story_id")
        if not sid:
            continue
        if sid not in members:
            try:
                members[sid] = set(app_views.load_story(store, sid).article_ids)
            except Exception:  # noqa: BLE001 - merged away meanwhile
                members[sid] = set()
        ids = [lid for lid, arts in matched.items() if arts & members[sid]]
        if ids:
            out[i] = ids
    return out


def deliver_webhooks(store: Store, fetcher: Any) -> int:
    """POST each watchlist's undelivered journal entries to its webhook; returns entries delivered."""
    from .fetch import FetchError

    sent = 0
    for w in fs.watchlists(store):
        if not w["webhook"]:
            continue
        entries = sorted(fs.changes(store, after_seq=w["delivered_seq"], list_id=w["id"], limit=WEBHOOK_BATCH),
                         key=lambda c: c["seq"])
        if not entries:
            continue
        payload = json.dumps({"watchlist": w["name"], "changes": entries}, ensure_ascii=False).encode("utf-8")
        try:
            fetcher.post_json(w["webhook"], payload)
        except FetchError as exc:
            log.warning("webhook of watchlist %s failed: %s", w["name"], exc.reason)
            continue
        fs.set_delivered(store, w["id"], entries[-1]["seq"])
        sent += len(entries)
    return sent
