"""The one place the interfaces meet the story modules (``lagebild.story`` / ``lagebild.store.stories``).

The web UI, the JSON API and the reports only call the functions here. When the story
clusterer (``lagebild.story.cluster`` + ``lagebild.store.stories``) or the story builder
(``lagebild.story.build``) are not installed, a plain fallback keeps the interfaces working:
each article is a story of its own, and a story's timeline, claims and entities are read
straight from the article's annotation layers.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections import OrderedDict
from types import ModuleType
from typing import Any

from ..errors import NotFoundError
from ..model import Article, Citation, Event, Story
from ..store.base import Store

#: Built stories kept in memory; building runs claim alignment and summarising, far slower than
#: reading, and a story page plus its JSON twin and polling would otherwise build it again and again.
BUILD_CACHE_SIZE = 64
#: Prefix of fallback story ids (one story per article) so they never collide with real story ids.
FALLBACK_PREFIX = "article-"
#: Least seconds between two looks for articles without a story (see :func:`catch_up`).
CATCH_UP_SECONDS = 2.0
#: Only articles stored at least this long ago are caught up: an ingest running in another
#: process clusters its batch right after writing it, and must not be raced.
CATCH_UP_AGE_SECONDS = 60


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _stores() -> ModuleType | None:
    """The story store, only together with the clusterer that fills it (else nothing would list)."""
    mod = _module("lagebild.store.stories")
    ok = mod is not None and hasattr(mod, "list_stories") and hasattr(mod, "load_story")
    return mod if ok and _clusterer() is not None else None


def _builder() -> ModuleType | None:
    mod = _module("lagebild.story.build")
    return mod if mod is not None and hasattr(mod, "build_story") else None


def _clusterer() -> Any | None:
    mod = _module("lagebild.story.cluster")
    return getattr(mod, "StoryClusterer", None) if mod is not None else None


def capabilities() -> dict[str, bool]:
    """Which story parts are installed (shown on the docs page and in /api/status)."""
    return {"clustering": _stores() is not None, "building": _builder() is not None}


# -- listing and loading -------------------------------------------------------------------------
def list_stories(store: Store) -> list[Story]:
    mod = _stores()
    if mod is not None:
        stories: list[Story] = mod.list_stories(store)
        return stories
    rows = store.article_headers()
    return [_fallback_story(r["id"], r["title"], r["published"]) for r in rows]


def load_story(store: Store, story_id: str) -> Story:
    mod = _stores()
    if mod is not None and not story_id.startswith(FALLBACK_PREFIX):
        try:
            story: Story = mod.load_story(store, story_id)
        except (KeyError, LookupError) as exc:
            raise NotFoundError(f"no story {story_id!r}") from exc
        if story is None:
            raise NotFoundError(f"no story {story_id!r}")
        return story
    if mod is None and story_id.startswith(FALLBACK_PREFIX):
        found = store.article_headers([story_id[len(FALLBACK_PREFIX):]])
        if found:
            row = found[0]
            return _fallback_story(row["id"], row["title"], row["published"])
    raise NotFoundError(f"no story {story_id!r}")


def _fallback_story(article_id: str, title: str | None, published: str | None) -> Story:
    sid = FALLBACK_PREFIX + article_id
    event = Event(id=f"{sid}-e1", story_id=sid, article_ids=[article_id], title=title or "",
                  first_seen=published, last_seen=published)
    return Story(id=sid, title=title or "", events=[event], meta={"fallback": True})


def story_articles(store: Store, story: Story) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for aid in dict.fromkeys(story.article_ids):
        try:
            out[aid] = store.get_article(aid)
        except NotFoundError:
            continue
    return out


# -- building ------------------------------------------------------------------------------------
_cache: OrderedDict[tuple[Any, ...], tuple[Story, dict[str, Article], dict[str, Any]]] = OrderedDict()
_lock = threading.Lock()


def built_story(store: Store, story_id: str, since: str | None = None) -> tuple[Story, dict[str, Article]]:
    """The story with timeline, claims, conflicts, briefing and entities filled, and its articles."""
    built, articles, _ = built_story_memo(store, story_id, since)
    return built, articles


def built_story_memo(store: Store, story_id: str,
                     since: str | None = None) -> tuple[Story, dict[str, Article], dict[str, Any]]:
    """:func:`built_story` plus a dict that lives as long as the cached build (for derived views).

    Built stories are cached with their articles, keyed by the story's current article ids, so a
    story that gains an article is built again.
    """
    story = load_story(store, story_id)
    key = (store.path, story.id, story.title, tuple(dict.fromkeys(story.article_ids)), since)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    articles = story_articles(store, story)
    _ensure_entities(articles)
    mod = _builder()
    built = mod.build_story(story, articles, since=since) if mod is not None else _fallback_build(story, articles)
    entry: tuple[Story, dict[str, Article], dict[str, Any]] = (built, articles, {})
    with _lock:
        _cache[key] = entry
        while len(_cache) > BUILD_CACHE_SIZE:
            _cache.popitem(last=False)
    return entry


def _ensure_entities(articles: dict[str, Article]) -> None:
    """Tag entities on the loaded copies of articles stored without an ``entities`` layer.

    Stores written before entity recognition joined the ingest pipeline have none; the story page
    needs them for its entity graph. The store is not changed; the built story is cached.
    """
    missing = [a for a in articles.values() if "entities" not in a.layers]
    if not missing:
        return
    mod = _module("lagebild.annotate.ner")
    stage = getattr(mod, "ner_stage", None) if mod is not None else None
    if stage is None:
        return
    for art in missing:
        try:
            stage(art)
        except Exception:  # noqa: BLE001 - a tagger failure must not take the story page down
            continue


def _fallback_build(story: Story, articles: dict[str, Article]) -> Story:
    """Timeline from dated temporal expressions, claims from quotes, entities from the entity layers."""
    from ..link.entities import canonical_entities

    timeline: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for aid, art in articles.items():
        sentences = art.spans("sentences")
        for span in art.spans("timex"):
            value = str(span.attrs.get("value") or "")
            if span.label != "DATE" or not value[:4].isdigit():
                continue
            sent = next((s for s in sentences if s.start <= span.start < s.end), span)
            timeline.append({"date": value, "label": art.text[sent.start:sent.end][:160],
                             "outlets": [art.outlet or ""],
                             "citations": [_cite(aid, sent.start, sent.end)]})
        for span in art.spans("quotes"):
            src = span.attrs.get("source")
            speaker = art.text[src[0]:src[1]] if isinstance(src, list) and len(src) == 2 else ""
            claims.append({"speaker": speaker, "text": art.text[span.start:span.end],
                           "stance": span.attrs.get("stance", ""), "outlets": [art.outlet or ""],
                           "status": "single-source", "citations": [_cite(aid, span.start, span.end)]})
    timeline.sort(key=lambda e: e["date"])
    entities = [e.to_dict() for e in canonical_entities(articles.values())]
    return Story(id=story.id, title=story.title, events=story.events, entities=entities, timeline=timeline,
                 claims=claims, conflicts=[], briefing=[], meta=dict(story.meta))


def _cite(article_id: str, start: int, end: int) -> dict[str, Any]:
    c = Citation(article_id, start, end)
    return {"article_id": c.article_id, "start": c.start, "end": c.end}


# -- incremental clustering after an API ingest ----------------------------------------------------
def cluster_articles(store: Store, article_ids: list[str]) -> int:
    """Assign stored articles to events and stories (no-op without the clusterer)."""
    with _cluster_lock:
        return _cluster(store, article_ids)


def _cluster(store: Store, article_ids: list[str]) -> int:
    cls = _clusterer()
    if cls is None or not article_ids:
        return 0
    arts = []
    for aid in article_ids:
        try:
            arts.append(store.get_article(aid))
        except NotFoundError:
            continue
    with store.cluster_lock(), cls(store) as clusterer:  # other processes may cluster this store too
        clusterer.assign_all(arts)
    return len(arts)


#: Held by every writer in this process that may cluster (API ingest, catch-up), so two
#: clusterers never work on the same store at once.
WRITE_LOCK = threading.RLock()
_cluster_lock = WRITE_LOCK
_last_catch_up = [0.0]


def catch_up(store: Store) -> int:
    """Cluster articles stored without a story (a store from an ingest that did not cluster).

    Runs at most every CATCH_UP_SECONDS, so the polling story list shows new articles soon
    without every request paying a query for it.
    """
    if _stores() is None or time.monotonic() - _last_catch_up[0] < CATCH_UP_SECONDS:
        return 0
    _last_catch_up[0] = time.monotonic()
    with _cluster_lock:
        ids = store.unclustered_ids(CATCH_UP_AGE_SECONDS)
        return _cluster(store, ids) if ids else 0


def outlets_of(article: Article) -> list[str]:
    """Display names of the outlets that carried an article (the story module's rule when installed)."""
    mod = _module("lagebild.story.outlets")
    if mod is not None and hasattr(mod, "outlet_names"):
        names: list[str] = mod.outlet_names(article)
        return names
    return [n for n in dict.fromkeys([article.outlet, *(s.outlet for s in article.sources)]) if n]
