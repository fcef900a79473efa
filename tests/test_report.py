"""Reports: self-contained HTML (opens offline, runs only its own hashed scripts), Markdown, JSON,
CSV (timeline, claims) and GraphML, from a real ingested store including hostile text."""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from lagebild.app import views as app_views
from lagebild.errors import ConfigError
from lagebild.interfaces.report import write_report
from lagebild.store.sqlite import SQLiteStore
from web_corpus import CHROMIUM, CHROMIUM_ARGS, RECORDS, XSS_RECORDS, build_store, write_jsonl


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    tmp = tmp_path_factory.mktemp("report")
    db = tmp / "r.db"
    build_store(db, [write_jsonl(tmp / "in.jsonl", RECORDS + XSS_RECORDS)])
    st = SQLiteStore(db)
    yield st
    st.close()


def _story(store: SQLiteStore, word: str) -> str:
    for s in app_views.list_stories(store):
        arts = app_views.story_articles(store, s)
        if any(word in (a.title or "") for a in arts.values()):
            return s.id
    raise AssertionError(word)


def test_html_report_is_self_contained_and_hash_locked(store: SQLiteStore, tmp_path: Path) -> None:
    [out] = write_report(store, _story(store, "Fähr"), "html", tmp_path / "r.html")
    html = out.read_text(encoding="utf-8")
    assert not re.search(r'<(script|link|img)[^>]+(src|href)=', html)  # nothing loaded from anywhere
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 4  # csp-shim, vis-timeline, cytoscape, app.js (issue 18)
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert 'href="/articles/' not in html and 'href="#s1-art-' in html  # citations point inside the file


def test_html_report_escapes_hostile_text(store: SQLiteStore, tmp_path: Path) -> None:
    [out] = write_report(store, _story(store, "Stadtwerke"), "html", tmp_path / "x.html")
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss" in html
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()


def test_markdown_json_csv_graphml(store: SQLiteStore, tmp_path: Path) -> None:
    sid = _story(store, "Fähr")
    [md] = write_report(store, sid, "md", tmp_path / "r.md")
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# ") and "## Artikel" in text and "[1]" in text  # German by default (issue 18)
    [js] = write_report(store, sid, "json", tmp_path / "r.json")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["id"] == sid and data["articles"]
    tl, cl = write_report(store, sid, "csv", tmp_path / "r.csv")
    assert tl.name == "r-timeline.csv" and cl.name == "r-claims.csv"
    with tl.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["story_id"] == sid and r["date"] for r in rows)
    assert len({r["date"] for r in rows}) == len({e["date"] for e in data["timeline"]})
    with cl.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:4] == ["story_id", "claim_id", "status", "speaker"]
    [gml] = write_report(store, sid, "graphml", tmp_path / "r.graphml")
    root = ET.parse(gml).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) == len(data["entities"])
    assert len(root.findall(".//g:edge", ns)) == len(data["edges"])


def test_markdown_and_csv_neutralise_hostile_text(store: SQLiteStore, tmp_path: Path) -> None:
    sid = _story(store, "Stadtwerke")
    md = write_report(store, sid, "md", tmp_path / "x.md")[0].read_text(encoding="utf-8")
    assert "<script>" not in md and "<img" not in md and "](javascript:" not in md
    for path in write_report(store, sid, "csv", tmp_path / "x.csv"):
        with path.open(encoding="utf-8") as fh:
            for row in csv.reader(fh):
                assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row)


def test_all_stories_report(store: SQLiteStore, tmp_path: Path) -> None:
    n = len(app_views.list_stories(store))
    data = json.loads(write_report(store, None, "json", tmp_path / "all.json")[0].read_text(encoding="utf-8"))
    assert len(data["stories"]) == n
    html = write_report(store, None, "html", tmp_path / "all.html")[0].read_text(encoding="utf-8")
    assert html.count('<script type="application/json" class="story-data"') == n
    with pytest.raises(ConfigError, match="unknown report format"):
        write_report(store, None, "pdf", tmp_path / "x.pdf")


def test_html_report_opens_offline_in_chromium(store: SQLiteStore, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (/usr/bin/chromium); `make test` installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    [out] = write_report(store, None, "html", tmp_path / "all.html")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        assert page.evaluate("document.documentElement.classList.contains('js')")  # inline scripts allowed by hash
        assert page.evaluate("document.querySelectorAll('.vis-item').length") > 0
        assert page.evaluate("typeof window.__xss") == "undefined"
        browser.close()
    assert not errors
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
