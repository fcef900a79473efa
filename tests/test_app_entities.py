"""Canonical entities linked at ingest and kept in the store (SQLite and PostgreSQL): incremental
linking across processes equals one run, mentions follow merges, entity reads for entity pages."""

from __future__ import annotations

from pathlib import Path

from lagebild.app.index import relink
from lagebild.app.ingest import ingest
from lagebild.link.persist import StoredEntityIndex
from lagebild.model import Article, Source, Span
from lagebild.store import entities as db
from lagebild.store.base import Store, open_store

from helpers import write


def _art(aid: str, text: str, names: list[tuple[str, str]]) -> Article:
    spans = []
    for name, label in names:
        start = text.index(name)
        spans.append(Span(start, start + len(name), label, {"tag": label}))
    return Article(source=Source(aid, "text", aid), raw=text, text=text, id=aid, language="de",
                   layers={"entities": spans})


def _stored(store: Store, a: Article) -> Article:
    with store.transaction():
        store.add_article(a)
    return a


def test_mentions_follow_a_merge_made_by_a_later_process(any_store: Store) -> None:
    a1 = _stored(any_store, _art("a1", "Brekow traf Vertreter von Nordwerk in Hafenstedt.",
                                 [("Brekow", "PER"), ("Nordwerk", "ORG"), ("Hafenstedt", "LOC")]))
    StoredEntityIndex(any_store).link([a1])
    bare = db.mention_ids(any_store, ["a1"])[("a1", 0, 6)]
    a2 = _stored(any_store, _art("a2", "Anna Brekow, Chefin von Nordwerk, sprach in Hafenstedt.",
                                 [("Anna Brekow", "PER"), ("Nordwerk", "ORG"), ("Hafenstedt", "LOC")]))
    StoredEntityIndex(any_store).link([a2])  # a new index: loads the first one's state from the store
    full = db.mention_ids(any_store, ["a2"])[("a2", 0, 11)]
    assert db.mention_ids(any_store, ["a1"])[("a1", 0, 6)] == full  # the stored mention followed the merge
    assert db.resolve(any_store, bare) == full and db.get_entity(any_store, bare).id == full
    ent = db.get_entity(any_store, full)
    assert ent.label == "PER" and {"Brekow", "Anna Brekow"} <= set(ent.aliases)
    assert ent.n_mentions == 2 and ent.n_articles == 2
    assert set(db.articles_of(any_store, bare)) == {"a1", "a2"}
    assert [m[0] for m in db.mentions_of(any_store, full)] == ["a1", "a2"]
    at = a2.text.index("Nordwerk")
    nordwerk = db.mention_ids(any_store, ["a2"])[("a2", at, at + len("Nordwerk"))]
    assert db.get_entity(any_store, nordwerk).n_articles == 2
    assert db.unlinked_ids(any_store) == []


def test_linking_again_is_a_no_op(any_store: Store) -> None:
    a1 = _stored(any_store, _art("a1", "Nordwerk baut in Hafenstedt.", [("Nordwerk", "ORG"), ("Hafenstedt", "LOC")]))
    index = StoredEntityIndex(any_store)
    index.link([a1])
    index.link([a1])  # a killed run's article handed in twice: counted once
    StoredEntityIndex(any_store).link([a1])
    assert {e.n_mentions for e in db.top_entities(any_store)} == {1}


def _entity_table(store: Store) -> list[tuple[str, str, int]]:
    return sorted((e.name, e.label, e.n_mentions) for e in db.top_entities(store))


def _mention_table(store: Store) -> set[tuple[str, int, int, str]]:
    ids = [r["id"] for r in store.article_headers()]
    names = {e.id: e.name for e in db.top_entities(store)}
    return {(a, s, e, names[eid]) for (a, s, e), eid in db.mention_ids(store, ids).items()}


def test_ingest_in_two_runs_links_like_one_run(tmp_path: Path, cfg) -> None:
    texts = {
        "a.txt": "Hafenstreik in Hamburg\n\n11.03.2025\n\nDie Gewerkschaft Verdi ruft zum Streik im Hamburger Hafen "
                 "auf. Verdi-Sprecherin Anna Berger sagte am Dienstag, die Beschäftigten seien bereit.",
        "b.txt": "Streik geht weiter\n\n12.03.2025\n\nIm Hamburger Hafen wird weiter gestreikt. Berger sagte, Verdi "
                 "bleibe bei ihrer Forderung. Die Hamburger Hafen und Logistik AG wies das zurück.",
        "c.txt": "Einigung im Hafen\n\n14.03.2025\n\nVerdi und die Hamburger Hafen und Logistik AG haben sich "
                 "geeinigt. Anna Berger sprach von einem guten Ergebnis für die Beschäftigten in Hamburg.",
    }
    for name, text in texts.items():
        write(tmp_path / "in" / name, text)
    with open_store(tmp_path / "one.db") as one:
        ingest([tmp_path / "in"], one, cfg)
        expected_entities, expected_mentions = _entity_table(one), _mention_table(one)
    with open_store(tmp_path / "two.db") as two:
        ingest([tmp_path / "in" / "a.txt"], two, cfg)
    with open_store(tmp_path / "two.db") as two:  # a second process: the index is loaded from the store
        ingest([tmp_path / "in" / "b.txt", tmp_path / "in" / "c.txt"], two, cfg)
        assert _entity_table(two) == expected_entities and _mention_table(two) == expected_mentions
        berger = next(e for e in db.top_entities(two) if e.name == "Anna Berger")
        assert berger.label == "PER" and berger.n_mentions == 3 and berger.n_articles == 3
        assert len(db.stories_of(two, berger.id)) >= 1
        with two.transaction():
            two.execute("DELETE FROM entity_linked")  # as a store from before entity linking
        assert relink(two) == 3
        assert _entity_table(two) == expected_entities and _mention_table(two) == expected_mentions
