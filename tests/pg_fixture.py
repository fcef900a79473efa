"""A throwaway PostgreSQL server for the tests: initdb on a temp dir, Unix socket only, stopped at the end.

As root the server runs as the ``postgres`` user (``runuser``); trust authentication on the
private socket, no TCP. Skips when no PostgreSQL binaries are installed
(Debian: ``apt-get install -y postgresql-15``).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Where Debian puts the server binaries (newest first); PATH is tried after these.
BIN_GLOBS = ("/usr/lib/postgresql/*/bin",)
_counter = itertools.count(1)


def pg_bin() -> Path | None:
    dirs = sorted(glob.glob(BIN_GLOBS[0]), key=lambda d: int(Path(d).parent.name) if Path(d).parent.name.isdigit()
                  else 0, reverse=True)
    for d in dirs:
        if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    return None


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


class PgServer:
    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir, self.root = bindir, root
        self.data, self.sock, self.log = root / "data", root / "sock", root / "server.log"

    def start(self) -> None:
        self.sock.mkdir()
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            for p in (self.root, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        subprocess.run(_as_postgres([str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                                     "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        opts = (f"-k {self.sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                " -c full_page_writes=off -c shared_buffers=32MB -c max_connections=50")
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                                     "-o", opts, "-w", "-t", "60", "start"]), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                                     "-w", "stop"]), capture_output=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.sock}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install -y postgresql-15)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root but there is no postgres user to run the server as")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg not installed")
    root = Path(tempfile.mkdtemp(prefix="lagebild-pg-"))
    server = PgServer(bindir, root)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"cannot start PostgreSQL: {exc.stderr.decode(errors='replace')[-2000:]}")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, empty database on the throwaway server."""
    return pg_server.new_database()
