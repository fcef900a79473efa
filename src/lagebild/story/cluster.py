"""Two-level online clustering: each new article joins the best event or opens one; a new event
joins the best story or opens one.

An *event* groups reports of one specific happening and its direct developments (days); a *story*
groups the events of one affair over months. Both are centroids compared with
:func:`~lagebild.story.centroid.similarities` (TF-IDF over lemmas, canonical entities, the
USE embedding of title + lead) damped by the time gap, with a short time constant for events and
a long one for stories. Candidates come from an inverted index over each cluster's heaviest terms
and entities, scanned newest first and only within an active time window, so the cost of one
assignment does not grow with the history. Periodic consolidation (:mod:`.consolidate`) merges
clusters that converged (the older id survives, the younger becomes an alias) and splits ones that
drifted; every change is logged in the store.

The result depends on the order articles arrive in, so the order is fixed: publication day, then
content id, undated articles last (:func:`arrival_key`). :func:`catch_up` clusters every stored
article that has no event yet in that order; the state is flushed at points counted over the
store's history and reloads exactly, so a run resumed after a kill ends where an uninterrupted
run ends. An ingest run writes inside ``store.writer_lock()`` and ends with :func:`finish_run`:
only the last run still writing clusters, so concurrent runs end as one run over all articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..model import Article
from ..store import stories as db
from ..store.base import Store
from .centroid import centroid_of
from .config import ClusterConfig
from .consolidate import consolidate
from .features import HASH_BITS, Featurizer, OnlineIdf, interval
from .state import EVENT, STORY, ClusterState, EventCluster, StoryCluster

#: Most pending events (and stories) one periodic consolidation handles; the rest wait for the
#: next one. Small frequent slices keep the worst single ``add`` short.
CONSOLIDATE_SLICE = 200
#: Forget clusters idle beyond their window every PRUNE_EVERY assignments (memory stays bounded;
#: counted over the store's history, so a resumed run prunes at the same points).
PRUNE_EVERY = 2000

__all__ = ["ClusterConfig", "StoryClusterer", "arrival_key", "catch_up", "finish_run"]


def arrival_key(article: Article) -> tuple[bool, int, str]:
    """The order that decides: publication day, then content id; undated articles last."""
    start = interval(article.published)[0]
    return (start is None, start or 0, article.id)


class StoryClusterer:
    """Online article -> event -> story assignment over a :class:`Store`."""

    def __init__(self, store: Store, cfg: Any = None) -> None:
        self.store = store
        self.cfg = ClusterConfig.of(cfg)
        saved = db.load_state(store)
        idf = OnlineIdf(db.load_df(store, 1 << HASH_BITS), int(saved.get("n_docs", 0)))
        self.featurizer = Featurizer(idf, use_encoder=self.cfg.use_encoder)
        self.state = ClusterState(store, self.cfg)
        if self.state.consolidating is not None:  # a run was killed while consolidating: finish it
            consolidate(self.state, self.featurizer.idf, self.state.consolidating or None)
            if self.state.n_assigned % PRUNE_EVERY == 0:
                self.state.prune_now(self.featurizer.idf)

    # -- views (read-only) --------------------------------------------------------------------
    @property
    def events(self) -> dict[str, EventCluster]:
        return self.state.events

    @property
    def stories(self) -> dict[str, StoryCluster]:
        return self.state.stories

    @property
    def assigned(self) -> dict[str, str]:
        return self.state.assigned

    # -- the incremental API ------------------------------------------------------------------
    def add(self, article: Article, embedding: np.ndarray | None = None) -> tuple[str, str]:
        """Assign one article; returns (event id, story id). Re-adding an article is a no-op."""
        state = self.state
        if article.id in state.assigned:
            return self._where(article.id)
        f = self.featurizer.features(article, embedding)
        ac = centroid_of(f)
        ev, sim = self._placed(article.id), 1.0
        if ev is None:
            ev, sim = state.best(ac, EVENT)
            if sim < self.cfg.event_threshold:
                ev = None
        if ev is None:
            st, s = state.best(ac, STORY)
            if st is None or s < self.cfg.story_threshold:
                st = state.new_story()
            ev = state.new_event(st)
        st = state.stories[ev.story_id]
        state.attach(ev, st, f, sim)
        n = state.n_assigned
        if n % self.cfg.consolidate_every == 0:
            consolidate(state, self.featurizer.idf, limit=CONSOLIDATE_SLICE)
        elif n % self.cfg.flush_every == 0:
            self.flush()
        if n % PRUNE_EVERY == 0:
            state.prune_now(self.featurizer.idf)
        return ev.id, st.id

    def _placed(self, article_id: str) -> EventCluster | None:
        """The event an analyst put this article in (lagebild.corrections), when it is open: the
        article joins it whatever the similarity; in a story, it opens an event there."""
        target = self.state.pinned.get(article_id)
        if target is None:
            return None
        ev: EventCluster | None = self.state.open(EVENT, target)
        if ev is None and self.state.open(STORY, target) is not None:
            ev = self.state.new_event(self.state.stories[target])
        return ev

    def _where(self, article_id: str) -> tuple[str, str]:
        ev_id = self.state.assigned[article_id]
        if ev_id in self.state.events:
            return ev_id, self.state.events[ev_id].story_id
        story_id = db.story_of_event(self.store, ev_id)
        return ev_id, db.resolve(self.store, STORY, story_id) if story_id else ""

    def assign_all(self, articles: Iterable[Article],
                   embeddings: dict[str, np.ndarray] | None = None) -> dict[str, int]:
        """Assign many articles in the deciding order (:func:`arrival_key`), then consolidate
        everything pending. ``embeddings`` (article id -> lead embedding) skips the encoder."""
        todo = sorted((a for a in articles if a.id not in self.state.assigned), key=arrival_key)
        seen: set[str] = set()
        for art in todo:
            if art.id in seen:
                continue
            seen.add(art.id)
            # one text per call: the encoder's output depends slightly on what it is batched with
            emb = embeddings.get(art.id) if embeddings is not None else None
            self.add(art, emb)
        # Consolidate only after new assignments: a run with nothing new changes nothing.
        report = self.consolidate() if seen else dict.fromkeys(
            ("event_merges", "event_splits", "story_merges", "story_splits"), 0)
        report["assigned"] = len(seen)
        return report

    def consolidate(self, limit: int | None = None) -> dict[str, int]:
        """Merge converged / split drifted events and stories changed since the last run (at
        most ``limit`` of each; all when None). See :mod:`.consolidate`."""
        return consolidate(self.state, self.featurizer.idf, limit)

    # -- persistence --------------------------------------------------------------------------
    def flush(self) -> None:
        """Write changed clusters, new assignments, the log and the IDF changes in one transaction."""
        self.state.flush(self.featurizer.idf)

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> StoryClusterer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def catch_up(store: Store, cfg: Any = None) -> dict[str, int]:
    """Cluster every stored article that has no event yet, in the deciding order, under the
    store's cluster lock (one clusterer per store at a time), and finish the consolidation a
    killed run left pending. Returns the consolidation counts and ``assigned``."""
    with store.cluster_lock(), StoryClusterer(store, cfg) as clusterer:
        return clusterer.assign_all(store.get_article(a) for a in store.unclustered_ids())


def finish_run(store: Store, cfg: Any = None) -> dict[str, int] | None:
    """The end of an ingest run that wrote inside ``store.writer_lock()``: when no other run is
    writing now, :func:`catch_up` (every run's unclustered articles, in the deciding order) and
    return its report; else None, and the run still writing clusters this run's articles too.
    So overlapping runs end as one run over all their articles, and a killed run's articles are
    clustered by the next run's catch-up, in the same order."""
    with store.last_writer() as last:
        return catch_up(store, cfg) if last else None
