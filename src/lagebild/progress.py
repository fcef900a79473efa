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

``total`` may be unknown at the start (a JSONL file counts its lines as it goes); :meth:`grow`
raises it when more work is found.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any

from .i18n import format_number, t

#: Seconds between plain progress lines when the output is not a terminal.
PLAIN_EVERY_SECONDS = 10.0
#: Jobs shorter than this print no plain lines at all, only the final summary (a 3-file ingest).
QUIET_FIRST_SECONDS = 2.0


class Progress:
    """Counts finished items; shows a bar on a terminal, periodic plain lines elsewhere."""

    def __init__(self, total: int | None = None, *, unit: str = "articles", label: str = "", lang: str = "de",
                 stream: IO[str] | None = None, every: float = PLAIN_EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic, tty: bool | None = None, final: bool = True) -> None:
        self.total, self.done, self.unit, self.label, self.lang = total, 0, unit, label, lang
        self.stream = stream if stream is not None else sys.stderr
        self.every, self.clock, self.final = every, clock, final
        self.tty = self.stream.isatty() if tty is None else tty
        self.start = self.last_line = clock()
        self._bar: Any = None
        self._task: Any = None

    # -- counting ---------------------------------------------------------------------------
    def __call__(self, item: str = "") -> None:
        """The per-item callback form (``progress(item)`` after each finished item)."""
        self.advance()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, total=self.total)
            return
        now = self.clock()
        if now - self.last_line >= self.every and now - self.start >= QUIET_FIRST_SECONDS:
            self.last_line = now
            self._write(self.line())

    def grow(self, total: int) -> None:
        """Raise the expected total (more work found); never lowers it below what is done."""
        self.total = max(total, self.done)
        if self._bar is not None:
            self._bar.update(self._task, total=self.total)

    # -- text -------------------------------------------------------------------------------
    def rate(self) -> float:
        elapsed = max(self.clock() - self.start, 1e-9)
        return self.done / elapsed

    def line(self) -> str:
        rate = format_number(round(self.rate(), 1), self.lang, 1)
        form = "of" if self.total is not None else "open"
        text = t(f"progress.{self.unit}.{form}", self.lang, done=self.done, total=self.total or 0, rate=rate)
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
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)
            self._bar = None
        if self.final and kind is None and (self.done or not self.tty):
            self._write(self.summary())


__all__ = ["PLAIN_EVERY_SECONDS", "Progress"]
