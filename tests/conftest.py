from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.settings import Settings, load_settings
from lagebild.store.base import open_store
from lagebild.store.sqlite import SQLiteStore
from pg_fixture import pg_server, pg_url  # noqa: F401  (fixtures)
from ui_harness import browser, ui_db, ui_server  # noqa: F401  (session fixtures of the browser tests)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def cfg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    monkeypatch.chdir(tmp_path)  # no stray lagebild.toml from the working directory
    for key in list(__import__("os").environ):
        if key.startswith("LAGEBILD_"):
            monkeypatch.delenv(key)
    return load_settings(allowed_hosts="testserver")  # the Host of Starlette's TestClient


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    st = SQLiteStore(tmp_path / "test.db")
    yield st
    st.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path):
    """The same test on both backends: a SQLite file, then a fresh PostgreSQL database."""
    location = request.getfixturevalue("pg_url") if request.param == "postgresql" else tmp_path / "test.db"
    st = open_store(location)
    yield st
    st.close()


@pytest.fixture
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds not present")
    return path


@pytest.fixture
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data not present")
    return path
