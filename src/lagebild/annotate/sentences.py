"""Sentence splitting for German and English news text.

Rule-based and fast: a boundary is a run of ``.!?…`` (optionally followed by closing quotes or
brackets) followed by white space and a plausible sentence start. Vetoes, in order: known
abbreviations, single-letter initials, dates like ``11.09.2023`` (no white space inside), German
ordinals ("am 10. September", "zum 70. Jahrestag"). Paragraph breaks always end a sentence; a
single line break does too unless the next line continues in lower case (hard-wrapped text).
"""

from __future__ import annotations

import re

from ..model import Article, Span
from ..pipeline import stage
from .lexicon import ABBREVIATIONS, MONTHS_DE, ORDINAL_CONTEXT_DE

_CLOSERS = "\"'“”‘’»«)]›‹"
_OPENERS = "\"'„“‚‘»«([›‹"
# Candidate end: terminal punctuation, optional closers, then whitespace. A run is tried from its
# first character only (and possessively), so a long run costs its length, not its square.
_END = re.compile(rf"(?<![.!?…])([.!?…]++)([{re.escape(_CLOSERS)}]*+)(\s+)")
_PARA = re.compile(r"\n[ \t]*\n\s*|\n")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_START = re.compile(rf"[{re.escape(_OPENERS)}]*[\w–-]")
#: A run of ≤ 3 digits before a dot reads as an ordinal when followed by one of these.
_MONTH_WORDS = frozenset(m.lower() for m in MONTHS_DE) | {
    "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez"}
#: Longest digit run treated as a possible ordinal (years have four digits and end sentences).
MAX_ORDINAL_DIGITS = 3
#: Longest sentence kept whole. Later stages work sentence by sentence and some cost more than
#: the length of a sentence (attribution decoding grew ~7 times per doubling on a 8,000-character
#: run of "Er sagte:"), so a longer "sentence" (a list, a table row, text without full stops) is
#: split at a clause break (or a space) before this length; its pieces carry attrs["split"].
#: In the 10kGNAD test articles 2 of 22,981 sentences are longer than 800 characters.
MAX_SENTENCE_CHARS = 800
_CLAUSE_BREAK = re.compile(r"[,;:]\s")
_SPACE_RUN = re.compile(r"\s*")
#: Characters looked back from a line break for the end of the previous line (lines are
#: right-stripped by extraction; this only bounds the cost on odd white space).
LOOK_BACK_CHARS = 80


def _is_abbreviation(word: str, lang: str) -> bool:
    w = word.lstrip(_OPENERS).rstrip(".").lower()
    if not w:
        return False
    abbr = ABBREVIATIONS.get(lang, ABBREVIATIONS["en"])
    if w in abbr or w in ABBREVIATIONS["en"] and lang != "de":
        return True
    # Single letters and dotted initials: "J.", "U.S.", "z.B."
    return len(w) == 1 and w.isalpha() or bool(re.fullmatch(r"(?:\w\.)+\w", w))


def _is_ordinal(text: str, dot: int, word: str, lang: str) -> bool:
    if lang != "de" or not word.isdigit() or len(word) > MAX_ORDINAL_DIGITS:
        return False
    after = re.match(r"\s*([\w]+)", text[dot + 1 : dot + 40])
    next_word = after.group(1).lower() if after else ""
    if next_word in _MONTH_WORDS:
        return True
    before = re.search(r"(\w+)\s+$", text[max(0, dot - len(word) - 30) : dot - len(word)])
    return bool(before and before.group(1).lower() in ORDINAL_CONTEXT_DE)


def _line_boundaries(text: str) -> list[int]:
    """Offsets where a line break ends a sentence."""
    cuts = []
    for m in _PARA.finditer(text):
        if "\n\n" in m.group().replace(" ", "").replace("\t", "") or m.group().count("\n") > 1:
            cuts.append(m.end())
            continue
        nxt = text[m.end() : m.end() + 1]
        prev = text[max(0, m.start() - LOOK_BACK_CHARS) : m.start()].rstrip()[-1:]
        # Hard-wrapped prose continues in lower case after a line that ends mid-sentence.
        if nxt.islower() and prev not in ".!?:\"“”»«":
            continue
        cuts.append(m.end())
    return cuts


def split_sentences(text: str, lang: str = "de") -> list[Span]:
    """Sentence spans (offsets into ``text``), stripped of surrounding white space."""
    cuts = set(_line_boundaries(text))
    for m in _END.finditer(text):
        punct_start = m.start(1)
        end = m.end(2)
        if m.end() >= len(text) or not _NEXT_START.match(text, m.end()):
            continue
        nxt = text[m.end()]
        if nxt.islower() and "\n" not in m.group(3):
            continue
        if m.group(1) == ".":
            word_m = _WORD_BEFORE.search(text[max(0, punct_start - 40) : punct_start])
            word = word_m.group(1) if word_m else ""
            if _is_abbreviation(word + ".", lang) or _is_ordinal(text, punct_start, word, lang):
                continue
        cuts.add(end)
    spans: list[Span] = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        seg = text[start:cut]
        lstrip = len(seg) - len(seg.lstrip())
        rstrip = len(seg.rstrip())
        if rstrip - lstrip > MAX_SENTENCE_CHARS:
            spans.extend(_split_long(text, start + lstrip, start + rstrip))
        elif rstrip > lstrip:
            spans.append(Span(start + lstrip, start + rstrip))
        start = cut
    return spans


def _split_long(text: str, start: int, end: int) -> list[Span]:
    """``text[start:end]`` in pieces of at most :data:`MAX_SENTENCE_CHARS`, cut after the last
    clause break (``,;:``) in the second half of each window, else at the last space, else hard."""
    pieces: list[Span] = []
    while end - start > MAX_SENTENCE_CHARS:
        window_end = start + MAX_SENTENCE_CHARS
        half = start + MAX_SENTENCE_CHARS // 2
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, half, window_end)]
        cut = breaks[-1] if breaks else text.rfind(" ", half, window_end) + 1 or window_end
        piece_end = len(text[start:cut].rstrip()) + start
        pieces.append(Span(start, piece_end, attrs={"split": "length"}))
        start = _SPACE_RUN.match(text, cut, end).end()  # type: ignore[union-attr]  # always matches
    if end > start:
        pieces.append(Span(start, end, attrs={"split": "length"}))
    return pieces


@stage("sentences", requires=["text", "language"], assigns=["sentences"])
def sentences_stage(article: Article) -> Article:
    article.layers["sentences"] = split_sentences(article.text, article.language or "de")
    return article
