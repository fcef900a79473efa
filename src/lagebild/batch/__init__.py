"""Batch ingest on a process pool or Ray (issue 8): :func:`run_batch` (``lagebild batch``)."""

from __future__ import annotations

from .engine import ENGINES, default_workers, run_batch

__all__ = ["run_batch", "ENGINES", "default_workers"]
