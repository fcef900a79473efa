"""Record types that cross stage boundaries.

One record crosses each boundary: :class:`Article` from sources to the store, later :class:`Story`.
Annotations are stand-off :class:`Span` objects: character offsets into ``Article.text``, never
copied strings. Debris is the exception on purpose: it is text that was *removed* from the
article, so it keeps the removed words and their offsets in the raw text it came from.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

#: Granularities a publication date or a timex value can have, coarsest first.
GRANULARITIES = ("year", "month", "day", "minute", "second")

_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Span:
    """A stand-off annotation: ``text[start:end]`` of the article it belongs to."""

    start: int
    end: int
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class PubDate:
    """A publication date with the granularity it is known at and where it came from.

    ``value`` is ISO 8601 cut to the granularity: ``2023-09`` (month), ``2023-09-11`` (day),
    ``2023-09-11T13:30`` (minute). ``origin`` is one of ``metadata`` (feed, JSONL, HTML meta),
    ``byline``, ``header``, ``dateline``, ``lead``, ``filename`` or ``inferred``.
    """

    value: str
    granularity: str
    origin: str
    confidence: float = 1.0

    def day(self) -> date:
        """The first calendar day the value covers (``2023-09`` gives 2023-09-01)."""
        parts = self.value[:10].split("-")
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return date(y, m, d)

    @classmethod
    def from_datetime(cls, when: datetime | date, granularity: str, origin: str,
                      confidence: float = 1.0) -> PubDate:
        if granularity == "year":
            value = f"{when.year:04d}"
        elif granularity == "month":
            value = f"{when.year:04d}-{when.month:02d}"
        elif granularity == "day" or not isinstance(when, datetime):
            value = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
            granularity = "day"
        elif granularity == "minute":
            value = when.strftime("%Y-%m-%dT%H:%M")
        else:
            value = when.strftime("%Y-%m-%dT%H:%M:%S")
        return cls(value=value, granularity=granularity, origin=origin, confidence=confidence)


@dataclass(slots=True)
class Debris:
    """Text removed by cleaning: where it stood in the raw text, what it said and why it went."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(slots=True)
class Source:
    """One place an article was found. Near-duplicate folding keeps every source of a text."""

    source: str  # path, path#record, or URL: unique per stored item
    kind: str  # text | html | feed | jsonl | warc
    item_hash: str  # hash of the raw item, so re-ingesting the same item is a no-op
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: PubDate | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """The record that flows from sources through ingest and annotate into the store.

    Fields start empty and are assigned by stages (see :mod:`lagebild.pipeline`); ``layers``
    holds the stand-off annotation layers by name (``sentences``, ``timex``, ``entities``,
    ``quotes`` …).
    """

    source: Source
    raw: str  # the item as it came: plain text or HTML
    raw_kind: str = "text"  # text | html
    text: str = ""
    id: str = ""
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: PubDate | None = None
    language: str | None = None
    language_score: float | None = None
    debris: list[Debris] = field(default_factory=list)
    layers: dict[str, list[Span]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def spans(self, layer: str) -> list[Span]:
        return self.layers.get(layer, [])

    def to_dict(self, *, with_raw: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not with_raw:
            data.pop("raw")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        def src(d: dict[str, Any]) -> Source:
            d = dict(d)
            if d.get("published"):
                d["published"] = PubDate(**d["published"])
            return Source(**d)

        return cls(
            source=src(data["source"]),
            raw=data.get("raw", ""),
            raw_kind=data.get("raw_kind", "text"),
            text=data["text"],
            id=data["id"],
            title=data.get("title"),
            outlet=data.get("outlet"),
            url=data.get("url"),
            published=PubDate(**data["published"]) if data.get("published") else None,
            language=data.get("language"),
            language_score=data.get("language_score"),
            debris=[Debris(**d) for d in data.get("debris", [])],
            layers={k: [Span(**s) for s in v] for k, v in data.get("layers", {}).items()},
            sources=[src(s) for s in data.get("sources", [])],
            meta=dict(data.get("meta", {})),
        )


@dataclass(slots=True)
class Rejection:
    """An input item that could not become an article, and why."""

    source: str
    reason: str
    error: str  # the exception class name, for grouping


def content_id(text: str) -> str:
    """Content-hash id of an article text: whitespace-folded, so reflowed copies share an id."""
    norm = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(slots=True)
class Event:
    """Articles about one specific happening and its direct developments."""

    id: str
    story_id: str
    article_ids: list[str] = field(default_factory=list)
    title: str = ""
    first_seen: str | None = None  # earliest publication date of its articles (ISO)
    last_seen: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Story:
    """Events of one affair over time: what clustering groups (:mod:`lagebild.store.stories`).

    What is shown about a story (timeline, claims, conflicts, briefing, entities) is its view,
    :class:`lagebild.story.view.StoryView`, built from these events and their articles.
    """

    id: str
    title: str = ""
    events: list[Event] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def article_ids(self) -> list[str]:
        return [a for e in self.events for a in e.article_ids]
