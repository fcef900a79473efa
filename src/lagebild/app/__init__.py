"""The application layer: the one path from article to story view.

Every interface (CLI, web and REST API, reports, batch, the Python API, feed watchers) goes through
these functions; none wires pipeline stages, the store and the story layer itself.

* :func:`ingest_paths` / :func:`ingest_articles` (:mod:`.ingest`): read → per-article pipeline
  (:mod:`.pipeline`) → fold near-duplicates → store, then once per run index (entities, events,
  stories: :mod:`.index`) and build the views of the stories that changed; :class:`Ingestor` is
  the shared write path.
* :func:`story_view` (:mod:`.views`): the typed view of a story's current version, built once and
  stored.
* :func:`open_store` (:mod:`.stores`): read commands refuse a store that does not exist.

Names are imported lazily, so a command that only reads a stored view does not load the models.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: public name -> (submodule, attribute). The submodules' own names (ingest, views …) stay modules.
_EXPORTS = {
    "IngestReport": ("ingest", "IngestReport"), "Ingestor": ("ingest", "Ingestor"),
    "ingest_paths": ("ingest", "ingest"), "ingest_articles": ("ingest", "ingest_articles"),
    "build_pipeline": ("pipeline", "build_pipeline"),
    "StoreIndexer": ("index", "StoreIndexer"),
    "story_view": ("views", "story_view"), "list_stories": ("views", "list_stories"),
    "load_story": ("views", "load_story"), "prebuild": ("views", "prebuild"),
    "open_store": ("stores", "open_store"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module 'lagebild.app' has no attribute {name!r}")
    return getattr(import_module(f".{where[0]}", __name__), where[1])
