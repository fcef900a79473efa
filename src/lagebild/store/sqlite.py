"""Embedded store on SQLite: WAL, one writer with a busy timeout, migrations, FTS5 search.

Writes happen in explicit transactions (``with store.transaction():``) so that a batch of
articles is stored whole or not at all: a killed ingest loses at most its open batch, and the
re-run stores every article exactly once (sources are keyed by name and content hash).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import NotFoundError, QueryError, StoreError
from ..model import Article, Rejection
from .schema import MIGRATIONS

#: Milliseconds a writer waits for another writer before giving up (ingest batches are short).
BUSY_TIMEOUT_MS = 30_000


class SQLiteStore:
    def __init__(self, path: str | os.PathLike[str] = ":memory:") -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._depth = 0
        self.migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def migrate(self) -> int:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"store {self.path} has schema {version}, newer than this lagebild "
                             f"({len(MIGRATIONS)}): upgrade lagebild")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for stmt in _statements(script):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version = {number}")
        return len(MIGRATIONS)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- writing -----------------------------------------------------------------------------
    def source_unchanged(self, source: str, item_hash: str) -> bool:
        row = self.conn.execute("SELECT item_hash FROM sources WHERE source = ?", (source,)).fetchone()
        return row is not None and row["item_hash"] == item_hash

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article) -> bool:
        """Insert the article unless its id is stored already. True when it was new."""
        data = _data(article)
        pub = article.published
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO articles (id, title, text, language, published, published_granularity,"
            " published_origin, outlet, url, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (article.id, article.title, article.text, article.language, pub.value if pub else None,
             pub.granularity if pub else None, pub.origin if pub else None,
             article.outlet, article.url, json.dumps(data, ensure_ascii=False)))
        return cur.rowcount == 1

    def update_article(self, article: Article) -> None:
        """Rewrite a stored article's annotations and publication date (same id, same text)."""
        data = _data(article)
        pub = article.published
        self.conn.execute(
            "UPDATE articles SET published = ?, published_granularity = ?, published_origin = ?, data = ?"
            " WHERE id = ?", (pub.value if pub else None, pub.granularity if pub else None,
                              pub.origin if pub else None, json.dumps(data, ensure_ascii=False), article.id))

    def add_source(self, article_id: str, article: Article, folded: str, similarity: float | None) -> None:
        src = article.source
        published = src.published or article.published
        old = self.conn.execute("SELECT article_id FROM sources WHERE source = ?", (src.source,)).fetchone()
        self.conn.execute(
            "INSERT OR REPLACE INTO sources (source, article_id, kind, item_hash, url, outlet, title, published,"
            " folded, similarity, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (src.source, article_id, src.kind, src.item_hash, src.url or article.url,
             src.outlet or article.outlet, src.title or article.title,
             published.value if published else None,
             folded, similarity, json.dumps(src.warnings, ensure_ascii=False)))
        self.conn.execute("DELETE FROM rejected WHERE source = ?", (src.source,))
        if old is not None and old["article_id"] != article_id:
            self._drop_if_orphan(old["article_id"])

    def _drop_if_orphan(self, article_id: str) -> None:
        left = self.conn.execute("SELECT 1 FROM sources WHERE article_id = ?", (article_id,)).fetchone()
        if left is None:
            self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def reject(self, rejection: Rejection) -> None:
        self.conn.execute("INSERT OR REPLACE INTO rejected (source, reason, error) VALUES (?,?,?)",
                          (rejection.source, rejection.reason, rejection.error))

    def add_signature(self, article_id: str, signature: bytes, bands: Sequence[tuple[int, bytes]]) -> None:
        self.conn.execute("INSERT OR REPLACE INTO minhash (article_id, signature) VALUES (?,?)",
                          (article_id, signature))
        self.conn.executemany("INSERT OR IGNORE INTO lsh_bands (band, key, article_id) VALUES (?,?,?)",
                              [(b, k, article_id) for b, k in bands])

    def band_candidates(self, bands: Sequence[tuple[int, bytes]]) -> dict[str, bytes]:
        """Articles sharing at least one LSH band key, with their MinHash signatures."""
        if not bands:
            return {}
        where = " OR ".join(["(b.band = ? AND b.key = ?)"] * len(bands))
        params = [v for pair in bands for v in pair]
        rows = self.conn.execute(
            "SELECT DISTINCT m.article_id, m.signature FROM lsh_bands b JOIN minhash m USING (article_id)"
            f" WHERE {where}", params).fetchall()
        return {row[0]: row[1] for row in rows}

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {"articles": q("SELECT count(*) FROM articles").fetchone()[0],
                "sources": q("SELECT count(*) FROM sources").fetchone()[0],
                "rejected": q("SELECT count(*) FROM rejected").fetchone()[0]}

    def get_article(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r}")
        return self._article(row)

    def iter_articles(self, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        sql = "SELECT * FROM articles ORDER BY published IS NULL, published, id"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        for row in self.conn.execute(sql, params).fetchall():
            yield self._article(row)

    def article_rows(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.language, a.published, a.published_granularity, a.outlet,"
            " length(a.text) AS chars, (SELECT count(*) FROM sources s WHERE s.article_id = a.id) AS n_sources,"
            " (SELECT group_concat(s.source, '\n') FROM sources s WHERE s.article_id = a.id) AS sources"
            " FROM articles a ORDER BY a.published IS NULL, a.published, a.id LIMIT ? OFFSET ?",
            (limit, offset)).fetchall()
        return [dict(r) | {"sources": (r["sources"] or "").split("\n")} for r in rows]

    def sources_of(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM sources WHERE article_id = ? ORDER BY ingested_at, source",
                                 (article_id,)).fetchall()
        return [dict(r) | {"warnings": json.loads(r["warnings"])} for r in rows]

    def rejected(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM rejected ORDER BY at, source")]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """FTS5 search over titles and texts, best first; a broken query raises QueryError."""
        if not query.strip():
            raise QueryError("empty search query")
        try:
            rows = self.conn.execute(
                "SELECT a.id, a.title, a.published, a.outlet,"
                " snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts) AS score"
                " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                " WHERE articles_fts MATCH ? ORDER BY score LIMIT ?", (query, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"cannot parse search query {query!r}: {exc}") from exc
        return [dict(r) for r in rows]

    def _article(self, row: sqlite3.Row) -> Article:
        data = json.loads(row["data"])
        data.update(id=row["id"], title=row["title"], text=row["text"], language=row["language"],
                    outlet=row["outlet"], url=row["url"])
        srcs = self.sources_of(row["id"])
        data["sources"] = [_source_dict(s) for s in srcs]
        data["source"] = data["sources"][0] if data["sources"] else {"source": "", "kind": "", "item_hash": ""}
        return Article.from_dict(data)


def _data(article: Article) -> dict[str, Any]:
    """What goes into the JSON ``data`` column: everything without a column of its own."""
    data = article.to_dict()
    for key in ("id", "title", "text", "language", "outlet", "url", "source", "sources"):
        data.pop(key, None)
    return data


def _source_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {"source": row["source"], "kind": row["kind"], "item_hash": row["item_hash"], "url": row["url"],
            "outlet": row["outlet"], "title": row["title"], "published": None, "warnings": row["warnings"]}


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    buf: list[str] = []
    for line in script.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and (not joined.upper().startswith("CREATE TRIGGER") or joined.upper().endswith("END;")):
            yield joined
            buf = []
    if "".join(buf).strip():
        yield "\n".join(buf)
