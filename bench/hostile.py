"""Hostile input (issue 19): every case of the hostile corpus through `lagebild ingest`, and one
article of growing size; exit status, stored/rejected, wall time and peak memory of each run.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/hostile.py [--cases] [--sizes]

Each run is its own `python -m lagebild.interfaces.cli ingest … --json` process; its peak resident
memory comes from the kernel (wait4), so model loading is included (the baseline rows show that
floor: one ordinary article). The corpus is generated into a temporary directory (tests/
hostile_corpus.py); the article sizes use real 10kGNAD text when ../shared/data is there.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_corpus import BODY, CASES, body  # noqa: E402

from common import SHARED_DATA, gnad_texts, table  # noqa: E402

#: A run taking longer than this is killed and reported as a timeout.
RUN_TIMEOUT = 1800
#: Figures measured before the limits (issue 19's report, same command): size → (seconds, GB).
BEFORE = {"2 MB": (36, 2.1), "5 MB": (86, 4.6), "19 MB": (384, 16.4)}
SIZES = [("baseline (3 kB)", 3_000, "txt"), ("100 kB", 100_000, "txt"), ("1 MB", 1_000_000, "txt"),
         ("5 MB", 5_000_000, "txt"), ("19 MB (max_item_bytes 20 MB)", 19_000_000, "txt"),
         ("19 MB HTML page", 19_000_000, "html")]


def run_ingest(inputs: list[str], db: Path, env_extra: dict[str, str] | None = None) -> dict[str, object]:
    """One CLI ingest: exit status, report, wall seconds, peak RSS of the process in MB."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", **(env_extra or {})}
    cmd = [sys.executable, "-m", "lagebild.interfaces.cli", "ingest", *inputs, "--db", str(db), "--json"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=db.parent)
        deadline = t0 + RUN_TIMEOUT
        status, rusage = 0, None
        while time.perf_counter() < deadline:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            proc.kill()
            _, status, rusage = os.wait4(proc.pid, 0)
            return {"exit": "timeout", "seconds": time.perf_counter() - t0, "peak_mb": rusage.ru_maxrss / 1024}
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        try:
            report = json.loads(text)
        except json.JSONDecodeError:
            report = {"error": err.read().decode("utf-8", "replace")[-300:]}
    return {"exit": proc.returncode, "report": report, "seconds": seconds, "peak_mb": rusage.ru_maxrss / 1024}


def cases() -> None:
    rows = []
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix=f"hostile-{case.name}-") as tmp:
            d = Path(tmp)
            res = run_ingest(case.build(d / "in"), d / "h.db")
        rep = res.get("report") or {}
        stored = rep.get("new", 0) + rep.get("folded", 0) if isinstance(rep, dict) and "new" in rep else "-"
        rejected = len(rep.get("rejected", [])) if isinstance(rep, dict) and "new" in rep else "-"
        ok = (stored, rejected) == (case.stored, case.rejected) and res["exit"] == 0
        rows.append([case.name, case.what, res["exit"], stored, rejected, f"{case.stored}/{case.rejected}",
                     round(float(res["seconds"]), 1), round(float(res["peak_mb"])), "ok" if ok else "WRONG"])
        reasons = [f"{r['source']}: {r['reason']}"[:300] for r in rep.get("rejected", [])] if not ok else []
        print(f"  {case.name}: done", *reasons, file=sys.stderr, sep="\n    ", flush=True)
    print(table(["case", "input", "exit", "stored", "rejected", "expected", "s", "peak MB", ""], rows))


def _text(size: int) -> str:
    """About ``size`` bytes of article text: 10kGNAD articles one after another, else invented."""
    pool = gnad_texts() if (SHARED_DATA / "10kgnad_test").exists() else [body(i) for i in range(200)] + [BODY]
    parts, total, i = ["Eine sehr lange Meldung aus der Redaktion"], 0, 0
    while total < size:
        part = pool[i % len(pool)]
        parts.append(part)
        total += len(part.encode()) + 2
        i += 1
    return "\n\n".join(parts).encode()[:size].decode("utf-8", "ignore")


def _page(size: int) -> str:
    """An HTML page of about ``size`` bytes: one article whose paragraphs are 10kGNAD texts."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in _text(size * 9 // 10).split("\n\n"))
    return f"<html><head><title>Lange Seite</title></head><body><article>{paras}</article></body></html>"


def sizes() -> None:
    rows = []
    for label, size, kind in SIZES:
        with tempfile.TemporaryDirectory(prefix="hostile-size-") as tmp:
            d = Path(tmp)
            path = d / f"article.{kind}"
            path.write_text(_text(size) if kind == "txt" else _page(size), encoding="utf-8")
            res = run_ingest([str(path)], d / "h.db")
        rep = res.get("report") if isinstance(res.get("report"), dict) else {}
        stages = rep.get("stage_seconds", {}) if rep else {}
        top = max(stages.items(), key=lambda kv: kv[1]) if stages else ("-", 0.0)
        warn = next((w["warning"] for w in rep.get("warnings", []) if "max_text_chars" in w["warning"]), "") if rep else ""
        before = next((v for k, v in BEFORE.items() if label.startswith(k)), None)
        rows.append([label, res["exit"], rep.get("new", "-") if rep else "-", round(float(res["seconds"]), 1),
                     round(float(res["peak_mb"])), f"{top[0]} {top[1]:.1f}s",
                     f"{before[0]} s / {before[1]} GB" if before else "", warn[:60]])
        print(f"  {label}: done", file=sys.stderr, flush=True)
    print(table(["article", "exit", "stored", "s", "peak MB", "slowest stage", "before (issue 19)", "cut"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", action="store_true", help="only the hostile corpus")
    parser.add_argument("--sizes", action="store_true", help="only the article sizes")
    args = parser.parse_args()
    both = not (args.cases or args.sizes)
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared); one CLI process per row\n")
    if args.cases or both:
        cases()
        print()
    if args.sizes or both:
        sizes()
    print(f"\nload average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
