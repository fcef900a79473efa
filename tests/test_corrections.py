"""Analyst corrections on a real store (SQLite and PostgreSQL): moves, merges, splits, renames and undo, stored as an
audit log and applied over the clusterer's stories; they survive new articles, the clusterer's own
merges and splits, and a re-clustering that changes the ids."""

from __future__ import annotations

from typing import Any

import pytest

from lagebild import corrections as corr
from lagebild.errors import LagebildError, NotFoundError
from lagebild.store import stories as story_db
from lagebild.store.base import Store

Layout = dict[str, dict[str, list[str]]]  # story -> event -> articles


def add_articles(store: Store, ids: list[str], day: str = "2025-09-0") -> None:
    with store.transaction():
        for i, aid in enumerate(ids):
            store.execute("INSERT INTO articles (id, title, text, published, data) VALUES (?,?,?,?,?)"
                          " ON CONFLICT (id) DO NOTHING",
                          (aid, f"Titel {aid}", f"Text von {aid}.", f"2025-09-{(i % 9) + 1:02d}", "{}"))


def cluster(store: Store, layout: Layout, merged: dict[str, str] | None = None) -> None:
    """Write the clusterer's tables as the clusterer would (stories, events, assignments, aliases)."""
    add_articles(store, [a for evs in layout.values() for arts in evs.values() for a in arts])
    batch = story_db.Batch()
    for sid, evs in layout.items():
        n = sum(len(a) for a in evs.values())
        batch.stories.append({"id": sid, "seq": int(sid[1:]), "title": f"Thema {sid}", "first_seen": "2025-09-01",
                              "last_seen": "2025-09-09", "n_events": len(evs), "n_articles": n, "status": "active",
                              "merged_into": None})
        for eid, arts in evs.items():
            batch.events.append({"id": eid, "seq": int(eid[1:]), "story_id": sid, "title": f"Ereignis {eid}",
                                 "first_seen": "2025-09-01", "last_seen": "2025-09-09", "n_articles": len(arts),
                                 "status": "active", "merged_into": None, "titles": []})
            batch.assignments += [(a, eid, None, None) for a in arts]
    for old, new in (merged or {}).items():
        kind = "story" if old.startswith("s") else "event"
        batch.aliases.append((old, kind, new))
        table = "story_stories" if kind == "story" else "story_events"
        store.execute(f"UPDATE {table} SET status = 'merged', merged_into = ? WHERE id = ?", (new, old))
    story_db.write_batch(store, batch)


def layout_of(stories: list[Any]) -> Layout:
    return {s.id: {e.id: sorted(e.article_ids) for e in s.events} for s in stories}


def where(store: Store, article: str) -> str:
    return next(s.id for s in corr.corrected_stories(store) if article in s.article_ids)


BASE: Layout = {
    "s000001": {"e000001": ["a1", "a2", "a3"], "e000002": ["a4", "a5"]},
    "s000002": {"e000003": ["b1", "b2"]},
    "s000003": {"e000004": ["c1"]},
}


@pytest.fixture
def st(any_store: Store) -> Store:
    cluster(any_store, BASE)
    return any_store


def test_no_corrections_reads_like_the_clusterer(st: Store) -> None:
    assert layout_of(corr.corrected_stories(st)) == layout_of(story_db.list_stories(st))
    assert corr.version(st) == 0 and corr.history(st) == [] and corr.pinned(st) == {}
    assert corr.corrected_story(st, "s000002").article_ids == ["b1", "b2"]


def test_move_article_to_story_and_to_event(st: Store) -> None:
    row = corr.move_article(st, "a5", to_story="s000002", actor="anna", note="gehört zum Hafenstreik")
    assert row["action"] == "move_article" and row["story_id"] == "s000001" and row["target_id"] == "s000002"
    got = layout_of(corr.corrected_stories(st))
    assert got["s000001"] == {"e000001": ["a1", "a2", "a3"], "e000002": ["a4"]}
    assert got["s000002"] == {"e000003": ["b1", "b2"], f"ex{row['seq']:06d}": ["a5"]}
    one = corr.corrected_story(st, "s000002")
    assert one.meta["n_articles"] == 3 and one.meta["corrections"] == [row["seq"]]
    corr.move_article(st, "c1", to_event="e000001")
    assert where(st, "c1") == "s000001"
    assert "s000003" not in layout_of(corr.corrected_stories(st))  # emptied: no longer listed
    assert corr.pinned(st) == {"a5": "s000002", "c1": "e000001"}
    assert corr.version(st) == 2


def test_merge_follows_new_articles_and_clusterer_changes(st: Store) -> None:
    row = corr.merge_stories(st, "s000002", "s000001", actor="anna")
    got = corr.corrected_stories(st)
    assert [s.id for s in got].count("s000001") == 1 and "s000002" not in {s.id for s in got}
    merged = corr.corrected_story(st, "s000002")  # the old id leads to the story it went into
    assert merged.id == "s000001" and merged.meta["requested_id"] == "s000002"
    assert set(merged.article_ids) == {"a1", "a2", "a3", "a4", "a5", "b1", "b2"}
    # a new article the clusterer puts into the merged-away story shows in the merged one
    cluster(st, {"s000002": {"e000003": ["b1", "b2", "b3"]}})
    assert where(st, "b3") == "s000001"
    # the clusterer later splits the merged-away story: the split-off part follows the merge (anchor)
    cluster(st, {"s000002": {"e000003": ["b1"]}, "s000009": {"e000009": ["b2", "b3"]}})
    assert where(st, "b2") == "s000001" and where(st, "b3") == "s000001"
    # the clusterer merges the target into an older story: the merge follows the alias
    cluster(st, {"s000000": {"e000000": ["z1"], "e000001": ["a1", "a2", "a3"], "e000002": ["a4", "a5"]}},
            merged={"s000001": "s000000"})
    assert where(st, "b1") == "s000000"
    assert corr.history(st, "s000000")[0]["seq"] == row["seq"]


def test_split_and_later_joiners_of_a_moved_event(st: Store) -> None:
    row = corr.split_story(st, "s000001", article_ids=["a4", "a5", "a3"], title="Schlichtung", actor="ben")
    new = row["target_id"]
    assert new == f"sx{row['seq']:06d}" and row["detail"]["event_ids"] == ["e000002"]
    got = layout_of(corr.corrected_stories(st))
    assert got["s000001"] == {"e000001": ["a1", "a2"]}
    assert got[new] == {"e000002": ["a4", "a5"], f"ex{row['seq']:06d}": ["a3"]}
    assert corr.corrected_story(st, new).title == "Schlichtung"
    cluster(st, {"s000001": {"e000001": ["a1", "a2", "a3"], "e000002": ["a4", "a5", "a6"]}})
    assert where(st, "a6") == new  # joined the event that moved with the split
    corr.rename_story(st, new, "Schlichtung im Hafen")
    assert corr.corrected_story(st, new).title == "Schlichtung im Hafen"
    # articles can be moved into the analyst's story and its events
    corr.move_article(st, "c1", to_event=f"ex{row['seq']:06d}")
    assert where(st, "c1") == new
    with pytest.raises(LagebildError):
        corr.split_story(st, "s000002", article_ids=["b1", "b2"])  # would leave nothing
    with pytest.raises(LagebildError):
        corr.split_story(st, "s000002", article_ids=["a1"])  # not in that story


def test_rename_newest_wins_and_survives_merge(st: Store) -> None:
    corr.rename_story(st, "s000002", "Hafenstreik\nHamburg")
    corr.rename_story(st, "s000002", "  Hafenstreik in Hamburg ")
    assert corr.corrected_story(st, "s000002").title == "Hafenstreik in Hamburg"
    corr.merge_stories(st, "s000003", "s000002")
    assert corr.corrected_story(st, "s000003").title == "Hafenstreik in Hamburg"
    with pytest.raises(LagebildError):
        corr.rename_story(st, "s000002", " \x00 ")


def test_undo_and_audit_log(st: Store) -> None:
    move = corr.move_article(st, "a1", to_story="s000003", actor="anna")
    merge = corr.merge_stories(st, "s000003", "s000002", actor="ben")
    assert where(st, "a1") == "s000002"
    back = corr.undo(st, merge["seq"], actor="anna", note="doch getrennt")
    assert back["action"] == "undo" and back["target_id"] == str(merge["seq"])
    assert where(st, "a1") == "s000003"
    corr.undo(st, move["seq"])
    assert layout_of(corr.corrected_stories(st)) == layout_of(story_db.list_stories(st))
    log = corr.history(st)
    assert [r["action"] for r in log] == ["undo", "undo", "merge_stories", "move_article"]
    assert log[2]["reverted_by"] == back["seq"] and log[3]["actor"] == "anna"
    assert "zurückgenommen" in corr.describe(log[3], "de") and "undone" in corr.describe(log[3], "en")
    with pytest.raises(LagebildError):
        corr.undo(st, merge["seq"])  # already undone
    with pytest.raises(LagebildError):
        corr.undo(st, back["seq"])  # an undo is not undone
    with pytest.raises(NotFoundError):
        corr.undo(st, 999)


def test_invalid_corrections_leave_no_trace(st: Store) -> None:
    with pytest.raises(NotFoundError):
        corr.move_article(st, "nope", to_story="s000002")
    with pytest.raises(NotFoundError):
        corr.move_article(st, "a1", to_story="s999999")
    with pytest.raises(NotFoundError):
        corr.move_article(st, "a1", to_event="e999999")
    with pytest.raises(LagebildError):
        corr.move_article(st, "a1", to_story="s000001")  # already there
    with pytest.raises(LagebildError):
        corr.move_article(st, "a1")
    with pytest.raises(LagebildError):
        corr.merge_stories(st, "s000001", "s000001")
    with pytest.raises(NotFoundError):
        corr.merge_stories(st, "s000001", "s404")
    assert corr.history(st) == [] and corr.version(st) == 0


def test_pins_survive_a_reclustering_with_new_ids(st: Store) -> None:
    """The clusterer rebuilds with other ids: pinned articles stay put, a merge follows its articles."""
    corr.move_article(st, "a5", to_story="s000002")
    corr.merge_stories(st, "s000003", "s000002")
    cluster(st, {"s000011": {"e000011": ["a1", "a2", "a3", "a4", "a5"]}, "s000012": {"e000012": ["b1", "b2"]},
                 "s000013": {"e000013": ["c1", "c2"]}},
            merged={"s000001": "s000011", "s000002": "s000012", "s000003": "s000013"})
    assert where(st, "a5") == "s000012" and where(st, "c1") == "s000012" and where(st, "c2") == "s000012"
    assert where(st, "a1") == "s000011"
