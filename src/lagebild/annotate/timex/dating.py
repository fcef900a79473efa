"""Document dating: infer a publication date from the article's own temporal expressions.

Evidence, strongest first (the first that applies wins):

1. a full calendar date in the header (the first ``HEADER_CHARS`` characters): a dateline or
   byline ("Von dpa | 11.09.2023, 13:30 Uhr", "12. Juni 2024");
2. a full date with a weekday next to it that agrees with the calendar ("am Montag
   (11.09.2023)"): news names the weekday only for days close to publication;
3. the latest full date in a text that also speaks deictically ("heute", "gestern", weekday
   names), since such a text reports from near that date;
4. the latest explicit month ("im April 2019") at month granularity, weakly.

A text without any calendar date of its own (only "am Montag", "im Juli", "2019") cannot be
dated to a day by its own words: the weekday is known but not the week. Such texts get
``None``; dating them needs outside evidence (another, dated article about the same story).
"""

from __future__ import annotations

import re
from datetime import date

from ...model import PubDate
from .grammar import language
from .tagger import tag_timexes

#: Characters at the start of a text that count as header (title, dateline, byline).
HEADER_CHARS = 200
#: How close (characters) a weekday must stand to a full date to vouch for it.
WEEKDAY_DISTANCE = 40
#: Confidence of each kind of evidence (see the module docstring), in evidence order.
CONF_HEADER, CONF_WEEKDAY, CONF_DEICTIC, CONF_MONTH = 0.9, 0.8, 0.5, 0.3

_FULL = re.compile(r"^\d{4}-\d\d-\d\d")
_MONTH = re.compile(r"^\d{4}-\d\d$")
_DEICTIC_RULES = frozenset({"ref", "weekday", "ref_daypart", "rel_unit", "weekday_rel"})


def infer_publication_date(text: str, lang: str) -> PubDate | None:
    """An inferred publication date (``origin="inferred"``, confidence 0..1) or ``None``."""
    spans = tag_timexes(text, lang, None)
    full = [s for s in spans if s.label in ("DATE", "TIME") and s.attrs.get("anchor") is None
            and _FULL.match(s.attrs["value"])]
    for s in full:
        if s.start < HEADER_CHARS:
            return _day(s.attrs["value"], CONF_HEADER)
    lg = language(lang)
    for s in full:
        d = date.fromisoformat(s.attrs["value"][:10])
        for w in spans:
            if w.attrs.get("rule") != "weekday":
                continue
            gap = max(w.start - s.end, s.start - w.end)
            wd = lg.lookup("WEEKDAYS", text[w.start:w.end])
            if 0 <= gap <= WEEKDAY_DISTANCE and wd == d.isoweekday():
                return _day(s.attrs["value"], CONF_WEEKDAY)
    deictic = any(s.attrs.get("rule") in _DEICTIC_RULES for s in spans)
    if full and deictic:
        return _day(max(s.attrs["value"][:10] for s in full), CONF_DEICTIC)
    months = [s.attrs["value"] for s in spans if s.attrs.get("anchor") is None
              and _MONTH.match(s.attrs["value"])]
    if months:
        return PubDate(max(months), "month", "inferred", CONF_MONTH)
    return None


def _day(value: str, confidence: float) -> PubDate:
    return PubDate(value[:10], "day", "inferred", confidence)
