"""Source readers: one per container format. Each yields Articles (raw, not yet processed)
or Rejections; a broken item never stops the others.

Readers never fetch anything: feeds are parsed from bytes, WARC records are read from the file.
"""

from __future__ import annotations

import calendar
import gzip
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedInputError, TooLargeInputError
from ..ingest.dates import parse_date_string
from ..model import Article, PubDate, Rejection, Source, bytes_hash
from .decode import check_binary, decode_bytes

Item = Article | Rejection

#: Alternative field names accepted in JSONL (news-please and common exports), ours first.
JSONL_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "uid"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "text": ("text", "maintext", "body", "content"),
    "published": ("published", "date_publish", "date", "pubdate"),
    "outlet": ("outlet", "source_domain", "source", "site"),
    "language": ("language", "lang"),
}
#: Separator between outlet and section in a feed title ("Outlet – Section", "Outlet | Politik").
FEED_TITLE_SECTION = re.compile(r"\s+[–—|:-]\s+")
#: WARC Content-Types that carry an article page.
WARC_HTML_TYPES = ("text/html", "application/xhtml+xml")


def reject(source: str, exc: InputError) -> Rejection:
    return Rejection(source=source, reason=exc.reason, error=type(exc).__name__)


def _too_large(path: Path, size: int, max_bytes: int, what: str = "file") -> TooLargeInputError:
    return TooLargeInputError(
        str(path), f"{what} too large: {size / 1e6:.1f} MB (limit {max_bytes / 1e6:.1f} MB, setting max_item_bytes)")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped for ``*.gz`` (except WARC); refuses more than ``max_bytes``."""
    size = path.stat().st_size
    if size > max_bytes:
        raise _too_large(path, size, max_bytes)
    data = path.read_bytes()
    if path.name.lower().endswith(".gz") and data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(max_bytes + 1)
        except (OSError, EOFError) as exc:
            raise MalformedInputError(str(path), f"broken gzip data: {exc}") from exc
        if len(data) > max_bytes:
            raise _too_large(path, len(data), max_bytes, "uncompressed file")
    return data


def _read_document(path: Path, cfg: Any, kind: str) -> Iterator[Item]:
    """One file, one article: plain text (``kind="text"``) or an HTML page (``kind="html"``)."""
    data = read_bytes(path, cfg.max_item_bytes)
    text, warnings = decode_bytes(data, str(path), max_control_ratio=cfg.max_binary_ratio,
                                  max_replacement_ratio=cfg.max_replacement_ratio)
    src = Source(source=str(path), kind=kind, item_hash=bytes_hash(data), warnings=warnings)
    yield Article(source=src, raw=text, raw_kind=kind)


def read_text_file(path: Path, cfg: Any) -> Iterator[Item]:
    return _read_document(path, cfg, "text")


def read_html_file(path: Path, cfg: Any) -> Iterator[Item]:
    return _read_document(path, cfg, "html")


def _struct_to_pubdate(value: Any) -> PubDate | None:
    if not value:
        return None
    when = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return PubDate.from_datetime(when.replace(tzinfo=None), "minute", "metadata")


def read_feed_file(path: Path, cfg: Any) -> Iterator[Item]:
    import feedparser  # parses bytes only: never let it fetch

    data = read_bytes(path, cfg.max_item_bytes)
    check_binary(data, str(path), cfg.max_binary_ratio)
    feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not feed.entries:
        why = getattr(feed, "bozo_exception", None)
        raise MalformedInputError(str(path), f"no feed entries found{f' ({why})' if why else ''}")
    outlet = outlet_name(feed.feed.get("title") or "") or None
    for i, entry in enumerate(feed.entries):
        key = entry.get("id") or entry.get("link") or str(i)
        source = f"{path}#{key}"
        contents = entry.get("content") or []
        body = contents[0].get("value", "") if contents else entry.get("summary", "")
        if not body.strip():
            broken = f" (feed is not well-formed: {feed.get('bozo_exception')})" if feed.bozo else ""
            yield Rejection(source, f"feed entry without text{broken}", "EmptyInputError")
            continue
        # The date string keeps the outlet's wall-clock time, like dates from pages and bylines;
        # feedparser's parsed struct is UTC and serves only when the string is unreadable.
        raw_date = entry.get("published") or entry.get("updated")
        published = (parse_date_string(raw_date) if raw_date else None) or _struct_to_pubdate(
            entry.get("published_parsed") or entry.get("updated_parsed"))
        src = Source(source=source, kind="feed", item_hash=bytes_hash(body.encode()),
                     url=entry.get("link"), outlet=outlet, title=entry.get("title"), published=published)
        if feed.bozo:
            src.warnings.append(f"feed is not well-formed: {feed.get('bozo_exception')}")
        yield Article(source=src, raw=body, raw_kind="fragment", title=entry.get("title"),
                      outlet=outlet, url=entry.get("link"), published=published)


def outlet_name(title: str) -> str:
    """"Küstenpost – Wirtschaft" → "Küstenpost": a feed title names the outlet before its section."""
    return FEED_TITLE_SECTION.split(title.strip(), maxsplit=1)[0].strip()


def _field(record: dict[str, Any], name: str) -> Any:
    for key in JSONL_FIELDS[name]:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def read_jsonl_file(path: Path, cfg: Any) -> Iterator[Item]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        head = fh.read(4096)
        check_binary(head, str(path), cfg.max_binary_ratio)
        fh.seek(0)
        for lineno, line in enumerate(fh, 1):
            source = f"{path}#L{lineno}"
            if not line.strip():
                continue
            try:
                yield _jsonl_record(line, source, cfg)
            except InputError as exc:
                yield reject(source, exc)


def _jsonl_record(line: bytes, source: str, cfg: Any) -> Article:
    if len(line) > cfg.max_item_bytes:
        raise TooLargeInputError(source, f"record too large: {len(line) / 1e6:.1f} MB")
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedInputError(source, f"not valid JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise MalformedInputError(source, "JSON record is not an object")
    text = _field(record, "text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedInputError(source, "record has no text (fields text/maintext)")
    rid = _field(record, "id")
    if rid is not None:
        source = f"{source.rsplit('#', 1)[0]}#{rid}"
    published = None
    raw_date = _field(record, "published")
    if raw_date:
        published = parse_date_string(str(raw_date), origin="metadata")
    src = Source(source=source, kind="jsonl", item_hash=bytes_hash(line.strip()),
                 url=_field(record, "url"), outlet=_field(record, "outlet"),
                 title=_field(record, "title"), published=published)
    if raw_date and published is None:
        src.warnings.append(f"unreadable publication date {raw_date!r}")
    lang = _field(record, "language")
    return Article(source=src, raw=text, raw_kind="text", title=src.title, outlet=src.outlet,
                   url=src.url, published=published, language=lang if isinstance(lang, str) else None)


def read_warc_file(path: Path, cfg: Any) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    with open(path, "rb") as fh:
        check_binary(fh.read(4) if not path.name.endswith(".gz") else b"", str(path), cfg.max_binary_ratio)
        fh.seek(0)
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if not ctype.startswith(WARC_HTML_TYPES):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"record{count}"
                source = f"{path}#{uri}"
                count += 1
                try:
                    body = record.content_stream().read(cfg.max_item_bytes + 1)
                    if len(body) > cfg.max_item_bytes:
                        raise TooLargeInputError(source, "WARC record larger than max_item_bytes")
                    charset = ctype.split("charset=")[-1].strip() if "charset=" in ctype else None
                    html = _decode_html(body, source, charset, cfg)
                except InputError as exc:
                    yield reject(source, exc)
                    continue
                src = Source(source=source, kind="warc", item_hash=bytes_hash(body), url=uri)
                yield Article(source=src, raw=html, raw_kind="html", url=uri)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield Rejection(str(path), f"broken or truncated WARC after {count} record(s): {exc}",
                            "MalformedInputError")


def _decode_html(body: bytes, source: str, charset: str | None, cfg: Any) -> str:
    if charset and charset.lower() not in ("utf-8", "utf8"):
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(body, source, max_control_ratio=cfg.max_binary_ratio,
                        max_replacement_ratio=cfg.max_replacement_ratio)[0]
