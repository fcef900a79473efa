"""Shared store on PostgreSQL (psycopg 3): same schema and queries as SQLite, German full-text search.

Concurrency, the same guarantees as the SQLite store gives within one file:

* every write transaction first takes a transaction-level advisory lock, so writers take turns
  like SQLite's ``BEGIN IMMEDIATE``: an ingest sees the articles another ingest committed before
  it decides "new / exact copy / near duplicate", and content-hash ids with ``ON CONFLICT`` keep
  every article stored once. Readers never wait (MVCC);
* :meth:`PostgresStore.cluster_lock` is a session-level advisory lock held around a clustering
  step, because the clusterer keeps its working state in memory;
* migrations run under their own advisory lock, so processes opening a fresh database at the
  same moment do not race.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import QueryError, StoreError
from ..locations import redact_location
from .schema import POSTGRES_NOW, scripts_for
from .sqlbase import SQLStore

#: Advisory lock keys (namespace, key): one namespace for lagebild, one key per purpose.
LOCK_NAMESPACE = 0x6C6167  # "lag"
WRITE_LOCK, CLUSTER_LOCK, MIGRATE_LOCK = 1, 2, 3
#: Held shared by every ingest run while it writes; the run that gets it exclusively at its end
#: is the last one writing and clusters what all of them stored.
WRITERS_LOCK = 4
#: Seconds to wait for the server when connecting (a dead host must not hang the CLI).
CONNECT_TIMEOUT_S = 10
#: Search snippets: words shown around the hits (close to the SQLite snippet's 12 tokens).
HEADLINE_OPTIONS = 'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=2, FragmentDelimiter=" … "'
#: Our search syntax (FTS5 style, see README) uses these words as operators.
OPERATORS = ("AND", "OR", "NOT")


class Row(tuple[Any, ...]):
    """A result row that indexes by position and by column name, like :class:`sqlite3.Row`."""

    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@functools.lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = tuple(c.name for c in cursor.description or ())
    cls = _row_class(names)
    return lambda values: cls(values)


_LITERAL = re.compile(r"('(?:[^']|'')*')")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@functools.lru_cache(maxsize=1024)
def translate(query: str) -> str:
    """``?`` / ``:name`` placeholders to psycopg's ``%s`` / ``%(name)s``; string literals untouched."""
    parts = _LITERAL.split(query)
    out = []
    for i, part in enumerate(parts):
        part = part.replace("%", "%%")
        if i % 2 == 0:
            part = _NAMED.sub(r"%(\1)s", part.replace("?", "%s"))
        out.append(part)
    return "".join(out)


class PostgresStore(SQLStore):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.path = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory,
                                        connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {redact_location(url)}: {exc}") from exc
        self.migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def migrate(self) -> int:
        scripts = scripts_for(self.dialect)
        with self._session_lock(MIGRATE_LOCK):
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
            version = int(row[0] or 0)
            if version > len(scripts):
                raise StoreError(f"store {redact_location(self.path)} has schema {version}, newer than this lagebild "
                                 f"({len(scripts)}): upgrade lagebild")
            for number, script in enumerate(scripts[version:], start=version + 1):
                with self.transaction():
                    self.conn.execute(script.replace("%", "%%"))
                    self.conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
        return len(scripts)

    def schema_version(self) -> int:
        return int(self.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)

    def _begin(self) -> None:
        """One writer at a time: a transaction-level advisory lock, as SQLite's BEGIN IMMEDIATE."""
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, WRITE_LOCK))
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if not self.conn.closed:
            self.conn.execute("ROLLBACK")

    def cluster_lock(self) -> Any:
        """Only one clusterer at a time on this database, across processes and machines."""
        return self._session_lock(CLUSTER_LOCK)

    @contextmanager
    def _session_lock(self, key: int) -> Iterator[None]:
        self.conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, key))
        try:
            yield
        finally:
            if not self.conn.closed:
                self.conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, key))

    # -- who is still writing: the last ingest run to finish clusters (see story.cluster) ------
    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Held (shared) by an ingest run while it writes; see :meth:`last_writer`."""
        self.conn.execute("SELECT pg_advisory_lock_shared(%s, %s)", (LOCK_NAMESPACE, WRITERS_LOCK))
        try:
            yield
        finally:
            if not self.conn.closed:
                self.conn.execute("SELECT pg_advisory_unlock_shared(%s, %s)", (LOCK_NAMESPACE, WRITERS_LOCK))

    @contextmanager
    def last_writer(self) -> Iterator[bool]:
        """True, holding every other run's :meth:`writer_lock` off for the block, when no run is
        writing now; False when one is (it will cluster what this run stored). Never waits."""
        got = bool(self.conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                     (LOCK_NAMESPACE, WRITERS_LOCK)).fetchone()[0])
        try:
            yield got
        finally:
            if got and not self.conn.closed:
                self.conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, WRITERS_LOCK))

    # -- dialect hooks -------------------------------------------------------------------------
    def sql(self, query: str) -> str:
        return translate(query)

    def now_sql(self, offset_seconds: float = 0.0) -> str:
        if not offset_seconds:
            return POSTGRES_NOW
        return POSTGRES_NOW.replace("clock_timestamp()",
                                    f"(clock_timestamp() + interval '{float(offset_seconds):.3f} seconds')")

    # -- full-text search ---------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """What a user typed, as a safe German tsquery (:func:`lagebild.store.query.search`): best
        first, hits in the snippet between ``query.HIT_START``/``HIT_END``; never a syntax error."""
        from .query import search

        return search(self, query, limit)

    def phrase_ids(self, phrase: str) -> list[str]:
        """Articles whose title or text holds ``phrase`` (as full-text tokens, not a raw substring)."""
        if not phrase.strip():
            return []
        rows = self.conn.execute("SELECT id FROM articles WHERE fts @@ phraseto_tsquery('german', %s)",
                                 (phrase,)).fetchall()
        return [r[0] for r in rows]


_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')


def websearch_syntax(query: str) -> str:
    """Our FTS5-style query as ``websearch_to_tsquery`` input; QueryError when it is malformed.

    websearch_to_tsquery itself never fails, so unbalanced quotes or brackets and operators
    without an operand are caught here and reported like SQLite's syntax errors. ``NOT x``
    becomes ``-x``, ``AND`` is implicit, a prefix star is dropped (stemming covers most of it).
    """
    if not query.strip():
        raise QueryError("empty search query")
    if query.count('"') % 2:
        raise QueryError(f"cannot parse search query {query!r}: unclosed quote")
    depth = 0
    tokens = _TOKEN.findall(query)
    for tok in tokens:
        depth += {"(": 1, ")": -1}.get(tok, 0)
        if depth < 0:
            raise QueryError(f"cannot parse search query {query!r}: unbalanced brackets")
    if depth:
        raise QueryError(f"cannot parse search query {query!r}: unbalanced brackets")
    words = [t for t in tokens if t not in "()"]
    out: list[str] = []
    prev_op = True  # an operator may not come first
    for i, tok in enumerate(words):
        op = tok if tok in OPERATORS else None
        if op and (i == len(words) - 1 or (prev_op and op != "NOT")):
            raise QueryError(f"cannot parse search query {query!r}: {op} needs words on both sides")
        if op == "NOT":
            out.append("-")
        elif op == "OR":
            out.append("or")
        elif op is None:
            word = tok.rstrip("*") if not tok.startswith('"') else tok
            if out and out[-1] == "-":
                out[-1] = "-" + word
            else:
                out.append(word)
        prev_op = op is not None
    return " ".join(out)
