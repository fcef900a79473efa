"""Analyst corrections: move an article to another event or story, merge, split and rename stories,
undo any of them. What CLI, API and web UI call (issue 18).

Each correction is validated against the stories as currently corrected, then appended to the
store's audit log (:mod:`lagebild.store.corrections`) with who made it and an optional note;
nothing of the clusterer's state is changed. Reads apply the log on top of the clusterer's
stories (:mod:`.overrides`): :func:`corrected_stories` and :func:`corrected_story` are
:func:`lagebild.store.stories.list_stories` / ``load_story`` with the analyst's decisions, and
:func:`version` changes with every correction (a part of every cached story view's version).
The clusterer asks :func:`pinned` which articles it must leave where the analyst put them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import LagebildError, NotFoundError
from ..model import Story
from ..store import corrections as db
from ..store import display
from ..store import stories as story_db
from ..store.base import Store
from .overrides import MANUAL_STORY, Overrides, Resolver, apply, fold

#: Longest story title, note and actor name kept (titles are headlines; notes a sentence or two).
MAX_TITLE_CHARS = 300
MAX_NOTE_CHARS = 1000
MAX_ACTOR_CHARS = 100
#: Most articles or events one correction may name (a split of a thousand articles is a mistake).
MAX_ITEMS = 1000
ACTIONS = ("move_article", "merge_stories", "split_story", "rename_story", "undo")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class CorrectionError(LagebildError):
    """A correction that cannot be applied (same story twice, an article not in the story, …)."""


def _clean(text: str | None, limit: int) -> str:
    return _CONTROL.sub(" ", text or "").strip()[:limit]


# -- reading ---------------------------------------------------------------------------------------
def overrides(store: Store) -> Overrides:
    return fold(db.active(store))


def version(store: Store) -> int:
    """Changes with every correction and undo: include it in a cached story view's version."""
    return db.last_seq(store)


def _resolver(store: Store, ov: Overrides) -> Resolver:
    return Resolver(ov, db.aliases(store), db.active_story_ids(store))


def _headers(store: Store, stories: list[Story]) -> dict[str, dict[str, Any]]:
    ids = [a for st in stories for a in st.article_ids]
    return {h["id"]: h for h in store.article_headers(ids)} if ids else {}


def corrected_stories(store: Store) -> list[Story]:
    """Every story with the corrections applied, most recently active first."""
    stories = story_db.list_stories(store)
    ov = overrides(store)
    if ov.empty:
        return stories
    return apply(stories, ov, _resolver(store, ov), _headers(store, stories))


def corrected_story(store: Store, story_id: str) -> Story:
    """One story with the corrections applied; a merged-away id leads to the story it went into."""
    ov = overrides(store)
    if ov.empty:
        return story_db.load_story(store, story_id)
    res = _resolver(store, ov)
    target = res.story(story_id)
    sources = _sources(store, ov, res, target)
    stories = apply(sources, ov, res, _headers(store, sources))
    for st in stories:
        if st.id == target:
            if target != story_id:
                st.meta["requested_id"] = story_id
            return st
    raise NotFoundError(f"no story {story_id!r}")


def _sources(store: Store, ov: Overrides, res: Resolver, target: str) -> list[Story]:
    """The clusterer stories whose articles may end up in ``target`` once corrections apply."""
    ids = {target} if target not in ov.manual else set()
    ids |= {s for s in ov.into if res.story(s) == target}
    arts = [a for a, p in ov.places.items() if res.story(p.story) == target]
    arts += [a for anchor, into in ov.anchors if res.story(into) == target for a in anchor]
    events = [e for e, (s, _) in ov.event_story.items() if res.story(s) == target]
    homes = db.event_homes(store, [*db.article_events(store, arts).values(), *events])
    ids |= set(homes.values())
    out: dict[str, Story] = {}
    for sid in ids:
        current = story_db.resolve(store, "story", sid)
        if current in out or current not in res.active or current in ov.manual:
            continue
        try:
            out[current] = story_db.load_story(store, current)
        except NotFoundError:
            continue
    return list(out.values())


def history(store: Store, story_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """The audit log, newest first (undone corrections included, with ``reverted_by``)."""
    if story_id is None:
        return db.history(store, None, limit)
    ov = overrides(store)
    res = _resolver(store, ov)
    target = res.story(story_id)
    names = {story_id, target} | {s for s in ov.seqs if res.story(s) == target}
    return db.history(store, sorted(names), limit)


def pinned(store: Store) -> dict[str, str]:
    """article id -> the event (else story) id the analyst put it in: the clusterer must not move
    these articles between events when it consolidates, and places them there when it re-clusters."""
    return {a: p.event or p.story for a, p in overrides(store).places.items()}


# -- writing ---------------------------------------------------------------------------------------
def _story_now(store: Store, story_id: str) -> Story:
    try:
        return corrected_story(store, story_id)
    except NotFoundError:
        raise NotFoundError(f"no story {story_id!r}") from None


def _where(store: Store, article_id: str) -> tuple[str | None, str | None]:
    """(story, event) an article is in now, corrections applied."""
    ev = db.article_events(store, [article_id]).get(article_id)
    if ev is None:
        return None, None
    home = db.event_homes(store, [ev]).get(ev)
    if home is None:
        return None, ev
    st = _story_now(store, home)
    for e in st.events:
        if article_id in e.article_ids:
            return st.id, e.id
    for s in corrected_stories(store):  # moved elsewhere by a correction
        for e in s.events:
            if article_id in e.article_ids:
                return s.id, e.id
    return None, ev


def move_article(store: Store, article_id: str, *, to_story: str | None = None, to_event: str | None = None,
                 actor: str = "", note: str = "") -> dict[str, Any]:
    """Pin an article to an event (it joins that event) or to a story (an event of its own there)."""
    if (to_story is None) == (to_event is None):
        raise CorrectionError("name either a target story or a target event")
    if not store.has_article(article_id):
        raise NotFoundError(f"no article {article_id!r}")
    with store.transaction():
        from_story, from_event = _where(store, article_id)
        if to_event is not None:
            to_story = _story_of_event(store, to_event)
            if to_event == from_event:
                raise CorrectionError(f"article {article_id} is already in event {to_event}")
        else:
            to_story = _story_now(store, to_story or "").id
            if to_story == from_story:
                raise CorrectionError(f"article {article_id} is already in story {to_story}")
        header = next(iter(store.article_headers([article_id])), {})
        if not header.get("title"):
            words = display.openings(store, [article_id], 120).get(article_id, "").split()
            header = {"title": " ".join(words[:10]) + (" …" if len(words) > 10 else "")}
        detail = {"article_id": article_id, "to_story": to_story, "to_event": to_event,
                  "from_story": from_story, "from_event": from_event, "article_title": header.get("title") or ""}
        seq = db.record(store, "move_article", story_id=from_story, target_id=to_story, detail=detail,
                        actor=_clean(actor, MAX_ACTOR_CHARS), note=_clean(note, MAX_NOTE_CHARS))
    return db.get(store, seq) or {}


def _story_of_event(store: Store, event_id: str) -> str:
    home = db.event_homes(store, [event_id]).get(event_id)
    if home is not None:
        st = _story_now(store, home)
        if any(e.id == event_id for e in st.events):
            return st.id
    for st in corrected_stories(store):
        if any(e.id == event_id for e in st.events):
            return st.id
    raise NotFoundError(f"no event {event_id!r}")


def merge_stories(store: Store, story_id: str, into: str, *, actor: str = "", note: str = "") -> dict[str, Any]:
    """Story ``story_id`` becomes part of ``into``: its events, and the articles that join it later."""
    with store.transaction():
        gone, keep = _story_now(store, story_id), _story_now(store, into)
        if gone.id == keep.id:
            raise CorrectionError(f"{story_id} and {into} are the same story")
        detail = {"articles": gone.article_ids[:MAX_ITEMS * 10], "title": gone.title, "into_title": keep.title}
        seq = db.record(store, "merge_stories", story_id=gone.id, target_id=keep.id, detail=detail,
                        actor=_clean(actor, MAX_ACTOR_CHARS), note=_clean(note, MAX_NOTE_CHARS))
    return db.get(store, seq) or {}


def split_story(store: Store, story_id: str, *, article_ids: Sequence[str] = (), event_ids: Sequence[str] = (),
                title: str | None = None, actor: str = "", note: str = "") -> dict[str, Any]:
    """Move the given events and articles of a story into a new story; returns the correction,
    whose ``target_id`` is the new story's id."""
    arts, evs = list(dict.fromkeys(article_ids)), list(dict.fromkeys(event_ids))
    if not arts and not evs:
        raise CorrectionError("a split needs articles or events to move")
    if len(arts) + len(evs) > MAX_ITEMS:
        raise CorrectionError(f"at most {MAX_ITEMS} articles and events per split")
    with store.transaction():
        st = _story_now(store, story_id)
        mine = {e.id: e for e in st.events}
        bad = [a for a in arts if a not in st.article_ids] + [e for e in evs if e not in mine]
        if bad:
            raise CorrectionError(f"not in story {st.id}: {', '.join(bad[:5])}")
        moving = set(arts) | {a for e in evs for a in mine[e].article_ids}
        if moving >= set(st.article_ids):
            raise CorrectionError("a split must leave articles in the story (rename it instead)")
        # An event all of whose articles move goes along as a whole (and takes later joiners with it).
        evs += [e.id for e in st.events if e.id not in evs and set(e.article_ids) <= set(arts)]
        arts = [a for a in arts if not any(a in mine[e].article_ids for e in evs)]
        clean_title = _clean(title, MAX_TITLE_CHARS)
        detail = {"article_ids": arts, "event_ids": evs, "title": clean_title, "from_title": st.title}
        seq = db.record(store, "split_story", story_id=st.id, target_id=None, detail=detail,
                        actor=_clean(actor, MAX_ACTOR_CHARS), note=_clean(note, MAX_NOTE_CHARS))
        db.set_target(store, seq, MANUAL_STORY.format(seq=seq))
    return db.get(store, seq) or {}


def rename_story(store: Store, story_id: str, title: str, *, actor: str = "", note: str = "") -> dict[str, Any]:
    clean = _clean(title, MAX_TITLE_CHARS)
    if not clean:
        raise CorrectionError("a story title cannot be empty")
    with store.transaction():
        st = _story_now(store, story_id)
        detail = {"title": clean, "old_title": st.title}
        seq = db.record(store, "rename_story", story_id=st.id, target_id=st.id, detail=detail,
                        actor=_clean(actor, MAX_ACTOR_CHARS), note=_clean(note, MAX_NOTE_CHARS))
    return db.get(store, seq) or {}


def undo(store: Store, seq: int, *, actor: str = "", note: str = "") -> dict[str, Any]:
    """Take back correction ``seq`` (it stays in the log, marked with the undo's seq)."""
    with store.transaction():
        row = db.get(store, int(seq))
        if row is None:
            raise NotFoundError(f"no correction {seq}")
        if row["action"] == "undo":
            raise CorrectionError("an undo cannot be undone; make the correction again")
        if row["reverted_by"] is not None:
            raise CorrectionError(f"correction {seq} was already undone (by {row['reverted_by']})")
        new = db.record(store, "undo", story_id=row["story_id"], target_id=str(seq),
                        detail={"action": row["action"], "target": row["target_id"]},
                        actor=_clean(actor, MAX_ACTOR_CHARS), note=_clean(note, MAX_NOTE_CHARS))
        db.mark_reverted(store, int(seq), new)
    return db.get(store, new) or {}


def describe(row: dict[str, Any], lang: str = "de", names: dict[str, str] | None = None) -> str:
    """One audit-log row in words (interface language ``lang``), stories and articles by their
    titles: those the row recorded, else ``names`` (id -> title), else the id."""
    from ..i18n import t

    names = names or {}
    d = row.get("detail") or {}
    action = row.get("action") or ""
    story, target = row.get("story_id") or "", row.get("target_id") or ""
    params = {"story": names.get(story) or story, "target": names.get(target) or target,
              "article": d.get("article_title") or names.get(d.get("article_id", "")) or d.get("article_id", ""),
              "title": d.get("title", ""), "old": d.get("old_title") or names.get(story) or story}
    if action == "merge_stories":
        params |= {"story": d.get("title") or params["story"], "target": d.get("into_title") or params["target"]}
    elif action == "split_story":
        params |= {"story": d.get("from_title") or params["story"], "target": d.get("title") or params["target"]}
    elif action == "undo":
        params["target"] = target
    text = t(f"corr.action.{action}", lang, **params)
    if row.get("actor"):
        text += " · " + t("corr.by", lang, actor=row["actor"])
    if row.get("reverted_by") is not None:
        text += f" ({t('corr.reverted', lang)})"
    return text


__all__ = ["ACTIONS", "CorrectionError", "corrected_stories", "corrected_story", "describe", "history",
           "merge_stories", "move_article", "overrides", "pinned", "rename_story", "split_story", "undo", "version"]
