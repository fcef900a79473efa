"""Entity pages: a canonical name with its spellings and type, the stories that name it, the claims
it makes and the claims about it, and the timeline entries it appears in (the web page
``/entities/{id}`` and its JSON twin).

Claims and timeline entries come from the stories' stored views and are matched to the entity by
character offsets, not by name: a claim is *by* the entity when one of its carriers' source words
(``Carrier.source_span``) overlaps a linked mention of it and the name is not merely an attribute
of the speaker ("Beschäftigte der Elbkai AG" speak, not the company: words in
``data/speaker_words.json``), *about* it when the cited message contains one; a timeline entry names it when one of its cited sentences does. Only the
:data:`VIEW_STORIES` most important stories are read (ranked as on the front page); a story whose
view has never been built is built in the background and listed as pending meanwhile.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, StillBuildingError
from ..store import display
from ..store import entities as entity_store
from ..store.base import Store
from ..story.view import Citation, StoryView
from . import situation
from .views import story_view

#: Stories whose views are read for claims and timeline entries (the top of the ranking).
VIEW_STORIES = 15
#: Mentions read per entity (offsets for matching claims and timeline entries).
MENTION_LIMIT = 20_000
#: Claims and timeline entries listed per kind.
LISTED = 100
#: Seconds an entity page waits for a story view nobody built yet (0: never holds the request).
VIEW_WAIT = 0.0
DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=1)
def _speaker_words() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    data = json.loads((DATA_DIR / "speaker_words.json").read_text("utf-8"))
    return (frozenset(w for ws in data["attributive"].values() for w in ws),
            frozenset(w for ws in data["skip"].values() for w in ws),
            tuple(w for ws in data["speaks_for"].values() for w in ws))


def speaks_as(source: str | None, names: set[str]) -> bool:
    """Whether a speaker phrase is the named entity speaking, not a phrase the name is only an
    attribute of ("Sprecherin Anna Berger" speaks as Anna Berger, "ein Sprecher der Elbkai AG" for the
    company; "Beschäftigte der Elbkai AG" not). A phrase that does not spell any of the names counts as the entity (the
    offsets matched)."""
    if not source:
        return True
    attributive, skip, speaks_for = _speaker_words()
    for name in sorted((n for n in names if n), key=len, reverse=True):
        at = source.rfind(name)
        if at < 0:
            continue
        before = [w.lower().strip(",") for w in source[:at].split()]
        while before and before[-1] in skip:
            before.pop()
        if len(before) > 1 and before[-1] in attributive:  # "Beschäftigte der …", not a leading "der Kreml"
            while len(before) > 1 and before[-2] in skip:
                before.pop(-2)
            return before[-2].endswith(speaks_for)  # "Sprecher der …", "Konzernsprecherin des …"
        return True
    return True


def entity_list(store: Store, *, label: str | None = None, name: str | None = None, limit: int = 100,
                offset: int = 0) -> dict[str, Any]:
    """Entities, most mentioned first, optionally of one type and matching a name."""
    total, ids = display.find_entities(store, label=label, text=name, limit=limit, offset=offset)
    rows = entity_store.entities_by_id(store, ids)
    items = [rows[i].to_dict() for i in ids if i in rows]
    return {"total": total, "limit": limit, "offset": offset, "label": label, "q": name or "", "items": items,
            "labels": ["PER", "ORG", "LOC", "MISC"]}


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _cite(c: Citation) -> dict[str, Any]:
    return {"article_id": c.article_id, "href": c.href, "outlet": c.outlet, "published": c.published,
            "article_title": c.article_title}


def _scan(view: StoryView, mentions: dict[str, list[tuple[int, int]]], title: str, names: set[str]
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(claims by, claims about, timeline entries) of one story view."""
    by: list[dict[str, Any]] = []
    about: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    for claim in view.claims:
        speaks = [c for c in claim.carriers if c.source_span is not None
                  and _overlaps(mentions.get(c.article_id, []), *c.source_span)] if speaks_as(claim.source, names) else []
        named = [c for c in claim.carriers if _overlaps(mentions.get(c.article_id, []), c.start, c.end)]
        if not speaks and not named:
            continue
        row = {"story_id": view.id, "story_title": title, "claim_id": claim.id, "source": claim.source,
               "stance": claim.stance, "status": claim.status, "text": claim.text, "n_outlets": claim.n_outlets,
               "citations": [_cite(c) for c in (speaks or named)]}
        (by if speaks else about).append(row)
    for e in view.timeline:
        cites = [c for c in e.citations if _overlaps(mentions.get(c.article_id, []), c.start, c.end)]
        if cites:
            timeline.append({"story_id": view.id, "story_title": title, "entry_id": e.id, "date": e.date,
                             "date_text": e.date_text, "until": e.until, "label": e.label, "expected": e.expected,
                             "citations": [_cite(c) for c in cites]})
    return by, about, timeline


def entity_page(store: Store, entity_id: str, *, rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the entity page shows (``rows``: the situation's story rows, when cached)."""
    found = entity_store.get_entity(store, entity_id)
    if found is None:
        raise NotFoundError(f"no entity {entity_id!r}")
    newest_first = entity_store.articles_of(store, found.id)
    articles = set(newest_first)
    rows = situation.summaries(store) if rows is None else rows
    ranked = situation.situation(store, rows=[r for r in rows if articles.intersection(r["article_ids"])],
                                 limit=len(rows) or 1)["items"]
    stories = [{"id": r["id"], "title": r["title"], "rank": r["rank"], "n_articles": r["n_articles"],
                "n_outlets": r["n_outlets"], "outlets": r["outlets"], "first_seen": r["first_seen"],
                "last_seen": r["last_seen"], "mentioning": len(articles.intersection(r["article_ids"]))}
               for r in ranked]
    mentions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, s, e in entity_store.mentions_of(store, found.id, MENTION_LIMIT):
        mentions[aid].append((s, e))
    by: list[dict[str, Any]] = []
    about: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    pending: list[str] = []
    for st in stories[:VIEW_STORIES]:
        try:
            view = story_view(store, st["id"], wait=VIEW_WAIT).view
        except StillBuildingError:
            pending.append(st["id"])
            continue
        except NotFoundError:
            continue
        b, a, tl = _scan(view, mentions, st["title"], {found.name, *found.aliases})
        by += b
        about += a
        timeline += tl
    timeline.sort(key=lambda x: (x["date"] or "", x["story_id"]))
    return found.to_dict() | {
        "labels": found.labels, "n_stories": len(stories), "stories": stories,
        "claims_by": by[:LISTED], "claims_about": about[:LISTED], "timeline": timeline[:LISTED],
        "n_claims_by": len(by), "n_claims_about": len(about), "n_timeline": len(timeline),
        "stories_read": min(len(stories), VIEW_STORIES) - len(pending), "stories_pending": pending,
        "article_ids": newest_first[:LISTED], "n_articles": len(articles)}


__all__ = ["VIEW_STORIES", "entity_list", "entity_page", "speaks_as"]
