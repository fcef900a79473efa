"""Periodic consolidation of the story clustering: merge events/stories that converged, split
off what drifted.

Ids stay stable for users: a merge keeps the older id and records the younger one as an alias;
a split keeps the id on the largest part. Every change is written to the store's consolidation
log. Runs on the clusters changed since the last run, oldest first, in slices; works only
through :class:`~lagebild.story.state.ClusterState`'s public operations.
"""

from __future__ import annotations

from typing import Any

from ..store import stories as db
from .centroid import Centroid, centroid_of
from .features import ArticleFeatures, unpack_features
from .state import EVENT, STORY, ClusterState, EventCluster, StoryCluster

#: Consolidation compares fewer candidates than joining: a merge needs a similarity far above
#: joining, and such a pair shares the heaviest keys, so it ranks at the top of the candidates.
MERGE_CANDIDATES = 8
#: Events smaller than this are not checked for splits (two articles cannot drift apart).
SPLIT_MIN_ARTICLES = 4
#: A cluster is checked for a split again only after it grew by this factor since its last check:
#: drift needs new members, and re-checking on every article would cost O(n^2) over a stream.
RECHECK_GROWTH = 1.5


def consolidate(state: ClusterState, idf: Any, limit: int | None = None) -> dict[str, int]:
    """Merge converged / split drifted events and stories changed since the last run (at most
    ``limit`` of each, oldest first; all when None)."""
    counts = {"event_merges": 0, "event_splits": 0, "story_merges": 0, "story_splits": 0}
    # Written before anything changes: a clusterer reloaded after a kill in the middle of this
    # finds the same pending clusters and the note to consolidate them first.
    state.consolidating = limit or 0
    state.flush(idf)
    ids = {}
    for kind in (EVENT, STORY):
        queue = state.pending[kind]
        ids[kind] = list(queue)[:limit] if limit else list(queue)
        for cid in ids[kind]:
            del queue[cid]
    cfg = state.cfg
    # A cluster that did not grow since it opened was compared with all others then (unless the
    # merge bar is below the joining bar).
    single_done = {EVENT: cfg.event_merge_threshold >= cfg.event_threshold,
                   STORY: cfg.story_merge_threshold >= cfg.story_threshold}
    for eid in sorted(ids[EVENT], key=_seq):
        ev = state.open(EVENT, eid)
        if ev is None or (len(ev.articles) < 2 and single_done[EVENT]):
            continue
        other, s = state.best(ev.centroid, EVENT, exclude=ev.id, limit=MERGE_CANDIDATES)
        if other is not None and s >= cfg.event_merge_threshold:
            keep, gone = (ev, other) if ev.seq < other.seq else (other, ev)
            state.merge_events(keep, gone, s)
            counts["event_merges"] += 1
    for eid in ids[EVENT]:
        ev = state.open(EVENT, eid)
        if ev is not None and len(ev.articles) >= SPLIT_MIN_ARTICLES and _due(state, ev, len(ev.articles)):
            counts["event_splits"] += split_event(state, ev)
    for sid in sorted(ids[STORY], key=_seq):
        st = state.open(STORY, sid)
        if st is None or (st.centroid.n < 2 and single_done[STORY]):
            continue
        other, s = state.best(st.centroid, STORY, exclude=st.id, limit=MERGE_CANDIDATES)
        if other is not None and s >= cfg.story_merge_threshold:
            keep, gone = (st, other) if st.seq < other.seq else (other, st)
            state.merge_stories(keep, gone, s)
            counts["story_merges"] += 1
    for sid in ids[STORY]:
        st = state.open(STORY, sid)
        if st is not None and len(st.events) > 1 and _due(state, st, len(st.events)):
            counts["story_splits"] += split_story(state, st)
    state.consolidating = None
    state.flush(idf)
    return counts


def _seq(cid: str) -> int:
    return int(cid[1:])


def _due(state: ClusterState, cl: EventCluster | StoryCluster, size: int) -> bool:
    """Whether a cluster grew enough since its last split check (and note this check)."""
    if cl.checked and size < cl.checked * RECHECK_GROWTH:
        return False
    state.note_split_check(cl, size)
    return True


def split_event(state: ClusterState, ev: EventCluster) -> int:
    """Re-cluster the event's own articles (in publication order); groups far from the main one
    become new events. Articles an analyst placed here stay (they are not re-clustered)."""
    blobs = db.features_blobs(state.store, ev.articles)
    feats = sorted((unpack_features(a, blobs[a]) for a in ev.articles if a in blobs),
                   key=lambda f: (f.start is None, f.start or 0, f.article_id))
    if len(feats) < SPLIT_MIN_ARTICLES:
        return 0
    groups: list[tuple[Centroid, list[ArticleFeatures]]] = []
    for f in feats:
        one = centroid_of(f)
        best, best_s = -1, 0.0
        for i, (centroid, _) in enumerate(groups):
            s = state.similarity(EVENT, one, centroid)
            if s > best_s:
                best, best_s = i, s
        if best >= 0 and best_s >= state.cfg.event_split_threshold:
            groups[best][0].add(f)
            groups[best][1].append(f)
        else:
            groups.append((one, [f]))
    if len(groups) < 2:
        return 0
    main = max(groups, key=lambda g: len(g[1]))
    parts: list[tuple[Centroid, list[ArticleFeatures]]] = []
    for g in groups:
        if g is not main and state.similarity(EVENT, g[0], main[0]) < state.cfg.event_split_threshold:
            movable = [f for f in g[1] if f.article_id not in state.pinned]
            if len(movable) >= 2:
                moving = Centroid()
                for f in movable:
                    moving.add(f)
                parts.append((moving, movable))
    if not parts:
        return 0
    st = state.stories[ev.story_id]
    st.centroid.remove(ev.centroid)
    leaving = {f.article_id for _, members in parts for f in members}
    kept = [f for f in feats if f.article_id not in leaving]
    ev.centroid = Centroid()
    for f in kept:
        ev.centroid.add(f)
    ev.articles = [f.article_id for f in kept] + [a for a in ev.articles if a not in blobs]
    old_titles, keep_ids = ev.titles, set(ev.articles)
    ev.titles = [t for t in old_titles if t[0] in keep_ids]
    st.centroid.merge(ev.centroid)
    for moving, members in parts:
        new = state.new_event(st)
        new.centroid = moving
        for f in members:
            new.articles.append(f.article_id)
            state.move_article(f.article_id, new)
        ids = {f.article_id for f in members}
        new.titles = [t for t in old_titles if t[0] in ids]
        st.centroid.merge(new.centroid)
        state.log("split", EVENT, ev.id, new.id, articles=[f.article_id for f in members])
        state.touch(new)
    state.touch(ev)
    state.touch(st)
    return len(parts)


def split_story(state: ClusterState, st: StoryCluster) -> int:
    """Events that no longer fit the rest of their story leave it (for the best other story
    above the joining threshold, else a story of their own)."""
    moved = 0
    members = [state.events[e] for e in sorted(st.events) if e in state.events]
    if len(members) < 2:
        return 0
    for ev in sorted(members, key=lambda e: (len(e.articles), -e.seq)):
        if len(st.events) < 2 or ev.status != "active":
            break
        others = [o for o in members if o is not ev and o.story_id == st.id and o.status == "active"]
        sc = st.centroid
        rest = Centroid(dict(sc.terms), dict(sc.entities), None if sc.emb is None else sc.emb.copy(), sc.n,
                        actors=dict(sc.actors), kinds=dict(sc.kinds), day=sc.day, langs=sc.langs)
        rest.remove(ev.centroid)
        starts = [o.centroid.start for o in others if o.centroid.start is not None]
        ends = [o.centroid.end for o in others if o.centroid.end is not None]
        rest.start, rest.end = min(starts, default=None), max(ends, default=None)
        if not others or rest.n == 0 or state.similarity(STORY, ev.centroid, rest) >= state.cfg.story_split_threshold:
            continue
        target, s = state.best(ev.centroid, STORY, exclude=st.id)
        if target is None or s < state.cfg.story_threshold:
            target = state.new_story()
        state.move_event(ev, target)
        state.log("split", STORY, st.id, target.id, event=ev.id)
        moved += 1
    return moved
