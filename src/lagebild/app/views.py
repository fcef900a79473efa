"""Story views: built once per story version, stored, and served to every interface.

A story's *version* (:func:`lagebild.story.view.story_version`) changes when it gains, loses or
renames anything its view depends on. :func:`story_view` answers from, in order: this process's
cache of recent views, the view stored in the store (``story_views``) when its version is current,
or a new build, which is then stored. Ingest builds the views of the stories it touched when it
ends (:func:`prebuild`), so the first read of a story is usually a stored one.

A caller that must not wait long (a web request) passes ``wait``: builds then run on a small
worker pool, one per version however many requests ask at once; a story that changed since its last
build is answered at once with the previous view (``stale``) while the new one is built, and a story
never built before makes the request wait up to ``wait`` seconds (counted from when the build was
first asked for, so only the first caller waits), then :class:`~lagebild.errors.StillBuildingError`
tells it to come back.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from .. import corrections
from ..errors import NotFoundError, StillBuildingError
from ..model import Article, Story
from ..settings import Settings
from ..store import entities as entity_store
from ..store import views as view_store
from ..store.base import Store, open_store
from ..story.view import StoryEntity, StoryView, story_version

#: Views kept in memory per process: a page, its JSON twin and its reports share one; 64 recent
#: stories of a few hundred KB each fit easily.
CACHE_SIZE = 64
#: View builds running at once in a server. Building is CPU-bound Python; on a small machine more
#: parallel builds only slow down the requests that are served from the cache meanwhile.
BUILD_WORKERS = 2


@dataclass
class ViewResult:
    """A story view, its JSON (encoded once), and whether a newer version is being built."""

    view: StoryView
    data: bytes
    stale: bool = False

    def json_bytes(self) -> bytes:
        if not self.stale:
            return self.data
        return json.dumps(self.view.to_dict() | {"stale": True}, ensure_ascii=False).encode("utf-8")


# -- stories -------------------------------------------------------------------------------------
def list_stories(store: Store) -> list[Story]:
    """Active stories (events and article ids, no view) with the analysts' corrections applied,
    most recently active first."""
    return corrections.corrected_stories(store)


def load_story(store: Store, story_id: str) -> Story:
    """One story by its id or any id merged into it, corrections applied; NotFoundError when
    there is none."""
    try:
        return corrections.corrected_story(store, story_id)
    except (KeyError, LookupError) as exc:
        raise NotFoundError(f"no story {story_id!r}") from exc


def story_articles(store: Store, story: Story) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for aid in dict.fromkeys(story.article_ids):
        try:
            out[aid] = store.get_article(aid)
        except NotFoundError:
            continue
    return out


# -- building ------------------------------------------------------------------------------------
@dataclass
class BuildInput:
    """Everything a build reads from the store, read in the caller's thread (store connections
    belong to their thread): the story, its articles and their linked entities."""

    story: Story
    articles: dict[str, Article]
    since: str | None
    entity_ids: dict[tuple[str, int, int], str]
    entity_info: dict[str, StoryEntity]


def build_input(store: Store, story: Story, since: str | None = None) -> BuildInput:
    articles = story_articles(store, story)
    ids = entity_store.mention_ids(store, list(articles))
    info = {e.id: StoryEntity(e.id, e.name, e.label, e.n_mentions, e.n_articles, list(e.aliases))
            for e in entity_store.entities_by_id(store, ids.values()).values()}
    return BuildInput(story, articles, since, ids, info)


def build(inp: BuildInput) -> ViewResult:
    from ..story.build import build_story  # numpy, the encoder: only where views are built

    view = build_story(inp.story, inp.articles, since=inp.since, entity_ids=inp.entity_ids,
                       entity_info=inp.entity_info)
    return ViewResult(view, json.dumps(view.to_dict(), ensure_ascii=False).encode("utf-8"))


def build_and_save(store: Store, story: Story) -> ViewResult:
    """Build the current view of ``story`` and store it."""
    result = build(build_input(store, story))
    view_store.save_view(store, story.id, result.view.version, result.data.decode("utf-8"))
    _remember((store.path, result.view.version), (store.path, story.id, ""), result)
    return result


def prebuild(store: Store, cfg: Settings, story_ids: Iterable[str],
             progress: Callable[[str], None] | None = None) -> int:
    """Build and store the views of these stories where the stored one is missing or out of date;
    stories with fewer than ``cfg.views_min_articles`` or more than ``cfg.views_max_articles``
    articles are left for their first read. Returns how many were built."""
    wanted = list(dict.fromkeys(story_ids))
    stored = view_store.stored_versions(store)
    built = 0
    for sid in wanted:
        try:
            story = load_story(store, sid)
        except NotFoundError:  # merged away meanwhile and already listed under its new id
            continue
        size = len(set(story.article_ids))
        if max(1, cfg.views_min_articles) <= size <= cfg.views_max_articles and \
                stored.get(story.id) != story_version(story):
            build_and_save(store, story)
            built += 1
        if progress is not None:
            progress(sid)
    return built


# -- serving -------------------------------------------------------------------------------------
_cache: OrderedDict[tuple[str, str], ViewResult] = OrderedDict()  # (db, version) -> view
_latest: dict[tuple[str, str, str], tuple[str, str]] = {}          # (db, story, since) -> newest cached key
_pending: dict[tuple[str, str], Future[ViewResult]] = {}
_started: dict[tuple[str, str], float] = {}                        # when a pending build was asked for
_lock = threading.Lock()
_pool = ThreadPoolExecutor(max_workers=BUILD_WORKERS, thread_name_prefix="story-view")


def story_view(store: Store, story_id: str, since: str | None = None, *,
               wait: float | None = None) -> ViewResult:
    """The view of a story's current version (see the module doc); ``wait=None`` waits for a
    build as long as it takes (CLI, reports)."""
    story = load_story(store, story_id)
    version = story_version(story, since)
    key = (store.path, version)
    latest_key = (store.path, story.id, since or "")
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    stale: ViewResult | None = None
    if since is None:
        row = view_store.load_view(store, story.id)
        if row is not None:
            result = ViewResult(StoryView.from_dict(json.loads(row[1])), row[1].encode("utf-8"))
            if row[0] == version:
                _remember(key, latest_key, result)
                return result
            stale = result
    if wait is None:
        if since is None:
            return build_and_save(store, story)
        result = build(build_input(store, story, since))
        _remember(key, latest_key, result)
        return result
    return _build_in_background(store, story, since, key, latest_key, wait, stale)


def _build_in_background(store: Store, story: Story, since: str | None, key: tuple[str, str],
                         latest_key: tuple[str, str, str], wait: float, stale: ViewResult | None) -> ViewResult:
    with _lock:
        fut = _pending.get(key)
    if fut is None:
        inp = build_input(store, story, since)
        with _lock:
            fut = _pending.get(key)
            if fut is None:
                fut = _pending[key] = _pool.submit(_background_build, key, latest_key, inp)
                _started[key] = time.monotonic()
    with _lock:
        previous = _cache.get(_latest.get(latest_key, ("", ""))) or stale
    if previous is not None:
        return ViewResult(previous.view, previous.data, stale=True)
    wait = max(0.0, wait - (time.monotonic() - _started.get(key, time.monotonic())))
    try:
        return fut.result(timeout=wait)
    except FutureTimeout as exc:
        raise StillBuildingError(story.id) from exc


def _background_build(key: tuple[str, str], latest_key: tuple[str, str, str], inp: BuildInput) -> ViewResult:
    try:
        result = build(inp)
        if inp.since is None:
            _save_elsewhere(key[0], inp.story.id, result)
        _remember(key, latest_key, result)
        return result
    finally:
        with _lock:
            _pending.pop(key, None)
            _started.pop(key, None)


def _save_elsewhere(location: str, story_id: str, result: ViewResult) -> None:
    """Store a view built on a worker thread (over its own connection)."""
    if location == ":memory:":
        return
    with open_store(location) as store:
        view_store.save_view(store, story_id, result.view.version, result.data.decode("utf-8"))


def _remember(key: tuple[str, str], latest_key: tuple[str, str, str], result: ViewResult) -> None:
    with _lock:
        _cache[key] = result
        _cache.move_to_end(key)
        _latest[latest_key] = key
        while len(_cache) > CACHE_SIZE:
            old, _ = _cache.popitem(last=False)
            for k in [k for k, v in _latest.items() if v == old]:
                del _latest[k]
