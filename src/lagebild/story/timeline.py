"""A dated timeline per story, built from the temporal expressions in its articles.

The dated happenings of each article (:mod:`.happenings`: a *mention* per timex that dates a
statement, with its clause, calendar interval and whether it is *expected*) merge across articles:
mentions with the same date and similar content become one entry; a coarse mention ("2019")
joins a finer entry ("2019-04") of the same happening. An expected entry is linked to the later
entry that reports the happening (``outcome`` / ``anticipated_by``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from ..humandate import human_date
from ..model import Article
from .happenings import GRAN_RANK, Interval, Mention, article_mentions, interval, pub_interval
from .outlets import outlet_names
from .similarity import content_lemmas, dice, embed, lang_of
from .view import Citation, TimelineEntry

__all__ = ["Interval", "article_mentions", "build_timeline", "describe_date", "interval"]

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
#: Words of a horizon of months or years ("in den kommenden Jahren", "in the coming months").
LONG_HORIZON_WORDS = ("jahr", "monat", "year", "month")
#: "in den kommenden Tagen" / "bald": a plan without a date counts as due within this many days
#: of publication when linking it to what happened.
FUTURE_REF_DAYS = 60


@dataclass
class Entry:
    mentions: list[Mention] = field(default_factory=list)
    when: Interval | None = None
    expected: bool = False
    until: str | None = None
    outcome: int | None = None
    anticipated_by: list[int] = field(default_factory=list)


def _near_pub(m: Mention) -> bool:
    """Whether the mention's date is the publication period of its article (news of the day)."""
    pub = pub_interval(m.article)
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
        # a report's date ("X erklärte am Donnerstag, …") dates a statement, not a happening: reports
        # and happenings of one date stay apart (the USA's claim of 2022 is not what happened in 2022)
        home = next((e for e in entries if e.when == m.when and e.expected == m.expected
                     and e.mentions[0].approx == m.approx and e.mentions[0].report == m.report
                     and all(sim(m, o) for o in e.mentions)), None)
        if home is None:
            home = Entry(when=m.when, expected=m.expected)
            entries.append(home)
        home.mentions.append(m)
    # A coarse entry joins the one finer entry inside it that states the same happening.
    for e in sorted(entries, key=lambda e: -GRAN_RANK[e.when.gran] if e.when else 0):
        if not e.mentions or e.when is None:
            continue
        best, best_score = None, 0.0
        for f in entries:
            if (f is e or not f.mentions or f.when is None or f.expected != e.expected
                    or GRAN_RANK[f.when.gran] <= GRAN_RANK[e.when.gran] or not f.when.within(e.when)):
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
    latest = max((p.last for p in map(pub_interval, articles) if p is not None), default=None)
    return [_entry(i, e, vecs, pos, entries, lang, latest) for i, e in enumerate(entries)]


def _one_per_clause(mentions: list[Mention]) -> list[Mention]:
    """One mention per clause of an article: a clause with a plan word and a date keeps its
    explicit date, not the vague one; a sentence with a date of its own drops the dates its
    durations point to; and the date of a report ("…, wie der Kreml am Montag mitteilte") gives
    way to a date of what it reports ("wird in naher Zukunft reisen")."""
    exact = {(m.article.id, m.label) for m in mentions if m.approx != "after"}
    dated = {(m.article.id, m.sent) for m in mentions if m.approx != "after" and not m.derived}
    content_dated = {(m.article.id, m.sent) for m in mentions if not m.report
                     and not (m.approx == "after" and (m.article.id, m.label) in exact)}
    seen: set[tuple[str, tuple[int, int], str]] = set()
    out = []
    for m in mentions:
        key = (m.article.id, m.label, m.when.value)
        if m.approx == "after" and (m.article.id, m.label) in exact or key in seen \
                or m.derived and (m.article.id, m.sent) in dated \
                or m.report and (m.article.id, m.sent) in content_dated:
            continue  # "18 Monate später … im August 2022", "wird in naher Zukunft …, wie der Kreml am Montag mitteilte"
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
    pub = pub_interval(m.article)
    return pub is not None and pub.first >= due.first


def _link_expected(entries: list[Entry], sim: Any) -> None:
    """Link each plan to the finest report of what happened: an entry of the plan's period,
    reported once the plan fell due, about the same happening (similar clauses, or one happening
    noun: "das Gipfeltreffen … ab Mittwoch" ~ "ihr Treffen in Vostochny im September")."""
    for i, e in enumerate(entries):
        if not e.expected or e.when is None:
            continue
        due = _due(e)
        made = min((p.first for p in (pub_interval(m.article) for m in e.mentions) if p is not None), default=None)
        own = {m.article.id for m in e.mentions}
        found = [(GRAN_RANK[f.when.gran], j) for j, f in enumerate(entries)
                 if not f.expected and f.when is not None and f.when.overlaps(due)
                 and (made is None or f.when.last >= made)  # what happened after the plan was made
                 and (made is None or f.when.first > made or not _long_horizon(e) and any(
                     m.article.id not in own for m in f.mentions))  # a same-day outcome: told by another article
                 and any(_reported_after(m, due) for m in f.mentions)
                 and any(sim(a, b, LINK_COSINE) or _same_event_noun(a, b) for a in e.mentions for b in f.mentions)]
        if found:
            j = max(found)[1]
            e.outcome = j
            entries[j].anticipated_by.append(i)


def _long_horizon(e: Entry) -> bool:
    """Whether a plan looks months or years ahead ("bis zum Jahresende", "in den kommenden Jahren"):
    what happened the day it was made is not its outcome (a plan for the coming days may be)."""
    if e.when is not None and GRAN_RANK[e.when.gran] <= GRAN_RANK["month"]:
        return True
    return any(w.lower().startswith(LONG_HORIZON_WORDS) for m in e.mentions for w in m.label_text.split())


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
    for m in e.mentions:  # "": an article naming no outlet ("unbekannte Quelle" in the renderers)
        outlets.extend(outlet_names(m.article) or [""])
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
