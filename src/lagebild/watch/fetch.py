"""The polite, robust HTTP fetcher (httpx): one instance per watcher, shared by its worker threads.

Per request: only http(s), the host's addresses checked (non-public ones need the setting
``fetch_private_addresses``), robots.txt obeyed, the per-host rate limit and concurrency waited
for, conditional GET, redirects followed by hand (each hop checked, loops and chains over
``fetch_max_redirects`` refused), the body streamed under a size limit on the wire and after
decompression, connect/read timeouts plus a total deadline (a server that drips one byte a second
is cut off too), retries with exponential backoff for transient failures. Every request, retries
and robots.txt included, becomes a :class:`LogEntry` passed to ``on_log``.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import httpx

from ..errors import InputError, LagebildError, TooLargeInputError
from .decode import BoundedDecoder, accept_encoding
from .robots import RobotsCache
from .urls import UrlError, check_address, host_key

#: Redirect statuses followed (with the Location header).
REDIRECTS = (301, 302, 303, 307, 308)
#: Statuses worth retrying: the server is overloaded or briefly broken.
TRANSIENT = (408, 425, 429, 500, 502, 503, 504)
#: First retry waits this long; each further retry doubles it (plus up to 50% jitter).
BACKOFF_SECONDS = 0.5
#: Request starts are spaced this much wider than 1/rate, so the server never sees more than ``rate``
#: requests in one second even when scheduling delays one request and not the next (loaded machines).
SPACING_MARGIN = 1.1
#: A Retry-After header asking for longer than this is capped (the next cycle retries anyway).
MAX_RETRY_AFTER = 30.0


class FetchError(LagebildError):
    """A URL could not be fetched. ``permanent``: retrying soon will not help (404, 410, robots,
    too large, not allowed); ``status`` is the HTTP status when there was one."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, permanent: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status, self.permanent = url, reason, status, permanent


@dataclass
class LogEntry:
    url: str
    purpose: str  # feed | page | robots | webhook
    status: int | None = None
    bytes: int = 0
    ms: float = 0.0
    error: str | None = None
    feed_id: int | None = None
    started: float = field(default_factory=time.time)

    @property
    def host(self) -> str:
        return host_key(self.url)


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class HostGate:
    """Per-host politeness: at most ``concurrency`` requests at once and request starts at least
    ``1 / rate`` seconds apart (longer when robots.txt asks for a Crawl-delay)."""

    def __init__(self, rate: float, concurrency: int) -> None:
        self.interval = SPACING_MARGIN / rate if rate > 0 else 0.0
        self.concurrency = max(1, concurrency)
        self.lock = threading.Lock()
        self.next_start: dict[str, float] = {}
        self.slots: dict[str, threading.Semaphore] = {}
        self.delays: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        with self.lock:
            self.delays[host] = seconds

    def acquire(self, host: str) -> None:
        with self.lock:
            sem = self.slots.setdefault(host, threading.Semaphore(self.concurrency))
        sem.acquire()
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start.get(host, 0.0))
            self.next_start[host] = start + max(self.interval, self.delays.get(host, 0.0))
        if start > now:
            time.sleep(start - now)

    def release(self, host: str) -> None:
        self.slots[host].release()


class Fetcher:
    def __init__(self, cfg: Any, on_log: Callable[[LogEntry], None] | None = None) -> None:
        self.cfg = cfg
        self.on_log = on_log or (lambda entry: None)
        self.gate = HostGate(cfg.fetch_per_host_rate, cfg.fetch_per_host_concurrency)
        self.client = httpx.Client(
            follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(cfg.fetch_read_timeout, connect=cfg.fetch_connect_timeout),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            headers={"user-agent": cfg.fetch_user_agent, "accept-encoding": accept_encoding()})
        self.robots = RobotsCache(self)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public -------------------------------------------------------------------------------
    def get(self, url: str, *, purpose: str = "page", feed_id: int | None = None, etag: str | None = None,
            last_modified: str | None = None, accept: str | None = None) -> Response:
        """GET ``url`` following redirects; 304 comes back as a Response (``not_modified``).
        Raises FetchError for everything that yields no usable body."""
        headers = {"accept": accept or "*/*"}
        if etag:
            headers["if-none-match"] = etag
        if last_modified:
            headers["if-modified-since"] = last_modified
        seen = [url]
        current = url
        for _hop in range(self.cfg.fetch_max_redirects + 1):
            self._allowed(current, purpose, feed_id)
            resp = self._with_retries("GET", current, headers, None, purpose, feed_id)
            if resp.status not in REDIRECTS:
                return self._final(resp)
            location = resp.headers.get("location")
            if not location:
                raise FetchError(current, f"redirect {resp.status} without a Location header", status=resp.status,
                                 permanent=True)
            current = urljoin(current, location.strip())
            if current in seen:
                raise FetchError(url, f"redirect loop ({' -> '.join(seen[-3:])} -> {current})",
                                 status=resp.status, permanent=True)
            seen.append(current)
        raise FetchError(url, f"more than {self.cfg.fetch_max_redirects} redirects (setting fetch_max_redirects)",
                         permanent=True)

    def post_json(self, url: str, payload: bytes, *, purpose: str = "webhook") -> Response:
        """POST a JSON body (webhooks); no redirects, no robots.txt (the user chose the address)."""
        self._allowed(url, purpose, robots=False)
        resp = self._with_retries("POST", url, {"content-type": "application/json"}, payload, purpose, None)
        return self._final(resp)

    def fetch_robots(self, url: str) -> Response:
        """robots.txt of ``url``'s host, without the robots check (used by :class:`RobotsCache`)."""
        self._allowed(url, "robots", robots=False)
        return self._with_retries("GET", url, {"accept": "text/plain"}, None, "robots", None)

    # -- internals ----------------------------------------------------------------------------
    def _allowed(self, url: str, purpose: str, feed_id: int | None = None, robots: bool = True) -> None:
        """Refuse (and log) what must not be requested: bad scheme or address, robots.txt."""
        try:
            check_address(url, self.cfg.fetch_private_addresses)
        except UrlError as exc:
            self.on_log(LogEntry(url, purpose, error=str(exc), feed_id=feed_id))
            raise FetchError(url, str(exc), permanent=True) from exc
        if robots and not self.robots.allowed(url):
            self.on_log(LogEntry(url, purpose, error="disallowed by robots.txt", feed_id=feed_id))
            raise FetchError(url, "disallowed by robots.txt", permanent=True)

    def _final(self, resp: Response) -> Response:
        if 200 <= resp.status < 300 or resp.status == 304:
            return resp
        permanent = resp.status not in TRANSIENT
        what = {404: "not found (404)", 410: "gone (410)"}.get(resp.status, f"HTTP status {resp.status}")
        raise FetchError(resp.url, what, status=resp.status, permanent=permanent)

    def _with_retries(self, method: str, url: str, headers: dict[str, str], body: bytes | None, purpose: str,
                      feed_id: int | None) -> Response:
        attempts = 1 + max(0, self.cfg.fetch_retries)
        for attempt in range(attempts):
            try:
                resp = self._request(method, url, headers, body, purpose, feed_id)
            except FetchError as exc:
                if exc.permanent or attempt == attempts - 1:
                    raise
                wait = BACKOFF_SECONDS * 2 ** attempt
            else:
                if resp.status not in TRANSIENT or attempt == attempts - 1:
                    return resp
                wait = _retry_after(resp.headers.get("retry-after")) or BACKOFF_SECONDS * 2 ** attempt
            time.sleep(min(wait, MAX_RETRY_AFTER) * (1 + random.random() / 2))  # noqa: S311 - jitter
        raise AssertionError("unreachable")

    def _request(self, method: str, url: str, headers: dict[str, str], body: bytes | None, purpose: str,
                 feed_id: int | None) -> Response:
        host = host_key(url)
        entry = LogEntry(url, purpose, feed_id=feed_id)
        self.gate.acquire(host)
        t0 = time.monotonic()
        deadline = t0 + self.cfg.fetch_total_timeout
        try:
            with self.client.stream(method, url, headers=headers, content=body) as r:
                entry.status = r.status_code
                resp = Response(str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()})
                if r.status_code in REDIRECTS or r.status_code == 304 or method == "HEAD":
                    return resp
                resp.body = self._read_body(r, url, deadline, entry)
                return resp
        except FetchError as exc:
            entry.error = exc.reason
            raise
        except TooLargeInputError as exc:
            entry.error = exc.reason
            raise FetchError(url, exc.reason, status=entry.status, permanent=True) from exc
        except InputError as exc:
            entry.error = exc.reason
            raise FetchError(url, exc.reason, status=entry.status, permanent=True) from exc
        except httpx.TimeoutException as exc:
            entry.error = f"timeout ({type(exc).__name__})"
            raise FetchError(url, entry.error) from exc
        except (httpx.HTTPError, OSError, ValueError) as exc:
            entry.error = f"{type(exc).__name__}: {exc}"[:300]
            raise FetchError(url, entry.error) from exc
        finally:
            entry.ms = (time.monotonic() - t0) * 1000
            self.gate.release(host)
            self.on_log(entry)

    def _read_body(self, r: httpx.Response, url: str, deadline: float, entry: LogEntry) -> bytes:
        limit = self.cfg.fetch_max_bytes
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"body of {int(declared)} bytes announced, limit {limit} (setting fetch_max_bytes)",
                             status=r.status_code, permanent=True)
        decoder = BoundedDecoder(r.headers.get("content-encoding"), limit, url)
        for chunk in r.iter_raw():  # as the bytes arrive (a chunk size would buffer, hiding the deadline)
            entry.bytes += len(chunk)
            if entry.bytes > limit:
                raise FetchError(url, f"body larger than {limit} bytes (setting fetch_max_bytes)",
                                 status=r.status_code, permanent=True)
            if time.monotonic() > deadline:
                raise FetchError(url, f"body not complete after {self.cfg.fetch_total_timeout:.0f} s"
                                      " (setting fetch_total_timeout)", status=r.status_code)
            decoder.feed(chunk)
        return decoder.finish()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
