"""The situation ranking: independent outlets, articles, recency and growth; the front-page filters."""

from __future__ import annotations

from datetime import UTC, datetime

from lagebild.ranking import matches, parse_time, rank, score


def story(sid: str, outlets: int, articles: int, last: str, published: list[str] | None = None) -> dict:
    return {"id": sid, "outlets": [f"o{i}" for i in range(outlets)], "n_articles": articles, "last_seen": last,
            "first_seen": "2025-09-02", "languages": ["de"], "published": published or [last]}


def test_a_big_running_story_beats_a_crowd_of_fresh_singletons() -> None:
    """The issue's 500-article store: the 14-article port strike sat among 460 single-article stories."""
    strike = story("strike", 8, 14, "2025-09-24", [f"2025-09-{d:02d}" for d in range(2, 25, 2)] + ["2025-09-24"] * 2)
    singles = [story(f"single{i}", 1, 1, f"2025-09-{25 + i % 3:02d}") for i in range(460)]
    ranked = rank([*singles, strike])
    assert ranked[0].id == "strike" and ranked[0].rank == 1
    assert [r.rank for r in ranked] == list(range(1, 462))


def test_recency_and_growth_count() -> None:
    now = datetime(2025, 9, 30, 12, tzinfo=UTC)
    old = story("old", 3, 6, "2025-09-10")
    fresh = story("fresh", 3, 6, "2025-09-30", ["2025-09-30T08:00"] * 3 + ["2025-09-20"] * 3)
    ranked = rank([old, fresh], now=now)
    assert [r.id for r in ranked] == ["fresh", "old"]
    assert ranked[0].new_24h == 3 and ranked[1].new_24h == 0
    assert ranked[1].age_hours is not None and ranked[1].age_hours > 20 * 24
    # independent outlets weigh more than articles of one outlet
    assert score(4, 4, 0, 0) > score(1, 10, 0, 0)
    # a story that went quiet long ago still counts something; an undated one ranks by its mass
    assert 0 < score(5, 10, 0, 10_000) < score(5, 10, 0, 0)
    assert score(1, 1, 0, None) > 0


def test_now_defaults_to_the_newest_story() -> None:
    a, b = story("a", 2, 2, "2021-05-01"), story("b", 2, 2, "2021-04-01")
    ranked = rank([b, a])
    assert ranked[0].id == "a" and ranked[0].age_hours == 0


def test_filters() -> None:
    row = story("s", 3, 5, "2025-09-24") | {"all_outlets": ["dpa", "Reuters"], "languages": ["de", "en"]}
    assert matches(row, min_outlets=3) and not matches(row, min_outlets=4)
    assert matches(row, since="2025-09-20") and not matches(row, since="2025-10")
    assert matches(row, until="2025-09") and not matches(row, until="2025-08-31")
    assert matches(row, outlet="reuters") and not matches(row, outlet="AP")
    assert matches(row, language="en") and not matches(row, language="fr")
    assert matches({"id": "x", "outlets": 2}, min_outlets=2)


def test_parse_time() -> None:
    assert parse_time("2025-09-11") == datetime(2025, 9, 11, tzinfo=UTC)
    assert parse_time("2025-09-11T13:30:00+02:00").hour == 13
    assert parse_time("2025-09") == datetime(2025, 9, 1, tzinfo=UTC)
    assert parse_time("2025-09-11T13:30:00Z").tzinfo is not None
    assert parse_time("nonsense") is None and parse_time(None) is None
