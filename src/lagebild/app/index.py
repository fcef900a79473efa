"""Indexing stored articles: canonical entities across documents and the one clustering entry
point (events and stories, undated articles dated from their event), used by ingest, batch, the
API and feed watchers.

The entity index (:mod:`lagebild.link.persist`) and the clusterer keep their state in memory, so
each step holds the store's cluster lock, reloads what another process has written since this
process last did, and writes everything before letting go. An article that had no publication date gets the day its event's dated members
share (:mod:`lagebild.story.dating`); its temporal expressions are then normalised again by the
``timex`` stage against that date.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from ..model import Article, PubDate
from ..pipeline import StageTimes
from ..settings import Settings
from ..store import stories as story_store
from ..store.base import Store


class StoreIndexer:
    """Entities, events and stories of newly stored articles, correct while other processes write
    the same store."""

    def __init__(self, store: Store, cfg: Settings) -> None:
        from ..link.persist import StoredEntityIndex

        self.store, self.cfg = store, cfg
        self.entities = StoredEntityIndex(store)
        self._clusterer: object | None = None
        self._seen: str | None = None

    def index(self, articles: list[Article], times: StageTimes | None = None) -> list[str]:
        """Link ``articles`` (stored, not yet indexed) into the entity index and assign them to
        events and stories, in publication order; returns the ids of the stories they joined."""
        if not articles:
            return []
        from ..story.cluster import StoryClusterer

        t0 = time.perf_counter()
        with self.store.cluster_lock():
            self.entities.link(articles)
            if times is not None:
                times.add("entity-index", time.perf_counter() - t0)
                t0 = time.perf_counter()
            if self._clusterer is None or story_store.generation(self.store) != self._seen:
                self._clusterer = StoryClusterer(self.store, self.cfg)
            assert isinstance(self._clusterer, StoryClusterer)
            self._clusterer.assign_all(articles)
            self._clusterer.flush()
            self._seen = story_store.generation(self.store)
        date_undated(self.store, [a for a in articles if a.published is None])
        if times is not None:
            times.add("cluster", time.perf_counter() - t0)
        return story_store.stories_of_articles(self.store, [a.id for a in articles])

    def catch_up(self, times: StageTimes | None = None) -> list[str]:
        """Index articles a killed run (or an older lagebild) stored but did not link or cluster."""
        from ..store import entities as entity_store

        unlinked = entity_store.unlinked_ids(self.store)
        if unlinked:
            with self.store.cluster_lock():
                self.entities.link(self.store.get_article(a) for a in unlinked)
        return self.index(list(unclustered(self.store)), times)

    def close(self) -> None:
        self._clusterer = None  # every step flushed already


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
        if published is None:
            continue
        with store.transaction():
            store.update_article(redate(article, published))


def unclustered(store: Store) -> Iterable[Article]:
    for article_id in store.unclustered_ids():
        yield store.get_article(article_id)


def cluster_stored(store: Store, cfg: Settings, article_ids: Iterable[str]) -> list[str]:
    """Index stored articles that have no story yet (others are skipped); returns their stories."""
    waiting = set(store.unclustered_ids())
    arts = [store.get_article(a) for a in dict.fromkeys(article_ids) if a in waiting]
    indexer = StoreIndexer(store, cfg)
    try:
        return indexer.index(arts)
    finally:
        indexer.close()


def relink(store: Store) -> int:
    """Rebuild the entity index from every stored article (after the linking rules changed);
    returns how many articles were linked."""
    from ..link.persist import StoredEntityIndex
    from ..store import entities as entity_store
    from ..store.views import clear_views

    with store.cluster_lock():
        entity_store.clear(store)
        ids = entity_store.unlinked_ids(store)
        StoredEntityIndex(store).link(store.get_article(a) for a in ids)
    clear_views(store)  # entity names and ids in them may have changed
    return len(ids)
