"""Fill a :class:`Story` (events already grouped) with what goes into it, and render it.

:func:`build_story` adds the timeline (:mod:`.timeline`), claims and conflicts
(:mod:`.corroboration`), briefings per story and per event (:mod:`.briefing`), what is new
since a given time, and the canonical entities when the articles carry an ``entities`` layer.
:func:`story_json` and :func:`story_markdown` are the views behind ``lagebild story ID
--json|--md``; JSON names every article by ``id`` and ``source`` and resolves every citation.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Article, Event, Story
from .briefing import EVENT_SENTENCES, STORY_SENTENCES, summarize
from .corroboration import corroborate
from .outlets import outlet_names, voice_label
from .timeline import build_timeline

#: Canonical entities listed per story (the rest are rarely more than passing mentions).
ENTITY_LIMIT = 25
#: Characters of a first sentence used as a title when no article has one.
TITLE_CHARS = 100


def _published(a: Article) -> str:
    return a.published.value if a.published else ""


def build_story(story: Story, articles: dict[str, Article], since: str | None = None) -> Story:
    """Fill ``story`` from ``articles`` (id -> article; ids the story names but the dict lacks are
    skipped) and return it."""
    arts = [articles[i] for i in dict.fromkeys(story.article_ids) if i in articles]
    arts.sort(key=lambda a: (_published(a) or "~", a.id))
    for ev in story.events:
        _fill_event(ev, [articles[i] for i in ev.article_ids if i in articles])
    if not story.title:
        story.title = next((e.title for e in story.events if e.title), "") or _title(arts)
    story.timeline = build_timeline(arts)
    story.claims, story.conflicts = corroborate(arts)
    story.briefing = summarize(arts, k=STORY_SENTENCES)
    story.entities = story_entities(arts)
    story.meta["articles"] = len(arts)
    story.meta["outlets"] = sorted({voice_label(a) for a in arts})
    if since is not None:
        story.meta["new_since"] = {"since": since, "briefing": summarize(arts, k=STORY_SENTENCES, since=since)}
    return story


def _fill_event(ev: Event, arts: list[Article]) -> None:
    arts = sorted(arts, key=lambda a: (_published(a) or "~", a.id))
    dates = [_published(a) for a in arts if a.published]
    ev.first_seen = ev.first_seen or (min(dates) if dates else None)
    ev.last_seen = ev.last_seen or (max(dates) if dates else None)
    ev.title = ev.title or _title(arts)
    ev.meta["briefing"] = summarize(arts, k=EVENT_SENTENCES)


def _title(arts: list[Article]) -> str:
    for a in arts:
        if a.title:
            return a.title
    for a in arts:
        first = a.text.strip().split("\n", 1)[0]
        if first:
            return first[:TITLE_CHARS].rsplit(" ", 1)[0] if len(first) > TITLE_CHARS else first
    return ""


def story_entities(arts: list[Article]) -> list[dict[str, Any]]:
    if not any("entities" in a.layers for a in arts):
        return []
    try:
        from ..link.entities import canonical_entities
    except ImportError:
        return []
    out = []
    for ent in canonical_entities(arts)[:ENTITY_LIMIT]:
        per_article = Counter(m[0] for m in ent.mentions)
        out.append({"id": ent.id, "name": ent.name, "label": ent.label, "count": len(ent.mentions),
                    "articles": len(per_article)})
    return out


# -- views ---------------------------------------------------------------------------------------

def _article_row(a: Article) -> dict[str, Any]:
    return {"id": a.id, "source": a.source.source if a.source else "",
            "sources": [s.source for s in a.sources] or ([a.source.source] if a.source else []),
            "title": a.title, "outlets": outlet_names(a), "voice": voice_label(a),
            "published": _published(a) or None, "language": a.language}


def _resolve(obj: Any, articles: dict[str, Article]) -> Any:
    """Copy of ``obj`` where every citation also names its article's source and quotes its text."""
    if isinstance(obj, list):
        return [_resolve(x, articles) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out = {k: _resolve(v, articles) for k, v in obj.items()}
    if {"article_id", "start", "end"} <= obj.keys() and obj["article_id"] in articles:
        a = articles[obj["article_id"]]
        out["source"] = a.source.source if a.source else ""
        out.setdefault("text", a.text[obj["start"]:obj["end"]])
    return out


def story_json(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    ids = list(dict.fromkeys(story.article_ids))
    data = {
        "id": story.id, "title": story.title,
        "articles": [_article_row(articles[i]) for i in ids if i in articles],
        "events": [{"id": e.id, "title": e.title, "first_seen": e.first_seen, "last_seen": e.last_seen,
                    "articles": [{"id": i, "source": articles[i].source.source if i in articles else None}
                                 for i in e.article_ids],
                    "briefing": e.meta.get("briefing", [])} for e in story.events],
        "entities": story.entities, "timeline": story.timeline, "claims": story.claims,
        "conflicts": story.conflicts, "briefing": story.briefing,
        "new_since": story.meta.get("new_since"),
        "outlets": story.meta.get("outlets", []),
    }
    resolved: dict[str, Any] = _resolve(data, articles)
    return resolved


def _cite_md(c: dict[str, Any], refs: dict[str, int]) -> str:
    return f"[{refs.get(c['article_id'], '?')}]"


def story_markdown(story: Story, articles: dict[str, Article]) -> str:
    ids = [i for i in dict.fromkeys(story.article_ids) if i in articles]
    refs = {aid: n + 1 for n, aid in enumerate(ids)}
    out = [f"# {story.title or story.id}", "", f"Story `{story.id}`: {len(story.events)} event(s), "
           f"{len(ids)} article(s), outlets: {', '.join(story.meta.get('outlets', [])) or '–'}", ""]
    if story.briefing:
        out += ["## Briefing", ""]
        out += [f"- {b['text']} {_cite_md(b['citation'], refs)}" for b in story.briefing] + [""]
    new = story.meta.get("new_since")
    if new:
        out += [f"## New since {new['since']}", ""]
        out += [f"- {b['text']} {_cite_md(b['citation'], refs)}" for b in new["briefing"]] or ["- nothing"]
        out.append("")
    out += ["## Events", ""]
    for e in story.events:
        span = f"{e.first_seen or '?'} – {e.last_seen or '?'}"
        out.append(f"### {e.title or e.id} ({span}; {', '.join(f'[{refs[i]}]' for i in e.article_ids if i in refs)})")
        out += [f"- {b['text']} {_cite_md(b['citation'], refs)}" for b in e.meta.get("briefing", [])] + [""]
    if story.timeline:
        out += ["## Timeline", "", "| date | what | sources |", "|---|---|---|"]
        for t in story.timeline:
            flag = " *(expected" + (f", see {t['outcome']}" if t.get("outcome") else "") + ")*" if t["expected"] else ""
            date = t["date"] + (f" – {t['until']}" if t.get("until") else "") + (" or later" if t.get("approx") else "")
            cites = " ".join(dict.fromkeys(_cite_md(c, refs) for c in t["citations"]))
            out.append(f"| {date} | {t['label'].replace('|', '/')}{flag} | {cites} |")
        out.append("")
    if story.conflicts:
        out += ["## Conflicts", ""]
        for c in story.conflicts:
            cites = " ".join(dict.fromkeys(_cite_md(x, refs) for x in c["citations"]))
            if c["kind"] == "denial":
                out.append(f"- **denial** ({c['denied_by']} vs {', '.join(c['asserted_by'])}): {c['about']} {cites}")
            else:
                out.append(f"- **{c['kind']}** {c['values'][0]} vs {c['values'][1]}: {c['about']} {cites}")
        out.append("")
    shared = [c for c in story.claims if c["independent_outlets"] > 1 or c["corroborated_by"]]
    alone = [c for c in story.claims if c["single_source"] and not c["own"]]
    if shared:
        out += ["## Corroborated claims", ""]
        for c in shared:
            cites = " ".join(dict.fromkeys(_cite_md(x, refs) for x in c["carriers"]))
            out.append(f"- {c['id']} {c['source'] or '?'} ({c['stance']}, {c['independent_outlets']} outlet(s)"
                       f"{', also ' + ', '.join(c['corroborated_by']) if c['corroborated_by'] else ''}): "
                       f"{c['text']} {cites}")
        out.append("")
    if alone:
        out += ["## Single-source claims", ""]
        out += [f"- {c['id']} {c['source'] or '?'} ({c['stance']}): {c['text']} "
                f"{_cite_md(c['carriers'][0], refs)}" for c in alone] + [""]
    if story.entities:
        out += ["## Entities", ""]
        out += [f"- {e['name']} ({e['label']}): {e['count']} mentions in {e['articles']} article(s)"
                for e in story.entities] + [""]
    out += ["## Articles", ""]
    for aid in ids:
        a = articles[aid]
        out.append(f"{refs[aid]}. `{aid}` {a.title or ''} — {', '.join(outlet_names(a))}, "
                   f"{_published(a) or 'undated'} — {a.source.source if a.source else ''}")
    return "\n".join(out) + "\n"
