"""Analyst corrections on a store built by the real CLI from the demo corpus survive re-ingesting
it and ingesting new articles (the real clusterer runs in between)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lagebild import corrections as corr
from lagebild.store.base import open_store
from ui_harness import corpus_inputs, ingest

FOLLOW_UP = [
    {"id": "kuestenpost-nachlese", "url": "https://www.kuestenpost.example/hafen/nachlese-tarifstreit",
     "outlet": "Küstenpost", "published": "2025-09-26T09:00:00+02:00",
     "title": "Nach dem Tarifstreit: Hafenbetrieb wieder im Normaltakt",
     "text": "Drei Tage nach dem Schlichterspruch im Tarifstreit an den Terminals der Elbkai Terminal AG läuft der "
             "Betrieb im Hamburger Hafen wieder im Normaltakt. Die Gewerkschaft Verdi erklärte, die Beschäftigten "
             "seien mit dem Ergebnis der Schlichtung zufrieden. Der Rückstau der Containerschiffe auf der Elbe sei "
             "abgebaut, teilte die Hafenverwaltung am Freitag mit."},
]


def test_corrections_survive_reingest_and_new_articles(ui_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    shutil.copy(ui_db, db)
    with open_store(db) as store:
        stories = sorted(corr.corrected_stories(store), key=lambda s: -len(s.article_ids))
        big, other = stories[0], stories[1]
        moved = big.article_ids[-1]
        move = corr.move_article(store, moved, to_story=other.id, actor="anna", note="passt dorthin")
        kept = [a for a in big.article_ids if a != moved]
        split = corr.split_story(store, big.id, article_ids=kept[:2], title="Abgeteilt", actor="ben")
        corr.rename_story(store, big.id, "Hafenstreik Hamburg", actor="anna")
        before = {s.id: sorted(s.article_ids) for s in corr.corrected_stories(store)}
    again = ingest(db, corpus_inputs())  # the same files: nothing new
    assert again.returncode == 0, again.stderr[-2000:]
    extra = tmp_path / "neu.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in FOLLOW_UP), encoding="utf-8")
    new = ingest(db, [extra])
    assert new.returncode == 0, new.stderr[-2000:]
    with open_store(db) as store:
        after = {s.id: s for s in corr.corrected_stories(store)}
        assert moved in after[other.id].article_ids and moved not in after[big.id].article_ids
        assert sorted(after[split["target_id"]].article_ids) == sorted(kept[:2])
        assert after[split["target_id"]].title == "Abgeteilt"
        assert after[big.id].title == "Hafenstreik Hamburg"
        for sid, arts in before.items():  # nothing the analyst placed has moved
            assert set(arts) <= set(after[sid].article_ids), sid
        grown = {sid for sid, s in after.items() if len(s.article_ids) > len(before.get(sid, []))}
        assert len(grown) == 1  # the follow-up joined one story
        log = corr.history(store)
        assert [r["seq"] for r in log][::-1][:3] == [move["seq"], split["seq"], split["seq"] + 1]
