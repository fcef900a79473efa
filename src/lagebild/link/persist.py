"""The store's cross-document entity index: linked once per article at ingest, kept in the store.

:class:`StoredEntityIndex` holds a :class:`~lagebild.link.entities.EntityIndex` loaded from the
store's entity tables (:mod:`lagebild.store.entities`), adds newly stored articles to it and writes
what changed: entities with their aliases and labels, new matching keys and name parts, merges
(redirects; stored mentions follow them) and every new mention. It uses only the index's public
state (``entities``, ``keys``, ``parts``, ``redirects``, ``add``, ``resolve``), so the linking
rules can change without this module.

Like the story clusterer it keeps its state in memory: the caller holds the store's cluster lock
around :meth:`StoredEntityIndex.link` (:class:`lagebild.app.index.StoreIndexer` does), and the index
reloads when another process has written since this one last did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..model import Article
from ..store import entities as db
from ..store.base import Store
from .entities import CanonicalEntity, EntityIndex


class StoredEntityIndex:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = EntityIndex()
        self._seen: str | None = None
        self._loaded = False
        self._keys: dict[str, str] = {}
        self._parts: dict[str, frozenset[str]] = {}
        self._redirects: dict[str, str] = {}

    def _load(self) -> None:
        rows, mentions, keys, parts, redirects = db.load_state(self.store)
        index = EntityIndex()
        for r in rows:
            ce = CanonicalEntity(r.id, r.label, Counter(r.aliases), list(mentions.get(r.id, [])), Counter(r.labels))
            index.entities[r.id] = ce
        index.keys.update(keys)
        index.parts.update({p: set(ids) for p, ids in parts.items()})
        index.redirects.update(redirects)
        self.index = index
        self._snapshot()
        self._seen = db.generation(self.store)
        self._loaded = True

    def _snapshot(self) -> None:
        self._keys = dict(self.index.keys)
        self._parts = {p: frozenset(ids) for p, ids in self.index.parts.items()}
        self._redirects = dict(self.index.redirects)

    def link(self, articles: Iterable[Article]) -> dict[tuple[str, int, int], str]:
        """Add articles (stored, not yet linked) to the index and store the result; returns each
        mention's entity id ``(article id, start, end) -> id`` (after this batch's merges)."""
        if not self._loaded or db.generation(self.store) != self._seen:
            self._load()
        found: dict[tuple[str, int, int], str] = {}
        linked: list[str] = []
        batch = list(articles)
        done = db.linked_among(self.store, [a.id for a in batch])  # a killed run may have linked some
        for a in batch:
            if a.id in done or a.id in linked:
                continue
            linked.append(a.id)
            if a.spans("entities"):
                found.update({(a.id, s, e): eid for (s, e), eid in self.index.add(a).items()})
        resolved = {k: self.index.resolve(v) for k, v in found.items()}
        self._seen = db.write(self.store, self._changes(resolved, linked))
        self._snapshot()
        return resolved

    def _changes(self, mentions: dict[tuple[str, int, int], str], linked: list[str]) -> db.EntityWrite:
        idx = self.index
        w = db.EntityWrite(linked=linked)
        new_redirects = [(old, new) for old, new in idx.redirects.items() if self._redirects.get(old) != new]
        w.redirects = [(old, idx.resolve(old)) for old, _ in new_redirects]
        w.dropped = [old for old, _ in new_redirects]
        touched = set(mentions.values()) | {new for _, new in w.redirects}
        for eid in sorted(touched):
            ce = idx.entities.get(eid)
            if ce is not None:
                w.entities.append(db.EntityRow(ce.id, ce.label, ce.name, dict(ce.aliases), dict(ce.labels),
                                               len(ce.mentions), len({m[0] for m in ce.mentions})))
        w.mentions = [(aid, s, e, eid) for (aid, s, e), eid in mentions.items()]
        w.keys = [(k, v) for k, v in idx.keys.items() if self._keys.get(k) != v]
        for part, ids in idx.parts.items():
            before = self._parts.get(part, frozenset())
            if ids != before:
                w.parts_added += [(part, i) for i in sorted(ids - before)]
                w.parts_removed += [(part, i) for i in sorted(before - ids)]
        return w


def mention_ids(store: Store, article_ids: list[str]) -> dict[tuple[str, int, int], str]:
    """Each stored mention's entity id in these articles (see :func:`lagebild.store.entities.mention_ids`)."""
    return db.mention_ids(store, article_ids)
