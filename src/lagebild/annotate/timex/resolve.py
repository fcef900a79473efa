"""Normalisation: from a rule match to a TIMEX3 type, value and mod. Shared by every language.

The normalisers are split by family: :mod:`.points` (calendar dates, times, durations, sets) and
:mod:`.relative` (weekdays, relative units, offsets, deictic words); :mod:`.context` holds the
per-document reference state they share.
"""

from __future__ import annotations

import re

from .context import Context, Result
from .grammar import Rule
from .points import _clock_day, _date, _daypart, _duration, _holiday, _period, _set, _time, _week_of_month
from .relative import _anchored, _offset, _ref, _relative, _vague

__all__ = ["NORMALISERS", "Context", "Result", "normalise"]

def _block(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    """A match that only keeps other rules off its text ("mit 1500 Panzern" is no year)."""
    return None


NORMALISERS = {
    "date": _date, "relative": _relative, "offset": _offset, "duration": _duration, "ref": _ref,
    "time": _time, "daypart": _daypart, "set": _set, "vague": _vague, "anchored": _anchored,
    "block": _block, "holiday": _holiday, "period": _period, "clock_day": _clock_day,
    "week_of_month": _week_of_month,
}


def normalise(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Result | None:
    res = NORMALISERS[rule.kind](ctx, rule, m, start, end)
    if res is not None and rule.type != "DATE" and res.type == "DATE" and rule.kind == "date":
        res.type = rule.type
    return res
