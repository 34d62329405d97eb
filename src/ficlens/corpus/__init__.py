"""Corpus scale: ``ficlens batch``, ``ficlens export`` and ``ficlens stats`` (docs/batch.md).

Modules: inputs (arguments to works), analyse (the unit of work, run in workers),
local (worker processes with timeouts and a memory cap), dask_run (the same on a Dask
cluster), store (the SQLite store), run (the plan and the single writer), progress,
export (tables to Parquet, CSV, JSON Lines), stats (the corpus summary).
"""

from __future__ import annotations

from .run import BatchOptions, BatchSummary, run_batch

__all__ = ["BatchOptions", "BatchSummary", "run_batch"]
