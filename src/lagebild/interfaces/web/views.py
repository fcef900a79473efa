"""Data for pages, JSON API and reports: one shape per view, so every HTML page has a JSON twin.

Nothing here produces HTML: templates (autoescaping) do. Citations anywhere in a story are
resolved to the cited text, the outlet and a link to the article page at the offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from ...model import Article, Story
from ...store.sqlite import SQLiteStore
from .. import stories_adapter as sa

#: Sentences longer than this are cut in list views (the article page shows them whole).
SNIPPET_CHARS = 280
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


def article_filters_sql(since: str | None, until: str | None, outlet: str | None, language: str | None,
                        ids: list[str] | None) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("substr(a.published, 1, ?) <= ?")
        params += [len(until), until]
    if outlet:
        where.append("lower(a.outlet) = lower(?)")
        params.append(outlet)
    if language:
        where.append("a.language = ?")
        params.append(language)
    if ids is not None:
        where.append(f"a.id IN ({','.join('?' * len(ids))})" if ids else "0")
        params += ids
    return (" WHERE " + " AND ".join(where)) if where else "", params


def entity_article_ids(store: SQLiteStore, entity: str) -> list[str]:
    """Articles whose text holds the entity name (an FTS5 phrase query, quotes doubled)."""
    phrase = '"' + entity.replace('"', '""') + '"'
    rows = store.conn.execute("SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                              " WHERE articles_fts MATCH ?", (phrase,)).fetchall()
    return [r[0] for r in rows]


def list_articles(store: SQLiteStore, *, limit: int, offset: int, since: str | None = None,
                  until: str | None = None, outlet: str | None = None, language: str | None = None,
                  entity: str | None = None, ids: list[str] | None = None) -> dict[str, Any]:
    if entity:
        found = entity_article_ids(store, entity)
        ids = found if ids is None else [i for i in ids if i in set(found)]
    where, params = article_filters_sql(since, until, outlet, language, ids)
    total = store.conn.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]
    rows = store.conn.execute(
        "SELECT a.id, a.title, a.outlet, a.language, a.published, a.url, length(a.text) AS chars"
        f" FROM articles a{where} ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
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
def story_summary(store: SQLiteStore, story: Story) -> dict[str, Any]:
    ids = list(dict.fromkeys(story.article_ids))
    rows = store.conn.execute(
        f"SELECT id, outlet, language, published FROM articles WHERE id IN ({','.join('?' * len(ids))})",
        ids).fetchall() if ids else []
    dates = sorted(r["published"] for r in rows if r["published"])
    return {"id": story.id, "title": story.title or _first_title(story), "n_events": len(story.events),
            "n_articles": len(rows), "first_seen": dates[0] if dates else None,
            "last_seen": dates[-1] if dates else None,
            "outlets": sorted({r["outlet"] for r in rows if r["outlet"]}),
            "languages": sorted({r["language"] for r in rows if r["language"]}),
            "article_ids": ids}


def _first_title(story: Story) -> str:
    return next((e.title for e in story.events if e.title), story.id)


def list_stories(store: SQLiteStore, *, limit: int, offset: int, since: str | None = None,
                 until: str | None = None, outlet: str | None = None, language: str | None = None,
                 entity: str | None = None) -> dict[str, Any]:
    summaries = [story_summary(store, s) for s in sa.list_stories(store)]
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
            out.setdefault("outlet", art.outlet)
            out.setdefault("article_title", art.title)
            out.setdefault("published", art.published.value if art.published else None)
            out.setdefault("source", art.source.source)
        out["href"] = cite_href(aid, start, end)
    return out


def citations_in(obj: Any) -> list[dict[str, Any]]:
    """Every resolved citation inside ``obj`` (depth first)."""
    if isinstance(obj, list):
        return [c for x in obj for c in citations_in(x)]
    if not isinstance(obj, dict):
        return []
    own = [obj] if "href" in obj and "article_id" in obj else []
    return own + [c for k, v in obj.items() for c in citations_in(v)]


def entity_graph(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    """Co-occurrence graph of the story's canonical entities (same sentence, else same article)."""
    nodes: list[dict[str, Any]] = []
    where: dict[tuple[Any, int], set[str]] = {}
    for ent in story.entities:
        eid = str(ent.get("id") or ent.get("name"))
        aliases = ent.get("aliases") or {}
        nodes.append({"id": eid, "name": ent.get("name") or eid, "label": ent.get("label", ""),
                      "count": ent.get("count") or len(ent.get("mentions") or []),
                      "aliases": list(aliases) if isinstance(aliases, dict) else list(aliases)})
        for m in ent.get("mentions") or []:
            aid, start = (m[0], m[1]) if isinstance(m, list | tuple) else (m.get("article_id"), m.get("start"))
            where.setdefault((aid, _sentence_index(articles.get(aid), int(start or 0))), set()).add(eid)
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
        cites = citations_in(e)
        date = str(e.get("date") or e.get("value") or e.get("when") or "")
        label = str(e.get("label") or e.get("title") or e.get("text") or e.get("summary")
                    or (cites[0].get("text") if cites else "") or "")
        outlets = e.get("outlets") or sorted({c.get("outlet") or "" for c in cites} - {""})
        expected = bool(e.get("expected")) or e.get("status") in ("expected", "planned", "prediction")
        out.append({"n": i, "date": date, "granularity": e.get("granularity", ""), "label": label,
                    "expected": expected, "outlets": outlets, "citations": cites,
                    "background": bool(e.get("background"))})
    return out


def claim_rows(story: Story) -> dict[str, Any]:
    """Claims with a status mark, and the outlets as columns for the side-by-side table."""
    rows: list[dict[str, Any]] = []
    outlets: set[str] = set()
    conflicted = {str(i) for c in story.conflicts for i in (c.get("claims") or c.get("claim_ids") or [])}
    for c in story.claims:
        cites = citations_in(c)
        by_outlet: dict[str, list[dict[str, Any]]] = {}
        for cite in cites:
            by_outlet.setdefault(cite.get("outlet") or "(unknown outlet)", []).append(cite)
        outlets.update(by_outlet)
        n_outlets = c.get("n_outlets") or c.get("independent_outlets") or len(by_outlet)
        status = c.get("status") or ("conflict" if str(c.get("id")) in conflicted else
                                     "corroborated" if isinstance(n_outlets, int) and n_outlets > 1 else
                                     "single-source")
        rows.append({"id": c.get("id"), "speaker": c.get("speaker") or c.get("source") or "",
                     "text": c.get("text") or c.get("content") or (cites[0].get("text") if cites else ""),
                     "stance": c.get("stance") or "", "status": _status_word(status, c),
                     "n_outlets": n_outlets, "by_outlet": by_outlet})
    return {"outlets": sorted(outlets), "rows": rows}


def _status_word(status: Any, claim: dict[str, Any]) -> str:
    s = str(status).lower()
    if claim.get("conflict") or "conflict" in s or "contradict" in s or "denial" in s:
        return "conflict"
    if claim.get("single_source") or "single" in s:
        return "single-source"
    if "corrob" in s or "confirm" in s:
        return "corroborated"
    return s or "single-source"


def story_view(store: SQLiteStore, story_id: str, since: str | None = None) -> dict[str, Any]:
    """Everything a story page shows, JSON-ready (the JSON twin of /stories/{id})."""
    story, articles = sa.built_story(store, story_id, since)
    raw = resolve_citations(asdict(story), articles)
    resolved = Story(**{k: raw[k] for k in ("id", "title", "entities", "timeline", "claims", "conflicts",
                                              "briefing", "meta")}, events=story.events)
    return {"id": story.id, "title": story.title or _first_title(story),
            "summary": story_summary(store, story),
            "events": raw["events"], "timeline": timeline_entries(resolved), "raw_timeline": raw["timeline"],
            "entities": raw["entities"], "graph": entity_graph(story, articles),
            "claims": claim_rows(resolved), "conflicts": statements(raw["conflicts"]),
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
