"""Opening the store for a command: write commands create it, read commands refuse a missing one."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from ..locations import is_postgres_url, redact_location
from ..store.base import Store
from ..store.base import open_store as open_location


def open_store(location: str | os.PathLike[str], *, create: bool = False) -> Store:
    """The store at ``location``. With ``create=False`` (reading) a SQLite file that does not exist
    is an error instead of a new empty store (a typo in ``--db`` must not look like an empty store)."""
    loc = str(location)
    if not create and loc != ":memory:" and not is_postgres_url(loc) and not loc.startswith("file:") \
            and not Path(loc).exists():
        raise StoreError(f"no store at {redact_location(loc)}: check --db (or the db setting); "
                         "`lagebild ingest PATH --db FILE` creates one")
    return open_location(loc)
