"""Embedded store on SQLite: WAL, one writer with a busy timeout, migrations, FTS5 search.

The queries are shared with PostgreSQL (:mod:`.sqlbase`); this module connects, migrates
(``PRAGMA user_version``), searches with FTS5 and serialises clustering with a lock file.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .schema import SQLITE_NOW, scripts_for
from .sqlbase import SQLStore

#: Milliseconds a writer waits for another writer before giving up (ingest batches are short).
BUSY_TIMEOUT_MS = 30_000
#: Where the clustering lock files of SQLite stores live (see :meth:`SQLiteStore.cluster_lock`).
LOCK_DIR = Path(tempfile.gettempdir()) / "lagebild-locks"


class SQLiteStore(SQLStore):
    dialect = "sqlite"

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
        self.migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def migrate(self) -> int:
        scripts = scripts_for(self.dialect)
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(scripts):
            raise StoreError(f"store {self.path} has schema {version}, newer than this lagebild "
                             f"({len(scripts)}): upgrade lagebild")
        if version == len(scripts):
            return version
        with self.transaction():  # BEGIN IMMEDIATE: two processes creating one file take turns
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]  # the other may have migrated
            for number, script in enumerate(scripts[version:], start=version + 1):
                for stmt in _statements(script):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version = {number}")
        return len(scripts)

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")  # takes SQLite's one write lock now, not at the first write

    @contextmanager
    def cluster_lock(self) -> Iterator[None]:
        """Only one clusterer at a time per store file (across processes); none for ``:memory:``.

        The lock file lives in the temporary directory, named after the store file's device and
        inode (so every path to one file shares it), not next to the store: nothing is left behind
        in the user's directory. (The store file itself cannot carry the lock: closing any other
        descriptor of it would drop SQLite's own POSIX locks.)"""
        try:
            if self.path == ":memory:" or self.path.startswith("file:"):
                raise FileNotFoundError(self.path)
            st = os.stat(self.path)
            if not LOCK_DIR.is_dir():
                LOCK_DIR.mkdir(exist_ok=True)
                LOCK_DIR.chmod(0o1777)  # shared by every user, like /tmp itself
            fh = open(LOCK_DIR / f"{st.st_dev}-{st.st_ino}.cluster-lock", "a+b")  # noqa: SIM115 - closed below
        except OSError:  # in memory, or nowhere to put the lock: no other process can cluster there
            yield
            return
        with fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- who is still writing: the last ingest run to finish clusters (see story.cluster) ------
    def _writers_file(self) -> Any:
        """The open lock file shared by the ingest runs on this store file (None in memory)."""
        try:
            if self.path == ":memory:" or self.path.startswith("file:"):
                return None
            st = os.stat(self.path)
            folder = Path(tempfile.gettempdir()) / "lagebild-locks"
            if not folder.is_dir():
                folder.mkdir(exist_ok=True)
                folder.chmod(0o1777)  # shared by every user, like /tmp itself
            return open(folder / f"{st.st_dev}-{st.st_ino}.writers-lock", "a+b")  # noqa: SIM115 - closed by caller
        except OSError:
            return None

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Held (shared) by an ingest run while it writes; see :meth:`last_writer`."""
        fh = self._writers_file()
        if fh is None:
            yield
            return
        with fh:
            fcntl.flock(fh, fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def last_writer(self) -> Iterator[bool]:
        """True, holding every other run's :meth:`writer_lock` off for the block, when no run is
        writing now; False when one is (it will cluster what this run stored). Never waits."""
        fh = self._writers_file()
        if fh is None:
            yield True
            return
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def executemany(self, query: str, rows: Any) -> None:
        self.conn.executemany(query, rows)

    def now_sql(self, offset_seconds: float = 0.0) -> str:
        if not offset_seconds:
            return SQLITE_NOW
        return f"(strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '{float(offset_seconds):+.3f} seconds'))"

    # -- full-text search ---------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """What a user typed, as a safe FTS5 query (:func:`lagebild.store.query.search`): best first,
        hits in the snippet between ``query.HIT_START``/``HIT_END``; never a syntax error."""
        from .query import search

        return search(self, query, limit)

    def phrase_ids(self, phrase: str) -> list[str]:
        """Articles whose title or text holds ``phrase`` (as full-text tokens, not a raw substring)."""
        if not phrase.strip():
            return []
        quoted = '"' + phrase.replace('"', '""') + '"'
        rows = self.conn.execute("SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                                 " WHERE articles_fts MATCH ?", (quoted,)).fetchall()
        return [r[0] for r in rows]


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


__all__ = ["SQLiteStore", "BUSY_TIMEOUT_MS"]
