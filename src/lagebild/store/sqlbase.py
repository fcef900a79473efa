"""What SQLite and PostgreSQL stores share: every query written once, in portable SQL.

Queries use ``?`` / ``:name`` placeholders and SQL both engines understand (``ON CONFLICT``
upserts, ``ORDER BY x IS NULL``); a backend translates placeholders in :meth:`SQLStore.sql` and
supplies the few things that differ: connecting, migrations, full-text search, locks, ``now``.
Writes happen in explicit transactions (``with store.transaction():``) so that a batch of
articles is stored whole or not at all: a killed ingest loses at most its open batch, and the
re-run stores every article exactly once (sources are keyed by name and content hash).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self

from ..errors import NotFoundError
from ..model import Article, Rejection

#: Ids per ``IN (...)`` list: below SQLite's host-parameter limit, and short statements for both.
CHUNK = 500


class SQLStore:
    """Shared implementation; subclasses set ``conn`` and implement the hooks at the bottom."""

    dialect = ""
    conn: Any
    path: str

    _depth = 0  # nesting depth of transaction(): only the outermost one begins and commits

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One writer at a time (see :meth:`_begin`), everything or nothing; nested calls join
        the open transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- low-level SQL (for lagebild.store modules only) -------------------------------------
    def sql(self, query: str) -> str:
        """``query`` in this backend's placeholder style (identity for SQLite)."""
        return query

    def execute(self, query: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Run one statement; the cursor iterates rows that index by position and by name."""
        return self.conn.execute(self.sql(query), params)

    def executemany(self, query: str, rows: Iterable[Sequence[Any] | dict[str, Any]]) -> None:
        rows = list(rows)
        if rows:
            self.conn.cursor().executemany(self.sql(query), rows)

    # -- writing -----------------------------------------------------------------------------
    def source_unchanged(self, source: str, item_hash: str) -> bool:
        row = self.execute("SELECT item_hash FROM sources WHERE source = ?", (source,)).fetchone()
        return row is not None and row["item_hash"] == item_hash

    def has_article(self, article_id: str) -> bool:
        return self.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article) -> bool:
        """Insert the article unless its id is stored already. True when it was new."""
        data = _data(article)
        pub = article.published
        cur = self.execute(
            "INSERT INTO articles (id, title, text, language, published, published_granularity,"
            " published_origin, outlet, url, data) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING",
            (article.id, article.title, article.text, article.language, pub.value if pub else None,
             pub.granularity if pub else None, pub.origin if pub else None,
             article.outlet, article.url, json.dumps(data, ensure_ascii=False)))
        return bool(cur.rowcount == 1)

    def update_article(self, article: Article) -> None:
        """Rewrite a stored article's annotations and publication date (same id, same text)."""
        data = _data(article)
        pub = article.published
        self.execute(
            "UPDATE articles SET published = ?, published_granularity = ?, published_origin = ?, data = ?"
            " WHERE id = ?", (pub.value if pub else None, pub.granularity if pub else None,
                              pub.origin if pub else None, json.dumps(data, ensure_ascii=False), article.id))

    def add_source(self, article_id: str, article: Article, folded: str, similarity: float | None) -> None:
        src = article.source
        published = src.published or article.published
        old = self.execute("SELECT article_id FROM sources WHERE source = ?", (src.source,)).fetchone()
        self.execute(
            "INSERT INTO sources (source, article_id, kind, item_hash, url, outlet, title, published,"
            " folded, similarity, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (source) DO UPDATE SET"
            " article_id = excluded.article_id, kind = excluded.kind, item_hash = excluded.item_hash,"
            " url = excluded.url, outlet = excluded.outlet, title = excluded.title,"
            " published = excluded.published, folded = excluded.folded, similarity = excluded.similarity,"
            f" warnings = excluded.warnings, ingested_at = {self.now_sql()}",
            (src.source, article_id, src.kind, src.item_hash, src.url or article.url,
             src.outlet or article.outlet, src.title or article.title,
             published.value if published else None,
             folded, similarity, json.dumps(src.warnings, ensure_ascii=False)))
        self.execute("DELETE FROM rejected WHERE source = ?", (src.source,))
        if old is not None and old["article_id"] != article_id:
            self._drop_if_orphan(old["article_id"])

    def _drop_if_orphan(self, article_id: str) -> None:
        left = self.execute("SELECT 1 FROM sources WHERE article_id = ?", (article_id,)).fetchone()
        if left is None:
            self.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def reject(self, rejection: Rejection) -> None:
        self.execute("INSERT INTO rejected (source, reason, error) VALUES (?,?,?) ON CONFLICT (source)"
                     f" DO UPDATE SET reason = excluded.reason, error = excluded.error, at = {self.now_sql()}",
                     (rejection.source, rejection.reason, rejection.error))

    def add_signature(self, article_id: str, signature: bytes, bands: Sequence[tuple[int, bytes]]) -> None:
        self.execute("INSERT INTO minhash (article_id, signature) VALUES (?,?)"
                     " ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature",
                     (article_id, signature))
        self.executemany("INSERT INTO lsh_bands (band, key, article_id) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                         [(b, k, article_id) for b, k in bands])

    def band_candidates(self, bands: Sequence[tuple[int, bytes]]) -> dict[str, bytes]:
        """Articles sharing at least one LSH band key, with their MinHash signatures."""
        if not bands:
            return {}
        where = " OR ".join(["(b.band = ? AND b.key = ?)"] * len(bands))
        params = [v for pair in bands for v in pair]
        rows = self.execute(
            "SELECT DISTINCT m.article_id, m.signature FROM lsh_bands b JOIN minhash m USING (article_id)"
            f" WHERE {where}", params).fetchall()
        return {row[0]: bytes(row[1]) for row in rows}

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        def one(q: str) -> int:
            return int(self.execute(q).fetchone()[0])

        return {"articles": one("SELECT count(*) FROM articles"), "sources": one("SELECT count(*) FROM sources"),
                "rejected": one("SELECT count(*) FROM rejected")}

    def get_article(self, article_id: str) -> Article:
        row = self.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r}")
        return self._article(row)

    def iter_articles(self, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY published IS NULL, published, id"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        for row in self.execute(sql, params).fetchall():
            yield self._article(row)

    def article_rows(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.execute(
            "SELECT a.id, a.title, a.language, a.published, a.published_granularity, a.outlet,"
            " length(a.text) AS chars, (SELECT count(*) FROM sources s WHERE s.article_id = a.id) AS n_sources"
            " FROM articles a ORDER BY a.published IS NULL, a.published, a.id LIMIT ? OFFSET ?",
            (limit, offset)).fetchall()
        names: dict[str, list[str]] = {r["id"]: [] for r in rows}
        for part in chunks(list(names)):
            for src, aid in self.execute("SELECT source, article_id FROM sources WHERE article_id IN"
                                         f" ({marks(part)}) ORDER BY source", part):
                names[aid].append(src)
        return [dict(r) | {"sources": names[r["id"]] or [""]} for r in rows]

    def sources_of(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.execute("SELECT * FROM sources WHERE article_id = ? ORDER BY ingested_at, source",
                            (article_id,)).fetchall()
        return [dict(r) | {"warnings": json.loads(r["warnings"])} for r in rows]

    def rejected(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.execute("SELECT * FROM rejected ORDER BY at, source")]

    # -- reads the interfaces and the ingest need ----------------------------------------------
    def now(self) -> str:
        """The store clock as the ISO text its timestamps use (compare with ``created_at``)."""
        return str(self.execute(f"SELECT {self.now_sql()}").fetchone()[0])

    def article_ids_since(self, timestamp: str) -> list[str]:
        """Articles first stored at or after ``timestamp`` (from :meth:`now`)."""
        return [r[0] for r in self.execute("SELECT id FROM articles WHERE created_at >= ? ORDER BY created_at, id",
                                           (timestamp,))]

    def unclustered_ids(self, min_age_seconds: float = 0.0) -> list[str]:
        """Articles without an event, stored at least ``min_age_seconds`` ago."""
        sql = "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_assignments s WHERE s.article_id = a.id)"
        if min_age_seconds > 0:
            sql += f" AND a.created_at < {self.now_sql(-float(min_age_seconds))}"
        return [r[0] for r in self.execute(sql + " ORDER BY a.created_at, a.id")]

    def article_headers(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """id, title, published, outlet, language of the given (else all) articles, newest first."""
        cols = "SELECT id, title, published, outlet, language FROM articles"
        order = " ORDER BY published IS NULL, published DESC, id"
        if ids is None:
            return [dict(r) for r in self.execute(cols + order)]
        out: list[dict[str, Any]] = []
        for part in chunks(list(ids)):
            out += [dict(r) for r in self.execute(f"{cols} WHERE id IN ({marks(part)}){order}", part)]
        return out

    def filter_articles(self, *, limit: int, offset: int, since: str | None = None, until: str | None = None,
                        outlet: str | None = None, language: str | None = None,
                        ids: Sequence[str] | None = None) -> tuple[int, list[dict[str, Any]]]:
        """(total, one page of rows) of the articles matching every given filter, newest first.

        ``since``/``until`` compare date prefixes, so ``until="2023-09"`` includes the whole month.
        """
        where: list[str] = []
        params: list[Any] = []
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("substr(a.published, 1, ?) <= ?")
            params += [len(until), until]
        if outlet:
            where.append("lower(a.outlet) = lower(?)")
            params.append(outlet)
        if language:
            where.append("a.language = ?")
            params.append(language)
        if ids is not None:
            where.append(f"a.id IN ({marks(ids)})" if ids else "1 = 0")
            params += list(ids)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(self.execute(f"SELECT count(*) FROM articles a{cond}", params).fetchone()[0])
        rows = self.execute(
            "SELECT a.id, a.title, a.outlet, a.language, a.published, a.url, length(a.text) AS chars"
            f" FROM articles a{cond} ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
            [*params, limit, offset]).fetchall()
        return total, [dict(r) for r in rows]

    def _article(self, row: Any) -> Article:
        data = json.loads(row["data"])
        data.update(id=row["id"], title=row["title"], text=row["text"], language=row["language"],
                    outlet=row["outlet"], url=row["url"])
        srcs = self.sources_of(row["id"])
        data["sources"] = [_source_dict(s) for s in srcs]
        data["source"] = data["sources"][0] if data["sources"] else {"source": "", "kind": "", "item_hash": ""}
        return Article.from_dict(data)

    # -- backend hooks -------------------------------------------------------------------------
    def _begin(self) -> None:
        """Open a write transaction holding this backend's writer lock."""
        raise NotImplementedError

    def _rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def now_sql(self, offset_seconds: float = 0.0) -> str:
        """An SQL expression for the current time (plus ``offset_seconds``) as ISO text."""
        raise NotImplementedError


ARTICLE_COLUMNS = ("id, title, text, language, published, published_granularity, published_origin, outlet, url,"
                   " data, created_at")


def marks(items: Sequence[Any]) -> str:
    """``?,?,…`` for an ``IN (…)`` list of ``items``."""
    return ",".join("?" * len(items))


def chunks(items: Sequence[Any]) -> Iterator[list[Any]]:
    """``items`` in lists of at most :data:`CHUNK` (one ``IN (…)`` statement each)."""
    for i in range(0, len(items), CHUNK):
        yield list(items[i:i + CHUNK])


def _data(article: Article) -> dict[str, Any]:
    """What goes into the JSON ``data`` column: everything without a column of its own."""
    data = article.to_dict()
    for key in ("id", "title", "text", "language", "outlet", "url", "source", "sources"):
        data.pop(key, None)
    return data


def _source_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {"source": row["source"], "kind": row["kind"], "item_hash": row["item_hash"], "url": row["url"],
            "outlet": row["outlet"], "title": row["title"], "published": None, "warnings": row["warnings"]}
