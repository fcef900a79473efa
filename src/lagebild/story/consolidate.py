"""Periodic consolidation of the story clustering: merge events/stories that converged, split
off what drifted (issue 6, part A).

Ids stay stable for users: a merge keeps the older id and records the younger one as an alias;
a split keeps the id on the largest part. Every change is written to the store's consolidation
log. Runs on the clusters touched since the last run, oldest touched first, in slices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..store import stories as db
from .centroid import Centroid, centroid_of
from .cluster import MAX_TITLES, QUERY_KEYS
from .features import ArticleFeatures, unpack_features

if TYPE_CHECKING:
    from .cluster import StoryClusterer, _Event, _Story

#: Consolidation compares fewer candidates than joining: a merge needs a similarity far above
#: joining, and such a pair shares the heaviest keys, so it ranks at the top of the candidates.
MERGE_CANDIDATES = 8
#: Events smaller than this are not checked for splits (two articles cannot drift apart).
SPLIT_MIN_ARTICLES = 4
#: A cluster is checked for a split again only after it grew by this factor since its last check:
#: drift needs new members, and re-checking on every article would cost O(n^2) over a stream.
RECHECK_GROWTH = 1.5


def consolidate(c: StoryClusterer, limit: int | None = None) -> dict[str, int]:
    """Merge converged / split drifted events and stories touched since the last run (at most
    ``limit`` of each, oldest touched first; all when None)."""
    counts = {"event_merges": 0, "event_splits": 0, "story_merges": 0, "story_splits": 0}
    ev_ids = list(c._touched_events)[:limit] if limit else list(c._touched_events)
    st_ids = list(c._touched_stories)[:limit] if limit else list(c._touched_stories)
    for e in ev_ids:
        del c._touched_events[e]
    for x in st_ids:
        del c._touched_stories[x]
    single_done = {"event": c.cfg.event_merge_threshold >= c.cfg.event_threshold,
                   "story": c.cfg.story_merge_threshold >= c.cfg.story_threshold}
    c.flush()
    for eid in sorted(ev_ids, key=lambda e: c.events[e].seq if e in c.events else 0):
        ev = c.events.get(eid)
        # An event that did not grow since it opened was compared with all others then (unless
        # the merge bar is below the joining bar).
        if ev is None or ev.status != "active" or (len(ev.articles) < 2 and single_done["event"]):
            continue
        other, s = c._best(ev.centroid, "event", exclude=ev.id, limit=MERGE_CANDIDATES)
        if other is not None and s >= c.cfg.event_merge_threshold:
            keep, gone = (ev, other) if ev.seq < other.seq else (other, ev)
            merge_events(c, keep, gone, s)
            counts["event_merges"] += 1
    for eid in ev_ids:
        ev = c.events.get(eid)
        if ev is not None and ev.status == "active" and len(ev.articles) >= SPLIT_MIN_ARTICLES \
                and _due(c, ev.id, len(ev.articles)):
            counts["event_splits"] += split_event(c, ev)
    for sid in sorted(st_ids, key=lambda s: c.stories[s].seq if s in c.stories else 0):
        st = c.stories.get(sid)
        if st is None or st.status != "active" or (st.centroid.n < 2 and single_done["story"]):
            continue
        other, s = c._best(st.centroid, "story", exclude=st.id, limit=MERGE_CANDIDATES)
        if other is not None and s >= c.cfg.story_merge_threshold:
            keep, gone = (st, other) if st.seq < other.seq else (other, st)
            merge_stories(c, keep, gone, s)
            counts["story_merges"] += 1
    for sid in st_ids:
        st = c.stories.get(sid)
        if st is not None and st.status == "active" and len(st.events) > 1 \
                and _due(c, st.id, len(st.events)):
            counts["story_splits"] += split_story(c, st)
    c.flush()
    return counts


def _due(c: StoryClusterer, cid: str, size: int) -> bool:
    """Whether a cluster grew enough since its last split check (and note this check)."""
    last = c._checked.get(cid, 0)
    if last and size < last * RECHECK_GROWTH:
        return False
    c._checked[cid] = size
    return True


def _log(c: StoryClusterer, action: str, kind: str, kept: str, other: str, **detail: Any) -> None:
    c._batch.log.append((action, kind, kept, other, detail))


def move_event(c: StoryClusterer, ev: _Event, to: _Story) -> None:
    src = c.stories[ev.story_id]
    src.centroid.remove(ev.centroid)
    src.events.discard(ev.id)
    to.centroid.merge(ev.centroid)
    to.events.add(ev.id)
    ev.story_id = to.id
    c.story_index.touch(to.id, ev.centroid.top_keys(QUERY_KEYS))
    c._touch(ev, to)
    c._dirty_stories.add(src.id)
    if not src.events and src.status == "active":
        _retire_story(c, src, to, "emptied")


def _retire_story(c: StoryClusterer, gone: _Story, keep: _Story, reason: str) -> None:
    gone.status, gone.merged_into = "merged", keep.id
    c._batch.aliases.append((gone.id, "story", keep.id))
    c._batch.dropped_centroids.append(("story", gone.id))
    _log(c, "merge", "story", keep.id, gone.id, reason=reason)
    c._dirty_stories.add(gone.id)


def merge_events(c: StoryClusterer, keep: _Event, gone: _Event, sim: float) -> None:
    if gone.story_id != keep.story_id:
        move_event(c, gone, c.stories[keep.story_id])
    c.stories[keep.story_id].events.discard(gone.id)
    keep.centroid.merge(gone.centroid)
    keep.articles.extend(gone.articles)
    keep.titles.extend(gone.titles[: max(0, MAX_TITLES - len(keep.titles))])
    for art in gone.articles:
        c.assigned[art] = keep.id
        c._batch.moves.append((art, keep.id))
    c.event_index.touch(keep.id, gone.centroid.top_keys(QUERY_KEYS))
    gone.status, gone.merged_into, gone.articles = "merged", keep.id, []
    c._batch.aliases.append((gone.id, "event", keep.id))
    c._batch.dropped_centroids.append(("event", gone.id))
    _log(c, "merge", "event", keep.id, gone.id, similarity=round(sim, 4))
    c._touch(keep, c.stories[keep.story_id])
    c._dirty_events.add(gone.id)


def merge_stories(c: StoryClusterer, keep: _Story, gone: _Story, sim: float) -> None:
    for eid in list(gone.events):
        ev = c.events.get(eid)
        if ev is not None:
            ev.story_id = keep.id
            c._dirty_events.add(eid)
        keep.events.add(eid)
    db.move_events(c.store, gone.id, keep.id)
    keep.centroid.merge(gone.centroid)
    c.story_index.touch(keep.id, gone.centroid.top_keys(QUERY_KEYS))
    gone.events = set()
    _retire_story(c, gone, keep, f"similarity {sim:.3f}")
    c._dirty_stories.add(keep.id)


def split_event(c: StoryClusterer, ev: _Event) -> int:
    """Re-cluster the event's own articles; groups far from the main one become new events."""
    blobs = db.features_blobs(c.store, ev.articles)
    feats = [unpack_features(a, blobs[a]) for a in ev.articles if a in blobs]
    if len(feats) < SPLIT_MIN_ARTICLES:
        return 0
    groups: list[tuple[Centroid, list[ArticleFeatures]]] = []
    for f in feats:
        one = centroid_of(f)
        scored = [(c._event_sim(one, g), i) for i, (g, _) in enumerate(groups)]
        s, i = max(scored) if scored else (0.0, -1)
        if i >= 0 and s >= c.cfg.event_split_threshold:
            groups[i][0].add(f)
            groups[i][1].append(f)
        else:
            groups.append((one, [f]))
    if len(groups) < 2:
        return 0
    main = max(groups, key=lambda g: len(g[1]))
    parts = [g for g in groups if g is not main and c._event_sim(g[0], main[0]) < c.cfg.event_split_threshold
             and len(g[1]) >= 2]
    if not parts:
        return 0
    st = c.stories[ev.story_id]
    st.centroid.remove(ev.centroid)
    kept = [f for f in feats if all(f not in g[1] for g in parts)]
    ev.centroid = Centroid()
    for f in kept:
        ev.centroid.add(f)
    ev.articles = [f.article_id for f in kept] + [a for a in ev.articles if a not in blobs]
    old_titles, keep_ids = ev.titles, set(ev.articles)
    ev.titles = [t for t in old_titles if t[0] in keep_ids]
    st.centroid.merge(ev.centroid)
    for _, members in parts:
        new = c._new_event(st)
        for f in members:
            new.centroid.add(f)
            new.articles.append(f.article_id)
            c.assigned[f.article_id] = new.id
            c._batch.moves.append((f.article_id, new.id))
        ids = {f.article_id for f in members}
        new.titles = [t for t in old_titles if t[0] in ids]
        st.centroid.merge(new.centroid)
        c.event_index.touch(new.id, new.centroid.top_keys(QUERY_KEYS))
        _log(c, "split", "event", ev.id, new.id, articles=[f.article_id for f in members])
        c._touch(new, st)
    c._touch(ev, st)
    return len(parts)


def split_story(c: StoryClusterer, st: _Story) -> int:
    """Events that no longer fit the rest of their story leave it (for the best other story
    above the joining threshold, else a story of their own)."""
    moved = 0
    members = [c.events[e] for e in st.events if e in c.events]
    if len(members) < 2:
        return 0
    for ev in sorted(members, key=lambda e: (len(e.articles), -e.seq)):
        if len(st.events) < 2 or ev.status != "active":
            break
        others = [o for o in members if o is not ev and o.story_id == st.id and o.status == "active"]
        rest = Centroid(dict(st.centroid.terms), dict(st.centroid.entities),
                        None if st.centroid.emb is None else st.centroid.emb.copy(), st.centroid.n)
        rest.remove(ev.centroid)
        starts = [o.centroid.start for o in others if o.centroid.start is not None]
        ends = [o.centroid.end for o in others if o.centroid.end is not None]
        rest.start, rest.end = min(starts, default=None), max(ends, default=None)
        if not others or rest.n == 0 or c._story_sim(ev.centroid, rest) >= c.cfg.story_split_threshold:
            continue
        target, s = c._best(ev.centroid, "story", exclude=st.id)
        if target is None or s < c.cfg.story_threshold:
            target = c._new_story()
        move_event(c, ev, target)
        _log(c, "split", "story", st.id, target.id, event=ev.id)
        moved += 1
    return moved
