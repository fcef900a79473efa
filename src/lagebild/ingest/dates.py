"""Publication dates from metadata strings and from bylines, date lines and leads in the body.

Patterns are named data; each match keeps its granularity (a month-only date stays a month).
"""

from __future__ import annotations

import re
from datetime import datetime

from ..model import PubDate

MONTHS: dict[str, int] = {
    # German
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "febr": 2, "märz": 3,
    "mär": 3, "maerz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    # English (where different)
    "january": 1, "february": 2, "march": 3, "mar": 3, "may": 5, "june": 6, "july": 7,
    "october": 10, "oct": 10, "december": 12, "dec": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:,?\s*(?:um\s+|at\s+)?(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?\s*(?:Uhr|h|MES?Z|CES?T|UTC|GMT|am|pm|a\.m\.|p\.m\.)?)?"

#: Date shapes, most specific first. Named groups: y, m (number), mon (name), d, hh, mm, ss.
DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(
        r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?:[T ](?P<hh>[0-2]\d):(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?)?")),
    ("iso_month", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)(?![\d-])")),
    ("dotted", re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME)),
    ("day_month_name", re.compile(
        rf"(?<!\d)(?P<d>[0-3]?\d)\.?\s+(?P<mon>{_MONTH_ALT})\.?\s+(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME, re.I)),
    ("month_name_day", re.compile(
        rf"\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME, re.I)),
    ("month_name_year", re.compile(rf"\b(?P<mon>{_MONTH_ALT})\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I)),
)

#: A header line such as "date 2023-09" or "Datum: 11.09.2023" that starts the raw text.
HEADER_PREFIX = re.compile(
    r"^\s*(?:date|datum|published|veröffentlicht|publiziert|stand)\s*[:=]?\s*", re.I)
#: A byline: "Von dpa | 11.09.2023, 13:30 Uhr", "By Jane Roe | Sept. 11, 2023".
BYLINE = re.compile(r"^\s*(?:Von|By|Autor(?:in)?:?)\s+(?P<who>[^|\n]{1,80}?)\s*(?:\||,|–|-)\s*(?P<rest>.+)$", re.I)
#: Words that may stand around a date on a date line: "Stand:", "Aktualisiert am", weekday names.
DATE_LINE_FILLER = re.compile(
    r"(?i)\b(?:stand|aktualisiert|veröffentlicht|erschienen|published|updated|am|um|uhr|on|at|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mez|mesz|utc|gmt|cet|cest)\b|[\s,:;|()–-]+")
#: "am Montag (11.09.2023)" in the lead dates the article (the report is from that day).
LEAD_DATE = re.compile(
    r"\b(?:am|on)\s+(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\s*\(\s*(?P<date>[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)\d\d)\s*\)", re.I)
#: Characters of the lead searched for such a date.
LEAD_CHARS = 600
#: A date line or byline date is short ("Montag, 11. September 2023, 13:30 Uhr MESZ" has 42);
#: longer lines are prose and are not searched at all.
MAX_DATE_LINE_CHARS = 80


def _build(m: re.Match[str], name: str, origin: str) -> PubDate | None:
    g = m.groupdict()
    try:
        year = int(g["y"])
        month = int(g["m"]) if g.get("m") else MONTHS[g["mon"].lower().rstrip(".")]
        day = int(g["d"]) if g.get("d") else None
        if day is None:
            datetime(year, month, 1)
            return PubDate(f"{year:04d}-{month:02d}", "month", origin)
        hh, mm = g.get("hh"), g.get("mm")
        if hh is not None and mm is not None:
            when = datetime(year, month, day, int(hh), int(mm), int(g.get("ss") or 0))
            return PubDate.from_datetime(when, "second" if g.get("ss") else "minute", origin)
        return PubDate.from_datetime(datetime(year, month, day), "day", origin)
    except (ValueError, KeyError):
        return None


def find_date(text: str, origin: str) -> tuple[PubDate, re.Match[str]] | None:
    """The first date in ``text`` (by position), tried with every pattern."""
    best: tuple[PubDate, re.Match[str]] | None = None
    for name, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if best is not None and m.start() >= best[1].start():
                break
            found = _build(m, name, origin)
            if found is not None:
                best = (found, m)
                break
    return best


def parse_date_string(value: str, origin: str = "metadata") -> PubDate | None:
    """A metadata date string (ISO 8601, RFC 2822, German or English formats) as a PubDate."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"(?:19|20)\d\d", value):
        return PubDate(value, "year", origin)
    try:
        iso = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if "T" in value or " " in value.strip():
            has_sec = bool(re.search(r"\d\d:\d\d:\d\d", value)) and iso.second != 0
            return PubDate.from_datetime(iso.replace(tzinfo=None), "second" if has_sec else "minute", origin)
        return PubDate.from_datetime(iso, "day", origin)
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
        return PubDate.from_datetime(when.replace(tzinfo=None), "minute", origin)
    except (TypeError, ValueError, IndexError):
        pass
    found = find_date(value, origin)
    return found[0] if found else None


def date_line(line: str) -> PubDate | None:
    """The date when ``line`` is nothing but a date (with filler words such as "Stand:"), else None."""
    if len(line) > MAX_DATE_LINE_CHARS:
        return None
    found = find_date(line, "dateline")
    if found is None:
        return None
    pub, m = found
    rest = line[: m.start()] + line[m.end():]
    if DATE_LINE_FILLER.sub("", rest).strip():
        return None
    return pub


def lead_date(text: str) -> PubDate | None:
    m = LEAD_DATE.search(text[:LEAD_CHARS])
    if not m:
        return None
    found = find_date(m.group("date"), "lead")
    if found is None:
        return None
    found[0].confidence = 0.8  # the lead's day is the report's day in almost all news copy
    return found[0]
