"""The seed articles as one story: timeline, conflicts and single-source claims (issue 6 closing note).

    OMP_NUM_THREADS=1 .venv/bin/python bench/story_seeds.py [folder] [--md] [--fixed]

Ingests the folder (default ../shared/seeds) into a temporary store; the story clusterer
(``lagebild.story.cluster``) groups the articles into events and stories and the script prints each
event's files, then per story the timeline, conflicts, claims and briefing. ``--fixed`` skips the
clusterer and uses one story with two events: all files but the last, and the last.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from lagebild.api import ingest_paths, open_store
from lagebild.interfaces.markdown import story_markdown
from lagebild.model import Article, Event, Story
from lagebild.settings import load_settings
from lagebild.story.build import build_story

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def fixed_story(articles: list[Article]) -> list[Story]:
    by_file = sorted(articles, key=lambda a: a.source.source)
    first, last = [a.id for a in by_file[:-1]], [a.id for a in by_file[-1:]]
    events = [Event(id="e1", story_id="s1", article_ids=first), Event(id="e2", story_id="s1", article_ids=last)]
    return [Story(id="s1", events=[e for e in events if e.article_ids])]


def clustered(store: object, articles: list[Article]) -> list[Story] | None:
    try:
        from lagebild.store import stories as db
        from lagebild.story.cluster import StoryClusterer
    except ImportError:
        return None
    clusterer = StoryClusterer(store)  # type: ignore[arg-type]
    clusterer.assign_all(articles)
    if hasattr(clusterer, "flush"):
        clusterer.flush()
    return list(db.list_stories(store))  # type: ignore[arg-type]


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else SEEDS
    if not folder.exists():
        print(f"skipped: {folder} is not there")
        return
    cfg = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "seeds.db", cfg)
        report = ingest_paths([folder], store, cfg)
        articles = list(store.iter_articles())
        print(f"ingested {report.items} items: {report.new} new, {report.folded} folded, "
              f"{len(report.rejected)} rejected")
        stories = None if "--fixed" in argv else clustered(store, articles)
        how = "clusterer" if stories is not None else "fixed grouping (all but last file | last file)"
        stories = stories or fixed_story(articles)
        by_id = {a.id: a for a in articles}
        for story in stories:
            t0 = time.perf_counter()
            view = build_story(story, by_id)
            took = time.perf_counter() - t0
            print(f"\n== story {story.id} ({how}): {len(story.events)} events, "
                  f"{len(story.article_ids)} articles, built in {took:.1f} s")
            if "--md" in argv:
                print(story_markdown(view))
                continue
            for ev in view.events:
                print(f"  event {ev.id}: {ev.first_seen} .. {ev.last_seen}  {ev.title[:80]}")
                for aid in ev.article_ids:
                    print(f"      {aid} {Path(by_id[aid].source.source).name}")
            print("\n-- timeline")
            for t in view.timeline:
                flag = "expected" if t.expected else ""
                extra = " ".join(f"{k}={getattr(t, k)}" for k in ("until", "approx", "outcome", "anticipated_by")
                                 if getattr(t, k))
                print(f"{t.id:>4} {t.date:<11} {t.granularity:<7} {flag:<8} "
                      f"[{len(t.citations)} sent, {len(t.outlets)} outlets] {t.label[:100]} {extra}")
            print("\n-- conflicts")
            for x in view.conflicts:
                if x.kind == "denial":
                    print(f"denial {x.denied_by} vs {x.asserted_by}: {x.about[:160]}")
                    for cite in x.citations[1:]:
                        a = by_id[cite.article_id]
                        print(f"    asserted [{a.id}]: {a.text[cite.start:cite.end][:150]}")
                else:
                    print(f"{x.kind} {x.values}: {x.about[:140]}")
            single = [c for c in view.claims if c.single_source and not c.own]
            multi = [c for c in view.claims if c.independent_outlets > 1]
            print(f"\n-- claims: {len(view.claims)} total, {len(multi)} carried by several outlets, "
                  f"{len(single)} attributed single-source")
            for c in multi:
                print(f"  multi  {c.id} {c.source!r} ({', '.join(c.outlets)}): {c.text[:110]}")
            for c in single:
                print(f"  single {c.id} {c.source!r} [{c.stance}]: {c.text[:110]}")
            print("\n-- briefing")
            for b in view.briefing:
                print(f"  [{b.citation.article_id}] {b.text[:150]}")


if __name__ == "__main__":
    main(sys.argv[1:])
