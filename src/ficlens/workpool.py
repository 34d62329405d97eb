"""A bounded pool of analysis processes for ``ficlens serve``.

Why processes and not threads: one hostile upload (a novel of quotation marks, a crowd
of names) must not stall the page for everyone, eat the machine's memory or run for
ever. Each analysis runs in a worker process with a time limit and a memory limit
(its resident memory is watched from here every 50 ms); a worker past either is killed
and replaced, and the request is answered with a one-line error. At most ``workers``
analyses run at once and ``queue`` more wait; past that :class:`PoolFull` is raised at
once, so the caller can answer 503 instead of piling up work. Workers talk over pipes
and write nothing to disk. The event loop only waits, so ``/healthz`` stays quick.

``workers=0`` runs analyses in threads of this process (same bounds, no time or
memory limit): for tests and for embedding the app.

Starting, watching and stopping a worker process is :mod:`ficlens.workers`, shared with
``ficlens batch``.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .workers import Worker, job_loop

Job = tuple[Any, ...]
# (HTTP status, body on success or None, one-line error message)
Result = tuple[int, Any, str]

POLL_S = 0.05
START_TIMEOUT_S = 300.0


class PoolFull(Exception):
    """Every worker is busy and the queue is full."""


@dataclass
class Limits:
    workers: int = 2
    queue: int = 8
    timeout_s: float = 120.0
    memory_mb: float = 1536.0


def _safe(target: Callable[[Job], Result]) -> Callable[[Job], Result]:
    def handle(job: Job) -> Result:
        try:
            return target(job)
        except MemoryError:
            return 422, None, "the analysis ran out of memory"
        except Exception as exc:  # noqa: BLE001 - the target should catch; never die silently
            return 500, None, f"internal error: {type(exc).__name__} (please report it)"
    return handle


def _worker_main(conn: Any, target: Callable[[Job], Result], warm: Callable[[], None] | None) -> None:
    """A worker: load the models once, then answer jobs until the pipe closes."""
    try:
        os.nice(5)  # analyses yield the CPU to the server's event loop (/healthz)
    except OSError:
        pass
    if warm is not None:
        try:
            warm()
        except Exception:  # noqa: BLE001 - a failed warm-up shows on the first job instead
            pass
    job_loop(conn, ("ready",), _safe(target))


class _Worker(Worker):
    def __init__(self, ctx: Any, target: Callable[[Job], Result], warm: Callable[[], None] | None) -> None:
        super().__init__(ctx, _worker_main, (target, warm), name="ficlens-worker")
        self.dead = False

    def _wait_ready(self) -> bool:
        if self.ready:
            return True
        if self.conn.poll(START_TIMEOUT_S):
            try:
                self.ready = self.conn.recv() == ("ready",)
            except (EOFError, OSError):
                self.ready = False
        return self.ready

    def call(self, job: Job, limits: Limits) -> Result:
        """Run one job; blocks (called from a thread). Kills the worker past a limit."""
        if not self._wait_ready():
            self.kill()
            return 500, None, "internal error: the analysis process did not start (please report it)"
        if not self.send(job):
            self.kill()
            return 500, None, "internal error: the analysis process is gone (please report it)"
        while True:
            if self.conn.poll(POLL_S):
                try:
                    result = self.conn.recv()
                except (EOFError, OSError):
                    self.kill()
                    return 422, None, ("the analysis process stopped (it may have run out of "
                                       "memory); try a shorter text")
                self.started = None
                return result
            if not self.proc.is_alive():
                self.kill()
                return 422, None, "the analysis process stopped; try a shorter text"
            over = self.overrun(limits.timeout_s, limits.memory_mb)
            if over is not None:
                self.kill()
                if over[0] == "memory":
                    return 422, None, (f"the analysis needed more than {limits.memory_mb:g} MB of "
                                       "memory, the server's limit; try a shorter text")
                return 422, None, (f"the analysis took longer than {limits.timeout_s:g} s, the "
                                   "server's limit; try a shorter text")

    def kill(self) -> None:
        self.dead = True
        self.stop(kill=True)


class ProcessPool:
    """``workers`` analysis processes, ``queue`` waiting requests, limits per analysis."""

    def __init__(self, limits: Limits, target: Callable[[Job], Result],
                 warm: Callable[[], None] | None = None) -> None:
        self.limits = limits
        self._target = target
        self._warm = warm
        self._ctx = mp.get_context("spawn")  # no fork of a threaded server
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self.accepted = 0  # running or waiting now
        self.replaced = 0

    def start(self) -> None:
        with self._lock:
            if not self._workers:
                self._workers = [self._new() for _ in range(self.limits.workers)]
                self._executor = ThreadPoolExecutor(self.limits.workers, thread_name_prefix="ficlens-wait")

    def _new(self) -> _Worker:
        return _Worker(self._ctx, self._target, self._warm)

    def pids(self) -> list[int]:
        return [w.proc.pid for w in self._workers if w.proc.pid is not None]

    def status(self) -> dict[str, int]:
        return {"workers": self.limits.workers, "capacity": self.limits.workers + self.limits.queue,
                "accepted": self.accepted, "replaced": self.replaced}

    async def run(self, job: Job) -> Result:
        if self.accepted >= self.limits.workers + self.limits.queue:
            raise PoolFull()
        self.accepted += 1
        try:
            self.start()
            if self._idle is None:
                self._idle = asyncio.Queue()
                for w in self._workers:
                    self._idle.put_nowait(w)
            worker = await self._idle.get()
            loop = asyncio.get_running_loop()
            try:
                result = await loop.run_in_executor(self._executor, worker.call, job, self.limits)
            finally:
                if worker.dead:
                    self.replaced += 1
                    replacement = self._new()
                    with self._lock:
                        self._workers = [replacement if w is worker else w for w in self._workers]
                    worker = replacement
                self._idle.put_nowait(worker)
            return result
        finally:
            self.accepted -= 1

    def close(self) -> None:
        with self._lock:
            for w in self._workers:
                w.stop(kill=w.started is not None)  # an analysis under way is not waited for
            self._workers = []
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)


class ThreadRunner:
    """In-process analyses (``workers=0``): the same bound on running and waiting work."""

    def __init__(self, limits: Limits, target: Callable[[Job], Result]) -> None:
        self.limits = limits
        self._target = target
        self._slots: asyncio.Semaphore | None = None
        self.accepted = 0

    def start(self) -> None:
        pass

    def pids(self) -> list[int]:
        return []

    def status(self) -> dict[str, int]:
        return {"workers": 0, "capacity": max(self.limits.queue, 1), "accepted": self.accepted,
                "replaced": 0}

    async def run(self, job: Job) -> Result:
        from starlette.concurrency import run_in_threadpool

        if self.accepted >= max(self.limits.queue, 1):
            raise PoolFull()
        self.accepted += 1
        try:
            if self._slots is None:
                self._slots = asyncio.Semaphore(2)
            async with self._slots:
                return await run_in_threadpool(self._target, job)
        finally:
            self.accepted -= 1

    def close(self) -> None:
        pass
