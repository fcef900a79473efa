"""Throughput end to end (read → annotate → fold → store → cluster) and per stage: serial ingest vs
the batch engine's process pool vs Ray local, on 2 cores, with peak memory; the spaCy blank German
tokenizer's speed on the same texts is printed beside it as the physical bound.

Corpora: the 1,028 10kGNAD test articles (``--n``), a large one of ``--big`` articles (the German
Wikinews and 10kGNAD texts repeated with variations: half the sentences from another article,
shuffled, other outlet and date, so they are not folded as wire copies), and the seeds plus the
German Wikinews corpus, where the bench also checks that every engine gives the same stories.

Run: .venv/bin/python bench/throughput.py [--n 1028] [--big 20000] [--engines serial,local,ray]
     quick check: .venv/bin/python bench/throughput.py --n 100 --big 300 --wikinews 100
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _story_corpora import wikinews_de  # noqa: E402
from lagebild.app.ingest import ingest  # noqa: E402
from lagebild.batch import run_batch  # noqa: E402
from lagebild.settings import load_settings  # noqa: E402
from lagebild.store.sqlite import SQLiteStore  # noqa: E402

from common import SHARED_DATA, gnad_texts, table  # noqa: E402

WORKERS = 2
#: Seconds between memory samples of the driver and its descendant processes.
SAMPLE_SECONDS = 0.5
#: Dates the variants are spread over (days from the first): a year of news.
DATE_SPREAD_DAYS = 365
OUTLETS = ("Nordkurier", "Südpost", "Westblatt", "Ostanzeiger", "Rheinbote", "Alpenecho")
STAGES = ("extract", "language", "sentences", "timex", "entities", "quotes", "store", "cluster")


# -- corpora ---------------------------------------------------------------------------------------
def write_jsonl(path: Path, docs: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def gnad_docs(n: int) -> list[dict[str, Any]]:
    return [{"id": f"gnad{i}", "text": t, "outlet": "10kGNAD"} for i, t in enumerate(gnad_texts(n))]


def wikinews_docs(limit: int | None) -> list[dict[str, Any]]:
    docs = wikinews_de()[:limit] if limit else wikinews_de()
    return [{"id": d.name, "title": d.article.title, "text": d.article.text, "outlet": "wikinews",
             "published": d.article.published.value if d.article.published else None}
            for d in docs]


def varied(base: list[dict[str, Any]], size: int, seed: int = 8) -> list[dict[str, Any]]:
    """``size`` articles from ``base``: each keeps half its sentences, takes as many from another
    article, in shuffled order, with another outlet and date (shares < 0.5 of its shingles with
    any other, under the 0.7 folding threshold)."""
    rng = random.Random(seed)
    sents = [[s for s in d["text"].replace("\n", " ").split(". ") if s.strip()] for d in base]
    out = []
    for k in range(size):
        i, j = rng.randrange(len(base)), rng.randrange(len(base))
        own = rng.sample(sents[i], max(1, len(sents[i]) // 2))
        other = rng.sample(sents[j], max(1, min(len(sents[j]), len(own))))
        body = own + other
        rng.shuffle(body)
        day = 738000 + rng.randrange(DATE_SPREAD_DAYS)
        from datetime import date

        out.append({"id": f"v{k}", "title": base[i].get("title"), "text": ". ".join(body) + ".",
                    "outlet": rng.choice(OUTLETS), "published": date.fromordinal(day).isoformat()})
    return out


# -- measuring ---------------------------------------------------------------------------------------
def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


class MemorySampler:
    """Peak RSS of this process and peak summed RSS of its descendants (pool workers; for Ray the
    raylet, GCS and actors) while a run lasts."""

    def __init__(self) -> None:
        self.driver = self.workers = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.driver = max(self.driver, _rss_mb(me))
            self.workers = max(self.workers, sum(_rss_mb(p) for p in _descendants(me)))
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db)
    q = lambda sql: sorted(conn.execute(sql).fetchall())  # noqa: E731
    snap = {"articles": q("SELECT id, data FROM articles"),
            "sources": q("SELECT source, article_id, folded, similarity FROM sources"),
            "stories": q("SELECT a.article_id, a.event_id, e.story_id FROM story_assignments a"
                         " JOIN story_events e ON e.id = a.event_id")}
    conn.close()
    return snap


def run(engine: str, path: Path, tmp: Path, tag: str) -> dict[str, Any]:
    db = tmp / f"{tag}_{engine}.db"
    cfg = load_settings(db=str(db))
    store = SQLiteStore(db)
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    with MemorySampler() as mem:
        if engine == "serial":
            report = ingest([path], store, cfg)
        else:
            report = run_batch([path], store, cfg, engine=engine, workers=WORKERS)
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    store.close()
    return {"engine": engine, "n": report.items, "new": report.new, "folded": report.folded, "wall": wall,
            "driver_cpu": (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime),
            "times": dict(report.times.seconds), "calls": dict(report.times.calls), "mem": mem, "db": db,
            "load": os.getloadavg()[0]}


def tokenizer_rate(texts: list[str]) -> float:
    import spacy

    tok = spacy.blank("de").tokenizer
    t0 = time.perf_counter()
    for t in texts:
        tok(t)
    return len(texts) / (time.perf_counter() - t0)


def corpus_rows(name: str, path: Path, texts: list[str], engines: list[str], tmp: Path) -> list[list[object]]:
    results = [run(e, path, tmp, name) for e in engines]
    bound = tokenizer_rate(texts)
    snaps = {r["engine"]: snapshot(r["db"]) for r in results}
    first = snaps[engines[0]]
    rows = []
    for r in results:
        same = all(snaps[r["engine"]][k] == first[k] for k in first)
        stage = {s: r["times"].get(s, 0.0) for s in STAGES}
        rows.append([name, r["engine"], r["n"], r["new"], r["folded"], r["wall"], r["n"] / r["wall"],
                     *(r["n"] / v if v else "-" for v in stage.values()),
                     f"{r['mem'].driver:.0f}", f"{r['mem'].workers:.0f}", bound,
                     "base" if r is results[0] else ("yes" if same else "NO"), f"{r['load']:.1f}"])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1028, help="10kGNAD articles (max 1,028)")
    ap.add_argument("--big", type=int, default=20000, help="size of the varied large corpus (0: skip)")
    ap.add_argument("--wikinews", type=int, default=0, help="Wikinews articles for the identity check (0: all)")
    ap.add_argument("--engines", default="serial,local,ray")
    ap.add_argument("--wiki-engines", default="local,ray",
                    help="engines for the seeds+Wikinews identity check (serial = ingest is tested in tests/)")
    args = ap.parse_args()
    engines, wiki_engines = args.engines.split(","), args.wiki_engines.split(",")
    try:
        import ray  # noqa: F401
    except ImportError:
        print("ray not installed: skipping the ray engine (pip install 'lagebild[ray]')")
        engines = [e for e in engines if e != "ray"]
        wiki_engines = [e for e in wiki_engines if e != "ray"]
    print(f"cores usable: {len(os.sched_getaffinity(0))}, workers {WORKERS}, load average at start "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        gnad = gnad_docs(args.n)
        rows += corpus_rows(f"10kGNAD {len(gnad)}", write_jsonl(tmp / "gnad.jsonl", gnad),
                            [d["text"] for d in gnad], engines, tmp)
        wiki = wikinews_docs(args.wikinews or None)
        seeds = SHARED_DATA.parent / "seeds"
        wdir = tmp / "wiki"
        wdir.mkdir()
        write_jsonl(wdir / "wikinews.jsonl", wiki)
        for p in sorted(seeds.glob("*.txt")):
            (wdir / p.name).write_text(p.read_text("utf-8"), "utf-8")
        rows += corpus_rows(f"seeds+Wikinews {len(wiki) + 5}", wdir, [d["text"] for d in wiki],
                            wiki_engines, tmp)
        if args.big:
            big = varied(wikinews_docs(None) + gnad_docs(1028), args.big)
            rows += corpus_rows(f"varied {len(big)}", write_jsonl(tmp / "big.jsonl", big),
                                [d["text"] for d in big], engines, tmp)
    print(table(["corpus", "engine", "items", "new", "folded", "wall s", "art/s", *(f"{s} art/s" for s in STAGES),
                 "driver MB", "workers MB", "tokenizer art/s", "identical", "load"], rows))
    print("per-stage art/s = articles / stage seconds summed over workers (CPU-bound stages: per core); "
          "'identical' = same articles, sources and article->event->story as the first engine; "
          f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
