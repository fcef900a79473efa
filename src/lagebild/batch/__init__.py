"""Batch ingest on a process pool or Ray (issue 8): :func:`run_batch`, :func:`batch_command`."""

from __future__ import annotations

import json
import sys
from typing import Any

from .engine import ENGINES, default_workers, run_batch

__all__ = ["run_batch", "batch_command", "ENGINES", "default_workers"]


def batch_command(paths: list[str], engine: str = "local", address: str | None = None,
                  workers: int | None = None, db: str | None = None, config: str | None = None,
                  stats: bool = False, json_out: bool = False) -> int:
    """``lagebild batch PATH... --engine local|ray [--address A] [--workers N] [--db D]``.

    Prints the same summary as ``lagebild ingest`` (with ``--stats`` the per-stage seconds,
    summed over the workers); returns the exit code (1 when nothing could be stored)."""
    from .. import api
    from ..settings import load_settings

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        report = run_batch(paths, store, cfg, engine=engine, workers=workers, address=address)
        totals = store.counts()
    for rej in report.rejected:
        print(f"rejected {rej.source}: {rej.reason}", file=sys.stderr)
    for source, warning in report.warnings:
        print(f"warning {source}: {warning}", file=sys.stderr)
    if json_out:
        data: dict[str, Any] = report.to_dict() | {"store": totals, "engine": engine}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        print(f"{report.files} file(s), {report.items} item(s): {report.new} new, {report.folded} folded into "
              f"existing articles, {report.unchanged} unchanged, {len(report.rejected)} rejected "
              f"(engine {engine}). Store {cfg.db}: {totals['articles']} articles, {totals['sources']} sources, "
              f"{totals['rejected']} rejected.")
        if stats:
            print(f"{'stage':<12} {'calls':>7} {'seconds':>9} {'ms/article':>10}")
            for name, sec in report.times.seconds.items():
                calls = report.times.calls.get(name, 0)
                print(f"{name:<12} {calls:>7} {sec:>9.3f} {1000 * sec / (calls or 1):>10.2f}")
    return 1 if report.stored == 0 and report.items + report.files > 0 else 0
