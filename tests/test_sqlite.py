import sqlite3

import pytest

from lagebild.errors import NotFoundError, QueryError, StoreError
from lagebild.model import Article, PubDate, Rejection, Source, Span
from lagebild.store.schema import MIGRATIONS
from lagebild.store.sqlite import SQLiteStore


def _article(text="Der Hafen in Hamburg wird bestreikt.", aid="a1", source="a.txt"):
    return Article(source=Source(source, "text", "h-" + source), raw=text, text=text, id=aid, title="Streik",
                   language="de", published=PubDate("2025-03-11", "day", "byline"),
                   layers={"sentences": [Span(0, len(text))]})


def test_wal_and_migrations(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as st:
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert st.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    with SQLiteStore(path) as st:  # reopening migrates nothing and keeps data
        assert st.counts()["articles"] == 0
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer than this lagebild"):
        SQLiteStore(path)


def test_article_roundtrip_and_sources(store):
    art = _article()
    with store.transaction():
        assert store.add_article(art)
        assert not store.add_article(art)  # same content id: stored once
        store.add_source("a1", art, "new", None)
        store.add_source("a1", _article(source="b.txt"), "exact", 1.0)
    back = store.get_article("a1")
    assert back.text == art.text and back.published == art.published
    assert back.spans("sentences") == art.spans("sentences")
    assert [s.source for s in back.sources] == ["a.txt", "b.txt"]
    assert store.source_unchanged("a.txt", "h-a.txt") and not store.source_unchanged("a.txt", "other")
    with pytest.raises(NotFoundError):
        store.get_article("nope")


def test_search_and_bad_queries(store):
    with store.transaction():
        store.add_article(_article())
        store.add_article(_article("Die Regierung berät über den Haushalt.", "a2"))
    hits = store.search("hafen")
    assert [h["id"] for h in hits] == ["a1"] and "[Hafen]" in hits[0]["snippet"]
    assert store.search('"berät über"')[0]["id"] == "a2"
    for bad in ("AND (", '"unclosed', ""):
        with pytest.raises(QueryError):
            store.search(bad)


def test_rejected_is_cleared_when_the_source_later_succeeds(store):
    with store.transaction():
        store.reject(Rejection("a.txt", "empty file", "EmptyInputError"))
    assert store.rejected()[0]["reason"] == "empty file"
    with store.transaction():
        store.add_article(_article())
        store.add_source("a1", _article(), "new", None)
    assert store.rejected() == []


def test_transaction_rolls_back(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(_article())
        raise RuntimeError("boom")
    assert store.counts()["articles"] == 0


def test_changed_source_replaces_orphaned_article(store):
    with store.transaction():
        store.add_article(_article())
        store.add_source("a1", _article(), "new", None)
        changed = _article("Ein ganz neuer Text im selben File.", "a2")
        store.add_article(changed)
        store.add_source("a2", changed, "new", None)
    assert [r["id"] for r in store.article_rows()] == ["a2"]
