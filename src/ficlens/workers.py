"""Worker processes watched from the parent, shared by ``ficlens serve`` and ``ficlens batch``.

Both run analyses of untrusted text in spawned processes so that one hostile input
can be stopped without harming the rest: :mod:`ficlens.workpool` (the web page: one
request at a time per worker, waited on from a thread) and
:mod:`ficlens.corpus.local` (a batch: a stream of works, all pipes waited on
together). What they share lives here: starting a worker with its pipe, the job loop
a worker runs, the time and resident-memory limits checked from the parent, and
stopping or killing a worker. Each caller keeps its own scheduling and its own
wording of errors.

Protocol on the pipe: the worker sends one hello message once it has loaded what it
needs, then answers every job with one message; ``None`` asks it to stop.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

JOIN_S = 5.0


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux /proc), None where unknown."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def job_loop(conn: Any, hello: Any, handle: Callable[[Any], Any]) -> None:
    """Run in a worker: say ``hello``, then answer each job with ``handle(job)`` until
    ``None`` arrives or the parent goes away."""
    conn.send(hello)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        reply = handle(job)
        try:
            conn.send(reply)
        except (OSError, ValueError):  # the parent is gone (killed): stop quietly
            return


class Worker:
    """One spawned worker process and the parent's end of its pipe.

    ``target(conn, *args)`` runs in the child (usually ending in :func:`job_loop`).
    ``started`` is when the current job was sent (None while idle).
    """

    def __init__(self, ctx: Any, target: Callable[..., None], args: tuple[Any, ...] = (),
                 name: str = "ficlens-worker") -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=target, args=(child, *args), daemon=True, name=name)
        self.proc.start()
        child.close()
        self.ready = False
        self.started: float | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    def send(self, job: Any) -> bool:
        """Send a job and start its clock; False when the pipe is gone."""
        self.started = time.monotonic()
        try:
            self.conn.send(job)
        except (OSError, ValueError):
            return False
        return True

    def overrun(self, timeout_s: float | None, memory_mb: float | None) -> tuple[str, float] | None:
        """Why the current job must be stopped: ``("time", seconds)`` past ``timeout_s``,
        ``("memory", MB)`` resident past ``memory_mb``, or None."""
        if self.started is None:
            return None
        if timeout_s:
            elapsed = time.monotonic() - self.started
            if elapsed > timeout_s:
                return "time", elapsed
        if memory_mb and self.proc.pid is not None:
            used = rss_mb(self.proc.pid)
            if used is not None and used > memory_mb:
                return "memory", used
        return None

    def exit_description(self) -> str:
        """How the process ended, for a message: "killed by signal 9", "exit code 1"."""
        self.proc.join(1)
        code = self.proc.exitcode
        return f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"

    def stop(self, *, kill: bool = False) -> None:
        """Ask the worker to stop (or kill it at once); either way it is gone after this."""
        if kill or not self.proc.is_alive():
            if self.proc.is_alive():
                self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                self.proc.kill()
        self.proc.join(JOIN_S)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(JOIN_S)
        try:
            self.conn.close()
        except OSError:
            pass
