"""Point normalisers: explicit and year-less calendar dates, clock times, day parts, durations
and sets. Shared by every language.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta

from .calendar import SEASON_MONTH, Point, duration_value, format_point, holiday
from .context import DAYISH, Context, Groups, Result, explicit_year, match_mod, parse_number
from .grammar import Rule
from .relative import norm_ref, resolve_weekday


def norm_date(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    mod = match_mod(lang, m, rule)
    bc = bool(gd.get("bc"))
    if gd.get("century"):
        c = int(parse_number(lang, gd["century"]) or 0)
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
    year = explicit_year(lang, gd, ctx)
    if rule.params.get("bc_context"):  # a short year counts only inside a BC narrative
        if not (ctx.narrative and ctx.last is not None and ctx.last.bc):
            return None
        bc = True
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
            res = resolve_weekday(ctx, wd, start, end, None)
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
            delta = int(relv[4:]) if isinstance(relv, str) else relv
            year = r[0].day.year + (-delta if r[0].bc else delta)  # BC years count down
            anchor, bc = r[1], r[0].bc
        else:
            if season is not None:
                sm = SEASON_MONTH[season]
            elif quarter is not None:
                sm = 3 * quarter - 2
            elif half is not None:
                sm = 6 * half - 5
            else:
                sm = mon or 1
            span = 2 if season is not None or quarter is not None else 5 if half else 0
            yr = ctx.year_for(start, end, sm, day or 0, sm + span)
            if yr is None:
                return Result("DATE", _xxxx(mon, day), mod)
            year, anchor = yr
            bc = anchor == "text" and ctx.last is not None and ctx.last.bc
            if wd is not None and day is not None and mon is not None:
                year = _year_of_weekday(year, mon, day, wd)
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
    if bc:
        p = replace(p, bc=True)
    if rule.params.get("gran") and p.gran == "day":  # "the week of March 6"
        p = replace(p, gran=rule.params["gran"])
    typ = "DATE"
    if gd.get("hour") is not None:
        p, typ = _clock(p, gd), "TIME"
        return Result(typ, format_point(p) + _zone(ctx, gd), mod, anchor, p, explicit)
    if gd.get("daypart") or gd.get("daypart2"):  # "am Morgen des 6. Juni", "17. Juli morgens"
        part = lang.lookup("DAYPARTS", gd.get("daypart") or gd.get("daypart2"))
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

def norm_duration(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    unit = rule.params.get("unit") or lang.lookup("UNITS", gd.get("unit"))
    if unit is None:
        return None
    amount = parse_number(lang, gd.get("num"))
    if gd.get("half") and amount is not None:
        amount += 0.5
    if rule.params.get("vague") and gd.get("num") is None:
        amount = None
    if amount is not None and (amount <= 0 or amount > 10000):
        return None
    if unit in ("decade", "century") and getattr(lang.data, "LONG_DURATIONS_IN_YEARS", False):
        amount, unit = (None if amount is None else amount * (10 if unit == "decade" else 100),
                        "year")
    return Result("DURATION", duration_value(amount, unit), match_mod(lang, m, rule))


def _hour_minute(ctx: Context, rule: Rule, gd: dict[str, str | None]) -> tuple[int, int] | None:
    """The clock of a match: digits with a.m./p.m. or a day part, or a clock word ("noon")."""
    word = ctx.lang.lookup("CLOCKWORDS", gd.get("clock")) if gd.get("clock") else None
    hour = gd.get("hour")
    if word is None and hour is not None and not hour.isdigit():  # "four o'clock"
        num = parse_number(ctx.lang, hour)
        if num is None or num != int(num):
            return None
        hour = str(int(num))
    h = int(word if word is not None else hour or rule.params.get("hour", 0))
    ampm = gd.get("ampm")
    if ampm:
        pm = ampm.lower().startswith("p")
        h = h % 12 + (12 if pm else 0)
    mi = int(gd.get("minute") or gd.get("minute2") or 0)  # "13:30 Uhr", "4 Uhr 45"
    if not (0 <= h <= 24 and 0 <= mi <= 59):
        return None
    part = ctx.lang.lookup("DAYPARTS", gd.get("daypart"))
    if part and h < 12 and part in ("AF", "EV", "NI") and not (part == "NI" and h < 6):
        h += 12
    return h, mi


def norm_time(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    gd = m.groupdict()
    hm = _hour_minute(ctx, rule, gd)
    if hm is None:
        return None
    h, mi = hm
    near = ctx.day_near(start)
    r = (near, "text") if near is not None else ctx.ref()
    tz = _zone(ctx, gd)
    if r is None or r[0].gran not in DAYISH:
        return Result("TIME", f"XXXX-XX-XXT{h:02d}:{mi:02d}{tz}", anchor=r[1] if r else None)
    p = Point(r[0].day, "minute", hour=h, minute=mi)
    return Result("TIME", format_point(p) + tz, anchor=r[1], point=p)


def norm_clock_day(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int
               ) -> Result | None:
    """A clock time followed by its day ("10 p.m. Wednesday", "noon yesterday", "5 p.m. EST
    Nov. 9", "12 Uhr am Freitag"): the day is resolved as on its own, the time put on it."""
    gd = m.groupdict()
    hm = _hour_minute(ctx, rule, gd)
    if hm is None:
        return None
    lang = ctx.lang
    wd = lang.lookup("WEEKDAYS", gd.get("weekday"))
    day: Result | None
    if wd is not None:
        day = resolve_weekday(ctx, wd, start, end, None)
    elif gd.get("ref"):
        day = norm_ref(ctx, Rule(rule.name, "", "ref"), Groups({"ref": gd["ref"]}), start, end)  # type: ignore[arg-type]
    else:
        day = norm_date(ctx, Rule(rule.name, "", "date"), Groups(  # type: ignore[arg-type]
            {"month": gd.get("month"), "day": gd.get("day"), "year": gd.get("year")}), start, end)
    if day is None or day.point is None or day.point.gran not in ("day", "daypart", "minute"):
        return norm_time(ctx, rule, m, start, end)
    p = Point(day.point.day, "minute", hour=hm[0], minute=hm[1])
    return Result("TIME", format_point(p) + _zone(ctx, gd), None, day.anchor, p, day.explicit)


def _zone(ctx: Context, gd: dict[str, str | None]) -> str:
    """The UTC offset a named time zone adds to a clock time ("mitteleuropäischer Zeit": +01)."""
    return str(ctx.lang.lookup("TIMEZONES", gd.get("tz")) or "") if gd.get("tz") else ""


def norm_daypart(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    part = rule.params.get("part") or ctx.lang.lookup("DAYPARTS", m.groupdict().get("daypart"))
    r = ctx.ref()
    if part is None or r is None or r[0].gran not in DAYISH:
        return None
    p = Point(r[0].day, "daypart", part=part)
    return Result("TIME", format_point(p), anchor=r[1], point=p)


def norm_set(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
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
    mon = lang.lookup("MONTHS", gd.get("month"))
    if mon is not None:  # "each July"
        return Result("SET", f"XXXX-{mon:02d}")
    unit = lang.lookup("UNITS", gd.get("unit"))
    if unit is None:
        return None
    amount = parse_number(lang, gd.get("num")) if gd.get("num") else 1.0
    return Result("SET", duration_value(amount, unit))


def norm_holiday(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    """Named days ("Weihnachten 1966", "Thanksgiving", "Ostermontag"): the language's table of
    holiday specs gives the day; a year-less one takes its year like a year-less date."""
    lang = ctx.lang
    gd = m.groupdict()
    spec = lang.lookup("HOLIDAYS", gd.get("holiday"))
    if spec is None:
        return None
    year = explicit_year(lang, gd, ctx)
    anchor: str | None = None
    if year is None:
        relv = lang.lookup("RELATIVE", gd.get("rel")) if gd.get("rel") else None
        r = ctx.ref(prefer_text=isinstance(relv, str))
        if r is None:
            fixed = re.fullmatch(r"\d\d-\d\d", spec)
            return Result("DATE", "XXXX-" + spec if fixed else "XXXX", match_mod(lang, m, rule))
        guess = holiday(r[0].day.year, spec)
        if guess is None:
            return None
        if relv is not None and not isinstance(relv, str):
            # "last Christmas": the latest one before the reference; "next": the first after
            year = r[0].day.year
            if relv < 0 and guess >= r[0].day:
                year -= 1
            elif relv > 0 and guess <= r[0].day:
                year += 1
            anchor = r[1]
        else:
            yr = ctx.year_for(start, end, guess.month, guess.day)
            if yr is None:
                return None
            year, anchor = yr
    d = holiday(year, spec)
    if d is None:
        return None
    p = Point(d, "day")
    return Result("DATE", format_point(p), match_mod(lang, m, rule), anchor, p, anchor is None)


def norm_period(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    """"the 1988 quarter/period" in a report: the quarter talked about, in that year."""
    gd = m.groupdict()
    year = int(gd["year"])
    quarter = ctx.lang.lookup("ORDINALS", gd.get("quarter")) if gd.get("quarter") else None
    q = ctx.quarter_near(start)
    anchor = None
    if quarter is None and q is not None:
        quarter, anchor = (q.day.month - 1) // 3 + 1, "text"  # the quarter of the report
    if quarter is None or not 1 <= quarter <= 4:
        p = Point(date(year, 1, 1), "year")
    else:
        p = Point(date(year, 3 * quarter - 2, 1), "quarter")
    return Result("DATE", format_point(p), None, anchor, p, True)


def norm_week_of_month(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int
                   ) -> Result | None:
    """"the last week of March": the first (second, ...) or last full week of the month."""
    gd = m.groupdict()
    word = (gd.get("nth") or "").lower()
    nth = -1 if word in ("last", "final") else ctx.lang.lookup("ORDINALS", word)
    month = norm_date(ctx, Rule(rule.name, "", "date"), Groups(  # type: ignore[arg-type]
        {"month": gd.get("month"), "year": gd.get("year")}), start, end)
    if nth is None or month is None or month.point is None or month.point.gran != "month":
        return month
    first = month.point.day
    if nth == -1:  # the week holding the month's last Sunday
        d = date(first.year, first.month, monthrange(first.year, first.month)[1]) \
            - timedelta(days=6)
    else:  # the week holding the month's n-th Monday
        d = first + timedelta(days=6 + 7 * (int(nth) - 1))
        if d.month != first.month:
            return None
    p = Point(d, "week")
    return Result("DATE", format_point(p), None, month.anchor, p, month.explicit)


def _year_of_weekday(year: int, mon: int, day: int, wd: int) -> int:
    """"Freitag, 16. September": of the guessed year and its neighbours, the one in which that
    day is that weekday (the guess when none or the guess itself fits)."""
    for y in (year, year - 1, year + 1):
        try:
            if date(y, mon, day).isoweekday() == wd:
                return y
        except ValueError:
            continue
    return year

