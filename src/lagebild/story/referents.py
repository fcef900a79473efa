"""Speakers resolved through a story's canonical entities (used by :mod:`.corroboration`).

The quotes layer resolves a speaker within its article ("er", "demnach", "die Zeitung"). Across
the story, :class:`StoryReferents` then

* shows a named speaker by the canonical name of its entity ("Jacobsen" -> "Merle Jacobsen");
* resolves a short form to the one longer entity of the story that it is part of ("Elbkai" ->
  "Elbkai Terminal AG", "Putin" -> "Wladimir Putin"); with two candidates ("Kim" in a story of Kim
  Jong-un and Kim Yo-jong) it stays as written;
* resolves a description of an organisation ("das Unternehmen", "die Gewerkschaft", "the union")
  to the one entity the story calls so ("die Gewerkschaft Verdi", "the Verdi union"; for companies
  also the one name with a legal form, "Elbkai Terminal AG"); never a guess between two;
* reads a reflexive source ("nach eigenen Angaben") as the subject of its clause, else nobody.

Entities of one name with different types ("Verdi" as ORG and PER) count as one candidate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..annotate.quotes.speakers import stem, title_index
from ..model import Article
from .cues import DESCRIPTION_KINDS, LEGAL_FORMS, NOUN_DETERMINERS, OWN_SOURCE, PLACE_PREPOSITIONS
from .similarity import words
from .view import StoryEntity

#: Entity types that speak (a place name may stand for its government, but is no short form of
#: an organisation unless that organisation's name carries a legal form).
SPEAKER_LABELS = frozenset({"PER", "ORG"})
#: Prepositions before a name that make it no subject ("nach Angaben von X", "bei X").
OBLIQUE = frozenset({"von", "vom", "bei", "beim", "mit", "für", "gegen", "über", "an", "am", "zu", "zum", "zur",
                     "of", "with", "for", "against", "by", "to", "from", "about"})


@dataclass(frozen=True)
class Referent:
    key: str  # "ent:<id>"
    name: str


#: Determiners of both languages: "Die Gewerkschaft" tagged as a name is the description "Gewerkschaft".
ALL_DETERMINERS = frozenset().union(*NOUN_DETERMINERS.values())


def _name_words(name: str) -> list[str]:
    return [w.casefold().strip(".,") for w in name.split() if w.strip(".,")]


class StoryReferents:
    """The canonical entities of a story's articles, as speakers (see the module doc)."""

    def __init__(self, articles: Sequence[Article], entity_ids: Mapping[tuple[str, int, int], str],
                 entity_info: Mapping[str, StoryEntity] | None = None) -> None:
        info = entity_info or {}
        self.names: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        kinds: dict[str, set[str]] = {k: set() for k in DESCRIPTION_KINDS}
        kind_of = {stem(w): k for k, ws in DESCRIPTION_KINDS.items() for w in ws}
        for a in articles:
            ents = a.spans("entities")
            for e in ents:
                eid = self.eid(a, e.start, e.end, entity_ids)
                shown = a.text[e.start:e.end]
                known = info.get(eid)
                name = known.name if known is not None else shown
                self.counts[eid] = self.counts.get(eid, 0) + 1
                if len(name) > len(self.names.get(eid, "")):
                    self.names[eid] = name
                self.labels.setdefault(eid, known.label if known is not None else e.label)
                after = [a.text[x:y] for x, y in words(a.text, e.end, min(len(a.text), e.end + 30))][:1]
                if after and after[0].islower() and stem(after[0]) in kind_of:
                    kinds[kind_of[stem(after[0])]].add(eid)  # "the Verdi union"
            for head, ks in title_index(a.text, ents).items():
                if head in kind_of:  # "die Gewerkschaft Verdi"
                    kinds[kind_of[head]].update(self.eid(a, ents[k].start, ents[k].end, entity_ids) for k in ks)
        for eid, name in self.names.items():
            ws = _name_words(name)
            if len(ws) > 1 and ws[-1] in LEGAL_FORMS:
                kinds["company"].add(eid)
        self.kinds = kinds

    @staticmethod
    def eid(article: Article, start: int, end: int, entity_ids: Mapping[tuple[str, int, int], str]) -> str:
        return entity_ids.get((article.id, start, end)) or article.text[start:end]

    def named(self, eid: str) -> Referent:
        """The entity a named speaker is, by its canonical name; a short form becomes the one
        longer entity of the story it is part of."""
        longer = self._longer(eid)
        target = self._representative(longer or eid)
        return Referent(f"ent:{target}", self.names.get(target, target))

    def _representative(self, eid: str) -> str:
        """One entity per name: "Verdi" tagged ORG, PER and MISC is one speaker (the ORG, then the
        PER, then the most mentioned)."""
        name = self.names.get(eid, eid).casefold()
        same = [e for e, n in self.names.items() if n.casefold() == name] or [eid]
        rank = {"ORG": 0, "PER": 1}
        return min(same, key=lambda e: (rank.get(self.labels.get(e, ""), 2), -self.counts.get(e, 0), e))

    def _longer(self, eid: str) -> str | None:
        short = _name_words(self.names.get(eid, eid))
        label = self.labels.get(eid, "")
        if label == "PER" and len(short) > 1:
            return None  # a full name is no short form
        if not short:
            return None
        found: dict[str, str] = {}  # canonical name -> entity
        for other, name in self.names.items():
            ws = _name_words(name)
            olabel = self.labels.get(other, "")
            if other == eid or len(ws) <= len(short) or olabel not in SPEAKER_LABELS or not all(
                    w[:1].isupper() or w[:1].isdigit() for w in name.split()):
                continue  # "Verdi union" is no longer name of "Verdi": its extra word is a noun
            if olabel == "PER" and label == "PER":
                fits = set(short) <= set(ws)  # "Jacobsen" of "Merle Jacobsen"
            elif olabel == "ORG" and label != "PER":
                fits = ws[:len(short)] == short and (label != "LOC" or ws[-1] in LEGAL_FORMS)
            else:
                fits = False
            if fits:
                found.setdefault(name.casefold(), other)
        return next(iter(found.values())) if len(found) == 1 else None

    @staticmethod
    def bare(name: str, lang: str) -> str:
        """A name without determiners and description nouns ("The Verdi union" -> "verdi")."""
        dets = NOUN_DETERMINERS.get(lang, NOUN_DETERMINERS["de"])
        nouns = {stem(w) for ws in DESCRIPTION_KINDS.values() for w in ws}
        return " ".join(w for w in _name_words(name) if w not in dets and stem(w) not in nouns)

    def is_description(self, eid: str) -> bool:
        """Whether an entity's name is only a description noun ("Gewerkschaft" tagged ORG)."""
        ws = [w for w in _name_words(self.names.get(eid, eid)) if w not in ALL_DETERMINERS]  # "Die Gewerkschaft"
        return len(ws) == 1 and any(stem(ws[0]) in {stem(w) for w in kind} for kind in DESCRIPTION_KINDS.values())

    def described(self, noun: str) -> Referent | None:
        """The one entity of the story that a description ("Unternehmen", "union") names."""
        kind = next((k for k, ws in DESCRIPTION_KINDS.items() if stem(noun) in {stem(w) for w in ws}), None)
        if kind is None:
            return None
        nouns = {stem(w) for ws in DESCRIPTION_KINDS.values() for w in ws}
        by_name: dict[str, list[str]] = {}
        for eid in self.kinds[kind]:  # "Verdi union" and "Verdi" are one name, "Gewerkschaft" none
            name = " ".join(w for w in _name_words(self.names.get(eid, eid)) if stem(w) not in nouns)
            if name:
                by_name.setdefault(name, []).append(eid)
        if len(by_name) != 1:
            return None
        eids = next(iter(by_name.values()))
        eid = min(eids, key=lambda x: (self.labels.get(x) != "ORG", len(self.names.get(x) or x), x))
        return Referent(f"ent:{eid}", self.names.get(eid, eid))

    def by_name(self, shown: str) -> Referent | None:
        """The story entity whose name a speaker span is when the NER missed it there ("Die Elbkai
        Terminal AG" untagged in one article): its words without determiners equal one entity's
        name (a person or organisation)."""
        ws = [w for w in _name_words(shown) if w not in ALL_DETERMINERS]
        if not ws:
            return None
        found = {self._representative(e) for e, n in self.names.items()
                 if _name_words(n) == ws and self.labels.get(e) in SPEAKER_LABELS}
        return self.named(next(iter(found))) if len(found) == 1 else None

    def description(self, text: str, span: tuple[int, int], lang: str) -> Referent | None:
        """A speaker that is only a description ("Das Unternehmen", "the company") as the entity it names."""
        ws = [text[a:b] for a, b in words(text, *span)]
        dets = NOUN_DETERMINERS.get(lang, NOUN_DETERMINERS["de"])
        rest = [w for w in ws if w.lower() not in dets]
        return self.described(rest[0]) if len(rest) == 1 else None

    def clause_subject(self, article: Article, sent: tuple[int, int], before: int,
                       entity_ids: Mapping[tuple[str, int, int], str], lang: str) -> Referent | None:
        """The subject of a clause: the first person or organisation named in the sentence before
        ``before`` that no preposition governs, or a description there ("Das Unternehmen hat nach
        eigenen Angaben …")."""
        text = article.text
        preps = OBLIQUE | PLACE_PREPOSITIONS.get(lang, PLACE_PREPOSITIONS["de"])
        for e in article.spans("entities"):
            if not sent[0] <= e.start < before:
                continue
            prev = [text[a:b].lower() for a, b in words(text, max(sent[0], e.start - 30), e.start)]
            prev = [w for w in prev if w not in NOUN_DETERMINERS.get(lang, NOUN_DETERMINERS["de"])]
            if prev and prev[-1] in preps:
                continue
            eid = self.eid(article, e.start, e.end, entity_ids)
            return self.named(eid) if self.labels.get(eid) in SPEAKER_LABELS else None
        first = [(a, b) for a, b in words(text, sent[0], before)][:2]
        if first:
            return self.description(text, (first[0][0], first[-1][1]), lang)
        return None


def reflexive(text: str, span: tuple[int, int]) -> bool:
    """Whether a source is reflexive ("eigenen Angaben", "its own account")."""
    return any(text[a:b].lower() in OWN_SOURCE for a, b in words(text, *span))


def followed_by_verb(text: str, span: tuple[int, int], verbs: frozenset[str]) -> bool:
    """Whether a verb of ``verbs`` follows a span ("said the company would …")."""
    m = re.match(r"\s+(\w+)", text[span[1]:span[1] + 30])
    return m is not None and m.group(1).lower() in verbs
