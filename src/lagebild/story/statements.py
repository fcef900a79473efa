"""How one article's statements are read before they become claim mentions (:mod:`.corroboration`).

The quotes layer's attributions come from a tagger; these rules read what it leaves out or gets
wrong, sentence by sentence: a message cut inside a clause or a number (:func:`whole_message`), a
refusal to comment and a verb-first condition that assert nothing (:func:`refused`,
:func:`conditional`), a denial word that is a noun or has no denier (:func:`misread_denial`), a
"X claimed that …" the tagger missed (:func:`speech_in`), a denial in the outlet's own sentence
(:func:`denial_in`), and what an anaphoric denial rejects ("wies diese Darstellung zurück":
:func:`antecedents_of`, the statement of the speaker who spoke last before it).
"""

from __future__ import annotations

import re
from typing import Any

from ..annotate.quotes import denies, lexicon_de, lexicon_en, speaker_phrase
from .cues import ANAPHORA, NOUN_DETERMINERS, PASSIVE_AUXILIARIES, STOPWORDS
from .mentions import ClaimMention, same_source
from .similarity import SentenceIndex, clause_around, trim, words

#: How many sentences back an anaphoric denial ("wies diese Darstellung zurück") looks for the
#: statements it rejects: news prose puts the account right before its rejection, in one paragraph
#: (a speaker's statement and its one or two continued sentences).
ANTECEDENT_SENTENCES = 3
#: Speech verbs per language (the quotes lexicons) and the denial words among them.
SPEECH_VERBS = {"de": lexicon_de.CUE_VERBS, "en": lexicon_en.CUE_VERBS}
DENIAL_WORDS = lexicon_de.DENIAL | lexicon_en.DENIAL
#: Punctuation that ends a clause (a message cut by the tagger runs on to one of these).
CLAUSE_MARK = re.compile(r"[,;:.!?„“”\"«»()]")
#: A message cut after its clause's start takes back at most this many characters before it.
MAX_MESSAGE_GAP = 60
#: Cue verbs that, opening a sentence, open a conditional clause ("Lehnt eine Seite ihn ab, …",
#: "Bestreitet er das, …"); other sentence-initial cues ("Demnach", "Laut", "Wie … mitteilte") do not.
VERBS_OPENING_CONDITIONS = lexicon_de.CUE_VERBS | lexicon_de.DENIAL | frozenset(lexicon_de.DENIAL_SPLIT)
#: Words of a refusal to comment ("declined to say", "wollte sich nicht äußern"): no claim.
REFUSALS = {"de": frozenset({"verweigerte", "verweigerten"}),
            "en": frozenset({"declined", "declines", "refused", "refuses"})}
#: A claim the outlet credits to an agent inside its own sentence: "wie von Außenminister X
#: behauptet", "as claimed by X" (speech participles of the quotes lexicons).
_PARTICIPLES = "behauptet|berichtet|erklärt|angekündigt|gefordert|dargestellt|angegeben"
_CREDITED = {"de": re.compile(r"\bwie (?:von|vom) (?P<who>(?:[A-ZÄÖÜ][\w-]*\s+){0,3}[A-ZÄÖÜ][\w-]*)\s+"
                              r"(?P<cue>" + _PARTICIPLES + r")\b"),
             "en": re.compile(r"\bas (?P<cue>claimed|reported|stated|announced|alleged) by "
                              r"(?P<who>(?:[A-Z][\w'-]*\s+){0,3}[A-Z][\w'-]*)")}
#: Words that open the message right after a speech verb ("claimed that …").
COMPLEMENTISERS = frozenset({"that", "dass"})


def antecedents_of(mentions: list[ClaimMention], d: ClaimMention, index: SentenceIndex) -> list[ClaimMention]:
    """What an anaphoric denial ("Die Firma wies diese Darstellung zurück") refers to: the
    statement of the speaker who spoke last before it (with its continued sentences), up to
    ANTECEDENT_SENTENCES back, within its paragraph, or the paragraph before when the denial opens
    its own; not simply the sentence before it (which may be narration or a continuation). Empty
    when no attributed statement is there (the sentence before then stands)."""
    si = d.sent_index
    if si is None:
        return []
    text = d.article.text

    def paragraph_break(i: int) -> bool:  # between sentences i - 1 and i
        return "\n" in text[index.sents[i - 1].end:index.sents[i].start]

    window = set()
    j = si - 1
    while j >= 0 and si - j <= ANTECEDENT_SENTENCES:
        if j + 1 != si and paragraph_break(j + 1):
            break
        window.add(j)
        j -= 1
    found = [m for m in mentions if m.article is d.article and m.sent_index in window and not m.own
             and m.stance != "denial" and m.speaker_kind != "unattributed" and not m.source_key.startswith("?")
             and not same_source(m.source_key, d.source_key)]
    if not found:
        return []
    # the previous speaker's statement: the nearest sentence with one, and the sentences right
    # before it that the same speaker says (a statement and its continuation), not everybody before
    by_sent: dict[int, list[ClaimMention]] = {}
    for m in found:
        by_sent.setdefault(m.sent_index or 0, []).append(m)
    j = max(by_sent)
    keys = {m.source_key for m in by_sent[j]}
    block = list(by_sent[j])
    while j - 1 in by_sent and any(same_source(m.source_key, k) for m in by_sent[j - 1] for k in keys):
        j -= 1
        block = [m for m in by_sent[j] if any(same_source(m.source_key, k) for k in keys)] + block
    return block


def conditional(text: str, attrs: dict[str, Any], index: SentenceIndex) -> bool:
    """Whether the cue is the verb that opens a conditional clause ("Lehnt eine Seite ihn ab,
    könnte …", verb first, a comma after it): no speech act."""
    cues = [(int(a), int(b)) for a, b in attrs.get("cue") or []]
    if not cues:
        return False
    si = index.at(cues[0][0])
    if si is None:
        return False
    sent = index.sents[si]
    first = next(iter(words(text, sent.start, sent.end)), None)
    return first is not None and first[0] == cues[0][0] and text[first[0]].isupper() and \
        "," in text[cues[-1][1]:sent.end] and text[sent.start:first[0]].strip() == "" and \
        text[first[0]:first[1]].lower() in VERBS_OPENING_CONDITIONS


def refused(text: str, attrs: dict[str, Any], lang: str) -> bool:
    """Whether the cue is refused ("declined to say", "lehnte es ab, … zu kommentieren"): a
    refusal word right before the cue, in the source the tagger took, or as the cue itself."""
    cues = [(int(a), int(b)) for a, b in attrs.get("cue") or []]
    src = attrs.get("source")
    near = [text[a:b].lower() for a, b in words(text, max(0, cues[0][0] - 30), cues[0][0])][-2:] if cues else []
    said = [text[a:b].lower() for c in cues for a, b in words(text, *c)]
    if src:
        said += [text[a:b].lower() for a, b in words(text, int(src[0]), int(src[1]))]
    return bool(set(near + said) & REFUSALS.get(lang, frozenset()))


def whole_message(text: str, attrs: dict[str, Any], start: int, end: int, index: SentenceIndex) -> tuple[int, int]:
    """The message without the cuts of the tagger: it does not open inside a number ("3,|000
    workers") and does not end inside a clause ("… bislang nur| getrennt gesprochen, sagte …"):
    it runs on to the clause's end when no cue or source lies between."""
    if start > 1 and text[start].isdigit() and text[start - 1] in ",." and text[start - 2].isdigit():
        while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",." and text[start - 2:start - 1].isdigit()):
            start -= 1
    si = index.at(max(start, end - 1))
    if si is None:
        return start, end
    sent = index.sents[si]
    taken = [(int(a), int(b)) for a, b in attrs.get("cue") or []] + ([tuple(attrs["source"])] if attrs.get("source") else [])
    if start > sent.start and re.search(r"\w\s+$", text[max(sent.start, start - 2):start]):
        marks = [m.end() for m in CLAUSE_MARK.finditer(text, sent.start, start)]
        lo = marks[-1] if marks else sent.start
        if start - lo <= MAX_MESSAGE_GAP and not any(lo <= a < start or lo < b <= start for a, b in taken):
            start = trim(text, lo, start)[0]  # "wird in |naher Zukunft … reisen": from the clause's start
    if end >= sent.end or not re.match(r"\s+\w", text[end:end + 2]):
        return start, end
    stop = CLAUSE_MARK.search(text, end, sent.end)
    limit = stop.start() if stop else sent.end
    if any(end <= a < limit for a, _b in taken):
        return start, end
    return start, trim(text, start, limit)[1]


def points_back(text: str, start: int, end: int, lang: str) -> bool:
    """Whether a sentence opens with a demonstrative that points to the sentence before ("Diese
    Vorwürfe …", "Das bestätigte …"); "Das Unternehmen …" opens with an article, not an anaphor."""
    toks = words(text, start, end)
    if not toks or text[toks[0][0]:toks[0][1]].lower() not in ANAPHORA[lang]:
        return False
    nxt = text[toks[1][0]] if len(toks) > 1 else ""
    return not (lang == "de" and text[toks[0][0]:toks[0][1]].lower() == "das" and nxt.isupper())


def speech_in(text: str, start: int, end: int, lang: str
               ) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    """(cue, speaker, message) of "NAME [adverbs] SPEECHVERB [that] MESSAGE" in a sentence the
    tagger misread ("During the dispute Verdi repeatedly claimed that …"): the capitalised words
    right before a lower-case speech verb (English -ly adverbs between them) and what follows it."""
    toks = words(text, start, end)
    low = [text[a:b].lower() for a, b in toks]
    verbs = SPEECH_VERBS[lang]
    for i, w in enumerate(low):
        if w not in verbs or w in DENIAL_WORDS or not text[toks[i][0]].islower() or i + 1 >= len(toks):
            continue
        k = i - 1
        while k >= 0 and lang == "en" and low[k].endswith("ly") and text[toks[k][0]].islower():
            k -= 1
        j = k
        while j >= 0 and text[toks[j][0]].isupper() and low[j] not in STOPWORDS[lang]:
            j -= 1
        if j == k or "," in text[toks[j + 1][0]:toks[i][0]]:
            continue
        m = i + 1 + (low[i + 1] in COMPLEMENTISERS)
        if m >= len(toks):
            continue
        message = trim(text, toks[m][0], end)
        return toks[i], (toks[j + 1][0], toks[k][1]), message
    return None


def denial_in(text: str, start: int, end: int, lang: str
               ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(cue, source) of a denial in ``text[start:end]`` (:func:`annotate.quotes.denies`); the source
    is the clause's subject (the words before the verb), or the agent after "von/vom/by"."""
    toks = words(text, start, end)
    low = [text[a:b] for a, b in toks]
    for i, w in enumerate(low):
        cue = toks[i]
        clause_start = max((k + 1 for k in range(start, cue[0]) if text[k] in ",;:"), default=start)
        frame = [low[j] for j in range(max(0, i - 4), min(len(low), i + 3))
                 if toks[j][0] >= clause_start and j != i]  # "wollte das nicht dementieren", "ob das Dementi"
        if not denies([w, *(x for x in low[i + 1:] if x in ("zurück", "ab"))], low, frame) or noun_use(text, cue, lang):
            continue  # "During the dispute …": a noun, no denial
        agent = [j for j in range(i) if low[j].lower() in ("von", "vom", "by") and toks[j][0] >= clause_start]
        if agent:
            return cue, trim(text, toks[agent[-1]][1], cue[0])
        first = next(iter(words(text, clause_start, cue[0])), None)
        if first is not None and text[first[0]:first[1]].lower() in ("was", "which"):
            clause_start = first[1]  # "…, was Washington und Seoul bestreiten"
        src = trim(text, clause_start, cue[0])
        if {low[j].lower() for j in range(i) if toks[j][0] >= clause_start} & PASSIVE_AUXILIARIES.get(
                lang, PASSIVE_AUXILIARIES["de"]):
            return cue, None  # "Diese Darstellung wurde zurückgewiesen": the subject is what is denied
        # the clause's subject, not what follows it ("Das Unternehmen hatte dies stets bestritten")
        return cue, speaker_phrase(text, src, lang) if src[1] > src[0] else None
    return None


def noun_use(text: str, cue: tuple[int, int], lang: str) -> bool:
    """Whether a cue word is a noun: a determiner right before it ("the dispute", "ein Dementi")."""
    before = [text[a:b].lower() for a, b in words(text, max(0, cue[0] - 40), cue[0])]
    return bool(before) and before[-1] in NOUN_DETERMINERS.get(lang, NOUN_DETERMINERS["de"])


def misread_denial(text: str, attrs: dict[str, Any], index: SentenceIndex, lang: str) -> bool:
    """A denial without a denier that its sentence does not state: its cue is a noun ("During the
    dispute …"), or its clause is not passive (only "Die Vorwürfe wurden zurückgewiesen" denies
    without naming who)."""
    sp = attrs.get("speaker")
    named = sp.get("span") and sp.get("kind") != "unattributed" if sp else bool(attrs.get("source"))
    if named:
        return False
    cues = [(int(a), int(b)) for a, b in attrs.get("cue") or []]
    if not cues:
        return True
    if all(noun_use(text, c, lang) for c in cues):
        return True
    si = index.at(cues[0][0])
    if si is None:
        return True
    sent = index.sents[si]
    lo, hi = clause_around(text, sent, cues[0][0], cues[-1][1], lang)
    toks = {text[a:b].lower() for a, b in words(text, lo, hi)}
    return not toks & PASSIVE_AUXILIARIES.get(lang, PASSIVE_AUXILIARIES["de"])


def as_claimed_by(text: str, start: int, end: int, lang: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(cue, speaker) of a claim the outlet's own sentence credits to somebody ("ob die EU, wie von
    Außenminister X behauptet, …", "as claimed by X"): the capitalised words of the agent."""
    m = _CREDITED[lang].search(text, start, end)
    if m is None:
        return None
    return (m.start("cue"), m.end("cue")), (m.start("who"), m.end("who"))


def subject_only(text: str, start: int, end: int, lang: str) -> bool:
    """Whether an English message is only the subject of the speech verb right after it
    ("Kazakhstan's foreign minister, Nurlan X, | called the meeting …"): no claim."""
    if lang != "en" or any(ch in text[start:end] for ch in "\"“”„"):
        return False
    nxt = re.match(r"[\s,]*(\w+)", text[end:end + 30])
    return nxt is not None and nxt.group(1).lower() in SPEECH_VERBS["en"]
