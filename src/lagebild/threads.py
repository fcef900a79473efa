"""Numeric thread pools: one thread per lagebild process.

lagebild parallelises by processes (batch workers, Ray actors) and by documents, never inside one
matrix product: its models are small (a CNN tagger, a sentence encoder) and their products take
microseconds. BLAS/OpenMP pools that start one thread per core in every process then only fight
over the cores: measured on 2 cores, 200 10kGNAD articles, ``lagebild ingest`` took 30.6 s wall /
29.9 s CPU with the default pools and 19.9 s / 18.9 s with one thread (entities 102 vs 59 ms per
article). So every entry point (CLI, web server, batch workers) calls :func:`limit_threads` first.
A user who wants more threads sets ``LAGEBILD_THREADS``.
"""

from __future__ import annotations

import os

#: Threads per process for BLAS/OpenMP pools (see the module doc for the measurement).
THREADS_PER_PROCESS = 1
#: Variables the numeric libraries read when they load; set for libraries not loaded yet and
#: inherited by child processes (batch workers, Ray actors).
THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                   "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
THREADS_ENV = "LAGEBILD_THREADS"


def thread_env(n: int | None = None) -> dict[str, str]:
    """The environment that limits numeric pools to ``n`` threads (default: see :func:`threads`)."""
    value = str(n or threads())
    return dict.fromkeys(THREAD_ENV_VARS, value)


def threads() -> int:
    """Threads per process: ``LAGEBILD_THREADS`` when set to a positive number, else one."""
    raw = os.environ.get(THREADS_ENV, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else THREADS_PER_PROCESS


def limit_threads(n: int | None = None) -> int:
    """Limit this process (and the children it starts) to ``n`` numeric threads; returns ``n``.

    Environment variables cover libraries loaded later; threadpoolctl resizes the pools of those
    already loaded (numpy imported before the call, or inherited through fork)."""
    n = n or threads()
    os.environ.update(thread_env(n))
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl comes with scikit-learn; without it the environment must do
        return n
    threadpool_limits(n)
    return n
