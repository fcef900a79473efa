"""The front page is the situation (issue 18), in Chromium: German by default, English by the browser's
Accept-Language or ?lang=en (remembered); stories ranked by independent outlets, articles, recency and
growth, with filters and counts; the JSON twin is the same data; no internal keys or TIMEX values on
the page; search never shows a database error and its JSON twin keeps the query."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from typing import Any

from ui_harness import DESKTOP, LEAKS, MOBILE, Server, open_page, page_overflow


def get_json(server: Server, path: str) -> Any:
    with urllib.request.urlopen(server.base + path, timeout=120) as resp:  # noqa: S310 - loopback
        return json.loads(resp.read())


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def test_german_by_default_english_by_browser_or_choice(browser: Any, ui_server: Server) -> None:
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        page.goto(ui_server.base + "/", wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.locator("h1").inner_text() == "Lage"
        nav = page.locator("header nav").first
        assert [nav.locator("a").nth(i).inner_text() for i in range(nav.locator("a").count())] == \
            ["Lage", "Artikel", "Namen", "Suche", "Feeds", "API"]
        assert nav.get_by_role("link", name="Feeds").get_attribute("href") == "/feeds"
        text = main_text(page)
        assert "Themen" in text and "Quellen" in text and not LEAKS.search(text), LEAKS.search(text)
        page.get_by_role("link", name="English").click()  # ?lang=en, remembered in a cookie
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Situation"
        page.goto(ui_server.base + "/articles", wait_until="load")
        assert page.locator("h1").inner_text() == "Articles" and page.evaluate("document.documentElement.lang") == "en"
        console.assert_clean(page)
    finally:
        page.context.close()
    page, _ = open_page(browser, ui_server.base, locale="en-GB")
    try:
        page.goto(ui_server.base + "/", wait_until="load")
        assert page.locator("h1").inner_text() == "Situation"
        assert "stories" in main_text(page) and "outlets" in main_text(page)
    finally:
        page.context.close()


def test_ranked_stories_with_counts_and_json_twin(browser: Any, ui_server: Server) -> None:
    data = get_json(ui_server, "/api/stories?limit=500")
    items = data["items"]
    assert [s["rank"] for s in items] == list(range(1, len(items) + 1))
    assert get_json(ui_server, "/?format=json&limit=500")["items"] == items
    top = items[0]
    # the biggest running story (most independent outlets) leads: the demo corpus's port strike
    assert top["n_outlets"] == max(s["n_outlets"] for s in items) and top["n_outlets"] >= 3
    assert all(s["score"] >= t["score"] for s, t in zip(items, items[1:], strict=False))
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        page.goto(ui_server.base + "/", wait_until="load")
        cards = page.locator("ol.ranked > li.story-card")
        assert cards.count() == min(len(items), 50)
        first = cards.first
        assert first.locator(".rank").inner_text() == "1"
        assert first.locator("h2 a").inner_text() == top["title"]
        meta = first.locator(".meta").inner_text()
        assert f"{top['n_outlets']} Quellen" in meta and f"{top['n_articles']} Artikel" in meta
        counts = page.locator("ul.counts").inner_text()
        assert f"{data['all_stories']} Themen" in counts or f"{data['all_stories']} Thema" in counts
        console.assert_clean(page)
    finally:
        page.context.close()


def test_filters_at_least_n_outlets_and_more(browser: Any, ui_server: Server) -> None:
    everything = get_json(ui_server, "/api/stories?limit=500")
    counts = sorted({s["n_outlets"] for s in everything["items"]})
    assert len(counts) > 1  # stories of different reach in the demo store
    n = counts[-1]  # the widest-reported stories only
    want = [s["id"] for s in everything["items"] if s["n_outlets"] >= n]
    assert 0 < len(want) < everything["total"]
    page, console = open_page(browser, ui_server.base, MOBILE, locale="de-DE")
    try:
        page.goto(ui_server.base + "/", wait_until="load")
        page.get_by_label("mindestens Quellen").fill(str(n))
        page.get_by_role("button", name="Filtern").click()
        page.wait_for_load_state("load")
        assert f"min_outlets={n}" in page.url
        shown = [urllib.parse.unquote(h.split("/stories/")[1]) for h in
                 page.locator("ol.ranked h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        assert shown == want[:50]
        assert page.locator("[role=status]").first.inner_text() == \
            f"{len(want)} von {everything['total']} Themen passen zu den Filtern."
        twin = get_json(ui_server, f"/?format=json&min_outlets={n}&limit=500")
        assert [s["id"] for s in twin["items"]] == want
        assert get_json(ui_server, f"/api/stories?min_outlets={n}&limit=500")["items"] == twin["items"]
        assert page_overflow(page) == []
        page.get_by_role("link", name="Zurücksetzen").click()
        page.wait_for_load_state("load")
        assert page.locator("ol.ranked > li.story-card").count() == min(everything["total"], 50)
        console.assert_clean(page)
    finally:
        page.context.close()
    lang = everything["items"][0]["languages"][0]
    outlet = everything["items"][0]["outlets"][0]
    for query, check in ((f"language={lang}", lambda s: lang in s["languages"]),
                         (f"outlet={urllib.parse.quote(outlet)}", lambda s: outlet in s["outlets"]),
                         ("since=2025-09-20", lambda s: s["last_seen"] >= "2025-09-20"),
                         ("until=2025-09-05", lambda s: s["first_seen"][:10] <= "2025-09-05")):
        got = get_json(ui_server, f"/?format=json&limit=500&{query}")["items"]
        assert got and all(check(s) for s in got), query


def test_entity_filter_from_an_entity_page(browser: Any, ui_server: Server) -> None:
    entity = get_json(ui_server, "/api/entities?limit=1")["items"][0]
    page, console = open_page(browser, ui_server.base, DESKTOP, locale="de-DE")
    try:
        page.goto(ui_server.base + "/entities/" + urllib.parse.quote(entity["id"], safe=":"), wait_until="load")
        page.get_by_role("link", name=re.compile("Lage nur mit Themen")).click()
        page.wait_for_load_state("load")
        assert page.get_by_label("Name", exact=True).input_value() == entity["name"]
        twin = get_json(ui_server, "/?format=json&limit=500&entity=" + urllib.parse.quote(entity["id"]))
        assert twin["items"] and page.locator("ol.ranked > li.story-card").count() == len(twin["items"])
        console.assert_clean(page)
    finally:
        page.context.close()


def test_search_hyphens_compounds_highlights_and_json_twin(browser: Any, ui_server: Server) -> None:
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        for query, needle in (("Verdi-Verhandlungsführerin", "Verhandlungsführerin"), ("Streik", "Streiktag"), ('"Elbkai Terminal"', "Elbkai"),
                              ('AND OR "(', None), ("Kim Jong-un", None)):
            page.goto(ui_server.base + "/search?q=" + urllib.parse.quote(query), wait_until="load")
            text = main_text(page)
            assert "no such column" not in text and "fts5" not in text.lower() and "Fehler" not in text, (query, text)
            if needle:
                marks = page.locator(".snippet mark").all_inner_texts()
                assert marks and any(needle.lower() in m.lower() or m.lower() in needle.lower() for m in marks), query
                assert needle in " ".join(page.locator("ol.results").all_inner_texts()) or needle == "Streiktag"
            twin = page.get_by_role("link", name="Diese Seite als JSON").get_attribute("href") or ""
            assert "format=json" in twin and "q=" in twin
            assert get_json(ui_server, twin)["query"] == query
        page.goto(ui_server.base + "/search?q=Streik", wait_until="load")
        hits = " ".join(page.locator(".snippet mark").all_inner_texts())
        assert re.search(r"Streik\w+", hits), hits  # compounds and forms are found and marked
        console.assert_clean(page)
    finally:
        page.context.close()
