"""Events and stories on the German Wikinews corpus (SpkAtt-2023 task 2, ~1,000 dated articles).

Gold clusters are not given: the script prints counts, the size distribution and sample
multi-article events and stories with their titles, to be judged by reading.

By default the articles (text rebuilt from tokens, title and date from the file name) go straight
to the clusterer. ``--jsonl`` writes them to a JSONL file and runs the product path instead:
``lagebild ingest`` (cleaning, folding, language, sentences, timex, NER, quotes) clusters them as it
stores them.

    .venv/bin/python bench/stories_wikinews.py [--jsonl] [--ner] [--no-encoder] [--samples 10] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _story_corpora import WIKINEWS_DE, wikinews_de  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.store.sqlite import SQLiteStore  # noqa: E402
from lagebild.store.stories import consolidation_log, list_stories  # noqa: E402
from lagebild.story.cluster import ClusterConfig, StoryClusterer  # noqa: E402

from common import need, peak_rss_mb, table  # noqa: E402


def sizes(counts: list[int]) -> str:
    dist = Counter(min(c, 10) for c in counts)
    return ", ".join(f"{k if k < 10 else '10+'}: {dist[k]}" for k in sorted(dist))


def ingest_jsonl(arts: list[Article], tmp: Path) -> tuple[Any, dict[str, Any]]:
    """Write the articles as JSONL (our fields) and ingest them with the product's defaults."""
    from lagebild.api import ingest_paths, open_store
    from lagebild.settings import load_settings

    path = tmp / "wikinews.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps({"id": Path(a.source.source).stem, "title": a.title, "text": a.text,
                                 "published": a.published.value if a.published else None,
                                 "outlet": a.outlet, "language": a.language}, ensure_ascii=False) + "\n")
    settings = load_settings()
    store = open_store(tmp / "wikinews.db", settings)
    rep = ingest_paths([path], store, settings)
    return store, {"new": rep.new, "folded": rep.folded, "rejected": len(rep.rejected)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ner", action="store_true", help="run the NER stage first (entities layer)")
    ap.add_argument("--no-encoder", action="store_true", help="without the sentence encoder")
    ap.add_argument("--jsonl", action="store_true", help="feed a JSONL file through lagebild ingest")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (a quick check)")
    ap.add_argument("--samples", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    need(WIKINEWS_DE)
    docs = wikinews_de()
    if args.limit:
        docs = docs[:args.limit]
    arts = [d.article for d in docs]
    if args.ner:
        from lagebild.annotate.ner import ner_stage

        t0 = time.perf_counter()
        arts = [ner_stage(a) for a in arts]
        print(f"NER: {time.perf_counter() - t0:.1f}s")
    cfg = ClusterConfig(use_encoder=not args.no_encoder)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        if args.jsonl:
            store, report = ingest_jsonl(arts, Path(tmp))
            arts = list(store.iter_articles())
        else:
            store = SQLiteStore(Path(tmp) / "wikinews.db")
            with StoryClusterer(store, cfg) as clusterer:
                report = clusterer.assign_all(arts)
        secs = time.perf_counter() - t0
        stories = list_stories(store)
        events = [e for s in stories for e in s.events]
        log = consolidation_log(store, 10_000)
        titles = {a.id: a.title for a in arts}
        dates = {a.id: a.published.value if a.published else "?" for a in arts}
        print(table(["articles", "events", "stories", "multi-article events", "multi-event stories",
                     "seconds", "peak MB"],
                    [[len(arts), len(events), len(stories), sum(len(e.article_ids) > 1 for e in events),
                      sum(len(s.events) > 1 for s in stories), round(secs, 1), round(peak_rss_mb())]]))
        print(f"{'ingest' if args.jsonl else 'consolidation'}: {report}; consolidation log entries: {len(log)}")
        print(f"event sizes (articles): {sizes([len(e.article_ids) for e in events])}")
        print(f"story sizes (events):   {sizes([len(s.events) for s in stories])}")
        print(f"story sizes (articles): {sizes([len(s.article_ids) for s in stories])}")
        rng = random.Random(args.seed)
        multi = [e for e in events if len(e.article_ids) > 1]
        print(f"\n{min(args.samples, len(multi))} sample multi-article events:")
        for ev in rng.sample(multi, min(args.samples, len(multi))):
            print(f"- {ev.id} [{ev.first_seen} .. {ev.last_seen}] {ev.title}")
            for aid in ev.article_ids:
                print(f"    {dates[aid]}  {titles[aid]}")
        multi_st = [s for s in stories if len(s.events) > 1]
        print(f"\n{min(args.samples, len(multi_st))} sample multi-event stories:")
        for st in rng.sample(multi_st, min(args.samples, len(multi_st))):
            print(f"- {st.id} {st.title}")
            for ev in st.events:
                print(f"    {ev.id} [{ev.first_seen}] ({len(ev.article_ids)}) {ev.title}")
        print("\nlargest events:")
        for ev in sorted(events, key=lambda e: -len(e.article_ids))[:5]:
            print(f"- {ev.id} ({len(ev.article_ids)}) {ev.title}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
