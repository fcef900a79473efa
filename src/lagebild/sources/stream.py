"""Reading input files within limits that hold by construction.

Only regular files are opened (a FIFO, a device or a socket is refused before a byte is read, and
the check is made on the open descriptor, so swapping the file in between does not help); every
container is read as a stream that counts its bytes *after* decompression and stops at the limit;
gzip data that expands far beyond what text ever does is refused early as a decompression bomb.
"""

from __future__ import annotations

import gzip
import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import MalformedInputError, TooLargeInputError, UnsupportedInputError

#: Bytes read per step when streaming a container.
BLOCK_BYTES = 1 << 20
#: Text, JSON and HTML compress 2-10 times, a JSONL of nothing but one short article repeated
#: about 170 times; gzip's limit is about 1030 (long runs of one byte: padding, bombs). A stream
#: that has expanded more than this is refused ...
MAX_EXPANSION = 500
#: ... once this much has been decompressed (small files may expand oddly without harm).
EXPANSION_CHECK_BYTES = 64_000_000
_BLANK = b" \t\r\n\f\v"
_NOT_BLANK = re.compile(rb"[^ \t\r\n\f\v]")

FILE_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
              stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a directory"}


def file_kind(mode: int) -> str:
    return FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def open_regular(path: Path, source: str) -> BinaryIO:
    """The file opened for reading, if it is a regular file (symlinks followed); never blocks."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError as exc:
        raise UnsupportedInputError(source, "is a directory") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnsupportedInputError(source, f"not a regular file: {file_kind(mode)}")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class LimitedStream:
    """Bytes of one file, gunzipped when it starts with the gzip signature and ``gz`` is set,
    refusing more than ``limit`` bytes after decompression and decompression bombs."""

    def __init__(self, fh: BinaryIO, source: str, limit: int, *, gz: bool, setting: str,
                 what: str = "file") -> None:
        self.raw, self.source, self.limit, self.setting, self.what = fh, source, limit, setting, what
        self.count = 0
        head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
        self.gz = gz and head == b"\x1f\x8b"
        self._fh: BinaryIO = gzip.GzipFile(fileobj=fh) if self.gz else fh  # type: ignore[assignment]

    def read(self, size: int = BLOCK_BYTES) -> bytes:
        """Up to ``size`` bytes; everything up to the limit is returned before the limit raises."""
        allowed = self.limit - self.count
        try:
            data = self._fh.read(min(size, allowed) if allowed > 0 else 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise MalformedInputError(self.source, f"broken gzip data: {exc}") from exc
        if allowed <= 0 and data:
            raise TooLargeInputError(
                self.source, f"{'uncompressed ' if self.gz else ''}{self.what} larger than "
                f"{self.limit / 1e6:.1f} MB (setting {self.setting}); the rest is not read")
        self.count += len(data)
        if self.gz and self.count > EXPANSION_CHECK_BYTES and self.count > MAX_EXPANSION * self.raw.tell():
            raise TooLargeInputError(
                self.source, f"gzip data expands more than {MAX_EXPANSION} times "
                f"({self.raw.tell()} bytes to over {self.count}): a decompression bomb, not text")
        return data

    def read_all(self) -> bytes:
        """Everything, at most ``limit`` bytes (more raises)."""
        chunks = []
        while chunk := self.read(BLOCK_BYTES):
            chunks.append(chunk)
        return b"".join(chunks)


def read_limited(path: Path, source: str, limit: int, *, setting: str = "max_item_bytes") -> bytes:
    """The bytes of one regular file (gunzipped for ``*.gz``), at most ``limit`` of them."""
    with open_regular(path, source) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLargeInputError(source, f"file too large: {size / 1e6:.1f} MB "
                                             f"(limit {limit / 1e6:.1f} MB, setting {setting})")
        gz = path.name.lower().endswith(".gz")
        return LimitedStream(fh, source, limit, gz=gz, setting=setting).read_all()


Line = tuple[int, bytes | None]


def iter_lines(stream: LimitedStream, max_line: int) -> Iterator[Line]:
    """``(line number, bytes)`` of every non-blank line; ``(line number, None)`` for a line longer
    than ``max_line`` (its bytes are skipped, never held). Memory stays under one block plus
    ``max_line``; blank stretches are skipped block by block, not line by line."""
    lineno = 1  # number of the line that starts at ``pos``
    parts: list[bytes] = []  # the current line so far, when it spans blocks
    held = 0  # bytes in ``parts``
    overlong = False
    while block := stream.read(BLOCK_BYTES):
        pos = 0
        while pos < len(block):
            if not parts and not overlong and block[pos] in _BLANK:
                # at a line start: skip blank lines fast, counting their line breaks
                m = _NOT_BLANK.search(block, pos)
                stop = len(block) if m is None else block.rfind(b"\n", pos, m.start()) + 1
                lineno += block.count(b"\n", pos, stop)
                if m is None:
                    break
                pos = max(stop, pos)
            nl = block.find(b"\n", pos)
            end = len(block) if nl < 0 else nl
            if not overlong:
                held += end - pos
                if held > max_line:
                    overlong, parts = True, []
                else:
                    parts.append(block[pos:end])
            if nl < 0:
                break
            yield (lineno, None) if overlong else (lineno, b"".join(parts))
            lineno += 1
            parts, held, overlong = [], 0, False
            pos = nl + 1
    if overlong:
        yield lineno, None
    elif parts and b"".join(parts).strip():
        yield lineno, b"".join(parts)
