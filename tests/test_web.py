"""JSON API and pages in-process, against a real SQLite store filled by the real ingest."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lagebild.interfaces.web import create_app
from lagebild.settings import Settings
from lagebild.store.sqlite import SQLiteStore
from web_corpus import RECORDS, TOKEN, build_store, settings_for, write_jsonl


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("web")
    db = tmp / "web.db"
    build_store(db, [write_jsonl(tmp / "in" / "ferry.jsonl", RECORDS)])
    return db


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db), settings_for(db)))


def _story_ids(client: TestClient) -> list[str]:
    return [s["id"] for s in client.get("/api/stories", params={"limit": 500}).json()["items"]]


def test_story_list_and_every_story_detail(client: TestClient, db: Path) -> None:
    listed = client.get("/api/stories").json()
    assert listed["total"] >= 1 and listed["items"]
    with SQLiteStore(db) as store:
        n_articles = store.counts()["articles"]
    assert sum(s["n_articles"] for s in listed["items"]) == n_articles  # every article in exactly one story
    for sid in _story_ids(client):
        detail = client.get(f"/api/stories/{sid}").json()
        assert detail["id"] == sid and detail["articles"]
        for part in ("events", "timeline", "entities", "claims", "briefing", "articles"):
            r = client.get(f"/api/stories/{sid}/{part}", params={"limit": 2})
            assert r.status_code == 200, (part, r.text)
            assert len(r.json()["items"]) <= 2
        assert set(client.get(f"/api/stories/{sid}/graph").json()) == {"nodes", "edges"}


def test_ferry_articles_share_a_story(client: TestClient) -> None:
    sizes = sorted((s["n_articles"] for s in client.get("/api/stories").json()["items"]), reverse=True)
    assert sizes[0] >= 2  # at least two of the three ferry-strike reports cluster together


def test_citations_resolve_to_article_offsets(client: TestClient, db: Path) -> None:
    seen = 0
    with SQLiteStore(db) as store:
        for sid in _story_ids(client):
            view = client.get(f"/api/stories/{sid}").json()
            cites = [c for e in view["timeline"] for c in e["citations"]]
            cites += [c for r in view["claims"] for c in r["carriers"] + r["also"]]
            cites += [b["citation"] for b in view["briefing"]]
            for c in cites:
                art = store.get_article(c["article_id"])
                assert c["text"] == art.text[c["start"]:c["end"]]
                assert c["href"] == f"/articles/{c['article_id']}?start={c['start']}&end={c['end']}#cite"
                seen += 1
    assert seen > 0


def test_html_page_and_json_twin_agree(client: TestClient) -> None:
    sid = _story_ids(client)[0]
    assert client.get(f"/stories/{sid}", params={"format": "json"}).json() == client.get(f"/api/stories/{sid}").json()
    assert client.get("/", params={"format": "json"}).json() == client.get("/api/stories").json()
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    view = client.get(f"/api/stories/{sid}").json()
    for entry in view["timeline"]:
        assert f'id="tl-{entry["id"]}"' in page.text
    for art in view["articles"]:
        assert f'/articles/{art["id"]}' in page.text
    assert 'id="timeline-vis"' in page.text and 'id="graph"' in page.text and 'id="claims"' in page.text


def test_article_page_highlights_spans_and_citation(client: TestClient, db: Path) -> None:
    with SQLiteStore(db) as store:
        art = next(a for a in store.iter_articles() if a.spans("timex"))
    timex = art.spans("timex")[0]
    page = client.get(f"/articles/{art.id}", params={"start": timex.start, "end": timex.end}).text
    assert 'class="hl timex' in page
    cited = re.search(r'<span class="hl ([^"]*)" title="[^"]*" id="cite">([^<]*)</span>', page)
    assert cited and "cite" in cited.group(1)
    assert cited.group(2) == art.text[timex.start:timex.end]
    data = client.get(f"/api/articles/{art.id}").json()
    assert data["text"] == art.text and "timex" in data["layers"] and data["stories"]
    assert client.get(f"/articles/{art.id}", params={"format": "json"}).json() == data


@pytest.mark.parametrize(("params", "expected"), [
    ({}, 4),
    ({"outlet": "Inselbote"}, 2),
    ({"language": "de"}, 4),
    ({"since": "2025-06-03"}, 2),
    ({"until": "2025-06-02"}, 2),
    ({"since": "2025-06", "until": "2025-06"}, 3),
    ({"entity": "Marta Quandel"}, 3),
    ({"entity": "Olaf Brinkhus", "outlet": "Küstenblatt"}, 1),
])
def test_article_filters(client: TestClient, params: dict[str, str], expected: int) -> None:
    got = client.get("/api/articles", params=params).json()
    assert got["total"] == expected, got


def test_pagination(client: TestClient) -> None:
    all_ids = [a["id"] for a in client.get("/api/articles").json()["items"]]
    pages = [client.get("/api/articles", params={"limit": 1, "offset": i}).json()["items"] for i in range(4)]
    assert [p[0]["id"] for p in pages] == all_ids
    assert client.get("/api/articles", params={"limit": 2, "offset": 3}).json()["items"] == [{**pages[3][0]}]


def test_story_filters(client: TestClient) -> None:
    everything = client.get("/api/stories").json()["total"]
    comet = client.get("/api/stories", params={"entity": "Komet"}).json()
    assert 1 <= comet["total"] < everything
    assert client.get("/api/stories", params={"since": "2030-01-01"}).json()["total"] == 0
    assert client.get("/api/stories", params={"outlet": "Himmelspost"}).json()["total"] == comet["total"]


def test_search(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "Fähren"}).json()["items"]
    assert hits and all("id" in h and "snippet" in h for h in hits)
    page = client.get("/search", params={"q": "Komet"})
    assert page.status_code == 200 and "Komet über der Heide" in page.text
    assert client.get("/search", params={"q": "Komet", "format": "json"}).json()["items"][0]["title"] == \
        "Komet über der Heide sichtbar"


def _post(client: TestClient, body: bytes, **headers: str) -> Any:
    return client.post("/api/ingest", content=body, headers={"content-type": "application/x-ndjson", **headers})


def test_ingest_jsonl_body_then_upload(client: TestClient, tmp_path: Path) -> None:
    record = {"id": "n1", "url": "https://inselbote.example/nachlese", "outlet": "Inselbote",
              "published": "2025-06-09T08:00:00+02:00", "title": "Nachlese zum Fährstreik auf Nordmoor",
              "text": "Eine Woche nach dem Fährstreik auf Nordmoor zieht die Gewerkschaft Seeleute Nord Bilanz. "
                      "Marta Quandel sagte am Montag, der Abschluss sei ein Erfolg für alle Beschäftigten."}
    body = write_jsonl(tmp_path / "new.jsonl", [record]).read_bytes()
    before = client.get("/api/articles").json()["total"]
    r = _post(client, body, authorization=f"Bearer {TOKEN}")
    assert r.status_code == 200, r.text
    assert r.json()["new"] == 1 and len(r.json()["new_ids"]) == 1
    assert client.get("/api/articles").json()["total"] == before + 1
    new_id = r.json()["new_ids"][0]
    assert any(new_id in s["article_ids"] for s in client.get("/api/stories", params={"limit": 500}).json()["items"])
    again = _post(client, body, authorization=f"Bearer {TOKEN}").json()
    assert again["new"] == 0 and again["unchanged"] == 1  # same upload again: recognised, nothing stored twice
    text = "Der Leuchtturm von Nordmoor wird ab Juli saniert. Die Arbeiten dauern nach Angaben der Gemeinde drei Monate."
    up = client.post("/api/ingest", files={"file": ("leuchtturm.txt", text.encode(), "text/plain")},
                     headers={"authorization": f"Bearer {TOKEN}"})
    assert up.status_code == 200 and up.json()["new"] == 1


def test_openapi_and_docs_are_local(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/search", "/api/ingest", "/api/articles/{article_id}",
                 "/api/events", "/api/entities", "/api/timeline", "/api/claims"):
        assert path in schema["paths"], path
    docs = client.get("/docs").text
    assert "/api/search" in docs and "/openapi.json" in docs
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', docs)  # nothing from a CDN
    assert client.get("/redoc").status_code == 404
    assert client.get("/api/docs").text == docs


def test_story_rows_partial_polls(client: TestClient) -> None:
    index = client.get("/").text
    assert 'hx-get="/partials/stories?' in index and 'hx-trigger="every ' in index
    rows = client.get("/partials/stories").text
    assert rows.strip().startswith("<li") and "/stories/" in rows  # ranked story cards (issue 18)


def test_static_vendor_files_are_served(client: TestClient) -> None:
    for path in ("/static/vendor/vis-timeline/vis-timeline-graph2d.min.js", "/static/vendor/cytoscape/cytoscape.min.js",
                 "/static/vendor/htmx/htmx.min.js", "/static/app.js", "/static/app.css"):
        r = client.get(path)
        assert r.status_code == 200 and len(r.content) > 1000, path
        assert r.headers["x-content-type-options"] == "nosniff"


def test_corroborated_claims_show_every_reporting_outlet(client: TestClient) -> None:
    seen = 0
    for sid in _story_ids(client):
        rows = client.get(f"/api/stories/{sid}").json()["claims"]
        by_id = {r["id"]: r for r in rows}
        for r in rows:
            outlets = {c["outlet"] for c in r["carriers"] + r["also"]}
            assert r["status"] in ("conflict", "corroborated", "single-source")
            assert r["n_outlets"] >= len(outlets)
            for other in r["corroborated_by"]:
                via = [c for c in r["also"] if c["via"] == other]
                mine = by_id[other]["carriers"]
                assert {(c["article_id"], c["start"]) for c in via} <= {(c["article_id"], c["start"]) for c in mine}
                seen += 1
            if r["status"] == "single-source":
                assert len(outlets) == 1 and not r["corroborated_by"]
    assert seen or all(not r["corroborated_by"] for sid in _story_ids(client)
                       for r in client.get(f"/api/stories/{sid}").json()["claims"])


def test_first_build_answers_202_then_the_story(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with SQLiteStore(db) as src:
        src.conn.execute("VACUUM INTO ?", (str(copy),))
    with SQLiteStore(copy) as dst:
        dst.conn.execute("DELETE FROM story_views")  # as if ingest had built no view
    # views_min_articles: ingest leaves every view to its first read, so a grown story is served stale
    cfg = Settings(db=str(copy), api_token=TOKEN, views_min_articles=1000, allowed_hosts="testserver")
    impatient = TestClient(create_app(str(copy), cfg, build_wait=0))
    sid, other = _story_ids(impatient)[0], _story_ids(impatient)[-1]
    assert sid != other
    first = impatient.get(f"/api/stories/{sid}")  # a build cannot finish within the request that starts it
    assert first.status_code == 202 and int(first.headers["retry-after"]) > 0 and first.json()["error"]
    page = impatient.get(f"/stories/{other}")
    assert page.status_code == 202 and 'http-equiv="refresh"' in page.text
    deadline = time.monotonic() + 120
    for each in _story_ids(impatient):  # every story built once
        while (r := impatient.get(f"/api/stories/{each}")).status_code == 202 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert r.status_code == 200 and r.json()["id"] == each and "stale" not in r.json()
    # The story gains an article: the previous build is served at once, marked stale, until the new one is done.
    record = {"id": "late", "url": "https://kuestenblatt.example/faehren-mittwoch", "outlet": "Küstenblatt",
              "published": "2025-06-04T07:30:00+02:00", "title": "Fährstreik auf Nordmoor: Pendler weichen aus",
              "text": "Am dritten Streiktag sind viele Pendler aus Hafenstedt auf Wassertaxis umgestiegen. Die "
                      "Gewerkschaft Seeleute Nord bleibt bei ihrer Forderung von sieben Prozent. Marta Quandel "
                      "sagte am Mittwoch, die Reederei müsse sich bewegen. Olaf Brinkhus kündigte für Donnerstag "
                      "ein neues Angebot an. Die Nordmoorer Fährgesellschaft schätzt den Ausfall auf 80 Fahrten."}
    body = write_jsonl(tmp_path / "late.jsonl", [record]).read_bytes()
    added = impatient.post("/api/ingest", content=body, headers={"authorization": f"Bearer {TOKEN}",
                                                                 "content-type": "application/x-ndjson"}).json()
    assert added["new_ids"], added
    grown = [s for s in impatient.get("/api/stories").json()["items"] if added["new_ids"][0] in s["article_ids"]]
    assert grown, (added, impatient.get("/api/stories").json())
    r = impatient.get(f"/api/stories/{grown[0]['id']}")
    assert r.status_code == 200 and r.json()["stale"] is True
    assert added["new_ids"][0] not in [a["id"] for a in r.json()["articles"]]
    while (r := impatient.get(f"/api/stories/{grown[0]['id']}")).status_code == 202 or r.json().get("stale"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert added["new_ids"][0] in [a["id"] for a in r.json()["articles"]]


def test_ingest_builds_the_views_of_the_stories_it_touched(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with SQLiteStore(db) as src:
        src.conn.execute("VACUUM INTO ?", (str(copy),))
        stored = {r[0]: r[1] for r in src.conn.execute("SELECT story_id, version FROM story_views")}
    assert stored  # the module's ingest built the views of its multi-article stories
    client = TestClient(create_app(str(copy), settings_for(copy), build_wait=0))
    record = {"id": "late2", "url": "https://kuestenblatt.example/faehren-donnerstag", "outlet": "Küstenblatt",
              "published": "2025-06-05T07:30:00+02:00", "title": "Fährstreik auf Nordmoor: Gespräche am Donnerstag",
              "text": "Im Fährstreik von Nordmoor treffen sich Gewerkschaft Seeleute Nord und Nordmoorer "
                      "Fährgesellschaft am Donnerstag zu neuen Gesprächen. Marta Quandel sagte, man sei bereit. "
                      "Olaf Brinkhus kündigte ein neues Angebot an. Pendler aus Hafenstedt warten auf Fähren."}
    body = write_jsonl(tmp_path / "late2.jsonl", [record]).read_bytes()
    added = client.post("/api/ingest", content=body, headers={"authorization": f"Bearer {TOKEN}",
                                                              "content-type": "application/x-ndjson"}).json()
    assert added["new_ids"] and added["stories"]
    r = client.get(f"/api/stories/{added['stories'][0]}")  # no build pending: the ingest built it
    assert r.status_code == 200 and "stale" not in r.json()
    assert added["new_ids"][0] in [a["id"] for a in r.json()["articles"]]


def test_entities_are_read_from_the_store(client: TestClient) -> None:
    listed = client.get("/api/entities", params={"limit": 5}).json()
    assert listed["total"] >= 1 and listed["items"]
    counts = [e["count"] for e in listed["items"]]
    assert counts == sorted(counts, reverse=True)
    top = listed["items"][0]
    one = client.get(f"/api/entities/{top['id']}").json()
    assert one["id"] == top["id"] and one["name"] == top["name"] and one["label"] == top["label"]
    assert one["article_ids"] and one["stories"] and len(one["mentions"]) == top["count"]
    assert client.get("/api/entities/PER:nobody-at-all").status_code == 404
    quandel = client.get("/api/entities", params={"entity": "Quandel"}).json()["items"]
    assert any("Quandel" in e["name"] for e in quandel)
