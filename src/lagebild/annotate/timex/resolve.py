"""Normalisation: from a rule match to a TIMEX3 type, value and mod. Shared by every language.

The normalisers are split by family: :mod:`.points` (calendar dates, times, durations, sets) and
:mod:`.relative` (weekdays, relative units, offsets, deictic words); :mod:`.context` holds the
per-document reference state they share.
"""

from __future__ import annotations

import re

from .context import Context, Result
from .grammar import Rule
from .points import (
    norm_clock_day,
    norm_date,
    norm_daypart,
    norm_duration,
    norm_holiday,
    norm_period,
    norm_set,
    norm_time,
    norm_week_of_month,
)
from .relative import norm_anchored, norm_offset, norm_ref, norm_relative, norm_vague

__all__ = ["NORMALISERS", "Context", "Result", "normalise"]

def _block(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    """A match that only keeps other rules off its text ("mit 1500 Panzern" is no year)."""
    return None


NORMALISERS = {
    "date": norm_date, "relative": norm_relative, "offset": norm_offset, "duration": norm_duration, "ref": norm_ref,
    "time": norm_time, "daypart": norm_daypart, "set": norm_set, "vague": norm_vague, "anchored": norm_anchored,
    "block": _block, "holiday": norm_holiday, "period": norm_period, "clock_day": norm_clock_day,
    "week_of_month": norm_week_of_month,
}


def normalise(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    res = NORMALISERS[rule.kind](ctx, rule, m, start, end)
    if res is not None and rule.type != "DATE" and res.type == "DATE" and rule.kind == "date":
        res.type = rule.type
    return res
