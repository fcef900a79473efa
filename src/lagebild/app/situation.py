"""The situation: every story with the figures it is ranked by, ranked and filtered (the front page,
its JSON twin ``/api/stories`` and ``lagebild stories``).

A story's *independent outlets* are counted from its articles' outlet fields, the outlets of every
source folded into them (wire copies are one article, so one voice) and news agencies named there
("dpa", "Reuters/AFP" count as that agency whoever printed them); an article that names no outlet
and has no URL is a voice of its own, shown as "unbekannte Quelle" (never by its file name). The
story view counts voices the same way and also reads agency credits in the text ("(dpa) –"), so a
story page may count one voice fewer than its front-page entry where an outlet printed agency copy
under its own name.

"Now" for ages and growth is the wall clock when the store is live (its newest article is at most
:data:`LIVE_DAYS` old), else the newest article's time: an archive is shown as it stood on its last
day, so "neu in 24 Std." means the last day of the archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from .. import ranking
from ..i18n import looks_like_file
from ..model import Story
from ..store import display
from ..store import entities as entity_store
from ..store.base import Store
from ..story.outlets import agencies_in
from .views import list_stories

#: A store whose newest article is at most this old is live: ages count from the wall clock.
LIVE_DAYS = 7
#: Outlet names listed per story in the JSON (the count covers all of them).
OUTLETS_LISTED = 30


def host_of(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return (host[4:] if host.startswith("www.") else host) or None


def voice_of(article_id: str, info: dict[str, Any] | None) -> tuple[str, str | None]:
    """(independence key, display name or None when the outlet is unknown) of one article."""
    info = info or {}
    names = [n for n in [info.get("outlet"), *info.get("source_outlets", [])] if n and not looks_like_file(n)]
    agencies = set().union(*(agencies_in(n) for n in names)) if names else set()
    if agencies:
        agency = min(agencies)
        return f"agency:{agency.casefold()}", agency
    if names:
        return f"outlet:{names[0].casefold()}", names[0]
    host = next((h for h in map(host_of, [info.get("url"), *info.get("source_urls", [])]) if h), None)
    if host:
        return f"host:{host}", host
    return f"article:{article_id}", None


def summaries(store: Store, stories: list[Story] | None = None) -> list[dict[str, Any]]:
    """One row per story (corrections applied): counts, dates, independent outlets, languages,
    article ids and publication times, unranked."""
    stories = list_stories(store) if stories is None else stories
    ids = list({a for s in stories for a in s.article_ids})
    headers = {h["id"]: h for h in store.article_headers(ids)} if ids else {}
    outlets = display.article_outlets(store, ids) if ids else {}
    untitled = [i for i in ids if i in headers and not headers[i].get("title")]
    opening = display.openings(store, untitled, 120) if untitled else {}
    rows = []
    for story in stories:
        mine = [headers[i] for i in dict.fromkeys(story.article_ids) if i in headers]
        dates = sorted(str(h["published"]) for h in mine if h["published"])
        voices: dict[str, str | None] = {}
        per_voice: Counter[str] = Counter()
        all_names: set[str] = set()
        for h in mine:
            info = outlets.get(h["id"])
            key, name = voice_of(h["id"], info)
            voices[key] = name
            per_voice[key] += 1
            for n in [(info or {}).get("outlet"), *(info or {}).get("source_outlets", [])]:
                if n and not looks_like_file(n):
                    all_names.add(n)
        known = sorted((k for k, n in voices.items() if n), key=lambda k: (-per_voice[k], str(voices[k]).casefold()))
        first_title = next((h["title"] for h in mine if h.get("title")), None)
        title = story.title or next((e.title for e in story.events if e.title), None) or first_title
        rows.append({
            "id": story.id, "title": title or _words(next((opening.get(h["id"], "") for h in mine), "")),
            "n_events": len(story.events), "n_articles": len(mine),
            "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
            "n_outlets": len(voices), "outlets": [str(voices[k]) for k in known][:OUTLETS_LISTED],
            "unknown_outlets": sum(1 for n in voices.values() if n is None),
            "all_outlets": sorted(all_names | {str(n) for n in voices.values() if n}),
            "languages": sorted({str(h["language"]) for h in mine if h["language"]}),
            "corrected": bool(story.meta.get("corrections")),
            "article_ids": [h["id"] for h in mine], "published": dates,
        })
    return rows


def _words(text: str, n: int = 10) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def reference_time(rows: Iterable[dict[str, Any]], now: datetime | None = None) -> tuple[datetime, bool]:
    """(the wall clock, True) for a live store, else (the newest article's time, False): see the
    module doc."""
    clock = now or datetime.now(UTC)
    newest = [t for t in (ranking.parse_time(r.get("last_seen")) for r in rows) if t is not None]
    if not newest:
        return clock, True
    latest = max(newest)
    return (clock, True) if clock - latest <= timedelta(days=LIVE_DAYS) else (latest, False)


def entity_articles(store: Store, entity: str) -> tuple[set[str], str | None]:
    """(article ids, canonical name) for an entity filter: an entity id (links from entity pages)
    or a name, matched as a phrase in the article texts."""
    found = entity_store.get_entity(store, entity)
    if found is not None:
        return set(entity_store.articles_of(store, found.id)), found.name
    return set(store.phrase_ids(entity)), None


def situation(store: Store, *, rows: list[dict[str, Any]] | None = None, limit: int = 50, offset: int = 0,
              since: str | None = None, until: str | None = None, outlet: str | None = None,
              language: str | None = None, entity: str | None = None, min_outlets: int = 0,
              now: datetime | None = None) -> dict[str, Any]:
    """The ranked stories passing the filters, one page of them, with the counts the front page shows."""
    rows = summaries(store) if rows is None else rows
    reference, live = reference_time(rows, now)
    wanted, entity_name = entity_articles(store, entity) if entity else (None, None)
    keep = [r for r in rows
            if ranking.matches(r, min_outlets=min_outlets, since=since, until=until, outlet=outlet, language=language)
            and (wanted is None or wanted.intersection(r["article_ids"]))]
    ranked = ranking.rank(keep, now=reference)
    items = []
    for r in ranked[offset:offset + limit]:
        row = {k: v for k, v in r.row.items() if k not in ("published", "all_outlets")}
        items.append(row | {"rank": r.rank, "score": round(r.score, 4), "new_24h": r.new_24h})
    outlets = Counter(o for r in rows for o in r["outlets"])
    return {"total": len(ranked), "limit": limit, "offset": offset, "items": items,
            "all_stories": len(rows), "reference": reference.isoformat(timespec="minutes") if live else reference.date().isoformat(),
            "live": live,
            "entity_name": entity_name,
            "facets": {"outlets": [o for o, _ in outlets.most_common(200)],
                       "languages": sorted({lang for r in rows for lang in r["languages"]}),
                       "max_outlets": max((r["n_outlets"] for r in rows), default=0)}}


__all__ = ["LIVE_DAYS", "entity_articles", "host_of", "reference_time", "situation", "summaries", "voice_of"]
