"""Indexing stored articles, once per ingest run: canonical entities across documents, then events
and stories (the one clustering entry point, :func:`lagebild.story.cluster.catch_up`), then
undated articles dated from their event. Used by every ingest path (files, batch, the REST API,
feed watchers) through :class:`lagebild.app.ingest.Ingestor`.

Results must not depend on how the input was split into runs, batches or processes, so an ingest
run only *stores* while it holds the store's writer lock (shared with other runs writing at the same
time), and indexes when it ends: the last run still writing (:meth:`Store.last_writer`) links and
clusters every article not yet indexed, in the deciding order (:func:`lagebild.story.cluster.
arrival_key`: publication day, then content id). A run that is not the last leaves its articles to
the one that is. So overlapping runs end as one run over all their articles, and a killed run's
articles are indexed by the next run.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from ..model import Article, PubDate
from ..pipeline import StageTimes
from ..settings import Settings
from ..store import entities as entity_store
from ..store import stories as story_store
from ..store.base import Store


class StoreIndexer:
    """Links and clusters what a run stored; see the module doc."""

    def __init__(self, store: Store, cfg: Settings) -> None:
        self.store, self.cfg = store, cfg

    def finish(self, times: StageTimes | None = None) -> list[str] | None:
        """Index every stored article not indexed yet, when no other run is writing; returns the
        ids of the stories those articles are in, or None when another run will do it."""
        from ..link.persist import StoredEntityIndex
        from ..story.cluster import arrival_key, catch_up

        times = times if times is not None else StageTimes()
        with self.store.last_writer() as last:
            if not last:
                return None
            t0 = time.perf_counter()
            unlinked = [self.store.get_article(a) for a in entity_store.unlinked_ids(self.store)]
            if unlinked:
                with self.store.cluster_lock():
                    StoredEntityIndex(self.store).link(sorted(unlinked, key=arrival_key))
            times.add("entity-index", time.perf_counter() - t0)
            t0 = time.perf_counter()
            pending = [self.store.get_article(a) for a in self.store.unclustered_ids()]
            if pending:
                catch_up(self.store, self.cfg)
                date_undated(self.store, [a for a in pending if a.published is None])
            times.add("cluster", time.perf_counter() - t0)
        return story_store.stories_of_articles(self.store, [a.id for a in [*unlinked, *pending]])


def redate(article: Article, published: PubDate) -> Article:
    """Set an inferred publication date and run the ``timex`` stage again: its values are
    normalised against the publication date."""
    from ..annotate.timex import timex_stage

    article.published = published
    if "timex" in article.layers:
        timex_stage(article)
    return article


def date_undated(store: Store, undated: list[Article]) -> None:
    """Give undated articles the publication day of their event (see :func:`redate`)."""
    from ..story.dating import date_from_members

    for article in undated:
        event_id = story_store.event_of(store, article.id)
        if event_id is None:
            continue
        members = [store.get_article(a) for a in story_store.assignments_of(store, [event_id])[event_id]
                   if a != article.id]
        published = date_from_members(members)
        if published is not None:
            with store.transaction():
                store.update_article(redate(article, published))


def unclustered(store: Store) -> Iterable[Article]:
    for article_id in store.unclustered_ids():
        yield store.get_article(article_id)


def relink(store: Store) -> int:
    """Rebuild the entity index from every stored article (after the linking rules changed), in
    the deciding order; returns how many articles were linked."""
    from ..link.persist import StoredEntityIndex
    from ..store.views import clear_views
    from ..story.cluster import arrival_key

    with store.cluster_lock():
        entity_store.clear(store)
        arts = sorted((store.get_article(a) for a in entity_store.unlinked_ids(store)), key=arrival_key)
        StoredEntityIndex(store).link(arts)
    clear_views(store)  # entity names and ids in them may have changed
    return len(arts)
