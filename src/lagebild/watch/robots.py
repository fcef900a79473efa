"""robots.txt per host, cached: fetched through the fetcher (so it is logged and rate-limited).

RFC 9309: a missing robots.txt (4xx) allows everything; a server error or an unreachable host
means "disallow everything for now" (retried after :data:`RETRY_SECONDS`). A ``Crawl-delay`` for
our user agent widens the host's spacing between requests.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

if TYPE_CHECKING:
    from .fetch import Fetcher

#: How long a fetched robots.txt is trusted.
CACHE_SECONDS = 3600.0
#: How long an unreachable robots.txt blocks the host before it is asked again.
RETRY_SECONDS = 300.0
#: robots.txt bodies above this are cut (RFC 9309 requires parsing at least 500 KiB).
MAX_ROBOTS_BYTES = 512_000
#: A Crawl-delay above this is capped: a site asking for hours between requests is polled rarely anyway.
MAX_CRAWL_DELAY = 60.0


class RobotsCache:
    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.lock = threading.Lock()
        self.host_locks: dict[str, threading.Lock] = {}
        self.rules: dict[str, tuple[float, RobotFileParser | None, bool]] = {}  # host -> (until, parser, allow_all)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        with self.lock:
            host_lock = self.host_locks.setdefault(host, threading.Lock())
        with host_lock:  # one robots.txt request per host, the others wait for its answer
            until, parser, allow_all = self.rules.get(host, (0.0, None, False))
            if time.monotonic() >= until:
                until, parser, allow_all = self._load(parts.scheme, host)
                self.rules[host] = (until, parser, allow_all)
        if parser is None:
            return allow_all
        return parser.can_fetch(self.fetcher.cfg.fetch_user_agent, url)

    def _load(self, scheme: str, host: str) -> tuple[float, RobotFileParser | None, bool]:
        from .fetch import FetchError

        robots_url = urlunsplit((scheme, host, "/robots.txt", "", ""))
        now = time.monotonic()
        try:
            resp = self.fetcher.fetch_robots(robots_url)
        except FetchError as exc:
            if exc.permanent and exc.status is not None and 400 <= exc.status < 500:
                return now + CACHE_SECONDS, None, True
            return now + RETRY_SECONDS, None, False
        if 400 <= resp.status < 500 or resp.status in (301, 302, 303, 307, 308):
            return now + CACHE_SECONDS, None, True  # no robots.txt (redirects off-host are not followed)
        if resp.status >= 500:
            return now + RETRY_SECONDS, None, False
        parser = RobotFileParser(robots_url)
        parser.parse(resp.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.fetcher.cfg.fetch_user_agent)
        if delay:
            self.fetcher.gate.set_delay(host, min(float(delay), MAX_CRAWL_DELAY))
        return now + CACHE_SECONDS, parser, True
