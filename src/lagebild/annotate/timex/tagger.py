"""Find temporal expressions with the language's rules and normalise them in text order.

Every rule's compiled pattern scans the text once; overlapping candidates are settled longest
first (ties: the earlier rule in the language's list). The survivors are normalised left to
right so that each resolved date can anchor the relative expressions that follow it.

Ranges ("vom 10. bis 13. September") come out as two spans, the first with
``attrs["range"] == "begin"`` and the second with ``"end"``; the first day takes month and
year from the second.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Article, PubDate, Span
from ...pipeline import stage
from .calendar import Point, parse_value
from .context import Groups as _Groups
from .grammar import Language, Rule, language
from .resolve import Context, Result, normalise

_GRAN = {"year": "year", "month": "month", "day": "day", "minute": "day", "second": "day"}


def dct_point(dct: PubDate | str | None) -> Point | None:
    """The reference point of a publication date, at the granularity the date is known."""
    if dct is None:
        return None
    value = dct.value if isinstance(dct, PubDate) else str(dct).strip()
    p = parse_value(value)
    if p is None:
        return None
    if p.gran == "minute":  # the clock of the DCT never anchors anything: days do
        return Point(p.day, "day")
    if isinstance(dct, PubDate):
        return p.coarsen(_GRAN.get(dct.granularity, p.gran))
    return p


def _candidates(text: str, lang: Language, narrative: bool
                ) -> list[tuple[int, int, int, Rule, re.Match[str]]]:
    out = []
    segs = text_segments(text, lang)
    rules = lang.rules + range_rules(lang)
    for prio, (rule, rx) in enumerate(rules):
        if rule.params.get("narrative") and not narrative or rule.params.get("news") and narrative:
            continue
        needs = lang.needs.get(rule.name)
        spans = [(a, b) for a, b, words in segs if needs is None or not needs.isdisjoint(words)]
        for m in (m for a, b in spans for m in rx.finditer(text, a, b)):
            if rule.kind == "range":
                s, e = m.start("t1"), m.end("t2")
            elif "t" in rx.groupindex and m.group("t") is not None:
                s, e = m.span("t")
            else:
                s, e = m.span()
            if e > s:
                out.append((s, e, prio, rule, m))
    return out


#: Characters scanned before and after each trigger word: enough for the longest modifiers and
#: tails ("im Laufe des folgenden Jahres", "11.09.2023, 13:30 Uhr mitteleuropäischer Zeit").
WINDOW_BEFORE = 50
WINDOW_AFTER = 50


def text_segments(text: str, lang: Language) -> list[tuple[int, int, set[str]]]:
    """Stretches of ``text`` around trigger words, with the trigger words each holds (lower
    case, ``"#"`` for a digit); the rules only scan these, a rule with ``needs`` only the
    stretches holding one of its words."""
    segs: list[tuple[list[int], set[str]]] = []
    n = len(text)
    for m in lang.trigger.finditer(text):
        a, b = max(0, m.start() - WINDOW_BEFORE), min(n, m.end() + WINDOW_AFTER)
        w = m.group()
        word = "#" if w.isdigit() else w.lower()
        if segs and a <= segs[-1][0][1]:
            segs[-1][0][1] = b
            segs[-1][1].add(word)
        else:
            segs.append(([a, b], {word}))
    return [(ab[0], ab[1], words) for ab, words in segs]


_RANGE_CACHE: dict[str, list[tuple[Rule, re.Pattern[str]]]] = {}


def range_rules(lang: Language) -> list[tuple[Rule, re.Pattern[str]]]:
    if lang.code not in _RANGE_CACHE:
        from .grammar import expand

        _RANGE_CACHE[lang.code] = [
            (r, re.compile(expand(r.pattern, lang.data.PLACEHOLDERS), re.IGNORECASE))
            for r in getattr(lang.data, "RANGE_RULES", [])]
    return _RANGE_CACHE[lang.code]


def _select(cands: list[tuple[int, int, int, Rule, re.Match[str]]], n: int
            ) -> list[tuple[int, int, int, Rule, re.Match[str]]]:
    taken = bytearray(n)
    chosen = []
    for c in sorted(cands, key=lambda c: (c[0] - c[1], c[2])):
        s, e = c[0], c[1]
        if taken.find(1, s, e) != -1:
            continue
        taken[s:e] = b"\x01" * (e - s)
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    return chosen


def _span(s: int, e: int, res: Result, rule: str, **extra: Any) -> Span:
    attrs: dict[str, Any] = {"value": res.value}
    if res.mod:
        attrs["mod"] = res.mod
    attrs["rule"] = rule
    attrs["anchor"] = res.anchor
    if res.date is not None:  # an anchored duration: the day it points to
        attrs["date"] = res.date
    attrs.update(extra)
    return Span(s, e, res.type, attrs)


def _range(ctx: Context, rule: Rule, m: re.Match[str]) -> list[Span]:
    gd = m.groupdict()
    last = dict(gd)
    if gd.get("month1") and not gd.get("month"):  # "March 10-13": the month comes first
        last["month"] = gd["month1"]
    if gd.get("year1") and last.get("year") and len(last["year"]) == 2:
        last["year"] = gd["year1"][:2] + last["year"]
    date_rule = Rule(rule.name, "", "date")
    end_res = normalise(ctx, date_rule, _Groups(last), m.start("t2"), m.end("t2"))  # type: ignore[arg-type]
    if end_res is None or end_res.point is None:
        return []
    first: dict[str, Any] = {k: None for k in gd}
    if gd.get("day1"):
        first.update(day=gd["day1"], month=gd.get("month1") or str(end_res.point.day.month),
                     year=str(end_res.point.day.year), daypart=gd.get("daypart1"))
    elif gd.get("month1"):
        first.update(month=gd["month1"], year=str(end_res.point.day.year))
    else:
        first.update(year=gd["year1"], bc=gd.get("bc"))
    begin = normalise(ctx, date_rule, _Groups(first), m.start("t1"), m.end("t1"))  # type: ignore[arg-type]
    if begin is None:
        return []
    begin.anchor = end_res.anchor  # the first end borrowed month and year from the second
    # The range as a whole may be a side reference ("seit 1939/40"); a span of years moves the
    # running date to its first year ("Westfront 1944/1945" opens a section about 1944).
    ctx.note(begin if begin.point is not None and begin.point.gran == "year" else end_res,
             m.start("t1"), m.end("t2"))
    return [_span(m.start("t1"), m.end("t1"), begin, rule.name, range="begin"),
            _span(m.start("t2"), m.end("t2"), end_res, rule.name, range="end")]


def tag_timexes(text: str, lang: str, dct: PubDate | str | None, *,
                narrative: bool = False) -> list[Span]:
    """TIMEX3 spans of ``text``: label = type, attrs = value, mod, rule, anchor.

    ``dct`` is the publication date (a :class:`PubDate` or an ISO string); a month-only date
    gives month-level values where a day cannot be known. ``narrative=True`` (history texts,
    encyclopaedias) anchors relative expressions to the last mentioned date instead of the DCT,
    as HeidelTime's "narratives" document type does.
    """
    lg = language(lang)
    ctx = Context(text, lg, dct_point(dct), narrative)
    spans: list[Span] = []
    for s, e, _prio, rule, m in _select(_candidates(text, lg, narrative), len(text)):
        if rule.kind == "range":
            spans.extend(_range(ctx, rule, m))
            continue
        res = normalise(ctx, rule, m, s, e)
        if res is None:
            continue
        ctx.note(res, s, e)
        spans.append(_span(s, e, res, rule.name))
    return spans


@stage("timex", requires=["text", "language", "published"], assigns=["timex"])
def timex_stage(article: Article) -> Article:
    article.layers["timex"] = tag_timexes(article.text, article.language or "de",
                                          article.published)
    return article
