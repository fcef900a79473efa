"""The store suite, run against both backends (SQLite file and a throwaway PostgreSQL database)."""

from __future__ import annotations

import pytest

from lagebild.errors import NotFoundError
from lagebild.model import Article, PubDate, Rejection, Source, Span, bytes_hash, content_id
from lagebild.store import stories as db
from lagebild.store.base import Store, is_postgres_url, open_store, redact_location
from lagebild.store.query import HIT_END, HIT_START
from lagebild.store.schema import MIGRATIONS, scripts_for
from lagebild.story.cluster import ClusterConfig, StoryClusterer


def _article(text="Der Hafen in Hamburg wird bestreikt.", aid="a1", source="a.txt", published="2025-03-11"):
    return Article(source=Source(source, "text", "h-" + source), raw=text, text=text, id=aid, title="Streik",
                   language="de", published=PubDate(published, "day", "byline") if published else None,
                   outlet="Musterzeitung", layers={"sentences": [Span(0, len(text))]})


def test_protocol_and_factory(any_store: Store) -> None:
    assert isinstance(any_store, Store)
    assert any_store.dialect == ("postgresql" if is_postgres_url(any_store.path) else "sqlite")
    assert is_postgres_url("postgresql://u@/db?host=/tmp") and is_postgres_url("postgres://h/db")
    assert not is_postgres_url("news.db") and not is_postgres_url(":memory:")
    assert open_store(":memory:").dialect == "sqlite"
    assert redact_location("postgresql://u:s3cret@db.example/news") == "postgresql://u:***@db.example/news"
    assert redact_location("host=db password=s3cret dbname=news") == "host=db password=*** dbname=news"
    assert redact_location("news.db") == "news.db"


def test_one_migration_list_for_both_dialects() -> None:
    for dialect in ("sqlite", "postgresql"):
        assert len(scripts_for(dialect)) == len(MIGRATIONS)
    pg = "\n".join(scripts_for("postgresql"))
    assert "BLOB" not in pg and "strftime" not in pg and "WITHOUT ROWID" not in pg and "BYTEA" in pg
    assert "to_tsvector('german'" in pg and "fts5" in scripts_for("sqlite")[0]


def test_article_roundtrip_and_sources(any_store: Store) -> None:
    store, art = any_store, _article()
    with store.transaction():
        assert store.add_article(art)
        assert not store.add_article(art)  # same content id: stored once
        store.add_source("a1", art, "new", None)
        store.add_source("a1", _article(source="b.txt"), "exact", 1.0)
    back = store.get_article("a1")
    assert back.text == art.text and back.published == art.published and back.outlet == "Musterzeitung"
    assert back.spans("sentences") == art.spans("sentences")
    assert [s.source for s in back.sources] == ["a.txt", "b.txt"]
    assert store.source_unchanged("a.txt", "h-a.txt") and not store.source_unchanged("a.txt", "other")
    assert store.counts() == {"articles": 1, "sources": 2, "rejected": 0}
    assert store.article_rows()[0]["sources"] == ["a.txt", "b.txt"] and store.article_rows()[0]["n_sources"] == 2
    assert [s["similarity"] for s in store.sources_of("a1")] == [None, 1.0]
    with pytest.raises(NotFoundError):
        store.get_article("nope")


def test_update_article_and_iteration_order(any_store: Store) -> None:
    store = any_store
    with store.transaction():
        store.add_article(_article("Ein Text ohne Datum über den Hafen.", "u1", published=None))
        store.add_article(_article("Ein späterer Text über den Hafen.", "a2", published="2025-03-12"))
        store.add_article(_article())
    assert [a.id for a in store.iter_articles()] == ["a1", "a2", "u1"]  # undated last
    assert [a.id for a in store.iter_articles(limit=1, offset=1)] == ["a2"]
    art = store.get_article("u1")
    art.published = PubDate("2025-03-10", "day", "event")
    with store.transaction():
        store.update_article(art)
    assert store.get_article("u1").published == art.published


def test_signatures_and_band_candidates(any_store: Store) -> None:
    store = any_store
    with store.transaction():
        store.add_article(_article())
        store.add_signature("a1", b"\x00\x01sig", [(0, b"k0"), (1, b"k1")])
        store.add_signature("a1", b"\x00\x01sig", [(0, b"k0")])  # idempotent
    assert store.band_candidates([(1, b"k1"), (2, b"zz")]) == {"a1": b"\x00\x01sig"}
    assert store.band_candidates([(0, b"k1")]) == {} and store.band_candidates([]) == {}


def test_search_and_bad_queries(any_store: Store) -> None:
    store = any_store
    with store.transaction():
        store.add_article(_article())
        store.add_article(_article("Die Regierung berät über den Haushalt.", "a2"))
    hits = store.search("hafen")
    assert [h["id"] for h in hits] == ["a1"] and f"{HIT_START}Hafen{HIT_END}" in hits[0]["snippet"]
    assert store.search('"berät über"')[0]["id"] == "a2"
    assert {h["id"] for h in store.search("hafen OR haushalt")} == {"a1", "a2"}
    assert [h["id"] for h in store.search("streik NOT hafen")] == ["a2"]  # both titles say Streik
    assert [h["id"] for h in store.search("hafen OR")] == ["a1"]  # a stray operator is ignored
    for odd in ("AND (", '"unclosed', "", "'; DROP TABLE articles; --"):
        assert store.search(odd) == []  # what a user types never reaches the query parser as syntax
    assert store.phrase_ids("Hafen in Hamburg") == ["a1"] and store.phrase_ids("Hamburg Hafen") == []


def test_rejected_is_cleared_when_the_source_later_succeeds(any_store: Store) -> None:
    store = any_store
    with store.transaction():
        store.reject(Rejection("a.txt", "empty file", "EmptyInputError"))
        store.reject(Rejection("a.txt", "still empty", "EmptyInputError"))  # replaces
    assert [r["reason"] for r in store.rejected()] == ["still empty"]
    with store.transaction():
        store.add_article(_article())
        store.add_source("a1", _article(), "new", None)
    assert store.rejected() == []


def test_transaction_rolls_back(any_store: Store) -> None:
    with pytest.raises(RuntimeError), any_store.transaction():
        any_store.add_article(_article())
        raise RuntimeError("boom")
    assert any_store.counts()["articles"] == 0


def test_changed_source_replaces_orphaned_article(any_store: Store) -> None:
    store = any_store
    with store.transaction():
        store.add_article(_article())
        store.add_source("a1", _article(), "new", None)
        changed = _article("Ein ganz neuer Text im selben File.", "a2")
        store.add_article(changed)
        store.add_source("a2", changed, "new", None)
    assert [r["id"] for r in store.article_rows()] == ["a2"]


def test_interface_reads(any_store: Store) -> None:
    store = any_store
    before = store.now()
    with store.transaction():
        store.add_article(_article())
        store.add_article(_article("Ein Text von gestern über den Haushalt.", "a0", published="2025-03-10"))
        store.add_article(_article("Ein Text ohne Datum.", "u1", published=None))
    assert set(store.article_ids_since(before)) == {"a1", "a0", "u1"}
    assert store.article_ids_since("9999") == []
    assert [r["id"] for r in store.article_headers()] == ["a1", "a0", "u1"]  # newest first, undated last
    assert [r["id"] for r in store.article_headers(["u1", "a0"])] == ["a0", "u1"]
    assert set(store.unclustered_ids()) == {"a1", "a0", "u1"} and store.unclustered_ids(3600) == []
    total, rows = store.filter_articles(limit=10, offset=0, until="2025-03-10", outlet="musterzeitung")
    assert total == 1 and rows[0]["id"] == "a0" and rows[0]["chars"] > 0
    total, rows = store.filter_articles(limit=1, offset=1, since="2025-03")
    assert total == 2 and [r["id"] for r in rows] == ["a0"]
    assert store.filter_articles(limit=5, offset=0, ids=[])[0] == 0
    assert store.filter_articles(limit=5, offset=0, ids=["u1"], language="de")[0] == 1


def _cluster_article(title: str, day: str, body: str) -> Article:
    text = f"{title}\n\n{body}"
    art = Article(source=Source(f"mem://{title}", "text", bytes_hash(text.encode())), raw=text, text=text,
                  title=title, language="de", published=PubDate(day, "day", "metadata"))
    art.id = content_id(text)
    return art


STRIKE = [("Streik im Hafen Hamburg", f"2025-03-1{i}",
           f"Die Hafenarbeiter in Hamburg streiken seit {i} Tagen. Verdi fordert höhere Löhne an den "
           "Containerterminals der HHLA, Schiffe stauen sich auf der Elbe.") for i in range(3)]


def test_story_tables_merge_and_alias(any_store: Store) -> None:
    """The clusterer's tables on both backends: upserts, blobs, aliases, the log, reloading."""
    store = any_store
    cfg = ClusterConfig(event_threshold=1.01, story_threshold=1.01, event_merge_threshold=0.2,
                        story_merge_threshold=0.2, use_encoder=False)
    arts = [_cluster_article(*a) for a in STRIKE]
    with StoryClusterer(store, cfg) as clusterer:
        ids = [clusterer.add(a) for a in arts]
        clusterer.consolidate()
    stories = db.list_stories(store)
    assert len(stories) == 1 and stories[0].events[0].id == ids[0][0]
    assert db.load_story(store, ids[2][1]).id == stories[0].id
    assert ("merge", "event") in {(r["action"], r["kind"]) for r in db.consolidation_log(store)}
    assert db.all_assignments(store) == {a.id: ids[0][0] for a in arts}
    assert db.event_of(store, arts[1].id) == ids[0][0] and db.event_of(store, "nope") is None
    assert db.generation(store) is not None and store.unclustered_ids() == []
    blobs = db.features_blobs(store, [a.id for a in arts])
    assert set(blobs) == {a.id for a in arts} and all(isinstance(b, bytes) for b in blobs.values())
    with StoryClusterer(store, cfg) as again:  # reloads the same state
        assert again.add(arts[0]) == (ids[0][0], stories[0].id)
