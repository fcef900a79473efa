"""Canonical entities: one entity per real-world referent, within and across documents.

Within a document (:func:`resolve_in_document`) short forms join the full name they abbreviate:
a surname or family name ("Putin", "Kim") joins the person whose name contains it (the most
mentioned one if several do), a trailing part ("Times") or the initials ("NYT") join an
organisation, an acronym in brackets after a name joins that name. Across documents
(:class:`EntityIndex`) entities merge when they share a key: the spelling key of a full name
(transliteration variants), the English translation key of an organisation/event name, an
acronym, or an unambiguous surname. Different people who share name parts (two members of one
family) keep different full-name keys and stay apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..annotate.ner_features import load_cues
from ..model import Article, Span
from .variants import (
    acronym,
    is_acronym,
    name_tokens,
    spelling_key,
    spelling_token,
    territory_code,
    translation_key,
)

#: Leading words that are not part of a name ("the New York Times" -> "New York Times").
LEADING_ARTICLES = {"the", "der", "die", "das", "des", "dem", "den"}
_OPEN_PAREN = re.compile(r"\s*\(\s*$")
_CLOSE_PAREN = re.compile(r"^\s*\)")


def clean_name(surface: str) -> str:
    words = surface.split()
    while len(words) > 1 and words[0].lower() in LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words).strip("\"'„“”«»‚‘’ ")


def display_name(aliases: Counter[str]) -> str:
    """The most frequent alias, or the most frequent fuller name that contains it ("Kim" ->
    "Kim Jong-un"); a translation ("North Korea" beside "Nordkorea") never outranks the usual name."""
    top = max(aliases, key=lambda a: (aliases[a], len(a)))
    words = {spelling_token(t) for t in name_tokens(top)}
    fuller = [a for a in aliases if len(name_tokens(a)) > 1 and not is_acronym(a)
              and words <= {spelling_token(t) for t in name_tokens(a)}]
    return max(fuller or [top], key=lambda a: (aliases[a], len(a)))


@dataclass
class DocEntity:
    """One entity of one document: its names (aliases) and mention spans."""

    label: str
    aliases: Counter[str] = field(default_factory=Counter)
    spans: list[Span] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return display_name(self.aliases)

    @property
    def key(self) -> str:
        return f"{self.label}:{spelling_key(self.name)}"

    def token_keys(self) -> list[list[str]]:
        return [[spelling_token(t) for t in name_tokens(a)] for a in self.aliases]

    def add(self, span: Span, surface: str) -> None:
        self.aliases[surface] += 1
        self.spans.append(span)
        self.labels[span.label] += 1
        self.label = self.labels.most_common(1)[0][0]


def _contains(seq: list[str], part: list[str]) -> bool:
    n = len(part)
    return 0 < n < len(seq) and any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


def _strip_genitive(surface: str, known: set[str], lang: str) -> str:
    if lang == "de" and surface.endswith("s") and len(surface) > 3:
        stem = surface[:-1]
        if spelling_key(stem) in known or any(spelling_key(stem) in k.split() for k in known):
            return stem
    return surface


@lru_cache(maxsize=1)
def _designators() -> frozenset[str]:
    """Words that may follow a company's short name in its full name ("Ford Motor Company")."""
    words = {w for lang in load_cues().values() for w in lang.get("org_words", [])}
    return frozenset(spelling_token(t) for w in words for t in name_tokens(w))


def _part_of(full: list[str], toks: list[str], label: str) -> bool:
    """A person's name may be shortened to any part; other names to their head (last words)
    or to their first words when only company designators follow."""
    if not _contains(full, toks):
        return False
    if label == "PER" or full[-len(toks) :] == toks:
        return True
    return full[: len(toks)] == toks and all(t in _designators() for t in full[len(toks) :])


def _short_form_of(name: str, label: str, ent: DocEntity) -> bool:
    toks = [spelling_token(t) for t in name_tokens(name)]
    if label != ent.label:
        # the model may label a lone surname differently from the full name
        if not (ent.label == "PER" and len(toks) == 1):
            return False
        return any(len(full) > 1 and full[-1] == toks[0] for full in ent.token_keys())
    if ent.label != "LOC" and any(_part_of(full, toks, ent.label) for full in ent.token_keys()):
        return True
    if ent.label in ("ORG", "MISC", "LOC") and is_acronym(name):
        for alias in ent.aliases:
            tr = translation_key(alias)
            if name.upper() in {acronym(alias), acronym(tr) if tr else None}:
                return True
    if ent.label in ("ORG", "MISC"):
        tr = translation_key(name)
        if tr:
            return any((t := translation_key(a)) and t != tr and t.endswith(" " + tr) for a in ent.aliases)
    return False


def resolve_in_document(text: str, spans: list[Span], lang: str = "de") -> list[DocEntity]:
    """Group the entity spans of one text into entities; sets ``attrs["canonical"]`` and
    harmonises each span's label to its entity's majority label."""
    order = sorted(range(len(spans)), key=lambda i: (-len(name_tokens(clean_name(spans[i].text_of(text)))),
                                                     spans[i].start))
    full_keys = {spelling_key(clean_name(s.text_of(text))) for s in spans}
    entities: list[DocEntity] = []
    by_key: dict[str, DocEntity] = {}
    owner: dict[int, DocEntity] = {}
    for i in order:
        span = spans[i]
        surface = _strip_genitive(clean_name(span.text_of(text)), full_keys, lang)
        key = spelling_key(surface)
        ent = by_key.get(f"{span.label}:{key}") or next(
            (by_key[f"{lab}:{key}"] for lab in ("PER", "ORG", "LOC", "MISC")
             if f"{lab}:{key}" in by_key and len(key.split()) > 1), None)
        if ent is None:
            cands = [e for e in entities if _short_form_of(surface, span.label, e)]
            if cands:
                ent = max(cands, key=lambda e: (len(e.spans), -entities.index(e)))
        if ent is None:
            ent = DocEntity(span.label)
            entities.append(ent)
        ent.add(span, surface)
        by_key.setdefault(f"{ent.label}:{key}", ent)
        owner[i] = ent
    # "Eastern Economic Forum (EEF)": the bracketed acronym names the entity before it.
    by_start = sorted(range(len(spans)), key=lambda i: spans[i].start)
    for a, b in zip(by_start, by_start[1:], strict=False):
        sa, sb = spans[a], spans[b]
        if (owner[a] is not owner[b] and _OPEN_PAREN.match(text[sa.end : sb.start])
                and _CLOSE_PAREN.match(text[sb.end :]) and is_acronym(sb.text_of(text))
                and all(is_acronym(x) for x in owner[b].aliases)):
            merged = owner[b]
            for s in merged.spans:
                owner[a].add(s, clean_name(s.text_of(text)))
            entities.remove(merged)
            owner = {k: (owner[a] if v is merged else v) for k, v in owner.items()}
    for ent in entities:
        for s in ent.spans:
            s.label = ent.label
            s.attrs["canonical"] = ent.key
    return entities


@dataclass
class CanonicalEntity:
    id: str
    label: str
    aliases: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return display_name(self.aliases)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "name": self.name, "count": len(self.mentions),
                "aliases": dict(self.aliases.most_common()),
                "mentions": [list(m) for m in self.mentions]}


def match_keys(ent: DocEntity) -> tuple[list[str], list[str]]:
    """(strong keys, surname keys) of a document entity for cross-document matching."""
    strong: list[str] = []
    parts: list[str] = []
    for alias in ent.aliases:
        toks = name_tokens(alias)
        key = spelling_key(alias)
        if ent.label == "PER":
            if len(toks) >= 2:
                strong.append(f"s:{key}")
            else:
                parts.append(f"p:{key}")
            continue
        strong.append(f"s:{key}" if len(toks) >= 2 else f"s:{ent.label}:{key}")
        code = territory_code(alias) if ent.label == "LOC" else None
        if code:  # "Russland" and "Russia" name one country
            strong.append(f"c:{code}")
        tr = translation_key(alias)
        if tr:
            strong.append(f"t:{tr}")
            acr = acronym(" ".join(tr.split()))
            if acr:
                strong.append(f"a:{ent.label}:{acr}")
        if is_acronym(alias):
            strong.append(f"a:{ent.label}:{''.join(c for c in alias if c.isalpha()).upper()}")
        else:
            acr = acronym(alias)
            if acr and len(toks) >= 3:
                strong.append(f"a:{ent.label}:{acr}")
    return strong, parts


class EntityIndex:
    """Incremental cross-document entity index (add articles one by one)."""

    def __init__(self) -> None:
        self.entities: dict[str, CanonicalEntity] = {}
        self.keys: dict[str, str] = {}
        self.parts: dict[str, set[str]] = {}
        #: ids of entities that were merged into another one -> the surviving id
        self.redirects: dict[str, str] = {}

    def resolve(self, eid: str) -> str:
        while eid in self.redirects:
            eid = self.redirects[eid]
        return eid

    def _merge(self, keep: str, gone: str) -> None:
        """Two existing entities turned out to be one (a document names both forms)."""
        a, b = self.entities[keep], self.entities.pop(gone)
        a.aliases.update(b.aliases)
        a.labels.update(b.labels)
        a.mentions.extend(b.mentions)
        a.label = a.labels.most_common(1)[0][0]
        self.redirects[gone] = keep
        for k, v in self.keys.items():
            if v == gone:
                self.keys[k] = keep
        for owners in self.parts.values():
            if gone in owners:
                owners.discard(gone)
                owners.add(keep)

    def _new_id(self, ent: DocEntity) -> str:
        base = ent.key
        eid, n = base, 1
        while eid in self.entities:
            n += 1
            eid = f"{base}#{n}"
        return eid

    def add(self, article: Article, spans: list[Span] | None = None) -> dict[tuple[int, int], str]:
        """Link the article's entity spans; returns ``{(start, end): canonical id}``."""
        spans = spans if spans is not None else article.spans("entities")
        lang = article.language or "de"
        result: dict[tuple[int, int], str] = {}
        for ent in resolve_in_document(article.text, spans, lang):
            strong, parts = match_keys(ent)
            hits = list(dict.fromkeys(self.keys[k] for k in strong if k in self.keys))
            hits.sort(key=lambda h: -len(self.entities[h].mentions))
            eid = hits[0] if hits else None
            for other in hits[1:]:
                if self._compatible(self.entities[hits[0]], self.entities[other]):
                    self._merge(hits[0], other)
            if eid is None and not strong and ent.label == "PER":
                owners = set().union(*(self.parts.get(p, set()) for p in parts)) if parts else set()
                full = [o for o in owners if any(len(name_tokens(a)) > 1 for a in self.entities[o].aliases)]
                if len(full) == 1 or (not full and len(owners) == 1):
                    eid = full[0] if full else next(iter(owners))
            if eid is None:
                eid = self._new_id(ent)
                self.entities[eid] = CanonicalEntity(eid, ent.label)
                if ent.label == "PER" and not strong:
                    for p in parts:
                        self.parts.setdefault(p, set()).add(eid)
            ce = self.entities[eid]
            ce.aliases.update(ent.aliases)
            ce.labels.update(ent.labels)
            ce.label = ce.labels.most_common(1)[0][0]
            for s in ent.spans:
                ce.mentions.append((article.id, s.start, s.end))
                result[(s.start, s.end)] = eid
            for k in strong:
                self.keys.setdefault(k, eid)
            if ent.label == "PER":
                self._register_parts(eid, ent)
        return result

    def _register_parts(self, eid: str, ent: DocEntity) -> None:
        """Index the words of a person's full names; a person known so far only by one of these
        words (an earlier document said just "Brekow") joins when the word is unambiguous."""
        for alias in ent.aliases:
            toks = name_tokens(alias)
            if len(toks) < 2:
                continue
            for t in toks:
                part = f"p:{spelling_token(t)}"
                owners = self.parts.setdefault(part, set())
                bare = [o for o in owners if o != eid and o in self.entities
                        and all(len(name_tokens(a)) == 1 for a in self.entities[o].aliases)]
                owners.add(eid)
                full = [o for o in owners if o not in bare]
                if len(full) == 1:
                    for o in bare:
                        self._merge(eid, o)
                        owners.discard(o)

    @staticmethod
    def _compatible(a: CanonicalEntity, b: CanonicalEntity) -> bool:
        """Never merge two people whose full names differ (members of one family)."""
        if a.label != "PER" or b.label != "PER":
            return True
        full_a = {spelling_key(x) for x in a.aliases if len(name_tokens(x)) > 1}
        full_b = {spelling_key(x) for x in b.aliases if len(name_tokens(x)) > 1}
        return bool(full_a & full_b) or not (full_a and full_b)

    def ranked(self) -> list[CanonicalEntity]:
        return sorted(self.entities.values(), key=lambda e: (-len(e.mentions), e.id))


def canonical_entities(articles: Iterable[Article]) -> list[CanonicalEntity]:
    """Canonical entities of a set of articles (their ``entities`` layers), most mentioned first."""
    index = EntityIndex()
    for article in articles:
        index.add(article)
    return index.ranked()
