"""Conflicts between the claims of a story (see :mod:`.corroboration` for the claims).

* **denial**: a claim that denies ("bestreiten die Vorwürfe", "wies … zurück") against assertions of
  the same proposition by other speakers. A denial answers a standing allegation, so the two may
  be months apart and in different outlets; the denied proposition is matched by content (encoder
  and lemma/compound overlap), or, right before the denial in its article, by a lower bar (the
  allegation restated before its rejection).
* **number / date / place**: two voices telling one happening (:func:`corroboration.same_time`)
  with incompatible details (:func:`details.differences`). Different happenings never conflict.

Each conflict names its sides: the claims, their speakers and stances, and the outlets carrying them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .details import differences
from .mentions import ClaimGroup, ClaimMention, Scorer, cite, same_source, same_time
from .outlets import voice_label
from .view import UNKNOWN_OUTLET, Conflict, ConflictSide

#: A denial and an assertion are about the same content above these (lower than the bars for
#: one claim: the denial words the content differently, "bestreiten die Vorwürfe von Waffentransfers").
DENIAL_COSINE = 0.45
DENIAL_OVERLAP = 0.2
#: An assertion stated just before a denial in the same article (within this many sentences) is
#: what it denies at a lower cosine: the allegation is restated right before its rejection.
NEAR_SENTENCES = 1
NEAR_COSINE = 0.4
#: ... and the outlet's own narration right before a denial at this cosine ("westliche Geheimdienste
#: gehen davon aus, dass …" untagged, then "Beide bestreiten …"); its unrelated background
#: ("Gegen den Parteichef wird ermittelt." before "Die Partei bestreitet eine Nähe zu …") scores lower.
NEAR_OWN_COSINE = 0.45
#: A denial in a relative clause carries its allegation in its own sentence ("…, einen Angriff
#: vorzubereiten, was Washington bestreitet"): no sentence before it restates what it denies.
RELATIVE_DENIAL = re.compile(r",\s*(?:was|which)\s")
#: A denial by named parties ("Sowohl Nordkorea als auch Russland bestreiten die Vorwürfe") rejects
#: another speaker's statement that names every one of them at the cosine of one claim (the lemma
#: overlap aside: the two word it apart, "Nordkorea schicke Granaten nach Russland"): an
#: allegation names whom it accuses.
ACCUSED_COSINE = 0.62
#: ... or above this one when the allegation also uses a word of what is denied ("liefert" in
#: "Vorwürfe von Waffenlieferungen").
ACCUSED_TOPIC_COSINE = 0.55
#: Characters of a content word's stem that must occur inside a word of the denied phrase.
TOPIC_STEM = 5
#: Characters of a party's name that must open a word of the allegation ("Nordkorea" ~
#: "nordkoreanischen", "Russland" ~ "Russlands").
PARTY_PREFIX = 6
#: Two denials by one denier deny one proposition above these (the bars of one claim, as in
#: :mod:`.corroboration`): their conflicts are shown as one.
SAME_COSINE = 0.62
SAME_OVERLAP = 0.3
#: The score of an assertion an anaphoric denial refers to (above any cosine + overlap score).
REFERRED = 3.0
#: Two statements are the same fact reported with different details above these.
FACT_COSINE = 0.72
FACT_OVERLAP = 0.35


def find_conflicts(groups: list[ClaimGroup], ids: dict[int, str], score: Scorer,
                   antecedents: Mapping[int, list[ClaimMention]] | None = None) -> list[Conflict]:
    """Denial and detail conflicts of a story's claim groups. ``antecedents``: per anaphoric
    denial mention (``id``), the statements it refers to ("wies diese Darstellung zurück"): they
    are what it denies, whatever their wording."""
    out: list[Conflict] = []
    denials: list[tuple[ClaimGroup, list[ClaimGroup]]] = []
    for d in groups:
        if not d.denial:
            continue
        refers = {id(x) for y in d.mentions for x in (antecedents or {}).get(id(y), [])}
        against = []
        for a in groups:
            if a.denial or a.first.stance not in ("assertion", "speculation") or a.first.own and (refers or not any(
                    _just_before(x, y) for x in a.mentions for y in d.mentions)):
                continue  # the outlet's own narration is no allegation unless it restates one right before
            if same_source(a.first.source_key, d.first.source_key) or _names_any(
                    f"{a.first.source_text} {a.first.source_words}", d.first.parties):
                continue  # nobody contradicts themselves: the deniers' own statements are no allegation
            if any(id(x) in refers for x in a.mentions):
                against.append((REFERRED, a))  # "diese Darstellung": the statement before it
                continue
            best = max((_denied(x, y, score) for x in a.mentions for y in d.mentions), default=0.0)
            if best > 0:
                against.append((best, a))
        if any(not a.first.own for _, a in against):
            # the outlet's background restating an allegation is only needed when nobody else makes it
            against = [(s, a) for s, a in against if not a.first.own]
        if against:
            against.sort(key=lambda x: -x[0])
            asserted = [a for _, a in against]
            denials.append((d, asserted))
    for ds, asserted in _grouped(denials, score):
        d = ds[0]
        sides: list[ClaimGroup] = []
        named = [a for a in asserted if not a.first.own] or asserted  # the outlets' narration only alone
        for a in named:  # one side per speaker: "John Kirby" and "Kirby" are one person
            if not any(_same_speaker(a.first, b.first) for b in sides):
                sides.append(a)
        out.append(Conflict(kind="denial", about=d.first.text, denied_by=ids[id(d)],
                            asserted_by=[ids[id(a)] for a in asserted],
                            also_denied_by=[ids[id(x)] for x in ds[1:]],
                            citations=[cite(m, m.content) for x in ds for m in x.mentions]
                            + [cite(m, m.content) for a in asserted for m in a.mentions],
                            sides=[_side(d, ids), *(_side(a, ids) for a in sides)]))
    out.extend(_detail_conflicts(groups, ids, score))
    return out


def _grouped(denials: list[tuple[ClaimGroup, list[ClaimGroup]]], score: Scorer
             ) -> list[tuple[list[ClaimGroup], list[ClaimGroup]]]:
    """Denials of one denier about one proposition as one conflict: they deny the same assertion,
    or their contents, or the assertions they deny, are one proposition (SAME_COSINE, SAME_OVERLAP)."""
    out: list[tuple[list[ClaimGroup], list[ClaimGroup]]] = []
    for d, asserted in denials:
        home = next((g for g in out if any(_same_speaker(d.first, x.first) for x in g[0]) and (
            {id(a) for a in asserted} & {id(a) for a in g[1]} or any(
                _one_proposition(m, n, score) for x in g[0] for m in x.mentions for n in d.mentions) or any(
                _one_proposition(m, n, score) for x in g[1] for y in asserted for m in x.mentions
                for n in y.mentions))), None)
        if home is None:
            out.append(([d], list(asserted)))
        else:
            home[0].append(d)
            home[1].extend(a for a in asserted if all(a is not b for b in home[1]))
    for ds, _ in out:  # the clearest denial first: the one that states what it denies on its own
        ds.sort(key=lambda x: len(x.first.text))
    return out


def _one_proposition(a: ClaimMention, b: ClaimMention, score: Scorer) -> bool:
    cos, ov = score(a, b)
    return cos >= SAME_COSINE and ov >= SAME_OVERLAP


def _denied(a: ClaimMention, d: ClaimMention, score: Scorer) -> float:
    """How surely denial ``d`` rejects assertion ``a`` (0: it does not)."""
    cos, ov = score(a, d)
    if cos >= DENIAL_COSINE and ov >= DENIAL_OVERLAP:
        return cos + ov
    if _names_all(a.text, d.parties) and (cos >= ACCUSED_COSINE or cos >= ACCUSED_TOPIC_COSINE and _touches(a, d)):
        return cos + ov
    if cos >= (NEAR_OWN_COSINE if a.own else NEAR_COSINE) and _just_before(a, d) and not (
            a.own and RELATIVE_DENIAL.search(d.text)):
        return cos + ov
    return 0.0


def _names_any(text: str, parties: list[str]) -> bool:
    """Whether ``text`` (a speaker) names one of the parties."""
    return any(_names_all(text, [p]) for p in parties)


def _names_all(text: str, parties: list[str]) -> bool:
    """Whether ``text`` names every party (a word opening with the name's first PARTY_PREFIX letters)."""
    if not parties:
        return False
    starts = {w.lower()[:PARTY_PREFIX] for w in re.findall(r"\w+", text) if len(w) >= PARTY_PREFIX}
    return all(any(w.lower()[:PARTY_PREFIX] in starts for w in re.findall(r"\w+", p) if w[:1].isupper()
                   and len(w) >= PARTY_PREFIX) for p in parties)


def _touches(a: ClaimMention, d: ClaimMention) -> bool:
    """Whether the allegation uses a word of the denied phrase: the stem of one of its content
    words occurs inside a noun of the denial that is no party ("liefert" ~ "Waffenlieferungen")."""
    parties = {w.lower() for p in d.parties for w in re.findall(r"\w+", p)}
    nouns = [w.lower() for w in re.findall(r"\w[\w-]*", d.text) if w[:1].isupper() and w.lower() not in parties]
    stems = {w.lower()[:TOPIC_STEM] for w in re.findall(r"\w+", a.text)
             if len(w) > TOPIC_STEM and w.lower() not in parties}
    return any(st in n for st in stems for n in nouns)


def _just_before(a: ClaimMention, d: ClaimMention) -> bool:
    return (a.article is d.article and a.sent_index is not None and d.sent_index is not None
            and 0 <= d.sent_index - a.sent_index <= NEAR_SENTENCES)


def _same_speaker(a: ClaimMention, b: ClaimMention) -> bool:
    """One speaker: the same key (one canonical entity), or the names of one are part of the
    other's ("Kirby" in "John Kirby") in one outlet's voice; outlets' own statements by outlet."""
    if a.own or b.own:
        return a.own and b.own and a.voice == b.voice
    if a.source_key == b.source_key and not a.source_key.startswith("?"):
        return True
    if not a.source_text or not b.source_text:
        return False
    if a.source_key.startswith("ent:") != b.source_key.startswith("ent:") and \
            _name_set(a.source_text) == _name_set(b.source_text):
        return True  # "Elbkai Terminal AG" linked in one article, untagged in another: one name
    na = {w for w in re.findall(r"\w+", a.source_text) if w[:1].isupper()}
    nb = {w for w in re.findall(r"\w+", b.source_text) if w[:1].isupper()}
    return bool(na and nb) and (na <= nb or nb <= na) and (a.voice == b.voice or same_source(a.source_key, b.source_key))


def _name_set(shown: str) -> frozenset[str]:
    """The capitalised words of a speaker as shown, case-folded ("Die" of a sentence start aside)."""
    return frozenset(w.casefold() for w in re.findall(r"\w+", shown) if w[:1].isupper()
                     and w.casefold() not in ("der", "die", "das", "the"))


def _side(c: ClaimGroup, ids: dict[int, str]) -> ConflictSide:
    """A side's speaker: the source as written, the outlet for its own statements (UNKNOWN_OUTLET
    when the article names none), "" when nobody is named (renderers word both)."""
    rep = c.first
    speaker = (voice_label(rep.article) or UNKNOWN_OUTLET) if rep.own else rep.source_text
    return ConflictSide(claim=ids[id(c)], stance=rep.stance, speaker=speaker,
                        outlets=sorted({voice_label(m.article) for m in c.mentions}),
                        published=sorted({m.article.published.value[:10] for m in c.mentions if m.article.published}))


def _detail_conflicts(groups: list[ClaimGroup], ids: dict[int, str], score: Scorer) -> list[Conflict]:
    """One happening, two voices, different numbers, dates or places."""
    out: list[Conflict] = []
    flat = [(c, m) for c in groups if not c.denial for m in c.mentions]
    seen: set[tuple[str, str, str]] = set()
    for i, (ca, a) in enumerate(flat):
        for cb, b in flat[i + 1:]:
            if a.voice == b.voice or same_time(a, b) is not True or not a.same_actors(b):
                continue
            cos, ov = score(a, b)
            if cos < FACT_COSINE or ov < FACT_OVERLAP:
                continue
            for kind, va, vb in differences(a, b):
                key = (kind, ids[id(ca)], ids[id(cb)])
                if key in seen:
                    continue
                seen.add(key)
                out.append(Conflict(kind=kind, about=a.text, values=[va, vb],
                                    claims=list(dict.fromkeys([ids[id(ca)], ids[id(cb)]])),
                                    citations=[cite(a, a.content), cite(b, b.content)],
                                    sides=[_side(ca, ids), _side(cb, ids)]))
    return out
