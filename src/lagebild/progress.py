"""Progress of long jobs, counted in what the user cares about (articles, stories), never silent.

``unit`` is "articles", "stories" or "files" (the catalogue has each in both languages).

On a terminal a rich bar ("ingest ━━━━━━ 120/500 Artikel 0:00:11"); otherwise (a log file, CI, a
pipe) one plain line every :data:`PLAIN_EVERY_SECONDS` and a last line at the end, so a 500-article
ingest is not 90 s without a sign of life. Texts come from the message catalogue (German by default).

    with Progress(total=None, unit="articles", label="ingest") as progress:
        for article in articles:
            ...
            progress.advance()
        # or pass ``progress`` where a ``Callable[[str], None]`` per finished item is expected

``total`` may be unknown at the start (:func:`estimate_items` counts the lines of a JSONL file,
the entries of a feed, the responses of a WARC without parsing them); :meth:`grow` raises it when
more work is found. When no item finishes for a while (the indexing after the last article: entity
linking, clustering, story views), a heartbeat still writes a plain line every
:data:`PLAIN_EVERY_SECONDS`, saying what is being done.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .i18n import format_number, t

#: Seconds between plain progress lines when the output is not a terminal.
PLAIN_EVERY_SECONDS = 10.0
#: Jobs shorter than this print no plain lines at all, only the final summary (a 3-file ingest).
QUIET_FIRST_SECONDS = 2.0
#: Heartbeats need at least this period (a zero period in a test must not spin).
HEARTBEAT_MIN_SECONDS = 1.0
#: Bytes read at a time when counting the items of a file.
COUNT_CHUNK = 1 << 20
#: What starts one item in a container file: JSONL lines are counted as lines.
ITEM_MARKERS = {".rss": (b"<item",), ".xml": (b"<item", b"<entry"), ".atom": (b"<entry",),
                ".warc": (b"WARC-Type: response",)}


def _count(path: Path) -> int:
    name = path.name.lower()
    opener: Any = gzip.open if name.endswith(".gz") else open
    suffix = Path(name[:-3] if name.endswith(".gz") else name).suffix
    markers = ITEM_MARKERS.get(suffix)
    if suffix not in (".jsonl", ".ndjson") and markers is None:
        return 1
    n, tail = 0, b""
    try:
        with opener(path, "rb") as fh:
            while chunk := fh.read(COUNT_CHUNK):
                if markers is None:
                    n += chunk.count(b"\n")
                    tail = chunk[-1:]
                    continue
                data = tail + chunk
                n += sum(data.count(m) for m in markers)
                keep = max(len(m) for m in markers) - 1
                tail = data[-keep:]
                n -= sum(tail.count(m) for m in markers)  # counted again with the next chunk
    except (OSError, EOFError, gzip.BadGzipFile):
        return 1
    if markers is None and tail not in (b"", b"\n"):
        n += 1  # a last line without a newline
    return max(n, 1)


def estimate_items(paths: Iterable[str | Path]) -> int:
    """About how many articles the files hold (blank JSONL lines count too): a total for the bar,
    raised with :meth:`Progress.grow` if the files hold more."""
    return sum(_count(Path(p)) for p in paths)


class Progress:
    """Counts finished items; shows a bar on a terminal, periodic plain lines elsewhere."""

    def __init__(self, total: int | None = None, *, unit: str = "articles", label: str = "", lang: str = "de",
                 stream: IO[str] | None = None, every: float = PLAIN_EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic, tty: bool | None = None, final: bool = True,
                 heartbeat: bool = True) -> None:
        self.total, self.done, self.unit, self.label, self.lang = total, 0, unit, label, lang
        self.stream = stream if stream is not None else sys.stderr
        self.every, self.clock, self.final = every, clock, final
        self.tty = self.stream.isatty() if tty is None else tty
        self.start = self.last_line = clock()
        self._bar: Any = None
        self._task: Any = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self.heartbeat = heartbeat and not self.tty and every >= HEARTBEAT_MIN_SECONDS

    # -- counting ---------------------------------------------------------------------------
    def __call__(self, item: str = "") -> None:
        """The per-item callback form (``progress(item)`` after each finished item)."""
        self.advance()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.total is not None and self.done > self.total:
            self.grow(self.done)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, total=self.total)
            return
        self._maybe_line(self.line)

    def _maybe_line(self, text: Callable[[], str]) -> None:
        with self._lock:
            now = self.clock()
            if now - self.last_line >= self.every and now - self.start >= QUIET_FIRST_SECONDS:
                self.last_line = now
                self._write(text())

    def grow(self, total: int) -> None:
        """Raise the expected total (more work found); never lowers it below what is done."""
        self.total = max(total, self.done)
        if self._bar is not None:
            self._bar.update(self._task, total=self.total)

    def _beating(self) -> None:
        while not self._stop.wait(self.every):
            self._maybe_line(self.waiting_line)

    # -- text -------------------------------------------------------------------------------
    def rate(self) -> float:
        elapsed = max(self.clock() - self.start, 1e-9)
        return self.done / elapsed

    def line(self) -> str:
        rate = format_number(round(self.rate(), 1), self.lang, 1)
        form = "of" if self.total is not None else "open"
        text = t(f"progress.{self.unit}.{form}", self.lang, done=self.done, total=self.total or 0, rate=rate)
        return f"{self.label}: {text}" if self.label else text

    def waiting_line(self) -> str:
        """What a heartbeat writes: the count, and that the work after the last item is running."""
        if self.total is not None and self.done < self.total:
            return self.line()
        text = t(f"progress.{self.unit}.after", self.lang, done=self.done)
        return f"{self.label}: {text}" if self.label else text

    def summary(self) -> str:
        seconds = format_number(round(self.clock() - self.start, 1), self.lang, 1)
        text = t(f"progress.{self.unit}.done", self.lang, done=self.done, seconds=seconds)
        return f"{self.label}: {text}" if self.label else text

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    # -- context ----------------------------------------------------------------------------
    def __enter__(self) -> Progress:
        if self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            unit = t(f"progress.{self.unit}.unit", self.lang)
            self._bar = Bar(TextColumn(f"[bold]{self.label}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn(unit), TimeElapsedColumn(), console=Console(file=self.stream),
                            transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total)
        elif self.heartbeat:
            self._beat = threading.Thread(target=self._beating, name="progress-heartbeat", daemon=True)
            self._beat.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=1.0)
            self._beat = None
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)
            self._bar = None
        if self.final and kind is None and (self.done or not self.tty):
            self._write(self.summary())


__all__ = ["PLAIN_EVERY_SECONDS", "Progress", "estimate_items"]
