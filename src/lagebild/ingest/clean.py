"""Cleaning and metadata from the body: one pass over the lines of an extracted text.

Each line is classified as header/date line, byline, title, debris or body. Debris and metadata
lines are removed from the text and recorded as :class:`~lagebild.model.Debris` with their
offsets in the text as it came out of extraction, so nothing is silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Article, Debris, PubDate
from ..pipeline import Stage, stage
from .dates import BYLINE, HEADER_PREFIX, MAX_DATE_LINE_CHARS, date_line, find_date, lead_date
from .debris import LINE_DEBRIS, MAX_BLANK_LINES, MAX_DEBRIS_LINE_CHARS, TAIL_DEBRIS
from .limits import excerpt, guard_runs

#: Default of the ``max_text_chars`` setting (kept equal to it; the stage built without settings
#: uses it). The longest article in the evaluation data (10kGNAD, Fundus, SpkAtt) has 32,600
#: characters and long-form pieces reach ~100,000; annotation costs ~0.1 ms per character (1 MB:
#: minutes), so 200,000 keeps one item within tens of seconds (bench/hostile.py).
MAX_TEXT_CHARS = 200_000
#: A text cut at ``max_text_chars`` ends at a paragraph or line break when one lies in this last
#: share of the allowed length, else at a space, else exactly at the limit.
TRUNCATE_BACKTRACK = 0.1

#: Leading lines searched for a title, date line or byline (metadata sits at the top).
HEAD_LINES = 6
#: A headline is short and has no full stop at the end.
TITLE_MIN_CHARS, TITLE_MAX_CHARS, TITLE_MAX_WORDS = 12, 200, 30
_TITLE_BAD_END = re.compile(r"[.,;:]\s*$")
#: Agencies and outlets named in a byline ("Von dpa | …") become the outlet when none is known.
BYLINE_AGENCY = re.compile(r"^(?:dpa|AFP|Reuters|AP|APA|KNA|epd|SDA|Keystone|ddp|sid|dts|Agenturen)\b", re.I)


@dataclass
class Cleaned:
    text: str
    debris: list[Debris] = field(default_factory=list)
    title: str | None = None
    published: PubDate | None = None
    byline: str | None = None


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _debris_reason(line: str) -> str | None:
    if not line.strip() or len(line) > MAX_DEBRIS_LINE_CHARS:
        return None
    for reason, pattern in LINE_DEBRIS.items():
        if pattern.match(line):
            return reason
    return None


def _reads_as_title(line: str, next_line: str | None) -> bool:
    s = line.strip()
    if not (TITLE_MIN_CHARS <= len(s) <= TITLE_MAX_CHARS) or len(s.split()) > TITLE_MAX_WORDS:
        return False
    if _TITLE_BAD_END.search(s) or next_line is None:
        return False
    return s[0].isupper() or s[0] in "„\"«»‚'"


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def clean_text(text: str, *, want_title: bool = True, known_title: str | None = None,
               original: Callable[[int], int] | None = None) -> Cleaned:
    """Classify the lines of ``text``; ``known_title`` (from metadata) is removed where the body repeats it.

    ``original`` maps offsets in ``text`` to the text debris offsets refer to (when ``text`` is
    itself a cut-down version of it, see :func:`lagebild.ingest.limits.guard_runs`)."""
    result = Cleaned(text="")
    kept: list[str] = []
    lines = _lines(text)
    head_seen = 0  # non-empty lines looked at for metadata
    blank_run: list[tuple[int, str]] = []
    at = original or (lambda pos: pos)

    def drop(pos: int, line: str, reason: str) -> None:
        result.debris.append(Debris(at(pos), at(pos + len(line)), reason, line))

    for i, (pos, line) in enumerate(lines):
        if not line.strip():
            blank_run.append((pos, line))
            continue
        if blank_run:
            if kept and len(blank_run) > MAX_BLANK_LINES:
                start = blank_run[MAX_BLANK_LINES][0]
                drop(start, text[start : pos - 1], "blank lines")
            if kept and kept[-1] != "":  # one paragraph break, also where debris stood between two
                kept.extend([""] * min(len(blank_run), MAX_BLANK_LINES))
            blank_run = []
        in_head = head_seen < HEAD_LINES and not any(k.strip() for k in kept)
        head_seen += 1
        reason = _debris_reason(line)
        if in_head and known_title and _same_words(line, known_title):
            reason = "title repeated"
        if reason:
            drop(pos, line, reason)
            continue
        if in_head:
            m = HEADER_PREFIX.match(line)
            found = find_date(line[m.end():m.end() + 40], "header") if m else None
            if m and found and found[1].start() == 0:
                cut = m.end() + found[1].end()
                drop(pos, line[:cut], "date header")
                result.published = result.published or found[0]
                line, pos = line[cut:].lstrip(), pos + cut + (len(line[cut:]) - len(line[cut:].lstrip()))
                if not line.strip():
                    continue
            bm = BYLINE.match(line) if len(line) <= MAX_DATE_LINE_CHARS + 40 else None
            if bm and (when := date_line(bm.group("rest"))):
                drop(pos, line, "byline")
                result.published = result.published or PubDate(when.value, when.granularity, "byline")
                result.byline = bm.group("who").strip()
                continue
            if (when := date_line(line)) is not None:
                drop(pos, line, "date line")
                result.published = result.published or when
                continue
            nxt = next((ln for _, ln in lines[i + 1 :] if ln.strip()), None)
            if want_title and result.title is None and _reads_as_title(line, nxt):
                drop(pos, line, "title")
                result.title = line.strip()
                continue
        tail = _tail_debris(line)
        if tail is not None:
            cut, reason = tail
            drop(pos + cut, line[cut:], reason)
            line = line[:cut].rstrip()
        kept.append(line.rstrip())
    result.text = "\n".join(kept).strip("\n")
    if result.published is None:
        result.published = lead_date(result.text)
    return result


def _tail_debris(line: str) -> tuple[int, str] | None:
    for reason, pattern in TAIL_DEBRIS.items():
        m = pattern.search(line)
        if m:
            return m.start(), reason
    return None


def outlet_from_byline(byline: str | None) -> str | None:
    if not byline:
        return None
    m = BYLINE_AGENCY.match(byline)
    return m.group(0) if m else None


def truncate(text: str, max_chars: int) -> tuple[str, Debris | None]:
    """``text`` cut to at most ``max_chars`` characters, at a paragraph, line or word break near
    the limit; the removed tail becomes one debris record (with an excerpt of it)."""
    if len(text) <= max_chars:
        return text, None
    floor = int(max_chars * (1 - TRUNCATE_BACKTRACK))
    cut = text.rfind("\n\n", floor, max_chars)
    if cut < 0:
        cut = text.rfind("\n", floor, max_chars)
    if cut < 0:
        cut = text.rfind(" ", floor, max_chars)
    if cut < 0:
        cut = max_chars
    return text[:cut], Debris(cut, len(text), "text over max_text_chars", excerpt(text[cut:]))


def make_clean_stage(max_text_chars: int = MAX_TEXT_CHARS) -> Stage:
    """The clean stage for a ``max_text_chars`` setting.

    Before the lines are classified, the text is cut to ``max_text_chars`` and runs whose
    annotation cost grows with the square of their length are cut
    (:func:`lagebild.ingest.limits.guard_runs`); both are debris with offsets in the extracted
    text and a warning, so every later stage is linear in a bounded text."""

    @stage("clean", requires=["text"], assigns=["text", "debris", "title", "published", "outlet"])
    def clean(article: Article) -> Article:
        warnings = article.source.warnings
        text, cut = truncate(article.text, max_text_chars)
        if cut is not None:
            warnings.append(f"text cut to {len(text)} of {cut.end} characters (setting max_text_chars)")
            article.debris.append(cut)
        guarded = guard_runs(text)
        if guarded.debris:
            reasons = sorted({d.reason for d in guarded.debris})
            warnings.append(f"{len(guarded.debris)} pathological run(s) cut ({', '.join(reasons)}: "
                            f"{sum(d.end - d.start for d in guarded.debris)} characters, see debris)")
            article.debris.extend(guarded.debris)
        cleaned = clean_text(guarded.text, want_title=article.title is None and article.raw_kind == "text",
                             known_title=article.title, original=guarded.original)
        article.text = cleaned.text
        article.debris.extend(cleaned.debris)
        article.title = article.title or cleaned.title
        if article.published is None:
            article.published = cleaned.published
        if cleaned.byline:
            article.meta["byline"] = cleaned.byline
            article.outlet = article.outlet or outlet_from_byline(cleaned.byline)
        return article

    return clean


#: The clean stage with the default ``max_text_chars``.
clean_stage = make_clean_stage()
