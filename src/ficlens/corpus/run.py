"""``ficlens batch``: plan which works to analyse, run them, write every result.

The plan, per work, in input order: read its bytes and hash them; skip it when the store
already has this id with these bytes and this ficlens version (``ok``, or ``failed``
unless ``--retry-failed``); record it as a duplicate of an earlier work when the same
bytes were already analysed (or are being analysed) under another id, with whatever
result they had (ok, or failed unless ``--retry-failed``); else send it to
a worker. Only this process writes the store, one transaction per work.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .inputs import iter_works, read_work
from .local import LocalPool, Task
from .progress import Progress
from .store import Store


@dataclass
class BatchOptions:
    inputs: list[str]
    out: str
    jobs: int | None = None
    timeout: float | None = None
    memory_mb: float | None = 2000.0
    retry_failed: bool = False
    scheduler: str | None = None
    text_column: str = "text"
    id_column: str | None = None
    progress: str = "auto"  # auto, bar, lines, quiet
    interval: float = 10.0


@dataclass
class BatchSummary:
    ok: int
    failed: int
    skipped: int
    duplicates: int
    words: int
    seconds: float
    peak_rss_mb: dict[str, float]
    replaced_workers: int
    startup_seconds: float = 0.0  # until the first worker was ready (models loaded)

    def line(self) -> str:
        dup = f", {self.duplicates} duplicate" if self.duplicates else ""
        return (f"ficlens batch: {self.ok} ok, {self.failed} failed, {self.skipped} skipped{dup}, "
                f"{self.words:,} words, {self.seconds:.1f} s")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_batch(opts: BatchOptions) -> BatchSummary:
    """Run one batch to the end; the store holds every result as it arrives."""
    from .. import __version__

    version = __version__
    works = iter_works(opts.inputs, text_column=opts.text_column, id_column=opts.id_column)
    total = None
    if opts.progress != "quiet":
        total = sum(1 for _ in iter_works(opts.inputs, text_column=opts.text_column,
                                          id_column=opts.id_column))
    store = Store(opts.out)
    by_id, ok_sha, failed_sha = store.known()
    if opts.retry_failed:
        failed_sha.clear()  # failed bytes are analysed again, once
    progress = Progress(total, mode=opts.progress, interval=opts.interval)
    inflight: dict[str, str] = {}  # sha256+version -> id being analysed
    waiting: dict[str, list[dict[str, Any]]] = {}  # same key -> later works with those bytes
    dups = 0

    def words_of(wid: str) -> int | None:
        row = store.con.execute("SELECT words FROM works WHERE id = ?", (wid,)).fetchone()
        return row[0] if row else None

    def error_of(wid: str) -> str | None:
        row = store.con.execute("SELECT error FROM works WHERE id = ?", (wid,)).fetchone()
        return row[0] if row else None

    def write_duplicate(work: dict[str, Any], first: str, status: str, error: str | None,
                        words: int | None) -> None:
        nonlocal dups
        store.write(work, {"status": status, "error": error, "words": words, "seconds": 0.0,
                           "duplicate_of": first, "ficlens": version})
        dups += 1
        progress.update("duplicate")

    def on_result(work: dict[str, Any], result: dict[str, Any]) -> None:
        store.write(work, result)
        progress.update(result["status"], result.get("words") or 0)
        key = work["sha256"] + "\0" + version
        inflight.pop(key, None)
        if result["status"] == "ok":
            ok_sha[key] = work["id"]
            failed_sha.pop(key, None)
        else:
            failed_sha.setdefault(key, work["id"])
        for later in waiting.pop(key, []):
            write_duplicate(later, work["id"], result["status"], result.get("error"),
                            result.get("words"))

    def plan() -> Iterator[Task]:
        for item in works:
            data, problem = read_work(item)
            # An unreadable work has no bytes: its hash is of the reason, so it matches
            # itself on a rerun and never an empty file.
            sha = hashlib.sha256(data if data is not None
                                 else f"unreadable: {problem}".encode()).hexdigest()
            work = {"id": item.id, "source": item.source, "name": item.name, "sha256": sha,
                    "metadata": item.metadata}
            prev = by_id.get(item.id)
            if prev and prev[0] == sha and prev[2] == version and (
                    prev[1] == "ok" or not opts.retry_failed):
                progress.update("skipped")
                continue
            if data is None:
                store.write(work, {"status": "failed", "error": problem, "seconds": 0.0,
                                   "ficlens": version})
                progress.update("failed")
                continue
            key = sha + "\0" + version
            first = ok_sha.get(key)
            if first is not None and first != item.id:
                write_duplicate(work, first, "ok", None, words_of(first))
                continue
            first = failed_sha.get(key)
            if first is not None and first != item.id:
                write_duplicate(work, first, "failed", error_of(first), None)
                continue
            if key in inflight:
                waiting.setdefault(key, []).append(work)
                continue
            inflight[key] = item.id
            yield work, data

    if opts.scheduler:
        from .dask_run import DaskPool

        pool: Any = DaskPool(opts.scheduler)
    else:
        pool = LocalPool(opts.jobs or default_jobs(), timeout=opts.timeout,
                         memory_mb=opts.memory_mb)
    progress.start()
    started = progress.t0
    try:
        pool.run(plan(), on_result)
    finally:
        progress.stop()
        store.close()
    return BatchSummary(ok=progress.ok, failed=progress.failed, skipped=progress.skipped,
                        duplicates=dups, words=progress.words, seconds=progress.elapsed,
                        peak_rss_mb={str(k): v for k, v in pool.peak_rss.items()},
                        replaced_workers=pool.replaced,
                        startup_seconds=(pool.first_ready - started) if pool.first_ready else 0.0)
