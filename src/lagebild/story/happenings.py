"""Dated happenings in one article: every DATE/TIME timex that dates a statement gives a
:class:`Mention` (the clause it dates, see :func:`similarity.clause_around`, its calendar
:class:`Interval`, and whether it is *expected*: a plan or prediction, after the publication date
or worded as future). Dates that date no happening are left out: comparisons ("früher als im
letzten Jahr"), attributes ("ein Angebot von gestern", "des Koreakrieges 1950–1953"), counted
dates beside a sentence's own date, heading lines and page furniture. :mod:`.timeline` merges
the mentions of a story's articles into entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Article, Span
from .cues import (
    ALSO,
    ARTICLES_BEFORE_DATE,
    BOILERPLATE,
    COMPARATIVES,
    DATE_NOUNS,
    DEICTIC_DAYS,
    FUTURE_MARKERS,
    FUTURE_PARTICIPLES,
    FUTURE_PHRASES,
    HEDGES,
    NOT_A_DATE,
    PARTICIPLE,
    PAST_AUXILIARIES,
    PAST_MARKERS,
    PERFECT_AUXILIARIES,
    PLAN_FOR,
    PREPOSITIONS_BEFORE_DATE,
    SINCE,
    SUPERLATIVE_ENDINGS,
    UNTIL,
)
from .labels import INFINITIVE, comma_clause, label_of, only_frame, reports, shortened
from .similarity import (
    MAX_LABEL_CHARS,
    SentenceIndex,
    clause_bounds,
    lang_of,
    trim,
    words,
)

#: A date within this many characters of its sentence's start and followed by ":" heads a line.
HEADING_CHARS = 12
#: ... and within this many, followed by "(Agency) -", opens a dateline.
DATELINE_CHARS = 40
#: Words between two timexes that make the second refine the first ("Freitag um 6 Uhr").
TIME_JOINERS = frozenset({"um", "at", "gegen", "ab", ""})
#: Genitive articles: a date after a noun and one of them is the noun's attribute ("der Warnstreik
#: der vergangenen Woche").
GENITIVE_ARTICLES = frozenset({"der", "des"})
#: Prepositions that make a period after a noun the period it covers ("Statistik für das dritte Quartal").
PERIOD_FOR = {"de": frozenset({"für"}), "en": frozenset({"for"})}
WEEKDAY_WORDS = tuple(sorted({"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "heute",
                           "morgen", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                  "today", "tomorrow"}))
#: An English period used as an adjective ("third-quarter figures", "full-year results").
_HYPHENATED_PERIOD = re.compile(r"[\w]+-(?:quarter|half|year|month)\s+[a-z]")
#: Words right before a date that make it a deadline ahead ("by the end of the year").
DEADLINE = {"de": frozenset(), "en": frozenset({"by"})}
#: Words of a habit or a rule, not of a dated happening ("Im Herbst steigt der Umschlag
#: traditionell an").
HABITUAL = {"de": frozenset({"traditionell", "typischerweise", "üblicherweise", "gewöhnlich", "normalerweise", "alljährlich",
                             "regelmäßig", "jedes", "jeden"}),
            "en": frozenset({"traditionally", "usually", "typically", "normally", "every", "annually"})}
#: A date that opens a dateline ("HAMBURG, Sept 4 (Reuters) -"): page furniture, no happening.
_DATELINE = re.compile(r"\s*\([^()]{1,40}\)\s*[-–—]")
#: A dated sentence needs this many words outside its timexes to state a happening (a date line
#: "Von dpa | 11.09.2023, 13:30 Uhr" does not).
MIN_EVENT_WORDS = 4

_GRANS = ("year", "half", "quarter", "season", "month", "week", "day")
GRAN_RANK = {g: i for i, g in enumerate(_GRANS)}
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_VALUE = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|W(\d{2})(?:-WE)?|(SP|SU|FA|WI)|Q([1-4])|H([12])))?"
                    r"(?:T.*)?$")


@dataclass(frozen=True, slots=True)
class Interval:
    value: str  # the timeline date: TIMEX3 value cut to its granularity
    gran: str
    first: date
    last: date

    def overlaps(self, other: Interval) -> bool:
        return self.first <= other.last and other.first <= self.last

    def within(self, other: Interval) -> bool:
        return other.first <= self.first and self.last <= other.last


def interval(value: str) -> Interval | None:
    """The calendar days a TIMEX3 DATE/TIME value covers, or None for vague/unresolved values."""
    m = _VALUE.match(value)
    if not m:
        return None
    y, mo, d, wk, season, q, h = m.groups()
    try:
        year = int(y)
        if d:
            day = date(year, int(mo), int(d))
            return Interval(f"{y}-{mo}-{d}", "day", day, day)
        if mo:
            first = date(year, int(mo), 1)
            nxt = date(year + (first.month == 12), first.month % 12 + 1, 1)
            return Interval(f"{y}-{mo}", "month", first, nxt - timedelta(days=1))
        if wk:
            first = date.fromisocalendar(year, int(wk), 1)
            return Interval(f"{y}-W{wk}", "week", first, first + timedelta(days=6))
        if season:
            a, b = _SEASONS[season]
            return Interval(f"{y}-{season}", "season", _month_start(year, a), _month_start(year, b + 1)
                            - timedelta(days=1))
        if q or h:
            n, size = (int(q), 3) if q else (int(h), 6)
            a = (n - 1) * size + 1
            return Interval(f"{y}-{'Q' if q else 'H'}{n}", "quarter" if q else "half",
                            date(year, a, 1), _month_start(year, a + size) - timedelta(days=1))
        return Interval(y, "year", date(year, 1, 1), date(year, 12, 31))
    except ValueError:
        return None


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass
class Mention:
    article: Article
    when: Interval
    sent: tuple[int, int]
    label: tuple[int, int]
    expected: bool
    approx: str | None = None  # "after": a dateless plan dated by its publication
    derived: bool = False  # dated by a duration ("18 Monate später"), not by a date of its own
    report: bool = False  # the date of the report ("…, wie der Kreml am Montag mitteilte"), not of its content
    shown: str | None = None  # the label shortened (a long sentence: its frame and what fits of its content)

    @property
    def label_text(self) -> str:
        return self.shown if self.shown is not None else self.article.text[self.label[0]:self.label[1]]


def pub_interval(article: Article) -> Interval | None:
    if article.published is None:
        return None
    return interval(article.published.value[:10])


def _derived(t: Span) -> bool:
    """A date counted from another one ("18 Monate später", "zwei Tage danach"): a duration, or a
    date the tagger counted from another date of the text (rules "later", "earlier")."""
    return t.label == "DURATION" or t.attrs.get("rule") in ("later", "earlier")


def _heading_or_boilerplate(text: str, sent: Span, t: Span, lang: str) -> bool:
    """A date that opens a heading line ("Sonntag, 06. November 2005: Borussia …") or a sentence
    of page furniture ("Für die Statistik klicken Sie auf …")."""
    if t.start - sent.start <= HEADING_CHARS and text[t.end:t.end + 2].lstrip().startswith(":"):
        return True
    if t.start - sent.start <= DATELINE_CHARS and _DATELINE.match(text, t.end):
        return True  # "HAMBURG, Sept 4 (Reuters) - …"
    clause = next(((a, b) for a, b in clause_bounds(text, sent) if a <= t.start < b), (sent.start, sent.end))
    if {text[a:b].lower() for a, b in words(text, *clause)} & HABITUAL[lang]:
        return True  # a habit, not a dated happening
    return bool({text[a:b].lower() for a, b in words(text, sent.start, sent.end)} & BOILERPLATE[lang])


def _plan_for(text: str, label: tuple[int, int], start: int, lang: str) -> bool:
    """Whether a weekday is the target of a plan or a condition: "für Donnerstag", "falls die
    Runde am Dienstag scheitert" (PLAN_FOR right before it, or opening its clause)."""
    before = [text[a:b].lower() for a, b in words(text, label[0], start)]
    return bool(before) and (before[-1] in PLAN_FOR[lang] or before[0] in PLAN_FOR[lang])


def _future_worded(text: str, lang: str) -> bool:
    toks = {text[a:b].lower() for a, b in words(text)}
    markers = toks & FUTURE_MARKERS[lang]
    if markers and markers <= FUTURE_PARTICIPLES[lang] and toks & (
            PERFECT_AUXILIARIES[lang] | PAST_AUXILIARIES[lang]) - {"ist", "sind", "sei", "seien", "war", "waren", "is", "was"}:
        return False  # "hat einen Streik angekündigt" (but "ist geplant", "war vorgesehen" plan)
    phrase = FUTURE_PHRASES[lang]
    if not markers and phrase and re.search(phrase, text.lower()):
        return True  # "The Commission is to draw up a list"
    return bool(markers) and not toks & PAST_MARKERS[lang]


def _past_worded(text: str, lang: str) -> bool:
    """A clause in a past tense: a past auxiliary ("war", "wurde", "hatte"), or a present one
    with a participle ("hat … gegeben", "ist … gereist"), or a past marker ("bereits", "damals")."""
    toks = [text[a:b].lower() for a, b in words(text)]
    if set(toks) & (PAST_MARKERS[lang] | PAST_AUXILIARIES[lang]):
        return True
    return bool(set(toks) & PERFECT_AUXILIARIES[lang]) and any(
        re.fullmatch(PARTICIPLE[lang], w) for w in toks)


def _deadline(text: str, sent: Span, t: Span, lang: str) -> bool:
    """Whether a date is a deadline: "by" right before it ("by the end of the year", "by 2030")."""
    before = [text[a:b].lower() for a, b in words(text, sent.start, t.start)][-4:]
    return bool(before) and (before[-1] in DEADLINE[lang] or before[-2:-1] == ["by"] and before[-1] == "the")


def _day_like(s: str) -> bool:
    """Whether a timex text names a day or a time (a plan target: "für Donnerstag"), not a period."""
    w = s.split(" ", 1)[0].lower().strip(".,")
    return w[:1].isdigit() and "." in s[:4] or w.startswith(WEEKDAY_WORDS)  # "Freitagnachmittag"


def _no_happening(text: str, sent: Span, start: int, timexes: list[Span], lang: str) -> bool:
    """A date that dates no happening of its sentence: after "vor"/"nach dem" ("vor März": before
    it), in a comparison ("so viele wie seit dem Frühjahr nicht mehr"), or an attribute of a noun
    when the sentence dates its happening elsewhere ("des Koreakrieges 1950–1953 … im Juli")."""
    before = [text[a:b] for a, b in words(text, sent.start, start)][-4:]
    low = [w.lower() for w in before]
    if low and (low[-1] in NOT_A_DATE[lang] or len(low) > 1 and low[-2] in NOT_A_DATE[lang]
                and low[-1] in ARTICLES_BEFORE_DATE):
        return True
    if any(0 <= start - t.end <= 5 and text[t.end:start].strip(" ,").lower() in TIME_JOINERS for t in timexes):
        return True  # "bis Freitag um 6 Uhr": the time refines the date before it, which dates (or not) the happening
    if len(low) > 1 and low[-1] in GENITIVE_ARTICLES and before[-2][:1].isupper() and before[-2].isalpha() \
            and low[-2] not in DATE_NOUNS and len(words(text, sent.start, start)) > 2:
        return True  # "nach dem Warnstreik der vergangenen Woche": the date is an attribute of the noun
    k = len(low) - 1 - (len(low) > 1 and low[-1] in ARTICLES_BEFORE_DATE | GENITIVE_ARTICLES | {"das", "die"})
    if k > 0 and low[k] in PERIOD_FOR[lang] and before[k - 1][:1].isupper() and low[k - 1] not in DATE_NOUNS \
            and not _day_like(text[start:start + 20]):
        return True  # "die Umschlagstatistik für das dritte Quartal": a period the noun covers
    if _HYPHENATED_PERIOD.match(text, start):
        return True  # "the port's third-quarter figures"
    others_in_sentence = any(sent.start <= t.start < sent.end and abs(t.start - start) > 12 for t in timexes)
    if low and low[-1] in UNTIL[lang] and others_in_sentence:
        return True  # "hat am Sonntag begonnen und dauert bis Mittwoch": the span is dated by its start
    cmp = low[:-1] if low and low[-1] in PREPOSITIONS_BEFORE_DATE else low  # "als im letzten Jahr"
    if cmp and (cmp[-1] in COMPARATIVES[lang] or len(cmp) > 1 and cmp[-1] in ALSO and cmp[-2] in COMPARATIVES[lang]):
        return True  # "zwei Wochen früher als im letzten Jahr", "wie auch im letzten Jahr": a comparison
    k = len(low) - 2 if low and low[-1] in ARTICLES_BEFORE_DATE else len(low) - 1  # "seit dem Frühjahr"
    if k > 0 and low[k] in SINCE[lang] and any(
            w in COMPARATIVES[lang] or w.endswith(SUPERLATIVE_ENDINGS[lang]) for w in low[:k]):
        return True  # "so viele wie seit …", "die erste Reise seit 2019": the date only measures
    if len(low) > 1 and low[-1] in ("von", "vom", "of") and before[-2][:1].isupper() and (
            text[start:start + 12].lower().split(" ")[0].strip(".,“”\"") in DEICTIC_DAYS[lang]):
        return True  # "ein Angebot von gestern": the date is an attribute of the noun
    if len(low) > 1 and low[-1] in ("von", "vom", "of") and before[-2][:1].isupper() and any(
            t for t in timexes if sent.start <= t.start < sent.end and t.start != start):
        return True  # "nach Angaben westlicher Quellen von letzter Woche … im vergangenen Jahr"
    clause_start = max((m.end() for m in re.finditer(r",\s*(?:der|die|das|dessen|deren|welche[rs]?)\b", text[sent.start:start])),
                       default=None)
    if clause_start is not None and "," not in text[sent.start + clause_start:start] and any(
            sent.start <= t.start < sent.end and (t.start < sent.start + clause_start or t.start > start + 40)
            and abs(t.start - start) > 12 for t in timexes):
        return True  # "Kim, der seit 2011 an der Macht ist, traf Putin im April 2019": dated by its main clause
    others = [t for t in timexes if sent.start <= t.start < sent.end and t.start != start
              and not (start <= t.start < start + 12) and not (t.start <= start <= t.end + 2)]
    return bool(before) and len(before) > 1 and before[-1][:1].isupper() and before[-1].isalpha() \
        and text[start - 1] == " " and bool(others) and before[-1].lower() not in DATE_NOUNS


def article_mentions(article: Article) -> list[Mention]:
    """The dated statements of one article."""
    lang = lang_of(article)
    text = article.text
    index = SentenceIndex(article)
    pub = pub_interval(article)
    # A DURATION that points to a day ("three days later" = P3D, attrs date) dates its statement too.
    timexes = [t for t in article.spans("timex")
               if t.label in ("DATE", "TIME") or (t.label == "DURATION" and t.attrs.get("date"))]
    spans_by_sent: dict[int, list[tuple[int, int]]] = {}
    for t in timexes:
        si = index.at(t.start)
        if si is not None:
            spans_by_sent.setdefault(si, []).append((t.start, t.end))
    out: list[Mention] = []
    for t in timexes:
        si = index.at(t.start)
        if si is None:
            continue
        sent = index.sents[si]
        covered = spans_by_sent[si]
        n_words = sum(1 for a, b in words(text, sent.start, sent.end)
                      if text[a].isalpha() and not any(s <= a < e for s, e in covered))
        if n_words < MIN_EVENT_WORDS or _heading_or_boilerplate(text, sent, t, lang):
            continue
        value = str(t.attrs.get("date") if t.label == "DURATION" else t.attrs.get("value", ""))
        approx = None
        if value == "FUTURE_REF":
            when = pub
            approx = "after"
        else:
            when = interval(value)
            if when is not None and pub is not None and value.endswith("-WE") and \
                    when.last > pub.last and _past_worded(text[sent.start:sent.end], lang):
                when = interval((when.first - timedelta(days=7)).strftime("%G-W%V"))  # "hatte sich am Wochenende aufgelöst"
        if when is None or t.attrs.get("range") == "end" or _no_happening(text, sent, t.start, timexes, lang):
            continue
        label = label_of(text, sent, t, lang, timexes)
        shown = None
        future = _future_worded(text[label[0]:label[1]], lang)
        if not future and INFINITIVE.search(text, label[0], label[1]):
            # "plant, diesen Monat zu reisen": the plan word governs the infinitive clause; so does an
            # announcement ("hatte angekündigt, bis Ende September einen Vorschlag vorzulegen")
            future = _future_worded(text[sent.start:label[1]], lang) or bool(
                {text[a:b].lower() for a, b in words(text, sent.start, label[1])} & FUTURE_PARTICIPLES[lang])
        clause = comma_clause(text, sent, t)
        report = reports(clause) and not _future_worded(clause, lang) and not _plan_for(text, label, t.start, lang)
        if report:
            future = False  # "Kim wird … reisen, wie der Kreml am Montag mitteilte": the date dates the report
            if only_frame(clause, lang) or only_frame(text[label[0]:label[1]], lang):
                # the label is only the frame ("…, sagte ein Sprecher am Donnerstag"): what was said
                # is the rest of the sentence, so the entry shows the sentence, shortened when too long
                label = trim(text, sent.start, sent.end)
                if label[1] - label[0] > MAX_LABEL_CHARS:
                    shown = shortened(text, sent, t)
            if pub is not None and t.attrs.get("rule") == "weekday" and when.first > pub.last:
                when = interval((when.first - timedelta(days=7)).isoformat())  # a report's weekday is past
                if when is None:
                    continue
        if pub is not None and t.attrs.get("rule") == "weekday" and when.last < pub.first and (
                _plan_for(text, label, t.start, lang) or _future_worded(clause, lang)):
            when = interval((when.first + timedelta(days=7)).isoformat())  # the coming weekday
            future = True
            if when is None:
                continue
        past = not future and _past_worded(text[sent.start:sent.end], lang)
        if approx and (not future or {text[a:b].lower() for a, b in words(text, *label)} & HEDGES[lang]):
            continue  # "zwei Minuten später", "der vielleicht bald Präsident werden könnte": no plan
        if pub is not None and past and when.first > pub.last:
            continue  # "explodierten bereits am Donnerstag" read as the next Thursday: a wrong date
        if not future and not past and pub is not None and when.last >= pub.first and _deadline(text, sent, t, lang):
            future = True  # "asks the Commission to draw up a list by the end of the year": a deadline ahead
        if approx:
            expected = True
        elif pub is None:
            expected = future
        elif when.first > pub.last:
            expected = True
        else:
            expected = future and not past and when.last >= pub.first
        m = Mention(article, when, (sent.start, sent.end), label, expected, approx, derived=_derived(t), report=report,
                    shown=shown)
        if t.attrs.get("range") == "begin":
            end = next((u for u in timexes if u.attrs.get("range") == "end" and u.start >= t.end), None)
            if end is not None:
                m.approx = "until:" + str(end.attrs.get("value", ""))
        out.append(m)
    return out
