"""The watcher: poll due feeds, fetch the pages they announce, hand them to the pipeline, record
what changed. ``run_once`` is one cycle; ``run_forever`` sleeps until the next feed is due.

Network work runs on a thread pool (the fetcher's per-host limits apply across it); everything
that touches the store runs in the watcher's own thread. Every step is committed as it finishes,
so a watcher killed at any moment resumes where it stopped: feeds claimed but not polled are due
again after their lease, items announced but not stored are still ``new``, and the ingest
skips pages it already stored (same source, same content).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import InputError
from ..ingest.dates import parse_date_string
from ..model import Article, Rejection, Source, bytes_hash
from ..store import feeds as fs
from ..store.base import Store
from .changes import detect_changes
from .decode import body_text
from .fetch import Fetcher, FetchError, LogEntry
from .ingest import Ingester
from .listing import Entry, parse_listing
from .urls import UrlError, canonical_url

log = logging.getLogger("lagebild.watch")

#: Seconds a claimed feed stays reserved for the watcher polling it; a watcher killed mid-poll
#: leaves it due again after this long.
LEASE_SECONDS = 120.0
#: A failing feed waits every * 2^errors, capped here (a day), before the next try.
MAX_BACKOFF_SECONDS = 86_400.0
#: An item whose page fails transiently is retried after ITEM_RETRY_SECONDS * 2^attempts ...
ITEM_RETRY_SECONDS = 60.0
#: ... at most this many times; then its feed text is used if it has any, else it is given up.
MAX_ITEM_ATTEMPTS = 5
#: Feed entries shorter than this (characters of HTML) are teasers, not a usable fallback article.
MIN_FALLBACK_CHARS = 400
ACCEPT_FEED = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
               " application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.5, */*;q=0.1")
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "")


@dataclass
class CycleReport:
    feeds: int = 0
    not_modified: int = 0
    feed_errors: int = 0
    announced: int = 0
    pages: int = 0
    page_errors: int = 0
    new: int = 0
    folded: int = 0
    unchanged: int = 0
    rejected: int = 0
    changes: int = 0
    seconds: float = 0.0
    fetch_cpu: float = 0.0
    process_cpu: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Watcher:
    def __init__(self, store: Store, cfg: Any) -> None:
        self.store, self.cfg = store, cfg
        self.logs: list[LogEntry] = []
        self.lock = threading.Lock()
        self.fetcher = Fetcher(cfg, on_log=self._on_log)
        self.ingester = Ingester(store, cfg)
        self.pool = ThreadPoolExecutor(max(1, cfg.watch_workers), thread_name_prefix="lagebild-fetch")
        self.cpu = 0.0  # fetch threads' CPU seconds, summed

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _on_log(self, entry: LogEntry) -> None:
        with self.lock:
            self.logs.append(entry)

    def _flush_logs(self) -> None:
        with self.lock:
            entries, self.logs = self.logs, []
        fs.log_fetches(self.store, [{"feed_id": e.feed_id, "purpose": e.purpose, "url": e.url, "host": e.host,
                                     "status": e.status, "bytes": e.bytes, "ms": round(e.ms, 1),
                                     "error": e.error} for e in entries])

    def _timed(self, fn: Any, *args: Any) -> Any:
        t0 = time.thread_time()
        try:
            return fn(*args)
        finally:
            with self.lock:
                self.cpu += time.thread_time() - t0

    # -- one cycle -------------------------------------------------------------------------------
    def run_once(self) -> CycleReport:
        report = CycleReport()
        t0, cpu0, proc0 = time.monotonic(), self.cpu, time.thread_time()
        detect_changes(self.store, baseline_only=True)  # first run on an existing store: no flood
        self.poll_feeds(report)
        self.process_items(report)
        report.changes = len(detect_changes(self.store, fetcher=self.fetcher))
        self._flush_logs()
        fs.prune_fetch_log(self.store)
        report.seconds = time.monotonic() - t0
        report.fetch_cpu = self.cpu - cpu0
        report.process_cpu = time.thread_time() - proc0
        return report

    def run_forever(self, stop: threading.Event, max_sleep: float = 60.0,
                    on_cycle: Any = None) -> None:
        while not stop.is_set():
            try:
                report = self.run_once()
                if on_cycle is not None:
                    on_cycle(report)
            except Exception:  # a broken cycle must not end monitoring; the next one retries
                log.exception("watch cycle failed")
            due = fs.next_due_in(self.store)
            pending = fs.pending_items(self.store, limit=1)
            wait = 1.0 if pending else min(max_sleep, due if due is not None else max_sleep)
            stop.wait(max(0.2, wait))

    # -- feeds ------------------------------------------------------------------------------------
    def poll_feeds(self, report: CycleReport) -> None:
        due = [f for f in fs.due_feeds(self.store) if fs.claim_feed(self.store, f["id"], LEASE_SECONDS)]
        report.feeds += len(due)
        futures = [(f, self.pool.submit(self._timed, self._fetch_feed, f)) for f in due]
        for feed, fut in futures:
            result = fut.result()
            if isinstance(result, FetchError):
                report.feed_errors += 1
                gone = result.status == 410
                backoff = min(feed["every_seconds"] * 2 ** min(feed["errors"] + 1, 16), MAX_BACKOFF_SECONDS)
                fs.feed_polled(self.store, feed["id"], status=result.status, error=result.reason,
                               next_in=None if gone else backoff)
                continue
            if result.not_modified:
                report.not_modified += 1
                fs.feed_polled(self.store, feed["id"], status=304, error=None, next_in=feed["every_seconds"])
                continue
            self._feed_body(feed, result, report)

    def _fetch_feed(self, feed: dict[str, Any]) -> Any:
        try:
            return self.fetcher.get(feed["url"], purpose="feed", feed_id=feed["id"], etag=feed["etag"],
                                    last_modified=feed["last_modified"], accept=ACCEPT_FEED)
        except FetchError as exc:
            return exc

    def _feed_body(self, feed: dict[str, Any], resp: Any, report: CycleReport) -> None:
        try:
            listing = parse_listing(resp.body, resp.url, resp.content_type, feed["kind"])
        except InputError as exc:
            report.feed_errors += 1
            fs.feed_polled(self.store, feed["id"], status=resp.status, error=exc.reason,
                           next_in=min(feed["every_seconds"] * 2 ** min(feed["errors"] + 1, 16), MAX_BACKOFF_SECONDS))
            return
        new = 0
        if listing.kind == "page":  # a plain article subscription: the poll is the page fetch
            self._ingest([self._page_article(feed["url"], resp, feed, Entry(link=feed["url"]))], report)
        else:
            items = []
            for entry in listing.entries:
                try:
                    url = canonical_url(entry.link, base=resp.url)
                except UrlError:
                    continue
                items.append({"url": url, "link": entry.link, "title": entry.title, "published": entry.published,
                              "entry": entry.to_dict()})
            new = fs.add_items(self.store, feed["id"], items)
            report.announced += new
        fs.feed_polled(self.store, feed["id"], status=resp.status,
                       error=None, next_in=feed["every_seconds"], etag=resp.headers.get("etag"),
                       last_modified=resp.headers.get("last-modified"), title=listing.title, kind=listing.kind,
                       new_items=new)

    # -- pages ------------------------------------------------------------------------------------
    def process_items(self, report: CycleReport, limit: int = 100_000) -> None:
        """Fetch and ingest every pending item, ``commit_every`` pages per batch (one transaction each),
        polling feeds that fall due between batches."""
        done = 0
        while done < limit:
            if done:  # a long backlog must not starve the feeds: poll those that fell due meanwhile
                self.poll_feeds(report)
            items = fs.pending_items(self.store, limit=max(1, self.cfg.commit_every))
            if not items:
                return
            done += len(items)
            feeds = {f["id"]: f for f in fs.list_feeds(self.store)}
            futures = [(it, self.pool.submit(self._timed, self._fetch_page, it)) for it in items]
            articles: list[Article | Rejection] = []
            for item, fut in futures:
                result = fut.result()
                report.pages += 1
                if isinstance(result, FetchError):
                    report.page_errors += 1
                    fallback = self._failed(item, result, feeds.get(item["feed_id"]))
                    if fallback is not None:
                        articles.append(fallback)
                    continue
                articles.append(self._page_article(item["url"], result, feeds.get(item["feed_id"]),
                                                   _entry(item)))
            self._ingest(articles, report)
            self._flush_logs()

    def _fetch_page(self, item: dict[str, Any]) -> Any:
        try:
            return self.fetcher.get(item["url"], purpose="page", feed_id=item["feed_id"], accept=ACCEPT_PAGE)
        except FetchError as exc:
            return exc

    def _failed(self, item: dict[str, Any], exc: FetchError, feed: dict[str, Any] | None) -> Article | None:
        attempts = item["attempts"] + 1
        if not exc.permanent and attempts < MAX_ITEM_ATTEMPTS:
            fs.item_failed(self.store, item["url"], exc.reason, ITEM_RETRY_SECONDS * 2 ** item["attempts"])
            return None
        entry = _entry(item)
        if len(entry.body) >= MIN_FALLBACK_CHARS:  # the feed carried the text: use it
            src = Source(source=item["url"], kind="feed", item_hash=bytes_hash(entry.body.encode()), url=item["url"],
                         outlet=_outlet(feed, entry), title=entry.title, published=_date(entry.published),
                         warnings=[f"page not fetched ({exc.reason}): text from the feed entry"])
            return Article(source=src, raw=entry.body, raw_kind="fragment", title=entry.title,
                           outlet=_outlet(feed, entry), url=item["url"], published=_date(entry.published))
        fs.item_failed(self.store, item["url"], exc.reason, None)
        return None

    def _page_article(self, url: str, resp: Any, feed: dict[str, Any] | None, entry: Entry) -> Article | Rejection:
        ctype = resp.content_type.split(";")[0].strip().lower()
        if ctype not in HTML_TYPES and not ctype.startswith("text/"):
            return Rejection(url, f"not an article page (content type {ctype})", "UnsupportedInputError")
        try:
            text, warnings = body_text(resp.body, resp.content_type, url, max_control_ratio=self.cfg.max_binary_ratio,
                                       max_replacement_ratio=self.cfg.max_replacement_ratio)
        except InputError as exc:
            return Rejection(url, exc.reason, type(exc).__name__)
        kind = "text" if ctype == "text/plain" else "html"
        src = Source(source=url, kind=kind, item_hash=bytes_hash(resp.body), url=url, outlet=_outlet(feed, entry),
                     title=entry.title, published=_date(entry.published), warnings=warnings)
        return Article(source=src, raw=text, raw_kind=kind, url=url, outlet=(feed or {}).get("outlet"))

    def _ingest(self, articles: list[Article | Rejection], report: CycleReport) -> None:
        if not articles:
            return
        out = self.ingester.ingest_articles(articles)
        report.new += out.report.new
        report.folded += out.report.folded
        report.unchanged += out.report.unchanged
        report.rejected += len(out.rejected)
        names = [a.source if isinstance(a, Rejection) else a.source.source for a in articles]
        fs.items_done(self.store, [(n, out.article_of.get(n), out.rejected.get(n)) for n in names])


def _entry(item: dict[str, Any]) -> Entry:
    e = item.get("entry") or {}
    return Entry(link=item["link"], title=e.get("title") or item.get("title"), published=e.get("published"),
                 body=e.get("body") or "", language=e.get("language"), outlet=e.get("outlet"))


def _outlet(feed: dict[str, Any] | None, entry: Entry) -> str | None:
    return (feed or {}).get("outlet") or entry.outlet


def _date(value: str | None) -> Any:
    return parse_date_string(value) if value else None
