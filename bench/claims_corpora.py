"""The corpora the claim-relation and timeline label sets were drawn from, as input files for
``lagebild ingest`` (nothing from ../shared is written into the repository).

    .venv/bin/python bench/claims_corpora.py OUT_DIR

writes ``OUT_DIR/wikinews.jsonl`` (the 998 German Wikinews articles of SpkAtt-2023, text rebuilt
from tokens, title and date from the file name, outlet "wikinews") and ``OUT_DIR/gnad.jsonl``
(10kGNAD test, derStandard, undated) and prints the ingest commands for all five corpora:
seeds, the demo corpus, Fundus pages (``*/*.html.gz``), Wikinews and 10kGNAD. Each corpus goes into
its own store so that stories never mix corpora. The label files name articles by their ``source``
(path or JSONL id), so the stores can be rebuilt with any version of the code.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _story_corpora import SHARED_DATA, wikinews_de  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GNAD = SHARED_DATA / "10kgnad_test" / "test.csv"
FUNDUS = SHARED_DATA / "fundus_testdata_de_at_ch"
SEEDS = ROOT.parent / "shared" / "seeds"
DEMO = ROOT / "examples" / "corpus"


def write_wikinews(path: Path) -> int:
    docs = wikinews_de()
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            a = d.article
            fh.write(json.dumps({"id": d.name, "title": a.title, "text": a.text,
                                 "published": a.published.value if a.published else None,
                                 "outlet": "wikinews", "language": "de"}, ensure_ascii=False) + "\n")
    return len(docs)


def write_gnad(path: Path) -> int:
    csv.field_size_limit(10**8)
    n = 0
    with GNAD.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as fh:
        for k, row in enumerate(csv.reader(src, delimiter=";", quotechar="'")):
            if len(row) < 2:
                continue
            fh.write(json.dumps({"id": f"gnad-{k:04d}", "text": row[1], "outlet": "derStandard",
                                 "language": "de"}, ensure_ascii=False) + "\n")
            n += 1
    return n


def corpora(out: Path) -> dict[str, list[str]]:
    """Corpus name -> the paths ``lagebild ingest`` reads."""
    return {
        "seeds": [str(SEEDS)],
        "demo": [str(DEMO)],
        "fundus": sorted(str(p) for p in FUNDUS.glob("*/*.html.gz")),
        "wikinews": [str(out / "wikinews.jsonl")],
        "gnad": [str(out / "gnad.jsonl")],
    }


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    print(f"wikinews: {write_wikinews(out / 'wikinews.jsonl')} articles, "
          f"10kGNAD: {write_gnad(out / 'gnad.jsonl')} articles")
    for name, paths in corpora(out).items():
        shown = paths if len(paths) < 4 else [str(FUNDUS / "*/*.html.gz")]
        print(f"OMP_NUM_THREADS=1 .venv/bin/lagebild ingest {' '.join(shown)} --db {out / name}.db")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
