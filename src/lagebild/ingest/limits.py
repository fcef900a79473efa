"""Per-item limits: characters no store keeps, metadata field lengths, and text shapes whose
annotation cost grows faster than their length.

Everything here is applied where items are read or cleaned, so no later stage (annotation,
store, output) ever sees a lone surrogate, a NUL or a pathological run, and every change is
recorded: a warning on the item's source, or :class:`~lagebild.model.Debris` with offsets.
"""

from __future__ import annotations

import re
import signal
import threading
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from ..errors import TimeBudgetError
from ..model import Article, Debris, Rejection

#: Characters removed from text: C0 controls except tab, newline, carriage return and form feed
#: (NUL is refused by PostgreSQL), DEL, and the noncharacters U+FFFE/U+FFFF.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")
#: Lone surrogates (from JSON escapes such as ``"\ud800"`` or from undecodable file names): no
#: UTF-8 encoder and no store accepts them; in text they become U+FFFD, one for one.
_SURROGATES = re.compile("[\ud800-\udfff]")
#: In a one-line metadata field every control and line break goes (line breaks become spaces).
_FIELD_SPACE = re.compile("[\t\n\r\x0c\x85\u2028\u2029]+")
#: Characters escaped in identifiers (source names): controls, surrogates, noncharacters.
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

#: Longest value kept per metadata field; anything longer is no headline, outlet name, URL or
#: author but a mistake or an attack, and is cut (with a warning). URLs get room for long queries.
MAX_FIELD_CHARS: dict[str, int] = {
    "title": 1000, "outlet": 200, "url": 4096, "author": 200, "language": 35, "id": 500,
    "description": 4000, "published_raw": 200,
}
#: Default for a field not named above.
DEFAULT_FIELD_CHARS = 1000

#: A run of punctuation and symbols (no letter, digit or space) longer than this is cut to this
#: length. spaCy's tokenizer strips prefixes/suffixes one character at a time, copying the rest
#: of the word each time, so such runs cost the square of their length (16,000 ``<`` took 20 s);
#: real text has short runs only (``?!``, ``…“``, a ruler of dashes), 32 keeps rulers readable.
MAX_SYMBOL_RUN = 32
#: A word (run without white space) longer than this is cut to this length: affix handling is
#: quadratic in word length for any affix-rich word (``US$US$…``, ``'s's…``); 500 characters keep
#: every real word and almost every URL whole and bound the cost per character to what ordinary
#: text costs in the entity stage.
MAX_WORD_CHARS = 500
#: Removed text kept in a debris record (the offsets say how long the removed part was).
DEBRIS_EXCERPT_CHARS = 200

_LONG_RUN = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")
_LONG_WORD = re.compile(rf"\S{{{MAX_SYMBOL_RUN + 1},}}")


def excerpt(text: str, limit: int = DEBRIS_EXCERPT_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    return text if len(text) <= limit else f"{text[:limit]}… (+{len(text) - limit} characters)"


def scrub_text(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters and with lone surrogates replaced; returns the
    warnings saying what changed (none for clean text)."""
    warnings = []
    controls = len(_CONTROLS.findall(text))
    if controls:
        text = _CONTROLS.sub("", text)
        warnings.append(f"{controls} control character(s) removed")
    surrogates = len(_SURROGATES.findall(text))
    if surrogates:
        text = _SURROGATES.sub("\ufffd", text)
        warnings.append(f"{surrogates} lone surrogate(s) replaced with U+FFFD")
    return text, warnings


def clean_field(value: object, name: str, warnings: list[str]) -> str | None:
    """A metadata value as a one-line string a store keeps, or None; every change is a warning.

    Numbers become strings, other non-string values (lists, objects) are dropped."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        warnings.append(f"{name}: {type(value).__name__} value ignored (text expected)")
        return None
    text = str(value)
    fixed, changes = scrub_text(_FIELD_SPACE.sub(" ", text))
    warnings.extend(f"{name}: {c}" for c in changes)
    limit = MAX_FIELD_CHARS.get(name, DEFAULT_FIELD_CHARS)
    if len(fixed) > limit:
        warnings.append(f"{name}: cut to {limit} of {len(fixed)} characters")
        fixed = fixed[:limit]
    fixed = fixed.strip()
    return fixed or None


def printable(name: str) -> str:
    """An identifier (file name, record id) with controls and surrogates escaped as ``\\xNN`` /
    ``\\uNNNN``: undecodable bytes of a file name (``\\udcff`` under surrogateescape) become
    ``\\xff``, so two different names stay different and every store can keep them."""
    def esc(m: re.Match[str]) -> str:
        code = ord(m.group())
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: one raw byte
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _ESCAPE.sub(esc, name)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def sanitize_article(article: Article) -> Article:
    """An article as read, made safe for every later stage and every store: its source name
    printable, its raw text and metadata fields free of controls and lone surrogates, fields cut
    to :data:`MAX_FIELD_CHARS`. Each change is a warning on the article's source."""
    src = article.source
    warnings = src.warnings
    src.source = printable(src.source)
    article.raw, changes = scrub_text(article.raw)
    warnings.extend(f"text: {c}" for c in changes)
    for obj in (article, src):
        for name in ("title", "outlet", "url"):
            setattr(obj, name, clean_field(getattr(obj, name), name, warnings))
    article.language = clean_field(article.language, "language", warnings)
    src.warnings = _unique(warnings)
    return article


def sanitize_rejection(rejection: Rejection) -> Rejection:
    """A rejection whose source name and reason every store keeps."""
    return Rejection(printable(rejection.source), scrub_text(rejection.reason)[0], rejection.error)


@dataclass
class Guarded:
    """Text with pathological runs cut out, and how to map its offsets back to the input."""

    text: str
    debris: list[Debris] = field(default_factory=list)
    _at: list[int] = field(default_factory=list)  # guarded offsets where a cut happened ...
    _shift: list[int] = field(default_factory=list)  # ... and the characters removed up to there

    def original(self, pos: int) -> int:
        """The offset in the input text of offset ``pos`` in the guarded text."""
        i = bisect_right(self._at, pos)
        return pos + (self._shift[i - 1] if i else 0)


def guard_runs(text: str) -> Guarded:
    """Cut runs of punctuation/symbols to :data:`MAX_SYMBOL_RUN` and words to
    :data:`MAX_WORD_CHARS` characters; each cut is a debris record with input offsets.

    Linear in the text: only words longer than :data:`MAX_SYMBOL_RUN` are looked at."""
    result = Guarded(text="")
    cuts = [c for w in _LONG_WORD.finditer(text) for c in _word_cuts(text, w.start(), w.end())]
    if not cuts:
        result.text = text
        return result
    out: list[str] = []
    last = removed = 0
    for start, end, reason in cuts:
        out.append(text[last:start])
        result.debris.append(Debris(start, end, reason, excerpt(text[start:end])))
        result._at.append(start - removed)
        removed += end - start
        result._shift.append(removed)
        last = end
    out.append(text[last:])
    result.text = "".join(out)
    return result


def _word_cuts(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The parts of the word ``text[start:end]`` to remove, in order."""
    cuts = [(r.start() + MAX_SYMBOL_RUN, r.end(), "punctuation run")
            for r in _LONG_RUN.finditer(text, start, end)]
    if (end - start) - sum(b - a for a, b, _ in cuts) <= MAX_WORD_CHARS:
        return cuts
    kept: list[tuple[int, int, str]] = []
    budget, pos = MAX_WORD_CHARS, start  # characters still to keep, and where keeping resumes
    for a, b, reason in cuts:
        if a - pos >= budget:
            break
        budget -= a - pos
        kept.append((a, b, reason))
        pos = b
    kept.append((pos + budget, end, "overlong word"))
    return kept


@contextmanager
def time_budget(seconds: float, source: str) -> Iterator[None]:
    """Raise :class:`~lagebild.errors.TimeBudgetError` inside the block once it has run for
    ``seconds`` (wall clock). Works in the main thread of a process (SIGALRM, as the CLI and
    the server's worker processes run items); elsewhere, or with ``seconds <= 0``, no budget.
    The check happens between Python bytecodes: a long call into C code ends first."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeBudgetError(source, f"took longer than {seconds:g} s (setting max_item_seconds)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
