"""Source span boundaries as SpkAtt draws them, applied to the tagger's best source run.

The tagger finds the core of a source well but its edges less so: the article and adjectives
before the head ("die spätere republikanische Außenministerin"), the rest of a name, a genitive
or parenthesis after it ("den Berechnungen der Associated Press", "Westerwelle (FDP)"), an
apposition ("Peter Sharp, der Direktor der Reederei"), and on the other side words that are no
part of it: a leading "von"/"sich"/adverb, a verb after the head, an object after the subject
("warfen die Taliban den Menschen vor"). Each rule was measured on held-out train documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexicon_de import (
    ARTICLES,
    GENITIVE_STARTS,
    NP_STOP,
    SOURCE_LEAD_DROP,
    SOURCE_NOUN_FOLLOWERS,
    SOURCE_OBJECT_START,
)

_DETERMINERS = ARTICLES | {"the", "a", "an"}
_ADJ_END = ("e", "en", "er", "es", "em")
#: "84-jährige", "30-jähriger": a number compound declined like an adjective.
_NUM_ADJ = re.compile(r"^\d+-[a-zäöüß]+(?:e|en|er|es|em)$")

#: Longest apposition or genitive tail (tokens) a source is extended by ("den Berechnungen der
#: Associated Press", ", der Direktor der Reederei").
MAX_SOURCE_TAIL = 14
#: Adjectives between an article and the run's start join it ("die spätere republikanische" +
#: "Außenministerin"); at most this many.
MAX_LEFT_ADJECTIVES = 3
#: A name after a comma that ends with the clause belongs to the description before it, and so
#: does "in"/"aus" + a place name, as long as the name has at most this many words.
MAX_NAME_TOKENS = 4
#: A verb inside the run followed by a nominative article: the subject after it is the source.
_NOMINATIVE = frozenset({"der", "die", "ein", "eine"})
#: Conjunctions that join a coordinated source ("X und Y", "weder X noch Y"); they never end one.
COORDINATORS = frozenset({"und", "sowie", "oder", "noch"})
#: Conjunctions never end a source.
_TRAILING = frozenset({"und", "oder", "sowie", "aber", "doch", "sondern"})
_RELATIVE = frozenset({"der", "die", "das", "welcher", "welche", "welches"})
_APPOSITION_START = frozenset({"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem",
                               "eines", "ehemaliger", "ehemalige", "früherer", "frühere"})
_BOUNDARY = frozenset({",", ".", ":", ";", "!", "?", "„", "“", "”", "»", "«", '"', "–", "-"})


def _adjective(tok: str) -> bool:
    return (tok.isalpha() and tok.islower() and len(tok) > 2 and tok.endswith(_ADJ_END)
            and tok not in NP_STOP and tok not in SOURCE_LEAD_DROP) or bool(_NUM_ADJ.match(tok))


def fix_source(toks: Sequence[str], src: list[int], blocked: set[int]) -> list[int]:
    """Source boundaries: take in the article before a run and the rest of a name after it
    ("der Premierminister Benjamin" + "Netanyahu"), drop punctuation at the edges."""
    if not src:
        return src
    a, b = src[0], src[-1] + 1
    a = _left_np(toks, a, blocked)
    while b - a > 1 and toks[a].lower() in SOURCE_LEAD_DROP:
        a += 1
    a, b = _cut_after_head(toks, a, b)
    # "sagte der" + "Papst": a run ending in an article or adjective takes the noun after it.
    if b < len(toks) and b not in blocked and toks[b][:1].isupper() \
            and toks[b].replace("-", "").isalpha() and toks[b - 1][:1].islower() \
            and (toks[b - 1] in _DETERMINERS or toks[b - 1].endswith(_ADJ_END)):
        b += 1
    while b < len(toks) and b not in blocked and toks[b][:1].isupper() and toks[b].replace("-", "").isalpha() \
            and toks[b - 1][:1].isupper():
        b += 1
    k = a
    while k > 0 and a - k < MAX_LEFT_ADJECTIVES and k - 1 not in blocked and _adjective(toks[k - 1]):
        k -= 1
    if k > 0 and k - 1 not in blocked and toks[k - 1].lower() in _DETERMINERS:
        a = k - 1
    # (SpkAtt leaves the agent's "vom" out of a source: "hieß es vom Sprecher Mark Toner".)
    if a > 0 and a - 1 not in blocked and toks[a - 1].lower() in _DETERMINERS:
        a -= 1
    while b > a and (not toks[b - 1][:1].isalnum() or toks[b - 1] in NP_STOP or toks[b - 1] in _TRAILING
                     or b - a > 1 and toks[b - 1].lower() in _DETERMINERS):
        b -= 1  # "der Kreml in", "Kirby kürzlich", "dem Bericht und", "Putin , der"
    while a < b and not toks[a][:1].isalnum():
        a += 1
    if b - a == 1 and a > 1 and toks[a - 1] == "," and toks[a].lower() in _RELATIVE and a - 2 not in blocked \
            and toks[a - 2][:1].isupper() and not (b < len(toks) and (toks[b][:1].isupper() or _adjective(toks[b]))):
        # a relative pronoun ("Putin, der … forderte"): the speaker is the name it refers to
        k = a - 2
        while k > 0 and k - 1 not in blocked and a - 2 - k < MAX_NAME_TOKENS and toks[k - 1][:1].isupper():
            k -= 1
        a, b = k, a - 1
    if b > a:
        b = _extend_right(toks, a, b, blocked)
        a = _extend_left(toks, a, b, blocked)
        a, b = _coordination(toks, a, b, blocked)
    return list(range(a, b))


def _np_end(toks: Sequence[str], k: int, blocked: set[int]) -> int:
    """End (exclusive) of a short noun phrase starting at ``k`` (article, adjectives, capitalised
    words), or ``k`` when none starts there."""
    n, start = len(toks), k
    if k < n and k not in blocked and toks[k].lower() in _DETERMINERS:
        k += 1
    while k < n and k not in blocked and k - start < MAX_NAME_TOKENS and _adjective(toks[k]):
        k += 1
    end = k
    while end < n and end not in blocked and end - start <= MAX_SOURCE_TAIL and toks[end][:1].isupper() \
            and toks[end].replace("-", "").replace(".", "").isalpha():
        end += 1
    if end > k and end < n and toks[end].lower() in GENITIVE_STARTS and end not in blocked:
        end = max(end, _np_tail(toks, end, blocked))  # "derzeitiger Vorsitzender" + "der Konferenz"
    return end if end > k else start


def _coordination(toks: Sequence[str], a: int, b: int, blocked: set[int]) -> tuple[int, int]:
    """A coordinated source is one source: "Sowohl Nordkorea als auch Russland", "Weder X noch Y",
    "die Gewerkschaft und der Verband" (SpkAtt draws the whole coordination)."""
    n = len(toks)
    low = [t.lower() for t in toks]
    if b == a + 1 and low[a] in ("sowohl", "weder"):
        b = max(b, _np_end(toks, b, blocked))  # a run of "Sowohl" alone: its first member follows
    # to the right: "X" + "und/sowie/oder/als auch/noch" + a noun phrase that ends the subject
    while b < n and b not in blocked:
        k = b + 2 if low[b:b + 2] == ["als", "auch"] else b + 1 if low[b] in COORDINATORS else b
        if k == b or any(j in blocked for j in range(b, k)):
            break
        end = _np_end(toks, k, blocked)
        if end == k or end < n and not (end in blocked or toks[end] in _BOUNDARY or toks[end][:1].islower()):
            break
        b = end
    # to the left: a noun phrase + "und/als auch/noch" right before the run
    while a > 1 and a - 1 not in blocked:
        k = a - 2 if low[a - 2:a] == ["als", "auch"] else a - 1 if low[a - 1] in COORDINATORS else a
        if k == a or k < 1:
            break
        j = k
        while j > 0 and j - 1 not in blocked and k - j < MAX_NAME_TOKENS and (
                toks[j - 1][:1].isupper() and toks[j - 1].replace("-", "").isalpha() or _adjective(toks[j - 1])
                or low[j - 1] in _DETERMINERS):
            j -= 1
        if j == k or not any(toks[x][:1].isupper() for x in range(j, k)) or not (
                j == 0 or j - 1 in blocked or toks[j - 1] in _BOUNDARY or low[j - 1] in ("sowohl", "weder")):
            break  # the first conjunct opens the clause: "…, die Regierung und die Rebellen einigten sich"
        a = j
    if a > 0 and a - 1 not in blocked and low[a - 1] in ("sowohl", "weder"):
        a -= 1
    return a, b


def _np_word(tok: str) -> bool:
    return (tok[:1].isupper() and tok.replace("-", "").replace(".", "").isalpha()) or tok in SOURCE_NOUN_FOLLOWERS \
        or _adjective(tok) or tok.lower() in _DETERMINERS


def _left_np(toks: Sequence[str], a: int, blocked: set[int]) -> int:
    """A run that starts inside a noun phrase ("in Mombasa", "Rettungsagentur" after "Such- und")
    takes the phrase's beginning: back over nouns, articles, adjectives and post-modifier words
    to the nearest article or capitalised word after a boundary, verb or blocked token."""
    if not (toks[a] in SOURCE_NOUN_FOLLOWERS or a > 0 and toks[a - 1] in SOURCE_NOUN_FOLLOWERS):
        return a
    k = a
    while k > 0 and a - k < MAX_SOURCE_TAIL and k - 1 not in blocked and _np_word(toks[k - 1]):
        k -= 1
    while k < a and not (toks[k][:1].isupper() or toks[k].lower() in _DETERMINERS):
        k += 1
    return k if any(t[:1].isupper() for t in toks[k:a]) else a


def _cut_after_head(toks: Sequence[str], a: int, b: int) -> tuple[int, int]:
    """End of the source at the first word after a capitalised head that no noun phrase continues
    with: a verb or predicate ("lebte", "bestürzt"), or an object's article ("den Menschen")."""
    for k in range(a + 1, b):
        prev, w = toks[k - 1], toks[k]
        if not (prev[:1].isupper() and prev.lower() not in _DETERMINERS) or not w[:1].islower():
            continue
        if w in SOURCE_OBJECT_START:
            return a, k
        if w.isalpha() and w not in SOURCE_NOUN_FOLLOWERS:
            # "In seiner Stellungnahme befand der Premierminister …": a subject after the verb.
            if k + 2 < b and toks[k + 1] in _NOMINATIVE:
                return k + 1, b
            return a, k
    return a, b


def _np_tail(toks: Sequence[str], b: int, blocked: set[int]) -> int:
    """End (exclusive) of a noun phrase starting at ``b``: lower-case modifiers and capitalised
    words up to the first capitalised word run's end (stops at boundaries and blocked tokens)."""
    k, seen_noun = b, False
    while k < len(toks) and k - b < MAX_SOURCE_TAIL and k not in blocked and toks[k] not in _BOUNDARY \
            and toks[k] not in NP_STOP:
        if toks[k][:1].isupper():
            seen_noun = True
        elif seen_noun and toks[k].lower() not in GENITIVE_STARTS:
            break
        k += 1
    while k > b and not toks[k - 1][:1].isupper() and toks[k - 1] != ")":
        k -= 1
    return k if seen_noun else b


def _extend_left(toks: Sequence[str], a: int, b: int, blocked: set[int]) -> int:
    """A name before an apposition source: "Nurur Rahman" + ", der Rettungskoordinator …"."""
    if a < 2 or toks[a - 1] != "," or toks[a].lower() not in _APPOSITION_START or b - a < 2:
        return a
    k = a - 1
    while k > 0 and a - k <= 4 and k - 1 not in blocked and toks[k - 1][:1].isupper() and toks[k - 1].replace(
            "-", "").replace(".", "").isalpha():
        k -= 1
    return k if k < a - 1 and (k == 0 or not toks[k - 1][:1].isupper()) else a


def _extend_right(toks: Sequence[str], a: int, b: int, blocked: set[int]) -> int:
    n = len(toks)
    # A parenthesis right after the source: "Guido Westerwelle (FDP)".
    if "(" in toks[a:b] and ")" not in toks[a:b] and b < n and toks[b] == ")" and b not in blocked:
        b += 1
    if b < n and toks[b] == "(" and b not in blocked:
        close = next((k for k in range(b + 1, min(n, b + 6)) if toks[k] == ")"), None)
        if close is not None and not any(k in blocked for k in range(b, close + 1)):
            b = close + 1
    # A genitive tail: "den Berechnungen der" + "Associated Press".
    if b < n and toks[b].lower() in GENITIVE_STARTS and b not in blocked:
        b = max(b, _np_tail(toks, b, blocked))
    elif toks[b - 1].lower() in GENITIVE_STARTS and b - 1 > a:
        end = _np_tail(toks, b, blocked)
        b = end if end > b else b - 1
    # A place after the head: "der Einsatzleiter der Polizei" + "in Dortmund" (SpkAtt train: 39 of
    # 44 such "in"/"aus" phrases right after a source belong to it).
    if b + 1 < n and toks[b] in ("in", "aus") and b not in blocked and toks[b - 1][:1].isupper():
        k = b + 1
        while k < n and k - b <= MAX_NAME_TOKENS and k not in blocked and toks[k][:1].isupper() \
                and toks[k].replace("-", "").isalpha():
            k += 1
        if k > b + 1:
            b = k
    # An apposition: ", der geschäftsführende Direktor des Schiffseigners X" — ends at a boundary,
    # with a noun (capital), a digit or ")" (a relative clause ends with a lower-case verb).
    if b + 2 < n and toks[b] == "," and toks[b + 1].lower() in _APPOSITION_START and b not in blocked \
            and (toks[b + 2][:1].isupper() or toks[b + 2][:1].isdigit() or _adjective(toks[b + 2])):
        # (", der am Montag … war": a relative clause, no apposition)
        k = b + 1
        while k < n and k - b <= MAX_SOURCE_TAIL and k not in blocked and toks[k] not in _BOUNDARY:
            k += 1
        last = toks[k - 1]
        ended = k == n or k in blocked or toks[k] in _BOUNDARY  # not cut off by the length limit
        if ended and k > b + 2 and (last[:1].isupper() or last[:1].isdigit() or last == ")"):
            b = k
    # A name in apposition after a description: "der Direktor der Behörde , Bagus Puruhito ,".
    elif b + 1 < n and toks[b] == "," and b not in blocked and toks[b - 1][:1].isupper():
        k = b + 1
        while k < n and k - b <= MAX_NAME_TOKENS and k not in blocked and toks[k][:1].isupper() \
                and toks[k].replace("-", "").replace(".", "").isalpha():
            k += 1
        if k > b + 1 and (k == n or k in blocked or toks[k] in (",", ".", "(", ":")):
            b = k
    return b
