"""Timeline: dated happenings from timexes, merged across articles, expected plans linked to outcomes."""

from __future__ import annotations

import pytest

from lagebild.story.timeline import article_mentions, build_timeline, interval
from story_articles import lindenau


@pytest.fixture(scope="module")
def timeline() -> list[dict]:
    return build_timeline(list(lindenau().values()))


def test_interval_values() -> None:
    assert interval("2023-09-13").gran == "day"
    week = interval("2023-W37")
    assert week is not None and str(week.first) == "2023-09-11" and str(week.last) == "2023-09-17"
    summer = interval("2023-SU")
    assert summer is not None and summer.first.month == 6 and summer.last.month == 8
    assert interval("2019").gran == "year"
    assert interval("2023-09-11TMO").value == "2023-09-11"
    assert interval("XXXX-WXX-1") is None and interval("PAST_REF") is None


def test_background_fact_lands_at_its_own_date(timeline: list[dict]) -> None:
    past = [t for t in timeline if t.date == "2019"]
    assert len(past) == 1
    assert not past[0].expected and "saniert" in past[0].label


def test_plan_is_expected_and_merged_across_outlets(timeline: list[dict]) -> None:
    plans = [t for t in timeline if t.date == "2025-03-05" and t.expected]
    assert len(plans) == 1
    plan = plans[0]
    assert plan.granularity == "day"
    assert len(plan.articles) >= 3  # Flussbote, the two dpa copies, River News
    assert {"Flussbote", "Talzeitung", "Bergblatt"} <= set(plan.outlets)


def test_plan_linked_to_what_happened(timeline: list[dict]) -> None:
    plan = next(t for t in timeline if t.date == "2025-03-05" and t.expected)
    done = next(t for t in timeline if t.id == plan.outcome)
    assert not done.expected and done.date == "2025-03-05"
    assert plan.id in done.anticipated_by
    later = lindenau()["flussbote-2"].id
    assert later in done.articles


def test_citations_point_into_the_articles(timeline: list[dict]) -> None:
    by_id = {a.id: a for a in lindenau().values()}
    for t in timeline:
        assert t.citations
        for c in t.citations:
            art = by_id[c.article_id]
            assert 0 <= c.start < c.end <= len(art.text)
        lc = t.label_citation
        assert by_id[lc.article_id].text[lc.start:lc.end] == t.label
    dates = [interval(t.date).first for t in timeline]
    assert dates == sorted(dates)


def test_dateline_only_sentence_is_no_happening() -> None:
    from story_articles import make

    art = make("dateline", "Flussbote", "2025-03-03", "de",
               "Montag, 3. März 2025\n\nDie Stadt Lindenau will die Alte Brücke im Sommer 2026 abreißen lassen. "
               "Ein Neubau soll folgen, sagte die Bürgermeisterin.")
    values = [m.when.value for m in article_mentions(art)]
    assert "2025-03-03" not in values
    assert any(v.startswith("2026") for v in values)


def test_days_later_duration_dates_its_statement() -> None:
    from story_articles import make

    art = make("later", "Harbour Post", "2025-03-12", "en",
               "Dockers in Portmoor walked out on March 3, 2025. Three days later the port operator "
               "signed a new wage agreement with the union.")
    spans = [t for t in art.spans("timex") if t.label == "DURATION"]
    assert spans and spans[0].attrs.get("date") == "2025-03-06", [(t.label, t.attrs) for t in art.spans("timex")]
    assert "2025-03-06" in [m.when.value for m in article_mentions(art)]
