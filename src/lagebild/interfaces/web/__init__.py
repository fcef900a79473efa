"""Web interface: FastAPI app with server-rendered pages, a JSON API and local OpenAPI docs.

``create_app`` and ``MAX_UPLOAD_BYTES`` load FastAPI on first use, so modules that only render
templates (:mod:`.templating`, the HTML report) do not.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "MAX_UPLOAD_BYTES"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'lagebild.interfaces.web' has no attribute {name!r}")
