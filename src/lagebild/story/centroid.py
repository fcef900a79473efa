"""Cluster centroids, the similarity between an article (or a cluster) and a cluster, and the
inverted index that finds the few clusters worth comparing.

A centroid is the running sum of its members' L2-normalised vectors (terms, entities, embedding)
plus the publication interval they cover; cosine against the sum equals cosine against the mean.
Similarity is a weighted sum of the three cosines, damped by the time gap (online centroid
clustering with time decay, as in the streaming news clustering literature).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .features import ArticleFeatures, SparseVec, lang_bits, pack_signature, unpack_signature

#: Weights of the three signals. Entities and title+lead embedding matter as much as the body
#: terms: two reports of one happening share names and a lead even when their wording differs.
W_TERMS = 0.40
W_ENTITIES = 0.30
W_EMBEDDING = 0.30
#: USE cosine of unrelated news articles sits around 0.16 (p95 0.31 on German Wikinews): cosines
#: below this floor say nothing, above it they are rescaled to 0..1.
EMBEDDING_FLOOR = 0.30
#: A centroid keeps this many heaviest terms/entities; the tail of a big cluster is noise and
#: memory. Truncation happens when twice as many have accumulated.
CENTROID_MAX_KEYS = 300
#: Two centroids compare the heaviest keys of one (the shorter head) against all keys of the other:
#: the tail products add little to the cosine (an underestimate, so merges stay conservative) and
#: cost most of the time. 150 = an article's whole vector, so article-to-cluster cosines are exact.
COMPARE_KEYS = 150
#: A cluster's main happening kinds are those named by more than this share of the members that
#: name the most frequent kind (a strike event whose reports also mention the call for
#: arbitration is still a strike).
MAIN_KIND_SHARE = 0.5
_HEADER = struct.Struct("<iiiiiiii")


@dataclass(slots=True)
class Centroid:
    terms: SparseVec = field(default_factory=dict)
    entities: SparseVec = field(default_factory=dict)
    emb: np.ndarray | None = None
    n: int = 0
    start: int | None = None
    end: int | None = None
    first: int | None = None  # earliest / latest day-precise publication date (for display)
    last: int | None = None
    actors: SparseVec = field(default_factory=dict)  # entities that are no places (summed)
    kinds: dict[str, float] = field(default_factory=dict)  # happening kind -> members naming it
    day: int | None = None  # the earliest happening day of the members (where the happening began)
    langs: int = 0  # language bits of the members (features.lang_bits)
    _anorm: float = -1.0
    _tnorm: float = -1.0
    _enorm: float = -1.0
    _unit: np.ndarray | None = None
    _top: tuple[SparseVec, SparseVec] | None = None

    # -- updates ---------------------------------------------------------------------------
    def _span(self, start: int | None, end: int | None, first: int | None, last: int | None) -> None:
        if start is not None:
            self.start = start if self.start is None else min(self.start, start)
        if end is not None:
            self.end = end if self.end is None else max(self.end, end)
        if first is not None:
            self.first = first if self.first is None else min(self.first, first)
        if last is not None:
            self.last = last if self.last is None else max(self.last, last)

    def add(self, f: ArticleFeatures) -> None:
        self._add_vecs(f.terms, f.entities, f.embedding, 1.0)
        self._add_signature(f.actors, dict.fromkeys(f.kinds, 1.0), 1.0, f.day, lang_bits(f.lang))
        self.n += 1
        precise = f.start if f.start is not None and f.start == f.end else None
        self._span(f.start, f.end, precise, precise)

    def merge(self, other: Centroid) -> None:
        self._add_vecs(other.terms, other.entities, other.emb, 1.0)
        self._add_signature(other.actors, other.kinds, 1.0, other.day, other.langs)
        self.n += other.n
        self._span(other.start, other.end, other.first, other.last)

    def remove(self, other: Centroid) -> None:
        """Take a member cluster out again (an event leaving its story); the interval, the
        happening day and the languages stay."""
        self._add_vecs(other.terms, other.entities, other.emb, -1.0)
        self._add_signature(other.actors, other.kinds, -1.0, None, 0)
        self.n = max(0, self.n - other.n)

    def _add_signature(self, actors: SparseVec, kinds: dict[str, float], sign: float, day: int | None,
                       langs: int) -> None:
        _accumulate(self.actors, actors, sign)
        _accumulate(self.kinds, kinds, sign)
        if len(self.actors) > 2 * CENTROID_MAX_KEYS:
            self.actors = dict(sorted(self.actors.items(), key=lambda kv: -kv[1])[:CENTROID_MAX_KEYS])
        if day is not None:
            self.day = day if self.day is None else min(self.day, day)
        self.langs |= langs
        self._anorm = -1.0

    def anorm(self) -> float:
        if self._anorm < 0:
            self._anorm = math.sqrt(sum(v * v for v in self.actors.values()))
        return self._anorm

    def main_kinds(self) -> set[str]:
        """The happening kinds more than half as many members name as the most named one."""
        if not self.kinds:
            return set()
        top = max(self.kinds.values())
        return {k for k, v in self.kinds.items() if v > top * MAIN_KIND_SHARE}

    def _add_vecs(self, terms: SparseVec, ents: SparseVec, emb: np.ndarray | None, sign: float) -> None:
        for target, vec in ((self.terms, terms), (self.entities, ents)):
            _accumulate(target, vec, sign)
        for name in ("terms", "entities"):
            vec = getattr(self, name)
            if len(vec) > 2 * CENTROID_MAX_KEYS:
                setattr(self, name, dict(sorted(vec.items(), key=lambda kv: -kv[1])[:CENTROID_MAX_KEYS]))
        if emb is not None:
            self.emb = emb.astype(np.float32) * sign if self.emb is None else self.emb + sign * emb
        self._tnorm = self._enorm = -1.0
        self._unit = None
        self._top = None

    # -- views -----------------------------------------------------------------------------
    def tnorm(self) -> float:
        if self._tnorm < 0:
            self._tnorm = math.sqrt(sum(v * v for v in self.terms.values()))
        return self._tnorm

    def enorm(self) -> float:
        if self._enorm < 0:
            self._enorm = math.sqrt(sum(v * v for v in self.entities.values()))
        return self._enorm

    def heads(self) -> tuple[SparseVec, SparseVec]:
        """The COMPARE_KEYS heaviest terms and entities (cached): what two big centroids compare."""
        if self._top is None:
            self._top = (_head(self.terms), _head(self.entities))
        return self._top

    def unit(self) -> np.ndarray | None:
        """The embedding sum scaled to length 1 (cached until the next update)."""
        if self._unit is None and self.emb is not None:
            norm = float(np.linalg.norm(self.emb))
            self._unit = self.emb / norm if norm > 0 else self.emb
        return self._unit

    def first_day(self) -> int | None:
        """Earliest day-precise publication day, else the start of the interval (for display)."""
        return self.first if self.first is not None else self.start

    def last_day(self) -> int | None:
        return self.last if self.last is not None else self.end

    def round_to_stored(self) -> None:
        """Round the weights to what :meth:`to_bytes` keeps (float32), so the centroid in memory
        equals the one a reloaded clusterer reads back."""
        for name in ("terms", "entities", "actors"):
            vec = getattr(self, name)
            if vec:
                vals = np.asarray(list(vec.values()), dtype=np.float32).tolist()
                setattr(self, name, dict(zip(vec, vals, strict=True)))
        self._tnorm = self._enorm = self._anorm = -1.0
        self._top = None

    def top_keys(self, n: int) -> list[int]:
        terms = sorted(self.terms.items(), key=lambda kv: -kv[1])[:n]
        ents = sorted(self.entities.items(), key=lambda kv: -kv[1])[:n]
        return [k for k, _ in terms] + [k for k, _ in ents]

    # -- persistence -----------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        tk = np.fromiter(self.terms, dtype=np.int32, count=len(self.terms))
        tv = np.fromiter(self.terms.values(), dtype=np.float32, count=len(self.terms))
        ek = np.fromiter(self.entities, dtype=np.int32, count=len(self.entities))
        ev = np.fromiter(self.entities.values(), dtype=np.float32, count=len(self.entities))
        emb = b"" if self.emb is None else self.emb.astype(np.float32).tobytes()
        head = _HEADER.pack(self.n, *(-1 if v is None else v for v in (self.start, self.end, self.first, self.last)),
                            len(tk), len(ek), len(emb) // 4)
        return (head + tk.tobytes() + tv.tobytes() + ek.tobytes() + ev.tobytes() + emb
                + pack_signature(self.actors, self.kinds, self.day, self.langs))

    @classmethod
    def from_bytes(cls, data: bytes) -> Centroid:
        n, start, end, first, last, nt, ne, nemb = _HEADER.unpack_from(data)
        off = _HEADER.size
        arrays = []
        for count, dtype in ((nt, np.int32), (nt, np.float32), (ne, np.int32), (ne, np.float32),
                             (nemb, np.float32)):
            arrays.append(np.frombuffer(data, dtype=dtype, count=count, offset=off))
            off += 4 * count
        tk, tv, ek, ev, emb = arrays
        start_, end_, first_, last_ = (None if v < 0 else int(v) for v in (start, end, first, last))
        actors, kinds, day, langs = unpack_signature(data, off)
        return cls(dict(zip(tk.tolist(), tv.tolist(), strict=True)),
                   dict(zip(ek.tolist(), ev.tolist(), strict=True)),
                   emb.copy() if nemb else None, n, start_, end_, first_, last_, actors, kinds,
                   day if day is not None else start_, langs)


def _accumulate(target: dict[Any, float], vec: dict[Any, float], sign: float) -> None:
    for k, v in vec.items():
        val = target.get(k, 0.0) + sign * v
        if val > 1e-6:
            target[k] = val
        else:
            target.pop(k, None)


def centroid_of(f: ArticleFeatures) -> Centroid:
    c = Centroid()
    c.add(f)
    return c


def _emb_score(cos: float) -> float:
    return max(0.0, (cos - EMBEDDING_FLOOR) / (1.0 - EMBEDDING_FLOOR))


def _head(vec: SparseVec) -> SparseVec:
    if len(vec) <= COMPARE_KEYS:
        return vec
    return dict(sorted(vec.items(), key=lambda kv: -kv[1])[:COMPARE_KEYS])


def _cos(a_head: SparseVec, an: float, b: SparseVec, bn: float) -> float:
    """Cosine from the heavier side's head looked up in the other side's full vector."""
    if an <= 0 or bn <= 0:
        return 0.0
    get = b.get
    return sum([v * get(k, 0.0) for k, v in a_head.items()]) / (an * bn)


Cosines = tuple[float, float, float | None]


def cosines(a: Centroid, others: list[Centroid]) -> list[Cosines]:
    """(terms, entities, embedding) cosines of ``a`` with each of ``others`` (the embedding cosine
    is None when a side has no embedding; embeddings in one matrix product)."""
    if not others:
        return []
    an, aen = a.tnorm(), a.enorm()
    at, ae = a.heads()
    out: list[tuple[float, float]] = []
    for b in others:
        bt, be = b.heads()
        # iterate the shorter head, look up in the other's full vector
        ct = _cos(at, an, b.terms, b.tnorm()) if len(at) <= len(bt) else _cos(bt, b.tnorm(), a.terms, an)
        ce = _cos(ae, aen, b.entities, b.enorm()) if len(ae) <= len(be) else _cos(be, b.enorm(), a.entities, aen)
        out.append((ct, ce))
    ua = a.unit()
    units = [b.unit() for b in others]
    if ua is None or any(u is None for u in units):
        return [(ct, ce, None) for ct, ce in out]
    cos = np.stack(units) @ ua  # type: ignore[arg-type]
    return [(ct, ce, float(c)) for (ct, ce), c in zip(out, cos, strict=True)]


def blend(c: Cosines, cross_lingual: bool = False) -> float:
    """The weighted similarity of one (terms, entities, embedding) triple, 0..1. Across
    languages (``cross_lingual``: the sides share no language) words cannot match, so the term
    weight goes to the entities and the multilingual embedding."""
    ct, ce, cm = c
    if cm is None:  # no encoder: spread its weight over the others
        return max(0.0, (W_TERMS * ct + W_ENTITIES * ce) / (W_TERMS + W_ENTITIES))
    if cross_lingual:
        return max(0.0, (W_ENTITIES * ce + W_EMBEDDING * _emb_score(cm)) / (W_ENTITIES + W_EMBEDDING))
    return max(0.0, W_TERMS * ct + W_ENTITIES * ce + W_EMBEDDING * _emb_score(cm))


def cross_lingual(a: Centroid, b: Centroid) -> bool:
    """Whether two clusters (both with known languages) have no language in common."""
    return bool(a.langs) and bool(b.langs) and not a.langs & b.langs


def actor_cosine(a: Centroid, b: Centroid) -> float | None:
    """Cosine of the actor vectors (entities that are no places); None when a side names none."""
    if not a.actors or not b.actors:
        return None
    x, y = (a.actors, b.actors) if len(a.actors) <= len(b.actors) else (b.actors, a.actors)
    get = y.get
    return sum([v * get(k, 0.0) for k, v in x.items()]) / (a.anorm() * b.anorm())


def distinct_kinds(a: Centroid, b: Centroid) -> bool:
    """Whether both name kinds of happening and their main kinds differ (a strike / an arbitration)."""
    ka, kb = a.main_kinds(), b.main_kinds()
    return bool(ka) and bool(kb) and not ka & kb


def named(a: Centroid, b: Centroid) -> bool:
    """Whether both sides name entities (only then can an entity cosine speak against a pair)."""
    return bool(a.entities) and bool(b.entities)


def similarities(a: Centroid, others: list[Centroid], min_entity: float = 0.0) -> list[float]:
    """Weighted cosine of ``a`` with each of ``others``.

    With ``min_entity`` a pair whose entity cosine stays below it scores 0 when both sides name
    entities: two reports can share a topic ("Notlandung") without being about the same affair."""
    return [0.0 if min_entity > 0 and named(a, b) and c[1] < min_entity else blend(c, cross_lingual(a, b))
            for b, c in zip(others, cosines(a, others), strict=True)]


def content_similarity(a: Centroid, b: Centroid) -> float:
    """Weighted cosine of two centroids (an article is a centroid of one)."""
    return similarities(a, [b])[0]


def gap_days(a: Centroid, b: Centroid) -> float | None:
    """Days between two publication intervals (0 when they overlap, None when one is undated)."""
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return None
    return float(max(0, a.start - b.end, b.start - a.end))


def time_factor(gap: float | None, grace: float, tau: float) -> float:
    """1 within ``grace`` days, then exponential decay with time constant ``tau``; undated = 1."""
    if gap is None:
        return 1.0
    return math.exp(-max(0.0, gap - grace) / tau)


class Postings:
    """Inverted index key -> cluster ids, most recently touched last, for candidate retrieval.

    Each cluster is listed under its current keys only (:meth:`set_keys` replaces them), so the
    index is a function of the clusters and the order they were last touched in: a reloaded
    clusterer that sets the keys in that order has the same index."""

    def __init__(self) -> None:
        self.lists: dict[int, dict[str, None]] = {}
        self.keys_of: dict[str, list[int]] = {}

    def set_keys(self, cid: str, keys: list[int]) -> None:
        """List ``cid`` under ``keys`` (and no others), as the most recently touched cluster."""
        wanted = set(keys)
        for k in self.keys_of.get(cid, ()):
            if k not in wanted:
                posting = self.lists.get(k)
                if posting is not None:
                    posting.pop(cid, None)
                    if not posting:
                        del self.lists[k]
        for k in keys:
            posting = self.lists.get(k)
            if posting is None:
                self.lists[k] = {cid: None}
            else:
                posting.pop(cid, None)
                posting[cid] = None
        if keys:
            self.keys_of[cid] = list(dict.fromkeys(keys))
        else:
            self.keys_of.pop(cid, None)

    def query(self, keys: list[tuple[int, float]], per_key: int, limit: int,
              usable: Callable[[str], bool] | None = None) -> list[str]:
        """Clusters sharing the most weight of ``keys``; each posting scanned newest first and at
        most ``per_key`` usable entries deep, so the cost does not grow with the history."""
        score: dict[str, float] = {}
        seen: dict[str, bool] = {}
        for k, w in keys:
            posting = self.lists.get(k)
            if not posting:
                continue
            n = 0
            for cid in reversed(posting):
                if usable is not None:
                    ok = seen.get(cid)
                    if ok is None:
                        ok = seen[cid] = usable(cid)
                    if not ok:
                        continue
                n += 1
                if n > per_key:
                    break
                score[cid] = score.get(cid, 0.0) + w
        return sorted(score, key=score.__getitem__, reverse=True)[:limit]

    def prune(self, alive: set[str]) -> None:
        for k in list(self.lists):
            kept = {c: None for c in self.lists[k] if c in alive}
            if kept:
                self.lists[k] = kept
            else:
                del self.lists[k]
        self.keys_of = {c: ks for c, ks in self.keys_of.items() if c in alive}
