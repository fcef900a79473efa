"""Entities within one document: the tagger's name spans grouped into document entities.

Short forms join the full name they abbreviate: a person's surname or other name part ("Putin",
"Kim") joins the person whose full name contains it (the most mentioned one if several do), a
trailing part ("Times") or the initials ("NYT") join an organisation, an acronym in brackets after
a name joins that name when its letters spell it ("Eastern Economic Forum (EEF)"). The same name
written in another case ("Chinas", "Europäischen Union") is the same name.

The tagger's label is evidence, not truth: spans with the same name are one entity whatever their
labels, and an entity's label is its spans' majority. But a person never absorbs an organisation
or a place without such evidence: "Klaus Wowereit (SPD)" keeps the party apart, because "SPD" is no
abbreviation of "Klaus Wowereit".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..annotate.ner_features import load_cues
from ..model import Span
from .generic import host
from .variants import (
    acronym,
    acronym_fits,
    base_form,
    case_key,
    company_words,
    is_acronym,
    is_common_word,
    is_name_shaped,
    name_tokens,
    spelling_key,
    spelling_token,
    territory_code,
    translation_key,
)

#: Leading words that are not part of a name ("the New York Times" -> "New York Times").
LEADING_ARTICLES = {"the", "der", "die", "das", "des", "dem", "den"}
#: Letters from which a name in capitals is keyed as the word it may be ("GRÜNE", "LINKEN", "NATO"
#: are "Grüne", "Linken", "Nato"); shorter ones are acronyms, matched letter by letter.
WORD_IN_CAPITALS = 4
#: An alias that names a thing rather than a person is preferred as display name over a fuller
#: form only when that fuller form was written at least this often (one odd span such as
#: "Putin Pjöngjang" must not rename Pjöngjang).
FULLER_MIN_COUNT = 2
_OPEN_PAREN = re.compile(r"\s*\(\s*$")
#: A capitalised word right after a one-word person mention: the tagger cut a longer name.
_NEXT_NAME_WORD = re.compile(r" [A-ZÄÖÜ][\w-]*")
#: ... or a capitalised word and a particle right before it ("Pride of America", "Bank of ...").
_NAME_BEFORE = re.compile(r"\b[A-ZÄÖÜ][\w-]* (?:of|de|del|da|di|du|la|le|von|van|der|den) $")
_CLOSE_PAREN = re.compile(r"^\s*\)")
#: A conjunction between two names of one list ("Hofer oder Lidl", "Spar und Rewe").
_LIST_WORD = re.compile(r" (?:und|oder|sowie|and|or) ")


@lru_cache(maxsize=1)
def _roles() -> tuple[frozenset[str], tuple[str, ...]]:
    """Role words that the tagger sometimes includes in a person's span ("Experte Bernd Bönte")."""
    cues = load_cues()
    words = frozenset(w.lower() for lang in cues.values() for w in lang.get("per_words", []))
    suffixes = tuple(w.lower() for lang in cues.values() for w in lang.get("per_suffixes", []))
    return words, suffixes


@lru_cache(maxsize=1)
def _designators() -> frozenset[str]:
    """Legal forms and company words that may follow a company's short name ("Ford Motor
    Company", "Qatar Airways"): the short name is a short form of the full one."""
    words = {w for lang in load_cues().values() for w in lang.get("org_designators", [])} | company_words()
    return frozenset(spelling_token(t) for w in words for t in name_tokens(w))


def clean_name(surface: str, label: str = "") -> str:
    """The name in a span: without a leading article, quotes, and (for persons) leading role words."""
    words = surface.split()
    while len(words) > 1 and words[0].lower() in LEADING_ARTICLES:
        words = words[1:]
    if label == "PER":
        roles, suffixes = _roles()
        while len(words) > 1 and (words[0].lower() in roles or words[0].lower().endswith(suffixes)):
            words = words[1:]
    return " ".join(words).strip("\"'„“”«»‚‘’ ")


def match_key(name: str, label: str) -> str:
    """Key under which two mentions are the same name: the spelling key for people (inflection is
    handled by :func:`base_name`), the case key for everything else; a name written in lower case
    only matches itself ("grünen" in "grünen Kapitalismus" is not the party "Grünen"), an acronym
    only the same letters."""
    if name[:1].islower():
        return "=" + name
    letters = [c for c in name if c.isalpha()]
    if is_acronym(name) and len(letters) < WORD_IN_CAPITALS:  # letters are not sounds: "MEZ" is not "MESZ"
        return "#" + "".join(letters).upper()
    return spelling_key(name) if label == "PER" else case_key(base_form(name))


def fold_key(name: str, label: str) -> str:
    """Key under which a name and its case forms count as one name for display (spelling variants
    such as "Yaroslavl" / "Jaroslawl" stay separate names)."""
    return name if label == "PER" else case_key(base_form(name), spell=False)


def _cased(name: str) -> bool:
    """Written as a name usually is: capitalised, and not in capitals unless it is an acronym."""
    return name[:1].isupper() and (is_acronym(name) or not name.isupper())


def fold_aliases(aliases: Counter[str], label: str) -> Counter[str]:
    """Case forms of one name counted under its shortest form ("Europäischen Union" -> "Europäische
    Union", "Niederlanden" -> "Niederlande"); the shortest form is the one used with the article."""
    groups: dict[str, list[str]] = {}
    for a in aliases:
        genitive = label == "PER" and a.endswith("s") and a[:-1] in aliases  # "Hillary Clintons"
        groups.setdefault(a[:-1] if genitive else fold_key(a, label), []).append(a)
    out: Counter[str] = Counter()
    for names in groups.values():
        head = min(names, key=lambda a: (not _cased(a), len(a), -aliases[a], a))
        out[head] += sum(aliases[a] for a in names)
    return out


def display_name(aliases: Counter[str], label: str = "PER") -> str:
    """The most frequent name (case forms counted together), or for a short form the most frequent
    fuller name that contains it ("Kim" -> "Kim Jong-un", "Times" -> "New York Times"). A fuller
    person name must look like a name; a fuller name of a thing must end in the short form and be
    written at least ``FULLER_MIN_COUNT`` times; a translation ("North Korea" beside "Nordkorea")
    never outranks the usual name."""
    folded = fold_aliases(aliases, label)
    top = max(folded, key=lambda a: (folded[a], len(a), a))
    words = [spelling_token(t) for t in name_tokens(top)]
    fuller = []
    for a in folded:
        toks = [spelling_token(t) for t in name_tokens(a)]
        if len(toks) <= len(words) or is_acronym(a) or not set(words) <= set(toks):
            continue
        person = label == "PER" and is_name_shaped(a)
        thing = label != "PER" and toks[-len(words):] == words and folded[a] >= FULLER_MIN_COUNT
        if person or thing:
            fuller.append(a)
    return max(fuller or [top], key=lambda a: (folded[a], len(a), a))


@dataclass
class DocEntity:
    """One entity of one document: its names (aliases), mention spans and the name of each span."""

    label: str
    aliases: Counter[str] = field(default_factory=Counter)
    spans: list[Span] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    names: list[str] = field(default_factory=list)  # alias of each span, parallel to ``spans``
    lang: str = "de"  # language of the document
    #: a person known here only by one word that is no surname to look up in other documents: the
    #: tagger cut it from a longer name every time ("Thomas" of "Thomas Reiter"), or it is listed
    #: with an organisation ("Hofer oder Lidl": a discount chain, not the politician Hofer)
    cut: bool = False

    @property
    def name(self) -> str:
        return display_name(self.aliases, self.label)

    @property
    def key(self) -> str:
        return f"{self.label}:{spelling_key(self.name)}"

    def token_keys(self) -> list[list[str]]:
        return [[spelling_token(t) for t in name_tokens(a)] for a in self.aliases]

    def add(self, span: Span, surface: str) -> None:
        self.aliases[surface] += 1
        self.spans.append(span)
        self.names.append(surface)
        self.labels[span.label] += 1
        self.label = self.labels.most_common(1)[0][0]

    def absorb(self, other: DocEntity) -> None:
        for span, name in zip(other.spans, other.names, strict=True):
            self.add(span, name)

    def full_person(self, glued: frozenset[str] = frozenset()) -> bool:
        """A person entity with a multi-word name shaped like a person's name (and not two names
        run together, see :func:`glued_names`)."""
        return self.label == "PER" and any(len(name_tokens(a)) > 1 and is_name_shaped(a)
                                           and spelling_key(a) not in glued for a in self.aliases)


def _contains(seq: list[str], part: list[str]) -> bool:
    n = len(part)
    return 0 < n < len(seq) and any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


def base_name(surface: str, label: str, known: set[str], lang: str) -> str:
    """The uninflected name: a German genitive -s goes when the stem is written elsewhere in the
    document ("Brekows" beside "Brekow") or when the lexicon knows it ("Chinas", "Koreakriegs")."""
    if lang != "de" or len(surface) <= 3:
        return surface
    if surface.endswith("s") and not surface.endswith("ss"):
        stem = surface[:-1].lower()  # as written: "Associated Press" is no genitive of "Associated Pres"
        if stem in known or any(stem in k.split() for k in known):
            return surface[:-1]
    return surface if label == "PER" else base_form(surface)


def _part_of(full: list[str], toks: list[str], label: str) -> bool:
    """A person's name may be shortened to any part; other names to their head (last words)
    or to their first words when only legal-form designators follow."""
    if not _contains(full, toks):
        return False
    if label == "PER" or full[-len(toks) :] == toks:
        return True
    return full[: len(toks)] == toks and all(t in _designators() for t in full[len(toks) :])


def _generic_head(name: str, toks: list[str], full: list[str], lang: str) -> bool:
    """A common noun that is only the head of a name ("Radio" of "National Public Radio", "Arena"
    of "KUB-Arena") is no short form of it: "für das Radio" means radio."""
    return len(toks) == 1 and full[-1:] == toks and full[:1] != toks and is_common_word(name, lang)


def _acronym_of(name: str, ent: DocEntity) -> bool:
    """``name`` spells the initials of one of ``ent``'s names or of its English translation."""
    for alias in ent.aliases:
        tr = translation_key(alias)
        if name.upper() in {acronym(alias), acronym(tr) if tr else None}:
            return True
    return False


def glued_names(names: list[tuple[str, str]]) -> frozenset[str]:
    """Spelling keys of person "names" that start with another person's surname ("Putin Pjöngjang"
    beside "Wladimir Putin"): two names the tagger ran together, no full name to shorten."""
    full = {spelling_key(n) for n, label in names if label == "PER" and len(name_tokens(n)) > 1}
    return frozenset(f for f in full if any(g != f and g.split()[-1] == f.split()[0] for g in full))


def cut_organisations(text: str, spans: list[Span], surfaces: list[str]) -> frozenset[str]:
    """Spelling keys of person "names" that run into an organisation's name written right after
    them ("Tesla Grohmann| Automation" beside "Grohmann Automation"): the tagger cut a company's
    name that extends another company's, no person's full name to shorten ("Tesla" is not its
    part)."""
    others = [x.split() for x, s in zip(surfaces, spans, strict=True) if s.label != "PER" and len(x.split()) > 1]
    out = set()
    for x, s in zip(surfaces, spans, strict=True):
        words = x.split()
        if s.label != "PER" or len(words) < 2:
            continue
        if any(o[0] == words[-1] and text.startswith(" " + " ".join(o[1:]), s.end) for o in others):
            out.add(spelling_key(x))
    return frozenset(out)


def _short_form_of(name: str, label: str, ent: DocEntity, glued: frozenset[str] = frozenset()) -> bool:
    if "." in name and host(name) or any("." in a and host(a) for a in ent.aliases):
        return False  # a domain name is no part of another ("orf.at" / "fm4.orf.at")
    toks = [spelling_token(t) for t in name_tokens(name)]
    if ent.label == "PER":
        if not ent.full_person(glued):
            return False  # "Irish for Trump" is no person's full name to shorten
        if label != "PER":
            # the tagger may label a lone surname differently from the full name; a country
            # name stays a place ("Jordan" beside "Michael Jordan" is still the country)
            return (len(toks) == 1 and territory_code(name, ent.lang) is None
                    and any(len(full) > 1 and full[-1] == toks[0] for full in ent.token_keys()))
        return any(_part_of(full, toks, "PER") for full in ent.token_keys())
    if label == "PER":
        return False  # a person's name never shortens a thing's name
    if is_acronym(name):  # the initials are evidence across the tagger's types; a trailing acronym
        # is not ("Landtag NRW" is no name of NRW), a leading one before company words is ("NPD Group")
        return _acronym_of(name, ent) or (label == ent.label and any(
            full[: len(toks)] == toks and 0 < len(toks) < len(full) and all(t in _designators() for t in full[len(toks):])
            for full in ent.token_keys()))
    if label != ent.label:
        return False
    if ent.label != "LOC" and any(_part_of(full, toks, ent.label) and not _generic_head(name, toks, full, ent.lang)
                                  for full in ent.token_keys()):
        return True
    if ent.label in ("ORG", "MISC"):
        tr = translation_key(name)
        if tr:
            return any((t := translation_key(a)) and t != tr and t.endswith(" " + tr) for a in ent.aliases)
    return False


def _bracketed_acronym(a: DocEntity, b: DocEntity, acr: str) -> bool:
    """"Eastern Economic Forum (EEF)": the acronym in brackets names the entity before it when its
    letters spell one of that entity's names (or their translation), or when both are typed
    organisations (or both events/works) and the acronym starts with the initial of one of its
    words; never when either is a person."""
    if a.label == "PER" or b.label == "PER" or not all(is_acronym(x) for x in b.aliases):
        return False
    if a.label == b.label and a.label in ("ORG", "MISC") and any(
            w[:1].casefold() == acr[:1].casefold() for x in a.aliases for w in x.split()):
        return True  # an organisation's acronym in its own language ("State Property Agency (AVAS)");
        # not "Deutsche Gesetzliche Unfallversicherung (IFA)": the IFA is an institute named before it
    names = list(a.aliases) + [t for x in a.aliases if (t := translation_key(x))]
    return any(acronym_fits(acr, n) for n in names)


def resolve_in_document(text: str, spans: list[Span], lang: str = "de") -> list[DocEntity]:
    """Group the entity spans of one text into entities; sets ``attrs["canonical"]`` and
    harmonises each span's label to its entity's majority label (the tagger's own label stays in
    ``attrs["tag"]``, so stored articles can be linked again from the tagger's output)."""
    for s in spans:
        s.label = s.attrs.get("tag", s.label)
    raw = [clean_name(s.text_of(text), s.label) for s in spans]
    known = {x.lower() for x in raw}
    surfaces = [base_name(x, s.label, known, lang) for x, s in zip(raw, spans, strict=True)]
    glued = glued_names([(x, s.label) for x, s in zip(surfaces, spans, strict=True)]) | cut_organisations(
        text, spans, surfaces)
    order = sorted(range(len(spans)), key=lambda i: (-len(name_tokens(surfaces[i])), spans[i].start))
    entities: list[DocEntity] = []
    by_key: dict[str, DocEntity] = {}
    owner: dict[int, DocEntity] = {}
    for i in order:
        span, surface = spans[i], surfaces[i]
        key = match_key(surface, span.label)
        ent = by_key.get(f"{span.label}:{key}") or next(
            (by_key[f"{lab}:{key}"] for lab in ("PER", "ORG", "LOC", "MISC")
             if f"{lab}:{key}" in by_key and len(key.split()) > 1), None)
        if ent is None:
            cands = [e for e in entities if _short_form_of(surface, span.label, e, glued)]
            if cands:
                ent = max(cands, key=lambda e: (len(e.spans), -entities.index(e)))
        if ent is None:
            ent = DocEntity(span.label, lang=lang)
            entities.append(ent)
        ent.add(span, surface)
        by_key.setdefault(f"{span.label}:{key}", ent)
        owner[i] = ent
    entities = _merge_same_names(entities)
    for ent in entities:
        if ent.label != "PER" and _named_person(ent, glued):
            ent.label = "PER"
    where = {id(s): e for e in entities for s in e.spans}
    owner = {i: where[id(spans[i])] for i in owner}
    by_start = sorted(range(len(spans)), key=lambda i: spans[i].start)
    for a, b in zip(by_start, by_start[1:], strict=False):
        sa, sb = spans[a], spans[b]
        ea, eb = owner[a], owner[b]
        if (ea is not eb and _OPEN_PAREN.match(text[sa.end : sb.start]) and _CLOSE_PAREN.match(text[sb.end :])
                and is_acronym(sb.text_of(text)) and _bracketed_acronym(ea, eb, sb.text_of(text))):
            ea.absorb(eb)
            entities.remove(eb)
            owner = {k: (ea if v is eb else v) for k, v in owner.items()}
    orgs = [s for s in spans if s.attrs.get("tag", s.label) == "ORG"]
    for ent in entities:
        lone = ent.label == "PER" and all(len(name_tokens(n)) == 1 for n in ent.aliases)
        ent.cut = lone and (all(
            _NEXT_NAME_WORD.match(text, s.end) or _NAME_BEFORE.search(text, max(0, s.start - 60), s.start)
            for s in ent.spans) or any(_listed_with(text, s, orgs) for s in ent.spans))
        for s in ent.spans:
            s.attrs.setdefault("tag", s.label)
            s.label = ent.label
            s.attrs["canonical"] = ent.key
    return entities


def _listed_with(text: str, span: Span, others: list[Span]) -> bool:
    """``span`` and one of ``others`` are joined by a conjunction ("Hofer oder Lidl")."""
    return any(_LIST_WORD.fullmatch(text, span.end, o.start) or _LIST_WORD.fullmatch(text, o.end, span.start)
               for o in others)


def _named_person(ent: DocEntity, glued: frozenset[str]) -> bool:
    """The tagger typed a person's full name PER and every other name of the entity is a part of it
    ("Klemens Horvath" once, "Horvath" ten times as a place): the full name settles the type."""
    full = [set(spelling_key(n).split()) for n, s in zip(ent.names, ent.spans, strict=True)
            if s.label == "PER" and len(name_tokens(n)) > 1 and is_name_shaped(n) and spelling_key(n) not in glued]
    return bool(full) and all(any(set(spelling_key(a).split()) <= f for f in full) for a in ent.aliases)


def _merge_same_names(entities: list[DocEntity]) -> list[DocEntity]:
    """One name in one document is one entity, whatever the tagger called each mention: an entity
    known only by one single-word name joins the (larger) entity of another type that has it."""
    out = list(entities)
    for ent in sorted(entities, key=lambda e: len(e.spans)):
        keys = {spelling_key(a) for a in ent.aliases}
        if len(keys) != 1 or len(next(iter(keys)).split()) != 1:
            continue
        key = next(iter(keys))
        host = [e for e in out if e is not ent and e.label != ent.label and len(e.spans) >= len(ent.spans)
                and key in {spelling_key(a) for a in e.aliases}]
        if host:
            host[0].absorb(ent)
            out.remove(ent)
    return out
