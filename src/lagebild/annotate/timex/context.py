"""Per-document reference state shared by every normaliser: the DCT, the running date of the
text, tense of a clause, and small helpers (numbers, modifiers, cutting to the DCT's granularity).

The reference time is the document creation time (DCT) for news and the running date for
narratives (history texts). Expressions that point along the text ("drei Tage später", "am
folgenden Tag") always use the running date. In narratives the running date moves with dated
mentions that are "current" in the discourse: side references (in parentheses, after "seit",
"bis", "geboren", "der Vertrag von") and looks back to an earlier year ("im Vorjahr") leave it
where it is; a span of years moves it to its first year. Weekdays and year-less months are
resolved with the tense of their clause: past reporting looks back, future looks ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .calendar import RANK, Point
from .grammar import Language, Rule

#: How far back (characters) an explicitly dated mention still lends its year to a year-less
#: date in news ("am 25. April 2019 … am 26. April"): about a sentence; further away the
#: publication date is the safer reference (background dates of other years are common).
ANCHOR_WINDOW = 150
#: In narratives, a bare year further than this from the running date is taken as a side
#: reference ("der Vertrag von 1856") and does not move the anchor; history articles advance a
#: few years at a time.
NARRATIVE_YEAR_JUMP = 3
#: How many months a year-less month must lie beyond the DCT's month, against the tense, before
#: it is moved into the previous or next year ("im September" in June past tense = last year).
MIN_MONTHS_FOR_YEAR_SHIFT = 2
#: A year-less month (not a quarter, half or season) in a clause without tense is taken in the
#: year that puts it nearest the DCT: more than this many months from the DCT's month, it moves
#: to the neighbouring year.
NEAREST_MONTHS = 6
#: Characters looked at around an expression when searching its clause for tense markers.
TENSE_WINDOW = 160
#: How far back (characters) a mentioned day lends itself to a bare clock time in news: about a
#: sentence ("Die Rakete hob am 24. März um genau 22:30 Uhr ab").
CLOCK_WINDOW = 120
#: How far back (characters) a named quarter sets the granularity of "a year ago" / "the
#: year-earlier period" in a report: a few paragraphs of a quarterly-results story.
QUARTER_WINDOW = 1500
#: Characters looked back from a dated mention for an open parenthesis or a side-reference word.
ASIDE_WINDOW = 60
#: Granularities finer than a month that a coarse DCT cannot support.
DAYISH = ("week", "weekend", "day", "daypart", "hour", "minute")


@dataclass
class Result:
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None  # "dct", "text" or None (absolute)
    point: Point | None = None
    explicit: bool = False  # carries its own year: may anchor later year-less dates
    date: str | None = None  # the day an anchored duration points to ("three days later")


class Groups:
    """A stand-in for a match object holding given groups (range halves, the day of a clock
    time)."""

    def __init__(self, groups: dict[str, Any]) -> None:
        self._g = groups

    def groupdict(self) -> dict[str, Any]:
        return self._g


class Context:
    """Per-document state: language, reference times and the last mentioned date."""

    def __init__(self, text: str, lang: Language, dct: Point | None, narrative: bool) -> None:
        self.text = text
        self.lang = lang
        self.dct = dct
        self.narrative = narrative
        self.last: Point | None = None
        self.last_explicit: tuple[int, Point] | None = None
        self.last_quarter: tuple[int, Point] | None = None  # reports compare quarters
        self.last_pos = -1  # where self.last was mentioned
        self.last_end = -1
        self.last_day: Point | None = None  # the last day-level date of the text

    # -- reference times -------------------------------------------------------------------
    def ref(self, prefer_text: bool = False) -> tuple[Point, str] | None:
        if (prefer_text or self.narrative) and self.last is not None:
            return self.last, "text"
        if self.dct is not None:
            return self.dct, "dct"
        if self.last is not None:
            return self.last, "text"
        return None

    def note(self, res: Result, start: int, end: int | None = None) -> None:
        p = res.point
        if p is None or res.type not in ("DATE", "TIME", "DURATION") \
                or p.gran in ("decade", "century"):
            return
        if p.gran == "quarter" and res.anchor != "text":  # named, not derived from another
            self.last_quarter = (start, p)
        if self.narrative and res.explicit and self.aside(start, start if end is None else end):
            return  # "seit 1939", "(1890–1970)", "der Vertrag von 1856": not the running date
        last = self.last
        if (self.narrative and not res.explicit and last is not None
                and _year_key(p) < _year_key(last)):
            return  # "im Vorjahr", "zwei Jahre zuvor": a look back, the story stays where it is
        if (self.narrative and p.gran == "year" and last is not None and last.gran != "year"
                and abs(p.day.year - last.day.year) > NARRATIVE_YEAR_JUMP):
            return  # a year far off the running timeline is a side reference, not a new anchor
        self.last, self.last_pos = p, start
        if p.gran in ("day", "daypart", "minute") and not p.bc:
            self.last_day = Point(p.day, "day")
        self.last_end = start if end is None else end
        if res.explicit:
            self.last_explicit = (start, p)

    def day_near(self, start: int, window: int = 0) -> Point | None:
        """A day mentioned just before (same sentence or so): "am 24. März um 22:30 Uhr"."""
        p = self.last
        if p is None or p.gran not in ("day", "daypart", "minute") or start - self.last_pos \
                > (window or CLOCK_WINDOW):
            return None
        return p

    def quarter_near(self, start: int) -> Point | None:
        """The quarter a business report is talking about, if one was named shortly before."""
        lq = self.last_quarter
        return lq[1] if lq is not None and start - lq[0] <= QUARTER_WINDOW else None

    def aside(self, start: int, end: int) -> bool:
        """Whether a dated mention is a side reference rather than the text's current date.

        Side references sit in parentheses, or follow a word that points away from the running
        time ("seit", "bis", "geboren", "der Vertrag von"); "vom 3. Mai 1940 bis …" opens a
        range and still counts.
        """
        text = self.text
        left = text[max(0, start - ASIDE_WINDOW):start]
        opened = left.rfind("(")
        if opened != -1 and left.rfind(")") < opened:
            return True
        if not self.lang.aside_before.search(left):
            return False
        return not self.lang.range_after.match(text, end)

    # -- tense -----------------------------------------------------------------------------
    def tense(self, start: int, end: int) -> str | None:
        lang, text = self.lang, self.text
        before = text[max(0, start - 24):start]
        if lang.past_tail.match(text, end):
            return "past"  # "Wednesday's ruling": an event already known
        hint = "future" if lang.future_hint.search(before) else \
            "past" if lang.past_hint.search(before) else None
        if hint == "past":
            return hint
        lo, hi = max(0, start - TENSE_WINDOW), min(len(text), end + TENSE_WINDOW)
        left = text[lo:start]
        cuts = list(lang.clause_break.finditer(left))
        cs = lo + cuts[-1].end() if cuts else lo
        m = lang.clause_break.search(text, end, hi)
        ce = m.start() if m else hi
        sents = list(lang.sentence_end.finditer(left))
        ss = lo + sents[-1].end() if sents else lo
        m = lang.sentence_end.search(text, end, hi)
        se = m.start() + 1 if m else hi
        if hint == "future":
            # "bis Freitag", "by Wednesday": ahead, unless the clause is in a past perfect
            # ("had filed reports by Wednesday")
            return "past" if lang.perfect.search(text, cs, se) else hint
        for a, b in ((cs, ce), (ss, se)):
            t = self._markers(a, start, end, b)
            if t:
                return t
        return None

    def _markers(self, a: int, start: int, end: int, b: int) -> str | None:
        # A future auxiliary before the expression governs the participles after it ("will be
        # paid Dec. 14", "soll am Mittwoch unterzeichnet werden").
        if self.lang.future.search(self.text, a, start):
            return "future"
        best: tuple[int, str] | None = None
        for rx, label in ((self.lang.future, "future"), (self.lang.past, "past")):
            for seg_lo, seg_hi in ((a, start), (end, b)):
                for m in rx.finditer(self.text, seg_lo, seg_hi):
                    dist = start - m.end() if m.end() <= start else m.start() - end
                    if best is None or dist < best[0]:
                        best = (dist, label)
        return best[1] if best else None

    # -- year of a year-less date ----------------------------------------------------------
    def year_for(self, start: int, end: int, month: int, day: int,
                 last_month: int | None = None) -> tuple[int, str] | None:
        """The year of a year-less date starting in ``month`` (and ending in ``last_month``, for
        quarters, halves and seasons): the running date's in narratives, a nearby explicit
        date's, else the DCT's moved by the clause's tense."""
        if self.narrative and self.last is not None:
            return self.last.day.year, "text"
        le = self.last_explicit
        if le is not None and start - le[0] <= ANCHOR_WINDOW and le[1].gran in ("month", "day") \
                and (month, day) >= (le[1].day.month, le[1].day.day if le[1].gran == "day" else 0):
            return le[1].day.year, "text"  # "am 25. April 2019 … am 26. April"
        if self.dct is None:
            return (self.last.day.year, "text") if self.last is not None else None
        d = self.dct.day
        year = d.year
        if self.dct.gran == "year":
            return year, "dct"
        tense = self.tense(start, end)
        here, ref = (month, day or 1), (d.month, d.day if self.dct.gran != "month" else 1)
        # A different year only when the month is clearly on the other side of the DCT: reports
        # of "the 14th" near the DCT's month are more often late than a year away.
        if tense == "past" and here > ref and month - d.month >= MIN_MONTHS_FOR_YEAR_SHIFT:
            year -= 1
        elif tense == "future" and here < ref \
                and d.month - (last_month or month) >= MIN_MONTHS_FOR_YEAR_SHIFT:
            year += 1
        elif tense is None and last_month in (None, month) and abs(month - d.month) > NEAREST_MONTHS:
            # no tense to go by: the occurrence nearer the DCT ("the summit in April" in December)
            year += 1 if month < d.month else -1
        return year, "dct"


def _year_key(p: Point) -> int:
    """A year for comparing points in time order (BC years count down)."""
    return -p.day.year if p.bc else p.day.year


def parse_number(lang: Language, s: str | None) -> float | None:
    """A number from digits ("70", "1,5") or a number word; ``None`` for vague quantities."""
    if s is None:
        return 1.0
    s = s.strip()
    if s.lower().endswith(" and a half"):  # "two and a half"
        base = parse_number(lang, s[:-11])
        return None if base is None else base + 0.5
    if s.endswith("1/2") and s[:-3].strip().isdigit():
        return float(s[:-3]) + 0.5
    if s.replace(",", "").replace(".", "").isdigit():
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    v = lang.lookup("NUMBERS", s)
    return None if v is None or v == "X" else float(v)


def match_mod(lang: Language, m: re.Match[str], rule: Rule) -> str | None:
    gd = m.groupdict()
    return lang.lookup("MODIFIERS", gd.get("mod")) or rule.params.get("mod")


def explicit_year(lang: Language, gd: dict[str, str | None], ctx: Context) -> int | None:
    y = gd.get("year") or gd.get("year_bc")
    if y:
        return int(y)
    spoken = gd.get("yearwords")
    if spoken:  # "nineteen ninety-six" = 19 * 100 + 96, "two thousand and one"
        words = [w for w in re.split(r"[-\s]+", spoken.lower()) if w != "and"]
        if words[:2] == ["two", "thousand"]:
            return 2000 + sum(int(lang.lookup("NUMBERS", w) or 0) for w in words[2:])
        rest = sum(int(lang.lookup("NUMBERS", w) or 0) for w in words[1:] if w != "hundred")
        return int(lang.lookup("NUMBERS", words[0]) or 0) * 100 + rest
    y2 = gd.get("year2")
    if y2:
        base = ctx.dct.day.year if ctx.dct else 2000
        yy = (base // 100) * 100 + int(y2)
        return yy - 100 if yy > base + 10 else yy
    return None


def cut_to_anchor(p: Point, ctx: Context, anchor: str) -> Point:
    """Day-level results from a month- or year-level DCT are cut to what the DCT can support."""
    if anchor == "dct" and ctx.dct is not None and ctx.dct.gran in ("year", "month"):
        return p.coarsen(ctx.dct.gran)
    return p


def rank_finer(a: str, b: str) -> bool:
    return RANK[a] > RANK[b]
