"""The typed story view: what every output of a story shows, built once per story version.

A :class:`StoryView` is produced by :func:`lagebild.story.build.build_story` from a story's events
and articles, stored as JSON (:meth:`StoryView.to_dict` / :meth:`StoryView.from_dict`) and rendered
by the CLI (terminal, JSON, Markdown), the web pages, the JSON API and the reports. Its parts are
produced by :mod:`.timeline` (:class:`TimelineEntry`), :mod:`.corroboration` (:class:`Claim`,
:class:`Conflict`) and :mod:`.briefing` (:class:`BriefingItem`).

Every statement cites its articles with :class:`Citation` (article id and character offsets). The
producers fill only those three fields; the builder resolves each citation once (the cited text,
its sentence context, the outlet, the article's title and date, a link), so renderers never need
the articles again.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from ..model import Story

#: Bump when the stored view's shape or content rules change: stored views of an older format
#: are rebuilt on their next read.
VIEW_FORMAT = 8


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
    """Where a citation points in the web UI: the article page, scrolled to the cited characters."""
    return f"/articles/{article_id}?start={int(start)}&end={int(end)}#cite"


def story_version(story: Story, since: str | None = None) -> str:
    """Changes whenever the story gains, loses, moves between its events or renames anything its
    view depends on (analysts' corrections included), and with :data:`VIEW_FORMAT`."""
    events = [f"{e.id}\x1e{e.title or ''}\x1e" + "\x1e".join(e.article_ids) for e in story.events]
    key = "\x1f".join([str(VIEW_FORMAT), story.id, story.title or "", since or "", *events])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


#: Claim statuses in the order a reader wants them.
STATUS_ORDER = {"conflict": 0, "corroborated": 1, "single-source": 2}


def ranked_claims(claims: list[Claim]) -> list[Claim]:
    """Conflicts first, then corroborated claims, then single sources; more outlets first."""
    return sorted(claims, key=lambda c: (STATUS_ORDER.get(c.status, 3), -c.n_outlets))


@dataclass(slots=True)
class Citation:
    """``text[start:end]`` of one article; the fields after ``end`` are filled by the view builder."""

    article_id: str
    start: int
    end: int
    text: str = ""
    outlet: str = ""
    article_title: str | None = None
    published: str | None = None
    source: str = ""
    before: str = ""  # the rest of the cited sentence, before and after the cited characters
    after: str = ""
    href: str = ""

    @property
    def where(self) -> tuple[str, int, int]:
        return (self.article_id, self.start, self.end)


@dataclass(slots=True)
class Carrier(Citation):
    """One article carrying a claim: the message it cites, what was compared, the source words."""

    content: tuple[int, int] | None = None
    source_span: tuple[int, int] | None = None
    via: str | None = None  # set on carriers shown for a corroborating claim: that claim's id


@dataclass(slots=True)
class TimelineEntry:
    """One dated happening across the story's articles (see :mod:`.timeline`)."""

    id: str
    date: str  # TIMEX3 value cut to its granularity: 2023-09-13, 2023-09, 2023-W36, 2023-SU, 2023
    granularity: str
    label: str
    expected: bool  # a plan or prediction, not (yet) a report of what happened
    citations: list[Citation] = field(default_factory=list)
    label_citation: Citation | None = None
    outlets: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    until: str | None = None
    approx: str | None = None  # "after": a dateless plan dated by its publication
    outcome: str | None = None  # id of the entry that reports what the plan led to
    anticipated_by: list[str] = field(default_factory=list)
    date_text: str = ""  # the date as a reader writes it: "11. September 2023", "KW 36/2023", "ab …"
    status_text: str = ""  # "" (happened), "erwartet", "erwartet · eingetreten am 13.09.2023", …
    date_confidence: float | None = None  # set when every report is dated by an inferred publication date


@dataclass(slots=True)
class Claim:
    """A statement with its source and stance, and every article carrying it (see :mod:`.corroboration`)."""

    id: str
    source: str | None
    source_key: str
    own: bool  # the outlet's own statement, no attribution
    stance: str  # assertion | denial | speculation
    text: str
    carriers: list[Carrier] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    independent_outlets: int = 0
    single_source: bool = True
    corroborated_by: list[str] = field(default_factory=list)
    speaker_kind: str = "named"  # named | anonymous | outlet ("hieß es") | unattributed | own
    # filled by the view builder
    status: str = ""  # conflict | corroborated | single-source
    n_outlets: int = 0
    also: list[Carrier] = field(default_factory=list)  # carriers of the claims that corroborate it

    def by_outlet(self) -> dict[str, list[Carrier]]:
        """Own carriers, then those of corroborating claims (``via`` set), grouped by outlet."""
        out: dict[str, list[Carrier]] = {}
        for c in [*self.carriers, *self.also]:
            out.setdefault(c.outlet or nameless_outlet(c.article_id), []).append(c)
        return out


#: Column of a carrier whose article names no outlet.
UNKNOWN_OUTLET = "(unknown outlet)"


def nameless_outlet(article_id: str) -> str:
    """The column key of an article that names no outlet: each such article is its own column."""
    return f"{UNKNOWN_OUTLET} {article_id}"


@dataclass(slots=True)
class ConflictSide:
    """One side of a conflict: a claim, who says it, how, and which outlets carry it when."""

    claim: str
    stance: str
    speaker: str
    outlets: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)

    def describe(self) -> str:
        when = f", {self.published[0]}" if self.published else ""
        return f"{self.speaker} ({self.stance}; {', '.join(self.outlets)}{when})"


@dataclass(slots=True)
class Conflict:
    """A denial against assertions, or one fact with different numbers, dates or places."""

    kind: str  # denial | number | date | place
    about: str
    citations: list[Citation] = field(default_factory=list)
    denied_by: str | None = None  # claim ids (denial)
    also_denied_by: list[str] = field(default_factory=list)  # the same denier's denials of the same proposition
    asserted_by: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # the two differing values (number, date, place)
    claims: list[str] = field(default_factory=list)
    sides: list[ConflictSide] = field(default_factory=list)  # the denial (or first claim) first

    def describe(self) -> str:
        sides = " vs ".join(s.describe() for s in self.sides)
        if self.kind == "denial":
            who = sides or f"{self.denied_by} vs {', '.join(self.asserted_by)}"
            return f"denial: {who}: {self.about}"
        vs = f" {self.values[0]} vs {self.values[1]}" if len(self.values) == 2 else ""
        return f"{self.kind}{vs}" + (f" ({sides})" if sides else "") + f": {self.about}"


@dataclass(slots=True)
class BriefingItem:
    """One sentence of a briefing, cited (see :mod:`.briefing`)."""

    text: str
    citation: Citation
    outlet: str
    published: str | None = None


@dataclass(slots=True)
class StoryEntity:
    """A canonical entity as it appears in one story: mentions and articles counted in the story."""

    id: str
    name: str
    label: str
    count: int
    articles: int
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EntityEdge:
    """Two entities named together (same sentence, else same article) ``weight`` times."""

    source: str
    target: str
    weight: int


@dataclass(slots=True)
class EventView:
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    article_ids: list[str] = field(default_factory=list)
    briefing: list[BriefingItem] = field(default_factory=list)


@dataclass(slots=True)
class ArticleRow:
    id: str
    title: str | None
    outlet: str | None  # the article's own outlet field
    outlets: list[str] = field(default_factory=list)  # every outlet that carried it (display names)
    voice: str = ""  # the independent voice it counts as (agency or outlet)
    published: str | None = None
    language: str | None = None
    url: str | None = None  # only absolute http(s) links (see safe_url)
    source: str = ""
    sources: list[str] = field(default_factory=list)
    chars: int = 0
    published_inferred: float | None = None  # the confidence, when the publication date was inferred

    def published_text(self) -> str:
        """The publication date as shown: "undated", or marked when it was inferred."""
        if not self.published:
            return "undated"
        if self.published_inferred is None:
            return self.published
        return f"{self.published} (inferred, confidence {self.published_inferred:.1f})"


@dataclass(slots=True)
class NewSince:
    since: str
    briefing: list[BriefingItem] = field(default_factory=list)


@dataclass(slots=True)
class StoryView:
    """Everything shown about one story version."""

    id: str
    title: str
    version: str = ""
    n_articles: int = 0
    n_events: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    outlets: list[str] = field(default_factory=list)  # independent voices
    languages: list[str] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    briefing: list[BriefingItem] = field(default_factory=list)
    entities: list[StoryEntity] = field(default_factory=list)
    edges: list[EntityEdge] = field(default_factory=list)
    articles: list[ArticleRow] = field(default_factory=list)
    new_since: NewSince | None = None
    format: int = VIEW_FORMAT

    def claim_outlets(self) -> list[str]:
        """Every outlet that carries a claim (the columns of a claims-by-outlet table)."""
        return sorted({o for c in self.claims for o in c.by_outlet()})

    def citations(self) -> list[Citation]:
        """Every citation in the view (timeline, claims, conflicts, briefings), depth first."""
        out: list[Citation] = []
        for t in self.timeline:
            out += t.citations + ([t.label_citation] if t.label_citation else [])
        for c in self.claims:
            out += [*c.carriers, *c.also]
        for x in self.conflicts:
            out += x.citations
        briefings = [*self.briefing, *(b for e in self.events for b in e.briefing),
                     *(self.new_since.briefing if self.new_since else [])]
        return out + [b.citation for b in briefings]

    def article_refs(self) -> dict[str, int]:
        """Reference numbers of the articles (1, 2, …) in the order listed."""
        return {a.id: n + 1 for n, a in enumerate(self.articles)}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryView:
        return _load(cls, data)


#: Field types that hold nested view records, per record class (for :func:`_load`).
def _nested() -> dict[type, dict[str, tuple[str, type]]]:
    return {
        TimelineEntry: {"citations": ("list", Citation), "label_citation": ("one", Citation)},
        Claim: {"carriers": ("list", Carrier), "also": ("list", Carrier)},
        Conflict: {"citations": ("list", Citation), "sides": ("list", ConflictSide)},
        BriefingItem: {"citation": ("one", Citation)},
        EventView: {"briefing": ("list", BriefingItem)},
        NewSince: {"briefing": ("list", BriefingItem)},
        StoryView: {"events": ("list", EventView), "timeline": ("list", TimelineEntry), "claims": ("list", Claim),
                    "conflicts": ("list", Conflict), "briefing": ("list", BriefingItem),
                    "entities": ("list", StoryEntity), "edges": ("list", EntityEdge),
                    "articles": ("list", ArticleRow), "new_since": ("one", NewSince)},
    }


_PAIRS = {"content", "source_span"}


def _load(cls: type, data: dict[str, Any]) -> Any:
    nested = _nested().get(cls, {})
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        how = nested.get(f.name)
        if how is not None and value is not None:
            kind, sub = how
            value = [_load(sub, v) for v in value] if kind == "list" else _load(sub, value)
        elif f.name in _PAIRS and value is not None:
            value = (int(value[0]), int(value[1]))
        kwargs[f.name] = value
    return cls(**kwargs)
