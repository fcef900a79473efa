"""Claim mentions and how alike two of them are (shared by :mod:`.corroboration` and :mod:`.conflicts`).

A :class:`ClaimMention` is one statement in one article: what is compared (``content``), its
speaker (``source_key``: a canonical entity "ent:…", an outlet's own voice "own", "outlet:…" for
"hieß es" with no referent, "?" for unattributed, else normalised source words), its stance, its
voice and the dates it carries. :class:`Scorer` measures how alike two contents are;
:func:`same_time` says whether two statements can be about one happening.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from ..model import Article
from .cues import SOURCE_FRAME_WORDS, STOPWORDS
from .happenings import Interval, interval
from .similarity import TfIdf, embed, lang_of, lemma, words
from .view import Citation

#: Across languages lemmas cannot overlap: the encoder alone decides, at a higher bar.
CROSS_LANGUAGE_COSINE = 0.7
#: The lowest encoder cosine any test of :mod:`.corroboration` or :mod:`.conflicts` accepts: below
#: it the (costly) lemma overlap is never needed (a 26-article story has ~270k claim pairs).
MIN_COSINE = 0.38
#: Two statements without dates of their own are about one happening only when their articles
#: appeared within this many days of each other: news of one happening comes within days, while a
#: story's later chapter (the return visit a year on) comes months later.
SAME_HAPPENING_DAYS = 10
#: A statement with no date of its own is about the days around its publication (this many on
#: either side) when it is compared with a dated statement ("seit dem Morgen steht alles still",
#: published 4 September, is not "der Streik ging am Freitag, 12. September, zu Ende").
UNDATED_DAYS = 3


@dataclass
class ClaimMention:
    article: Article
    span: tuple[int, int]  # the message (own statements: the sentence)
    content: tuple[int, int]  # what is compared: the message, or its sentence(s) when it is short
    source_key: str
    source_text: str
    source_span: tuple[int, int] | None
    stance: str
    own: bool
    sent_index: int | None = None
    speaker_kind: str = "named"  # named | anonymous | outlet | unattributed | own
    chain: bool = False  # reported inside another attribution (the officials a newspaper cites)
    voice: str = ""
    dates: list[Interval] = field(default_factory=list)  # dates the statement itself carries
    feats: set[str] = field(default_factory=set)
    parties: list[str] = field(default_factory=list)  # the speaker's names ("Nordkorea", "Russland")
    actors: list[frozenset[str]] = field(default_factory=list)  # the people acting in the content
    source_words: str = ""  # the source as written (a description with its organisation)

    def same_actors(self, other: ClaimMention) -> bool:
        """False when both statements have people acting and none of them is the same person
        ("Kim reist nach Wladiwostok" vs "Putin reiste nach Wladiwostok")."""
        return not self.actors or not other.actors or any(a & b for a in self.actors for b in other.actors)

    @property
    def text(self) -> str:
        return self.article.text[self.content[0]:self.content[1]]


@dataclass
class ClaimGroup:
    """The mentions of one claim."""

    mentions: list[ClaimMention]

    @property
    def first(self) -> ClaimMention:
        return self.mentions[0]

    @property
    def denial(self) -> bool:
        return self.first.stance == "denial"

    def voices(self) -> set[str]:
        return {m.voice for m in self.mentions}


def source_key(text: str, lang: str) -> str:
    """Normalised source words: lemmas of its names (capitalised words), else of its content words."""
    stop = STOPWORDS.get(lang, STOPWORDS["de"])
    toks = [text[a:b] for a, b in words(text)]
    lems = [lemma(t, lang) for t in toks if t.lower() not in stop]
    names = [lemma(t, lang) for i, t in enumerate(toks) if t[:1].isupper() and (i > 0 or lang == "de")
             and t.lower() not in stop]
    keep = [w for w in (names or lems) if w not in SOURCE_FRAME_WORDS]
    return " ".join(sorted(set(keep or lems)))


def same_source(a: str, b: str) -> bool:
    """Whether two speaker keys name one speaker (equal, or the words of one contain the other's)."""
    if a == b:
        return True
    if a.startswith(("ent:", "own", "?", "outlet:")) or b.startswith(("ent:", "own", "?", "outlet:")):
        return False
    sa, sb = set(a.split()), set(b.split())
    return bool(sa and sb) and (sa <= sb or sb <= sa)


def pub_interval(article: Article) -> Interval | None:
    return interval(article.published.value[:10]) if article.published else None


def same_time(a: ClaimMention, b: ClaimMention) -> bool | None:
    """Whether two statements can speak of one happening: their own dates overlap, or (without
    dates) their articles appeared within SAME_HAPPENING_DAYS. None when nothing is known."""
    if a.dates and b.dates:
        return any(x.overlaps(y) for x in a.dates for y in b.dates)
    pa, pb = pub_interval(a.article), pub_interval(b.article)
    if pa is None or pb is None:
        return None
    if a.dates or b.dates:  # a dateless statement speaks of the days around its publication
        dated, other = (a.dates, pb) if a.dates else (b.dates, pa)
        near = timedelta(days=UNDATED_DAYS)
        return any(d.first - near <= other.last and other.first - near <= d.last for d in dated)
    window = timedelta(days=SAME_HAPPENING_DAYS)
    return pa.first - window <= pb.last and pb.first - window <= pa.last


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans of one article share at least half of the shorter one."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter * 2 >= min(a[1] - a[0], b[1] - b[0])


def cite(m: ClaimMention, span: tuple[int, int] | None = None) -> Citation:
    s, e = span or m.span
    return Citation(m.article.id, s, e)


class Scorer:
    """Encoder cosine and IDF-weighted feature overlap of claim mentions (the overlap only where
    the cosine could pass a test)."""

    def __init__(self, mentions: list[ClaimMention]) -> None:
        self.pos = {id(m): i for i, m in enumerate(mentions)}
        self.vecs = embed([m.text for m in mentions]) if mentions else np.zeros((0, 512), np.float32)
        self.tfidf = TfIdf([m.feats for m in mentions])

    def __call__(self, a: ClaimMention, b: ClaimMention) -> tuple[float, float]:
        cos = float(self.vecs[self.pos[id(a)]] @ self.vecs[self.pos[id(b)]])
        return cos, self.overlap(a, b, cos)

    def overlap(self, a: ClaimMention, b: ClaimMention, cos: float) -> float:
        if cos < MIN_COSINE:
            return 0.0
        if lang_of(a.article) != lang_of(b.article):  # no shared lemmas: the encoder speaks for both
            return 1.0 if cos >= CROSS_LANGUAGE_COSINE else 0.0
        return self.tfidf.cosine(a.feats, b.feats)
