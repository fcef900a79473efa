"""API throughput: requests/s and latency of story detail and search under concurrent clients.

Builds a store of ``--articles`` articles (default 10,000) from the 10kGNAD test texts and the
German Wikinews texts, repeated with variations (sentences mixed with another article, dates
shifted, outlets rotated) so near-duplicate folding does not collapse the copies. The first
``--annotated`` articles go through the whole pipeline (sentences, dates, entities, quotes); the
rest only through extraction, cleaning and folding, because annotating 10,000 articles takes
hours on two shared cores. Every article is clustered into stories.

Then it serves the store with uvicorn in a second process on 127.0.0.1, starts ``lagebild ingest``
of further annotated articles in a third process, and from a fourth process runs ``--clients``
concurrent keep-alive clients against (a) story detail of the largest stories and (b) search,
each for ``--seconds``, first with the store idle, then while the ingest runs.

    .venv/bin/python bench/api.py [--articles 10000] [--annotated 300] [--clients 16] [--seconds 20]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED_DATA, gnad_texts, need, table, wait_up  # noqa: E402

PY = sys.executable
OUTLETS = ["Nordkurier Online", "Alpenblick", "Donauzeitung", "Rheinpost", "Elbe-Echo", "Ostseebote",
           "Mainspiegel", "Hafenkurier"]
QUERIES = ["Regierung", "Polizei", "Wien AND Regierung", '"Europäische Union"', "Fußball*", "Wahl OR Wahlen",
           "Präsident NOT Trump", "Krankenhaus", "Klima*", "Bundeskanzler", "Gericht AND Urteil", "Bank*"]
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


def wikinews_texts() -> list[tuple[str, str, str]]:
    """(title, date, text) of the German Wikinews articles (text rebuilt from tokens)."""
    from _story_corpora import wikinews_de

    return [(d.article.title or "", d.article.published.value if d.article.published else "2010-01-01",
             d.article.text.split("\n\n", 1)[-1]) for d in wikinews_de()]


def records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base: list[tuple[str, str, str]] = [(t.split("\n", 1)[0][:90], f"2019-{rng.randint(1, 12):02d}-"
                                         f"{rng.randint(1, 28):02d}", t) for t in gnad_texts()]
    if (SHARED_DATA / "spkatt2023_task2_de_wikinews_quotes").is_dir():
        with contextlib.suppress(ImportError):  # without the story benchmarks' reader: 10kGNAD alone
            base += wikinews_texts()
    out = []
    for i in range(n):
        title, day, text = base[i % len(base)]
        rnd = i // len(base)
        if rnd:  # a variation: interleave with half of another article, move the date, other outlet
            other = _SENT.split(base[rng.randrange(len(base))][2])
            mine = _SENT.split(text)
            mix = mine + other[: max(1, len(other) // 2)]
            rng.shuffle(mix)
            text = " ".join(mix)
            y, m, d = (int(x) for x in day[:10].split("-"))
            day = f"{y + rnd:04d}-{m:02d}-{d:02d}"
            title = f"{title} ({rnd + 1})"
        out.append({"id": f"b{i}", "title": title, "text": text, "published": day,
                    "outlet": OUTLETS[(i * 7 + rnd) % len(OUTLETS)],
                    "url": f"https://bench.example/{i}"})
    return out


def write_jsonl(path: Path, recs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def build(db: Path, n: int, annotated: int, work: Path) -> dict[str, float]:
    from lagebild.app.ingest import build_pipeline, ingest
    from lagebild.settings import Settings
    from lagebild.store.sqlite import SQLiteStore

    recs = records(n)
    cfg = Settings(db=str(db))
    times = {}
    with SQLiteStore(db) as store:
        t0 = time.perf_counter()
        if annotated:
            ingest([write_jsonl(work / "annotated.jsonl", recs[:annotated])], store, cfg, cluster=False)
        times["annotated ingest s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        rest = [write_jsonl(work / f"plain{i}.jsonl", recs[i:i + 1000]) for i in range(annotated, n, 1000)]
        ingest(rest, store, cfg, pipeline=build_pipeline(cfg, annotate=False), cluster=False)
        times["plain ingest s"] = time.perf_counter() - t0
        times["articles"] = store.counts()["articles"]
        t0 = time.perf_counter()
        cluster_store(store)
        times["cluster s"] = time.perf_counter() - t0
    return times


def cluster_store(store: Any) -> None:
    """Assign every article without a story; a clusterer failure is reported, the bench goes on."""
    from lagebild.app.index import unclustered
    from lagebild.story.cluster import StoryClusterer

    try:
        with StoryClusterer(store) as clusterer:
            clusterer.assign_all(list(unclustered(store)))
    except Exception as exc:  # noqa: BLE001 - measured API needs only the stories that were written
        print(f"clustering failed ({type(exc).__name__}: {exc}); benchmarking the stories written so far",
              flush=True)


def ingest_main(feed: str, db: str, cluster: bool) -> None:
    """The concurrent ingest (third process): the real pipeline, clustering as ``lagebild ingest`` does."""
    from lagebild.app.ingest import ingest
    from lagebild.settings import Settings
    from lagebild.store.sqlite import SQLiteStore

    with SQLiteStore(db) as store:
        ingest([feed], store, Settings(db=db), cluster=cluster)


# -- the client process ---------------------------------------------------------------------------
def client_main(base: str, paths: list[str], clients: int, seconds: float) -> None:
    import httpx

    lat: list[float] = []
    errors = [0]
    codes: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        rng = random.Random(k)
        mine: list[float] = []
        with httpx.Client(base_url=base, timeout=60) as c:
            while time.monotonic() < stop:
                path = paths[rng.randrange(len(paths))]
                t0 = time.perf_counter()
                try:
                    r = c.get(path)
                    code = r.status_code
                except httpx.HTTPError:
                    code = -1
                mine.append(time.perf_counter() - t0)
                with lock:
                    codes[code] = codes.get(code, 0) + 1
                    if code != 200:
                        errors[0] += 1
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    p = (lambda q: 1000 * lat[min(len(lat) - 1, int(q * len(lat)))]) if lat else (lambda q: float("nan"))
    print(json.dumps({"requests": len(lat), "rps": len(lat) / wall, "p50_ms": p(0.50), "p99_ms": p(0.99),
                      "mean_ms": 1000 * statistics.fmean(lat) if lat else float("nan"),
                      "errors": errors[0], "codes": codes}))


def _codes(r: dict[str, Any]) -> str:
    """Status codes and counts, e.g. '200×5210' or '200×4000 202×12' (202: story still being built)."""
    return " ".join(f"{k}×{v}" for k, v in sorted(r["codes"].items(), key=lambda kv: str(kv[0])))


def run_clients(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    out = subprocess.run([PY, __file__, "--client", base, "--clients", str(clients), "--seconds", str(seconds),
                          "--paths", json.dumps(paths)], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def warm_up(base: str, paths: list[str], budget: float) -> list[float | None]:
    """Ask for every story once (the server builds them on its worker pool, answering 202 meanwhile)
    and poll until each answers 200 or ``budget`` seconds pass; seconds until each was ready."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    t0 = time.perf_counter()
    ready: dict[str, float] = {}
    with ThreadPoolExecutor(len(paths)) as pool:  # ask for all at once: a first asker waits for its build
        list(pool.map(lambda p: httpx.get(base + p, timeout=120), paths))
    with httpx.Client(base_url=base, timeout=120) as c:
        while len(ready) < len(paths) and time.perf_counter() - t0 < budget:
            for p in paths:
                if p not in ready and c.get(p).status_code == 200:
                    ready[p] = time.perf_counter() - t0
            time.sleep(1.0)
    return [ready.get(p) for p in paths]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--annotated", type=int, default=300)
    ap.add_argument("--ingest-articles", type=int, default=200, help="annotated articles the concurrent ingest adds")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--stories", type=int, default=20, help="largest stories whose detail pages are requested")
    ap.add_argument("--max-story-articles", type=int, default=1_000_000,
                    help="measure only stories up to this size (first builds of big stories take minutes)")
    ap.add_argument("--warm-seconds", type=float, default=600,
                    help="longest wait for the first builds of the measured stories before measuring")
    ap.add_argument("--db", default=None, help="reuse/keep this store (default: a temporary one)")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--no-ingest-cluster", action="store_true",
                    help="the concurrent ingest stores without clustering (if the clusterer fails on this store)")
    ap.add_argument("--ingest-only", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--client", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--paths", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        client_main(args.client, json.loads(args.paths), args.clients, args.seconds)
        return
    if args.ingest_only:
        ingest_main(args.ingest_only, str(args.db), not args.no_ingest_cluster)
        return
    need(SHARED_DATA / "10kgnad_test" / "test.csv")
    work = Path(tempfile.mkdtemp(prefix="lagebild-bench-api-"))
    db = Path(args.db) if args.db else work / "bench.db"
    from lagebild.store.sqlite import SQLiteStore

    with SQLiteStore(db) as st:
        have = st.counts()["articles"]
    build_times: dict[str, float] = {"articles": have}
    if have < args.articles * 0.9:
        build_times = build(db, args.articles, args.annotated, work)
    else:
        with SQLiteStore(db) as st:
            cluster_store(st)
    print(f"store {db}: {int(build_times['articles'])} articles; build times {build_times}", flush=True)
    base = f"http://127.0.0.1:{args.port}"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    server = subprocess.Popen([PY, "-c", f"from lagebild.interfaces.serving import serve; serve({str(db)!r}, "
                               f"'127.0.0.1', {args.port})"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_up(base)
        import httpx

        stories = httpx.get(base + "/api/stories", params={"limit": 500}, timeout=120).json()["items"]
        stories.sort(key=lambda s: -s["n_articles"])
        stories = [s for s in stories if s["n_articles"] <= args.max_story_articles]
        story_paths = [f"/api/stories/{s['id']}" for s in stories[: args.stories]]
        cold = warm_up(base, story_paths, args.warm_seconds)
        sizes = [s["n_articles"] for s in stories[: args.stories]]
        done = [t for t in cold if t is not None]
        print(f"{len(stories)} stories; detail of the {len(story_paths)} largest ({min(sizes)}–{max(sizes)} "
              f"articles): {len(done)} first (uncached) builds done within {args.warm_seconds:.0f} s, "
              + (f"{statistics.median(done):.1f} s median, {max(done):.1f} s max (2 build workers)" if done else "")
              + ("; the others answer 202 (building) while measured" if len(done) < len(cold) else ""),
              flush=True)
        search_paths = ["/api/search?" + str(httpx.QueryParams({"q": q, "limit": 20})) for q in QUERIES]
        rows = []
        for label, paths in (("story detail", story_paths), ("search", search_paths)):
            r = run_clients(base, paths, args.clients, args.seconds)
            rows.append([label, "idle", r["requests"], r["rps"], r["p50_ms"], r["p99_ms"], _codes(r)])
        extra = records(args.articles + args.ingest_articles)[args.articles:]
        for rec in extra:
            rec["id"] = "extra-" + rec["id"]
            rec["text"] = "Aktualisiert. " + rec["text"]
        feed = write_jsonl(work / "extra.jsonl", extra)
        with SQLiteStore(db) as st:
            before = st.counts()["articles"]
        ingest = subprocess.Popen([PY, __file__, "--ingest-only", str(feed), "--db", str(db)]
                                  + (["--no-ingest-cluster"] if args.no_ingest_cluster else []),
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300  # measure once it writes (loading its models takes a while)
        while ingest.poll() is None and time.monotonic() < deadline:
            with SQLiteStore(db) as st:
                if st.counts()["articles"] > before:
                    break
            time.sleep(1)
        t0 = time.perf_counter()
        for label, paths in (("story detail", story_paths), ("search", search_paths)):
            r = run_clients(base, paths, args.clients, args.seconds)
            rows.append([label, "ingest running", r["requests"], r["rps"], r["p50_ms"], r["p99_ms"], _codes(r)])
        window = time.perf_counter() - t0
        running = ingest.poll() is None
        with SQLiteStore(db) as st:
            added = st.counts()["articles"] - before
        ingest.terminate()
        ingest_err = (ingest.communicate()[1] or "").strip().splitlines()
        if not running and ingest.returncode:
            print(f"concurrent ingest failed: {ingest_err[-1] if ingest_err else ingest.returncode}")
        print(table(["endpoint", "store", "requests", "req/s", "p50 ms", "p99 ms", "status codes"], rows))
        print(f"\nconcurrent ingest stored {added} articles during the {window:.0f} s measured "
              f"({'still running' if running else 'finished'} at the end, clustering "
              f"{'off' if args.no_ingest_cluster else 'on'}); {args.clients} clients in a second "
              f"process on loopback; server: 1 uvicorn process; cpu count {os.cpu_count()}, "
              f"load average {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
