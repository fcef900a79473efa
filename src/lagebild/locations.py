"""Store locations as strings: which backend a location names, and how to print it safely.

A leaf module (no lagebild imports), so settings, the store backends and the interfaces can all use
it without depending on each other.
"""

from __future__ import annotations

import os
import re

#: URL schemes that select the PostgreSQL backend.
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(location: str | os.PathLike[str]) -> bool:
    """A ``postgresql://`` / ``postgres://`` URL or a libpq ``key=value`` string."""
    loc = str(location).strip()
    return loc.startswith((*POSTGRES_SCHEMES, "dbname=", "host="))


def redact_location(location: str | os.PathLike[str]) -> str:
    """The location for messages and logs: a URL's password replaced by ``***``."""
    loc = str(location)
    loc = re.sub(r"(://[^:/@?]+):[^@/?]*@", r"\1:***@", loc)
    return re.sub(r"(password\s*=\s*)(\S+)", r"\1***", loc)
