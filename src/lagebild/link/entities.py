"""Canonical entities: one entity per real-world referent, within and across documents.

Within a document (:func:`~lagebild.link.document.resolve_in_document`) short forms join the full
name they abbreviate. Across documents (:class:`EntityIndex`) entities merge when they share a key,
and every key is evidence that two names name one thing: the same name (spelling and case forms
alike: "Sergej Schoigu" / "Sergei Shoigu", "Europäischen Union" / "Europäische Union"), the same
English translation of an organisation's or event's name, the same country (CLDR), the same
acronym, or an acronym and a full name it spells. A person joins a person: a lone surname joins
the one person whose full name ends in it or whose documents used it as a short form; different
people who share name parts (two members of one family) keep different full-name keys and stay
apart; a person and an organisation or place only share an entity when they share a full name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Span
from .document import DocEntity, clean_name, display_name, fold_aliases, match_key, resolve_in_document
from .generic import entity_places, generic_name, host, is_bare_generic, is_fragment
from .variants import (
    acronym,
    is_acronym,
    is_common_word,
    is_name_shaped,
    name_tokens,
    plain,
    spelling_key,
    spelling_token,
    territory_code,
    translation_key,
)

__all__ = ["CanonicalEntity", "DocEntity", "EntityIndex", "canonical_entities", "clean_name", "display_name",
           "match_keys", "resolve_in_document"]

#: Letters an acronym needs before it is linked to a full name that only other documents wrote
#: out ("OSZE" / "Organisation für Sicherheit und Zusammenarbeit in Europa"): shorter initials are
#: shared by too many names ("EC": European Commission, Eastern Conference, European Court; on the
#: 500-article store half of the 3-letter links were wrong: "PDM" -> "Palma de Mallorca", "OMV" ->
#: "OPEC-Mitglied Venezuela"). Within one document, or once a document writes both, any length links.
ACRONYM_LINK_MIN = 4
#: Languages whose names take a genitive -s ("Putins", "Chinas"), tried against known names.
GENITIVE_S_LANGS = frozenset({"de"})
#: Shortest inflected name tried as the genitive of a name already known ("Kiews" -> "Kiew").
MIN_GENITIVE_LEN = 5
#: Shortest name whose final s is dropped in the key that pairs a genitive with a name seen later
#: ("Kenias" before "Kenia"); shorter words ending in s are names of their own ("Times", "Time").
MIN_GENITIVE_KEY_LEN = 6
#: Cities or regions two articles must share before a bare surname in one joins the person named
#: in full in the other, when they share no person, organisation or event; countries do not count
#: ("Miller (USA)" the skier and the State Department's Matthew Miller share the USA, a results
#: list shares a dozen countries with anything).
SHARED_PLACES_MIN = 2


@dataclass
class CanonicalEntity:
    id: str
    label: str
    aliases: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return display_name(self.aliases, self.label)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "name": self.name, "count": len(self.mentions),
                "aliases": dict(fold_aliases(self.aliases, self.label).most_common()),
                "mentions": [list(m) for m in self.mentions]}


def name_keys(alias: str, label: str) -> list[str]:
    """The key of one name: ``s:`` + its spelling key (people) or case key (things); one-word names
    of things are keyed with their type ("Bayern" the state is not "Bayern" the club's short name
    unless a document says so), one-word person names are parts (see :class:`EntityIndex`)."""
    toks = name_tokens(alias)
    if label == "PER":
        return [f"s:{match_key(alias, label)}"] if len(toks) >= 2 else []
    key = match_key(alias, label)
    return [f"s:{key}" if len(toks) >= 2 else f"s:{label}:{key}"]


def match_keys(ent: DocEntity, place: str | None = None) -> tuple[list[str], list[str]]:
    """(strong keys, surname keys) of a document entity for cross-document matching.

    Strong keys: ``s:`` the name, ``t:`` its English translation, ``c:`` the country it names,
    ``a:`` an acronym it is written as, ``f:`` the initials of its full name (matched only against
    ``a:``, never against another ``f:``: two full names with equal initials are two names),
    ``h:`` the host of a domain name, ``q:`` a generic name with its ``place`` (see
    :mod:`lagebild.link.generic`; without a place a generic name has no key: it stays in its
    document)."""
    strong: list[str] = []
    parts: list[str] = []
    heads = {spelling_key(a).split()[-1] for a in ent.aliases if len(name_tokens(a)) > 1}
    for alias in ent.aliases:
        toks = name_tokens(alias)
        if ent.label == "PER":
            if len(toks) >= 2:
                strong.extend(name_keys(alias, "PER"))
            else:
                parts.append(f"p:{spelling_key(alias)}")
            continue
        site = host(alias)
        if site:  # "orf.at" and "fm4.orf.at" are two sites
            strong.append(f"h:{site}")
            continue
        generic = generic_name(alias, ent.lang)
        if generic:  # "Oberster Gerichtshof" of Mexico is not Austria's
            if generic.place or place:
                strong.append(f"q:{generic.key}|{generic.place or place}")
            if not generic.place:
                continue  # a name with its country in it is specific: its own keys as well
        if (len(toks) == 1 and not is_acronym(alias) and spelling_key(alias) in heads
                and is_common_word(alias, ent.lang)):
            continue  # the head noun "Radio" stood for "National Public Radio" here, not elsewhere
        strong.extend(name_keys(alias, ent.label))
        if is_acronym(alias):
            strong.append(f"a:{''.join(c for c in alias if c.isalpha()).upper()}")
            code = territory_code(alias, ent.lang) if ent.label == "LOC" else None  # "US" typed ORG may be no country
        else:
            code = territory_code(alias, ent.lang)
            tr = translation_key(alias)
            if tr:
                strong.append(f"t:{tr}")
            if ent.label in ("ORG", "MISC"):
                for acr in {acronym(alias), acronym(tr) if tr else None}:
                    if acr and len(acr) >= ACRONYM_LINK_MIN:
                        strong.append(f"f:{acr}")
        if code:  # "Russland" and "Russia" name one country
            strong.append(f"c:{code}")
    if ent.lang in GENITIVE_S_LANGS:  # "Kenias" / "Kenia", "Hillary Clintons" / "Hillary Clinton"
        for alias in ent.aliases:
            multi = len(name_tokens(alias)) > 1
            if ((multi or ent.label != "PER") and alias[:1].isupper() and not is_acronym(alias)
                    and not (ent.label != "PER" and (host(alias) or generic_name(alias, ent.lang)))):
                cut = alias.endswith("s") and not alias.endswith("ss") and len(alias) >= MIN_GENITIVE_KEY_LEN
                stem = alias[:-1] if cut else alias
                strong.append(f"g:{'' if multi else ent.label + ':'}{stem.lower()}")  # letters, not sounds
    return list(dict.fromkeys(strong)), list(dict.fromkeys(parts))


def _lookups(key: str) -> list[str]:
    """Keys of the index that a key matches: an acronym also matches a full name it spells (if the
    acronym is long enough), a full name's initials only an acronym."""
    kind, _, rest = key.partition(":")
    if kind == "a":
        return [key, f"f:{rest}"] if len(rest) >= ACRONYM_LINK_MIN else [key]
    if kind == "f":
        return [f"a:{rest}"]
    return [key]


def _is_person(label: str) -> bool:
    return label == "PER"


class EntityIndex:
    """Incremental cross-document entity index (add articles one by one).

    State, all public so a store can persist it: ``entities`` (id -> entity), ``keys`` (matching key
    -> id), ``parts`` (surname key -> ids of the people with that name part), ``redirects`` (ids
    merged into another -> the surviving id). Ids in ``keys`` and ``parts`` may have been merged
    away since: read them through :meth:`resolve`."""

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

    def _owner(self, key: str) -> str | None:
        eid = self.keys.get(key)
        if eid is None:
            return None
        eid = self.resolve(eid)
        return eid if eid in self.entities else None

    def _merge(self, keep: str, gone: str) -> None:
        """Two existing entities turned out to be one (a document names both forms)."""
        a, b = self.entities[keep], self.entities.pop(gone)
        a.aliases.update(b.aliases)
        a.labels.update(b.labels)
        a.mentions.extend(b.mentions)
        a.label = a.labels.most_common(1)[0][0]
        self.redirects[gone] = keep  # keys and parts may still name ``gone``: readers resolve()

    def _new_id(self, ent: DocEntity) -> str:
        base = ent.key
        eid, n = base, 1
        while eid in self.entities or eid in self.redirects:
            n += 1
            eid = f"{base}#{n}"
        return eid

    def _hits(self, ent: DocEntity, strong: list[str]) -> list[str]:
        """Entities the document entity's keys point to, the best-supported first; an entity of
        the other kind (person vs. organisation/place) only through the same full name."""
        votes: Counter[str] = Counter()
        for k in strong:
            for look in _lookups(k):
                eid = self._owner(look)
                if eid is None:
                    continue
                same_kind = _is_person(self.entities[eid].label) == _is_person(ent.label)
                if same_kind or (look.startswith("s:") and look.count(" ") >= 1 and look.count(":") == 1):
                    votes[eid] += 1
        return sorted(votes, key=lambda e: (-votes[e], -len(self.entities[e].mentions), e))

    def add(self, article: Article, spans: list[Span] | None = None) -> dict[tuple[int, int], str]:
        """Link the article's entity spans; returns ``{(start, end): canonical id}``."""
        spans = spans if spans is not None else article.spans("entities")
        lang = article.language or "de"
        result: dict[tuple[int, int], str] = {}
        ents = [e for e in resolve_in_document(article.text, spans, lang)  # no entities: "Regierung", "Nord-"
                if not all(is_fragment(a) or e.label != "PER" and is_bare_generic(a, lang) for a in e.aliases)]
        places = entity_places(article.text, article.spans("sentences"), ents)
        keyed = [(ent, *match_keys(ent, places.get(id(ent)))) for ent in ents]
        # people known here by one name part come last: the other entities are their context
        keyed.sort(key=lambda k: k[0].label == "PER" and not k[1])
        placed: list[tuple[DocEntity, str]] = []
        for ent, strong, parts in keyed:
            hits = self._hits(ent, strong)
            eid = hits[0] if hits else None
            for other in hits[1:]:
                if other in self.entities and self._compatible(self.entities[hits[0]], self.entities[other]):
                    self._merge(hits[0], other)
            if eid is None and not strong and ent.label == "PER" and not ent.cut:
                eid = self._person_for(parts, article.id, {e for _, e in placed}, written=set(ent.aliases))
            if eid is None and id(ent) not in places:
                eid = self._genitive_of(ent, article.id, {e for _, e in placed})
            if eid is None:
                eid = self._new_id(ent)
                self.entities[eid] = CanonicalEntity(eid, ent.label)
                if ent.label == "PER" and not strong and not ent.cut:
                    for p in parts:
                        self.parts.setdefault(p, set()).add(eid)
            routed = self._place(article.id, ent, eid, result)
            for k in strong:
                if k not in routed:
                    self.keys.setdefault(k, eid)
            placed.append((ent, eid))
        context = {self.resolve(e) for _, e in placed}
        for ent, eid in placed:
            if ent.label == "PER":
                self._register_parts(self.resolve(eid), ent, article.id, context)
        return {k: self.resolve(v) for k, v in result.items()}

    def _shares_context(self, eid: str, aid: str, context: set[str]) -> bool:
        """Whether articles of ``eid`` (other than ``aid``) also name one of the ``context``
        entities that is a person, organisation or event, or ``SHARED_PLACES_MIN`` of its places:
        the evidence that a bare surname in ``aid`` is this person and not a namesake."""
        arts = {m[0] for m in self.entities[eid].mentions} - {aid}
        places = 0
        for c in context:
            c = self.resolve(c)
            if c == eid or c not in self.entities or not any(m[0] in arts for m in self.entities[c].mentions):
                continue
            if self.entities[c].label != "LOC":
                return True
            if not any(territory_code(a) for a in self.entities[c].aliases):
                places += 1  # a city or region; countries are named in too many articles to tell
            if places >= SHARED_PLACES_MIN:
                return True
        return False

    def _place(self, aid: str, ent: DocEntity, eid: str, result: dict[tuple[int, int], str]) -> set[str]:
        """Add the entity's mentions to ``eid``; a name that is another, incompatible entity's name
        (a document entity that holds "Klaus Wowereit" and "SPD") goes to that entity instead, so no
        entity holds another entity's name. Returns the keys of the names sent elsewhere."""
        routed: set[str] = set()
        target_of: dict[str, str] = {}
        for name in ent.aliases:
            target_of[name] = eid
            for k in name_keys(name, ent.label):
                other = self._owner(k)
                if other and other != eid and not self._compatible(self.entities[eid], self.entities[other]):
                    target_of[name] = other
                    routed.add(k)
        for span, name in zip(ent.spans, ent.names, strict=True):
            ce = self.entities[target_of[name]]
            ce.aliases[name] += 1
            ce.labels[span.label] += 1
            ce.mentions.append((aid, span.start, span.end))
            result[(span.start, span.end)] = ce.id
        for ce in (self.entities[t] for t in set(target_of.values())):
            ce.label = ce.labels.most_common(1)[0][0]
        return routed

    def _genitive_of(self, ent: DocEntity, aid: str, context: set[str]) -> str | None:
        """A German genitive whose stem is a known name ("Hillary Clintons", "Kiews", "Putins"):
        the entity of that name, whatever type the tagger gave the inflected mention (same name,
        same thing); the alias becomes the stem. None when no stem is known."""
        if ent.lang not in GENITIVE_S_LANGS:
            return None
        longest = max(len(name_tokens(a)) for a in ent.aliases)
        for alias in list(ent.aliases):
            if not alias.endswith("s") or alias.endswith("ss") or len(alias) < MIN_GENITIVE_LEN:
                continue
            if len(name_tokens(alias)) < longest:
                continue  # "Williams" beside "Carlin Q. Williams" is his surname, no genitive
            stem = alias[:-1]
            if len(name_tokens(stem)) > 1:
                keys = [f"s:{match_key(stem, lab)}" for lab in (ent.label, "PER", "ORG")]
            else:
                keys = [f"s:{lab}:{match_key(stem, lab)}" for lab in (ent.label, "LOC", "ORG", "MISC")]
            eid = next((o for k in keys if (o := self._owner(k)) is not None), None)
            if eid is None and len(name_tokens(stem)) == 1:
                eid = self._person_for([f"p:{spelling_key(stem)}"], aid, context, bare_needs_context=True)
            if eid is not None and stem in self.entities[eid].aliases:  # the stem as written: "Harris" is no "Harry"
                ent.aliases[stem] += ent.aliases.pop(alias)
                ent.names = [stem if n == alias else n for n in ent.names]
                return eid
        return None

    def _person_for(self, parts: list[str], aid: str, context: set[str],
                    bare_needs_context: bool = False, written: set[str] | None = None) -> str | None:
        """The person a lone name part ("Brekow") refers to: the one person whose documents used it
        as a short form, else the one person whose full name ends in it, provided an article of
        that person shares an entity with this one; else the one entity known only by it (with a
        shared entity too when ``bare_needs_context``: "Williams" read as a genitive of "William",
        or when no name ``written`` here is written so there: a spelling variant of a lone word is
        no evidence by itself, "Asaad" is not "Assad"). None when that is ambiguous or unsupported."""
        for p in parts:
            owners = {r for o in self.parts.get(p, set()) if (r := self.resolve(o)) in self.entities}
            word = p[2:]
            full = [o for o in owners if any(len(name_tokens(a)) > 1 for a in self.entities[o].aliases)]
            used = [o for o in full if any(spelling_key(a) == word for a in self.entities[o].aliases)]
            surname = [o for o in full if any(spelling_key(a).split()[-1] == word
                                              for a in self.entities[o].aliases if len(name_tokens(a)) > 1)]
            pick = used if used else surname if len(full) == 1 else []
            if len(pick) == 1 and self._shares_context(pick[0], aid, context):
                return pick[0]
            bare = [o for o in owners if o not in full]
            if len(bare) == 1 and not pick:
                variant = written is None or not ({plain(w) for w in written}
                                                  & {plain(a) for a in self.entities[bare[0]].aliases})
                if not (bare_needs_context or variant) or self._shares_context(bare[0], aid, context):
                    return bare[0]
        return None

    def _register_parts(self, eid: str, ent: DocEntity, aid: str, context: set[str]) -> None:
        """Index the words of a person's full names; a person known so far only by one of these
        words (an earlier document said just "Brekow") joins when the word is the surname or this
        document used it as a short form, no other person has it, and the earlier documents share
        an entity with this one."""
        short = {spelling_key(a) for a in ent.aliases if len(name_tokens(a)) == 1}
        for alias in ent.aliases:
            toks = name_tokens(alias)
            if len(toks) < 2 or not is_name_shaped(alias):
                continue
            for i, t in enumerate(toks):
                word = spelling_token(t)
                owners = self.parts.setdefault(f"p:{word}", set())
                owners.add(eid)
                live = {r for o in owners if (r := self.resolve(o)) in self.entities}
                bare = [o for o in live if o != eid
                        and all(len(name_tokens(a)) == 1 for a in self.entities[o].aliases)]
                full = [o for o in live if o not in bare]
                if len(full) == 1 and (i == len(toks) - 1 or word in short):
                    for o in bare:
                        if self.entities[o].label == "PER" and self._shares_context(o, aid, context - {eid}):
                            self._merge(eid, o)
                            owners.discard(o)

    @staticmethod
    def _compatible(a: CanonicalEntity, b: CanonicalEntity) -> bool:
        """A person and an organisation/place are never one entity by merging two known entities;
        two people only when their full names agree (members of one family stay apart)."""
        if _is_person(a.label) != _is_person(b.label):
            return False
        if not _is_person(a.label):
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
