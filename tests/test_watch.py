"""The watcher end to end on loopback: Fundus pages announced by RSS, JSON Feed and a news sitemap,
stored once, clustered into stories visible in the API; conditional re-polls; the change journal
in the CLI, in Atom feeds and as webhook POSTs; the /feeds page with its fetch log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lagebild.interfaces.cli import app as cli_app
from lagebild.interfaces.web import create_app
from lagebild.settings import Settings, load_settings
from lagebild.store import feeds as fs
from lagebild.store.base import open_store
from lagebild.watch import Watcher
from loopback_server import LoopbackServer, Route, fundus_pages, news_sitemap, rss

#: Fundus pages used: enough for several stories, few enough to process in seconds.
N_PAGES = 7


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    pages = fundus_pages()
    if not pages:
        pytest.skip("../shared/data/fundus_testdata_de_at_ch not present")
    pages = pages[:: max(1, len(pages) // N_PAGES)][:N_PAGES]
    tmp = tmp_path_factory.mktemp("watch")
    with LoopbackServer() as srv:
        links = []
        for name, html in pages:
            srv.routes[f"/artikel/{name}.html"] = Route(body=html)
            links.append({"link": srv.url(f"/artikel/{name}.html"), "title": name})
        srv.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /intern/\n", content_type="text/plain")
        # RSS: the first three pages, one of them twice (with a tracking parameter)
        rss_items = links[:3] + [{"link": links[0]["link"] + "?utm_source=rss&utm_medium=feed", "title": "dup"}]
        srv.routes["/rss.xml"] = Route(body=rss(rss_items), content_type="application/rss+xml", etag='"r1"')
        jf = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON Testfeed",
              "items": [{"id": x["link"], "url": x["link"], "title": x["title"]} for x in links[2:5]]}
        srv.routes["/feed.json"] = Route(body=json.dumps(jf).encode(), content_type="application/feed+json")
        srv.routes["/news-sitemap.xml"] = Route(body=news_sitemap(links[5:6]), content_type="application/xml")
        srv.routes["/hook"] = Route(body=b"ok", content_type="text/plain")
        cfg = load_settings(db=str(tmp / "watch.db"), fetch_private_addresses=True, fetch_per_host_rate=50.0,
                            fetch_retries=0, fetch_read_timeout=5.0, allowed_hosts="testserver")
        store = open_store(cfg.db)
        for path in ("/rss.xml", "/feed.json", "/news-sitemap.xml"):
            fs.add_feed(store, srv.url(path), every_seconds=3600)
        fs.add_watchlist(store, "alles", [{"kind": "word", "value": "und"}], srv.url("/hook"))
        with Watcher(store, cfg) as watcher:
            first = watcher.run_once()
            yield {"srv": srv, "cfg": cfg, "store": store, "watcher": watcher, "first": first, "links": links,
                   "tmp": tmp}
        store.close()


def test_first_cycle_stores_each_page_once(world: dict[str, Any]) -> None:
    srv, store, first = world["srv"], world["store"], world["first"]
    assert (first.feeds, first.feed_errors) == (3, 0)
    assert first.announced == 6  # 3 + 3 + 1 announced, minus the duplicate across RSS and JSON Feed
    assert first.pages == 6 and first.page_errors == 0 and first.new + first.folded == 6
    for link in world["links"][:6]:
        assert len(srv.hits(link["link"].removeprefix(srv.base))) == 1, link
    assert store.counts()["sources"] == 6
    assert fs.item_counts(store) == {"stored": 6}
    kinds = {f["url"].rsplit("/", 1)[-1]: f["kind"] for f in fs.list_feeds(store)}
    assert kinds == {"rss.xml": "feed", "feed.json": "jsonfeed", "news-sitemap.xml": "sitemap"}


def test_stories_visible_in_api_and_journal(world: dict[str, Any]) -> None:
    client = TestClient(create_app(world["cfg"].db, world["cfg"]))
    stories = client.get("/api/stories").json()
    assert stories["total"] >= 2
    journal = fs.changes(world["store"])
    new_stories = {c["story_id"] for c in journal if c["kind"] == "story" and c["action"] == "new"}
    assert new_stories == {s["id"] for s in stories["items"]}


def test_second_cycle_is_conditional_and_quiet(world: dict[str, Any]) -> None:
    srv, watcher, store = world["srv"], world["watcher"], world["store"]
    before = len(srv.requests)
    for f in fs.list_feeds(store):  # make every feed due now
        fs.feed_polled(store, f["id"], status=f["last_status"], error=None, next_in=0.0)
    again = watcher.run_once()
    assert again.feeds == 3 and again.not_modified == 1 and again.announced == 0 and again.pages == 0
    assert again.changes == 0
    assert all(r.path in ("/rss.xml", "/feed.json", "/news-sitemap.xml") for r in srv.requests[before:])
    assert srv.hits("/rss.xml")[-1].headers.get("if-none-match") == '"r1"'


def test_new_item_updates_journal_atom_and_webhook(world: dict[str, Any]) -> None:
    srv, watcher, store, links = world["srv"], world["watcher"], world["store"], world["links"]
    srv.routes["/rss.xml"] = Route(body=rss(links[:3] + links[6:7]), content_type="application/rss+xml", etag='"r2"')
    fs.feed_polled(store, fs.get_feed(store, srv.url("/rss.xml"))["id"], status=200, error=None, next_in=0.0)
    seq_before = max(c["seq"] for c in fs.changes(store))
    report = watcher.run_once()
    assert report.announced == 1 and report.pages == 1 and report.new == 1
    fresh = fs.changes(store, after_seq=seq_before)
    assert fresh and all(c["kind"] in ("story", "event", "claim", "conflict") for c in fresh)
    client = TestClient(create_app(world["cfg"].db, world["cfg"]))
    resp = client.get("/feeds/updates.atom")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(resp.content)
    assert not parsed.bozo and len(parsed.entries) == len(fs.changes(store))
    assert parsed.entries[0].title == fresh[0]["title"]
    story_id = next(c["story_id"] for c in fresh if c["story_id"])
    one = feedparser.parse(client.get(f"/stories/{story_id}/updates.atom").content)
    assert one.entries and all(e.link.endswith(f"/stories/{story_id}") for e in one.entries)
    assert client.get("/stories/nope/updates.atom").status_code == 404
    posts = [r for r in srv.requests if r.path == "/hook" and r.method == "POST"]
    assert posts, "the watchlist's webhook got nothing"
    delivered = [c["seq"] for p in posts for c in json.loads(p.body)["changes"]]
    assert len(delivered) == len(set(delivered))  # each change delivered once
    assert max(delivered) == fs.watchlists(store)[0]["delivered_seq"]


def test_feeds_page_and_cli(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    db = world["cfg"].db
    client = TestClient(create_app(db, world["cfg"]))
    page = client.get("/feeds")
    assert page.status_code == 200 and "rss.xml" in page.text and "Abrufprotokoll" in page.text  # German UI (issue 18)
    data = client.get("/feeds?format=json").json()
    assert data == client.get("/api/feeds").json()
    assert {r["purpose"] for r in data["log"]} >= {"feed", "page", "robots", "webhook"}
    assert all({"status", "bytes", "ms", "error", "url"} <= set(r) for r in data["log"])
    monkeypatch.chdir(world["tmp"])
    runner = CliRunner()
    res = runner.invoke(cli_app, ["changes", "--since", "2h", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.stdout)) == len(fs.changes(world["store"]))
    res = runner.invoke(cli_app, ["feeds", "list", "--db", db])
    assert res.exit_code == 0 and "items: 7 stored" in res.stdout
    res = runner.invoke(cli_app, ["feeds", "log", "--db", db, "--json", "--limit", "5"])
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 5


def test_cli_subscriptions_and_opml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "subs.db")
    runner = CliRunner()
    res = runner.invoke(cli_app, ["feeds", "add", "http://127.0.0.1:9/a.xml?utm_source=x", "--name", "A",
                                  "--every", "15m", "--outlet", "Testblatt", "--db", db])
    assert res.exit_code == 0, res.output
    assert "every 15m" in res.stdout and "utm_source" not in res.stdout
    opml = tmp_path / "subs.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Politik">'
                    '<outline text="B" xmlUrl="http://127.0.0.1:9/b.xml"/><outline text="C" xmlUrl="ftp://x/c"/>'
                    "</outline></body></opml>")
    res = runner.invoke(cli_app, ["feeds", "import", str(opml), "--db", db])
    assert res.exit_code == 0 and "1 of 2 feed(s)" in res.stdout
    res = runner.invoke(cli_app, ["feeds", "export", "--db", db])
    assert 'xmlUrl="http://127.0.0.1:9/a.xml"' in res.stdout and 'xmlUrl="http://127.0.0.1:9/b.xml"' in res.stdout
    res = runner.invoke(cli_app, ["feeds", "remove", "A", "--db", db])
    assert res.exit_code == 0
    res = runner.invoke(cli_app, ["feeds", "list", "--db", db, "--json"])
    assert [f["name"] for f in json.loads(res.stdout)["feeds"]] == ["B"]
    res = runner.invoke(cli_app, ["feeds", "add", "file:///etc/passwd", "--db", db])
    assert res.exit_code != 0


def settings_for(tmp: Path, **over: Any) -> Settings:
    values: dict[str, Any] = {"db": str(tmp / "edge.db"), "fetch_private_addresses": True, "fetch_per_host_rate": 50.0,
                              "fetch_retries": 0, "fetch_read_timeout": 2.0, "fetch_total_timeout": 4.0,
                              "allowed_hosts": "testserver"}
    return load_settings(**(values | over))


def test_claims_and_conflicts_from_stored_views_journaled_once(world: dict[str, Any]) -> None:
    from lagebild.watch.changes import detect_changes, term_articles

    store = world["store"]
    story = fs.changes(store)[-1]["story_id"]  # the first story journaled
    view = {"claims": [{"id": "c1", "source": "Sprecher", "source_key": "sprecher", "stance": "denial",
                        "text": "Es gab keinen Angriff.", "status": "conflict", "outlets": ["A", "B"]}],
            "conflicts": [{"kind": "number", "about": "Zahl der Toten", "values": ["3", "5"]}]}
    with store.transaction():
        store.execute("INSERT INTO story_views (story_id, version, data) VALUES (?,?,?) ON CONFLICT (story_id)"
                      " DO UPDATE SET data = excluded.data", (story, "test", json.dumps(view)))
    seqs = detect_changes(store)
    found = [c for c in fs.changes(store) if c["seq"] in seqs]
    assert sorted(c["kind"] for c in found) == ["claim", "conflict"]
    assert all(c["story_id"] == story for c in found)
    assert "3 vs 5" in next(c["title"] for c in found if c["kind"] == "conflict")
    assert detect_changes(store) == []  # seen: never journaled twice
    assert term_articles(store, {"kind": "word", "value": "und"})  # a word every German text has
    assert term_articles(store, {"kind": "entity", "value": "Xyzzy Quux"}) == set()
