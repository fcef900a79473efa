"""Web interface: FastAPI app with server-rendered pages, a JSON API and local OpenAPI docs."""

from .app import MAX_UPLOAD_BYTES, create_app

__all__ = ["create_app", "MAX_UPLOAD_BYTES"]
