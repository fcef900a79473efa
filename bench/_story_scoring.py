"""Scoring helpers for the story benchmarks: pairwise and B-cubed P/R/F1, the labelled German
Wikinews dev part, a cached annotated store of the 998 articles, and the naive baseline.

The cache is a store built once with the product path (``lagebild ingest`` of a JSONL file:
cleaning, language, sentences, timex, NER, linking, quotes), so tuning runs read annotated
articles in a second instead of annotating for minutes. Rebuild it (``--rebuild``) when the
annotation stages change.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from _story_corpora import SHARED_DATA, wikinews_de
from lagebild.model import Article

LABELS = SHARED_DATA / "wikinews_stories_dev" / "labels.json"
CACHE_DIR = Path(os.environ.get("LAGEBILD_STORY_CACHE", "/tmp/lagebild-story-cache"))
ROOT = Path(__file__).resolve().parents[1]


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    """Precision/recall/F1 over the article pairs that share a cluster (only ``gold``'s articles)."""

    def pairs(labels: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in labels.values())

    joint = Counter((gold[a], pred[a]) for a in gold)
    tp = pairs(joint)
    p_all = pairs(Counter(pred[a] for a in gold))
    g_all = pairs(Counter(gold.values()))
    p = tp / p_all if p_all else 1.0
    r = tp / g_all if g_all else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    joint = Counter((gold[a], pred[a]) for a in gold)
    gsize, psize = Counter(gold.values()), Counter(pred[a] for a in gold)
    n = len(gold)
    p = sum(joint[(gold[a], pred[a])] / psize[pred[a]] for a in gold) / n
    r = sum(joint[(gold[a], pred[a])] / gsize[gold[a]] for a in gold) / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Labelled:
    """The annotated articles of the corpus and the dev labels keyed by article id."""

    articles: list[Article]
    key_of: dict[str, str]  # article id -> label key (file name)
    events: dict[str, str]  # article id -> gold event (labelled articles only)
    stories: dict[str, str]
    reasons: dict[str, str]  # gold story -> the annotators' reason


def _jsonl(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for d in wikinews_de():
            a = d.article
            fh.write(json.dumps({"id": d.name, "title": a.title, "text": a.text,
                                 "published": a.published.value if a.published else None,
                                 "outlet": a.outlet, "language": a.language}, ensure_ascii=False) + "\n")


def cached_store(rebuild: bool = False) -> Path:
    """The annotated store of the 998 articles (built with ``lagebild ingest`` when missing)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    db = CACHE_DIR / "wikinews.db"
    if rebuild:
        for p in CACHE_DIR.glob("wikinews.db*"):
            p.unlink()
    if not db.exists():
        src = CACHE_DIR / "wikinews.jsonl"
        _jsonl(src)
        print(f"annotating {src} into {db} (minutes; cached afterwards)", file=sys.stderr)
        env = os.environ | {"OMP_NUM_THREADS": "1"}
        subprocess.run(["nice", "-n", "10", str(Path(sys.executable).parent / "lagebild"), "ingest", str(src),
                        "--db", str(db)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return db


def load_labelled(db: Path) -> Labelled:
    from lagebild.store.sqlite import SQLiteStore

    store = SQLiteStore(db)
    arts = list(store.iter_articles())
    key_of: dict[str, str] = {}
    for a in arts:
        for s in store.sources_of(a.id):
            key_of.setdefault(a.id, str(s["source"]).rsplit("#", 1)[-1])
    store.close()
    labels = json.loads(LABELS.read_text("utf-8"))
    by_key = {k: aid for aid, k in key_of.items()}
    events, stories = {}, {}
    for key, lab in labels["docs"].items():
        aid = by_key.get(key)
        if aid is not None:
            events[aid], stories[aid] = lab["event"], lab["story"]
    reasons = {g["story"]: g["why"] for g in labels["groups"]}
    arts.sort(key=lambda a: key_of.get(a.id, a.id))
    return Labelled(arts, key_of, events, stories, reasons)


def embeddings(arts: list[Article], lead_of: object) -> dict[str, np.ndarray]:
    """Lead embeddings of the articles, cached on disk by the lead text."""
    from lagebild.encoder import use_encoder

    path = CACHE_DIR / "leads.npz"
    cache: dict[str, np.ndarray] = dict(np.load(path)) if path.exists() else {}
    leads = {a.id: lead_of(a) for a in arts}  # type: ignore[operator]
    keys = {aid: hashlib.sha1(t.encode()).hexdigest() for aid, t in leads.items()}
    todo = sorted({k for k in keys.values() if k not in cache})
    if todo:
        texts = {keys[aid]: leads[aid] for aid in leads}
        enc = use_encoder()
        for i in range(0, len(todo), 64):
            chunk = todo[i:i + 64]
            out = np.asarray(enc.encode([texts[k] for k in chunk]), dtype=np.float32)
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
            cache.update(zip(chunk, out, strict=True))
        np.savez(path, **cache)  # type: ignore[arg-type]
    return {aid: cache[k] for aid, k in keys.items()}


class NaiveSingleLink:
    """The naive baseline: TF-IDF (word unigrams) cosine >= threshold and publication days at most
    ``window_days`` apart link two articles; clusters are the connected components (single link)."""

    def __init__(self, arts: list[Article]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        x = TfidfVectorizer(sublinear_tf=True).fit_transform([f"{a.title or ''}\n{a.text}" for a in arts])
        sim = (x @ x.T).tocoo()
        days = np.asarray([a.published.day().toordinal() if a.published else -10**6 for a in arts])
        self.ids = [a.id for a in arts]
        self.row, self.col, self.sim = sim.row, sim.col, sim.data
        self.gap = np.abs(days[sim.row] - days[sim.col])

    def __call__(self, threshold: float, window_days: int) -> dict[str, str]:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        keep = (self.sim >= threshold) & (self.gap <= window_days)
        n = len(self.ids)
        graph = coo_matrix((np.ones(int(keep.sum())), (self.row[keep], self.col[keep])), shape=(n, n))
        _, labels = connected_components(graph.tocsr(), directed=False)
        return {a: f"n{lab}" for a, lab in zip(self.ids, labels, strict=True)}
