"""Calendar points with a granularity, their arithmetic and their TIMEX3 value strings.

A :class:`Point` is a calendar day plus the granularity it is known at: ``2023-09-11`` at ``week``
granularity prints as ``2023-W37``. Arithmetic works on the day and keeps or sets the
granularity; formatting cuts the value to it. Shared by every language.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

#: Granularities of a point value, coarsest first; seasons, quarters and halves sit between
#: year and month and weekends between week and day.
ORDER = ("century", "decade", "year", "half", "quarter", "season", "month", "week", "weekend",
         "day", "daypart", "hour", "minute")
RANK = {g: i for i, g in enumerate(ORDER)}

#: Season codes of TIMEX3 and the month each season is taken to start at when shifting.
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True, slots=True)
class Point:
    day: date
    gran: str
    season: str = ""  # SP/SU/FA/WI when gran == "season"
    part: str = ""  # MO/AF/EV/NI/... when gran == "daypart"
    hour: int = 0
    minute: int = 0
    bc: bool = False

    def coarsen(self, gran: str) -> Point:
        """The same point known at most at ``gran`` (a month-only reference cannot give days)."""
        if RANK[self.gran] <= RANK[gran]:
            return self
        return replace(self, gran=gran)

    def value(self) -> str:
        return format_point(self)


def add_months(d: date, months: int) -> date:
    m0 = d.year * 12 + (d.month - 1) + months
    y, m = divmod(m0, 12)
    y = min(max(y, 1), 9999)
    last = calendar.monthrange(y, m + 1)[1]
    return date(y, m + 1, min(d.day, last))


def shift(p: Point, amount: int, unit: str) -> Point:
    """``p`` moved by ``amount`` units; the result has the unit's granularity when coarser."""
    d = p.day
    if p.bc and unit in ("year", "decade", "century"):
        amount = -amount  # BC years count down: "ein Jahr später" than 202 BC is 201 BC
    try:
        if unit in ("day", "weekend"):
            d = d + timedelta(days=amount)
        elif unit == "week":
            d = d + timedelta(weeks=amount)
        elif unit == "month":
            d = add_months(d, amount)
        elif unit == "quarter":
            d = add_months(d, 3 * amount)
        elif unit == "half":
            d = add_months(d, 6 * amount)
        elif unit == "season":
            d = add_months(d, 3 * amount)
        elif unit == "year":
            d = add_months(d, 12 * amount)
        elif unit == "decade":
            d = add_months(d, 120 * amount)
        elif unit == "century":
            d = add_months(d, 1200 * amount)
        elif unit == "hour":
            d = d + timedelta(hours=amount)  # date + hours: only whole days move
    except (OverflowError, ValueError):
        return p
    season = p.season
    if unit == "season" and season:
        codes = list(SEASON_MONTH)
        season = codes[(codes.index(season) + amount) % 4]
    return replace(p, day=d, season=season)


def at(p: Point, gran: str) -> Point:
    return replace(p, gran=gran)


def weekday_near(ref: date, weekday: int, direction: str) -> date:
    """The day with ISO ``weekday`` (1 = Monday) around ``ref``.

    ``past``: the latest such day on or before ``ref``; ``future``: the first on or after;
    ``near``: whichever of the two is closer (ties go to the past, news mostly reports).
    """
    back = (ref.isoweekday() - weekday) % 7
    fwd = (weekday - ref.isoweekday()) % 7
    if direction == "past":
        return ref - timedelta(days=back)
    if direction == "future":
        return ref + timedelta(days=fwd)
    return ref - timedelta(days=back) if back <= fwd else ref + timedelta(days=fwd)


def easter(year: int) -> date:
    """Easter Sunday of ``year`` (Gregorian calendar, the anonymous "Meeus/Jones/Butcher" rule)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday(year: int, spec: str) -> date | None:
    """The day a holiday ``spec`` falls on in ``year``.

    Specs (from the language data): ``"12-25"`` a fixed day, ``"E+49"`` days from Easter
    Sunday, ``"11:4:4"`` the 4th Thursday (ISO weekday 4) of November, ``"05:1:-1"`` the last
    Monday of May.
    """
    try:
        if spec.startswith("E"):
            return easter(year) + timedelta(days=int(spec[1:]))
        if ":" in spec:
            month, wd, nth = (int(x) for x in spec.split(":"))
            if nth > 0:
                first = date(year, month, 1)
                return first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
            last = date(year, month, calendar.monthrange(year, month)[1])
            return last - timedelta(days=(last.isoweekday() - wd) % 7 + 7 * (-nth - 1))
        month, day = (int(x) for x in spec.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def format_point(p: Point) -> str:
    d = p.day
    y = d.year
    if p.bc:
        if p.gran in ("century", "decade"):
            return f"BC{y // 100:02d}"
        return "BC" + format_point(replace(p, bc=False))
    g = p.gran
    if g == "century":
        return f"{y // 100:02d}"
    if g == "decade":
        return f"{y // 10:03d}"
    if g == "year":
        return f"{y:04d}"
    if g == "half":
        return f"{y:04d}-H{1 if d.month <= 6 else 2}"
    if g == "quarter":
        return f"{y:04d}-Q{(d.month - 1) // 3 + 1}"
    if g == "season":
        return f"{y:04d}-{p.season or 'SU'}"
    if g == "month":
        return f"{y:04d}-{d.month:02d}"
    if g in ("week", "weekend"):
        iy, iw, _ = d.isocalendar()
        return f"{iy:04d}-W{iw:02d}" + ("-WE" if g == "weekend" else "")
    ymd = f"{y:04d}-{d.month:02d}-{d.day:02d}"
    if g == "day":
        return ymd
    if g == "daypart":
        return f"{ymd}T{p.part or 'DT'}"
    if g == "hour":
        return f"{ymd}T{p.hour:02d}"
    return f"{ymd}T{p.hour:02d}:{p.minute:02d}"


def parse_value(value: str) -> Point | None:
    """A point from an ISO-like value (``2023``, ``2023-09``, ``2023-09-11``, ``2023-09-11T13:30``)."""
    try:
        if len(value) >= 16 and value[10] == "T":
            return Point(date.fromisoformat(value[:10]), "minute", hour=int(value[11:13]),
                         minute=int(value[14:16]))
        if len(value) >= 10:
            return Point(date.fromisoformat(value[:10]), "day")
        if len(value) == 7:
            return Point(date(int(value[:4]), int(value[5:7]), 1), "month")
        if len(value) == 4:
            return Point(date(int(value), 1, 1), "year")
    except ValueError:
        return None
    return None


def duration_value(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: ``P3D``, ``PT20H``, ``P18M`` (fractions become the next unit down)."""
    codes = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
             "hour": "H", "minute": "M", "second": "S", "quarter": "Q", "weekend": "WE",
             "half": "M", "season": "M"}
    timey = unit in ("hour", "minute", "second")
    prefix = "PT" if timey else "P"
    if unit == "half":
        amount = None if amount is None else amount * 6
    elif unit == "season":
        amount = None if amount is None else amount * 3
    if amount is None:
        return f"{prefix}X{codes[unit]}"
    if amount != int(amount):
        down = {"year": (12, "M"), "day": (24, "H"), "hour": (60, "M"), "month": (30, "D"),
                "week": (7, "D"), "decade": (10, "Y"), "century": (100, "Y"),
                "minute": (60, "S")}
        if unit in down:  # "anderthalb Jahre" = P1Y6M, "5 1/2 hours" = PT5H30M
            mul, code = down[unit]
            whole, rest = int(amount), int(round((amount - int(amount)) * mul))
            head = f"{whole}{codes[unit]}" if whole else ""
            if unit == "day":
                return f"P{head}T{rest}H"
            return f"{prefix}{head}{rest}{code}"
    return f"{prefix}{int(amount)}{codes[unit]}"
