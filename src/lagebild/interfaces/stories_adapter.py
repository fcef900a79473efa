"""The one place the interfaces meet the story layer: the CLI, the JSON API, the web pages and the
reports all list, load, build and cluster stories through these functions.

Building a story (timeline, claim alignment, conflicts, briefing) is far slower than reading it, so
built stories are cached per *story version* (its title and article ids). Builds run on a small
worker pool, one build per version however many requests ask for it at once. A caller that must
not wait long (a web request) passes ``wait``: when the story changed since its last build it gets
the previous build at once (marked stale) while the new one runs; a story never built before makes
it wait up to ``wait`` seconds (counted from when the build was first asked for, so only the first
caller waits), then :class:`StillBuilding` tells it to come back.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from ..errors import LagebildError, NotFoundError
from ..model import Article, Story
from ..store import stories as story_store
from ..store.base import Store
from ..story.build import build_story
from ..story.cluster import StoryClusterer
from ..story.outlets import outlet_names

#: Built story versions kept in memory (with their articles and derived views): a page, its JSON
#: twin and its reports share one build; 64 recent stories of a few hundred KB each fit easily.
BUILD_CACHE_SIZE = 64
#: Story builds running at once. Building is CPU-bound Python; on a small machine more parallel
#: builds only slow down the requests that are served from the cache meanwhile.
BUILD_WORKERS = 2


class StillBuilding(LagebildError):
    """A story's first build is still running; ``retry_after`` seconds is a fair time to come back."""

    def __init__(self, story_id: str, retry_after: int = 5) -> None:
        super().__init__(f"story {story_id!r} is being built; try again in a few seconds")
        self.story_id = story_id
        self.retry_after = retry_after


@dataclass
class Built:
    """One build of one story version: the filled story, its articles, and derived views (``memo``)."""

    story: Story
    articles: dict[str, Article]
    version: str
    memo: dict[str, Any] = field(default_factory=dict)
    stale: bool = False


# -- listing and loading -------------------------------------------------------------------------
def list_stories(store: Store) -> list[Story]:
    """Active stories (events and article ids, nothing built), most recently active first."""
    return story_store.list_stories(store)


def load_story(store: Store, story_id: str) -> Story:
    """One story by its id or any id merged into it; NotFoundError when there is none."""
    try:
        story: Story | None = story_store.load_story(store, story_id)
    except (KeyError, LookupError) as exc:
        raise NotFoundError(f"no story {story_id!r}") from exc
    if story is None:
        raise NotFoundError(f"no story {story_id!r}")
    return story


def story_articles(store: Store, story: Story) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for aid in dict.fromkeys(story.article_ids):
        try:
            out[aid] = store.get_article(aid)
        except NotFoundError:
            continue
    return out


def story_version(story: Story, since: str | None = None) -> str:
    """Changes whenever the story gains, loses or renames anything a build depends on."""
    key = "\x1f".join([story.id, story.title or "", since or "", *dict.fromkeys(story.article_ids)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# -- building ------------------------------------------------------------------------------------
_cache: OrderedDict[tuple[str, str], Built] = OrderedDict()       # (db, version) -> build
_latest: dict[tuple[str, str, str], tuple[str, str]] = {}          # (db, story, since) -> newest built key
_pending: dict[tuple[str, str], Future[Built]] = {}
_started: dict[tuple[str, str], float] = {}                        # when a pending build was asked for
_lock = threading.Lock()
_pool = ThreadPoolExecutor(max_workers=BUILD_WORKERS, thread_name_prefix="story-build")


def built_story(store: Store, story_id: str, since: str | None = None) -> tuple[Story, dict[str, Article]]:
    """The story with timeline, claims, conflicts, briefing and entities filled, and its articles."""
    b = built_story_memo(store, story_id, since)
    return b.story, b.articles


def built_story_memo(store: Store, story_id: str, since: str | None = None, *, wait: float | None = None,
                     prepare: Callable[[Built], None] | None = None) -> Built:
    """The current build of a story (see the module doc). ``prepare`` runs once per build, on the
    build worker, to fill ``Built.memo`` with derived views; ``wait=None`` waits as long as it takes."""
    story = load_story(store, story_id)
    version = story_version(story, since)
    key = (store.path, version)
    latest_key = (store.path, story.id, since or "")
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
        fut = _pending.get(key)
    if fut is None:
        articles = story_articles(store, story)  # read here: store connections belong to their thread
        with _lock:
            fut = _pending.get(key)
            if fut is None:
                fut = _pending[key] = _pool.submit(_build, key, latest_key, story, articles, since, prepare)
                _started[key] = time.monotonic()
    with _lock:
        previous = _cache.get(_latest.get(latest_key, ("", "")))
    if wait is not None and previous is not None:
        return Built(previous.story, previous.articles, previous.version, previous.memo, stale=True)
    if wait is not None:  # a build others already waited for answers at once: nobody waits twice
        wait = max(0.0, wait - (time.monotonic() - _started.get(key, time.monotonic())))
    try:
        return fut.result(timeout=wait)
    except FutureTimeout as exc:
        raise StillBuilding(story.id) from exc


def _build(key: tuple[str, str], latest_key: tuple[str, str, str], story: Story, articles: dict[str, Article],
           since: str | None, prepare: Callable[[Built], None] | None) -> Built:
    try:
        _ensure_entities(articles)
        built = Built(build_story(story, articles, since=since), articles, key[1])
        if prepare is not None:
            prepare(built)
        with _lock:
            _cache[key] = built
            _latest[latest_key] = key
            while len(_cache) > BUILD_CACHE_SIZE:
                old, _ = _cache.popitem(last=False)
                for k in [k for k, v in _latest.items() if v == old]:
                    del _latest[k]
        return built
    finally:
        with _lock:
            _pending.pop(key, None)
            _started.pop(key, None)


def _ensure_entities(articles: dict[str, Article]) -> None:
    """Tag entities on the loaded copies of articles stored without an ``entities`` layer.

    Articles ingested without annotation (``build_pipeline(annotate=False)``, older stores) have
    none; the story page needs them for its entity graph. The store is not changed.
    """
    missing = [a for a in articles.values() if "entities" not in a.layers]
    if not missing:
        return
    from ..annotate.ner import ner_stage

    for art in missing:
        try:
            ner_stage(art)
        except Exception:  # noqa: BLE001 - a tagger failure must not take the story page down
            continue


# -- clustering after an API ingest --------------------------------------------------------------
#: Held by every writer in this process that clusters (API ingest), so two clusterers never work
#: on the same store at once; the store's cluster lock keeps other processes out.
WRITE_LOCK = threading.RLock()


def cluster_articles(store: Store, article_ids: list[str]) -> int:
    """Assign stored articles that have no story yet to events and stories; returns how many."""
    with WRITE_LOCK:
        waiting = set(store.unclustered_ids())
        arts = []
        for aid in article_ids:
            if aid not in waiting:
                continue
            try:
                arts.append(store.get_article(aid))
            except NotFoundError:
                continue
        if not arts:
            return 0
        with store.cluster_lock(), StoryClusterer(store) as clusterer:
            clusterer.assign_all(arts)
        return len(arts)


def outlets_of(article: Article) -> list[str]:
    """Display names of the outlets that carried an article (the story layer's rule)."""
    return outlet_names(article)
