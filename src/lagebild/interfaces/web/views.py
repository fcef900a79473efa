"""Data for pages, JSON API and reports: one shape per view, so every HTML page has a JSON twin.

Nothing here produces HTML: templates (autoescaping) do. Citations anywhere in a story are
resolved to the cited text, the outlet and a link to the article page at the offsets.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from ...model import Article, Story
from ...store.base import Store
from .. import stories_adapter as sa

#: Sentences longer than this are cut in list views (the article page shows them whole).
SNIPPET_CHARS = 280
#: Characters of sentence context shown on each side of a cited fragment.
CONTEXT_CHARS = 160
#: Entities drawn in a story's graph: beyond ~30 nodes a co-occurrence graph is a hairball.
GRAPH_NODES = 30
#: Seconds a store's story list (summaries of every story) is reused: building it reads every
#: story and article row (about a second at 10,000 articles), while the list polls every few seconds.
#: An API ingest clears it at once (:func:`forget_lists`).
LIST_TTL_SECONDS = 3.0
#: Articles whose highlighted text is printed inside a story page; bigger stories list the rest
#: with links to their article pages, so a page stays a few hundred KB.
PAGE_TEXTS = 25
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no javascript:, data:, relative tricks)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in "\r\n\t "):
        return None
    return url


def cite_href(article_id: str, start: int, end: int) -> str:
    return f"/articles/{article_id}?start={int(start)}&end={int(end)}#cite"


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
def story_summary(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    """:func:`story_summaries` of one story from its loaded articles (no store round trip)."""
    rows = {a.id: {"outlet": a.outlet, "language": a.language,
                   "published": a.published.value if a.published else None} for a in articles.values()}
    return _summaries(rows, [story])[0]


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
    summaries = story_summaries(store, sa.list_stories(store))
    with _lists_lock:
        _lists[store.path] = (now, summaries)
    return summaries


def stories_of_article(store: Store, article_id: str) -> list[str]:
    return [s["id"] for s in _all_summaries(store) if article_id in s["article_ids"]]


def forget_lists() -> None:
    """Drop cached story lists (after a write, so the next list shows it)."""
    with _lists_lock:
        _lists.clear()


def resolve_citations(obj: Any, articles: dict[str, Article]) -> Any:
    """Copy of ``obj`` where every citation dict gains the cited text, outlet, title and link."""
    if isinstance(obj, list):
        return [resolve_citations(x, articles) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out = {k: resolve_citations(v, articles) for k, v in obj.items()}
    aid, start, end = obj.get("article_id"), obj.get("start"), obj.get("end")
    if isinstance(aid, str) and isinstance(start, int) and isinstance(end, int):
        art = articles.get(aid)
        if art is not None:
            out.setdefault("text", art.text[start:end])
            out.setdefault("outlet", ", ".join(sa.outlets_of(art)))
            out.setdefault("article_title", art.title)
            out.setdefault("published", art.published.value if art.published else None)
            out.setdefault("source", art.source.source)
            out.update(_context(art, start, end))
        out["href"] = cite_href(aid, start, end)
    return out


def _context(art: Article, start: int, end: int) -> dict[str, str]:
    """The rest of the sentence around a cited fragment, so a reader sees it in context."""
    sent = next((s for s in art.spans("sentences") if s.start <= start < s.end), None)
    if sent is None or end > sent.end:
        return {"before": "", "after": ""}
    before, after = art.text[sent.start:start], art.text[end:sent.end]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
    return {"before": before, "after": after}


def citations_in(obj: Any) -> list[dict[str, Any]]:
    """Every resolved citation inside ``obj`` (depth first)."""
    if isinstance(obj, list):
        return [c for x in obj for c in citations_in(x)]
    if not isinstance(obj, dict):
        return []
    own = [obj] if "href" in obj and "article_id" in obj else []
    return own + [c for k, v in obj.items() for c in citations_in(v)]


def entity_graph(articles: dict[str, Article]) -> dict[str, Any]:
    """Co-occurrence graph of canonical entities (same sentence, else same article), aliases included."""
    from ...link.entities import canonical_entities

    arts = sorted(articles.values(), key=lambda a: (a.published.value if a.published else "~", a.id))
    nodes: list[dict[str, Any]] = []
    where: dict[tuple[Any, int], set[str]] = {}
    for ent in canonical_entities(arts)[:GRAPH_NODES]:
        nodes.append({"id": ent.id, "name": ent.name, "label": ent.label, "count": len(ent.mentions),
                      "aliases": [a for a in ent.aliases if a != ent.name]})
        for aid, start, _end in ent.mentions:
            where.setdefault((aid, _sentence_index(articles.get(aid), start)), set()).add(ent.id)
    weights: Counter[tuple[str, str]] = Counter()
    for group in where.values():
        ordered = sorted(group)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                weights[(a, b)] += 1
    edges = [{"source": a, "target": b, "weight": w} for (a, b), w in weights.most_common()]
    return {"nodes": nodes, "edges": edges}


def _sentence_index(art: Article | None, offset: int) -> int:
    if art is None:
        return -1
    for i, s in enumerate(art.spans("sentences")):
        if s.start <= offset < s.end:
            return i
    return -1


def timeline_entries(story: Story) -> list[dict[str, Any]]:
    """Timeline entries normalised for display: date, label, expected flag, outlets, citations."""
    out = []
    for i, e in enumerate(story.timeline):
        cites = citations_in(e["citations"]) if isinstance(e.get("citations"), list) else citations_in(e)
        date = str(e.get("date") or e.get("value") or "")
        label = str(e.get("label") or e.get("text") or (cites[0].get("text") if cites else "") or "")
        outlets = e.get("outlets") or sorted({c.get("outlet") or "" for c in cites} - {""})
        out.append({"n": i, "id": e.get("id"), "date": date, "until": e.get("until"), "approx": e.get("approx"),
                    "granularity": e.get("granularity", ""), "label": label, "expected": bool(e.get("expected")),
                    "outcome": e.get("outcome"), "outlets": outlets, "citations": cites,
                    "background": bool(e.get("background"))})
    return out


def claim_rows(story: Story) -> dict[str, Any]:
    """Claims side by side by outlet with a status mark (conflict, corroborated, single-source).

    A claim's own carriers fill its outlets' cells; the carriers of the claims that corroborate it
    (the same statement reported elsewhere) fill theirs, marked ``"via"`` with that claim's id, so
    a corroborated claim shows every outlet that reported it.
    """
    rows: list[dict[str, Any]] = []
    outlets: set[str] = set()
    conflicted: set[str] = set()
    for c in story.conflicts:
        conflicted.update(str(x) for x in c.get("claims") or [])
        conflicted.update(str(x) for x in [c.get("denied_by"), *(c.get("asserted_by") or [])] if x)
    own = {str(c.get("id")): _carriers(c) for c in story.claims}
    for c in story.claims:
        by_outlet: dict[str, list[dict[str, Any]]] = {}
        for cite in own[str(c.get("id"))]:
            by_outlet.setdefault(cite.get("outlet") or "(unknown outlet)", []).append(cite)
        seen = {(x["article_id"], x["start"], x["end"]) for x in own[str(c.get("id"))]}
        for other in c.get("corroborated_by") or []:
            for cite in own.get(str(other), []):
                where = (cite["article_id"], cite["start"], cite["end"])
                if where not in seen:  # the same passage carries several claims: list it once
                    seen.add(where)
                    by_outlet.setdefault(cite.get("outlet") or "(unknown outlet)", []).append(cite | {"via": str(other)})
        outlets.update(by_outlet)
        n_outlets = max(int(c.get("independent_outlets") or 0), len(by_outlet))
        if str(c.get("id")) in conflicted:
            status = "conflict"
        elif n_outlets > 1 or c.get("corroborated_by"):
            status = "corroborated"
        else:
            status = "single-source"
        cites = own[str(c.get("id"))]
        rows.append({"id": c.get("id"), "speaker": c.get("source") or c.get("speaker") or "",
                     "text": c.get("text") or (cites[0].get("text") if cites else ""),
                     "stance": c.get("stance") or "", "status": status, "n_outlets": n_outlets,
                     "corroborated_by": c.get("corroborated_by") or [], "by_outlet": by_outlet})
    order = {"conflict": 0, "corroborated": 1, "single-source": 2}
    rows.sort(key=lambda r: (order[r["status"]], -r["n_outlets"]))
    return {"outlets": sorted(outlets), "rows": rows}


def _carriers(claim: dict[str, Any]) -> list[dict[str, Any]]:
    carriers = claim.get("carriers")
    return citations_in(carriers) if isinstance(carriers, list) else citations_in(claim)


def conflict_text(c: dict[str, Any]) -> str:
    about = c.get("about") or ""
    if c.get("kind") == "denial":
        return f"denial ({c.get('denied_by')} vs {', '.join(c.get('asserted_by') or [])}): {about}"
    values = c.get("values") or []
    vs = f" {values[0]} vs {values[1]}" if len(values) == 2 else ""
    return f"{c.get('kind') or 'conflict'}{vs}: {about}"


def story_view(store: Store, story_id: str, since: str | None = None, *, wait: float | None = None,
               ) -> dict[str, Any]:
    """Everything a story page shows, JSON-ready (the JSON twin of /stories/{id}).

    ``wait`` is passed on to :func:`stories_adapter.built_story_memo` (a web request waits a bounded
    time; a stale view carries ``"stale": true``).
    """
    built = story_build(store, story_id, since, wait=wait)
    view: dict[str, Any] = built.memo["view"]
    return view | {"stale": True} if built.stale else view


def story_build(store: Store, story_id: str, since: str | None = None, *, wait: float | None = None) -> sa.Built:
    """The build of a story with its view, JSON bytes and highlighted article texts in ``memo``."""
    return sa.built_story_memo(store, story_id, since, wait=wait, prepare=_prepare)


def story_json(built: sa.Built) -> bytes:
    """The story view as UTF-8 JSON, encoded once per build (it is served far more often than built)."""
    if not built.stale:
        data: bytes = built.memo["json"]
        return data
    return json.dumps(built.memo["view"] | {"stale": True}, ensure_ascii=False).encode("utf-8")


def _prepare(built: sa.Built) -> None:
    view = _story_view(built.story, built.articles)
    built.memo["view"] = view
    built.memo["json"] = json.dumps(view, ensure_ascii=False).encode("utf-8")
    shown = list(built.articles)[:PAGE_TEXTS]
    built.memo["segments"] = {aid: highlight(built.articles[aid]) for aid in shown}


def _story_view(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    raw = resolve_citations(asdict(story), articles)
    resolved = Story(**{k: raw[k] for k in ("id", "title", "entities", "timeline", "claims", "conflicts",
                                              "briefing", "meta")}, events=story.events)
    return {"id": story.id, "title": story.title or _first_title(story),
            "summary": story_summary(story, articles),
            "events": raw["events"], "timeline": timeline_entries(resolved),
            "entities": raw["entities"], "graph": entity_graph(articles),
            "claims": claim_rows(resolved),
            "conflicts": [st | {"text": conflict_text(st["raw"])} for st in statements(raw["conflicts"])],
            "briefing": statements(raw["briefing"]),
            "articles": [article_summary(a) for a in articles.values()], "meta": raw["meta"]}


def statements(items: list[Any]) -> list[dict[str, Any]]:
    """Briefing sentences or conflicts as ``{"text", "citations", "raw"}`` whatever their shape."""
    out = []
    for item in items:
        if not isinstance(item, dict):
            out.append({"text": str(item), "citations": [], "raw": item})
            continue
        cites = citations_in(item)
        text = next((item[k] for k in ("text", "sentence", "summary", "description", "label", "claim", "what")
                     if isinstance(item.get(k), str) and item.get(k)), None)
        text = text or (cites[0].get("text") if cites else "")
        out.append({"text": text, "citations": cites, "raw": item})
    return out


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}
