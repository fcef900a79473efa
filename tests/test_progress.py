"""Progress counts articles: a bar on a terminal, periodic plain lines (and a last one) elsewhere."""

from __future__ import annotations

import io

from lagebild.progress import PLAIN_EVERY_SECONDS, Progress


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_when_not_a_terminal() -> None:
    out, clock = io.StringIO(), Clock()
    with Progress(500, label="ingest", stream=out, clock=clock) as progress:
        for _ in range(120):
            clock.now += 0.1  # 10 articles a second
            progress.advance()
    lines = out.getvalue().splitlines()
    assert lines[0] == "ingest: 100 von 500 Artikeln verarbeitet (10,0/s)"
    assert len(lines) == 2 and lines[-1] == "ingest: fertig: 120 Artikel in 12,0 s"
    assert len(lines) - 1 <= 12.0 / PLAIN_EVERY_SECONDS


def test_unknown_total_english_and_callback_form() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(None, unit="articles", lang="en", stream=out, clock=clock, every=5)
    with progress:
        for i in range(30):
            clock.now += 0.5
            progress(f"item {i}")  # the per-item callback the ingest takes
            if i == 20:
                progress.grow(40)
    lines = out.getvalue().splitlines()
    assert lines[0] == "10 articles processed (2.0/s)"
    assert "of 40 articles" in lines[2]
    assert lines[-1] == "done: 30 articles in 15.0 s"


def test_short_jobs_print_only_the_summary_and_stories_unit() -> None:
    out, clock = io.StringIO(), Clock()
    with Progress(3, unit="stories", stream=out, clock=clock, every=0.0) as progress:
        for _ in range(3):
            progress.advance()
    assert out.getvalue() == "fertig: 3 Themen in 0,0 s\n"


def test_terminal_bar() -> None:
    out = io.StringIO()
    with Progress(2, label="report", stream=out, tty=True) as progress:
        progress.advance()
        progress.advance()
    text = out.getvalue()
    assert "fertig: 2 Artikel" in text
