"""Stored story views (schema migration 5): the built :class:`~lagebild.story.view.StoryView` of
each story's current version, as JSON, so a story is built once per version and not per read."""

from __future__ import annotations

from .base import Store


def load_view(store: Store, story_id: str) -> tuple[str, str] | None:
    """(version, JSON text) of the stored view of a story, or None."""
    row = store.execute("SELECT version, data FROM story_views WHERE story_id = ?", (story_id,)).fetchone()
    return (row[0], row[1]) if row else None


def save_view(store: Store, story_id: str, version: str, data: str) -> None:
    now = store.now_sql()
    with store.transaction():
        store.execute("INSERT INTO story_views (story_id, version, data) VALUES (?, ?, ?) ON CONFLICT(story_id)"
                      f" DO UPDATE SET version = excluded.version, data = excluded.data, built_at = {now}",
                      (story_id, version, data))


def stored_versions(store: Store) -> dict[str, str]:
    """story id -> version of every stored view."""
    return {r[0]: r[1] for r in store.execute("SELECT story_id, version FROM story_views")}


def clear_views(store: Store) -> None:
    """Forget every stored view (they are rebuilt on their next read)."""
    with store.transaction():
        store.execute("DELETE FROM story_views")
