"""Live monitoring on loopback: FEEDS feeds × ITEMS items (10kGNAD articles as pages) spread over
HOSTS loopback hosts (127.0.0.1 … 127.0.0.N), items appearing over WINDOW seconds, pages and
feeds answered with realistic delays. ``lagebild watch`` and ``lagebild serve`` run as separate
processes on one SQLite store, like ``serve --watch`` split in two so each can be measured.

Reports: time from an item's appearance to its story listing it in ``/api/stories`` (p50, p95),
articles/s, CPU per article for fetching vs processing (from the watcher's cycle reports), and
requests per host per second as the servers saw them (max in any 1-s window vs the limit).
Baseline in the same run: ``lagebild ingest`` of BASELINE of the same pages read from files.

    nice -n 10 .venv/bin/python bench/watch.py [--feeds 50 --items 40 --hosts 10 --window 600]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from lagebild.watch.listing import to_opml  # noqa: E402
from loopback_server import LoopbackServer, Route, article_html, rss  # noqa: E402

from common import gnad_texts, table, wait_up  # noqa: E402

PY = sys.executable
#: Server think time of a page / a feed: lognormal around these medians (news CDNs answer in tens of ms).
PAGE_DELAY_S, FEED_DELAY_S = 0.08, 0.05
#: Seconds between /api/stories polls of the visibility probe.
PROBE_EVERY = 2.0


def delay(median: float) -> float:
    return min(2.0, random.lognormvariate(0, 0.6) * median)  # noqa: S311 - simulated latency


def build_items(n: int) -> list[dict[str, Any]]:
    texts = gnad_texts()
    out = []
    for i in range(n):
        text = texts[i % len(texts)]
        if i >= len(texts):  # reused text: a syndicated copy with its own lead
            text = f"Wie die Agentur meldet: {text}"
        paras = [p.strip() for p in text.replace(". ", ".\n").split("\n") if p.strip()]
        title = paras[0][:90]
        out.append({"i": i, "title": title, "paras": paras})
    return out


class Site:
    """One loopback host with its feeds and pages; items become visible at their appearance time."""

    def __init__(self, host: str, feeds: list[list[dict[str, Any]]], t0: float) -> None:
        self.srv = LoopbackServer(host)
        self.t0 = t0
        for f, items in enumerate(feeds):
            self.srv.routes[f"/feed{f}.xml"] = self._feed(items)
            for it in items:
                self.srv.routes[f"/a/{it['i']}.html"] = self._page(it)
        self.srv.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")

    def _feed(self, items: list[dict[str, Any]]) -> Any:
        def answer(seen: Any) -> Route:
            now = time.monotonic() - self.t0
            live = [it for it in items if it["appear"] <= now][-40:]
            body = rss([{"link": f"{self.srv.base}/a/{it['i']}.html", "title": it["title"]} for it in reversed(live)])
            tag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
            return Route(body=body, content_type="application/rss+xml", etag=tag, delay=delay(FEED_DELAY_S))
        return answer

    def _page(self, it: dict[str, Any]) -> Any:
        html = article_html(it["title"], it["paras"], date=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()))
        body = html.encode()

        def answer(seen: Any) -> Route:
            return Route(body=body, delay=delay(PAGE_DELAY_S))
        return answer


def max_per_second(times: list[float]) -> int:
    times = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] < t - 1.0 + 1e-9:
            j += 1
        best = max(best, i - j + 1)
    return best


def probe(base: str, db: Path, appear_abs: dict[str, float], seen: dict[str, float], dropped: set[str],
          stop: threading.Event) -> None:
    """Poll /api/stories; an item is visible once a story lists the article its URL was stored as.
    Items the watcher gave up on (pages without article text, failed fetches) go to ``dropped``."""
    client = httpx.Client(timeout=60)
    while not stop.is_set():
        try:
            ids: set[str] = set()
            offset = 0
            while True:
                page = client.get(f"{base}/api/stories", params={"limit": 500, "offset": offset}).json()
                for s in page["items"]:
                    ids.update(s.get("article_ids") or [])
                offset += 500
                if offset >= page["total"]:
                    break
            now = time.monotonic()
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
                for url, aid in conn.execute("SELECT source, article_id FROM sources"):
                    if url in appear_abs and url not in seen and aid in ids:
                        seen[url] = now
                dropped.update(r[0] for r in conn.execute(
                    "SELECT url FROM watch_items WHERE state IN ('skipped', 'failed')"))
        except (httpx.HTTPError, sqlite3.Error, ValueError, KeyError):
            pass
        stop.wait(PROBE_EVERY)


def baseline(items: list[dict[str, Any]], n: int, tmp: Path, env: dict[str, str]) -> tuple[int, float]:
    folder = tmp / "pages"
    folder.mkdir()
    for it in items[:n]:
        (folder / f"{it['i']}.html").write_text(article_html(it["title"], it["paras"]), encoding="utf-8")
    t0 = time.monotonic()
    subprocess.run([PY, "-m", "lagebild.interfaces.cli", "ingest", str(folder), "--db", str(tmp / "base.db")],
                   env=env, check=True, capture_output=True)
    return n, time.monotonic() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=40)
    ap.add_argument("--hosts", type=int, default=10)
    ap.add_argument("--window", type=float, default=600.0, help="seconds over which items appear")
    ap.add_argument("--every", default="20s", help="feed poll interval")
    ap.add_argument("--rate", type=float, default=5.0, help="fetch_per_host_rate")
    ap.add_argument("--baseline", type=int, default=100, help="pages ingested from files for the baseline")
    ap.add_argument("--tail", type=float, default=1800.0, help="max seconds to wait after the window")
    args = ap.parse_args()
    random.seed(17)
    n = args.feeds * args.items
    items = build_items(n)
    for it in items:
        it["appear"] = random.uniform(0, args.window)
    feeds = [sorted(items[f * args.items:(f + 1) * args.items], key=lambda x: x["appear"]) for f in range(args.feeds)]
    tmp = Path(tempfile.mkdtemp(prefix="lagebild-watch-bench-"))
    db = tmp / "watch.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGEBILD_")} | {
        "OMP_NUM_THREADS": "1", "LAGEBILD_DB": str(db), "LAGEBILD_FETCH_PRIVATE_ADDRESSES": "true",
        "LAGEBILD_FETCH_PER_HOST_RATE": str(args.rate), "LAGEBILD_COMMIT_EVERY": "25"}
    n_base, base_s = baseline(items, args.baseline, tmp, env)
    never = time.monotonic() + 1e9  # nothing is visible before the clock starts
    sites = [Site(f"127.0.0.{h + 1}", feeds[h::args.hosts], never) for h in range(args.hosts)]
    for s in sites:
        s.srv.__enter__()
    feed_urls = [sites[f % args.hosts].srv.url(f"/feed{f // args.hosts}.xml") for f in range(args.feeds)]
    opml = tmp / "feeds.opml"
    opml.write_text(to_opml([{"url": u, "name": f"feed {i}"} for i, u in enumerate(feed_urls)]), encoding="utf-8")
    subprocess.run([PY, "-m", "lagebild.interfaces.cli", "feeds", "import", str(opml), "--every", args.every],
                   env=env, check=True, capture_output=True)
    port = 8800 + os.getpid() % 100
    server = subprocess.Popen([PY, "-m", "lagebild.interfaces.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    watcher = subprocess.Popen([PY, "-m", "lagebild.interfaces.cli", "watch", "--json"], env=env, cwd=tmp,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    cycles: list[dict[str, Any]] = []

    def read_cycles() -> None:
        for line in watcher.stdout or []:
            cycles.append(json.loads(line))

    threading.Thread(target=read_cycles, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    wait_up(base)
    while not cycles:  # the watcher has loaded and polled once (empty feeds): start the clock
        time.sleep(0.5)
    t0 = time.monotonic()
    for s in sites:
        s.t0 = t0
    appear_abs = {}
    for f, fitems in enumerate(feeds):
        for it in fitems:
            appear_abs[f"{sites[f % args.hosts].srv.base}/a/{it['i']}.html"] = t0 + it["appear"]
    seen: dict[str, float] = {}
    dropped: set[str] = set()
    stop = threading.Event()
    threading.Thread(target=probe, args=(base, db, appear_abs, seen, dropped, stop), daemon=True).start()
    deadline = t0 + args.window + args.tail
    last = time.monotonic()
    while time.monotonic() < deadline and len(seen) + len(dropped - set(seen)) < n:
        time.sleep(2)
        if time.monotonic() - last > 60:
            last = time.monotonic()
            print(f"  {last - t0:5.0f} s: {len(seen)} of {n} visible, {len(cycles)} cycles,"
                  f" {sum(c['new'] + c['folded'] for c in cycles)} stored, load {os.getloadavg()[0]:.1f}", flush=True)
    t_end = time.monotonic()
    stop.set()
    watcher.terminate()
    server.terminate()
    watcher.wait(60)
    server.wait(60)
    for s in sites:
        s.srv.__exit__(None, None, None)
    lat = sorted(seen[u] - appear_abs[u] for u in seen)
    new = sum(c["new"] + c["folded"] for c in cycles)
    fetch_cpu, proc_cpu = sum(c["fetch_cpu"] for c in cycles), sum(c["process_cpu"] for c in cycles)
    busy = sum(c["seconds"] for c in cycles)
    per_host = [max_per_second([r.at for r in s.srv.requests]) for s in sites]
    mean_host = [len(s.srv.requests) / max(1e-9, (s.srv.requests[-1].at - s.srv.requests[0].at)) for s in sites
                 if len(s.srv.requests) > 1]
    q = statistics.quantiles(lat, n=20) if len(lat) >= 20 else [float("nan")] * 19
    print(f"watch bench: {args.feeds} feeds × {args.items} items on {args.hosts} loopback hosts, items appear over "
          f"{args.window:.0f} s, poll every {args.every}, limit {args.rate} requests/s per host; "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(table(["measure", "watch (serve + watch)", f"baseline: ingest {n_base} files"], [
        ["items visible in /api/stories", f"{len(seen)} of {n} ({len(dropped)} rejected: no article text)", "–"],
        ["appearance → visible p50 / p95 (s)", f"{q[9]:.1f} / {q[18]:.1f}" if lat else "–", "–"],
        ["articles/s (stored ÷ watcher busy time)", f"{new / busy:.2f}" if busy else "–", f"{n_base / base_s:.2f}"],
        ["articles/s (stored ÷ wall time from first appearance)", f"{new / (t_end - t0):.2f}", "–"],
        ["CPU ms per article: fetching", f"{1000 * fetch_cpu / max(new, 1):.1f}", "0 (files)"],
        ["CPU ms per article: processing", f"{1000 * proc_cpu / max(new, 1):.1f}", f"{1000 * base_s / n_base:.1f} (wall)"],
        ["requests/s per host: max in any 1-s window", f"{max(per_host)} (limit {args.rate:g})", "–"],
        ["requests/s per host: mean over the run (max host)", f"{max(mean_host):.2f}" if mean_host else "–", "–"],
        ["watch cycles", str(len(cycles)), "–"],
    ]))
    print(f"store: {db}")


if __name__ == "__main__":
    main()
