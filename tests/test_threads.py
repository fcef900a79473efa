"""lagebild processes run numeric libraries with one thread (see lagebild.threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from lagebild.threads import THREAD_ENV_VARS, thread_env, threads

PROBE = ("import atexit, json, sys\n"
         "def report():\n"
         "    import numpy\n"
         "    from threadpoolctl import threadpool_info\n"
         "    sys.stderr.write('POOLS=' + json.dumps([p['num_threads'] for p in threadpool_info()]))\n")


def _run(code: str, **env: str) -> list[int]:
    clean = {k: v for k, v in os.environ.items() if k not in THREAD_ENV_VARS and k != "LAGEBILD_THREADS"}
    proc = subprocess.run([sys.executable, "-c", PROBE + code], capture_output=True, text=True,
                          env=clean | env, timeout=120)
    line = next(x for x in proc.stderr.splitlines() if "POOLS=" in x)
    pools: list[int] = json.loads(line.split("POOLS=", 1)[1])
    return pools


def test_numpy_loaded_before_the_limit_is_resized():
    pools = _run("import numpy\nfrom lagebild.threads import limit_threads\nlimit_threads()\nreport()\n")
    assert pools and set(pools) == {1}


def test_cli_entry_point_limits_threads():
    # the CLI's main() limits threads before it does anything; numpy loads afterwards (at exit)
    pools = _run("atexit.register(report)\nsys.argv = ['lagebild', 'settings', '--json']\n"
                 "from lagebild.interfaces.cli import main\nmain()\n")
    assert pools and set(pools) == {1}


def test_without_the_limit_pools_use_every_core():
    # the probe itself can fail: without limit_threads numpy starts one thread per usable core
    pools = _run("report()\n")
    assert pools and max(pools) == len(os.sched_getaffinity(0)) or len(os.sched_getaffinity(0)) == 1


def test_threads_setting():
    assert threads() == 1 or os.environ.get("LAGEBILD_THREADS")
    assert thread_env(3) == dict.fromkeys(THREAD_ENV_VARS, "3")
