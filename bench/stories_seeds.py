"""The seed articles ingested together and clustered: stories, events, their articles.

    .venv/bin/python bench/stories_seeds.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lagebild.ingest.runner import ingest  # noqa: E402
from lagebild.settings import Settings  # noqa: E402
from lagebild.store.sqlite import SQLiteStore  # noqa: E402
from lagebild.store.stories import list_stories  # noqa: E402
from lagebild.story.cluster import StoryClusterer  # noqa: E402

from common import ROOT, need  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def main() -> int:
    need(SEEDS)
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "seeds.db")
        ingest([SEEDS], store, Settings(db=str(Path(tmp) / "seeds.db")))
        arts = {a.id: a for a in store.iter_articles()}
        t0 = time.perf_counter()
        with StoryClusterer(store) as clusterer:
            clusterer.assign_all(list(arts.values()))
        print(f"{len(arts)} articles clustered in {time.perf_counter() - t0:.1f}s "
              f"(entities layer: {'yes' if any(a.spans('entities') for a in arts.values()) else 'no, proper-noun fallback'})")
        for st in list_stories(store):
            print(f"story {st.id}: {st.title} [{st.meta['first_seen']} .. {st.meta['last_seen']}]")
            for ev in st.events:
                print(f"  event {ev.id}: {ev.title} [{ev.first_seen} .. {ev.last_seen}]")
                for aid in ev.article_ids:
                    a = arts[aid]
                    print(f"    {aid}  {a.published.value if a.published else 'undated':16}  "
                          f"{Path(a.source.source).name}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
