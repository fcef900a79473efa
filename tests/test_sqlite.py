import sqlite3

import pytest

from lagebild.errors import StoreError
from lagebild.model import Article, PubDate, Source, Span
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




def test_cluster_lock_leaves_nothing_next_to_the_store(tmp_path):
    from lagebild.store.sqlite import LOCK_DIR, SQLiteStore

    with SQLiteStore(tmp_path / "x.db") as store, store.cluster_lock():
        assert list(LOCK_DIR.glob("*.cluster-lock"))
    assert sorted(p.name for p in tmp_path.iterdir() if "lock" in p.name) == []
