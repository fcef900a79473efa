"""The details two statements of one fact can disagree on: numbers, dates and places.

:func:`differences` compares two claim mentions (see :mod:`.corroboration`) and returns the
details that differ: the same counted thing with different numbers ("zwei Millionen Granaten" vs
"drei Millionen Granaten"), dates that do not overlap, or places where each side names a place the
other never mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from ..model import Article, Span
from .cues import MULTIPLIERS, NOT_A_DATE, NUMBER_WORDS, PLACE_PREPOSITIONS, SINCE
from .happenings import Interval, interval
from .similarity import lang_of, lemma, words


class Statement(Protocol):
    """What :func:`differences` needs of a claim mention."""

    article: Article
    content: tuple[int, int]
    dates: list[Interval]

    @property
    def text(self) -> str: ...

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(?![\w])")


def numbers_in(text: str, lang: str, skip: list[tuple[int, int]]) -> dict[str, set[float]]:
    """Numbers in ``text`` by the lemma of the word they count ("zwei Millionen Granaten")."""
    toks = words(text)
    out: dict[str, set[float]] = {}
    number_words = NUMBER_WORDS.get(lang, {})
    for i, (a, b) in enumerate(toks):
        w = text[a:b]
        if any(s <= a < e for s, e in skip):
            continue
        if _NUMBER.fullmatch(w):
            raw = re.sub(r"[.\u202f ](?=\d{3}\b)", "", w).replace(",", ".")
            try:
                value = float(raw)
            except ValueError:
                continue
        elif w.lower() in number_words:
            value = float(number_words[w.lower()])
            if w.lower() in ("ein", "eine", "einen", "one") and not (
                    i + 1 < len(toks) and text[slice(*toks[i + 1])].lower() in MULTIPLIERS):
                continue
        else:
            continue
        j = i + 1
        while j < len(toks) and text[slice(*toks[j])].lower() in MULTIPLIERS:
            value *= MULTIPLIERS[text[slice(*toks[j])].lower()]
            j += 1
        if j < len(toks):
            unit = lemma(text[slice(*toks[j])], lang)
            out.setdefault(unit, set()).add(value)
    return out


def places_in(text: str, span: tuple[int, int], lang: str, entities: Sequence[Span]) -> set[str]:
    """Lemmas of the places named in ``text[span]``: LOC entities, else a capitalised word after
    a place preposition ("in Wladiwostok")."""
    a, b = span
    locs = {lemma(text[s.start:s.end], lang) for s in entities if s.label in ("LOC", "GPE") and a <= s.start < b}
    if locs or entities:
        return locs
    toks = words(text, a, b)
    preps = PLACE_PREPOSITIONS[lang]
    return {lemma(text[slice(*toks[i + 1])], lang) for i in range(len(toks) - 1)
            if text[slice(*toks[i])] in preps and text[toks[i + 1][0]].isupper()
            and not text[slice(*toks[i + 1])].isupper()}


#: Words that make the date after them a limit of the statement, not its date.
LIMIT_WORDS = frozenset().union(*SINCE.values(), *NOT_A_DATE.values())


def dates_in(article: Any, span: tuple[int, int], *, anchored: bool = False) -> list[Interval]:
    """Calendar intervals of the dates ``article.text[span]`` carries (DATE/TIME timexes that
    resolve to a day, month, week, season or year); ``anchored``: also those resolved against
    another date ("am Donnerstag"), which may be off and are no ground for a date conflict."""
    a, b = span
    out = []
    for t in article.spans("timex"):
        if t.label in ("DATE", "TIME") and a <= t.start < b and (anchored or not t.attrs.get("anchor")):
            before = article.text[max(0, t.start - 12):t.start].split()
            if before and before[-1].lower() in LIMIT_WORDS:
                continue  # "seit 2019", "vor März": a limit, not the date the statement speaks of
            iv = interval(str(t.attrs.get("value")))
            if iv is not None:
                out.append(iv)
    return out


def differences(a: Statement, b: Statement) -> list[tuple[str, str, str]]:
    """(kind, value of a, value of b) for every detail in which the two statements differ."""
    lang_a, lang_b = lang_of(a.article), lang_of(b.article)
    skip_a = [(t.start, t.end) for t in a.article.spans("timex")]
    skip_b = [(t.start, t.end) for t in b.article.spans("timex")]
    out: list[tuple[str, str, str]] = []
    na = numbers_in(a.article.text[:a.content[1]], lang_a, skip_a + [(0, a.content[0])])
    nb = numbers_in(b.article.text[:b.content[1]], lang_b, skip_b + [(0, b.content[0])])
    for unit in sorted(set(na) & set(nb)):
        if not na[unit] & nb[unit]:
            out.append(("number", f"{_fmt(na[unit])} {unit}", f"{_fmt(nb[unit])} {unit}"))
    fa, fb = dates_in(a.article, a.content), dates_in(b.article, b.content)  # dates written in full
    if fa and fb and not any(x.overlaps(y) for x in fa for y in fb):
        out.append(("date", fa[0].value, fb[0].value))
    pa = places_in(a.article.text, a.content, lang_a, a.article.spans("entities"))
    pb = places_in(b.article.text, b.content, lang_b, b.article.spans("entities"))
    text_a, text_b = a.text.lower(), b.text.lower()
    # a place conflict needs each side's place to be absent from the other statement: "nach Russland
    # reisen" vs "Nordkorea besuchen" name both countries in different roles, not different places
    if pa and pb and not pa & pb and not any(p in text_b for p in pa) and not any(p in text_a for p in pb):
        out.append(("place", ", ".join(sorted(pa)), ", ".join(sorted(pb))))
    return out


def _fmt(values: set[float]) -> str:
    return "/".join(f"{v:,.0f}" if v >= 1000 else f"{v:g}" for v in sorted(values))
