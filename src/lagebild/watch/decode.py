"""Response bodies: content-encoding (gzip, deflate, brotli) with an output limit, and charsets.

Decompression is incremental and every step is bounded, so a gzip bomb (a few KB that inflate to
gigabytes) costs at most ``limit`` bytes of memory before it is refused.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterator
from typing import Protocol

from ..errors import TooLargeInputError
from ..sources.decode import check_binary, decode_bytes

#: Largest piece inflated per step; small enough that the limit check runs often.
STEP_BYTES = 65536
#: Bytes at the start of a page searched for a declared charset (HTML meta, XML declaration).
SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


class Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...
    def finish(self) -> bytes: ...


class Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def finish(self) -> bytes:
        return b""


class Inflate:
    """gzip (``wbits=31``) or deflate (zlib-wrapped, or raw as some servers send it)."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self.obj = zlib.decompressobj(31 if gzip else 15)
        self.first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.first and not self.gzip and data:
            self.first = False
            if (data[0] & 0x0F) != 8:  # not a zlib header: raw deflate
                self.obj = zlib.decompressobj(-15)
        while data:
            yield self.obj.decompress(data, STEP_BYTES)
            data = self.obj.unconsumed_tail

    def finish(self) -> bytes:
        return self.obj.flush()


class Brotli:
    def __init__(self) -> None:
        import brotli

        self.obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield self.obj.process(data, output_buffer_limit=STEP_BYTES)
        while not self.obj.can_accept_more_data():
            yield self.obj.process(b"", output_buffer_limit=STEP_BYTES)

    def finish(self) -> bytes:
        return b""


def decoder_for(content_encoding: str | None) -> Decoder:
    enc = (content_encoding or "identity").strip().lower()
    if enc in ("", "identity", "none"):
        return Identity()
    if enc in ("gzip", "x-gzip"):
        return Inflate(gzip=True)
    if enc == "deflate":
        return Inflate(gzip=False)
    if enc == "br":
        return Brotli()
    raise ValueError(f"unsupported content-encoding {enc!r}")


def accept_encoding() -> str:
    try:
        import brotli  # noqa: F401
    except ImportError:
        return "gzip, deflate"
    return "gzip, deflate, br"


class BoundedDecoder:
    """Feeds raw chunks through a decoder, refusing more than ``limit`` decoded bytes."""

    def __init__(self, content_encoding: str | None, limit: int, source: str) -> None:
        self.inner = decoder_for(content_encoding)
        self.limit, self.source = limit, source
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLargeInputError(self.source, f"body larger than {self.limit} bytes after decompression"
                                                  " (setting fetch_max_bytes)")
        self.parts.append(data)

    def feed(self, raw: bytes) -> None:
        for piece in self.inner.feed(raw):  # each piece at most STEP_BYTES: checked as it comes
            self._add(piece)

    def finish(self) -> bytes:
        self._add(self.inner.finish())
        return b"".join(self.parts)


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the header, an HTML meta tag or the XML declaration names (a known codec), else None."""
    found = []
    m = _HEADER_CHARSET.search(content_type or "")
    if m:
        found.append(m.group(1))
    head = body[:SNIFF_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        mm = pattern.search(head)
        if mm:
            found.append(mm.group(1).decode("ascii", "replace"))
    for name in found:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def body_text(body: bytes, content_type: str | None, source: str, *, max_control_ratio: float = 0.05,
              max_replacement_ratio: float = 0.01) -> tuple[str, list[str]]:
    """Decode a page. Valid UTF-8 wins (servers often declare Latin-1 for UTF-8 pages); else the
    declared charset; else the sources' fallback (Windows-1252 with a warning). Returns (text, warnings)."""
    declared = declared_charset(body, content_type)
    warnings: list[str] = []
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii"):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            check_binary(body, source, max_control_ratio)
            try:
                return body.decode(declared).replace("\r\n", "\n"), warnings
            except (UnicodeDecodeError, LookupError):
                warnings.append(f"declared charset {declared} does not decode the page")
        else:
            if any(b > 0x7F for b in body[:SNIFF_BYTES * 16]):
                warnings.append(f"declared charset {declared}, but the page is UTF-8: read as UTF-8")
    text, more = decode_bytes(body, source, max_control_ratio=max_control_ratio,
                              max_replacement_ratio=max_replacement_ratio)
    return text, warnings + more
