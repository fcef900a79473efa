"""A dated timeline per story, built from the temporal expressions in its articles.

Every DATE/TIME timex that dates a statement gives a *mention*: the happening it dates (its
clause, see :func:`similarity.clause_around`), the normalised value with its granularity, and
whether the statement is *expected* (a plan or prediction: after the article's publication date,
or worded as future: "soll am Mittwoch stattfinden", "in den kommenden Tagen"). Mentions with the
same date and similar content merge into one entry across articles; a coarse mention ("2019")
joins a finer entry ("2019-04") of the same happening. An expected entry is linked to the later
entry that reports the happening (``outcome`` / ``anticipated_by``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from ..model import Article
from .cues import FUTURE_MARKERS, PAST_MARKERS
from .outlets import outlet_names
from .similarity import SentenceIndex, clause_around, content_lemmas, dice, embed, lang_of, words
from .view import Citation, TimelineEntry

#: Two mentions of one date are one happening above this cosine of their clause embeddings
#: (USE-multilingual: paraphrases of one report score 0.5-0.8, different happenings of one day
#: below 0.4).
MERGE_COSINE = 0.5
#: A date that is not the publication day/month of the articles (a background date: "im April
#: 2019") is rarely shared by two different happenings of one story: a lower bar suffices.
MERGE_COSINE_BACKGROUND = 0.35
#: … or above this content-lemma Dice overlap of their clauses.
MERGE_DICE = 0.4
#: An expected entry and a later report are the same happening above this cosine (lower than
#: MERGE_COSINE: the plan and the report are worded differently, "soll stattfinden" vs "traf").
LINK_COSINE = 0.4
#: "in den kommenden Tagen" / "bald": a plan without a date counts as due within this many days
#: of publication when linking it to what happened.
FUTURE_REF_DAYS = 60
#: A dated sentence needs this many words outside its timexes to state a happening (a date line
#: "Von dpa | 11.09.2023, 13:30 Uhr" does not).
MIN_EVENT_WORDS = 4

_INFINITIVE = re.compile(r"\b(?:zu|to) \w+(?:en|ern|eln)?\b")
_GRANS = ("year", "half", "quarter", "season", "month", "week", "day")
_GRAN_RANK = {g: i for i, g in enumerate(_GRANS)}
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

    @property
    def label_text(self) -> str:
        return self.article.text[self.label[0]:self.label[1]]


@dataclass
class Entry:
    mentions: list[Mention] = field(default_factory=list)
    when: Interval | None = None
    expected: bool = False
    until: str | None = None
    outcome: int | None = None
    anticipated_by: list[int] = field(default_factory=list)


def _pub_interval(article: Article) -> Interval | None:
    if article.published is None:
        return None
    return interval(article.published.value[:10])


def _future_worded(text: str, lang: str) -> bool:
    toks = {text[a:b].lower() for a, b in words(text)}
    return bool(toks & FUTURE_MARKERS[lang]) and not toks & PAST_MARKERS[lang]


def article_mentions(article: Article) -> list[Mention]:
    """The dated statements of one article."""
    lang = lang_of(article)
    text = article.text
    index = SentenceIndex(article)
    pub = _pub_interval(article)
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
        if n_words < MIN_EVENT_WORDS:
            continue
        value = str(t.attrs.get("date") if t.label == "DURATION" else t.attrs.get("value", ""))
        approx = None
        if value == "FUTURE_REF":
            when = pub
            approx = "after"
        else:
            when = interval(value)
        if when is None or t.attrs.get("range") == "end":
            continue
        label = clause_around(text, sent, t.start, t.end, lang)
        future = _future_worded(text[label[0]:label[1]], lang)
        if not future and _INFINITIVE.search(text, label[0], label[1]):
            # "plant, diesen Monat zu reisen": the plan word governs the infinitive clause
            future = _future_worded(text[sent.start:label[1]], lang)
        if approx:
            expected = True
        elif pub is None:
            expected = future
        elif when.first > pub.last:
            expected = True
        else:
            expected = future and when.last >= pub.first
        m = Mention(article, when, (sent.start, sent.end), label, expected, approx)
        if t.attrs.get("range") == "begin":
            end = next((u for u in timexes if u.attrs.get("range") == "end" and u.start >= t.end), None)
            if end is not None:
                m.approx = "until:" + str(end.attrs.get("value", ""))
        out.append(m)
    return out


def _near_pub(m: Mention) -> bool:
    """Whether the mention's date is the publication period of its article (news of the day)."""
    pub = _pub_interval(m.article)
    if pub is None:
        return True
    return m.when.overlaps(Interval(pub.value, pub.gran, pub.first - timedelta(days=7),
                                    pub.last + timedelta(days=7)))


def build_timeline(articles: list[Article]) -> list[TimelineEntry]:
    """Timeline entries of a set of articles (one story), in date order. See the module doc."""
    mentions = [m for a in articles for m in article_mentions(a)]
    if not mentions:
        return []
    mentions.sort(key=lambda m: (m.article.published.value if m.article.published else "~",
                                 m.article.id, m.label[0]))
    vecs = embed([m.label_text for m in mentions])
    lems = [content_lemmas(m.label_text, lang_of(m.article)) for m in mentions]
    pos = {id(m): i for i, m in enumerate(mentions)}

    def score(a: Mention, b: Mention) -> float:
        i, j = pos[id(a)], pos[id(b)]
        return max(float(vecs[i] @ vecs[j]), dice(lems[i], lems[j]) * MERGE_COSINE / MERGE_DICE)

    def sim(a: Mention, b: Mention, cosine: float | None = None) -> bool:
        if cosine is None:
            cosine = MERGE_COSINE if _near_pub(a) or _near_pub(b) else MERGE_COSINE_BACKGROUND
        return score(a, b) >= cosine

    entries: list[Entry] = []
    for m in mentions:  # same date, same expectation, similar clause: one entry
        home = next((e for e in entries if e.when == m.when and e.expected == m.expected
                     and e.mentions[0].approx == m.approx and any(sim(m, o) for o in e.mentions)), None)
        if home is None:
            home = Entry(when=m.when, expected=m.expected)
            entries.append(home)
        home.mentions.append(m)
    # A coarse entry joins the one finer entry inside it that states the same happening.
    for e in sorted(entries, key=lambda e: -_GRAN_RANK[e.when.gran] if e.when else 0):
        if not e.mentions or e.when is None:
            continue
        best, best_score = None, 0.0
        for f in entries:
            if (f is e or not f.mentions or f.when is None or f.expected != e.expected
                    or _GRAN_RANK[f.when.gran] <= _GRAN_RANK[e.when.gran] or not f.when.within(e.when)):
                continue
            pairs = [(score(a, b), sim(a, b)) for a in e.mentions for b in f.mentions]
            top = max(s for s, ok in pairs if ok) if any(ok for _, ok in pairs) else 0.0
            if top > best_score:
                best, best_score = f, top
        if best is not None:
            best.mentions.extend(e.mentions)
            e.mentions = []
    entries = [e for e in entries if e.mentions]
    entries.sort(key=lambda e: (e.when.first if e.when else date.max, e.when.last if e.when else date.max,
                                e.mentions[0].article.id))
    _link_expected(entries, sim)
    return [_entry(i, e, vecs, pos) for i, e in enumerate(entries)]


def _due(e: Entry) -> Interval:
    assert e.when is not None
    if e.mentions[0].approx == "after":
        return Interval(e.when.value, e.when.gran, e.when.first, e.when.last + timedelta(days=FUTURE_REF_DAYS))
    return e.when


def _reported_after(m: Mention, due: Interval) -> bool:
    """A report of what happened comes from an article published once the plan fell due."""
    pub = _pub_interval(m.article)
    return pub is not None and pub.first >= due.first


def _link_expected(entries: list[Entry], sim: Any) -> None:
    for i, e in enumerate(entries):
        if not e.expected or e.when is None:
            continue
        due = _due(e)
        for j, f in enumerate(entries):
            if f.expected or f.when is None or not f.when.overlaps(due):
                continue
            if not any(_reported_after(m, due) for m in f.mentions):
                continue
            if any(sim(a, b, LINK_COSINE) for a in e.mentions for b in f.mentions):
                e.outcome = j
                f.anticipated_by.append(i)
                break


def _entry(i: int, e: Entry, vecs: np.ndarray, pos: dict[int, int]) -> TimelineEntry:
    assert e.when is not None
    rows = [pos[id(m)] for m in e.mentions]
    centre = vecs[rows].mean(axis=0)
    rep = e.mentions[int(np.argmax(vecs[rows] @ centre))]
    outlets: list[str] = []
    for m in e.mentions:
        outlets.extend(outlet_names(m.article))
    cites = list(dict.fromkeys((m.article.id, *m.sent) for m in e.mentions))
    out = TimelineEntry(
        id=f"t{i + 1}", date=e.when.value, granularity=e.when.gran, label=rep.label_text, expected=e.expected,
        citations=[Citation(a, s, t) for a, s, t in cites],
        label_citation=Citation(rep.article.id, rep.label[0], rep.label[1]),
        outlets=list(dict.fromkeys(outlets)),
        articles=list(dict.fromkeys(m.article.id for m in e.mentions)),
    )
    approx = rep.approx or ""
    if approx == "after":
        out.approx = "after"
    elif approx.startswith("until:"):
        out.until = approx[6:]
    if e.outcome is not None:
        out.outcome = f"t{e.outcome + 1}"
    if e.anticipated_by:
        out.anticipated_by = [f"t{k + 1}" for k in e.anticipated_by]
    return out
