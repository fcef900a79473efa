"""Timeline labels: the readable clause a date dates in its sentence (:func:`label_of`), and
the speech frames a date may belong to (:func:`reports`, :func:`only_frame`), shortened when a
frame's sentence is too long for a label (:func:`shortened`). Used by :mod:`.happenings`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..annotate.quotes import lexicon_de, lexicon_en
from ..model import Span
from .cues import FRAME_PREPOSITIONS, PAST_AUXILIARIES, PERFECT_AUXILIARIES, SUBORDINATORS
from .similarity import MAX_LABEL_CHARS, MIN_LABEL_CHARS, clause_around, clause_bounds, trim, words

#: Speech verbs (the quotes lexicons): a date in their clause dates a statement, not its content.
SPEECH_VERBS = lexicon_de.CUE_VERBS | lexicon_en.CUE_VERBS
#: A clause of its own this long reads on its own (a label narrowed to its date's clause).
MIN_CLAUSE_CHARS = 25
#: A speech frame longer than this is cut after its date when a label is shortened ("sagte am
#: Mittwoch [im kasachischen Fernsehen]"): the circumstances after the date are the first to go.
FRAME_CHARS = 80
#: Relative pronouns that open a clause set into a subject ("The agreement, which …, ends a
#: dispute", "Die Gewerkschaft, die … vertritt, hat am Montag …"): the clause after it continues
#: the main clause and needs the subject before it to read as a statement.
RELATIVE_PRONOUNS: dict[str, frozenset[str]] = {
    "de": frozenset(["der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welche", "welcher", "welches", "welchem", "welchen"]),
    "en": frozenset(["which", "who", "whom", "whose"]),
}
#: A clause between commas this short is an apposition or an inserted frame ("Hamburg, Germany's
#: largest port, walked off …", "Am Montag, dem 4. September, legten …", "Die Einigung, sagte X,
#: sei …"): the clause after it continues the clause before it.
APPOSITION_MAX_WORDS = 5
_FIRST_WORD = re.compile(r"\W*(\w+)")
INFINITIVE = re.compile(r"\b(?:zu|to) \w+(?:en|ern|eln)?\b|\b[a-zäöü]{2,}zu[a-zäöü]+en\b")


def whole_words(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A label cut at its length limit ends at the last whole word ("… unter stren" -> "… unter")."""
    a, b = span
    if b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
        cut = text.rfind(" ", a, b)
        if cut > a:
            return a, cut
    return a, b


#: Coordinators that join two main clauses inside one comma-free clause ("… dicht gemacht hat und
#: erst in diesem Sommer hat das Land …"): an over-long clause is split there, not cut mid-clause.
_COORDINATOR = re.compile(r"\s(?:und|aber|sondern|doch|and|but)\s")


#: A closing quotation mark followed by a capitalised word: where a sentence ended that the
#: sentence splitter kept ("… mit einem Panzerzug“ Dort würden beide …").
_CLOSED_QUOTE = re.compile(r"[“”»«\"]\s+(?=[A-ZÄÖÜ])")
_OPENING = re.compile(r"[„»«\"]")


def _after_closed_quote(text: str, label: tuple[int, int], date_at: int) -> tuple[int, int]:
    """A label that opens with the tail of a quotation closed before the date (no opening mark
    before the closing one) starts after it."""
    a, b = label
    for m in _CLOSED_QUOTE.finditer(text, a, min(b, date_at)):
        if not _OPENING.search(text, a, m.start()) and m.end() < date_at:
            return trim(text, m.end(), b)
        break
    return label


def _inserted(text: str, clause: tuple[int, int], lang: str) -> bool:
    """A relative clause or a short inserted clause (apposition, frame) between commas."""
    opener = _FIRST_WORD.match(text, clause[0])
    return opener is not None and (len(words(text, *clause)) <= APPOSITION_MAX_WORDS
                                   or opener[1].lower() in RELATIVE_PRONOUNS.get(lang, RELATIVE_PRONOUNS["de"]))


def _continues(text: str, clause: tuple[int, int], lang: str) -> bool:
    """A clause that opens with a lowercase word other than a subordinator: the rest of a main
    clause ("ends a dispute …", "legten die Beschäftigten …")."""
    first = _FIRST_WORD.match(text, clause[0])
    return first is not None and first[1].islower() and first[1] not in SUBORDINATORS.get(lang, SUBORDINATORS["de"])


def _with_subject(text: str, clauses: Sequence[tuple[int, int]], label: tuple[int, int],
                  lang: str) -> tuple[int, int]:
    """A label that opens with the lowercase rest of a main clause whose subject stands before a
    relative clause or a short inserted clause ("ends a dispute that led to two strikes this month"
    of "The agreement, which …, ends a dispute …"), or with that inserted clause itself, starts at
    the subject, when the whole still fits a label."""
    j = next((i for i, (a, b) in enumerate(clauses) if a <= label[0] < b), None)
    if j is None or trim(text, *clauses[j])[0] != label[0]:
        return label
    k = j
    if j + 1 < len(clauses) and label[1] > clauses[j][1] and _inserted(text, clauses[j], lang) \
            and _continues(text, clauses[j + 1], lang):
        k = j + 1  # the label opens with the inserted clause itself
    if k < 2 or not _continues(text, clauses[k], lang) or not _inserted(text, clauses[k - 1], lang):
        return label
    wider = trim(text, clauses[k - 2][0], label[1])
    return wider if wider[1] - wider[0] <= MAX_LABEL_CHARS else label


def label_of(text: str, sent: Span, t: Span, lang: str, timexes: Sequence[Span] = ()) -> tuple[int, int]:
    """The clause a date dates (:func:`similarity.clause_around`); a clause too long for a label is
    cut at the coordinator around the date ("Anfang 2020 … dicht gemacht hat" / "erst in diesem
    Sommer hat … zugelassen"), so a label ends at a clause boundary, never inside a clause."""
    label = _after_closed_quote(text, clause_around(text, sent, t.start, t.end, lang), t.start)
    clauses = clause_bounds(text, sent)
    clause = next(((a, b) for a, b in clauses if a <= t.start < b), None)
    k = clauses.index(clause) if clause is not None else 0
    if clause is not None and k and label[0] >= clause[0] and INFINITIVE.search(text, max(label[0], label[1] - 30),
                                                                                  label[1]):
        wider = trim(text, clauses[k - 1][0], label[1])  # "hatte angekündigt, bis Ende September … vorzulegen"
        if wider[1] - wider[0] <= MAX_LABEL_CHARS:
            label = wider
    label = _with_subject(text, clauses, label, lang)
    opened = text[sent.start:label[0]]
    if sum(opened.count(q) for q in "„«") > sum(opened.count(q) for q in "“»") or opened.count('"') % 2:
        whole = trim(text, sent.start, sent.end)  # a label inside an open quotation: the quotation from its start
        if whole[1] - whole[0] <= MAX_LABEL_CHARS:
            label = whole
    others = [u for u in timexes if u.start != t.start and label[0] <= u.start < label[1]]
    if clause is not None and others and not all(clause[0] <= u.start < clause[1] for u in others):
        own = trim(text, *clause)  # "with a second step of 2.5% next July, after … on Tuesday": one date each
        if own[1] - own[0] >= MIN_CLAUSE_CHARS:
            label = own
    if clause is None or label[1] >= clause[1] or clause[1] - clause[0] <= MAX_LABEL_CHARS:
        return label
    cuts = [clause[0], *(m.start() for m in _COORDINATOR.finditer(text, *clause)), clause[1]]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a <= t.start < b:
            part = trim(text, a if a == clause[0] else text.index(" ", a + 1), b)
            if MIN_LABEL_CHARS <= part[1] - part[0] <= MAX_LABEL_CHARS:
                return part
            break
    return whole_words(text, label)


def shortened(text: str, sent: Span, t: Span) -> str:
    """A sentence too long for a label whose date dates its speech frame, shortened to a readable
    statement: the frame with its speaker ("X sagte am Mittwoch, …", "…, teilte X am Montag mit";
    cut after the date when long: "[im kasachischen Fernsehen]"), and as many whole clauses of
    what was said as fit, in their order; when not even the first fits, its first words and "…"."""
    clauses = [trim(text, a, b) for a, b in clause_bounds(text, sent)]
    k = next((i for i, (a, b) in enumerate(clauses) if a <= t.start < b), 0)
    left = sum(b - a for a, b in clauses[:k])
    right = sum(b - a for a, b in clauses[k + 1:])
    if right > left:  # "X sagte am Mittwoch, die EU habe …": the frame runs from the sentence start,
        # unless it opens a main clause of its own ("…, aber Peskow sagte im Mai, …")
        own = _COORDINATOR.match(" " + text[clauses[k][0]:clauses[k][1]])
        frame = (clauses[k][0] + own.end() - 1, clauses[k][1]) if own else (clauses[0][0], clauses[k][1])
        content = clauses[k + 1:]
    else:  # "…, teilte der Kreml am Montag mit"
        frame, content = (clauses[k][0], clauses[-1][1]), clauses[:k]
    if frame[1] - frame[0] > FRAME_CHARS and frame[0] < t.end < frame[1]:
        frame = (frame[0], t.end)
    budget = MAX_LABEL_CHARS - (frame[1] - frame[0]) - 2
    said: list[str] = []
    for a, b in content:
        if b - a + 2 > budget:
            if not said and budget > MIN_LABEL_CHARS:
                cut = whole_words(text, (a, a + budget - 2))
                said.append(text[cut[0]:cut[1]].rstrip(" ,;:") + " …")
            elif said:
                said[-1] += " …"
            break
        said.append(text[a:b])
        budget -= b - a + 2
    parts = [*said, text[frame[0]:frame[1]]] if right <= left else [text[frame[0]:frame[1]], *said]
    return ", ".join(parts)


def reports(clause: str) -> bool:
    """Whether a clause holds a speech verb ("wie der Kreml am Montag mitteilte", "said on Monday")."""
    return any(clause[a:b].lower() in SPEECH_VERBS for a, b in words(clause))


def only_frame(label: str, lang: str) -> bool:
    """Whether a label is only a speech frame: it opens with its speech verb ("sagte ein Sprecher
    am Donnerstag"), ends with it (auxiliaries aside: "X hatte am Donnerstag erklärt"), or only
    circumstances follow it ("Peskow sagte auf einer Pressekonferenz im Mai"); not "warnte das
    Ministerium am Montag vor einer Krise", which states what was said."""
    # lower-case words only: "Berichten verschiedener Medien zufolge fand … statt" has no speech verb
    toks = [w if w[:1].islower() else w.upper() for w in (label[a:b] for a, b in words(label))]
    while toks and toks[-1] in PERFECT_AUXILIARIES[lang] | PAST_AUXILIARIES[lang] | {"worden"}:
        toks.pop()
    verbs = [i for i, w in enumerate(toks) if w in SPEECH_VERBS]
    if not verbs:
        return False
    i = verbs[0]
    return i == 0 or verbs[-1] == len(toks) - 1 or (i + 1 < len(toks) and toks[i + 1] in FRAME_PREPOSITIONS)


def comma_clause(text: str, sent: Span, t: Span) -> str:
    """The stretch of the sentence around a timex between punctuation marks: the clause a weekday
    belongs to ("Am Donnerstag ist ein Treffen geplant" but not "…, sagte Gingrich am Dienstag")."""
    marks = ",;:„“\"«»"
    a = max((k + 1 for k in range(sent.start, t.start) if text[k] in marks), default=sent.start)
    b = min((k for k in range(t.end, sent.end) if text[k] in marks), default=sent.end)
    return text[a:b]
