"""A small supervisor of worker processes: one Process and one Pipe per worker.

Why not ProcessPoolExecutor: when one of its workers is killed (a timeout, the memory
cap, a segfault in a C extension) the whole pool is marked broken and every pending
future fails. Here each worker is watched on its own: the parent sends one work at a
time, waits on all pipes and process sentinels together, and a worker that overruns
``timeout``, grows past ``memory_mb`` or dies is killed and replaced; only its one work
is recorded failed. Workers load the models once (a warm-up analysis) before they say
they are ready, so start-up is never counted against a work's timeout. Starting,
watching and stopping a worker is :mod:`ficlens.workers`, shared with ``ficlens serve``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import FiclensError
from ..workers import Worker, job_loop

Task = tuple[dict[str, Any], bytes]
OnResult = Callable[[dict[str, Any], dict[str, Any]], None]

MAX_START_FAILURES = 3
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _address_space_backstop(memory_mb: float | None) -> None:
    """Cap the worker's address space well above the RSS cap the parent watches.

    The parent's RSS watch looks every 0.5 s; an allocation burst faster than that
    meets this limit instead, as a MemoryError in the worker (recorded as the work's
    failure), not as the machine swapping or the kernel's OOM killer.
    """
    if not memory_mb:
        return
    try:
        import resource

        with open("/proc/self/statm") as fh:
            vm = int(fh.read().split()[0]) * _PAGE
        limit = vm + int(2 * memory_mb * 2**20)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):
        pass  # not Linux: the RSS watch alone


def _worker_main(conn: Connection, memory_mb: float | None = None) -> None:
    """Run in the worker: warm up, say ready, then analyse works until told to stop."""
    from .analyse import limit_threads

    limit_threads()
    from .analyse import analyse_work, peak_rss_mb, warm_up

    try:
        seconds = warm_up()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("broken", f"{type(exc).__name__}: {exc}"))
        return
    _address_space_backstop(memory_mb)
    job_loop(conn, ("ready", os.getpid(), seconds, peak_rss_mb()),
             lambda msg: ("result", analyse_work(*msg)))


class _Slot(Worker):
    """A batch worker and the work it is analysing (None while idle)."""

    def __init__(self, ctx: Any, memory_mb: float | None) -> None:
        super().__init__(ctx, _worker_main, (memory_mb,), name="ficlens-batch-worker")
        self.task: Task | None = None


class LocalPool:
    """``jobs`` worker processes with per-work ``timeout`` (s) and ``memory_mb`` RSS caps."""

    def __init__(self, jobs: int, *, timeout: float | None = None,
                 memory_mb: float | None = None) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.memory_mb = memory_mb if memory_mb and memory_mb > 0 else None
        self.ctx = mp.get_context("spawn")
        self.slots: list[_Slot] = []
        self.start_failures = 0
        self.replaced = 0
        self.peak_rss: dict[int, float] = {}
        self.first_ready: float | None = None  # monotonic time the first worker was ready

    def _start(self) -> _Slot:
        return _Slot(self.ctx, self.memory_mb)

    def _fail(self, slot: _Slot, reason: str, on_result: OnResult) -> None:
        """Kill a busy worker, record its work failed, start a replacement."""
        task, started = slot.task, slot.started or time.monotonic()
        slot.stop(kill=True)
        self.slots[self.slots.index(slot)] = self._start()
        self.replaced += 1
        if task is not None:
            work = task[0]
            from .. import __version__

            on_result(work, {"id": work["id"], "status": "failed", "error": reason,
                             "seconds": time.monotonic() - started, "ficlens": __version__})

    def run(self, tasks: Iterator[Task], on_result: OnResult) -> None:
        """Analyse every task; ``on_result(work, result)`` is called in this process."""
        self.slots = [self._start() for _ in range(self.jobs)]
        pending = iter(tasks)
        exhausted = False
        try:
            while True:
                for slot in self.slots:
                    if slot.ready and slot.task is None and not exhausted:
                        task = next(pending, None)
                        if task is None:
                            exhausted = True
                            break
                        work, data = task
                        slot.task = task
                        slot.send((work["id"], work["name"], data))  # a dead worker: its sentinel, below
                busy = [s for s in self.slots if s.task is not None]
                if exhausted and not busy:
                    return
                self._wait_once(on_result)
        finally:
            for slot in self.slots:
                slot.stop(kill=slot.task is not None or not slot.ready)
            self.slots = []

    def _wait_once(self, on_result: OnResult) -> None:
        now = time.monotonic()
        wait_for = 0.5
        if self.timeout:
            for s in self.slots:
                if s.task is not None and s.started is not None:
                    wait_for = min(wait_for, max(0.0, s.started + self.timeout - now))
        objs: list[Any] = []
        for s in self.slots:
            objs += [s.conn, s.proc.sentinel]
        ready = wait(objs, timeout=wait_for)
        for slot in list(self.slots):
            if slot.conn in ready:
                try:
                    msg = slot.conn.recv()
                except (EOFError, OSError):
                    msg = None
                if msg is not None:
                    self._handle(slot, msg, on_result)
                    continue
            if slot.proc.sentinel in ready or (slot.conn in ready):
                how = slot.exit_description()
                if slot.task is None:
                    self._restart_idle(slot, how)
                else:
                    self._fail(slot, f"worker died while analysing it ({how})", on_result)
        for slot in list(self.slots):
            if slot.task is None:
                continue
            over = slot.overrun(self.timeout, self.memory_mb)
            if over is not None and over[0] == "time":
                self._fail(slot, f"timed out after {self.timeout:g} s", on_result)
            elif over is not None:
                self._fail(slot, f"memory cap exceeded ({over[1]:.0f} MB > {self.memory_mb:g} MB)",
                           on_result)

    def _restart_idle(self, slot: _Slot, how: str) -> None:
        self.start_failures += 1 if not slot.ready else 0
        if self.start_failures >= MAX_START_FAILURES:
            raise FiclensError(f"batch workers cannot start ({how}); try `ficlens analyze` on one file")
        slot.stop(kill=True)
        self.slots[self.slots.index(slot)] = self._start()
        self.replaced += 1

    def _handle(self, slot: _Slot, msg: tuple[Any, ...], on_result: OnResult) -> None:
        kind = msg[0]
        if kind == "ready":
            slot.ready = True
            self.start_failures = 0
            if self.first_ready is None:
                self.first_ready = time.monotonic()
            self.peak_rss[msg[1]] = max(self.peak_rss.get(msg[1], 0.0), msg[3])
        elif kind == "broken":
            raise FiclensError(f"batch workers cannot load ficlens: {msg[1]}")
        elif kind == "result":
            result = msg[1]
            task = slot.task
            slot.task = None
            slot.started = None
            if result.get("pid") is not None:
                self.peak_rss[result["pid"]] = max(self.peak_rss.get(result["pid"], 0.0),
                                                   result.get("peak_rss_mb") or 0.0)
            if task is not None:
                on_result(task[0], result)
