"""Dates as people write them: TIMEX3 values and ISO timestamps in German (default) or English.

``human_date("2023-09-11")`` -> "11. September 2023", ``"2023-SU"`` -> "Sommer 2023",
``"2023-W36"`` -> "KW 36/2023", ``"2023-Q3"`` -> "3. Quartal 2023", ``"198X"`` -> "1980er Jahre",
``"2023-09-11T13:30:00+02:00"`` -> "11. September 2023, 13:30", ``"P3D"`` -> "3 Tage"; English
with ``lang="en"`` ("11 September 2023", "summer 2023", "week 36, 2023"). A TIMEX3 ``mod`` adds
"Anfang", "Mitte", "Ende", "vor", "nach", "etwa" … . A value it cannot read comes back unchanged,
so nothing is ever hidden from the reader.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
MONTHS_SHORT = {
    "de": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
SEASONS = {
    "de": {"SP": "Frühjahr", "SU": "Sommer", "FA": "Herbst", "AU": "Herbst", "WI": "Winter"},
    "en": {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"},
}
DAY_PARTS = {
    "de": {"MO": "morgens", "MI": "mittags", "AF": "nachmittags", "EV": "abends", "NI": "nachts", "DT": "tagsüber"},
    "en": {"MO": "morning", "MI": "noon", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"},
}
REFS = {
    "de": {"PRESENT_REF": "jetzt", "PAST_REF": "früher", "FUTURE_REF": "künftig"},
    "en": {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"},
}
#: Duration units: (singular, plural) per TIMEX3 unit letter; time units follow a "T".
UNITS = {
    "de": {"Y": ("Jahr", "Jahre"), "M": ("Monat", "Monate"), "W": ("Woche", "Wochen"), "D": ("Tag", "Tage"),
           "H": ("Stunde", "Stunden"), "TM": ("Minute", "Minuten"), "S": ("Sekunde", "Sekunden"),
           "DE": ("Jahrzehnt", "Jahrzehnte"), "CE": ("Jahrhundert", "Jahrhunderte"), "Q": ("Quartal", "Quartale")},
    "en": {"Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"), "D": ("day", "days"),
           "H": ("hour", "hours"), "TM": ("minute", "minutes"), "S": ("second", "seconds"),
           "DE": ("decade", "decades"), "CE": ("century", "centuries"), "Q": ("quarter", "quarters")},
}
SOME = {"de": "einige", "en": "several"}
#: TIMEX3 ``mod`` values as words; "{x}" is the date. Day dates take an article in German.
MODS = {
    "de": {"START": "Anfang {x}", "MID": "Mitte {x}", "END": "Ende {x}", "BEFORE": "vor {x}",
           "AFTER": "nach {x}", "ON_OR_BEFORE": "bis {x}", "ON_OR_AFTER": "ab {x}", "APPROX": "etwa {x}",
           "LESS_THAN": "weniger als {x}", "MORE_THAN": "mehr als {x}", "EQUAL_OR_LESS": "höchstens {x}",
           "EQUAL_OR_MORE": "mindestens {x}"},
    "en": {"START": "early {x}", "MID": "mid-{x}", "END": "late {x}", "BEFORE": "before {x}",
           "AFTER": "after {x}", "ON_OR_BEFORE": "until {x}", "ON_OR_AFTER": "from {x}", "APPROX": "around {x}",
           "LESS_THAN": "less than {x}", "MORE_THAN": "more than {x}", "EQUAL_OR_LESS": "at most {x}",
           "EQUAL_OR_MORE": "at least {x}"},
}
DE_DAY_MODS = {"BEFORE": "vor dem {x}", "AFTER": "nach dem {x}", "ON_OR_BEFORE": "bis zum {x}",
               "ON_OR_AFTER": "ab dem {x}", "START": "am Morgen des {x}", "END": "am Abend des {x}"}
UNKNOWN = {"de": "unbekanntes Datum", "en": "unknown date"}

_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?"
                   r"(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?|T(MO|MI|AF|EV|NI|DT))?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(?:-(WE|\d))?$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_PART = re.compile(r"^(\d{4})-(Q|H)(\d)$")
_DECADE = re.compile(r"^(\d{3})X$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?|X)(Y|M|W|D|DE|CE|Q))?(?:T(?:(\d+(?:\.\d+)?|X)(H|M|S)))?$")


def _lang(lang: str | None) -> str:
    return "en" if (lang or "").lower().startswith("en") else "de"


def _num(text: str) -> str:
    value = float(text)
    return str(int(value)) if value.is_integer() else text


def human_date(value: str | None, lang: str = "de", mod: str | None = None, short: bool = False) -> str:
    """``value`` (a TIMEX3 value or an ISO date/time) in words; ``short`` abbreviates month names."""
    lg = _lang(lang)
    if value is None or not str(value).strip():
        return UNKNOWN[lg]
    value = str(value).strip()
    text, is_day = _words(value, lg, short)
    if text is None:
        return value
    if mod:
        pattern = (DE_DAY_MODS.get(mod.upper()) if lg == "de" and is_day else None) or MODS[lg].get(mod.upper())
        if pattern:
            text = pattern.replace("{x}", text)
    return text


def _words(value: str, lg: str, short: bool) -> tuple[str | None, bool]:
    """(the value in words or None, whether it names one day)."""
    months = (MONTHS_SHORT if short else MONTHS)[lg]
    if value.upper() in REFS[lg]:
        return REFS[lg][value.upper()], False
    m = _DATE.match(value)
    if m:
        year, month, day, hh, mm, part = m.groups()
        year_text = "" if year == "XXXX" else year
        if month in (None, "XX"):
            return (year_text or None), False
        mon = int(month)
        if not 1 <= mon <= 12:
            return None, False
        if day in (None, "XX"):
            return f"{months[mon - 1]} {year_text}".strip(), False
        if not 1 <= int(day) <= 31:
            return None, False
        text = (f"{int(day)}. {months[mon - 1]} {year_text}" if lg == "de"
                else f"{int(day)} {months[mon - 1]} {year_text}").strip()
        if hh is not None:
            text += f", {hh}:{mm}"
        elif part:
            text += f", {DAY_PARTS[lg][part]}"
        return text, True
    if m := _WEEK.match(value):
        year, week, extra = m.groups()
        base = f"KW {int(week)}/{year}" if lg == "de" else f"week {int(week)}, {year}"
        if extra == "WE":
            return ("Wochenende " + base if lg == "de" else "weekend of " + base), False
        return base, False
    if m := _SEASON.match(value):
        return f"{SEASONS[lg][m.group(2)]} {m.group(1)}", False
    if m := _PART.match(value):
        year, kind, n = m.groups()
        if lg == "de":
            return f"{n}. {'Quartal' if kind == 'Q' else 'Halbjahr'} {year}", False
        return f"{kind}{n} {year}", False
    if m := _DECADE.match(value):
        return (f"{m.group(1)}0er Jahre" if lg == "de" else f"the {m.group(1)}0s"), False
    if m := _CENTURY.match(value):
        n = int(m.group(1)) + 1
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
        return (f"{n}. Jahrhundert" if lg == "de" else f"the {n}{suffix} century"), False
    if value.startswith("P") and (m := _DURATION.match(value)) and (m.group(1) or m.group(3)):
        parts = []
        for amount, unit in ((m.group(1), m.group(2)), (m.group(3), "T" + m.group(4) if m.group(4) else None)):
            if amount is None or unit is None:
                continue
            unit = {"TH": "H", "TS": "S"}.get(unit, unit)
            one, many = UNITS[lg][unit]
            parts.append(f"{SOME[lg]} {many}" if amount == "X" else f"{_num(amount)} {one if float(amount) == 1 else many}")
        return " ".join(parts), False
    return None, False


AGO_WORDS = {"de": {"now": "gerade eben", "yesterday": "gestern", "today": "heute"},
             "en": {"now": "just now", "yesterday": "yesterday", "today": "today"}}
AGO = {  # (one, many)
    "de": {"minutes": ("vor {n} Minute", "vor {n} Minuten"), "hours": ("vor {n} Stunde", "vor {n} Stunden"),
           "days": ("vor {n} Tag", "vor {n} Tagen")},
    "en": {"minutes": ("{n} minute ago", "{n} minutes ago"), "hours": ("{n} hour ago", "{n} hours ago"),
           "days": ("{n} day ago", "{n} days ago")},
}
#: Up to this many days an age reads "vor 3 Tagen"; older ones show their date.
AGO_MAX_DAYS = 6


def human_age(value: str | None, now: datetime, lang: str = "de") -> str:
    """How long ago ``value`` (an ISO date or timestamp) was, seen from ``now``: "vor 3 Stunden",
    "gestern", "vor 4 Tagen"; older (or future, or unreadable) values as :func:`human_date`."""
    lg = _lang(lang)
    when = _instant(value)
    if when is None:
        return human_date(value, lg)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    words, counted = AGO_WORDS[lg], AGO[lg]
    day_only = len(str(value).strip()) <= 10
    delta = now - when
    if delta.total_seconds() < 0 or delta.days > AGO_MAX_DAYS:
        return human_date(value, lg, short=True)
    days = (now.date() - when.date()).days
    if day_only or delta.total_seconds() >= 86400:
        if days == 0:
            return words["today"]
        if days == 1:
            return words["yesterday"]
        one, many = counted["days"]
        return (one if days == 1 else many).replace("{n}", str(days))
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return words["now"]
    if minutes < 60:
        one, many = counted["minutes"]
        return (one if minutes == 1 else many).replace("{n}", str(minutes))
    hours = minutes // 60
    one, many = counted["hours"]
    return (one if hours == 1 else many).replace("{n}", str(hours))


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        when = datetime.fromisoformat(text if len(text) > 10 else text[:10])
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


__all__ = ["human_age", "human_date"]
