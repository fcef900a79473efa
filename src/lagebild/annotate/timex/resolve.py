"""Normalisation: from a rule match to a TIMEX3 type, value and mod. Shared by every language.

The reference time is the document creation time (DCT) for news and the last mentioned date
for narratives (history texts). Expressions that point along the text ("drei Tage später",
"am folgenden Tag") always use the last mentioned date. Weekdays and year-less months are
resolved with the tense of their clause: past reporting looks back, future looks ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .calendar import SEASON_MONTH, Point, duration_value, format_point, shift, weekday_near
from .grammar import Language, Rule

#: How far back (characters) an explicitly dated mention still lends its year to a year-less
#: date in news ("am 25. April 2019 … am 26. April"): about two sentences; further away the
#: publication date is the safer reference.
ANCHOR_WINDOW = 300
#: In narratives, a bare year further than this from the running date is taken as a side
#: reference ("der Vertrag von 1856") and does not move the anchor; history articles advance a
#: few years at a time.
NARRATIVE_YEAR_JUMP = 3
#: How many months a year-less month must lie beyond the DCT's month, against the tense, before
#: it is moved into the previous or next year ("im September" in June past tense = last year).
MIN_MONTHS_FOR_YEAR_SHIFT = 2
#: Characters looked at around an expression when searching its clause for tense markers.
TENSE_WINDOW = 160
_SENTENCE_END = re.compile(r"[.!?]\s+(?=\W*[A-ZÄÖÜ0-9])|\n\s*\n")
#: Granularities finer than a month that a coarse DCT cannot support.
_DAYISH = ("week", "weekend", "day", "daypart", "hour", "minute")


@dataclass
class Result:
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None  # "dct", "text" or None (absolute)
    point: Point | None = None
    explicit: bool = False  # carries its own year: may anchor later year-less dates


class Context:
    """Per-document state: language, reference times and the last mentioned date."""

    def __init__(self, text: str, lang: Language, dct: Point | None, narrative: bool) -> None:
        self.text = text
        self.lang = lang
        self.dct = dct
        self.narrative = narrative
        self.last: Point | None = None
        self.last_explicit: tuple[int, Point] | None = None

    # -- reference times -------------------------------------------------------------------
    def ref(self, prefer_text: bool = False) -> tuple[Point, str] | None:
        if (prefer_text or self.narrative) and self.last is not None:
            return self.last, "text"
        if self.dct is not None:
            return self.dct, "dct"
        if self.last is not None:
            return self.last, "text"
        return None

    def note(self, res: Result, start: int) -> None:
        p = res.point
        if p is None or res.type not in ("DATE", "TIME") or p.gran in ("decade", "century"):
            return
        last = self.last
        if (self.narrative and p.gran == "year" and last is not None and last.gran != "year"
                and abs(p.day.year - last.day.year) > NARRATIVE_YEAR_JUMP):
            return  # a year far off the running timeline is a side reference, not a new anchor
        self.last = p
        if res.explicit:
            self.last_explicit = (start, p)

    # -- tense -----------------------------------------------------------------------------
    def tense(self, start: int, end: int) -> str | None:
        lang, text = self.lang, self.text
        before = text[max(0, start - 24):start]
        if lang.future_hint.search(before):
            return "future"
        if lang.past_hint.search(before):
            return "past"
        lo, hi = max(0, start - TENSE_WINDOW), min(len(text), end + TENSE_WINDOW)
        left = text[lo:start]
        cuts = list(lang.clause_break.finditer(left))
        cs = lo + cuts[-1].end() if cuts else lo
        m = lang.clause_break.search(text, end, hi)
        ce = m.start() if m else hi
        sents = list(_SENTENCE_END.finditer(left))
        ss = lo + sents[-1].end() if sents else lo
        m = _SENTENCE_END.search(text, end, hi)
        se = m.start() + 1 if m else hi
        for a, b in ((cs, ce), (ss, se)):
            t = self._markers(a, start, end, b)
            if t:
                return t
        return None

    def _markers(self, a: int, start: int, end: int, b: int) -> str | None:
        best: tuple[int, str] | None = None
        for rx, label in ((self.lang.future, "future"), (self.lang.past, "past")):
            for seg_lo, seg_hi in ((a, start), (end, b)):
                for m in rx.finditer(self.text, seg_lo, seg_hi):
                    dist = start - m.end() if m.end() <= start else m.start() - end
                    if best is None or dist < best[0]:
                        best = (dist, label)
        return best[1] if best else None

    # -- year of a year-less date ----------------------------------------------------------
    def year_for(self, start: int, end: int, month: int, day: int) -> tuple[int, str] | None:
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
        elif tense == "future" and here < ref and d.month - month >= MIN_MONTHS_FOR_YEAR_SHIFT:
            year += 1
        return year, "dct"


def _num(lang: Language, s: str | None) -> float | None:
    """A number from digits ("70", "1,5") or a number word; ``None`` for vague quantities."""
    if s is None:
        return 1.0
    s = s.strip()
    if s.endswith("1/2") and s[:-3].strip().isdigit():
        return float(s[:-3]) + 0.5
    if s.replace(",", "").replace(".", "").isdigit():
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    v = lang.lookup("NUMBERS", s)
    return None if v is None or v == "X" else float(v)


def _mod(lang: Language, m: re.Match[str], rule: Rule) -> str | None:
    gd = m.groupdict()
    return lang.lookup("MODIFIERS", gd.get("mod")) or rule.params.get("mod")


def _explicit_year(lang: Language, gd: dict[str, str | None], ctx: Context) -> int | None:
    y = gd.get("year")
    if y:
        return int(y)
    y2 = gd.get("year2")
    if y2:
        base = ctx.dct.day.year if ctx.dct else 2000
        yy = (base // 100) * 100 + int(y2)
        return yy - 100 if yy > base + 10 else yy
    return None


def _cut(p: Point, ctx: Context, anchor: str) -> Point:
    """Day-level results from a month- or year-level DCT are cut to what the DCT can support."""
    if anchor == "dct" and ctx.dct is not None and ctx.dct.gran in ("year", "month"):
        return p.coarsen(ctx.dct.gran)
    return p


def _weekday(ctx: Context, wd: int, start: int, end: int, rel: int | None) -> Result | None:
    r = ctx.ref()
    if r is None:
        return Result("DATE", f"XXXX-WXX-{wd}")
    ref, anchor = r
    if ref.gran not in _DAYISH:
        return Result("DATE", format_point(ref), anchor=anchor, point=ref)
    if rel is not None:
        direction = {-1: "past", 1: "future"}.get(rel, "near")
        d = weekday_near(ref.day, wd, direction)
        if rel and d == ref.day:
            d = shift(Point(d, "day"), 7 * rel, "day").day
    else:
        tense = ctx.tense(start, end) if anchor == "dct" else "future"
        d = weekday_near(ref.day, wd, tense or "near")
    p = Point(d, "day")
    return Result("DATE", format_point(p), anchor=anchor, point=p)


def _date(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    mod = _mod(lang, m, rule)
    bc = bool(gd.get("bc"))
    if gd.get("century"):
        c = int(_num(lang, gd["century"]) or 0)
        if not 1 <= c <= 30:
            return None
        p = Point(date(max(1, (c - 1) * 100), 1, 1), "century", bc=bc)
        val = f"BC{c - 1:02d}" if bc else f"{c - 1:02d}"
        return Result("DATE", val, mod, point=None if bc else p)
    if gd.get("decade"):
        s = gd["decade"]
        dec = int(s) if s.isdigit() else lang.lookup("DECADES", s)
        if dec is None:
            return None
        if dec < 100:
            base = ctx.dct.day.year if ctx.dct else 2000
            dec = (base // 100) * 100 + dec
            if dec > base:
                dec -= 100
        if dec % 10 or not 100 <= dec <= 2090:
            return None
        p = Point(date(dec, 1, 1), "decade")
        return Result("DATE", format_point(p), mod, point=p, explicit=True)
    year = _explicit_year(lang, gd, ctx)
    month = gd.get("month")
    mon = (int(month) if month.isdigit() else lang.lookup("MONTHS", month)) if month else None
    day = int(gd["day"]) if gd.get("day") else None
    season = lang.lookup("SEASONS", gd.get("season"))
    quarter = lang.lookup("ORDINALS", gd.get("quarter")) if gd.get("quarter") else None
    half = lang.lookup("ORDINALS", gd.get("half")) if gd.get("half") else None
    if mon is not None and not 1 <= mon <= 12 or day is not None and not 1 <= day <= 31:
        return None
    if quarter is not None and not 1 <= quarter <= 4 or half is not None and half not in (1, 2):
        return None
    wd = lang.lookup("WEEKDAYS", gd.get("weekday"))
    if year is None and mon is None and season is None and quarter is None and half is None:
        if wd is not None:
            res = _weekday(ctx, wd, start, end, None)
            part = lang.lookup("DAYPARTS", gd.get("daypart") or gd.get("daypart2"))
            if res and res.point is not None and part and res.point.gran == "day":
                res.point = replace(res.point, gran="daypart", part=part)
                res.type, res.value = "TIME", format_point(res.point)
            if res and mod:
                res.mod = mod
            return res
        if gd.get("rel") is None:
            return None
    anchor: str | None = None
    explicit = year is not None
    if year is None:
        relv = lang.lookup("RELATIVE", gd.get("rel")) if gd.get("rel") else None
        if relv is not None:
            r = ctx.ref(prefer_text=isinstance(relv, str))
            if r is None:
                return None
            year = r[0].day.year + (int(relv[4:]) if isinstance(relv, str) else relv)
            anchor = r[1]
        else:
            if season is not None:
                sm = SEASON_MONTH[season]
            elif quarter is not None:
                sm = 3 * quarter - 2
            elif half is not None:
                sm = 6 * half - 5
            else:
                sm = mon or 1
            yr = ctx.year_for(start, end, sm, day or 0)
            if yr is None:
                return Result("DATE", _xxxx(mon, day), mod)
            year, anchor = yr
    if bc:
        return Result("DATE", f"BC{year:04d}", mod)
    if not 1 <= year <= 9999:
        return None
    try:
        if day is not None and mon is not None:
            p = Point(date(year, mon, day), "day")
        elif mon is not None:
            p = Point(date(year, mon, 1), "month")
        elif season is not None:
            p = Point(date(year, SEASON_MONTH[season], 1), "season", season=season)
        elif quarter is not None:
            p = Point(date(year, 3 * quarter - 2, 1), "quarter")
        elif half is not None:
            p = Point(date(year, 6 * half - 5, 1), "half")
        else:
            p = Point(date(year, 1, 1), "year")
    except ValueError:
        return None
    typ = "DATE"
    if gd.get("hour") is not None:
        p, typ = _clock(p, gd), "TIME"
    elif gd.get("daypart"):
        part = lang.lookup("DAYPARTS", gd["daypart"])
        if part and p.gran == "day":
            p, typ = replace(p, gran="daypart", part=part), "TIME"
    return Result(typ, format_point(p), mod, anchor, p, explicit)


def _xxxx(mon: int | None, day: int | None) -> str:
    if mon is None:
        return "XXXX"
    return f"XXXX-{mon:02d}" + (f"-{day:02d}" if day else "")


def _clock(p: Point, gd: dict[str, str | None]) -> Point:
    h = int(gd["hour"] or 0)
    mi = int(gd.get("minute") or 0)
    return replace(p, gran="minute", hour=h, minute=mi)


def _relative(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    relv: Any = rule.params.get("rel")
    if relv is None:
        relv = lang.lookup("RELATIVE", gd.get("rel"))
    if relv is None:
        return None
    text_anchored = isinstance(relv, str)
    n = int(relv[4:]) if text_anchored else int(relv)
    mod = _mod(lang, m, rule)
    wd = lang.lookup("WEEKDAYS", gd.get("weekday"))
    r = ctx.ref(prefer_text=text_anchored)
    if r is None:
        return None
    ref, anchor = r
    if wd is not None:
        res = _weekday(ctx, wd, start, end, n)
        if res:
            res.mod = mod
        return res
    unit = rule.params.get("unit") or lang.lookup("UNITS", gd.get("unit"))
    season = lang.lookup("SEASONS", gd.get("season"))
    month = lang.lookup("MONTHS", gd.get("month"))
    if season is not None or month is not None:
        sm = SEASON_MONTH[season] if season else month
        year = ref.day.year
        if n < 0 and sm >= ref.day.month:
            year -= 1
        elif n > 0 and sm <= ref.day.month:
            year += 1
        p = Point(date(year, sm, 1), "season" if season else "month", season=season or "")
        return Result("DATE", format_point(p), mod, anchor, p)
    if unit is None or unit in ("hour", "minute", "second"):
        return None
    p = shift(ref, n, unit)
    p = replace(p, gran=unit).coarsen(unit)
    if ref.gran in ("year", "month") and _rank_finer(unit, ref.gran):
        p = p.coarsen(ref.gran)
    p = _cut(p, ctx, anchor)
    return Result("DATE", format_point(p), mod, anchor, p)


def _rank_finer(a: str, b: str) -> bool:
    from .calendar import RANK

    return RANK[a] > RANK[b]


def _offset(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    unit = lang.lookup("UNITS", gd.get("unit"))
    amount = _num(lang, gd.get("num"))
    if rule.params.get("months"):
        unit, amount = "month", float(rule.params["months"])
    if unit is None:
        return None
    sign = int(rule.params.get("sign", -1))
    if amount is None:
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", anchor=None)
    r = ctx.ref(prefer_text=rule.params.get("anchor") == "text")
    if r is None:
        return Result("DURATION", duration_value(amount, unit))
    ref, anchor = r
    if unit in ("hour", "minute", "second"):
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", anchor=anchor)
    if amount != int(amount):
        return None
    p = shift(ref, sign * int(amount), unit)
    gran = unit if unit not in ("decade", "century") else "year"
    if anchor == "dct" or not _rank_finer(ref.gran, gran):
        p = replace(p, gran=gran)  # "vor drei Jahren": a year; "drei Tage später": the anchor's
    p = _cut(p, ctx, anchor)
    return Result("DATE", format_point(p), _mod(lang, m, rule), anchor, p)


def _duration(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    unit = rule.params.get("unit") or lang.lookup("UNITS", gd.get("unit"))
    if unit is None:
        return None
    amount = _num(lang, gd.get("num"))
    if gd.get("half") and amount is not None:
        amount += 0.5
    if rule.params.get("vague") and gd.get("num") is None:
        amount = None
    if amount is not None and (amount <= 0 or amount > 10000):
        return None
    return Result("DURATION", duration_value(amount, unit), _mod(lang, m, rule))


def _ref(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    entry = rule.params.get("value")
    if entry is None:
        entry = lang.lookup("REFS", gd.get("ref"))
    if entry is None:
        return None
    if isinstance(entry, str):
        return Result("DATE", entry, _mod(lang, m, rule))
    if ctx.narrative and entry == 0 and not gd.get("daypart"):
        return Result("DATE", "PRESENT_REF", anchor="text")
    r = ctx.ref()
    if r is None:
        return None
    ref, anchor = r
    p = shift(ref, int(entry), "day")
    if ref.gran in _DAYISH:
        p = replace(p, gran="day")
    typ = "DATE"
    part = lang.lookup("DAYPARTS", gd.get("daypart")) or rule.params.get("part")
    if part and p.gran == "day":
        p, typ = replace(p, gran="daypart", part=part), "TIME"
    p = _cut(p, ctx, anchor)
    return Result(typ, format_point(p), _mod(lang, m, rule), anchor, p)


def _time(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    gd = m.groupdict()
    h = int(gd.get("hour") or rule.params.get("hour", 0))
    if gd.get("ampm"):
        pm = gd["ampm"].lower().startswith("p")
        h = h % 12 + (12 if pm else 0)
    mi = int(gd.get("minute") or 0)
    if not (0 <= h <= 24 and 0 <= mi <= 59):
        return None
    part = ctx.lang.lookup("DAYPARTS", gd.get("daypart"))
    if part and h < 12 and part in ("AF", "EV", "NI") and not (part == "NI" and h < 6):
        h += 12
    r = ctx.ref()
    if r is None or r[0].gran not in _DAYISH:
        return Result("TIME", f"XXXX-XX-XXT{h:02d}:{mi:02d}", anchor=r[1] if r else None)
    p = Point(r[0].day, "minute", hour=h, minute=mi)
    return Result("TIME", format_point(p), anchor=r[1], point=p)


def _daypart(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    part = rule.params.get("part") or ctx.lang.lookup("DAYPARTS", m.groupdict().get("daypart"))
    r = ctx.ref()
    if part is None or r is None or r[0].gran not in _DAYISH:
        return None
    p = Point(r[0].day, "daypart", part=part)
    return Result("TIME", format_point(p), anchor=r[1], point=p)


def _set(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    if rule.params.get("value"):
        return Result("SET", rule.params["value"])
    word = lang.lookup("SETWORDS", gd.get("setword"))
    if word is not None:
        return Result("SET", word)
    wd = lang.lookup("WEEKDAYS", gd.get("weekday"))
    if wd is not None:
        return Result("SET", f"XXXX-WXX-{wd}")
    unit = lang.lookup("UNITS", gd.get("unit"))
    if unit is None:
        return None
    amount = _num(lang, gd.get("num")) if gd.get("num") else 1.0
    return Result("SET", duration_value(amount, unit))


def _vague(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    relv = lang.lookup("RELATIVE", gd.get("rel"))
    unit = lang.lookup("UNITS", gd.get("unit"))
    if gd.get("num") and unit:
        amount = _num(lang, gd["num"])
        return Result("DURATION", duration_value(amount, unit), _mod(lang, m, rule))
    if isinstance(relv, str) and unit:  # "in den folgenden Jahren": from the last date on
        return Result("DURATION", duration_value(None, unit), anchor="text")
    if relv is None:
        return Result("DATE", rule.params.get("value", "PRESENT_REF"))
    return Result("DATE", "FUTURE_REF" if relv > 0 else "PAST_REF" if relv < 0 else "PRESENT_REF")


def _anchored(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    """The unit containing the last mentioned date: "am selben Tag", "im gleichen Jahr"."""
    unit = rule.params.get("unit") or ctx.lang.lookup("UNITS", m.groupdict().get("unit"))
    r = ctx.ref(prefer_text=True)
    if unit is None or r is None or r[1] != "text":
        return None
    p = r[0]
    if _rank_finer(p.gran, unit):
        p = replace(p, gran=unit)
    return Result("DATE", format_point(p), _mod(ctx.lang, m, rule), "text", p)


NORMALISERS = {
    "date": _date, "relative": _relative, "offset": _offset, "duration": _duration, "ref": _ref,
    "time": _time, "daypart": _daypart, "set": _set, "vague": _vague, "anchored": _anchored,
}


def normalise(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    res = NORMALISERS[rule.kind](ctx, rule, m, start, end)
    if res is not None and rule.type != "DATE" and res.type == "DATE" and rule.kind == "date":
        res.type = rule.type
    return res
