"""Dating an undated article from the event it was clustered into.

An article without a publication date (no metadata, byline, date line or datable lead) that
reports the same happening as dated articles was almost always published when they were: wire
copies, translations and follow-ups of one event appear within a day. The day most of the event's
dated members share becomes the article's publication date, marked ``inferred`` with a
confidence that says how strongly the members agree. The application layer then normalises its
temporal expressions again against that date (:func:`lagebild.app.index.redate`).
"""

from __future__ import annotations

from collections import Counter

from ..model import Article, PubDate

#: Granularities precise enough to date another article by (a month-only date cannot give a day).
DAY_OR_FINER = ("day", "minute", "second")
#: Confidence of an inferred date when every dated member agrees; scaled by the agreeing share.
#: Below 1 because the article may be a later follow-up that clustered into the same event.
EVENT_DATING_CONFIDENCE = 0.7
#: Members needed before a date is inferred at all (one dated neighbour could be a coincidence).
MIN_DATED_MEMBERS = 1


def date_from_members(members: list[Article]) -> PubDate | None:
    """The publication day most dated members share, or None when none is dated to the day."""
    days = [m.published.value[:10] for m in members
            if m.published is not None and m.published.granularity in DAY_OR_FINER]
    if len(days) < MIN_DATED_MEMBERS:
        return None
    (day, votes), *_ = sorted(Counter(days).items(), key=lambda kv: (-kv[1], kv[0]))
    return PubDate(day, "day", "inferred", round(EVENT_DATING_CONFIDENCE * votes / len(days), 2))
