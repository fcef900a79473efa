"""Data for pages, JSON API and reports: one shape per view, so every HTML page has a JSON twin.

Nothing here produces HTML: templates (autoescaping) do. Citations anywhere in a story are
resolved to the cited text, the outlet and a link to the article page at the offsets. The
helpers for templates (:func:`template_helpers`) turn view data into what a reader sees: outlet
names (never a file name), article titles (an untitled article by its first words), dates in
words, conflict sentences, all in the page language.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import asdict
from typing import Any

from ...app import situation as app_situation
from ...app import views as app_views
from ...humandate import human_date
from ...i18n import current_language, entity_type, t
from ...model import Article
from ...store import display
from ...store import entities as entity_store
from ...store.base import Store
from ...story.view import StoryView, cite_href, safe_url
from .. import wording

#: Seconds a store's story list (summaries of every story) is reused: building it reads every
#: story and article row (about a second at 10,000 articles), while the list polls every few seconds.
#: An API ingest or a correction clears it at once (:func:`forget_lists`).
LIST_TTL_SECONDS = 3.0
#: Articles whose highlighted text is printed inside a story page; bigger stories list the rest
#: with links to their article pages, so a page stays a few hundred KB.
PAGE_TEXTS = 25
#: Stories offered as targets of a move or merge on a story page (the top of the ranking).
TARGET_STORIES = 200
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")

__all__ = ["safe_url", "cite_href", "article_summary", "list_articles", "highlight", "list_stories",
           "stories_of_article", "forget_lists", "story_page", "script_data", "page", "template_helpers",
           "mention_names", "summaries"]


# -- articles ---------------------------------------------------------------------------------------
def article_summary(art: Article) -> dict[str, Any]:
    return {"id": art.id, "title": art.title, "outlet": art.outlet, "language": art.language,
            "published": art.published.value if art.published else None, "url": safe_url(art.url),
            "source": art.source.source, "chars": len(art.text)}


def entity_article_ids(store: Store, entity: str) -> list[str]:
    """Articles naming the entity: an entity id (links from entity pages), else the name as a
    full-text phrase."""
    return sorted(app_situation.entity_articles(store, entity)[0])


def list_articles(store: Store, *, limit: int, offset: int, since: str | None = None,
                  until: str | None = None, outlet: str | None = None, language: str | None = None,
                  entity: str | None = None, ids: list[str] | None = None) -> dict[str, Any]:
    if entity:
        found = entity_article_ids(store, entity)
        ids = found if ids is None else [i for i in ids if i in set(found)]
    total, rows = store.filter_articles(limit=limit, offset=offset, since=since, until=until, outlet=outlet,
                                        language=language, ids=ids)
    items = add_openings(store, [dict(r) | {"url": safe_url(r["url"])} for r in rows])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def add_openings(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give untitled article rows an ``opening`` (their first words): the name shown instead of the id."""
    untitled = [r["id"] for r in rows if not r.get("title")]
    if untitled:
        opening = display.openings(store, untitled, 120)
        for r in rows:
            if r["id"] in opening:
                r["opening"] = wording.first_words(opening[r["id"]])
    return rows


def mention_names(store: Store, article_ids: list[str]) -> dict[str, dict[tuple[int, int], tuple[str, str, str]]]:
    """article id -> (start, end) -> (entity id, canonical name, type) of every linked mention."""
    ids = entity_store.mention_ids(store, article_ids)
    rows = entity_store.entities_by_id(store, set(ids.values()))
    out: dict[str, dict[tuple[int, int], tuple[str, str, str]]] = {}
    for (aid, s, e), eid in ids.items():
        row = rows.get(eid)
        if row is not None:
            out.setdefault(aid, {})[(s, e)] = (row.id, row.name, row.label)
    return out


def highlight(art: Article, cite: tuple[int, int] | None = None,
              entities: dict[tuple[int, int], tuple[str, str, str]] | None = None,
              lang: str | None = None) -> list[dict[str, Any]]:
    """The article text cut into segments, each with the CSS classes and tooltip of the spans over
    it; a linked entity mention carries its entity id (``entity``) and an accessible name."""
    lang = lang or current_language()
    text = art.text
    entities = entities or {}
    marks: list[tuple[int, int, str, str]] = []
    linked: dict[tuple[int, int], tuple[str, str, str]] = {}
    for s in art.spans("entities"):
        label = s.attrs.get("tag") or s.label or "X"
        found = entities.get((s.start, s.end))
        name = found[1] if found else text[s.start:s.end]
        if found:
            linked[(s.start, s.end)] = found
            label = found[2] or label
        marks.append((s.start, s.end, "ent ent-" + _CLASS_SAFE.sub("", label), f"{entity_type(label, lang)}: {name}"))
    for s in art.spans("timex"):
        value = s.attrs.get("value")
        marks.append((s.start, s.end, "timex", human_date(value, lang, s.attrs.get("mod")) if value else
                      t("article.legend_date", lang)))
    for s in art.spans("quotes"):
        src = s.attrs.get("source")
        speaker = text[src[0]:src[1]] if isinstance(src, list) and len(src) == 2 else "?"
        form = s.attrs.get("form") or ""
        shown = t(f"form.{form}", lang) if form in ("direct", "indirect", "reported") else t("article.legend_quote", lang)
        marks.append((s.start, s.end, "quote", f"{shown} · {speaker}"))
        if isinstance(src, list) and len(src) == 2:
            marks.append((int(src[0]), int(src[1]), "speaker", t("article.legend_speaker", lang)))
    if cite is not None:
        marks.append((max(0, cite[0]), min(len(text), cite[1]), "cite", t("article.legend_cite", lang)))
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
            ent = next((linked[(m[0], m[1])] for m in active if (m[0], m[1]) in linked and "ent" in m[2]), None)
            if ent is not None:
                seg["entity"] = ent[0]
                seg["entity_name"] = f"{text[a:b]} ({ent[1]}, {entity_type(ent[2], lang)})"
        if cite is not None and a == cite[0] and "cite" in seg.get("classes", ""):
            seg["anchor"] = "cite"
        segments.append(seg)
    return segments


# -- stories ----------------------------------------------------------------------------------------
_lists: dict[str, tuple[float, list[dict[str, Any]]]] = {}
_lists_lock = threading.Lock()


def summaries(store: Store) -> list[dict[str, Any]]:
    """Every story's front-page row (unranked), reused for :data:`LIST_TTL_SECONDS`."""
    now = time.monotonic()
    with _lists_lock:
        hit = _lists.get(store.path)
    if hit is not None and now - hit[0] < LIST_TTL_SECONDS:
        return hit[1]
    rows = app_situation.summaries(store)
    with _lists_lock:
        _lists[store.path] = (now, rows)
    return rows


def list_stories(store: Store, *, limit: int, offset: int, since: str | None = None,
                 until: str | None = None, outlet: str | None = None, language: str | None = None,
                 entity: str | None = None, min_outlets: int = 0) -> dict[str, Any]:
    """The situation: stories ranked by independent outlets, articles, recency and growth."""
    return app_situation.situation(store, rows=summaries(store), limit=limit, offset=offset, since=since,
                                   until=until, outlet=outlet, language=language, entity=entity,
                                   min_outlets=min_outlets)


def stories_of_article(store: Store, article_id: str) -> list[str]:
    return [s["id"] for s in summaries(store) if article_id in s["article_ids"]]


def story_titles(store: Store, ids: list[str]) -> dict[str, str]:
    rows = {s["id"]: s["title"] for s in summaries(store)}
    return {i: rows.get(i) or i for i in ids}


def forget_lists() -> None:
    """Drop cached story lists (after a write, so the next list shows it)."""
    with _lists_lock:
        _lists.clear()


def story_page(store: Store, story_id: str, since: str | None = None, *, wait: float | None = None
               ) -> tuple[app_views.ViewResult, dict[str, list[dict[str, Any]]]]:
    """A story's view and the highlighted texts of its first :data:`PAGE_TEXTS` articles (entity
    mentions linked to their entity pages)."""
    result = app_views.story_view(store, story_id, since, wait=wait)
    shown = [a.id for a in result.view.articles[:PAGE_TEXTS]]
    names = mention_names(store, shown)
    segments = {aid: highlight(store.get_article(aid), entities=names.get(aid)) for aid in shown}
    return result, segments


def story_extras(store: Store, view: StoryView) -> dict[str, Any]:
    """What a story page shows besides its view: openings of untitled articles, move/merge targets
    and the corrections log of the story."""
    from ... import corrections

    untitled = [a.id for a in view.articles if not a.title]
    rows = list_stories(store, limit=TARGET_STORIES, offset=0)["items"]
    targets = [{"id": r["id"], "title": r["title"], "n_articles": r["n_articles"]} for r in rows if r["id"] != view.id]
    log = corrections.history(store, view.id)
    names = story_titles(store, [x for r in log for x in (r.get("story_id"), r.get("target_id")) if x])
    lang = current_language()
    history = [r | {"text": corrections.describe(r, lang, names)} for r in log]
    return {"openings": display.openings(store, untitled, 120) if untitled else {}, "targets": targets,
            "history": history}


def script_data(view: StoryView) -> dict[str, Any]:
    """What the story page's script draws (timeline and entity graph), JSON-ready, in the page language."""
    lang = current_language()
    nodes = [asdict(e) | {"href": wording.entity_href(e.id), "kind_label": entity_type(e.label, lang)}
             for e in view.entities]
    return {"timeline": [{"id": e.id, "date": e.date, "label": e.label, "expected": e.expected}
                         for e in view.timeline],
            "graph": {"nodes": nodes, "edges": [asdict(e) for e in view.edges]},
            "first_seen": view.first_seen, "last_seen": view.last_seen}


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


def template_helpers() -> dict[str, Any]:
    return wording.template_globals()

