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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..annotate.quotes import lexicon_de, lexicon_en
from ..model import Article, Span
from .cues import (
    ALSO,
    ARTICLES_BEFORE_DATE,
    BOILERPLATE,
    COMPARATIVES,
    DATE_NOUNS,
    DEICTIC_DAYS,
    FRAME_PREPOSITIONS,
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
from .similarity import (
    MAX_LABEL_CHARS,
    MIN_LABEL_CHARS,
    SentenceIndex,
    clause_around,
    clause_bounds,
    lang_of,
    trim,
    words,
)

#: Speech verbs (the quotes lexicons): a date in their clause dates a statement, not its content.
SPEECH_VERBS = lexicon_de.CUE_VERBS | lexicon_en.CUE_VERBS
#: A date within this many characters of its sentence's start and followed by ":" heads a line.
HEADING_CHARS = 12
#: ... and within this many, followed by "(Agency) -", opens a dateline.
DATELINE_CHARS = 40
#: A clause of its own this long reads on its own (a label narrowed to its date's clause).
MIN_CLAUSE_CHARS = 25
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
#: Words of a habit or a rule, not of a dated happening ("Im Herbst steigt der Umschlag
#: traditionell an").
HABITUAL = {"de": frozenset({"traditionell", "üblicherweise", "gewöhnlich", "normalerweise", "alljährlich",
                             "regelmäßig", "jedes", "jeden"}),
            "en": frozenset({"traditionally", "usually", "typically", "normally", "every", "annually"})}
#: A date that opens a dateline ("HAMBURG, Sept 4 (Reuters) -"): page furniture, no happening.
_DATELINE = re.compile(r"\s*\([^()]{1,40}\)\s*[-–—]")
#: A speech frame longer than this is cut after its date when a label is shortened ("sagte am
#: Mittwoch [im kasachischen Fernsehen]"): the circumstances after the date are the first to go.
FRAME_CHARS = 80
#: A dated sentence needs this many words outside its timexes to state a happening (a date line
#: "Von dpa | 11.09.2023, 13:30 Uhr" does not).
MIN_EVENT_WORDS = 4

_INFINITIVE = re.compile(r"\b(?:zu|to) \w+(?:en|ern|eln)?\b|\b[a-zäöü]{2,}zu[a-zäöü]+en\b")
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


def _whole_words(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A label cut at its length limit ends at the last whole word ("… unter stren" -> "… unter")."""
    a, b = span
    if b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
        cut = text.rfind(" ", a, b)
        if cut > a:
            return a, cut
    return a, b


#: Coordinators that join two main clauses inside one comma-free clause ("… dicht gemacht hat und
#: erst in diesem Sommer hat das Land …"): an over-long clause is split there, not cut mid-clause.
_COORDINATOR = re.compile(r"\s(?:und|aber|sondern|doch|and|but)\s")


#: A closing quotation mark followed by a capitalised word: where a sentence ended that the
#: sentence splitter kept ("… mit einem Panzerzug“ Dort würden beide …").
_CLOSED_QUOTE = re.compile(r"[“”»«\"]\s+(?=[A-ZÄÖÜ])")
_OPENING = re.compile(r"[„»«\"]")


def _after_closed_quote(text: str, label: tuple[int, int], date_at: int) -> tuple[int, int]:
    """A label that opens with the tail of a quotation closed before the date (no opening mark
    before the closing one) starts after it."""
    a, b = label
    for m in _CLOSED_QUOTE.finditer(text, a, min(b, date_at)):
        if not _OPENING.search(text, a, m.start()) and m.end() < date_at:
            return trim(text, m.end(), b)
        break
    return label


def _label(text: str, sent: Span, t: Span, lang: str, timexes: Sequence[Span] = ()) -> tuple[int, int]:
    """The clause a date dates (:func:`similarity.clause_around`); a clause too long for a label is
    cut at the coordinator around the date ("Anfang 2020 … dicht gemacht hat" / "erst in diesem
    Sommer hat … zugelassen"), so a label ends at a clause boundary, never inside a clause."""
    label = _after_closed_quote(text, clause_around(text, sent, t.start, t.end, lang), t.start)
    clauses = clause_bounds(text, sent)
    clause = next(((a, b) for a, b in clauses if a <= t.start < b), None)
    k = clauses.index(clause) if clause is not None else 0
    if clause is not None and k and label[0] >= clause[0] and _INFINITIVE.search(text, max(label[0], label[1] - 30),
                                                                                  label[1]):
        wider = trim(text, clauses[k - 1][0], label[1])  # "hatte angekündigt, bis Ende September … vorzulegen"
        if wider[1] - wider[0] <= MAX_LABEL_CHARS:
            label = wider
    opened = text[sent.start:label[0]]
    if sum(opened.count(q) for q in "„«") > sum(opened.count(q) for q in "“»") or opened.count('"') % 2:
        whole = trim(text, sent.start, sent.end)  # a label inside an open quotation: the quotation from its start
        if whole[1] - whole[0] <= MAX_LABEL_CHARS:
            label = whole
    others = [u for u in timexes if u.start != t.start and label[0] <= u.start < label[1]]
    if clause is not None and others and not all(clause[0] <= u.start < clause[1] for u in others):
        own = trim(text, *clause)  # "with a second step of 2.5% next July, after … on Tuesday": one date each
        if own[1] - own[0] >= MIN_CLAUSE_CHARS:
            label = own
    if clause is None or label[1] >= clause[1] or clause[1] - clause[0] <= MAX_LABEL_CHARS:
        return label
    cuts = [clause[0], *(m.start() for m in _COORDINATOR.finditer(text, *clause)), clause[1]]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a <= t.start < b:
            part = trim(text, a if a == clause[0] else text.index(" ", a + 1), b)
            if MIN_LABEL_CHARS <= part[1] - part[0] <= MAX_LABEL_CHARS:
                return part
            break
    return _whole_words(text, label)


def _shortened(text: str, sent: Span, t: Span) -> str:
    """A sentence too long for a label whose date dates its speech frame, shortened to a readable
    statement: the frame with its speaker ("X sagte am Mittwoch, …", "…, teilte X am Montag mit";
    cut after the date when long: "[im kasachischen Fernsehen]"), and as many whole clauses of
    what was said as fit, in their order; when not even the first fits, its first words and "…"."""
    clauses = [trim(text, a, b) for a, b in clause_bounds(text, sent)]
    k = next((i for i, (a, b) in enumerate(clauses) if a <= t.start < b), 0)
    left = sum(b - a for a, b in clauses[:k])
    right = sum(b - a for a, b in clauses[k + 1:])
    if right > left:  # "X sagte am Mittwoch, die EU habe …": the frame runs from the sentence start,
        # unless it opens a main clause of its own ("…, aber Peskow sagte im Mai, …")
        own = _COORDINATOR.match(" " + text[clauses[k][0]:clauses[k][1]])
        frame = (clauses[k][0] + own.end() - 1, clauses[k][1]) if own else (clauses[0][0], clauses[k][1])
        content = clauses[k + 1:]
    else:  # "…, teilte der Kreml am Montag mit"
        frame, content = (clauses[k][0], clauses[-1][1]), clauses[:k]
    if frame[1] - frame[0] > FRAME_CHARS and frame[0] < t.end < frame[1]:
        frame = (frame[0], t.end)
    budget = MAX_LABEL_CHARS - (frame[1] - frame[0]) - 2
    said: list[str] = []
    for a, b in content:
        if b - a + 2 > budget:
            if not said and budget > MIN_LABEL_CHARS:
                cut = _whole_words(text, (a, a + budget - 2))
                said.append(text[cut[0]:cut[1]].rstrip(" ,;:") + " …")
            elif said:
                said[-1] += " …"
            break
        said.append(text[a:b])
        budget -= b - a + 2
    parts = [*said, text[frame[0]:frame[1]]] if right <= left else [text[frame[0]:frame[1]], *said]
    return ", ".join(parts)


def _reports(clause: str) -> bool:
    """Whether a clause holds a speech verb ("wie der Kreml am Montag mitteilte", "said on Monday")."""
    return any(clause[a:b].lower() in SPEECH_VERBS for a, b in words(clause))


def _only_frame(label: str, lang: str) -> bool:
    """Whether a label is only a speech frame: it opens with its speech verb ("sagte ein Sprecher
    am Donnerstag"), ends with it (auxiliaries aside: "X hatte am Donnerstag erklärt"), or only
    circumstances follow it ("Peskow sagte auf einer Pressekonferenz im Mai"); not "warnte das
    Ministerium am Montag vor einer Krise", which states what was said."""
    # lower-case words only: "Berichten verschiedener Medien zufolge fand … statt" has no speech verb
    toks = [w if w[:1].islower() else w.upper() for w in (label[a:b] for a, b in words(label))]
    while toks and toks[-1] in PERFECT_AUXILIARIES[lang] | PAST_AUXILIARIES[lang] | {"worden"}:
        toks.pop()
    verbs = [i for i, w in enumerate(toks) if w in SPEECH_VERBS]
    if not verbs:
        return False
    i = verbs[0]
    return i == 0 or verbs[-1] == len(toks) - 1 or (i + 1 < len(toks) and toks[i + 1] in FRAME_PREPOSITIONS)


def _comma_clause(text: str, sent: Span, t: Span) -> str:
    """The stretch of the sentence around a timex between punctuation marks: the clause a weekday
    belongs to ("Am Donnerstag ist ein Treffen geplant" but not "…, sagte Gingrich am Dienstag")."""
    marks = ",;:„“\"«»"
    a = max((k + 1 for k in range(sent.start, t.start) if text[k] in marks), default=sent.start)
    b = min((k for k in range(t.end, sent.end) if text[k] in marks), default=sent.end)
    return text[a:b]


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
        label = _label(text, sent, t, lang, timexes)
        shown = None
        future = _future_worded(text[label[0]:label[1]], lang)
        if not future and _INFINITIVE.search(text, label[0], label[1]):
            # "plant, diesen Monat zu reisen": the plan word governs the infinitive clause; so does an
            # announcement ("hatte angekündigt, bis Ende September einen Vorschlag vorzulegen")
            future = _future_worded(text[sent.start:label[1]], lang) or bool(
                {text[a:b].lower() for a, b in words(text, sent.start, label[1])} & FUTURE_PARTICIPLES[lang])
        clause = _comma_clause(text, sent, t)
        report = _reports(clause) and not _future_worded(clause, lang) and not _plan_for(text, label, t.start, lang)
        if report:
            future = False  # "Kim wird … reisen, wie der Kreml am Montag mitteilte": the date dates the report
            if _only_frame(clause, lang) or _only_frame(text[label[0]:label[1]], lang):
                # the label is only the frame ("…, sagte ein Sprecher am Donnerstag"): what was said
                # is the rest of the sentence, so the entry shows the sentence, shortened when too long
                label = trim(text, sent.start, sent.end)
                if label[1] - label[0] > MAX_LABEL_CHARS:
                    shown = _shortened(text, sent, t)
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
