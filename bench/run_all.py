"""`make bench`: run every benchmark script in bench/ in turn and print its table.

Scripts skip themselves (exit 0 with a note) when ../shared/data is absent.
Run one alone with `.venv/bin/python bench/<name>.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Scripts that are libraries or need arguments, not benchmarks to run here.
NOT_BENCHMARKS = {"common.py", "run_all.py"}


def main() -> int:
    only = set(sys.argv[1:])
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONWARNINGS="ignore")
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name in NOT_BENCHMARKS or script.name.startswith("_") or (only and script.stem not in only):
            continue
        print(f"\n=== {script.name}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], env=env)
        print(f"--- {script.name}: exit {code}, {time.perf_counter() - t0:.0f}s", flush=True)
        if code:
            failed.append(script.name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
