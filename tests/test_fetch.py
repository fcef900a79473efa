"""The fetcher against a real HTTP server on loopback: conditional GET, errors, retries, timeouts,
redirect loops, robots.txt, size and decompression limits, charsets, per-host rate limit."""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lagebild.settings import Settings, load_settings
from lagebild.watch.decode import body_text
from lagebild.watch.fetch import Fetcher, FetchError, LogEntry
from lagebild.watch.urls import UrlError, canonical_url, check_address, parse_duration
from loopback_server import LoopbackServer, Route


def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **over: object) -> Settings:
    monkeypatch.chdir(tmp_path)
    values: dict[str, Any] = {"fetch_private_addresses": True, "fetch_per_host_rate": 100.0, "fetch_retries": 1,
                                 "fetch_read_timeout": 1.0, "fetch_connect_timeout": 1.0, "fetch_total_timeout": 3.0,
                                 "fetch_max_bytes": 2_000_000}
    values.update(over)
    return load_settings(**values)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return settings(tmp_path, monkeypatch)


def test_canonical_urls_drop_tracking_and_normalise() -> None:
    a = canonical_url("HTTPS://Example.COM:443/politik/artikel?utm_source=rss&id=7&fbclid=x&a=1#kommentare")
    assert a == "https://example.com/politik/artikel?a=1&id=7"
    assert canonical_url("/b?x=1", base="http://Host.de:8080/a/") == "http://host.de:8080/b?x=1"
    assert canonical_url("http://host.de") == "http://host.de/"
    for bad in ("ftp://host.de/x", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost"):
        with pytest.raises(UrlError):
            canonical_url(bad)
    assert parse_duration("15m") == 900 and parse_duration("2h") == 7200 and parse_duration(90) == 90


def test_private_addresses_refused_unless_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  server: LoopbackServer) -> None:
    server.routes["/a"] = Route(body=b"hi")
    with pytest.raises(UrlError, match="non-public"):
        check_address("http://127.0.0.1/", allow_private=False)
    with pytest.raises(UrlError, match="non-public"):
        check_address("http://[::1]/", allow_private=False)
    strict = settings(tmp_path, monkeypatch, fetch_private_addresses=False)
    with Fetcher(strict) as f, pytest.raises(FetchError, match="non-public"):
        f.get(server.url("/a"))
    assert not server.hits("/a")  # refused before any request went out


def test_ok_conditional_get_and_log(cfg: Settings, server: LoopbackServer) -> None:
    server.routes["/feed"] = Route(body=b"<rss/>", content_type="application/rss+xml", etag='"v1"')
    logs: list[LogEntry] = []
    with Fetcher(cfg, on_log=logs.append) as f:
        first = f.get(server.url("/feed"))
        assert first.status == 200 and first.body == b"<rss/>" and first.headers["etag"] == '"v1"'
        again = f.get(server.url("/feed"), etag='"v1"')
        assert again.not_modified and again.body == b""
    assert server.hits("/feed")[1].headers["if-none-match"] == '"v1"'
    assert server.hits("/feed")[0].headers["user-agent"] == cfg.fetch_user_agent
    page_logs = [e for e in logs if e.purpose == "page"]
    assert [e.status for e in page_logs] == [200, 304] and page_logs[0].bytes == 6 and page_logs[0].ms > 0
    assert [e.status for e in logs if e.purpose == "robots"] == [404]  # asked once, cached


@pytest.mark.parametrize(("status", "permanent", "tries"), [(404, True, 1), (410, True, 1), (500, False, 2)])
def test_error_statuses_and_retries(cfg: Settings, server: LoopbackServer, status: int, permanent: bool,
                                    tries: int) -> None:
    server.routes["/x"] = Route(status, b"err", "text/plain")
    with Fetcher(cfg) as f, pytest.raises(FetchError) as info:
        f.get(server.url("/x"))
    assert info.value.status == status and info.value.permanent is permanent
    assert len(server.hits("/x")) == tries  # 5xx retried (fetch_retries=1), 4xx not


def test_retry_recovers_after_transient_error(cfg: Settings, server: LoopbackServer) -> None:
    calls = iter([Route(503, b"busy", headers={"retry-after": "0"}), Route(body=b"ok")])
    server.routes["/flaky"] = lambda seen: next(calls)
    with Fetcher(cfg) as f:
        assert f.get(server.url("/flaky")).body == b"ok"


def test_slow_stalled_and_dripping_responses(cfg: Settings, server: LoopbackServer) -> None:
    server.routes["/slow"] = Route(body=b"late but fine", delay=0.5)
    server.routes["/stalled"] = Route(body=b"x" * 1000, stall=30)
    server.routes["/drip"] = Route(body=b"y" * 200, drip=0.05)
    with Fetcher(settings_of(cfg, fetch_retries=0)) as f:
        assert f.get(server.url("/slow")).body == b"late but fine"
        t0 = time.monotonic()
        with pytest.raises(FetchError, match="timeout"):
            f.get(server.url("/stalled"))
        assert time.monotonic() - t0 < 3
        t0 = time.monotonic()
        with pytest.raises(FetchError, match="not complete after"):
            f.get(server.url("/drip"))  # each byte within the read timeout, the whole far beyond the total
        assert time.monotonic() - t0 < 5


def settings_of(cfg: Settings, **over: object) -> Settings:
    return cfg.model_copy(update=over)


def test_redirects_followed_loops_and_chains_refused(cfg: Settings, server: LoopbackServer) -> None:
    server.routes["/old"] = Route(301, headers={"location": "/new"})
    server.routes["/new"] = Route(body=b"moved here")
    server.routes["/loop-a"] = Route(302, headers={"location": server.url("/loop-b")})
    server.routes["/loop-b"] = Route(302, headers={"location": "/loop-a"})
    for i in range(10):
        server.routes[f"/chain{i}"] = Route(302, headers={"location": f"/chain{i + 1}"})
    server.routes["/chain10"] = Route(body=b"end")
    with Fetcher(cfg) as f:
        resp = f.get(server.url("/old"))
        assert resp.body == b"moved here" and resp.url.endswith("/new")
        with pytest.raises(FetchError, match="redirect loop"):
            f.get(server.url("/loop-a"))
        with pytest.raises(FetchError, match="more than 5 redirects"):
            f.get(server.url("/chain0"))
    assert len(server.hits("/loop-a")) == 1 and len(server.hits("/loop-b")) == 1


def test_robots_disallow(cfg: Settings, server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.routes["/private/page"] = Route(body=b"secret")
    server.routes["/public/page"] = Route(body=b"open")
    with Fetcher(cfg) as f:
        assert f.get(server.url("/public/page")).body == b"open"
        with pytest.raises(FetchError, match="robots.txt") as info:
            f.get(server.url("/private/page"))
        assert info.value.permanent
    assert not server.hits("/private/page")
    assert len(server.hits("/robots.txt")) == 1


def test_robots_server_error_blocks_the_host(cfg: Settings, server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = Route(500, b"oops", "text/plain")
    server.routes["/page"] = Route(body=b"x")
    with Fetcher(settings_of(cfg, fetch_retries=0)) as f, pytest.raises(FetchError, match="robots.txt"):
        f.get(server.url("/page"))
    assert not server.hits("/page")


def test_gzip_bomb_and_huge_page_refused_while_streaming(cfg: Settings, server: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * 300_000_000, compresslevel=9)  # ~300 KB on the wire, 300 MB inflated
    server.routes["/bomb"] = Route(body=bomb, headers={"content-encoding": "gzip"})
    sent = {"bytes": 0}

    def hundred_mb() -> Iterator[bytes]:
        block = b"<p>" + b"Lorem ipsum dolor sit amet. " * 2340 + b"</p>\n"  # ~64 KB
        for _ in range(100_000_000 // len(block)):
            sent["bytes"] += len(block)
            yield block

    server.routes["/huge"] = Route(chunks=hundred_mb)
    server.routes["/announced"] = Route(body=b"z" * 3_000_000)
    logs: list[LogEntry] = []
    with Fetcher(cfg, on_log=logs.append) as f:
        with pytest.raises(FetchError, match="after decompression"):
            f.get(server.url("/bomb"))
        with pytest.raises(FetchError, match="larger than 2000000 bytes"):
            f.get(server.url("/huge"))
        with pytest.raises(FetchError, match="announced"):
            f.get(server.url("/announced"))
    huge = next(e for e in logs if e.url.endswith("/huge"))
    assert huge.bytes <= 2_000_000 + 65_536 and "larger" in (huge.error or "")
    assert sent["bytes"] < 20_000_000  # the server stopped long before 100 MB: nothing was buffered


def test_content_encodings(cfg: Settings, server: LoopbackServer) -> None:
    import brotli

    text = "Grüße aus Köln. ".encode() * 500
    server.routes["/gz"] = Route(body=gzip.compress(text), headers={"content-encoding": "gzip"})
    server.routes["/br"] = Route(body=brotli.compress(text), headers={"content-encoding": "br"})
    server.routes["/deflate"] = Route(body=zlib.compress(text), headers={"content-encoding": "deflate"})
    with Fetcher(cfg) as f:
        for path in ("/gz", "/br", "/deflate"):
            assert f.get(server.url(path)).body == text, path
    assert "br" in server.hits("/br")[0].headers["accept-encoding"]


def test_charsets_wrong_and_missing() -> None:
    de = "Bürgermeisterin äußert Zweifel – „Das ist falsch“"
    assert body_text(de.encode("utf-8"), "text/html; charset=iso-8859-1", "u")[0] == de  # declared wrongly
    text, warnings = body_text(de.encode("cp1252"), "text/html", "u")  # no charset anywhere
    assert text == de and warnings
    latin = '<html><head><meta charset="iso-8859-15"></head><body>Bürgermeisterin äußert Zweifel: 5 €</body></html>'
    assert body_text(latin.encode("iso-8859-15"), "text/html", "u")[0] == latin
    assert body_text(de.encode("cp1252"), "text/html; charset=windows-1252", "u")[0] == de


def test_per_host_rate_limit_and_concurrency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             server: LoopbackServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    server.routes["*"] = Route(body=b"ok")
    server.routes["/robots.txt"] = Route(404, b"", "text/plain")
    cfg = settings(tmp_path, monkeypatch, fetch_per_host_rate=10.0, fetch_per_host_concurrency=2)
    with Fetcher(cfg) as f, ThreadPoolExecutor(8) as pool:
        f.get(server.url("/warm-up"))  # first request pays lazy imports; measure the steady state
        list(pool.map(lambda i: f.get(server.url(f"/p{i}")), range(12)))
    starts = sorted(r.at for r in server.requests if r.path.startswith("/p"))
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) > 0.07  # 10 requests/s: starts 0.1 s apart (minus scheduling jitter)
    # any one-second window: 10 starts, 11 when network jitter moves an arrival a few ms earlier
    assert max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts) <= 11
    assert (len(starts) - 1) / (starts[-1] - starts[0]) <= 10.5
