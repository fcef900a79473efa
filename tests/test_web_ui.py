"""The story page in a real headless Chromium: load the seeds (or the invented example corpus), open
the biggest story, click a timeline entry and see its supporting sentence; screenshots are written
to test-artifacts/."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lagebild.interfaces.web import create_app
from web_corpus import CHROMIUM, build_store, running_server, settings_for

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (/usr/bin/chromium); `make test` installs it")
    corpus = SEEDS if SEEDS.is_dir() else ROOT / "examples" / "corpus"
    db = tmp_path_factory.mktemp("ui") / "ui.db"
    build_store(db, [corpus])
    return db


def _until(page: Any, expression: str, timeout: float = 10.0, errors: Any = None) -> None:
    """Poll ``expression`` (page.wait_for_function needs eval, which our CSP rightly forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            state = page.evaluate("[location.href, document.querySelectorAll('canvas').length, typeof window.cytoscape,"
                                  " (window.lagebildGraphs || []).length]")
            raise AssertionError(f"timed out waiting for {expression}; page state {state}; errors: {errors}")
        page.wait_for_timeout(100)


def test_story_page_timeline_click_shows_sentence(db: Path, browser: Any) -> None:
    app = create_app(str(db), settings_for(db))
    stories = TestClient(app).get("/api/stories").json()["items"]
    story = max(stories, key=lambda s: s["n_articles"])
    view = TestClient(app).get(f"/api/stories/{story['id']}").json()
    assert view["timeline"], "the story has no timeline entries to click"
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(app) as base:  # the session's Chromium (one Playwright per process: ui_harness.browser)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(base + "/", wait_until="load")
        page.click(f"a[href='/stories/{story['id']}']")
        page.wait_for_selector(".vis-item", timeout=15_000)
        if view["entities"]:
            _until(page, "document.querySelectorAll('#graph canvas').length > 0", errors=errors)
        page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)
        page.locator("#timeline").screenshot(path=str(ARTIFACTS / "story-timeline.png"))
        item = page.locator(".vis-item.vis-box:visible").first
        n = item.locator("[data-entry]").get_attribute("data-entry") or "t1"
        item.click()
        entry = page.locator(f"#tl-{n}")
        _until(page, f"document.querySelector('#tl-{n} details').open")
        sentence = entry.locator("li.sentence q").first
        assert sentence.is_visible()
        cited = next(t for t in view["timeline"] if t["id"] == n)["citations"][0]
        assert cited["text"].strip() in sentence.inner_text()
        assert sentence.inner_text().strip() == (cited["before"] + cited["text"] + cited["after"]).strip()
        entry.screenshot(path=str(ARTIFACTS / "story-entry.png"))
        page.locator("#entities").screenshot(path=str(ARTIFACTS / "story-graph.png"))
        page.locator("#claims").screenshot(path=str(ARTIFACTS / "story-claims.png"))
        # The sentence's "open" link leads to the article page with the cited passage marked.
        sentence_link = entry.locator("li.sentence a").first
        sentence_link.click()
        page.wait_for_selector("#cite")
        assert page.locator("#cite").inner_text().strip()
        page.context.close()
    assert not errors, errors  # no CSP violation either (csp-shim.js)
    assert (ARTIFACTS / "story.png").stat().st_size > 10_000


def test_pages_readable_without_javascript(db: Path, browser: Any) -> None:
    app = create_app(str(db), settings_for(db))
    sid = TestClient(app).get("/api/stories").json()["items"][0]["id"]
    with running_server(app) as base:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(f"{base}/stories/{sid}")
        page.locator("ol.timeline-list summary").first.click()  # <details> opens without script
        assert page.locator("ol.timeline-list li.sentence").first.is_visible()
        assert page.locator("table.claims, #claims p").first.is_visible()
        page.context.close()
