"""``lagebild serve``: the web app under uvicorn, bound to loopback unless told otherwise.

Separate from :mod:`.report` (which the web app uses for its export buttons), so the import graph
has no cycle."""

from __future__ import annotations

import sys

from ..settings import Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Run the web app with uvicorn (blocks). Other hosts than loopback are allowed but warned about."""
    import uvicorn

    from .web import create_app

    if host not in LOOPBACK:
        print(f"warning: serving on {host}: anyone who can reach this address can read the store (list the "
              "names clients use in the allowed_hosts setting, other Host headers get 400)"
              + ("" if settings is None or settings.api_token else "; ingest stays off (no api_token)"),
              file=sys.stderr)
    uvicorn.run(create_app(db, settings, bind=[host]), host=host, port=port, log_level="info")


__all__ = ["LOOPBACK", "serve"]
