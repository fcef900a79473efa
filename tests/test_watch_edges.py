"""The watcher with hostile and broken sources on loopback: malformed and gone feeds, failing and
forbidden pages (with and without feed text to fall back on), pages linking to each other, wrong
charsets, a gzip bomb as an article, a watched article page that changes, private addresses."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lagebild.settings import load_settings
from lagebild.store import feeds as fs
from lagebild.store.base import open_store
from lagebild.watch import Watcher
from loopback_server import LoopbackServer, Route, article_html, rss

#: Invented reports, one topic each, long enough to pass the minimum text length.
TOPICS = {
    "hafen": ["Im Hamburger Hafen haben am Dienstag rund {n} Beschäftigte die Arbeit niedergelegt.",
              "Die Gewerkschaft fordert höhere Löhne und bessere Schichtpläne für die Hafenarbeiter.",
              "Ein Sprecher des Betreibers sagte, man sei zu Gesprächen bereit, lehne die Forderung aber ab.",
              "Mehrere Containerschiffe mussten vor der Elbmündung auf ihre Abfertigung warten."],
    "bahn": ["Zwischen Köln und Düsseldorf fielen am Morgen {n} Regionalzüge wegen einer Stellwerksstörung aus.",
             "Pendler mussten auf Busse ausweichen, die Wartezeiten betrugen teils über eine Stunde.",
             "Die Bahn kündigte an, die Störung bis zum Nachmittag zu beheben.",
             "Der Fahrgastverband kritisierte die mangelhafte Information an den Bahnsteigen."],
    "wahl": ["Bei der Bürgermeisterwahl in Kassel haben {n} Prozent der Wahlberechtigten ihre Stimme abgegeben.",
             "Die Amtsinhaberin äußerte sich zufrieden und sprach von einem klaren Auftrag.",
             "Ihr Herausforderer räumte die Niederlage am Abend ein und gratulierte.",
             "Die neue Amtszeit beginnt im kommenden Frühjahr und dauert sechs Jahre."],
    "sturm": ["Ein Sturmtief hat in der Nacht an der Nordseeküste {n} Bäume entwurzelt.",
              "Auf den Inseln fiel stundenlang der Fährverkehr aus, Urlauber saßen fest.",
              "Der Wetterdienst warnt für den Abend vor weiteren Orkanböen im Binnenland.",
              "Feuerwehren rückten zu Hunderten Einsätzen aus, verletzt wurde niemand."],
}


def page(topic: str, n: int, links: list[str] | None = None, charset: str = "utf-8") -> str:
    return article_html(f"Bericht {topic} {n}", [s.format(n=n) for s in TOPICS[topic]], links=links,
                        charset=charset)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("edges")
    with LoopbackServer() as srv:
        srv.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /intern/\n", content_type="text/plain")
        cfg = load_settings(db=str(tmp / "edges.db"), fetch_private_addresses=True, fetch_per_host_rate=50.0,
                            fetch_retries=0, fetch_read_timeout=2.0, fetch_total_timeout=4.0,
                            fetch_max_bytes=1_000_000)
        store = open_store(cfg.db)
        with Watcher(store, cfg) as watcher:
            yield {"srv": srv, "cfg": cfg, "store": store, "watcher": watcher, "tmp": tmp}
        store.close()


def subscribe(env: dict[str, Any], path: str, **kw: Any) -> dict[str, Any]:
    return fs.add_feed(env["store"], env["srv"].url(path), every_seconds=600, **kw)


def test_broken_gone_and_failing_feeds(env: dict[str, Any]) -> None:
    srv, store = env["srv"], env["store"]
    srv.routes["/broken.xml"] = Route(body=b"<rss><channel><title>x</title><item><link>", content_type="application/rss+xml")
    srv.routes["/gone.xml"] = Route(410, b"gone", "text/plain")
    srv.routes["/down.xml"] = Route(500, b"down", "text/plain")
    sloppy = rss([{"link": srv.url("/s/1"), "title": "A & B"}]).replace(b"A &amp; B", b"A & B")  # not well-formed
    srv.routes["/sloppy.xml"] = Route(body=sloppy, content_type="application/rss+xml")
    srv.routes["/s/1"] = Route(body=page("hafen", 1).encode())
    feeds = {p: subscribe(env, p)["id"] for p in ("/broken.xml", "/gone.xml", "/down.xml", "/sloppy.xml")}
    report = env["watcher"].run_once()
    assert report.feed_errors == 3 and report.new == 1
    state = {p: fs.get_feed(store, i) for p, i in feeds.items()}
    assert "no entries" in state["/broken.xml"]["last_error"] and state["/broken.xml"]["errors"] == 1
    assert state["/gone.xml"]["next_due"].startswith("9999") and state["/gone.xml"]["last_status"] == 410
    assert state["/down.xml"]["last_status"] == 500 and state["/down.xml"]["next_due"] > store.now()
    assert state["/sloppy.xml"]["last_error"] is None and state["/sloppy.xml"]["n_items"] == 1
    for i in feeds.values():
        fs.remove_feed(store, i)


def test_failed_and_forbidden_pages_fall_back_to_feed_text(env: dict[str, Any]) -> None:
    srv, store = env["srv"], env["store"]
    long_text = " ".join(s.format(n=7) for s in TOPICS["bahn"]) * 2
    items = [{"link": srv.url("/missing-with-text"), "title": "Bahn", "description": long_text},
             {"link": srv.url("/missing-teaser"), "title": "Teaser", "description": "Kurz."},
             {"link": srv.url("/intern/geheim"), "title": "Intern", "description": "Nur ein Anriss."}]
    srv.routes["/fallback.xml"] = Route(body=rss(items), content_type="application/rss+xml")
    subscribe(env, "/fallback.xml")
    report = env["watcher"].run_once()
    assert report.page_errors == 3 and report.new == 1
    assert not srv.hits("/intern/geheim")  # robots.txt: never requested
    rows = {r["url"].rsplit("/", 1)[-1]: r for r in store.execute("SELECT * FROM watch_items").fetchall()}
    assert rows["missing-with-text"]["state"] == "stored"
    assert rows["missing-teaser"]["state"] == "failed" and "404" in rows["missing-teaser"]["last_error"]
    assert rows["geheim"]["state"] == "failed" and "robots" in rows["geheim"]["last_error"]
    src = store.sources_of(rows["missing-with-text"]["article_id"])[0]
    assert src["kind"] == "feed" and any("text from the feed entry" in w for w in src["warnings"])


def test_pages_linking_each_other_fetched_once_no_crawl(env: dict[str, Any]) -> None:
    srv = env["srv"]
    urls = [srv.url(f"/ring/{i}") for i in range(3)]
    for i in range(3):
        others = [u for u in urls if u != urls[i]] + [srv.url("/ring/not-in-feed")]
        srv.routes[f"/ring/{i}"] = Route(body=page("wahl", 40 + i, links=others).encode())
    entries = [{"link": u, "title": f"R{i}"} for i, u in enumerate(urls)] + [{"link": urls[0] + "#kommentare", "title": "R0"}]
    srv.routes["/ring.xml"] = Route(body=rss(entries), content_type="application/rss+xml")
    subscribe(env, "/ring.xml")
    report = env["watcher"].run_once()
    assert report.announced == 3 and report.pages == 3
    assert [len(srv.hits(f"/ring/{i}")) for i in range(3)] == [1, 1, 1]
    assert not srv.hits("/ring/not-in-feed")


def test_charsets_and_gzip_bomb_page(env: dict[str, Any]) -> None:
    srv, store = env["srv"], env["store"]
    wrong = page("bahn", 11, charset="utf-8").encode("cp1252")  # says UTF-8, is Windows-1252
    srv.routes["/cs/wrong"] = Route(body=wrong, content_type="text/html; charset=utf-8")
    missing = page("hafen", 12).replace('<meta charset="utf-8">', "").encode("cp1252")
    srv.routes["/cs/missing"] = Route(body=missing, content_type="text/html")
    srv.routes["/cs/bomb"] = Route(body=gzip.compress(b"<p>" + b"a" * 200_000_000), headers={"content-encoding": "gzip"})
    srv.routes["/cs.xml"] = Route(body=rss([{"link": srv.url(p), "title": p} for p in ("/cs/wrong", "/cs/missing", "/cs/bomb")]),
                                  content_type="application/rss+xml")
    subscribe(env, "/cs.xml")
    env["watcher"].run_once()
    rows = {r["url"].rsplit("/", 1)[-1]: r for r in store.execute("SELECT * FROM watch_items WHERE url LIKE '%/cs/%'")}
    assert rows["bomb"]["state"] == "failed" and "decompression" in rows["bomb"]["last_error"]
    for name, word in (("wrong", "Düsseldorf"), ("missing", "Schichtpläne")):
        assert rows[name]["state"] == "stored", rows[name]
        assert word in store.get_article(rows[name]["article_id"]).text


def test_watched_article_page_updates_in_place(env: dict[str, Any]) -> None:
    srv, store, watcher = env["srv"], env["store"], env["watcher"]
    srv.routes["/live/ticker"] = Route(body=page("sturm", 50).encode(), etag='"a"')
    feed = subscribe(env, "/live/ticker", kind="page")
    watcher.run_once()
    url = srv.url("/live/ticker")
    first = fs.article_of_source(store, url)
    assert first and "50 Bäume" in store.get_article(first).text
    fs.feed_polled(store, feed["id"], status=200, error=None, next_in=0.0)
    assert watcher.run_once().not_modified == 1  # ETag: nothing re-read
    # the ticker rewritten (a small edit would fold into the stored version as a near duplicate)
    update = article_html("Ticker", [s.format(n=51) for s in TOPICS["sturm"][:1] + TOPICS["bahn"][1:]])
    srv.routes["/live/ticker"] = Route(body=update.encode(), etag='"b"')
    fs.feed_polled(store, feed["id"], status=200, error=None, next_in=0.0)
    watcher.run_once()
    second = fs.article_of_source(store, url)
    assert second != first and "51 Bäume" in store.get_article(second).text
    assert store.execute("SELECT count(*) FROM sources WHERE source = ?", (url,)).fetchone()[0] == 1
    assert not store.has_article(first)  # the old version is replaced, not kept beside the new one


def test_private_addresses_need_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with LoopbackServer() as srv:
        srv.routes["/feed.xml"] = Route(body=rss([]), content_type="application/rss+xml")
        cfg = load_settings(db=str(tmp_path / "p.db"))  # default: private addresses off
        with open_store(cfg.db) as store, Watcher(store, cfg) as watcher:
            feed = fs.add_feed(store, srv.url("/feed.xml"), every_seconds=60)
            assert watcher.run_once().feed_errors == 1
            assert "non-public" in fs.get_feed(store, feed["id"])["last_error"]
            assert not srv.requests
            assert "non-public" in (fs.fetch_log(store)[0]["error"] or "")  # refusals show in the fetch log
