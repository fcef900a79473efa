"""Source readers: one per container format. Each yields Articles (raw, not yet processed)
or Rejections; a broken item never stops the others.

Readers never fetch anything: feeds are parsed from bytes, WARC records are read from the file.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedInputError, TooLargeInputError
from ..ingest.dates import parse_date_string
from ..ingest.limits import clean_field, printable
from ..model import Article, PubDate, Rejection, Source, bytes_hash
from .decode import BINARY_MAGIC, check_binary, decode_bytes, fix_surrogate_refs
from .stream import (
    EXPANSION_CHECK_BYTES,
    MAX_EXPANSION,
    LimitedStream,
    iter_lines,
    open_regular,
    read_limited,
)

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
#: A JSONL whose first this many records are all unreadable is no JSONL (binary data, another
#: format): the rest of it is refused as one, instead of one rejected row per line of garbage.
MAX_LEADING_BAD_LINES = 20


def reject(source: str, exc: InputError) -> Rejection:
    return Rejection(source=source, reason=exc.reason, error=type(exc).__name__)


def source_name(path: Path) -> str:
    """The item name of a file: its path, with undecodable bytes and controls escaped."""
    return printable(str(path))


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped for ``*.gz`` (except WARC); refuses more than ``max_bytes``
    (counted after decompression, while reading) and anything but a regular file."""
    return read_limited(path, source_name(path), max_bytes)


def _read_document(path: Path, cfg: Any, kind: str) -> Iterator[Item]:
    """One file, one article: plain text (``kind="text"``) or an HTML page (``kind="html"``)."""
    data = read_bytes(path, cfg.max_item_bytes)
    name = source_name(path)
    text, warnings = decode_bytes(data, name, max_control_ratio=cfg.max_binary_ratio,
                                  max_replacement_ratio=cfg.max_replacement_ratio)
    src = Source(source=name, kind=kind, item_hash=bytes_hash(data), warnings=warnings)
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
    name = source_name(path)
    check_binary(data, name, cfg.max_binary_ratio)
    data, refs = fix_surrogate_refs(data)
    try:
        feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser has no error contract; a feed it cannot parse is broken
        raise MalformedInputError(name, f"feed cannot be parsed ({type(exc).__name__}: {exc})") from exc
    if not feed.entries:
        why = getattr(feed, "bozo_exception", None)
        raise MalformedInputError(name, f"no feed entries found{f' ({why})' if why else ''}")
    outlet = outlet_name(feed.feed.get("title") or "") or None
    for i, entry in enumerate(feed.entries):
        key = entry.get("id") or entry.get("link") or str(i)
        source = f"{name}#{printable(str(key))}"
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
        if refs:
            src.warnings.append(f"feed: {refs} character reference(s) to surrogates replaced with U+FFFD")
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
    """One article per line. Each line stands alone: a broken line is rejected, the others are
    read; the whole file counts against ``max_container_bytes`` after decompression."""
    name = source_name(path)
    with open_regular(path, name) as fh:
        stream = LimitedStream(fh, name, cfg.max_container_bytes, gz=path.name.lower().endswith(".gz"),
                               setting="max_container_bytes", what="JSONL file")
        good = bad = 0
        for lineno, line in iter_lines(stream, cfg.max_item_bytes):
            source = f"{name}#L{lineno}"
            if lineno == 1 and line is not None and line.startswith(tuple(BINARY_MAGIC)):
                check_binary(line, name, cfg.max_binary_ratio)
            try:
                if line is None:
                    raise TooLargeInputError(source, f"record larger than {cfg.max_item_bytes / 1e6:.1f} MB "
                                                     "(setting max_item_bytes)")
                item = _jsonl_record(line, source, cfg)
                good += 1
                yield item
            except InputError as exc:
                bad += 1
                if not good and bad >= MAX_LEADING_BAD_LINES:
                    raise MalformedInputError(name, f"not JSONL: the first {bad} records are all unreadable "
                                              f"(last: {exc.reason})") from exc
                yield reject(source, exc)


def _jsonl_record(line: bytes, source: str, cfg: Any) -> Article:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedInputError(source, f"not valid JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise MalformedInputError(source, "JSON record is not an object")
    text = _field(record, "text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedInputError(source, "record has no text (fields text/maintext)")
    warnings: list[str] = []
    rid = clean_field(_field(record, "id"), "id", warnings)
    if rid is not None:
        source = f"{source.rsplit('#', 1)[0]}#{printable(rid)}"
    published = None
    raw_date = _field(record, "published")
    if raw_date:
        published = parse_date_string(str(raw_date)[:200], origin="metadata")
    src = Source(source=source, kind="jsonl", item_hash=bytes_hash(line.strip()),
                 url=clean_field(_field(record, "url"), "url", warnings),
                 outlet=clean_field(_field(record, "outlet"), "outlet", warnings),
                 title=clean_field(_field(record, "title"), "title", warnings), published=published,
                 warnings=warnings)
    if raw_date and published is None:
        src.warnings.append(f"unreadable publication date {raw_date!r}")
    lang = clean_field(_field(record, "language"), "language", warnings)
    return Article(source=src, raw=text, raw_kind="text", title=src.title, outlet=src.outlet,
                   url=src.url, published=published, language=lang)


def read_warc_file(path: Path, cfg: Any) -> Iterator[Item]:
    """Each HTML response record is an article. Record sizes are checked from their headers
    before a record is read: one larger than ``max_item_bytes`` is refused unread, and the file
    stops when the records add up to more than ``max_container_bytes`` (or expand like a bomb)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.recordloader import ArcWarcRecordLoader

    name = source_name(path)
    loader = ArcWarcRecordLoader()
    count = total = 0
    with open_regular(path, name) as fh:
        check_binary(fh.read(4) if not path.name.endswith(".gz") else b"", name, cfg.max_binary_ratio)
        fh.seek(0)
        try:
            # HTTP headers are parsed here, after the record's size is known (never unbounded)
            for record in ArchiveIterator(fh, no_record_parse=True):
                total += record.length or 0
                _check_warc_total(name, total, fh.tell(), path, cfg)
                if record.rec_type != "response":
                    continue
                uri = printable(record.rec_headers.get_header("WARC-Target-URI") or f"record{count}")
                source = f"{name}#{uri}"
                if (record.length or 0) > cfg.max_item_bytes:
                    count += 1
                    yield Rejection(source, f"WARC record too large: {record.length / 1e6:.1f} MB (limit "
                                    f"{cfg.max_item_bytes / 1e6:.1f} MB, setting max_item_bytes)",
                                    "TooLargeInputError")
                    continue
                record.http_headers = loader.load_http_headers(record.rec_type, uri, record.raw_stream,
                                                               record.length)
                if record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if not ctype.startswith(WARC_HTML_TYPES):
                    continue
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
            yield Rejection(name, f"broken or truncated WARC after {count} record(s): {exc}",
                            "MalformedInputError")


def _check_warc_total(name: str, total: int, consumed: int, path: Path, cfg: Any) -> None:
    if total > cfg.max_container_bytes:
        raise TooLargeInputError(name, f"WARC records add up to more than {cfg.max_container_bytes / 1e6:.1f} MB "
                                       "(setting max_container_bytes); the rest is not read")
    if (path.name.lower().endswith(".gz") and total > EXPANSION_CHECK_BYTES
            and total > MAX_EXPANSION * max(consumed, 1)):
        raise TooLargeInputError(name, f"WARC records expand more than {MAX_EXPANSION} times their "
                                       "compressed size: a decompression bomb, not web pages")


def _decode_html(body: bytes, source: str, charset: str | None, cfg: Any) -> str:
    if charset and charset.lower() not in ("utf-8", "utf8"):
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(body, source, max_control_ratio=cfg.max_binary_ratio,
                        max_replacement_ratio=cfg.max_replacement_ratio)[0]
