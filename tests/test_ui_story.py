"""A story page and an entity page in Chromium (issue 18): citations numbered as the article list,
with an accessible name per article; timeline, claims, conflicts and entities from the typed view;
entity names link to entity pages (spellings, type, stories, claims by and about, timeline entries);
export buttons that download each format, the HTML report clean under its own CSP; outlets never a
file name and untitled articles never a hash id."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from ui_harness import LEAKS, Server, open_page, settle

HEX_ID = re.compile(r"^[0-9a-f]{16}$")


def get_json(server: Server, path: str) -> Any:
    with urllib.request.urlopen(server.base + path, timeout=300) as resp:  # noqa: S310 - loopback
        return json.loads(resp.read())


@pytest.fixture(scope="module")
def story(ui_server: Server) -> dict[str, Any]:
    stories = get_json(ui_server, "/api/stories?limit=500")["items"]
    top = max(stories, key=lambda s: (s["n_articles"], s["n_outlets"]))
    return dict(get_json(ui_server, f"/api/stories/{top['id']}"))


def test_citations_are_the_numbers_of_the_article_list(browser: Any, ui_server: Server, story: dict[str, Any]) -> None:
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        page.goto(f"{ui_server.base}/stories/{story['id']}", wait_until="load")
        listed = page.locator("ol.refs > li").evaluate_all("els => els.map(e => e.id.replace(/^art-/, ''))")
        assert listed == [a["id"] for a in story["articles"]]
        seen: dict[str, str] = {}
        for link in page.locator("#briefing .cite-link, #timeline .cite-link, #claims .cite-link").all():
            n = int((link.text_content() or "").strip().strip("[]"))  # also inside closed <details>
            target = urllib.parse.urlsplit(link.get_attribute("href") or "").path.rsplit("/", 1)[-1]
            assert listed[n - 1] == target, (n, target)
            name = link.get_attribute("aria-label") or ""
            assert name.startswith(f"Quelle {n}: ")
            assert seen.setdefault(target, name) == name  # one accessible name per article, one article per name
        briefing = {a.text_content() for a in page.locator("#briefing .cite-link").all()}
        cited = {b["citation"]["article_id"] for b in story["briefing"]}
        assert len(briefing) == len(cited) and (len(cited) < 2 or briefing != {"[1]"})
        console.assert_clean(page)
    finally:
        page.context.close()


def test_sections_render_the_typed_view_in_german(browser: Any, ui_server: Server, story: dict[str, Any]) -> None:
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        page.goto(f"{ui_server.base}/stories/{story['id']}", wait_until="load")
        settle(page, 800)
        assert page.locator("ol.timeline-list > li[id^=tl-]").count() == len(story["timeline"])
        assert page.locator("table.claims tbody tr").count() == len(story["claims"])
        assert page.locator("ul.conflicts > li").count() == len(story["conflicts"])
        assert page.locator("#entities tbody tr").count() == min(len(story["entities"]), 60)
        for section in ("story-head", "summary-facts"):
            assert page.locator(f".{section}").count() == 1
        text = " ".join(page.locator(sel).inner_text() for sel in
                        (".summary-facts", "#briefing", "#timeline", "#claims", "#entities", "#events"))
        assert not LEAKS.search(text), LEAKS.search(text)
        for word in ("Kurzfassung", "Zeitleiste", "Aussagen nach Quelle", "Ereignisse", "Artikel"):
            assert word in page.locator("main").inner_text()
        if len({e["label"] for e in story["entities"][:60]}) > 1:  # the graph colours names by their type
            colours = page.evaluate("(window.lagebildGraphs || [])[0].nodes().map(n => n.style('background-color'))")
            assert len(set(colours)) > 1
        first = story["timeline"][0]
        assert page.locator(f"#tl-{first['id']} time").inner_text() == (first["date_text"] or first["date"])
        console.assert_clean(page)
    finally:
        page.context.close()


def test_entity_links_lead_to_entity_pages(browser: Any, ui_server: Server, story: dict[str, Any]) -> None:
    top = story["entities"][0]
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        page.goto(f"{ui_server.base}/stories/{story['id']}", wait_until="load")
        link = page.locator("#entities table a.entity-link").first
        assert link.inner_text() == top["name"]
        link.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().startswith(top["name"])
        data = get_json(ui_server, urllib.parse.urlsplit(page.url).path + "?format=json")
        assert data["id"] == top["id"] and data["label"] == top["label"]
        facts = page.locator(".summary-facts").inner_text()
        assert {"Person": "PER", "Organisation": "ORG", "Ort": "LOC", "Sonstiges": "MISC"}.get(
            facts.split("\n")[1].strip(), top["label"]) == top["label"]
        for alias in top["aliases"]:
            assert alias in facts
        assert story["id"] in [s["id"] for s in data["stories"]]
        assert page.locator(f"#stories a[href='/stories/{story['id']}']").count() == 1
        assert page.locator("#timeline li").count() == max(1, min(data["n_timeline"], 100))
        assert data["timeline"], "the story's most named entity appears in its timeline"
        for row in data["claims_by"] + data["claims_about"] + data["timeline"]:
            assert row["citations"] and row["story_id"]
        assert not LEAKS.search(page.locator("main").inner_text()), LEAKS.search(page.locator("main").inner_text())
        console.assert_clean(page)
        # every entity mention in an article's text links to its entity page
        page.goto(f"{ui_server.base}/articles/{story['articles'][0]['id']}", wait_until="load")
        mentions = page.locator(".text a.hl.ent")
        assert mentions.count() > 0
        href = mentions.first.get_attribute("href") or ""
        assert href.startswith("/entities/") and (mentions.first.get_attribute("aria-label") or "")
        console.assert_clean(page)
    finally:
        page.context.close()
    speakers = [e for e in story["entities"][:10]
                if get_json(ui_server, "/entities/" + urllib.parse.quote(e["id"], safe=":") + "?format=json")["claims_by"]]
    assert speakers, "someone in the story's ten most named entities makes a claim"


EXPORTS = {"html": "<!doctype html", "md": "# ", "claims.csv": "story_id,claim_id", "timeline.csv": "story_id,date",
           "graphml": "<?xml", "json": "{"}


def test_export_buttons(browser: Any, ui_server: Server, story: dict[str, Any], tmp_path: Path) -> None:
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        page.goto(f"{ui_server.base}/stories/{story['id']}", wait_until="load")
        links = page.locator("nav.export-nav a")
        hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert [h.rsplit("/", 1)[-1] for h in hrefs] == list(EXPORTS)
        for href in hrefs:
            resp = page.request.get(ui_server.base + href)
            assert resp.status == 200, href
            assert resp.headers["content-disposition"].startswith("attachment;"), href
            body = resp.body()
            assert body.decode("utf-8").lstrip().startswith(EXPORTS[href.rsplit("/", 1)[-1]]), href
            if href.endswith("/json"):
                assert json.loads(body)["id"] == story["id"]
            if href.endswith("/html"):
                (tmp_path / "report.html").write_bytes(body)
        console.assert_clean(page)
    finally:
        page.context.close()
    report, console = open_page(browser, ui_server.base)  # the report offline, under its own CSP meta tag
    try:
        report.goto((tmp_path / "report.html").as_uri(), wait_until="load")
        settle(report, 1500)
        assert report.locator("h1").first.inner_text() == story["title"]
        assert report.locator(".vis-item").count() > 0  # its script drew the timeline
        console.errors = [e for e in console.errors if "file://" not in e or "favicon" not in e]
        console.assert_clean(report)
    finally:
        report.context.close()


def test_outlets_and_titles_are_names_never_files_or_ids(browser: Any, ui_server: Server) -> None:
    stories = get_json(ui_server, "/api/stories?limit=500")["items"]
    page, console = open_page(browser, ui_server.base, locale="de-DE")
    try:
        for s in sorted(stories, key=lambda s: -s["n_articles"])[:3]:
            page.goto(f"{ui_server.base}/stories/{s['id']}", wait_until="load")
            titles = page.locator("ol.refs > li summary .title").all_inner_texts()
            assert titles and not [x for x in titles if HEX_ID.match(x.strip())]
            outlets = " ".join(page.locator("ol.refs > li summary .muted").all_inner_texts()
                               + page.locator("table.claims thead th").all_inner_texts()
                               + [page.locator(".summary-facts").inner_text()])
            assert ".txt" not in outlets and ".html" not in outlets and "(unknown outlet)" not in outlets
        page.goto(f"{ui_server.base}/articles?limit=500", wait_until="load")
        for row in page.locator("table.list tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            assert not HEX_ID.match(cells[2].strip()) and not cells[1].endswith((".txt", ".html")), cells
        console.assert_clean(page)
    finally:
        page.context.close()


@pytest.mark.parametrize(("phrase", "names", "speaks"), [
    ("Elbkai Terminal AG", {"Elbkai Terminal AG"}, True),
    ("die Elbkai Terminal AG", {"Elbkai Terminal AG"}, True),
    ("ein Sprecher der Elbkai Terminal AG", {"Elbkai Terminal AG"}, True),
    ("Konzernsprecherin des Betreibers Elbkai", {"Elbkai"}, True),
    ("rund 4.000 Beschäftigten der Elbkai Terminal AG", {"Elbkai Terminal AG"}, False),
    ("Verdi-Verhandlungsführerin Merle Jacobsen", {"Merle Jacobsen", "Jacobsen"}, True),
    ("der Kreml", {"Kreml"}, True),
    ("a spokesman for the Kremlin", {"Kremlin"}, True),
    ("officials of the ministry", {"ministry"}, False),
])
def test_claims_by_an_entity_are_its_own(phrase: str, names: set[str], speaks: bool) -> None:
    """An entity page lists a claim as the entity's own only when the speaker phrase is the entity
    (or speaks for it), not when the name is an attribute of the speaker."""
    from lagebild.app.entities import speaks_as

    assert speaks_as(phrase, names) is speaks
