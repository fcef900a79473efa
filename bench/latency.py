"""How long a user waits for a story: CLI, web page, JSON API and reports, this tree next to a base commit.

    git worktree add /tmp/base c170056            # the commit before the application layer (issue 14)
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/latency.py --base /tmp/base [--current DIR] [--small]

Each tree runs as its own processes (``PYTHONPATH=<tree>/src``, the same virtualenv) on stores it
ingested itself, and every measurement is taken for both trees one after the other, so both see the
same machine load (printed). Rows:

* ``lagebild story ID`` on the seed articles (their largest story, 5 articles): the first call after
  the ingest (cold: a new process, nothing but the store) and the median of three more (warm);
* the first ``/stories/{id}`` (HTML) and ``/api/stories/{id}`` answered with the full story by a
  freshly started server (202 "being built" answers are followed, as the page's refresh does), then
  the median of three more of each; "view not stored": the same with the stored views deleted first
  (the build the current tree does at ingest, now done by the first request);
* ``lagebild report ID`` of that story, and ``lagebild report`` of all stories of a store of ≥ 500
  articles (the seeds, the 99 Fundus pages, 210 German Wikinews and 210 10kGNAD articles, drawn with a
  fixed seed); the current tree runs it twice (its first run builds the views the ingest left to the
  first read: single-article stories).

Targets (issue 14): warm CLI story view ≤ 0.5 s, first web view of a 5-article story ≤ 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _story_corpora import wikinews_de  # noqa: E402

from common import ROOT, SHARED_DATA, gnad_texts, need, table, wait_up  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
PY = str(ROOT / ".venv" / "bin" / "python")
#: Draw of the ≥ 500-article store (fixed, so both trees ingest the same articles).
SEED = 14
N_WIKINEWS = 210
N_GNAD = 210
#: Warm repetitions (the median is reported).
REPEAT = 3
#: Seconds a bench request may take before it counts as failed (a first build on a busy machine).
REQUEST_TIMEOUT = 600


class Tree:
    def __init__(self, name: str, root: Path, work: Path) -> None:
        self.name, self.root, self.work = name, root, work / name
        self.work.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ, PYTHONPATH=str(root / "src"), OMP_NUM_THREADS="1")
        self.env.pop("LAGEBILD_CONFIG", None)

    def cli(self, *args: str, check: bool = True) -> tuple[float, str]:
        t0 = time.perf_counter()
        res = subprocess.run([PY, "-m", "lagebild.interfaces.cli", *args], env=self.env, capture_output=True,
                             text=True, cwd=self.work, timeout=REQUEST_TIMEOUT * 4)
        took = time.perf_counter() - t0
        if check and res.returncode != 0:
            raise SystemExit(f"{self.name}: lagebild {' '.join(args)} failed:\n{res.stderr[-2000:]}")
        return took, res.stdout

    def largest_story(self, db: Path) -> tuple[str, int]:
        _, out = self.cli("stories", "--db", str(db), "--json")
        stories = json.loads(out)
        best = max(stories, key=lambda s: sum(len(e["articles"]) for e in s["events"]))
        return best["id"], sum(len(e["articles"]) for e in best["events"])


def big_inputs(folder: Path) -> list[Path]:
    """The ≥ 500-article corpus as files: JSONL (Wikinews, 10kGNAD), Fundus HTML pages, the seeds."""
    rng = random.Random(SEED)
    wiki = rng.sample(wikinews_de(), N_WIKINEWS)
    gnad = rng.sample(gnad_texts(), N_GNAD)
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for doc in wiki:
            a = doc.article
            fh.write(json.dumps({"id": doc.name, "title": a.title, "text": a.text, "outlet": "wikinews",
                                 "published": a.published.value if a.published else None, "language": "de"},
                                ensure_ascii=False) + "\n")
        for i, text in enumerate(gnad):
            fh.write(json.dumps({"id": f"gnad-{i}", "text": text, "outlet": "derstandard", "language": "de"},
                                ensure_ascii=False) + "\n")
    pages = sorted(need(SHARED_DATA / "fundus_testdata_de_at_ch").glob("*/*.html.gz"))
    return [jsonl, *pages, SEEDS]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``lagebild serve`` of one tree as a subprocess."""

    def __init__(self, tree: Tree, db: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([PY, "-m", "lagebild.interfaces.cli", "serve", "--db", str(db), "--port",
                                      str(self.port)], env=tree.env, cwd=tree.work, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        wait_up(self.base, timeout=300)

    def get(self, path: str) -> float:
        """Seconds until the full answer (202 "being built" answers are retried at once)."""
        import httpx

        t0 = time.perf_counter()
        while True:
            r = httpx.get(self.base + path, timeout=REQUEST_TIMEOUT)
            stale = (r.json().get("stale") if path.startswith("/api/") else "being rebuilt" in r.text) \
                if r.status_code == 200 else True
            if not stale:
                return time.perf_counter() - t0
            if r.status_code not in (200, 202):
                raise SystemExit(f"{path}: HTTP {r.status_code}")
            if time.perf_counter() - t0 > REQUEST_TIMEOUT:
                raise SystemExit(f"{path}: no story after {REQUEST_TIMEOUT} s")
            time.sleep(0.05)

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def median_of(f: object, n: int = REPEAT) -> float:
    return statistics.median(f() for _ in range(n))  # type: ignore[operator]


def drop_views(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        con.execute("DELETE FROM story_views")
        con.commit()
    except sqlite3.OperationalError:  # a store without stored views (the base tree)
        pass
    con.close()


def web_rows(trees: list[Tree], dbs: dict[str, Path], sid: dict[str, str]) -> list[list[object]]:
    rows: dict[str, list[object]] = {}
    for first in ("/stories/", "/api/stories/"):
        for t in trees:
            srv = Server(t, dbs[t.name])
            try:
                other = "/api/stories/" if first == "/stories/" else "/stories/"
                rows.setdefault(f"first {first}{{id}} (fresh server)", []).append(srv.get(first + sid[t.name]))
                path = first + sid[t.name]
                rows.setdefault(f"warm {first}{{id}}", []).append(median_of(lambda s=srv, p=path: s.get(p)))
                srv.get(other + sid[t.name])
            finally:
                srv.close()
    for t in trees:  # the view not stored: what the first reader pays when ingest did not build it
        copy = dbs[t.name].with_name("noview.db")
        shutil.copy(dbs[t.name], copy)
        drop_views(copy)
        srv = Server(t, copy)
        try:
            rows.setdefault("first /stories/{id}, view not stored", []).append(srv.get("/stories/" + sid[t.name]))
        finally:
            srv.close()
    return [[k, *v] for k, v in rows.items()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="worktree of the base commit")
    ap.add_argument("--current", type=Path, default=ROOT, help="tree measured (default: this one)")
    ap.add_argument("--small", action="store_true", help="skip the ≥ 500-article store")
    ap.add_argument("--work", type=Path, help="keep the stores here (default: a temporary folder)")
    args = ap.parse_args()
    need(SEEDS)
    work = args.work or Path(tempfile.mkdtemp(prefix="lagebild-latency-"))
    trees = [Tree("base", args.base.resolve(), work), Tree("current", args.current.resolve(), work)]
    print(f"load average at start: {os.getloadavg()[0]:.2f}; stores in {work}", flush=True)
    rows: list[list[object]] = []
    seeds_db = {t.name: t.work / "seeds.db" for t in trees}
    rows.append(["ingest the 5 seed articles", *(t.cli("ingest", str(SEEDS), "--db", str(seeds_db[t.name]))[0]
                                                 for t in trees)])
    sid = {t.name: t.largest_story(seeds_db[t.name])[0] for t in trees}
    rows.append(["lagebild story ID, first call (cold)",
                 *(t.cli("story", sid[t.name], "--db", str(seeds_db[t.name]))[0] for t in trees)])
    rows.append(["lagebild story ID, warm (median of 3)",
                 *(median_of(lambda t=t: t.cli("story", sid[t.name], "--db", str(seeds_db[t.name]))[0])
                   for t in trees)])
    rows.append(["lagebild story ID --json, warm", *(median_of(
        lambda t=t: t.cli("story", sid[t.name], "--db", str(seeds_db[t.name]), "--json")[0]) for t in trees)])
    rows += web_rows(trees, seeds_db, sid)
    rows.append(["lagebild report ID (html, one story)", *(t.cli(
        "report", sid[t.name], "--db", str(seeds_db[t.name]), "--out", str(t.work / "one.html"))[0] for t in trees)])
    if not args.small:
        inputs = big_inputs(work / "inputs")
        big = {t.name: t.work / "big.db" for t in trees}
        rows.append([f"ingest the ≥ 500-article store ({len(inputs) - 2} pages + JSONL + seeds)",
                     *(t.cli("ingest", *map(str, inputs), "--db", str(big[t.name]))[0] for t in trees)])
        counts = []
        for t in trees:
            con = sqlite3.connect(big[t.name])
            counts.append(f"{con.execute('SELECT count(*) FROM articles').fetchone()[0]} articles, "
                          f"{len(json.loads(t.cli('stories', '--db', str(big[t.name]), '--json')[1]))} stories")
            con.close()
        rows.append(["  (store)", *counts])
        rows.append(["lagebild report (html, all stories), first", *(t.cli(
            "report", "--db", str(big[t.name]), "--out", str(t.work / "all.html"))[0] for t in trees)])
        rows.append(["lagebild report (html, all stories), again", "–", trees[1].cli(
            "report", "--db", str(big["current"]), "--out", str(trees[1].work / "all2.html"))[0]])
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print(table(["what (seconds)", f"base {args.base.name}", "current"],
                [[r[0], *(f"{x:.2f}" if isinstance(x, float) else x for x in r[1:])] for r in rows]))


if __name__ == "__main__":
    main()
