"""Build the typed view of one story (events already grouped) from its articles.

:func:`build_story` adds the timeline (:mod:`.timeline`), claims and conflicts
(:mod:`.corroboration`), briefings per story and per event (:mod:`.briefing`), what is new since a
given time, the story's canonical entities with their co-occurrence edges, and resolves every
citation once (cited text, sentence context, outlet, article title and date, link). The result is
a :class:`~lagebild.story.view.StoryView`: stored by the application layer and rendered by every
interface, none of which needs the articles again.

Canonical entities come from the link step (``entity_ids``: every mention's entity, and
``entity_info``: each entity's name, type and aliases); without them (article sets outside a store)
the articles are linked among themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from ..model import Article, Event, Story
from .briefing import EVENT_SENTENCES, STORY_SENTENCES, summarize
from .corroboration import corroborate
from .outlets import outlet_names, voice_label
from .similarity import SentenceIndex
from .timeline import build_timeline
from .view import (
    ArticleRow,
    Carrier,
    Citation,
    Claim,
    Conflict,
    EntityEdge,
    EventView,
    NewSince,
    StoryEntity,
    StoryView,
    cite_href,
    safe_url,
    story_version,
)

#: Canonical entities listed per story (and drawn in its graph): beyond ~30 nodes a co-occurrence
#: graph is a hairball, and the rest are rarely more than passing mentions.
ENTITY_LIMIT = 30
#: Characters of a first sentence used as a title when no article has one.
TITLE_CHARS = 100
#: Characters of sentence context kept on each side of a cited fragment.
CONTEXT_CHARS = 160

EntityIds = Mapping[tuple[str, int, int], str]


def _published(a: Article) -> str:
    return a.published.value if a.published else ""


def build_story(story: Story, articles: dict[str, Article], since: str | None = None, *,
                entity_ids: EntityIds | None = None, entity_info: Mapping[str, StoryEntity] | None = None,
                ) -> StoryView:
    """The view of ``story`` from ``articles`` (id -> article; ids the story names but the dict
    lacks are skipped)."""
    arts = [articles[i] for i in dict.fromkeys(story.article_ids) if i in articles]
    by_date = sorted(arts, key=lambda a: (_published(a) or "~", a.id))
    if entity_ids is None:
        entity_ids, entity_info = local_entities(by_date)
    events = [_event(ev, [articles[i] for i in ev.article_ids if i in articles]) for ev in story.events]
    title = story.title or next((e.title for e in events if e.title), "") or _title(by_date)
    claims, conflicts = corroborate(by_date, entity_ids, entity_info)
    dates = sorted(_published(a) for a in arts if a.published)
    view = StoryView(
        id=story.id, title=title or story.id, version=story_version(story, since),
        n_articles=len(arts), n_events=len(story.events),
        first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
        outlets=sorted({voice_label(a) for a in arts}),
        languages=sorted({a.language for a in arts if a.language}),
        events=events, timeline=build_timeline(by_date), claims=_rate(claims, conflicts), conflicts=conflicts,
        briefing=summarize(by_date, k=STORY_SENTENCES),
        articles=[_article_row(a) for a in arts],
    )
    view.entities, view.edges = _entities(by_date, entity_ids, entity_info or {})
    if since is not None:
        view.new_since = NewSince(since, summarize(by_date, k=STORY_SENTENCES, since=since))
    _resolve_all(view, articles)
    return view


def local_entities(arts: list[Article]) -> tuple[dict[tuple[str, int, int], str], dict[str, StoryEntity]]:
    """Entity ids and names of articles linked among themselves (no store)."""
    from ..link.entities import EntityIndex

    index = EntityIndex()
    found: dict[tuple[str, int, int], str] = {}
    for a in arts:
        if "entities" in a.layers:
            found.update({(a.id, s, e): eid for (s, e), eid in index.add(a).items()})
    ids = {k: index.resolve(v) for k, v in found.items()}
    info = {e.id: StoryEntity(e.id, e.name, e.label, len(e.mentions), 0, list(e.aliases))
            for e in index.entities.values()}
    return ids, info


def _event(ev: Event, arts: list[Article]) -> EventView:
    arts = sorted(arts, key=lambda a: (_published(a) or "~", a.id))
    dates = [_published(a) for a in arts if a.published]
    return EventView(id=ev.id, title=ev.title or _title(arts),
                     first_seen=ev.first_seen or (min(dates) if dates else None),
                     last_seen=ev.last_seen or (max(dates) if dates else None),
                     article_ids=list(ev.article_ids), briefing=summarize(arts, k=EVENT_SENTENCES))


def _title(arts: list[Article]) -> str:
    for a in arts:
        if a.title:
            return a.title
    for a in arts:
        first = a.text.strip().split("\n", 1)[0]
        if first:
            return first[:TITLE_CHARS].rsplit(" ", 1)[0] if len(first) > TITLE_CHARS else first
    return ""


def _article_row(a: Article) -> ArticleRow:
    src = a.source.source if a.source else ""
    return ArticleRow(id=a.id, title=a.title, outlet=a.outlet, outlets=outlet_names(a), voice=voice_label(a),
                      published=_published(a) or None, language=a.language, url=safe_url(a.url), source=src,
                      sources=[s.source for s in a.sources] or ([src] if src else []), chars=len(a.text),
                      published_inferred=a.published.confidence if a.published and a.published.origin == "inferred"
                      else None)


# -- claims: status and every outlet that reported them ----------------------------------------------
def _rate(claims: list[Claim], conflicts: list[Conflict]) -> list[Claim]:
    """Status (conflict, corroborated, single-source) and the carriers of corroborating claims."""
    conflicted: set[str] = set()
    for x in conflicts:
        conflicted.update(x.claims)
        conflicted.update(i for i in [x.denied_by, *x.also_denied_by, *x.asserted_by] if i)
    by_id = {c.id: c for c in claims}
    for c in claims:
        seen = {x.where for x in c.carriers}
        for other in c.corroborated_by:
            for cite in by_id[other].carriers if other in by_id else []:
                if cite.where not in seen:  # the same passage carries several claims: list it once
                    seen.add(cite.where)
                    c.also.append(Carrier(cite.article_id, cite.start, cite.end, outlet=cite.outlet,
                                          content=cite.content, source_span=cite.source_span, via=other))
        c.n_outlets = max(c.independent_outlets, len(c.by_outlet()))
        if c.id in conflicted or conflicted & set(c.corroborated_by):
            c.status = "conflict"  # the proposition is denied, whoever else carries it
        elif c.n_outlets > 1 or c.corroborated_by:
            c.status = "corroborated"
        else:
            c.status = "single-source"
    return claims


# -- entities ----------------------------------------------------------------------------------------
def _entities(arts: list[Article], entity_ids: EntityIds, info: Mapping[str, StoryEntity]
              ) -> tuple[list[StoryEntity], list[EntityEdge]]:
    """The story's most mentioned entities, and how often two are named in one sentence (else article)."""
    mine = {a.id for a in arts}
    mentions: dict[str, list[tuple[str, int]]] = {}
    for (aid, start, _end), eid in entity_ids.items():
        if aid in mine:
            mentions.setdefault(eid, []).append((aid, start))
    ranked = sorted(mentions, key=lambda e: (-len(mentions[e]), e))[:ENTITY_LIMIT]
    out = []
    for eid in ranked:
        known = info.get(eid)
        name, label = (known.name, known.label) if known else (eid.split(":", 1)[-1], eid.split(":", 1)[0])
        aliases = [a for a in (known.aliases if known else []) if a != name]
        out.append(StoryEntity(eid, name, label, len(mentions[eid]), len({a for a, _ in mentions[eid]}), aliases))
    index = {a.id: SentenceIndex(a) for a in arts}
    where: dict[tuple[str, int], set[str]] = {}
    for eid in ranked:
        for aid, start in mentions[eid]:
            sent = index[aid].at(start)
            where.setdefault((aid, -1 if sent is None else sent), set()).add(eid)
    weights: Counter[tuple[str, str]] = Counter()
    for group in where.values():
        ordered = sorted(group)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                weights[(a, b)] += 1
    return out, [EntityEdge(a, b, w) for (a, b), w in weights.most_common()]


# -- citations ---------------------------------------------------------------------------------------
def _resolve_all(view: StoryView, articles: dict[str, Article]) -> None:
    for c in view.citations():
        art = articles.get(c.article_id)
        if art is not None:
            resolve_citation(c, art)


def resolve_citation(c: Citation, art: Article) -> Citation:
    """Fill the cited text, its sentence context, outlet, title, date, source and link."""
    c.text = c.text or art.text[c.start:c.end]
    c.outlet = c.outlet or ", ".join(outlet_names(art))
    c.article_title = art.title
    c.published = _published(art) or None
    c.source = art.source.source if art.source else ""
    c.before, c.after = _context(art, c.start, c.end)
    c.href = cite_href(c.article_id, c.start, c.end)
    return c


def _context(art: Article, start: int, end: int) -> tuple[str, str]:
    """The rest of the sentence around a cited fragment, so a reader sees it in context."""
    sent = next((s for s in art.spans("sentences") if s.start <= start < s.end), None)
    if sent is None or end > sent.end:
        return "", ""
    before, after = art.text[sent.start:start], art.text[end:sent.end]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
    return before, after
