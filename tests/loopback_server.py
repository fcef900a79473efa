"""A real HTTP server on loopback for the fetcher and watcher tests (and the watch bench).

Routes map a path to a :class:`Route` (status, headers, body, delays, stalls, generated bodies)
or to a callable returning one; every request is recorded with its arrival time and headers.
Nothing here ever talks to an outside address.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

FUNDUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "fundus_testdata_de_at_ch"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answers 304 to a matching If-None-Match
    delay: float = 0.0  # seconds before the status line
    stall: float = 0.0  # seconds to hang after sending half the body
    drip: float = 0.0  # seconds between single bytes of the body
    chunks: Callable[[], Iterator[bytes]] | None = None  # generated body, no Content-Length
    length: bool = True  # send Content-Length


@dataclass
class Seen:
    at: float
    method: str
    path: str
    host: str
    headers: dict[str, str]
    body: bytes = b""


class LoopbackServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route | Callable[[Seen], Route]] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                server.handle(self, "POST")

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits(self, path: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        length = int(h.headers.get("content-length") or 0)
        seen = Seen(time.monotonic(), method, h.path, self.host, {k.lower(): v for k, v in h.headers.items()},
                    h.rfile.read(length) if length else b"")
        with self.lock:
            self.requests.append(seen)
        spec = self.routes.get(h.path.split("?", 1)[0])
        if spec is None:
            spec = self.routes.get("*", Route(404, b"not found", "text/plain"))
        route = spec(seen) if callable(spec) else spec
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(h, route, seen)

    def _answer(self, h: BaseHTTPRequestHandler, route: Route, seen: Seen) -> None:
        if route.delay and self.closing.wait(route.delay):
            return
        if route.etag and seen.headers.get("if-none-match") == route.etag:
            h.send_response(304)
            h.send_header("etag", route.etag)
            h.end_headers()
            return
        h.send_response(route.status)
        h.send_header("content-type", route.content_type)
        if route.etag:
            h.send_header("etag", route.etag)
        for k, v in route.headers.items():
            h.send_header(k, v)
        if route.chunks is None and route.length:
            h.send_header("content-length", str(len(route.body)))
        h.end_headers()
        if route.chunks is not None:
            for chunk in route.chunks():
                if self.closing.is_set():
                    return
                h.wfile.write(chunk)
            return
        if route.stall:
            h.wfile.write(route.body[: len(route.body) // 2])
            h.wfile.flush()
            self.closing.wait(route.stall)
            return
        if route.drip:
            for i in range(len(route.body)):
                h.wfile.write(route.body[i:i + 1])
                h.wfile.flush()
                if self.closing.wait(route.drip):
                    return
            return
        h.wfile.write(route.body)


# -- content --------------------------------------------------------------------------------------
def fundus_pages(limit: int | None = None) -> list[tuple[str, bytes]]:
    """(name, HTML bytes) of the Fundus regression pages, German publishers first; [] when absent."""
    if not FUNDUS.is_dir():
        return []
    files = sorted(FUNDUS.glob("de/*.html.gz")) + sorted(FUNDUS.glob("at/*.html.gz")) + sorted(FUNDUS.glob("ch/*.html.gz"))
    out = [(p.name[: -len(".html.gz")], gzip.decompress(p.read_bytes())) for p in files]
    return out[:limit] if limit else out


def rss(items: list[dict[str, str]], title: str = "Testfeed – Politik") -> bytes:
    """An RSS 2.0 feed: each item has link, title and optionally description / pubDate / guid."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<rss version="2.0"><channel>',
             f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>test</description>"]
    for it in items:
        parts.append("<item>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in it.items()) + "</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def news_sitemap(items: list[dict[str, str]]) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
             ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for it in items:
        parts.append(f"<url><loc>{escape(it['link'])}</loc><news:news><news:publication><news:name>Testblatt"
                     "</news:name><news:language>de</news:language></news:publication>"
                     f"<news:publication_date>{it.get('date', '2024-05-03T10:00:00+02:00')}</news:publication_date>"
                     f"<news:title>{escape(it.get('title', ''))}</news:title></news:news></url>")
    parts.append("</urlset>")
    return "\n".join(parts).encode("utf-8")


def article_html(title: str, paragraphs: list[str], date: str = "2024-05-03T10:00:00+02:00",
                 links: list[str] | None = None, charset: str = "utf-8") -> str:
    """A simple news page (title, date meta, paragraphs, optional links to other pages)."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    more = "".join(f'<li><a href="{escape(u)}">Mehr</a></li>' for u in links or [])
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="{charset}"><title>{escape(title)}</title>'
            f'<meta property="article:published_time" content="{date}">'
            f'<meta property="og:site_name" content="Testblatt"></head><body><article><h1>{escape(title)}</h1>'
            f"{body}</article><aside><ul>{more}</ul></aside></body></html>")
