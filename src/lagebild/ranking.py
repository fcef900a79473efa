"""The situation: which stories matter now. Ranks stories by independent outlets, articles,
recency and growth in the last 24 hours, and filters them (issue 18; the ranking part of issue 16).

A story's *mass* grows with the logarithm of its independent outlets (wire copies count once),
its articles and its articles of the last 24 hours; its *freshness* halves every
:data:`HALF_LIFE_HOURS` but never drops below :data:`FRESHNESS_FLOOR`, so a big running story
stays above a fresh single report, and a story that went quiet a week ago sinks below today's
news. "Now" is the newest publication time among the stories (an archive ranks as it did on its
last day) unless the caller passes the clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

#: Weights of the mass terms (log scale): a second independent outlet confirms more than a
#: second article of the same outlet, and fresh growth is news in itself.
OUTLET_WEIGHT = 1.0
ARTICLE_WEIGHT = 0.5
GROWTH_WEIGHT = 0.7
#: Freshness halves every three days (a news cycle), never below 0.3: a 14-article, 8-outlet story
#: from last week (mass ~3.5) stays above a fresh single-article story (mass ~1.0).
HALF_LIFE_HOURS = 72.0
FRESHNESS_FLOOR = 0.3
#: The window that counts as growth.
GROWTH_HOURS = 24.0


@dataclass(slots=True)
class Ranked:
    """One story with the figures it was ranked by."""

    id: str
    score: float
    outlets: int
    articles: int
    new_24h: int
    age_hours: float | None
    rank: int = 0
    row: Mapping[str, Any] = field(default_factory=dict)


def parse_time(value: str | None) -> datetime | None:
    """An ISO date or timestamp (naive ones as UTC); None when unreadable."""
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    for cut in (len(text), 19, 10, 7, 4):
        try:
            if cut == 7:
                when = datetime.strptime(text[:7], "%Y-%m")
            elif cut == 4:
                when = datetime.strptime(text[:4], "%Y")
            else:
                when = datetime.fromisoformat(text[:cut])
        except ValueError:
            continue
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return None


def outlet_names(outlets: Any, n_outlets: Any = None) -> tuple[list[str], int]:
    """(names, count) from a list of outlet names or a bare count; ``n_outlets`` (independent
    voices, unknown outlets included) overrides the count when given."""
    if isinstance(n_outlets, int) and not isinstance(n_outlets, bool):
        names = [] if isinstance(outlets, int) else outlet_names(outlets)[0]
        return names, n_outlets
    if isinstance(outlets, int):
        return [], outlets
    names = [outlets] if isinstance(outlets, str) else [str(o) for o in outlets or ()]
    return names, len(names)


def score(outlets: int, articles: int, new_24h: int, age_hours: float | None) -> float:
    mass = (OUTLET_WEIGHT * math.log1p(max(outlets, 1)) + ARTICLE_WEIGHT * math.log1p(max(articles, 1))
            + GROWTH_WEIGHT * math.log1p(max(new_24h, 0)))
    if age_hours is None:
        return mass * FRESHNESS_FLOOR
    fresh = 0.5 ** (max(age_hours, 0.0) / HALF_LIFE_HOURS)
    return mass * (FRESHNESS_FLOOR + (1.0 - FRESHNESS_FLOOR) * fresh)


def rank(stories: Iterable[Mapping[str, Any]], now: datetime | None = None) -> list[Ranked]:
    """Stories ranked, best first. Each row needs ``id`` and may have ``outlets`` (independent
    voices: a list or a count; ``n_outlets`` overrides the count), ``n_articles``, ``last_seen``
    and ``published`` (the publication times of its articles, for growth; without them growth
    counts as zero)."""
    rows = list(stories)
    times = {id(r): [t for t in (parse_time(p) for p in r.get("published") or ()) if t] for r in rows}
    if now is None:
        latest = [parse_time(r.get("last_seen")) for r in rows] + [max(ts) for ts in times.values() if ts]
        known = [t for t in latest if t is not None]
        now = max(known) if known else datetime.now(UTC)
    cut = now - timedelta(hours=GROWTH_HOURS)
    out = []
    for r in rows:
        n_outlets = outlet_names(r.get("outlets"), r.get("n_outlets"))[1]
        n_articles = int(r.get("n_articles") or len(r.get("published") or ()) or 1)
        new = sum(1 for t in times[id(r)] if cut < t <= now)
        last = parse_time(r.get("last_seen")) or (max(times[id(r)]) if times[id(r)] else None)
        age = (now - last).total_seconds() / 3600.0 if last is not None else None
        out.append(Ranked(str(r["id"]), score(n_outlets, n_articles, new, age), n_outlets, n_articles, new, age, row=r))
    out.sort(key=lambda x: (-x.score, -x.outlets, -x.articles, x.id))
    for i, item in enumerate(out, start=1):
        item.rank = i
    return out


def matches(row: Mapping[str, Any], *, min_outlets: int = 0, since: str | None = None, until: str | None = None,
            outlet: str | None = None, language: str | None = None) -> bool:
    """Whether a story row passes the front page's filters (``since``/``until``: ISO date prefixes
    compared with the story's first and last dates, so a story running through the range counts;
    an undated story passes no time filter)."""
    names, count = outlet_names(row.get("outlets"), row.get("n_outlets"))
    if count < min_outlets:
        return False
    first, last = str(row.get("first_seen") or ""), str(row.get("last_seen") or row.get("first_seen") or "")
    if since and (not last or last[:len(since)] < since):  # an undated story is in no time range
        return False
    if until and (not first or first[:len(until)] > until):
        return False
    all_outlets = [*names, *(row.get("all_outlets") or [])]
    if outlet and outlet.strip().casefold() not in {str(o).casefold() for o in all_outlets}:
        return False
    return not (language and language not in (row.get("languages") or []))


__all__ = ["Ranked", "matches", "parse_time", "rank", "score"]
