"""Screenshots of the web UI (German, as an analyst sees it) for folders of articles (default: the
bundled demo corpus examples/corpus and, when present, ../shared/seeds).

Ingests the articles into a temporary store, serves it on 127.0.0.1, opens the pages in headless
Chromium (Debian's /usr/bin/chromium through playwright) and writes PNGs:

- ``index.png``: the front page, the situation (ranked stories, filters, counts)
- ``story-top.png``: the first screen of the largest story (what a reader sees on opening it)
- ``story.png``: the whole story page at half pixel density (briefing, timeline, claims, names, articles)
- ``story-entry.png``: the page after clicking a timeline entry (its sentences and outlets open)
- ``story-graph.png``: the entity graph with a node hovered (aliases shown)
- ``story-claims.png``: the claims-by-outlet section (its first rows)
- ``story-corrections.png``: the corrections panel open, with the audit log
- ``entity.png``: the page of the story's most named entity (spellings, stories, claims, timeline)
- ``mobile-index.png``, ``mobile-story.png``: the front page and the story's first screens at 390 px

    .venv/bin/python scripts/web_screenshots.py [--articles DIR ...] [--out notes/screenshots]

PNG files are re-encoded with a reduced palette when they exceed ``MAX_BYTES``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from common import wait_up  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Largest PNG kept as is; bigger ones are quantised (the lead reads them in a viewer with a size limit).
MAX_BYTES = 1_000_000
VIEWPORT_W, VIEWPORT_H = 1280, 900
#: Pixel density of the whole-page overview (a story page is ~10,000 CSS px tall).
OVERVIEW_DPR = 0.5
#: Height of the claims screenshot in CSS px (its first rows; the table runs on).
CLAIMS_PX = 2600
#: Most CSS px of the timeline shown around an opened entry.
ENTRY_PX = 1600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def shrink(path: Path) -> None:
    """Quantise a PNG that is too large (needs Pillow; without it the file is only reported)."""
    if path.stat().st_size <= MAX_BYTES:
        return
    try:
        from PIL import Image
    except ImportError:
        print(f"{path} is over {MAX_BYTES} bytes and Pillow is not installed to shrink it", file=sys.stderr)
        return

    img = Image.open(path).convert("RGB")
    for colours in (128, 64, 32):
        img.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        if path.stat().st_size <= MAX_BYTES:
            return
    while path.stat().st_size > MAX_BYTES:
        img = img.resize((img.width * 4 // 5, img.height * 4 // 5))
        img.quantize(colors=64).save(path, optimize=True)


def poll(page: object, expression: str, timeout: float = 20.0) -> bool:
    """Poll a JS expression (wait_for_function needs eval, which the page's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):  # type: ignore[attr-defined]
            return True
        page.wait_for_timeout(150)  # type: ignore[attr-defined]
    return False


#: The analyst's browser: German first.
LOCALE = "de-DE"
MOBILE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
#: Height of the mobile screenshots in CSS px (the first screens of a page).
MOBILE_PX = 2400


def overview(browser: Any, url: str, path: Path, graph: bool) -> None:
    """The whole story page at reduced pixel density, so one PNG of a long page stays under 1 MB."""
    page = browser.new_page(viewport={"width": VIEWPORT_W, "height": VIEWPORT_H}, device_scale_factor=OVERVIEW_DPR,
                            locale=LOCALE)
    page.goto(url, wait_until="load")
    page.wait_for_selector(".vis-item", timeout=30_000)
    if graph:
        poll(page, "document.querySelectorAll('#graph canvas').length > 0")
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.close()


def shoot(base: str, out: Path) -> list[Path]:
    import httpx
    from playwright.sync_api import sync_playwright

    stories = httpx.get(base + "/api/stories", timeout=60).json()["items"]
    story = max(stories, key=lambda s: s["n_articles"])
    view = httpx.get(f"{base}/api/stories/{story['id']}", timeout=900).json()
    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": VIEWPORT_W, "height": VIEWPORT_H}, locale=LOCALE)
        page.goto(base + "/", wait_until="load")
        page.screenshot(path=str(out / "index.png"), full_page=True)
        written.append(out / "index.png")
        written += mobile(browser, base, story["id"], out)
        if view["entities"]:
            top = view["entities"][0]["id"]
            page.goto(f"{base}/entities/{quote(top, safe=':')}", wait_until="load")
            page.wait_for_timeout(300)
            page.screenshot(path=str(out / "entity.png"), full_page=True)
            written.append(out / "entity.png")
        page.goto(f"{base}/stories/{story['id']}", wait_until="load")
        page.wait_for_selector(".vis-item", timeout=30_000)
        if view["entities"]:
            poll(page, "document.querySelectorAll('#graph canvas').length > 0")
        page.wait_for_timeout(500)
        page.screenshot(path=str(out / "story-top.png"))
        overview(browser, f"{base}/stories/{story['id']}", out / "story.png", bool(view["entities"]))
        written += [out / "story.png", out / "story-top.png"]
        if view["entities"]:
            page.locator("#entities").scroll_into_view_if_needed()
            # Hover the node with most mentions: its name and aliases show under the graph.
            pos = page.evaluate("(() => { const cy = window.lagebildGraphs[0]; const n = cy.nodes().max("
                                "x => x.data('size')).ele; const p = n.renderedPosition();"
                                " const r = cy.container().getBoundingClientRect();"
                                " return [r.left + p.x, r.top + p.y]; })()")
            page.mouse.move(pos[0], pos[1])
            page.wait_for_timeout(300)
            page.locator("#entities").screenshot(path=str(out / "story-graph.png"))
            written.append(out / "story-graph.png")
        box = page.locator("#claims").bounding_box() or {"x": 0, "y": 0, "width": VIEWPORT_W, "height": 2000}
        page.screenshot(path=str(out / "story-claims.png"), full_page=True,  # the first rows: the table is long
                        clip={"x": box["x"], "y": box["y"] + page.evaluate("window.scrollY"), "width": box["width"],
                              "height": min(box["height"], CLAIMS_PX)})
        written.append(out / "story-claims.png")
        page.locator("details.corrections > summary").click()
        page.wait_for_timeout(200)
        page.locator("#corrections").screenshot(path=str(out / "story-corrections.png"))
        written.append(out / "story-corrections.png")
        page.locator("#timeline").scroll_into_view_if_needed()
        item = page.locator(".vis-item.vis-box:visible").first
        n = item.locator("[data-entry]").get_attribute("data-entry") or "t1"
        item.click()
        poll(page, f"document.querySelector('#tl-{n} details').open")
        box = page.locator("#timeline").bounding_box() or {"x": 0, "y": 0, "width": VIEWPORT_W, "height": 1600}
        entry = page.locator(f"#tl-{n}").bounding_box() or box
        top = max(box["y"], entry["y"] - 900)  # the drawn timeline, then down to the opened entry
        page.screenshot(path=str(out / "story-entry.png"), full_page=True,
                        clip={"x": box["x"], "y": top + page.evaluate("window.scrollY"), "width": box["width"],
                              "height": min(entry["y"] + entry["height"] - top + 20, ENTRY_PX)})
        written.append(out / "story-entry.png")
        browser.close()
    return written


def mobile(browser: Any, base: str, story_id: str, out: Path) -> list[Path]:
    """The front page and a story at 390 px (a phone): the first screens, no sideways scrolling."""
    ctx = browser.new_context(**MOBILE, locale=LOCALE)
    page = ctx.new_page()
    written = []
    for path, name in (("/", "mobile-index.png"), (f"/stories/{story_id}", "mobile-story.png")):
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(800)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            print(f"warning: {path} is {width} px wide at 390 px", file=sys.stderr)
        height = min(page.evaluate("document.documentElement.scrollHeight"), MOBILE_PX)
        page.screenshot(path=str(out / name), full_page=True, clip={"x": 0, "y": 0, "width": 390, "height": height})
        written.append(out / name)
    ctx.close()
    return written


def main() -> None:
    ap = argparse.ArgumentParser()
    seeds = ROOT.parent / "shared" / "seeds"
    ap.add_argument("--articles", nargs="+", default=[str(ROOT / "examples" / "corpus")]
                    + ([str(seeds)] if seeds.is_dir() else []))
    ap.add_argument("--out", default=str(ROOT / "notes" / "screenshots"))
    ap.add_argument("--db", default=None, help="use this store (ingested if empty) instead of a temporary one")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="lagebild-shots-")) / "shots.db"
    lagebild = [sys.executable, "-m", "lagebild.interfaces.cli"]
    if not db.exists():
        subprocess.run([*lagebild, "ingest", *args.articles, "--db", str(db)], check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {"LAGEBILD_API_TOKEN": secrets.token_hex(16)}  # corrections panel on, as for an analyst
    server = subprocess.Popen([*lagebild, "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_up(base)
        for path in shoot(base, out):
            shrink(path)
            print(f"{path} {path.stat().st_size // 1024} KB")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
