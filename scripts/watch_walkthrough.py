"""Walkthrough of live monitoring with screenshots (issue 17): subscribe to a local feed, run the
server with the watcher, see the story appear in the web UI, publish a follow-up article in the
feed, see the story grow and the update in the Atom feed.

The feed and its pages are served on 127.0.0.1 from the five seed articles (../shared/seeds):
two are in the feed at the start, two more appear later. Writes to ``--out``:

- ``watch-1-stories.png``: the story list after the first watch cycle
- ``watch-2-feeds.png``: /feeds with the subscription and the fetch log
- ``watch-3-story.png``: the story page after the follow-ups arrived
- ``watch-4-atom.png``: /feeds/updates.atom in the browser (the raw Atom a feed reader gets)
- ``watch-walkthrough.txt``: the commands run and what they printed

    .venv/bin/python scripts/watch_walkthrough.py [--out notes/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
from web_screenshots import CHROMIUM, CHROMIUM_ARGS, free_port, shrink  # noqa: E402

from loopback_server import LoopbackServer, Route, article_html, rss  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
#: The seeds have no headlines: their first sentence, cut at a word, stands in.
TITLE_CHARS = 80
#: Characters of the story's Atom feed kept in the transcript.
ATOM_SHOWN = 4000
PY = sys.executable


def seed_pages() -> list[tuple[str, str]]:
    """(title, HTML) per seed article: the header line's date as page date, the first sentence as title."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        date = "2023-09-11T10:00:00+02:00"
        if lines and lines[0].startswith("date "):
            lines[0] = lines[0].split(" ", 2)[2] if lines[0].count(" ") >= 2 else ""
        title = lines[0].split(". ")[0]
        if len(title) > TITLE_CHARS:
            title = title[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
        out.append((title, article_html(title, lines, date=date)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "notes" / "screenshots"))
    args = ap.parse_args()
    if not SEEDS.is_dir():
        raise SystemExit("../shared/seeds not present")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="lagebild-walkthrough-"))
    db = tmp / "live.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGEBILD_")} | {
        "LAGEBILD_DB": str(db), "LAGEBILD_FETCH_PRIVATE_ADDRESSES": "true", "OMP_NUM_THREADS": "1"}
    log: list[str] = []

    def cli(*argv: str) -> str:
        res = subprocess.run([PY, "-m", "lagebild.interfaces.cli", *argv], env=env, cwd=tmp, capture_output=True,
                             text=True, check=True)
        log.append(f"$ lagebild {' '.join(argv)}\n{res.stdout}{res.stderr}")
        return res.stdout

    pages = seed_pages()
    with LoopbackServer() as site:
        for i, (_, html) in enumerate(pages):
            site.routes[f"/politik/{i}.html"] = Route(body=html.encode())
        entries = [{"link": site.url(f"/politik/{i}.html"), "title": t} for i, (t, _) in enumerate(pages)]
        site.routes["/politik.rss"] = Route(body=rss(entries[:2], "Testblatt – Politik"), content_type="application/rss+xml")
        cli("feeds", "add", site.url("/politik.rss"), "--name", "Testblatt Politik", "--every", "15s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([PY, "-m", "lagebild.interfaces.cli", "serve", "--watch", "--port", str(port)],
                                  env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log.append(f"$ lagebild serve --watch --port {port}   (in the background)\n")
        try:
            stories = wait_for(lambda: httpx.get(base + "/api/stories", timeout=30).json()["items"], 600)
            story = stories[0]
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(base + "/", wait_until="load")
                page.screenshot(path=str(out / "watch-1-stories.png"))
                page.goto(base + "/feeds", wait_until="load")
                page.screenshot(path=str(out / "watch-2-feeds.png"), full_page=True, timeout=120_000)
                # two follow-up reports appear in the feed
                site.routes["/politik.rss"] = Route(body=rss(entries[:4], "Testblatt – Politik"),
                                                    content_type="application/rss+xml")
                grown = wait_for(lambda: [c for c in httpx.get(base + "/feeds/updates.atom", timeout=30).text.split("<entry>")
                                          if "new article(s)" in c], 600)
                log.append(f"(two articles added to the feed; the Atom feed now has {len(grown)} 'new article(s)' entry)\n")
                time.sleep(2)
                page.goto(base + f"/stories/{story['id']}", wait_until="load")
                page.wait_for_timeout(1500)
                page.screenshot(path=str(out / "watch-3-story.png"))
                # the story page built the story's view: the next cycle journals its claims and conflicts
                wait_for(lambda: "New claim" in httpx.get(base + "/feeds/updates.atom", timeout=30).text and [1], 300)
                page.goto(base + "/feeds/updates.atom", wait_until="load")
                page.screenshot(path=str(out / "watch-4-atom.png"), timeout=120_000)  # its first screen
                browser.close()
            cli("changes", "--since", "2h")
            cli("feeds", "list")
            cli("feeds", "log", "--limit", "8")
            atom = httpx.get(base + f"/stories/{story['id']}/updates.atom", timeout=30).text
            log.append(f"$ curl {base}/stories/{story['id']}/updates.atom   (first entries)\n{atom[:ATOM_SHOWN]} …\n")
        finally:
            server.terminate()
            server.wait(60)
    for png in out.glob("watch-*.png"):
        shrink(png)
    (out / "watch-walkthrough.txt").write_text("\n".join(log), encoding="utf-8")
    print("\n".join(log))


def wait_for(probe: Callable[[], Any], timeout: float) -> list[Any]:
    """Poll ``probe`` every 2 s until it returns something non-empty (as a list)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = probe()
            if found:
                return list(found)
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(2)
    raise SystemExit("timed out waiting for the watcher")


if __name__ == "__main__":
    main()
