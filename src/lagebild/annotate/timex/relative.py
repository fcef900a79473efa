"""Relative normalisers: weekdays, "next/last" units, offsets ("vor drei Jahren", "zwei Tage
später"), deictic words ("heute", "gestern"), vague references and the unit of the last date.
Shared by every language.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from .calendar import SEASON_MONTH, Point, duration_value, format_point, shift, weekday_near
from .context import (
    ANCHOR_WINDOW,
    DAYISH,
    Context,
    Result,
    cut_to_anchor,
    match_mod,
    parse_number,
    rank_finer,
)
from .grammar import Rule


def resolve_weekday(ctx: Context, wd: int, start: int, end: int, rel: int | None,
             text: bool = False) -> Result | None:
    near = ctx.day_near(start, APPOSITION_WINDOW)
    if rel is None and near is not None and near.day.isoweekday() == wd \
            and not ctx.lang.apposition_break.search(ctx.text, max(0, ctx.last_end), start):
        p = Point(near.day, "day")  # "morgen (Mittwoch)", "am 16. September, einem Freitag"
        return Result("DATE", format_point(p), anchor="text", point=p)
    r = ctx.ref(prefer_text=text)
    if r is None:
        return Result("DATE", f"XXXX-WXX-{wd}")
    ref, anchor = r
    if ref.gran not in DAYISH:
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

#: Characters between a dated mention and a weekday naming the same day in apposition.
APPOSITION_WINDOW = 30


def norm_relative(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    relv: Any = rule.params.get("rel")
    if relv is None:
        relv = lang.lookup("RELATIVE", gd.get("rel"))
    if relv is None:
        return None
    text_anchored = isinstance(relv, str) or bool(rule.params.get("text"))
    n = int(relv[4:]) if isinstance(relv, str) else int(relv)
    mod = match_mod(lang, m, rule)
    if rule.params.get("quarterly"):
        q = _year_back_quarter(ctx, start, n, bool(gd.get("period")))
        if q is not None:
            return q
    wd = lang.lookup("WEEKDAYS", gd.get("weekday"))
    r = ctx.ref(prefer_text=text_anchored)
    le = ctx.last_explicit
    if rule.params.get("near_text") and le is not None and start - le[0] <= ANCHOR_WINDOW \
            and not le[1].bc and le[1].gran != "year":
        r = le[1], "text"  # "the fourth quarter of 2005 and a loss for the entire year"
    if r is None:
        return None
    ref, anchor = r
    if wd is not None:
        res = resolve_weekday(ctx, wd, start, end, n, text_anchored)
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
    if ref.gran in ("year", "month") and rank_finer(unit, ref.gran):
        p = p.coarsen(ref.gran)
    p = cut_to_anchor(p, ctx, anchor)
    return Result("DATE", format_point(p), mod, anchor, p)


def norm_offset(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    unit = rule.params.get("unit") or lang.lookup("UNITS", gd.get("unit"))
    amount = parse_number(lang, gd.get("num"))
    if rule.params.get("months"):
        unit, amount = "month", float(rule.params["months"])
    if unit is None:
        return None
    sign = int(rule.params.get("sign", -1))
    if gd.get("half") and amount is not None:  # "a minute and a half later"
        amount += 0.5
    res = _offset_point(ctx, rule, m, start, unit, amount, sign)
    if rule.params.get("as_duration"):  # "three days later": the length, pointing at a day
        dur = Result("DURATION", duration_value(amount, unit), match_mod(lang, m, rule))
        if res is not None and res.point is not None:
            dur.anchor, dur.point, dur.date = res.anchor, res.point, res.value
        return dur
    return res


def _offset_point(ctx: Context, rule: Rule, m: re.Match[str], start: int, unit: str,
                  amount: float | None, sign: int) -> Result | None:
    lang = ctx.lang
    if amount is None:
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", anchor=None)
    r = ctx.ref(prefer_text=rule.params.get("anchor") == "text")
    if r is None:
        return Result("DURATION", duration_value(amount, unit))
    ref, anchor = r
    if unit in ("hour", "minute", "second"):
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", anchor=anchor)
    step_unit, steps = unit, int(amount)
    if amount != int(amount):  # "two and a half years ago": 30 months back, a year's value
        finer = _FINER_STEP.get(unit)
        if finer is None:
            return None
        step_unit, steps = finer[0], int(round(amount * finer[1]))
    elif unit == "year":
        q = _year_back_quarter(ctx, start, sign * int(amount), False)
        if q is not None:
            return q
    p = shift(ref, sign * steps, step_unit)
    gran = unit if unit not in ("decade", "century") else "year"
    if unit == "week" and anchor == "text" and ref.gran in ("day", "daypart", "minute"):
        gran = "day"  # "eine Woche später" than a day is a day ("vor zwei Wochen": a week)
    # "vor drei Jahren", "zwei Monate später": a year, a month; a day only from a known day.
    # Languages whose annotation keeps the anchor's granularity along the text ("a year
    # earlier" after a quarter = that quarter a year before) say so in their data.
    keep = anchor == "text" and getattr(lang.data, "OFFSET_KEEPS_ANCHOR_GRAN", False)
    if keep and rank_finer(ref.gran, gran):
        gran = ref.gran
    p = replace(p, gran=ref.gran if rank_finer(gran, ref.gran) else gran)
    p = cut_to_anchor(p, ctx, anchor)
    return Result("DATE", format_point(p), match_mod(lang, m, rule), anchor, p)


#: The unit a fractional offset is counted in, and how many of it make one of the unit.
_FINER_STEP = {"year": ("month", 12), "decade": ("month", 120), "century": ("year", 100),
               "month": ("day", 30), "week": ("day", 7), "day": ("hour", 24)}


def _year_back_quarter(ctx: Context, start: int, years: int, period: bool) -> Result | None:
    """"a year ago" in a report about a quarter: that quarter a year before. Without a quarter
    named nearby, a "year-ago quarter/period" is the last completed quarter's a year before."""
    q = ctx.quarter_near(start)
    if q is None and period and ctx.dct is not None and ctx.dct.gran not in ("year",):
        q = replace(shift(ctx.dct, -1, "quarter"), gran="quarter")
    if q is None:
        return None
    p = replace(shift(q, years, "year"), gran="quarter")
    return Result("DATE", format_point(p), None, "text", p)


def norm_ref(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    entry = rule.params.get("value")
    if entry is None and gd.get("rel"):  # "am nächsten Morgen", "am selben Abend"
        relv = lang.lookup("RELATIVE", gd["rel"])
        entry = int(relv[4:]) if isinstance(relv, str) else relv
    if entry is None:
        entry = lang.lookup("REFS", gd.get("ref"))
    if entry is None:
        return None
    if isinstance(entry, str):
        return Result("DATE", entry, match_mod(lang, m, rule))
    if ctx.narrative and entry == 0 and not gd.get("daypart"):
        return Result("DATE", "PRESENT_REF", anchor="text")
    r = ctx.ref(prefer_text=bool(rule.params.get("text")))
    if r is None:
        return None
    ref, anchor = r
    p = shift(ref, int(entry), "day")
    if ref.gran in DAYISH:
        p = replace(p, gran="day")
    typ = "DATE"
    part = lang.lookup("DAYPARTS", gd.get("daypart")) or rule.params.get("part")
    if part and p.gran == "day":
        p, typ = replace(p, gran="daypart", part=part), "TIME"
    p = cut_to_anchor(p, ctx, anchor)
    return Result(typ, format_point(p), match_mod(lang, m, rule), anchor, p)


def norm_vague(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    lang = ctx.lang
    gd = m.groupdict()
    relv = lang.lookup("RELATIVE", gd.get("rel"))
    unit = lang.lookup("UNITS", gd.get("unit"))
    if gd.get("num") and unit:
        amount = parse_number(lang, gd["num"])
        return Result("DURATION", duration_value(amount, unit), match_mod(lang, m, rule))
    if isinstance(relv, str) and unit:  # "in den folgenden Jahren": from the last date on
        return Result("DURATION", duration_value(None, unit), anchor="text")
    if rule.params.get("duration") and unit:  # "in recent weeks": an unknown number of weeks
        return Result("DURATION", duration_value(None, unit), match_mod(lang, m, rule))
    if relv is None:
        return Result("DATE", rule.params.get("value", "PRESENT_REF"))
    return Result("DATE", "FUTURE_REF" if relv > 0 else "PAST_REF" if relv < 0 else "PRESENT_REF")


def norm_anchored(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    """The unit containing the last mentioned date: "am selben Tag", "im gleichen Jahr"."""
    unit = rule.params.get("unit") or ctx.lang.lookup("UNITS", m.groupdict().get("unit"))
    r = ctx.ref(prefer_text=True)
    fallback = rule.params.get("fallback")
    if unit == "day" and fallback is not None and ctx.last_day is not None:
        # "ended the day" in a report: the last day the text named, however far back
        return Result("DATE", format_point(ctx.last_day), match_mod(ctx.lang, m, rule), "text",
                      ctx.last_day)
    if unit == "quarter" and fallback is not None:
        near = ctx.quarter_near(start)  # "the quarter" of a report is the one it named
        if near is not None:
            return Result("DATE", format_point(near), match_mod(ctx.lang, m, rule), "text", near)
        r = None  # else the last completed quarter, not the quarter of some other date
    loose = r is None or r[1] != "text" or (unit is not None and rank_finer(unit, r[0].gran))
    if unit is not None and loose and fallback is not None \
            and ctx.dct is not None and not rank_finer(unit, ctx.dct.gran):
        p = replace(shift(ctx.dct, int(fallback), unit), gran=unit)
        return Result("DATE", format_point(p), match_mod(ctx.lang, m, rule), "dct", p)
    if unit is None or r is None or r[1] != "text":
        return None
    p = r[0]
    if rank_finer(p.gran, unit):
        p = replace(p, gran=unit)
    part = ctx.lang.lookup("DAYPARTS", m.groupdict().get("daypart"))
    if part and p.gran == "day":  # "am Abend desselben Tages"
        p = replace(p, gran="daypart", part=part)
        return Result("TIME", format_point(p), match_mod(ctx.lang, m, rule), "text", p)
    return Result("DATE", format_point(p), match_mod(ctx.lang, m, rule), "text", p)
