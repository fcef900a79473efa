"""Storage: :class:`Store` is the interface, :func:`open_store` picks SQLite or PostgreSQL by location."""

from .base import Store, is_postgres_url, open_store, redact_location

__all__ = ["Store", "open_store", "is_postgres_url", "redact_location"]
