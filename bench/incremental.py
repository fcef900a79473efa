"""Incremental cost of story clustering on a synthetic stream built from the real corpora.

Each synthetic article takes most of its sentences from one real article (its topic) and a few
from random others, shuffled, and gets a random outlet and a date on a clock that advances at
``--per-day`` articles a day (a busy news day). Sentences come from German Wikinews, 10kGNAD and
the English Wikinews corpora. The script times ``StoryClusterer.add`` per article (features,
candidate retrieval, assignment, the periodic store flushes and consolidations) and prints p50,
p95 and max over the 1,000 articles before each checkpoint (wall clock, and CPU time of the process,
which does not grow when other jobs share the cores), with peak memory and the load average.

The sentence encoder costs ~8 ms per article on one core and does not depend on the stream size;
by default the bench feeds each article its topic article's lead embedding blurred by a random
other one (computed once per pool article) so large runs finish; ``--real-embed`` encodes every article.
A scan baseline (no inverted index: every event and story held in memory, i.e. inside the active
time window, is compared) runs beside it up to ``--scan-until`` articles.

    .venv/bin/python bench/incremental.py --sizes 1000,10000,20000 [--real-embed] [--per-day 400]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _story_corpora import WIKINEWS_DE, make_article, meantime_en, wikinews_de  # noqa: E402
from lagebild.annotate.sentences import split_sentences  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.store.sqlite import SQLiteStore  # noqa: E402
from lagebild.story.centroid import Postings  # noqa: E402
from lagebild.story.cluster import ClusterConfig, StoryClusterer  # noqa: E402
from lagebild.story.features import Featurizer  # noqa: E402
from lagebild.story.state import EVENT, STORY  # noqa: E402

from common import gnad_texts, need, peak_rss_mb, table  # noqa: E402


class ScanAll(Postings):
    """Baseline candidate 'retrieval': every cluster in memory."""

    def __init__(self, pool: dict[str, Any]) -> None:
        super().__init__()
        self.pool = pool

    def query(self, keys: list[tuple[int, float]], per_key: int, limit: int,
              usable: Callable[[str], bool] | None = None) -> list[str]:
        return [c for c in self.pool if usable is None or usable(c)]


OUTLETS = [f"outlet-{i:02d}" for i in range(40)]
WINDOW = 1000


def sentence_pool() -> list[tuple[str, list[str]]]:
    """(language, sentences) per real article."""
    docs: list[tuple[str, list[str]]] = []
    for d in wikinews_de():
        docs.append(("de", [d.article.text[s.start:s.end] for s in split_sentences(d.article.text, "de")][1:]))
    for text in gnad_texts():
        docs.append(("de", [text[s.start:s.end] for s in split_sentences(text, "de")]))
    for d in meantime_en():
        docs.append(("en", [d.article.text[s.start:s.end] for s in split_sentences(d.article.text, "en")][1:]))
    kept = [(lang, [s for s in sents if len(s) > 30]) for lang, sents in docs]
    return [(lang, sents) for lang, sents in kept if len(sents) >= 4]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000", help="checkpoints, comma-separated (max = stream length)")
    ap.add_argument("--per-day", type=int, default=400, help="articles per simulated day")
    ap.add_argument("--real-embed", action="store_true", help="encode every article with USE")
    ap.add_argument("--scan-until", type=int, default=2000,
                    help="run the linear-scan baseline up to here (it costs ~100 ms an article at 1k)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    need(WIKINEWS_DE)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rng = random.Random(args.seed)
    pool = sentence_pool()
    flat = [(lang, s) for lang, sents in pool for s in sents]
    feat = Featurizer()
    t0 = time.perf_counter()
    topic_emb = np.zeros((len(pool), 512), dtype=np.float32)
    if not args.real_embed:
        leads = [" ".join(sents[:3])[:300] for _, sents in pool]
        for i in range(0, len(leads), 256):
            embs = feat.embed(leads[i:i + 256])
            assert embs is not None
            topic_emb[i:i + len(embs)] = embs
    print(f"pool: {len(pool)} articles, {len(flat)} sentences; topic embeddings {time.perf_counter() - t0:.0f}s")

    def synth(i: int) -> tuple[Article, np.ndarray | None]:
        topic = rng.randrange(len(pool))
        lang, sents = pool[topic]
        k = rng.randint(4, min(12, len(sents)))
        body = rng.sample(sents, k)
        body += [s for lg, s in rng.sample(flat, 3) if lg == lang][: rng.randint(0, 2)]
        rng.shuffle(body)
        day = 730_000 + i // args.per_day  # date ordinal: the clock advances per_day articles a day
        from datetime import date

        title = body[0][:90]
        art = make_article(title + "\n\n" + " ".join(body[1:]) + f" ({i})", title, date.fromordinal(day).isoformat(),
                           lang, f"synthetic#{i}", rng.choice(OUTLETS))
        emb = None
        if not args.real_embed:
            # the topic's lead embedding blurred by another article's: a shuffled lead resembles its
            # topic without being identical to it
            m = topic_emb[topic] + 0.4 * topic_emb[rng.randrange(len(pool))]
            emb = (m / max(float(np.linalg.norm(m)), 1e-9)).astype(np.float32)
        return art, emb

    rows: list[list[object]] = []
    for mode in ("scan", "index"):  # the short baseline first, so its rows are there early
        limit = sizes[-1] if mode == "index" else min(sizes[-1], args.scan_until)
        if limit <= 0:
            continue
        rng.seed(args.seed)
        with tempfile.TemporaryDirectory() as tmp:
            store = SQLiteStore(Path(tmp) / "stream.db")
            clusterer = StoryClusterer(store, ClusterConfig(use_encoder=args.real_embed))
            if not args.real_embed:
                clusterer.featurizer.use_encoder = False
            if mode == "scan":  # baseline: no inverted index, every cluster in memory is a candidate
                clusterer.state.index = {EVENT: ScanAll(clusterer.events), STORY: ScanAll(clusterer.stories)}
            times: list[float] = []
            cpu: list[float] = []
            embed_s = 0.0
            for i in range(limit):
                art, emb = synth(i)
                if args.real_embed:
                    t = time.perf_counter()
                    e = clusterer.featurizer.embed([clusterer.featurizer.lead_of(art)])
                    emb = None if e is None else e[0]
                    embed_s += time.perf_counter() - t
                t, c = time.perf_counter(), time.process_time()
                clusterer.add(art, emb)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
                n = i + 1
                if n in sizes or n == limit:
                    last = np.asarray(times[-WINDOW:]) * 1000
                    last_cpu = np.asarray(cpu[-WINDOW:]) * 1000
                    rows.append([mode, n, round(float(np.percentile(last, 50)), 2), round(float(np.percentile(last, 95)), 2),
                                 round(float(np.percentile(last_cpu, 50)), 2), round(float(np.percentile(last_cpu, 95)), 2),
                                 round(float(last.max()), 1), len(clusterer.events), len(clusterer.stories),
                                 clusterer.state.next_seq[EVENT] - 1, clusterer.state.next_seq[STORY] - 1,
                                 round(peak_rss_mb()), round(embed_s / n * 1000, 2), round(os.getloadavg()[0], 1)])
                    print(" | ".join(map(str, rows[-1])), flush=True)
            clusterer.close()
            size_mb = (Path(tmp) / "stream.db").stat().st_size / 1e6
            print(f"{mode}: store {size_mb:.0f} MB after {limit} articles", flush=True)
            store.close()
    print(table(["mode", "articles", "p50 ms", "p95 ms", "CPU p50 ms", "CPU p95 ms", "max ms", "events in memory", "stories in memory",
                 "events total", "stories total", "peak MB", "embed ms/article", "load avg"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
