"""Live monitoring: subscriptions (RSS/Atom, JSON Feed, news sitemaps, article URLs, OPML), a polite
fetcher, the watch scheduler that feeds fetched pages into the normal pipeline, change detection with
watchlists and webhooks, and Atom feeds of what changed."""

from __future__ import annotations

from .scheduler import CycleReport, Watcher

__all__ = ["Watcher", "CycleReport"]
