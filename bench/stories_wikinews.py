"""Events and stories on German Wikinews, scored against the hand-made dev labels (issue 16).

All 998 articles of SpkAtt-2023 task 2 are clustered together (annotated once with ``lagebild
ingest`` and cached, see :mod:`_story_scoring`); only the 415 labelled articles of 2004-2006 are
scored, pairwise and with B-cubed, for events and stories. In the same run the naive baseline
(TF-IDF cosine + publication-date window, single link) is scored with its threshold and window
tuned on the same labels, per level. ``--errors N`` lists N false merges and N missed links
(story level) with titles, dates and the similarity signals, for reading.

    .venv/bin/python bench/stories_wikinews.py [--rebuild] [--no-encoder] [--errors 20] [--set name=value ...]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _story_scoring import (  # noqa: E402
    LABELS,
    Labelled,
    NaiveSingleLink,
    bcubed,
    cached_store,
    embeddings,
    load_labelled,
    pairwise,
)
from lagebild.store.sqlite import SQLiteStore  # noqa: E402
from lagebild.store.stories import list_stories  # noqa: E402
from lagebild.story.cluster import ClusterConfig, StoryClusterer  # noqa: E402
from lagebild.story.features import Featurizer  # noqa: E402

from common import need, table  # noqa: E402

#: The naive baseline's grid (tuned on the dev labels, best per level is reported).
NAIVE_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 16))
NAIVE_WINDOWS = (3, 7, 14, 30, 90, 365, 100_000)


def run_ours(data: Labelled, cfg: ClusterConfig) -> tuple[dict[str, str], dict[str, str], float, Any]:
    embs = embeddings(data.articles, Featurizer().lead_of) if cfg.use_encoder else {}
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "eval.db")
        t0 = time.perf_counter()
        with StoryClusterer(store, cfg) as clusterer:
            clusterer.assign_all(data.articles, embeddings=embs or None)
        secs = time.perf_counter() - t0
        events, stories = {}, {}
        listed = list_stories(store)
        for st in listed:
            for ev in st.events:
                for aid in ev.article_ids:
                    events[aid], stories[aid] = ev.id, st.id
        store.close()
    return events, stories, secs, listed


def scores(gold: dict[str, str], pred: dict[str, str]) -> list[float]:
    return [x * 100 for x in (*pairwise(gold, pred), *bcubed(gold, pred))]


def tuned_naive(data: Labelled, gold: dict[str, str]) -> tuple[dict[str, str], str]:
    best, best_f, best_cfg = {}, -1.0, ""
    naive = NaiveSingleLink(data.articles)
    for w in NAIVE_WINDOWS:
        for t in NAIVE_THRESHOLDS:
            pred = naive(t, w)
            f = pairwise(gold, pred)[2]
            if f > best_f:
                best, best_f, best_cfg = pred, f, f"cos>={t}, {w if w < 100_000 else 'any'} days"
    return best, best_cfg


def error_pairs(data: Labelled, gold: dict[str, str], pred: dict[str, str]) -> tuple[list[Any], list[Any]]:
    """(false merges, missed links): labelled article pairs that one side joins and the other not."""
    ids = sorted(gold, key=lambda a: data.key_of[a])
    fm, ml = [], []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
            if same_pred and not same_gold:
                fm.append((a, b))
            elif same_gold and not same_pred:
                ml.append((a, b))
    return fm, ml


def show_errors(data: Labelled, events: dict[str, str], stories: dict[str, str], n: int, seed: int) -> None:
    """Up to ``n`` false merges and ``n`` missed links (events and stories), with the gold groups."""
    arts = {a.id: a for a in data.articles}
    rng = random.Random(seed)

    def line(a: str) -> str:
        art = arts[a]
        return f"{art.published.value[:10] if art.published else '?'}  {art.title}"

    for level, gold, pred in (("event", data.events, events), ("story", data.stories, stories)):
        fm, ml = error_pairs(data, gold, pred)
        for name, pairs in ((f"{level} false merges (joined, gold apart)", fm),
                            (f"{level} missed links (gold together, apart)", ml)):
            print(f"\n{name}: {len(pairs)}")
            for k, (a, b) in enumerate(sorted(rng.sample(pairs, min(n, len(pairs))))):
                print(f"{k + 1:2d}. {line(a)}\n    {line(b)}   [gold {gold[a]}/{gold[b]}; story "
                      f"{data.stories[a]}/{data.stories[b]}]")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rebuild", action="store_true", help="annotate the corpus again (cache)")
    ap.add_argument("--no-encoder", action="store_true")
    ap.add_argument("--no-baseline", action="store_true", help="skip the naive baseline (quick tuning)")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--set", action="append", default=[], help="ClusterConfig field=value")
    args = ap.parse_args()
    need(LABELS)
    data = load_labelled(cached_store(args.rebuild))
    cfg = ClusterConfig(use_encoder=not args.no_encoder)
    for item in args.set:
        name, value = item.split("=", 1)
        setattr(cfg, name, type(getattr(cfg, name))(value))
    events, stories, secs, listed = run_ours(data, cfg)
    rows = [["ours", "events", *scores(data.events, events)], ["ours", "stories", *scores(data.stories, stories)]]
    if not args.no_baseline:
        for level, gold in (("events", data.events), ("stories", data.stories)):
            pred, how = tuned_naive(data, gold)
            rows.append([f"naive ({how})", level, *scores(gold, pred)])
    print(f"{len(data.articles)} articles clustered in {secs:.1f}s; {len(data.events)} labelled; "
          f"{sum(len(s.events) for s in listed)} events, {len(listed)} stories")
    print(table(["system", "level", "pair P", "pair R", "pair F1", "B3 P", "B3 R", "B3 F1"], rows))
    if args.errors:
        show_errors(data, events, stories, args.errors, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
