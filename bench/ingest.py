"""Ingest throughput: 10kGNAD text files and fundus HTML pages into a fresh store, with a plain
trafilatura.extract loop over the same HTML pages as the baseline, in the same run.

Run: .venv/bin/python bench/ingest.py   (or `make bench`)
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lagebild.app.ingest import build_pipeline, ingest  # noqa: E402
from lagebild.settings import load_settings  # noqa: E402
from lagebild.store.sqlite import SQLiteStore  # noqa: E402

from common import SHARED_DATA, gnad_texts, need, peak_rss_mb, table  # noqa: E402


def run_ingest(paths: list[Path], db: Path, annotate: bool) -> tuple[float, int]:
    cfg = load_settings(db=str(db))
    store = SQLiteStore(db)
    t0 = time.perf_counter()
    report = ingest(paths, store, cfg, pipeline=build_pipeline(cfg, annotate=annotate))
    elapsed = time.perf_counter() - t0
    store.close()
    return elapsed, report.new + report.folded


def main() -> None:
    texts = gnad_texts()
    pages = sorted(need(SHARED_DATA / "fundus_testdata_de_at_ch").glob("*/*.html.gz"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tdir = Path(tmp) / "gnad"
        tdir.mkdir()
        for i, text in enumerate(texts):
            (tdir / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        for annotate in (False, True):
            sec, n = run_ingest([tdir], Path(tmp) / f"gnad{annotate}.db", annotate)
            rows.append([f"10kGNAD text, {'full pipeline' if annotate else 'ingest only (no annotate)'}",
                         n, sec, n / sec, ""])
        for annotate in (False, True):
            sec, n = run_ingest(pages, Path(tmp) / f"html{annotate}.db", annotate)
            rows.append([f"fundus HTML, {'full pipeline' if annotate else 'ingest only (no annotate)'}",
                         n, sec, n / sec, ""])
    import trafilatura

    htmls = [gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace") for p in pages]
    t0 = time.perf_counter()
    done = sum(1 for h in htmls if trafilatura.extract(h) is not None)
    base = time.perf_counter() - t0
    rows.append(["baseline: trafilatura.extract loop (in memory)", done, base, done / base, ""])
    html_only = rows[2]
    html_only[4] = f"{html_only[3] / (done / base):.2f}x baseline"
    rows[3][4] = f"{rows[3][3] / (done / base):.2f}x baseline"
    print(table(["path", "articles", "seconds", "articles/s", "ratio"], rows))
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
