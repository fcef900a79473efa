"""The story clusterer's working state: events and stories in memory, their inverted indexes,
the pending store writes, and the operations that change them (attach, move, merge, retire).

Decisions live elsewhere (:mod:`.cluster` joins articles, :mod:`.consolidate` merges and
splits); this module keeps the state consistent and makes it *exactly* reloadable: after every
:meth:`ClusterState.flush` the store holds what memory holds (centroid values rounded to what
the store keeps, the index order and the pending consolidation work included), so a clusterer
opened on the store after a kill continues exactly as the uninterrupted one would have.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import corrections
from ..store import stories as db
from ..store.base import Store
from .centroid import (
    Centroid,
    Postings,
    actor_cosine,
    blend,
    cosines,
    cross_lingual,
    distinct_kinds,
    gap_days,
    named,
    time_factor,
)
from .config import ClusterConfig
from .features import ArticleFeatures, pack_features

#: Candidate retrieval: keys looked up per query, keys a cluster is listed under (its heaviest
#: terms and entities, each: more than a query uses, so an article finds a cluster by a key that
#: is only in the cluster's second rank), posting depth scanned, candidates scored.
QUERY_KEYS = 12
INDEX_KEYS = 40
POSTING_DEPTH = 200
MAX_CANDIDATES = 25
#: Title candidates kept per event for its representative title.
MAX_TITLES = 12
#: A first line standing in for a missing headline is a worse title than a real headline.
FALLBACK_TITLE_WEIGHT = 0.5

EVENT, STORY = "event", "story"


@dataclass(slots=True)
class EventCluster:
    id: str
    seq: int
    story_id: str
    centroid: Centroid = field(default_factory=Centroid)
    articles: list[str] = field(default_factory=list)
    titles: list[list[Any]] = field(default_factory=list)  # [article_id, title, {term: weight}, real]
    status: str = "active"
    merged_into: str | None = None
    touched: int = 0  # the state's tick at the last change (orders the index after a reload)
    checked: int = 0  # size at the last split check


@dataclass(slots=True)
class StoryCluster:
    id: str
    seq: int
    centroid: Centroid = field(default_factory=Centroid)
    events: set[str] = field(default_factory=set)
    status: str = "active"
    merged_into: str | None = None
    touched: int = 0
    checked: int = 0


Cluster = EventCluster | StoryCluster


def _iso(day: int | None) -> str | None:
    return None if day is None else date.fromordinal(day).isoformat()


class ClusterState:
    """Events, stories and indexes of one store, with the writes not yet flushed."""

    def __init__(self, store: Store, cfg: ClusterConfig) -> None:
        self.store, self.cfg = store, cfg
        saved = db.load_state(store)
        self.saved = saved
        self.next_seq = {EVENT: int(saved.get("next_event", 1)), STORY: int(saved.get("next_story", 1))}
        self.latest_day: int | None = saved.get("latest_day")
        #: Articles assigned over the store's history (drives the flush/consolidation cadence).
        self.n_assigned = int(saved.get("n_assigned", saved.get("n_docs", 0)))
        self.tick = int(saved.get("tick", 0))
        self.pruned_day: int | None = None
        #: Set while a consolidation runs (its slice limit, 0 = all): a reload finishes it first.
        self.consolidating: int | None = saved.get("consolidating")
        self.events: dict[str, EventCluster] = {}
        self.stories: dict[str, StoryCluster] = {}
        self.index = {EVENT: Postings(), STORY: Postings()}
        self.assigned: dict[str, str] = {}
        self.batch = db.Batch()
        self.dirty: dict[str, set[str]] = {EVENT: set(), STORY: set()}
        #: Clusters changed since the last consolidation, oldest first (persisted with the state).
        self.pending: dict[str, dict[str, None]] = {
            EVENT: dict.fromkeys(saved.get("pending_events", [])),
            STORY: dict.fromkeys(saved.get("pending_stories", [])),
        }
        #: Articles an analyst placed (lagebild.corrections), with the event (or story) they were
        #: put in: a new one joins it directly, and consolidation never splits them off.
        self.pinned: dict[str, str] = corrections.pinned(store)
        self._load()

    # -- loading ------------------------------------------------------------------------------
    def _load(self) -> None:
        for row, blob in db.active_rows(self.store, STORY):
            st = StoryCluster(row["id"], row["seq"], Centroid.from_bytes(blob), touched=row.get("touched") or 0,
                              checked=row.get("checked") or 0)
            self.stories[st.id] = st
        rows = db.active_rows(self.store, EVENT)
        members = db.assignments_of(self.store, [r["id"] for r, _ in rows])
        for row, blob in rows:
            ev = EventCluster(row["id"], row["seq"], row["story_id"], Centroid.from_bytes(blob), members[row["id"]],
                              json.loads(row["titles"]), touched=row.get("touched") or 0,
                              checked=row.get("checked") or 0)
            if ev.story_id not in self.stories:  # its story was merged away (or retired) since
                ev.story_id = db.resolve(self.store, STORY, ev.story_id)
                if ev.story_id not in self.stories:
                    continue  # an event of a retired story takes no new articles
                self.dirty[EVENT].add(ev.id)
            self.events[ev.id] = ev
            self.stories[ev.story_id].events.add(ev.id)
        for kind in (EVENT, STORY):
            clusters: list[Cluster] = sorted(self.pool(kind).values(), key=lambda c: (c.touched, c.seq))
            for cl in clusters:
                self.index[kind].set_keys(cl.id, cl.centroid.top_keys(INDEX_KEYS))
        self.assigned.update(db.all_assignments(self.store))
        self.prune(self.saved.get("pruned_day", self.latest_day))

    # -- lookups ------------------------------------------------------------------------------
    def pool(self, kind: str) -> dict[str, Any]:
        return self.events if kind == EVENT else self.stories

    def window(self, kind: str) -> int:
        return self.cfg.event_window_days if kind == EVENT else self.cfg.story_window_days

    def open(self, kind: str, cid: str) -> Any:
        """The cluster when it can take articles (active and held in memory), else None."""
        cl = self.pool(kind).get(cid)
        if cl is None or cl.status != "active" or (kind == EVENT and cl.story_id not in self.stories):
            return None
        return cl

    def similarity(self, kind: str, a: Centroid, b: Centroid) -> float:
        """Content similarity damped by the time gap (0 beyond the window)."""
        return self.scores(kind, a, [b])[0]

    def scores(self, kind: str, a: Centroid, others: list[Centroid]) -> list[float]:
        """Similarity of ``a`` with each of ``others`` as the clustering sees it: the blended
        cosines damped by the time gap, 0 beyond the window. For stories a pair that names the same
        parties (entity cosine >= story_party_entity) decays slowly (an affair resumes after months),
        any other pair fast (a topic area or a recurring institution is no affair); and below
        story_min_entity a pair that names entities on both sides is no story at all."""
        cfg = self.cfg
        out = []
        for b, c in zip(others, cosines(a, others), strict=True):
            gap = gap_days(a, b)
            if gap is not None and gap > self.window(kind):
                out.append(0.0)
            elif kind == EVENT:
                out.append(self.event_score(a, b, c))
            elif named(a, b) and c[1] < cfg.story_min_entity:
                out.append(0.0)
            else:
                tau = cfg.story_party_tau_days if c[1] >= cfg.story_party_entity else cfg.story_tau_days
                out.append(blend(c, cross_lingual(a, b)) * time_factor(gap, cfg.story_grace_days, tau))
        return out

    def event_score(self, a: Centroid, b: Centroid, c: tuple[float, float, float | None]) -> float:
        """Event similarity: blended cosines, damped by the days since the happening began, and
        by the happening signature (story.signature): no actor in common, or another kind of
        happening days apart, is another happening."""
        cfg = self.cfg
        score = blend(c, cross_lingual(a, b)) * time_factor(since_start(a, b), cfg.event_grace_days,
                                                            cfg.event_tau_days)
        actors = actor_cosine(a, b)
        if actors is not None and actors < cfg.event_min_actor:
            score *= cfg.event_actor_factor
        if a.day is not None and b.day is not None and abs(a.day - b.day) >= cfg.event_kind_days \
                and distinct_kinds(a, b):
            score *= cfg.event_kind_factor
        return score

    def best(self, c: Centroid, kind: str, exclude: str | None = None,
             limit: int = MAX_CANDIDATES) -> tuple[Any, float]:
        """The most similar open event/story among the index candidates, with its similarity."""
        cands = self.candidates(c, kind, lambda x: x != exclude, limit)
        best, best_sim = None, 0.0
        for cl, s in zip(cands, self.scores(kind, c, [x.centroid for x in cands]), strict=True):
            if s > best_sim:
                best, best_sim = cl, s
        return best, best_sim

    def candidates(self, c: Centroid, kind: str, keep: Callable[[str], bool],
                   limit: int = MAX_CANDIDATES) -> list[Any]:
        """Open clusters sharing the most of ``c``'s heaviest keys (the inverted index)."""
        tn, en = c.tnorm() or 1.0, c.enorm() or 1.0
        keys = ([(k, v / tn) for k, v in _heaviest(c.terms, QUERY_KEYS)]
                + [(k, v / en) for k, v in _heaviest(c.entities, QUERY_KEYS)])
        pool = self.pool(kind)
        return [pool[cid] for cid in self.index[kind].query(
            keys, POSTING_DEPTH, limit, lambda x: self.open(kind, x) is not None and keep(x))]

    # -- changes ------------------------------------------------------------------------------
    def _new_id(self, kind: str) -> tuple[str, int]:
        seq = self.next_seq[kind]
        self.next_seq[kind] += 1
        return f"{kind[0]}{seq:06d}", seq

    def new_story(self) -> StoryCluster:
        sid, seq = self._new_id(STORY)
        st = self.stories[sid] = StoryCluster(sid, seq)
        return st

    def new_event(self, story: StoryCluster) -> EventCluster:
        eid, seq = self._new_id(EVENT)
        ev = self.events[eid] = EventCluster(eid, seq, story.id)
        story.events.add(eid)
        return ev

    def touch(self, cl: Cluster) -> None:
        """Mark a cluster changed: written at the next flush, re-indexed by its current heaviest
        keys, queued for consolidation."""
        kind = EVENT if isinstance(cl, EventCluster) else STORY
        self.tick += 1
        cl.touched = self.tick
        self.dirty[kind].add(cl.id)
        self.pending[kind][cl.id] = None
        self.index[kind].set_keys(cl.id, cl.centroid.top_keys(INDEX_KEYS))

    def attach(self, ev: EventCluster, st: StoryCluster, f: ArticleFeatures, sim: float) -> None:
        """One new article joins event ``ev`` of story ``st``."""
        ev.centroid.add(f)
        st.centroid.add(f)
        ev.articles.append(f.article_id)
        if len(ev.titles) < MAX_TITLES:
            ev.titles.append([f.article_id, f.title, {str(k): round(v, 4) for k, v in f.title_terms.items()},
                              f.has_title])
        self.assigned[f.article_id] = ev.id
        self.batch.assignments.append((f.article_id, ev.id, round(sim, 4) if sim else None, pack_features(f)))
        self.n_assigned += 1
        if f.end is not None and (self.latest_day is None or f.end > self.latest_day):
            self.latest_day = f.end
        self.touch(ev)
        self.touch(st)

    def move_article(self, article_id: str, to: EventCluster) -> None:
        self.assigned[article_id] = to.id
        self.batch.moves.append((article_id, to.id))

    def move_event(self, ev: EventCluster, to: StoryCluster) -> None:
        src = self.stories[ev.story_id]
        src.centroid.remove(ev.centroid)
        src.events.discard(ev.id)
        to.centroid.merge(ev.centroid)
        to.events.add(ev.id)
        ev.story_id = to.id
        self.touch(ev)
        self.touch(to)
        self.touch(src)
        if not src.events and src.status == "active":
            self.retire(src, to, "emptied")

    def retire(self, gone: Cluster, keep: Cluster, reason: str, **detail: Any) -> None:
        """``gone`` is merged into ``keep``: its id becomes an alias of the kept one."""
        kind = EVENT if isinstance(gone, EventCluster) else STORY
        gone.status, gone.merged_into = "merged", keep.id
        self.batch.aliases.append((gone.id, kind, keep.id))
        self.batch.dropped_centroids.append((kind, gone.id))
        self.log("merge", kind, keep.id, gone.id, reason=reason, **detail)
        self.dirty[kind].add(gone.id)
        self.index[kind].set_keys(gone.id, [])

    def merge_events(self, keep: EventCluster, gone: EventCluster, sim: float) -> None:
        if gone.story_id != keep.story_id:
            self.move_event(gone, self.stories[keep.story_id])
        self.stories[keep.story_id].events.discard(gone.id)
        keep.centroid.merge(gone.centroid)
        keep.articles.extend(gone.articles)
        keep.titles.extend(gone.titles[: max(0, MAX_TITLES - len(keep.titles))])
        for art in gone.articles:
            self.move_article(art, keep)
        gone.articles = []
        self.retire(gone, keep, "similarity", similarity=round(sim, 4))
        self.touch(keep)
        self.touch(self.stories[keep.story_id])

    def merge_stories(self, keep: StoryCluster, gone: StoryCluster, sim: float) -> None:
        for eid in sorted(gone.events):
            ev = self.events.get(eid)
            if ev is not None:
                ev.story_id = keep.id
                self.dirty[EVENT].add(eid)
            keep.events.add(eid)
        self.batch.story_moves.append((gone.id, keep.id))  # also the events no longer in memory
        keep.centroid.merge(gone.centroid)
        gone.events = set()
        self.retire(gone, keep, f"similarity {sim:.3f}")
        self.touch(keep)

    def note_split_check(self, cl: Cluster, size: int) -> None:
        cl.checked = size
        self.dirty[EVENT if isinstance(cl, EventCluster) else STORY].add(cl.id)

    def log(self, action: str, kind: str, kept: str, other: str, **detail: Any) -> None:
        self.batch.log.append((action, kind, kept, other, detail))

    # -- persistence --------------------------------------------------------------------------
    def flush(self, idf: Any) -> None:
        """Write changed clusters, new assignments, the log, the IDF changes and the state in one
        transaction; memory then holds exactly what the store holds."""
        b = self.batch
        for eid in sorted(self.dirty[EVENT]):
            ev = self.events.get(eid)
            if ev is None:
                continue
            c = ev.centroid
            b.events.append({"id": ev.id, "seq": ev.seq, "story_id": ev.story_id, "title": event_title(ev),
                             "first_seen": _iso(c.first_day()), "last_seen": _iso(c.last_day()),
                             "n_articles": len(ev.articles), "status": ev.status, "merged_into": ev.merged_into,
                             "titles": ev.titles, "touched": ev.touched, "checked": ev.checked})
            if ev.status == "active":
                c.round_to_stored()
                b.centroids.append((EVENT, ev.id, c.to_bytes()))
        for sid in sorted(self.dirty[STORY]):
            st = self.stories.get(sid)
            if st is None:
                continue
            evs = [self.events[e] for e in sorted(st.events) if e in self.events]
            main = max(evs, key=lambda e: (len(e.articles), e.centroid.end or 0, -e.seq), default=None)
            b.stories.append({"id": st.id, "seq": st.seq, "title": event_title(main) if main else "",
                              "first_seen": _iso(st.centroid.first_day()), "last_seen": _iso(st.centroid.last_day()),
                              "n_events": len(st.events), "n_articles": st.centroid.n, "status": st.status,
                              "merged_into": st.merged_into, "touched": st.touched, "checked": st.checked})
            if st.status == "active":
                st.centroid.round_to_stored()
                b.centroids.append((STORY, st.id, st.centroid.to_bytes()))
        b.df = [(k, int(idf.df[k])) for k in sorted(idf.touched)]
        b.state = {"n_docs": idf.n_docs, "next_event": self.next_seq[EVENT], "next_story": self.next_seq[STORY],
                   "latest_day": self.latest_day, "n_assigned": self.n_assigned, "tick": self.tick,
                   "pruned_day": self.pruned_day, "consolidating": self.consolidating,
                   "pending_events": list(self.pending[EVENT]), "pending_stories": list(self.pending[STORY])}
        db.write_batch(self.store, b)
        idf.touched.clear()
        self.dirty[EVENT].clear()
        self.dirty[STORY].clear()
        self.batch = db.Batch()

    def prune_now(self, idf: Any) -> None:
        """Flush, then forget what is idle as of the latest day (noted first, for a reload)."""
        self.pruned_day = self.latest_day
        self.flush(idf)
        self.prune(self.pruned_day)

    def prune(self, day: int | None) -> None:
        """Forget clusters idle beyond their window as of ``day`` (None: only merged ones); they
        stay in the store, unchanged. Runs on a flushed state at points counted over the store's
        history, and a reload prunes as of the same day, so a reloaded clusterer holds exactly
        the clusters the uninterrupted one holds."""
        self.pruned_day = day
        for kind in (STORY, EVENT):
            pool = self.pool(kind)
            cut = None if day is None else day - self.window(kind)
            for cid in [cid for cid, cl in pool.items()
                        if self.open(kind, cid) is None
                        or (cut is not None and cl.centroid.end is not None and cl.centroid.end < cut)]:
                del pool[cid]
            self.index[kind].prune(set(pool))


def since_start(a: Centroid, b: Centroid) -> float | None:
    """Days between the starts of two publication intervals (None when one is undated): an event
    is anchored where its happening began, so a chain of daily reports cannot carry it on into
    the next happening of the same affair (a strike, then the arbitration a week later)."""
    if a.start is None or b.start is None:
        return None
    return float(abs(a.start - b.start))


def _heaviest(vec: dict[int, float], n: int) -> list[tuple[int, float]]:
    return sorted(vec.items(), key=lambda kv: -kv[1])[:n]


def event_title(ev: EventCluster) -> str:
    """The member headline that best represents the event's terms (real headlines first)."""
    best, best_s = "", -1.0
    tn = ev.centroid.tnorm() or 1.0
    for _, title, terms, real in ev.titles:
        s = sum(v * ev.centroid.terms.get(int(k), 0.0) for k, v in terms.items()) / tn
        s *= 1.0 if real else FALLBACK_TITLE_WEIGHT
        if title and s > best_s + 1e-9:
            best, best_s = title, s
    return best
