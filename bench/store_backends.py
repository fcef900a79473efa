"""Store backends side by side: the 1,028 10kGNAD articles written through the ingest's store step
(content-hash ids, MinHash near-duplicate lookup, one transaction per 100) into SQLite (the
baseline) and into a throwaway PostgreSQL server, then reads: article by id, search, article pages.
No annotation: this measures the store, not the pipeline.

Run: .venv/bin/python bench/store_backends.py   (needs ../shared/data and PostgreSQL server binaries)
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from lagebild.app.ingest import IngestReport, store_article  # noqa: E402
from lagebild.model import Article, Source, bytes_hash, content_id  # noqa: E402
from lagebild.settings import load_settings  # noqa: E402
from lagebild.store.base import Store, open_store  # noqa: E402
from pg_fixture import PgServer, pg_bin  # noqa: E402

from common import gnad_texts, table  # noqa: E402

#: Articles per write transaction (the ingest's default commit_every).
BATCH = 100
QUERIES = ["Regierung", "Fußball AND Trainer", '"Europäische Union"', "Wahl OR Abstimmung", "Bank NOT Zinsen",
           "Polizei", "Klimaschutz", "Schule", "Flüchtlinge", "Aktie"]


def articles(texts: list[str]) -> list[Article]:
    out = []
    for i, text in enumerate(texts):
        art = Article(source=Source(f"gnad/{i:05d}.txt", "text", bytes_hash(text.encode())), raw=text, text=text,
                      title=text.split(".", 1)[0][:80], language="de")
        art.id = content_id(text)
        out.append(art)
    return out


def run(store: Store, arts: list[Article]) -> list[object]:
    cfg = load_settings()
    report = IngestReport()
    t0 = time.perf_counter()
    for i in range(0, len(arts), BATCH):
        with store.transaction():
            for art in arts[i:i + BATCH]:
                store_article(art, store, cfg, report)
    write = len(arts) / (time.perf_counter() - t0)
    ids = [a.id for a in random.Random(1).sample(arts, 300)]
    t0 = time.perf_counter()
    for aid in ids:
        store.get_article(aid)
    get = len(ids) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    hits = 0
    for _ in range(5):
        for q in QUERIES:
            hits += len(store.search(q, 20))
    search = 5 * len(QUERIES) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for off in range(0, 1000, 100):
        store.article_rows(100, off)
    pages = 10 / (time.perf_counter() - t0)
    return [store.dialect, report.new, report.folded, round(write, 1), round(get, 1), round(search, 1),
            hits // 5, round(pages, 1)]


def main() -> None:
    arts = articles(gnad_texts())
    rows = []
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as st:
        rows.append(run(st, arts))
    bindir = pg_bin()
    if bindir is None:
        print("PostgreSQL server binaries not installed: SQLite row only")
    else:
        server = PgServer(bindir, Path(tempfile.mkdtemp(prefix="lagebild-pg-")))
        server.start()
        try:
            with open_store(server.new_database()) as st:
                rows.append(run(st, arts))
        finally:
            server.stop()
            shutil.rmtree(server.root, ignore_errors=True)
    print(f"store backends, {len(arts)} 10kGNAD articles, load average {os.getloadavg()[0]:.2f}")
    print(table(["backend", "new", "folded", "write art/s", "get art/s", "search q/s", "hits/round", "pages/s"],
                rows))
    print("(PostgreSQL server started with fsync=off, as in the tests; search: SQLite FTS5 vs German tsvector)")


if __name__ == "__main__":
    main()
