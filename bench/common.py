"""Shared helpers for benchmarks: data location, timing, tables."""

from __future__ import annotations

import csv
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


def need(path: Path) -> Path:
    if not path.exists():
        print(f"skipped: {path} is not there (benchmarks read ../shared/data)")
        sys.exit(0)
    return path


def gnad_texts(limit: int | None = None) -> list[str]:
    """The 1,028 10kGNAD test articles (label;'text', single-quoted CSV)."""
    path = need(SHARED_DATA / "10kgnad_test" / "test.csv")
    csv.field_size_limit(10**8)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'") if len(row) >= 2]
    return rows[:limit] if limit else rows


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[f"{c:.2f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def wait_up(base: str, timeout: float = 120) -> None:
    """Block until the lagebild server at ``base`` answers ``/api/status`` (bench and scripts
    start it as a subprocess)."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/status", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not start")
