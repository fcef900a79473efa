"""Store functions of live monitoring (lagebild.store.feeds) on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from lagebild.errors import NotFoundError
from lagebild.store import feeds as fs


def test_feed_lifecycle_and_claims(any_store: Any) -> None:
    st = any_store
    feed = fs.add_feed(st, "http://127.0.0.1:1/feed.xml", every_seconds=900, name="Test", outlet="Testblatt")
    assert feed["id"] >= 1 and feed["kind"] == "auto" and feed["errors"] == 0
    again = fs.add_feed(st, "http://127.0.0.1:1/feed.xml", every_seconds=60)  # re-subscribing updates
    assert again["id"] == feed["id"] and again["every_seconds"] == 60 and again["name"] == "Test"
    assert fs.get_feed(st, "Test")["id"] == feed["id"] == fs.get_feed(st, str(feed["id"]))["id"]
    assert [f["id"] for f in fs.due_feeds(st)] == [feed["id"]]
    assert fs.claim_feed(st, feed["id"], 300) is True
    assert fs.claim_feed(st, feed["id"], 300) is False  # a second watcher does not poll it too
    assert fs.due_feeds(st) == []
    fs.feed_polled(st, feed["id"], status=500, error="HTTP status 500", next_in=120)
    fs.feed_polled(st, feed["id"], status=500, error="HTTP status 500", next_in=120)
    row = fs.get_feed(st, feed["id"])
    assert row["errors"] == 2 and row["last_error"] == "HTTP status 500"
    fs.feed_polled(st, feed["id"], status=200, error=None, next_in=0.0, etag='"e"', title="T", kind="feed",
                   new_items=3)
    row = fs.get_feed(st, feed["id"])
    assert (row["errors"], row["etag"], row["kind"], row["n_items"], row["last_error"]) == (0, '"e"', "feed", 3, None)
    time.sleep(0.01)
    assert fs.next_due_in(st) == 0.0
    fs.feed_polled(st, feed["id"], status=410, error="gone (410)", next_in=None)
    assert fs.next_due_in(st) is None and fs.due_feeds(st) == []
    fs.remove_feed(st, feed["id"])
    with pytest.raises(NotFoundError):
        fs.get_feed(st, feed["id"])


def test_items_once_and_retry_state(any_store: Any) -> None:
    st = any_store
    items = [{"url": f"http://h/a{i}", "link": f"http://h/a{i}?utm_source=x", "title": f"A{i}", "entry": {"body": "b"}}
             for i in range(3)]
    assert fs.add_items(st, 1, items) == 3
    assert fs.add_items(st, 2, items[:2] + [{"url": "http://h/a9", "link": "http://h/a9"}]) == 1
    pending = fs.pending_items(st)
    assert [p["url"] for p in pending] == ["http://h/a0", "http://h/a1", "http://h/a2", "http://h/a9"]
    assert pending[0]["entry"] == {"body": "b"} and pending[0]["feed_id"] == 1
    fs.item_failed(st, "http://h/a1", "timeout", retry_in=3600)
    fs.item_failed(st, "http://h/a2", "gone (410)", retry_in=None)
    fs.items_done(st, [("http://h/a0", "art0", None), ("http://h/a9", None, "too little text")])
    assert fs.pending_items(st) == []
    assert fs.item_counts(st) == {"new": 1, "failed": 1, "stored": 1, "skipped": 1}


def test_fetch_log_watchlists_and_journal(any_store: Any) -> None:
    st = any_store
    fs.log_fetches(st, [{"feed_id": 1, "purpose": "feed", "url": "http://h/f", "host": "h", "status": 200,
                         "bytes": 10, "ms": 1.5, "error": None},
                        {"feed_id": None, "purpose": "robots", "url": "http://h/robots.txt", "host": "h",
                         "status": None, "bytes": 0, "ms": 3.0, "error": "timeout"}])
    assert [r["purpose"] for r in fs.fetch_log(st)] == ["robots", "feed"]
    assert [r["status"] for r in fs.fetch_log(st, feed_id=1)] == [200]
    fs.prune_fetch_log(st, keep=1)
    assert len(fs.fetch_log(st)) == 1
    w = fs.add_watchlist(st, "nahost", [{"kind": "word", "value": "Gaza"}], "http://127.0.0.1:9/hook")
    assert w["terms"] == [{"kind": "word", "value": "Gaza"}] and w["delivered_seq"] == 0
    seqs = fs.record_changes(st, [{"kind": "story", "action": "new", "story_id": "s1", "ref": "s1", "title": "New"},
                                  {"kind": "event", "action": "new", "story_id": "s2", "ref": "e1", "title": "Ev",
                                   "detail": {"n": 1}}], [("story", "s1", "1")], {1: [w["id"]]})
    assert len(seqs) == 2 and seqs[1] > seqs[0]
    assert fs.seen_versions(st, "story") == {"s1": "1"}
    assert [c["ref"] for c in fs.changes(st)] == ["e1", "s1"]
    assert [c["ref"] for c in fs.changes(st, list_id=w["id"])] == ["e1"]
    assert [c["ref"] for c in fs.changes(st, story_ids=["s1"])] == ["s1"]
    assert fs.changes(st, after_seq=seqs[1]) == []
    assert fs.changes(st, since="9999") == []
    fs.set_delivered(st, w["id"], seqs[1])
    assert fs.watchlists(st)[0]["delivered_seq"] == seqs[1]
    fs.set_state(st, "baseline", True)
    assert fs.get_state(st, "baseline") is True
    fs.remove_watchlist(st, "nahost")
    with pytest.raises(NotFoundError):
        fs.remove_watchlist(st, "nahost")


def test_watch_cycle_on_postgres(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One real watch cycle against a loopback feed with the store on PostgreSQL."""
    from lagebild.settings import load_settings
    from lagebild.store.base import open_store
    from lagebild.watch import Watcher
    from lagebild.watch.changes import detect_changes
    from loopback_server import LoopbackServer, Route, article_html, rss

    monkeypatch.chdir(tmp_path)
    paras = ["Im Hafen von Rostock haben am Montag {n} Beschäftigte für höhere Löhne gestreikt.",
             "Die Gewerkschaft kündigte weitere Warnstreiks an, falls kein Angebot vorgelegt werde.",
             "Der Betreiber sprach von erheblichen Verzögerungen bei der Abfertigung der Fähren."]
    with LoopbackServer() as srv:
        srv.routes["/a"] = Route(body=article_html("Streik im Hafen", [p.format(n=300) for p in paras]).encode())
        srv.routes["/b"] = Route(body=article_html("Hafen bestreikt", [p.format(n=310) for p in paras[:1]] +
                                                   ["Auch am Dienstag blieben viele Kräne stehen."] * 2).encode())
        srv.routes["/feed"] = Route(body=rss([{"link": srv.url("/a"), "title": "A"}, {"link": srv.url("/b"), "title": "B"}]),
                                    content_type="application/rss+xml")
        cfg = load_settings(db=pg_url, fetch_private_addresses=True, fetch_per_host_rate=50.0, fetch_retries=0)
        with open_store(pg_url) as st, Watcher(st, cfg) as watcher:
            fs.add_feed(st, srv.url("/feed"), every_seconds=600)
            report = watcher.run_once()
            assert (report.feeds, report.pages, report.new + report.folded) == (1, 2, 2)
            assert fs.item_counts(st) == {"stored": 2}
            assert [c["kind"] for c in fs.changes(st)].count("story") >= 1
            assert detect_changes(st) == []
            assert watcher.run_once().pages == 0
