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

from ..humandate import human_date
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
from .outlets import outlet_names
from .similarity import SentenceIndex, clause_around, content_lemmas, dice, embed, lang_of, words
from .view import Citation, TimelineEntry

#: A date within this many characters of its sentence's start and followed by ":" heads a line.
HEADING_CHARS = 12
#: Two mentions of one date are one happening above this cosine of their clause embeddings
#: (USE-multilingual: paraphrases of one report score 0.5-0.8, different happenings of one day
#: below 0.4).
MERGE_COSINE = 0.6
#: A date that is not the publication day/month of the articles (a background date: "im April
#: 2019") is rarely shared by two different happenings of one story: a lower bar suffices.
MERGE_COSINE_BACKGROUND = 0.5
#: … or above this content-lemma Dice overlap of their clauses. (On the seed story, clauses of one
#: happening score cosine 0.58-0.88; different happenings of the same day 0.5-0.55, and every
#: member of an entry must pass, so no entry cites a sentence that states another fact.)
MERGE_DICE = 0.5
#: An expected entry and a later report are the same happening above this cosine (lower than
#: MERGE_COSINE: the plan and the report are worded differently, "soll stattfinden" vs "traf").
LINK_COSINE = 0.4
#: Shortest noun lemma that counts as a happening noun when linking a plan to its outcome.
EVENT_NOUN_CHARS = 6
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
    derived: bool = False  # dated by a duration ("18 Monate später"), not by a date of its own

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


def _derived(t: Span) -> bool:
    """A date counted from another one ("18 Monate später", "zwei Tage danach"): a duration, or a
    date the tagger counted from another date of the text (rules "later", "earlier")."""
    return t.label == "DURATION" or t.attrs.get("rule") in ("later", "earlier")


def _heading_or_boilerplate(text: str, sent: Span, t: Span, lang: str) -> bool:
    """A date that opens a heading line ("Sonntag, 06. November 2005: Borussia …") or a sentence
    of page furniture ("Für die Statistik klicken Sie auf …")."""
    if t.start - sent.start <= HEADING_CHARS and text[t.end:t.end + 2].lstrip().startswith(":"):
        return True
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
    return bool(markers) and not toks & PAST_MARKERS[lang]


def _past_worded(text: str, lang: str) -> bool:
    """A clause in a past tense: a past auxiliary ("war", "wurde", "hatte"), or a present one
    with a participle ("hat … gegeben", "ist … gereist"), or a past marker ("bereits", "damals")."""
    toks = [text[a:b].lower() for a, b in words(text)]
    if set(toks) & (PAST_MARKERS[lang] | PAST_AUXILIARIES[lang]):
        return True
    return bool(set(toks) & PERFECT_AUXILIARIES[lang]) and any(
        re.fullmatch(PARTICIPLE[lang], w) for w in toks)


def _no_happening(text: str, sent: Span, start: int, timexes: list[Span], lang: str) -> bool:
    """A date that dates no happening of its sentence: after "vor"/"nach dem" ("vor März": before
    it), in a comparison ("so viele wie seit dem Frühjahr nicht mehr"), or an attribute of a noun
    when the sentence dates its happening elsewhere ("des Koreakrieges 1950–1953 … im Juli")."""
    before = [text[a:b] for a, b in words(text, sent.start, start)][-4:]
    low = [w.lower() for w in before]
    if low and (low[-1] in NOT_A_DATE[lang] or len(low) > 1 and low[-2] in NOT_A_DATE[lang]
                and low[-1] in ARTICLES_BEFORE_DATE):
        return True
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
        if n_words < MIN_EVENT_WORDS or _heading_or_boilerplate(text, sent, t, lang):
            continue
        value = str(t.attrs.get("date") if t.label == "DURATION" else t.attrs.get("value", ""))
        approx = None
        if value == "FUTURE_REF":
            when = pub
            approx = "after"
        else:
            when = interval(value)
        if when is None or t.attrs.get("range") == "end" or _no_happening(text, sent, t.start, timexes, lang):
            continue
        label = clause_around(text, sent, t.start, t.end, lang)
        future = _future_worded(text[label[0]:label[1]], lang)
        if not future and _INFINITIVE.search(text, label[0], label[1]):
            # "plant, diesen Monat zu reisen": the plan word governs the infinitive clause
            future = _future_worded(text[sent.start:label[1]], lang)
        if pub is not None and t.attrs.get("rule") == "weekday" and when.last < pub.first and (
                future or _plan_for(text, label, t.start, lang)):
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
        m = Mention(article, when, (sent.start, sent.end), label, expected, approx, derived=_derived(t))
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
    mentions = _one_per_clause([m for a in articles for m in article_mentions(a)])
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
        # every member alike (not just one): an entry cites only sentences that state its fact
        home = next((e for e in entries if e.when == m.when and e.expected == m.expected
                     and e.mentions[0].approx == m.approx and all(sim(m, o) for o in e.mentions)), None)
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
            top = min(s for s, _ in pairs) if all(ok for _, ok in pairs) else 0.0
            if top > best_score:
                best, best_score = f, top
        if best is not None:
            best.mentions.extend(e.mentions)
            e.mentions = []
    entries = [e for e in entries if e.mentions]
    entries.sort(key=lambda e: (e.when.first if e.when else date.max, e.when.last if e.when else date.max,
                                e.mentions[0].article.id))
    _link_expected(entries, sim)
    lang = "de" if any(lang_of(a) == "de" for a in articles) else "en"
    latest = max((p.last for p in map(_pub_interval, articles) if p is not None), default=None)
    return [_entry(i, e, vecs, pos, entries, lang, latest) for i, e in enumerate(entries)]


def _one_per_clause(mentions: list[Mention]) -> list[Mention]:
    """One mention per clause of an article: a clause with a plan word and a date ("wird in naher
    Zukunft reisen, wie der Kreml am Montag mitteilte") keeps its explicit date, not the vague one,
    and a sentence with a date of its own drops the dates its durations point to."""
    exact = {(m.article.id, m.label) for m in mentions if m.approx != "after"}
    dated = {(m.article.id, m.sent) for m in mentions if m.approx != "after" and not m.derived}
    seen: set[tuple[str, tuple[int, int], str]] = set()
    out = []
    for m in mentions:
        key = (m.article.id, m.label, m.when.value)
        if m.approx == "after" and (m.article.id, m.label) in exact or key in seen \
                or m.derived and (m.article.id, m.sent) in dated:  # "18 Monate später … im August 2022"
            continue
        seen.add(key)
        out.append(m)
    return out


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
    """Link each plan to the finest report of what happened: an entry of the plan's period,
    reported once the plan fell due, about the same happening (similar clauses, or one happening
    noun: "das Gipfeltreffen … ab Mittwoch" ~ "ihr Treffen in Vostochny im September")."""
    for i, e in enumerate(entries):
        if not e.expected or e.when is None:
            continue
        due = _due(e)
        made = min((p.first for p in (_pub_interval(m.article) for m in e.mentions) if p is not None), default=None)
        found = [(_GRAN_RANK[f.when.gran], j) for j, f in enumerate(entries)
                 if not f.expected and f.when is not None and f.when.overlaps(due)
                 and (made is None or f.when.last >= made)  # what happened after the plan was made
                 and any(_reported_after(m, due) for m in f.mentions)
                 and any(sim(a, b, LINK_COSINE) or _same_event_noun(a, b) for a in e.mentions for b in f.mentions)]
        if found:
            j = max(found)[1]
            e.outcome = j
            entries[j].anticipated_by.append(i)


def _same_event_noun(a: Mention, b: Mention) -> bool:
    """Whether two clauses share a happening noun: one noun's lemma ends with the other's
    ("Gipfeltreffen" / "Treffen"), both at least EVENT_NOUN_CHARS letters."""
    na = {w for w in content_lemmas(a.label_text, lang_of(a.article)) if len(w) >= EVENT_NOUN_CHARS}
    nb = {w for w in content_lemmas(b.label_text, lang_of(b.article)) if len(w) >= EVENT_NOUN_CHARS}
    return any(x.endswith(y) or y.endswith(x) for x in na for y in nb)


def _entry(i: int, e: Entry, vecs: np.ndarray, pos: dict[int, int], entries: list[Entry], lang: str,
           latest: date | None) -> TimelineEntry:
    assert e.when is not None
    rows = [pos[id(m)] for m in e.mentions]
    centre = vecs[rows].mean(axis=0)
    own = [m for m in e.mentions if m.when == e.when] or e.mentions  # the label states the entry's date
    rep = own[int(np.argmax(vecs[[pos[id(m)] for m in own]] @ centre))]
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
    outcome = entries[e.outcome].when if e.outcome is not None else None
    out.date_text, out.status_text = describe_date(e.when, out.until, out.approx, e.expected, outcome,
                                                   latest, lang)
    inferred = [m.article.published for m in e.mentions
                if m.article.published is not None and m.article.published.origin == "inferred"]
    if inferred and all(m.article.published is not None and m.article.published.origin == "inferred"
                        for m in e.mentions):
        # every report of this entry is dated by an estimated publication date
        out.date_confidence = min(p.confidence for p in inferred)
    return out


def describe_date(when: Interval, until: str | None, approx: str | None, expected: bool,
                  outcome: Interval | None, latest: date | None, lang: str) -> tuple[str, str]:
    """(date, status) as a reader sees them: "11. September 2023" / "ab 11. September 2023" /
    "10. September 2023 – 13. September 2023", and "erwartet", "erwartet · eingetreten am 13.09.2023",
    "erwartet · Ausgang nicht berichtet" (English with ``lang="en"``)."""
    words_ = STATUS_WORDS[lang]
    shown = human_date(when.value, lang)
    if until:
        shown = f"{shown} – {human_date(until, lang)}"
    elif approx == "after":
        shown = f"{words_['from']} {shown}"
    if not expected:
        return shown, ""
    if outcome is not None:
        day = outcome.first.strftime("%d.%m.%Y") if outcome.gran == "day" and lang == "de" else human_date(
            outcome.value, lang)
        prep = words_.get(outcome.gran, words_["in"])
        return shown, f"{words_['expected']} · {words_['happened']} {prep} {day}".replace("  ", " ")
    due = when.last + timedelta(days=FUTURE_REF_DAYS if approx == "after" else 0)
    if latest is not None and latest > due:
        return shown, f"{words_['expected']} · {words_['unreported']}"
    return shown, words_["expected"]


#: The words of a timeline entry's status, per language.
STATUS_WORDS = {
    "de": {"expected": "erwartet", "happened": "eingetreten", "day": "am", "in": "im", "week": "in", "year": "",
           "from": "ab", "unreported": "Ausgang nicht berichtet"},
    "en": {"expected": "expected", "happened": "happened", "day": "on", "in": "in", "from": "from",
           "unreported": "outcome not reported"},
}
