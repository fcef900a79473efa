"""Data for pages, JSON API and reports: one shape per view, so every HTML page has a JSON twin.

Nothing here produces HTML: templates (autoescaping) do. Citations anywhere in a story are
resolved to the cited text, the outlet and a link to the article page at the offsets.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import asdict
from typing import Any

from ...app import views as app_views
from ...model import Article, Story
from ...store.base import Store
from ...story.view import StoryView, cite_href, safe_url

#: Seconds a store's story list (summaries of every story) is reused: building it reads every
#: story and article row (about a second at 10,000 articles), while the list polls every few seconds.
#: An API ingest clears it at once (:func:`forget_lists`).
LIST_TTL_SECONDS = 3.0
#: Articles whose highlighted text is printed inside a story page; bigger stories list the rest
#: with links to their article pages, so a page stays a few hundred KB.
PAGE_TEXTS = 25
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")

__all__ = ["safe_url", "cite_href", "article_summary", "list_articles", "highlight", "list_stories",
           "story_summaries", "stories_of_article", "forget_lists", "story_page", "script_data", "page"]


# -- articles ---------------------------------------------------------------------------------------
def article_summary(art: Article) -> dict[str, Any]:
    return {"id": art.id, "title": art.title, "outlet": art.outlet, "language": art.language,
            "published": art.published.value if art.published else None, "url": safe_url(art.url),
            "source": art.source.source, "chars": len(art.text)}


def entity_article_ids(store: Store, entity: str) -> list[str]:
    """Articles whose text holds the entity name (a full-text phrase query)."""
    return store.phrase_ids(entity)


def list_articles(store: Store, *, limit: int, offset: int, since: str | None = None,
                  until: str | None = None, outlet: str | None = None, language: str | None = None,
                  entity: str | None = None, ids: list[str] | None = None) -> dict[str, Any]:
    if entity:
        found = entity_article_ids(store, entity)
        ids = found if ids is None else [i for i in ids if i in set(found)]
    total, rows = store.filter_articles(limit=limit, offset=offset, since=since, until=until, outlet=outlet,
                                        language=language, ids=ids)
    items = [dict(r) | {"url": safe_url(r["url"])} for r in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def highlight(art: Article, cite: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """The article text cut into segments, each with the CSS classes and tooltip of the spans over it."""
    text = art.text
    marks: list[tuple[int, int, str, str]] = []
    for s in art.spans("entities"):
        name = s.attrs.get("canonical") or text[s.start:s.end]
        marks.append((s.start, s.end, "ent ent-" + _CLASS_SAFE.sub("", s.label or "X"), f"{s.label}: {name}"))
    for s in art.spans("timex"):
        marks.append((s.start, s.end, "timex", f"{s.label} {s.attrs.get('value') or ''}".strip()))
    for s in art.spans("quotes"):
        src = s.attrs.get("source")
        speaker = text[src[0]:src[1]] if isinstance(src, list) and len(src) == 2 else "?"
        marks.append((s.start, s.end, "quote", f"{s.attrs.get('form') or 'quote'} · {speaker}"))
        if isinstance(src, list) and len(src) == 2:
            marks.append((int(src[0]), int(src[1]), "speaker", "speaker"))
    if cite is not None:
        marks.append((max(0, cite[0]), min(len(text), cite[1]), "cite", "cited"))
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    marks.sort()
    segments: list[dict[str, Any]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [m for m in marks if m[0] <= a and m[1] >= b]
        seg: dict[str, Any] = {"text": text[a:b], "start": a}
        if active:
            seg["classes"] = " ".join(dict.fromkeys(c for m in active for c in m[2].split()))
            seg["title"] = " | ".join(dict.fromkeys(m[3] for m in active if m[3]))
        if cite is not None and a == cite[0] and "cite" in seg.get("classes", ""):
            seg["anchor"] = "cite"
        segments.append(seg)
    return segments


# -- stories ----------------------------------------------------------------------------------------
def story_summaries(store: Store, stories: list[Story]) -> list[dict[str, Any]]:
    """Counts, dates, outlets and languages of stories, from one pass over their articles' rows."""
    wanted = list({a for s in stories for a in s.article_ids})
    rows: dict[str, Any] = {r["id"]: r for r in store.article_headers(wanted)}
    return _summaries(rows, stories)


def _summaries(rows: dict[str, Any], stories: list[Story]) -> list[dict[str, Any]]:
    out = []
    for story in stories:
        ids = list(dict.fromkeys(story.article_ids))
        mine = [rows[i] for i in ids if i in rows]
        dates = sorted(r["published"] for r in mine if r["published"])
        out.append({"id": story.id, "title": story.title or _first_title(story), "n_events": len(story.events),
                    "n_articles": len(mine), "first_seen": dates[0] if dates else None,
                    "last_seen": dates[-1] if dates else None,
                    "outlets": sorted({r["outlet"] for r in mine if r["outlet"]}),
                    "languages": sorted({r["language"] for r in mine if r["language"]}),
                    "article_ids": ids})
    return out


def _first_title(story: Story) -> str:
    return next((e.title for e in story.events if e.title), story.id)


def list_stories(store: Store, *, limit: int, offset: int, since: str | None = None,
                 until: str | None = None, outlet: str | None = None, language: str | None = None,
                 entity: str | None = None) -> dict[str, Any]:
    summaries = _all_summaries(store)
    wanted = set(entity_article_ids(store, entity)) if entity else None
    keep = []
    for s in summaries:
        if since and (s["last_seen"] or "") < since:
            continue
        if until and (s["first_seen"] or "9999")[:len(until)] > until:
            continue
        if outlet and outlet.lower() not in {o.lower() for o in s["outlets"]}:
            continue
        if language and language not in s["languages"]:
            continue
        if wanted is not None and not wanted.intersection(s["article_ids"]):
            continue
        keep.append(s)
    keep.sort(key=lambda s: (s["last_seen"] or "", s["n_articles"]), reverse=True)
    return {"total": len(keep), "limit": limit, "offset": offset, "items": keep[offset:offset + limit]}


_lists: dict[str, tuple[float, list[dict[str, Any]]]] = {}
_lists_lock = threading.Lock()


def _all_summaries(store: Store) -> list[dict[str, Any]]:
    now = time.monotonic()
    with _lists_lock:
        hit = _lists.get(store.path)
    if hit is not None and now - hit[0] < LIST_TTL_SECONDS:
        return hit[1]
    summaries = story_summaries(store, app_views.list_stories(store))
    with _lists_lock:
        _lists[store.path] = (now, summaries)
    return summaries


def stories_of_article(store: Store, article_id: str) -> list[str]:
    return [s["id"] for s in _all_summaries(store) if article_id in s["article_ids"]]


def forget_lists() -> None:
    """Drop cached story lists (after a write, so the next list shows it)."""
    with _lists_lock:
        _lists.clear()


def story_page(store: Store, story_id: str, since: str | None = None, *, wait: float | None = None
               ) -> tuple[app_views.ViewResult, dict[str, list[dict[str, Any]]]]:
    """A story's view and the highlighted texts of its first :data:`PAGE_TEXTS` articles."""
    result = app_views.story_view(store, story_id, since, wait=wait)
    segments = {a.id: highlight(store.get_article(a.id)) for a in result.view.articles[:PAGE_TEXTS]}
    return result, segments


def script_data(view: StoryView) -> dict[str, Any]:
    """What the story page's script draws (timeline and entity graph), JSON-ready."""
    return {"timeline": [{"id": t.id, "date": t.date, "label": t.label, "expected": t.expected}
                         for t in view.timeline],
            "graph": {"nodes": [asdict(e) for e in view.entities], "edges": [asdict(e) for e in view.edges]},
            "first_seen": view.first_seen, "last_seen": view.last_seen}


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}
