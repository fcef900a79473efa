"""Clustering quality against the corpus topic groups of SemEval-2015 Task 4 and MEANTIME (English).

Both corpora hold Wikinews articles in four topic folders (Apple, Airbus, GM, stock market) that
span years. The groups are topics, coarser than our stories (one affair) and far coarser than
our events (one happening), so the story level is the one to compare; events are printed too.
Pairwise P/R/F1 counts article pairs; B-cubed averages per article. Baselines run side by side:
plain TF-IDF (word unigrams, no lemmas/entities/encoder/time) with single-link grouping at a
fixed cosine, one cluster, and all singletons.

With ``--annotated`` the articles are first annotated by the product path (``lagebild ingest`` of
a JSONL file: sentences, timex, NER, entity linking; cached like the German dev store), so the
clusterer sees entities and actors as it does in use; without it the raw texts are clustered
(proper-noun fallback instead of NER, as the figures before round 2 were measured).

    .venv/bin/python bench/cluster_eval.py [--no-encoder] [--annotated] [--set name=value ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _story_corpora import MEANTIME, SEMEVAL, Doc, meantime_en, semeval_en  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.store.sqlite import SQLiteStore  # noqa: E402
from lagebild.store.stories import list_stories  # noqa: E402
from lagebild.story.cluster import ClusterConfig, StoryClusterer  # noqa: E402

from common import need, table  # noqa: E402

#: Single-link baseline: two articles are linked at these TF-IDF cosines (a spread of cuts, so
#: the baseline is not judged by one unlucky threshold).
BASELINE_LINK_COSINES = (0.1, 0.2, 0.3)


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    def pairs(labels: dict[str, str]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())

    joint = Counter((gold[a], pred[a]) for a in gold)
    tp = sum(n * (n - 1) // 2 for n in joint.values())
    p_all, g_all = pairs(pred), pairs(gold)
    p = tp / p_all if p_all else 1.0
    r = tp / g_all if g_all else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    joint = Counter((gold[a], pred[a]) for a in gold)
    gsize, psize = Counter(gold.values()), Counter(pred.values())
    n = len(gold)
    p = sum(joint[(gold[a], pred[a])] / psize[pred[a]] for a in gold) / n
    r = sum(joint[(gold[a], pred[a])] / gsize[gold[a]] for a in gold) / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def cluster(docs: list[Doc], cfg: ClusterConfig) -> tuple[dict[str, str], dict[str, str], float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "eval.db")
        t0 = time.perf_counter()
        with StoryClusterer(store, cfg) as clusterer:
            clusterer.assign_all([d.article for d in docs])
        secs = time.perf_counter() - t0
        events, stories = {}, {}
        for st in list_stories(store):
            for ev in st.events:
                for aid in ev.article_ids:
                    events[aid], stories[aid] = ev.id, st.id
        store.close()
    return events, stories, secs


def single_link(docs: list[Doc], threshold: float) -> dict[str, str]:
    """Connected components of the TF-IDF cosine graph (the classic single-link baseline)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, min_df=1).fit_transform([d.article.text for d in docs])
    sim = (x @ x.T).tocsr()
    sim.data = (sim.data >= threshold).astype(np.int8)
    sim.eliminate_zeros()
    _, labels = connected_components(csr_matrix(sim), directed=False)
    return {d.article.id: f"b{lab}" for d, lab in zip(docs, labels, strict=True)}


def annotated(name: str, docs: list[Doc]) -> list[Doc]:
    """The docs as the product annotates them (a cached ``lagebild ingest`` store), in doc order."""
    import json
    import os
    import subprocess

    from _story_scoring import CACHE_DIR

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    db = CACHE_DIR / f"{name}.db"
    if not db.exists():
        src = CACHE_DIR / f"{name}.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for d in docs:
                a = d.article
                fh.write(json.dumps({"id": d.name, "title": a.title, "text": a.text, "language": a.language,
                                     "published": a.published.value if a.published else None,
                                     "outlet": a.outlet}, ensure_ascii=False) + "\n")
        lagebild = Path(sys.executable).parent / "lagebild"
        subprocess.run(["nice", "-n", "10", str(lagebild), "ingest", str(src), "--db", str(db)], check=True,
                       env=os.environ | {"OMP_NUM_THREADS": "1"}, stdout=subprocess.DEVNULL)
    store = SQLiteStore(db)
    by_name: dict[str, Article] = {}
    for art in store.iter_articles():
        for row in store.sources_of(art.id):
            by_name.setdefault(str(row["source"]).rsplit("#", 1)[-1], art)
    store.close()
    return [Doc(by_name[d.name], d.group, d.name) for d in docs if d.name in by_name]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-encoder", action="store_true")
    ap.add_argument("--set", action="append", default=[], help="ClusterConfig field=value")
    ap.add_argument("--annotated", action="store_true", help="annotate with lagebild ingest first (cached)")
    args = ap.parse_args()
    need(SEMEVAL)
    need(MEANTIME)
    cfg = ClusterConfig(use_encoder=not args.no_encoder)
    for item in args.set:
        name, value = item.split("=", 1)
        setattr(cfg, name, type(getattr(cfg, name))(value))
    rows = []
    for name, docs in (("semeval2015_task4", semeval_en()), ("meantime_en", meantime_en())):
        by_id: dict[str, Doc] = {}
        for d in docs:  # identical texts (a document in two folders) count once
            by_id.setdefault(d.article.id, d)
        docs = list(by_id.values())
        if args.annotated:
            docs = annotated(name, docs)
        gold = {d.article.id: d.group for d in docs}
        events, stories, secs = cluster(docs, cfg)
        _, plain_stories, _ = cluster(docs, ClusterConfig(use_encoder=False))
        one = {a: "all" for a in gold}
        single = {a: a for a in gold}
        for label, pred in (("stories", stories), ("events", events), ("stories, no encoder", plain_stories),
                            *((f"baseline: TF-IDF single-link @{t}", single_link(docs, t))
                              for t in BASELINE_LINK_COSINES),
                            ("baseline: one cluster", one), ("baseline: singletons", single)):
            pp, pr, pf = pairwise(gold, pred)
            bp, br, bf = bcubed(gold, pred)
            rows.append([name, label, len(set(pred.values())), pp * 100, pr * 100, pf * 100,
                         bp * 100, br * 100, bf * 100])
        print(f"{name}: {len(docs)} articles in {len(set(gold.values()))} groups, clustered in {secs:.1f}s")
    print(table(["corpus", "clusters", "n", "pair P", "pair R", "pair F1", "B3 P", "B3 R", "B3 F1"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
