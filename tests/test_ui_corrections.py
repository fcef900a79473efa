"""The analyst corrects the machine in Chromium (issue 18): rename a story, move an article to another
story, split a story, undo, all through the story page's corrections panel with the write token;
without the right token nothing changes; the audit log is on the page; and every correction still
holds after the corpus is ingested again and new articles arrive (the real clusterer runs)."""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_corrections_reingest import FOLLOW_UP
from ui_harness import Server, corpus_inputs, ingest, open_page, start_server, stop_server


@pytest.fixture
def server(ui_db: Path, tmp_path: Path) -> Iterator[Server]:
    db = tmp_path / "corr.db"
    shutil.copy(ui_db, db)
    srv = start_server(db)
    try:
        yield srv
    finally:
        stop_server(srv.process)


def get_json(server: Server, path: str) -> Any:
    with urllib.request.urlopen(server.base + path, timeout=300) as resp:  # noqa: S310 - loopback
        return json.loads(resp.read())


def where(server: Server, article_id: str) -> str:
    return next(s["id"] for s in get_json(server, "/api/stories?limit=500")["items"] if article_id in s["article_ids"])


def submit(page: Any, form: Any, button: str) -> None:
    """Submit a corrections form and wait for the page it leads to (app.js follows the answer's href)."""
    with page.expect_navigation(wait_until="load"):
        form.get_by_role("button", name=button, exact=True).click()


def test_corrections_in_the_browser_survive_a_reingest(browser: Any, server: Server, tmp_path: Path) -> None:
    stories = get_json(server, "/api/stories?limit=500")["items"]
    big, other = stories[0], next(s for s in stories[1:] if s["n_articles"] >= 1)
    view = get_json(server, f"/api/stories/{big['id']}")
    moved, split_off = view["articles"][-1]["id"], view["articles"][0]["id"]
    page, console = open_page(browser, server.base, locale="de-DE")
    try:
        page.goto(f"{server.base}/stories/{big['id']}", wait_until="load")
        page.locator("details.corrections > summary").click()
        # a wrong token changes nothing and says why
        page.locator("#write-token").fill("falsch")
        page.locator("#write-token").dispatch_event("change")
        rename = page.locator("form#corr-rename")
        rename.get_by_label("Neuer Titel").fill("Hafenstreik Hamburg (geprüft)")
        rename.get_by_role("button", name="Umbenennen", exact=True).click()
        status = rename.locator("[role=status]")
        status.filter(has_text="wrong token").wait_for(timeout=15_000)
        assert get_json(server, f"/api/stories/{big['id']}")["title"] == big["title"]
        assert all("403" in e for e in console.errors)  # the refused write, and nothing else
        console.errors.clear()
        # the right token (kept for the tab): rename
        page.locator("#write-token").fill(server.token)
        page.locator("#write-token").dispatch_event("change")
        submit(page, rename, "Umbenennen")
        assert page.locator("h1").inner_text() == "Hafenstreik Hamburg (geprüft)"
        # move the last article to another story
        page.locator("details.corrections > summary").click()
        move = page.locator("form[action='/api/articles/move']")
        move.get_by_label("Artikel", exact=True).select_option(moved)
        move.get_by_label("in Thema", exact=True).select_option(other["id"])
        submit(page, move, "Verschieben")
        assert where(server, moved) == other["id"]
        # split the first article off into a story of its own
        page.locator("details.corrections > summary").click()
        split = page.locator(f"form[action='/api/stories/{big['id']}/split']")
        split.locator(f"input[value='{split_off}']").check()
        split.get_by_label("Titel des neuen Themas").fill("Abgeteilt vom Hafenstreik")
        submit(page, split, "Thema aufteilen")
        assert page.locator("h1").inner_text() == "Abgeteilt vom Hafenstreik"
        new_id = page.url.split("/stories/")[1].split("#")[0]
        assert new_id.startswith("sx") and where(server, split_off) == new_id
        # the audit log on the story page, newest first, each with an undo button
        page.goto(f"{server.base}/stories/{big['id']}", wait_until="load")
        log = page.locator("ol.history > li").all_inner_texts()
        assert len(log) == 3 and "abgeteilt" in log[0] and "verschoben" in log[1] and "umbenannt" in log[2]
        assert "Hafenstreik Hamburg (geprüft)" in log[2]
        # undo the move
        with page.expect_navigation(wait_until="load"):
            page.locator("ol.history > li").nth(1).get_by_role("button", name=re.compile(r"^Korrektur Nr\. \d+ zurücknehmen$")).click()
        assert where(server, moved) == big["id"]
        assert "zurückgenommen" in page.locator("ol.history").inner_text()
        console.assert_clean(page)
    finally:
        page.context.close()
    # the corpus again, then a new article: the clusterer runs, the analyst's decisions hold
    assert ingest(server.db, corpus_inputs()).returncode == 0
    extra = tmp_path / "neu.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in FOLLOW_UP), encoding="utf-8")
    assert ingest(server.db, [extra]).returncode == 0
    page, console = open_page(browser, server.base, locale="de-DE")
    try:
        page.goto(f"{server.base}/stories/{big['id']}", wait_until="load")
        assert page.locator("h1").inner_text() == "Hafenstreik Hamburg (geprüft)"
        assert where(server, split_off) == new_id and where(server, moved) == big["id"]
        page.goto(f"{server.base}/", wait_until="load")
        cards = page.locator("ol.ranked li.story-card", has_text="Hafenstreik Hamburg (geprüft)")
        assert cards.count() == 1 and "korrigiert" in cards.first.inner_text()
        page.goto(f"{server.base}/stories/{new_id}", wait_until="load")
        assert page.locator("h1").inner_text() == "Abgeteilt vom Hafenstreik"
        console.assert_clean(page)
    finally:
        page.context.close()


def test_writes_need_the_token(server: Server) -> None:
    sid = get_json(server, "/api/stories?limit=1")["items"][0]["id"]
    for headers in ({}, {"Authorization": "Bearer nope"}):
        req = urllib.request.Request(f"{server.base}/api/stories/{sid}/rename", method="POST",  # noqa: S310
                                     data=json.dumps({"title": "x"}).encode(),
                                     headers={"Content-Type": "application/json", **headers})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=60)  # noqa: S310 - loopback
        assert err.value.code in (401, 403)
    assert get_json(server, "/api/corrections")["items"] == []
