"""Every page of the web UI in Chromium at 1280 px and 390 px: no console error, no uncaught
exception, no failed request, no Content-Security-Policy violation, and no page-level horizontal
scrolling on a phone (wide tables scroll inside their own box)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

import pytest

from ui_harness import VIEWPORTS, Server, a11y_problems, open_page, page_overflow, settle


def api(server: Server, path: str) -> Any:
    with urllib.request.urlopen(server.base + path, timeout=60) as resp:  # noqa: S310 - loopback
        return json.loads(resp.read())


def pages(server: Server) -> dict[str, str]:
    stories = api(server, "/api/stories?limit=50")["items"]
    biggest = max(stories, key=lambda s: s["n_articles"])
    article = api(server, "/api/articles?limit=1")["items"][0]
    entity = api(server, "/api/entities?limit=1")["items"][0]
    return {"front": "/", "articles": "/articles", "story": f"/stories/{biggest['id']}",
            "article": f"/articles/{urllib.parse.quote(article['id'])}", "search": "/search?q=Hafen", "docs": "/docs",
            "entities": "/entities", "entity": f"/entities/{urllib.parse.quote(entity['id'], safe=':')}",
            "feeds": "/feeds"}


PAGES = ["front", "articles", "story", "article", "search", "docs", "entities", "entity", "feeds"]




@pytest.mark.parametrize("width", sorted(VIEWPORTS))
@pytest.mark.parametrize("name", PAGES)
def test_page_is_clean(browser: Any, ui_server: Server, name: str, width: str, request: pytest.FixtureRequest) -> None:
    path = pages(ui_server)[name]
    page, console = open_page(browser, ui_server.base, VIEWPORTS[width])
    try:
        page.goto(ui_server.base + path, wait_until="load")
        settle(page, 1200 if name in ("story", "entity") else 300)
        assert page.locator("main").count() == 1
        console.assert_clean(page)
        assert page_overflow(page) == [], f"{path} scrolls sideways at {width}"
    finally:
        page.context.close()


@pytest.mark.parametrize("locale", ["de-DE", "en-US"])
@pytest.mark.parametrize("name", PAGES)
def test_keyboard_and_screen_reader_basics(browser: Any, ui_server: Server, name: str, locale: str) -> None:
    """In both interface languages (the browser's Accept-Language picks it): the link texts differ per language."""
    path = pages(ui_server)[name]
    page, _ = open_page(browser, ui_server.base, locale=locale)
    try:
        page.goto(ui_server.base + path, wait_until="load")
        assert page.evaluate("document.documentElement.lang") == locale[:2]
        assert a11y_problems(page) == []
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('skip-link')")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        page.context.close()
