"""Pages per second of :func:`lagebild.ingest.html.extract_html` next to plain ``trafilatura.extract``.

Both loops run over the same Fundus pages (``../shared/data/fundus_testdata_de_at_ch/``, 99
real German-language news pages, decompressed in memory beforehand) in the same process, one
after the other, ``ROUNDS`` times each; the best round counts (least disturbed by other work on
the machine). The baseline is ``trafilatura.extract(html, url=url)`` with default options:
body text only, the way most pipelines call it.

Run: ``.venv/bin/python bench/ingest_html_speed.py [rounds]``
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from fundus_eval import DATA, load_pages  # noqa: E402
from lagebild.errors import InputError  # noqa: E402
from lagebild.ingest.html import extract_html  # noqa: E402

#: Rounds per method; the fastest round is reported.
ROUNDS = 3


def _time(fn: Callable[[str, str | None], object], pages: list[tuple[str, str | None]]) -> float:
    t0 = time.perf_counter()
    for html, url in pages:
        fn(html, url)
    return time.perf_counter() - t0


def _ours(html: str, url: str | None) -> object:
    try:
        return extract_html(html, url, source="bench")
    except InputError:
        return None


def _baseline(html: str, url: str | None) -> object:
    return trafilatura.extract(html, url=url)


def main() -> None:
    if not DATA.exists():
        sys.exit(f"no data at {DATA}")
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS
    pages = [(p.html, p.url) for p in load_pages()]
    mb = sum(len(h.encode("utf-8")) for h, _ in pages) / 1e6
    _time(_ours, pages[:5])  # warm-up: imports, caches
    _time(_baseline, pages[:5])
    best = {"extract_html": float("inf"), "trafilatura.extract": float("inf")}
    for _ in range(rounds):
        best["extract_html"] = min(best["extract_html"], _time(_ours, pages))
        best["trafilatura.extract"] = min(best["trafilatura.extract"], _time(_baseline, pages))
    base = best["trafilatura.extract"]
    print(f"{len(pages)} pages, {mb:.1f} MB HTML, best of {rounds} rounds")
    print(f"{'method':22s} {'seconds':>8s} {'pages/s':>8s} {'ms/page':>8s} {'speed ratio':>12s}")
    for name, secs in best.items():
        print(f"{name:22s} {secs:8.2f} {len(pages) / secs:8.1f} {1000 * secs / len(pages):8.1f} "
              f"{base / secs:11.2f}x")


if __name__ == "__main__":
    main()
