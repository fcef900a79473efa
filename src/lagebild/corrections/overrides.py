"""Analyst corrections as overrides over the clusterer's stories: folded from the audit log, applied
when stories are read (a pure function of the clusterer's stories and the log).

Why on read: the clusterer keeps working as before (new articles, merges, splits, a rebuild), and
each read applies what the analyst decided on top, so a correction survives all of it:

* a moved article is pinned by its (content-hash) id: wherever the clusterer puts it, it is shown
  where the analyst put it;
* a merged story maps to the story it was merged into, following the clusterer's own merges, and
  the stories the clusterer later splits off it follow too (an *anchor*: most of their articles
  were in the merged story when the analyst merged it);
* a split pins the chosen articles and events to a new analyst story (``sx`` + the correction's
  seq); a whole event moved along takes the articles that join it later with it;
* a rename is a title by story id, the newest wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Event, Story

#: Ids of stories and events the analyst made (never collide with the clusterer's s000001 / e000001).
MANUAL_STORY = "sx{seq:06d}"
MANUAL_EVENT = "ex{seq:06d}"
#: A story the clusterer forms later (a split, a rebuild) follows an analyst merge when at least
#: this share of its articles (or more) were in the merged story at the time of the merge.
ANCHOR_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Place:
    """Where an article is pinned: a story, and an event in it (None: an event of its own)."""

    story: str
    event: str | None
    seq: int


@dataclass(slots=True)
class Overrides:
    seq: int = 0  # newest correction applied
    into: dict[str, str] = field(default_factory=dict)  # merged-away story -> story merged into
    titles: dict[str, tuple[str, int]] = field(default_factory=dict)  # story -> (title, seq)
    event_story: dict[str, tuple[str, int]] = field(default_factory=dict)  # event -> (story, seq)
    places: dict[str, Place] = field(default_factory=dict)  # article -> where it is pinned
    manual: dict[str, dict[str, Any]] = field(default_factory=dict)  # analyst story -> title, seq, from
    anchors: list[tuple[frozenset[str], str]] = field(default_factory=list)  # (articles, merged into)
    seqs: dict[str, set[int]] = field(default_factory=dict)  # story id -> corrections naming it

    @property
    def empty(self) -> bool:
        return not (self.into or self.titles or self.event_story or self.places or self.manual)

    def note(self, story_id: str | None, seq: int) -> None:
        if story_id:
            self.seqs.setdefault(story_id, set()).add(seq)


def fold(rows: list[dict[str, Any]]) -> Overrides:
    """The overrides of the active corrections ``rows`` (oldest first)."""
    ov = Overrides()
    for r in rows:
        seq, d, action = int(r["seq"]), r["detail"], r["action"]
        ov.seq = max(ov.seq, seq)
        ov.note(r["story_id"], seq)
        ov.note(r["target_id"], seq)
        if action == "move_article":
            ov.places[d["article_id"]] = Place(d["to_story"], d.get("to_event"), seq)
        elif action == "merge_stories":
            ov.into[r["story_id"]] = r["target_id"]
            ov.anchors.append((frozenset(d.get("articles", [])), r["target_id"]))
        elif action == "split_story":
            new = r["target_id"]
            ov.manual[new] = {"title": d.get("title") or "", "seq": seq, "from": r["story_id"]}
            for e in d.get("event_ids", []):
                ov.event_story[e] = (new, seq)
            for a in d.get("article_ids", []):
                ov.places[a] = Place(new, None, seq)
        elif action == "rename_story":
            ov.titles[r["story_id"]] = (d["title"], seq)
    return ov


class Resolver:
    """Current ids: follows analyst merges and the clusterer's aliases to the story in force."""

    def __init__(self, ov: Overrides, aliases: dict[tuple[str, str], str], active: set[str]) -> None:
        self.ov, self.aliases = ov, aliases
        self.active = active | set(ov.manual)

    def story(self, sid: str) -> str:
        path = [sid]
        while True:
            nxt = self.ov.into.get(path[-1]) or self.aliases.get(("story", path[-1]))
            if nxt is None or nxt in path:
                break
            path.append(nxt)
        for s in reversed(path):  # the last story of the chain still in force
            if s in self.active:
                return s
        return path[-1]

    def event(self, eid: str) -> str:
        seen = {eid}
        while (nxt := self.aliases.get(("event", eid))) is not None and nxt not in seen:
            seen.add(nxt)
            eid = nxt
        return eid


def apply(stories: list[Story], ov: Overrides, res: Resolver, headers: dict[str, dict[str, Any]]) -> list[Story]:
    """The stories as the analyst corrected them. ``headers``: article id -> ``published`` and
    ``title`` for every article of ``stories`` (to date and name events whose members changed)."""
    events: dict[str, Event] = {}
    home: dict[str, str] = {}
    by_story: dict[str, Story] = {}
    for st in stories:
        by_story[st.id] = st
        for ev in st.events:
            events[ev.id] = ev
            home[ev.id] = st.id
    for eid, (target, _) in ov.event_story.items():
        eid = res.event(eid)
        if eid in events:
            home[eid] = target
    pinned_events = {res.event(e) for e in ov.event_story}
    for st in stories:  # stories formed after a merge from the merged story's articles follow it
        arts = set(st.article_ids)
        for anchor, target in ov.anchors:
            if arts and res.story(target) != res.story(st.id) and len(arts & anchor) >= ANCHOR_SHARE * len(arts):
                for ev in st.events:
                    if ev.id not in pinned_events:
                        home[ev.id] = target
    members: dict[str, list[str]] = {eid: [a for a in ev.article_ids if a not in ov.places]
                                     for eid, ev in events.items()}
    changed = {eid for eid, ev in events.items() if len(members[eid]) != len(ev.article_ids)}
    made: dict[str, Event] = {}
    present = set(headers)
    later: list[tuple[str, Place]] = []
    for art, place in sorted(ov.places.items(), key=lambda kv: kv[1].seq):
        if art not in present:
            continue
        if place.event is not None:
            later.append((art, place))
            continue
        eid = MANUAL_EVENT.format(seq=place.seq)
        ev = made.get(eid) or made.setdefault(eid, Event(id=eid, story_id=place.story, meta={"manual": True}))
        ev.article_ids.append(art)
    for art, place in later:
        eid = res.event(place.event or "")
        if eid in events:
            members[eid].append(art)
            changed.add(eid)
        elif eid in made:
            made[eid].article_ids.append(art)
        else:  # the event is gone (its creator was undone): the article stays in the story
            fallback = MANUAL_EVENT.format(seq=place.seq)
            made.setdefault(fallback, Event(id=fallback, story_id=place.story, meta={"manual": True}))
            made[fallback].article_ids.append(art)
    out: dict[str, list[Event]] = {}
    for eid, ev in events.items():
        if members[eid]:
            new = replace(ev, article_ids=members[eid], meta=dict(ev.meta))
            if eid in changed:
                _redate(new, headers)
            out.setdefault(res.story(home[eid]), []).append(new)
    for ev in made.values():
        _redate(ev, headers)
        ev.title = ev.title or next((str(t) for a in ev.article_ids if (t := headers[a].get("title"))), "")
        out.setdefault(res.story(ev.story_id), []).append(ev)
    result = [_story(sid, evs, by_story.get(sid), ov, res) for sid, evs in out.items()]
    result.sort(key=lambda s: -s.meta["n_articles"])
    result.sort(key=lambda s: s.meta.get("last_seen") or "", reverse=True)
    result.sort(key=lambda s: s.meta.get("last_seen") is None)
    return result


def _redate(ev: Event, headers: dict[str, dict[str, Any]]) -> None:
    days = sorted(str(d) for d in (headers.get(a, {}).get("published") for a in ev.article_ids) if d)
    ev.first_seen, ev.last_seen = (days[0][:10], days[-1][:10]) if days else (None, None)
    ev.meta["n_articles"] = len(ev.article_ids)


def _story(sid: str, evs: list[Event], orig: Story | None, ov: Overrides, res: Resolver) -> Story:
    for ev in evs:
        ev.story_id = sid
    evs.sort(key=lambda e: (e.first_seen is None, e.first_seen or "", e.id))
    titles = [(t, seq) for s, (t, seq) in ov.titles.items() if res.story(s) == sid]
    manual = ov.manual.get(sid)
    if titles:
        title = max(titles, key=lambda ts: ts[1])[0]
    elif manual and manual["title"]:
        title = manual["title"]
    elif orig is not None and orig.title:
        title = orig.title
    else:
        title = max(evs, key=lambda e: len(e.article_ids)).title
    firsts = [e.first_seen for e in evs if e.first_seen]
    lasts = [e.last_seen for e in evs if e.last_seen]
    meta = dict(orig.meta) if orig is not None else {"aliases": []}
    seqs = sorted({q for s, qs in ov.seqs.items() if res.story(s) == sid for q in qs})
    meta.update(first_seen=min(firsts) if firsts else None, last_seen=max(lasts) if lasts else None,
                n_events=len(evs), n_articles=sum(len(e.article_ids) for e in evs),
                corrections=seqs, manual=manual is not None)
    return Story(id=sid, title=title, events=evs, meta=meta)


__all__ = ["ANCHOR_SHARE", "MANUAL_EVENT", "MANUAL_STORY", "Overrides", "Place", "Resolver", "apply", "fold"]
