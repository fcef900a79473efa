"""Names that do not say which thing they name: generic institution names and domain names.

Every country has an "Oberster Gerichtshof", a "Demokratische Partei", an "Außenministerium": a
head noun that names a kind of institution with modifiers that do not tell which one (lexicon
``lagebild/data/generic_names.json``). Two such names are one entity only when their place agrees,
so :func:`generic_name` gives the name's generic key and the country written in the name, and
:func:`entity_places` the country of each document entity from its document: the document's
dominant country (the country named most often, ``DOMINANT_MIN`` times at least and more often
than any other) when the sentences that mention the entity do not name only other countries, or
the one country those sentences name in a document without a dominant country. A generic name
without a place stays in its document. A bare generic noun of a noun-capitalising language
("Nachrichtenagentur", "Regierung") is not a name at all (:func:`is_bare_generic`), nor is the cut
first part of a compound ("Nord-" of "Nord- und Südamerika", :func:`is_fragment`).

Domain names ("orf.at", "fm4.orf.at") name one site each: they are one name only when their host
is the same (:func:`host`).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from ..model import Span
from .variants import DATA_DIR, NOUN_CAPITALISING, case_key, is_acronym, name_tokens, territory_code

#: German inflection endings tried (longest first) when looking a word up in the generic lexicon.
ENDINGS = ("ern", "en", "em", "er", "es", "e", "s", "n")
VOWELS = frozenset("aeiouäöüy")
#: Shortest stem left by stripping an ending ("Rat" / "Rates", not "Amt" -> "Am").
MIN_STEM = 3
#: Mentions a country needs in a document to be its dominant place (one passing mention of a
#: country in a report about another is no evidence about where the report is set).
DOMINANT_MIN = 2
#: Function words allowed between a generic name and a place written in it ("Oberster
#: Gerichtshof der USA", "Supreme Court of India").
PLACE_LINKERS = frozenset({"der", "des", "von", "in", "im", "of", "the", "for"})
#: A domain name: dot-separated labels ending in a top-level domain written in lower case.
_DOMAIN = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[a-z]{2,6}$")
#: Hyphens that end the cut first part of a compound ("Nord- und Südamerika").
HYPHENS = ("-", "\u2010", "\u2011")
#: Sentence ends when an article has no sentence layer (tests, exported stores).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"„“«»(]?[A-ZÄÖÜ0-9])")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return json.loads((DATA_DIR / "generic_names.json").read_text("utf-8"))


@lru_cache(maxsize=8)
def _words(lang: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(heads, modifiers, compound prefixes) of one language, of every language for ``""``."""
    data = _lexicon()
    heads = frozenset(w for k, ws in data["heads"].items() if lang in ("", k) for w in ws)
    mods = frozenset(w for k, ws in data["modifiers"].items() if lang in ("", k) for w in ws)
    return heads, mods, frozenset(data["compound_prefixes"])


def _in(word: str, words: frozenset[str]) -> bool:
    """The word or its stem without one inflection ending is in ``words`` (a bare -s only after a
    consonant: "Rats", "Amts"; "Marines" is an English plural, no German form of "Marine")."""
    return word in words or any(word.endswith(e) and len(word) - len(e) >= MIN_STEM and word[: -len(e)] in words
                                and not (e == "s" and word[-2] in VOWELS) for e in ENDINGS)


def _prefixes(word: str, prefixes: frozenset[str]) -> bool:
    """``word`` is a run of compound prefixes ("bundesverfassungs" = bundes|verfassungs)."""
    if not word:
        return True
    for cut in range(len(word), MIN_STEM - 1, -1):
        if word[:cut] in prefixes and _prefixes(word[cut:], prefixes):
            return True
        if word[:cut].endswith("s") and word[: cut - 1] in prefixes and _prefixes(word[cut:], prefixes):
            return True  # Fugen-s: "Verfassungs|gericht"
    return False


@lru_cache(maxsize=65536)
def _head(word: str, lang: str = "") -> bool:
    """A head noun of the lexicon, inflected or as the last part of a compound of prefixes."""
    heads, _, prefixes = _words(lang)
    if _in(word, heads):
        return True
    for h in heads:
        at = word.rfind(h, MIN_STEM)
        if at > 0 and word[at + len(h):] in ("", *ENDINGS) and _prefixes(word[:at], prefixes):
            return True
    return False


def _generic_word(word: str) -> bool:
    _, mods, prefixes = _words("")
    return _in(word, mods) or _in(word, prefixes) or _head(word)


@dataclass(frozen=True)
class GenericName:
    key: str  # case key of the generic part ("oberst gerichtshof")
    place: str | None  # CLDR code of a country written in the name ("... der USA")


@lru_cache(maxsize=65536)
def generic_name(name: str, lang: str) -> GenericName | None:
    """The generic part of a name made of lexicon words ending in a head noun, optionally with a
    country before or after it ("Oberster Gerichtshof", "Demokratischen Partei", "Außenministerium",
    "Supreme Court of India", "US Air Force"); None for a specific name ("Europäische Kommission",
    "Serbische Radikale Partei"), an acronym, a name not written as a name, or a one-word name that
    is no head noun of the text's language, or in a language that capitalises only names ("Senate"
    in English is that country's senate, "Bank" in German text is no English head)."""
    if not name[:1].isupper() or is_acronym(name):
        return None
    toks = name_tokens(name)
    if len(toks) == 1:  # one word: a head noun of the text's language that capitalises nouns
        return (GenericName(case_key(name), None) if lang in NOUN_CAPITALISING and _head(toks[0], lang)
                else None)
    end = next((i for i in range(len(toks), 0, -1) if _head(toks[i - 1])), 0)
    start = next((i for i in range(end) if all(_generic_word(t) for t in toks[i:end])), end)
    if start == end:
        return None
    before, after = toks[:start], toks[end:]
    while after and after[0] in PLACE_LINKERS:
        after = after[1:]
    if before and after:
        return None
    place = territory_code(" ".join(before or after)) if before or after else None
    if (before or after) and place is None:
        return None  # "Partei Bibeltreuer Christen", "Serbische Radikale Partei" are names
    return GenericName(case_key(" ".join(toks[start:end])), place)


@lru_cache(maxsize=65536)
def is_bare_generic(name: str, lang: str) -> bool:
    """A single generic head noun of the text's language, written as a name in a language that
    capitalises nouns ("Nachrichtenagentur", "Regierung", "Nachrichten Agentur"): a common noun,
    no entity."""
    if lang not in NOUN_CAPITALISING or not name[:1].isupper() or is_acronym(name):
        return False
    return _in("".join(name_tokens(name)), _words(lang)[0])


def is_fragment(name: str) -> bool:
    """One word that is the first part of a compound cut before "und"/"oder" ("Nord- und
    Südamerika", "Nord- und Südpole"): the part alone names nothing. (A longer name cut so,
    "Deutsches Zentrum für Luft-", is a name the tagger cut short and stays one.)"""
    return name.endswith(HYPHENS) and len(name_tokens(name)) == 1


@lru_cache(maxsize=65536)
def host(name: str) -> str | None:
    """The host a domain name names, without a leading "www." ("www.orf.at" -> "orf.at"); None when
    ``name`` is no domain name."""
    if not _DOMAIN.match(name) or "." not in name.strip("."):
        return None
    labels = name.lower().split(".")
    while len(labels) > 2 and labels[0] in _lexicon()["host_prefixes"]:
        labels = labels[1:]
    return ".".join(labels)


class NamedEntity(Protocol):
    """What the place rules read of a document entity (link.document.DocEntity has it; a protocol,
    so this module does not import link.document, which imports it)."""

    @property
    def aliases(self) -> Iterable[str]: ...
    @property
    def label(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def spans(self) -> Sequence[Span]: ...


def sentence_bounds(text: str, sentences: Sequence[Span]) -> list[int]:
    """Start offsets of the sentences (the sentence layer, else split at sentence ends)."""
    if sentences:
        return sorted(s.start for s in sentences)
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def entity_country(ent: NamedEntity) -> str | None:
    """The country a document entity names, if it names one (an acronym only when typed a place:
    "US" typed ORG may be no country)."""
    for alias in ent.aliases:
        if is_acronym(alias) and ent.label != "LOC":
            continue
        code = territory_code(alias, ent.lang)
        if code:
            return code
    return None


def entity_places(text: str, sentences: Sequence[Span], ents: Sequence[NamedEntity]) -> dict[int, str | None]:
    """The place of each document entity that has a generic name (keyed by ``id(entity)``): a
    country written in the name, else the document's dominant country unless the sentences that
    mention the entity name only other countries, else the one country those sentences name when
    the document has no dominant country; else None (a ministry's sentence often names the country
    it speaks about, not its own)."""
    generic = [e for e in ents if e.label != "PER" and any(generic_name(a, e.lang) for a in e.aliases)]
    if not generic:
        return {}
    starts = sentence_bounds(text, sentences)
    countries: dict[int, set[str]] = {}
    counts: Counter[str] = Counter()
    for e in ents:
        code = entity_country(e)
        if code:
            counts[code] += len(e.spans)
            for s in e.spans:
                countries.setdefault(bisect_right(starts, s.start), set()).add(code)
    ranked = counts.most_common(2)
    dominant = ranked[0][0] if ranked and ranked[0][1] >= DOMINANT_MIN and (
        len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    out: dict[int, str | None] = {}
    for e in generic:
        named = {g.place for a in e.aliases if (g := generic_name(a, e.lang)) and g.place}
        near = set().union(*(countries.get(bisect_right(starts, s.start), set()) for s in e.spans))
        if len(named) == 1:
            out[id(e)] = next(iter(named))
        elif dominant and (not near or dominant in near):
            out[id(e)] = dominant
        elif not dominant and len(near) == 1:
            out[id(e)] = next(iter(near))
        else:  # "Das Außenministerium warf der Ukraine vor" in a report set in Russia: no place
            out[id(e)] = None
    return out
