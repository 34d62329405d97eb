"""Run a batch on an existing Dask distributed cluster (``--scheduler ADDRESS``).

The client (this process) reads the inputs, submits one task per work, gathers results
as they complete and is the store's only writer, so the store keeps the same guarantees
as a local run. Tasks are pure functions of their arguments (``analyse_work``), so when
a worker dies Dask reruns its tasks elsewhere and nothing is lost; a work that kills
workers again and again ends as Dask's ``KilledWorker`` and is recorded failed. Only a
bounded window of tasks is in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError
from .extras import require_extra
from .local import OnResult, Task


def _warm() -> dict[str, float]:
    from .analyse import limit_threads

    limit_threads()
    from .analyse import peak_rss_mb, warm_up

    return {"warm_up_s": warm_up(), "rss_mb": peak_rss_mb()}


def _task(wid: str, name: str, data: bytes) -> dict[str, Any]:
    from .analyse import analyse_work

    return analyse_work(wid, name, data)


class DaskPool:
    """Submit works to the cluster at ``address``; same ``run`` contract as LocalPool."""

    def __init__(self, address: str, *, window: int | None = None,
                 connect_timeout: float = 30.0) -> None:
        require_extra("--scheduler", "distributed", "dask")
        self.address = address
        self.window = window
        self.connect_timeout = connect_timeout
        self.peak_rss: dict[str, float] = {}
        self.replaced = 0
        self.first_ready: float | None = None

    def run(self, tasks: Iterator[Task], on_result: OnResult) -> None:
        from distributed import Client, as_completed

        from .. import __version__

        try:
            client = Client(self.address, timeout=self.connect_timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {self.address} ({exc})") from None
        try:
            try:
                for addr, info in client.run(_warm).items():
                    self.peak_rss[addr] = info["rss_mb"]
            except Exception:  # noqa: BLE001 - a worker leaving during warm-up is fine
                pass
            self.first_ready = time.monotonic()
            threads = sum(client.nthreads().values()) or 1
            window = self.window or max(8, 4 * threads)
            futures: dict[Any, dict[str, Any]] = {}
            ac = as_completed()
            pending = iter(tasks)
            exhausted = False

            def fill() -> None:
                nonlocal exhausted
                while not exhausted and len(futures) < window:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        return
                    work, data = task
                    # The key names the content and the id: resubmitting after a crash of
                    # the client makes the same task, never a second different one.
                    key = f"ficlens-{work['sha256'][:24]}-{hashlib.sha1(work['id'].encode()).hexdigest()[:12]}"
                    fut = client.submit(_task, work["id"], work["name"], data, key=key,
                                        pure=False, retries=1)
                    futures[fut] = work
                    ac.add(fut)

            fill()
            while futures:
                fut = next(ac)
                work = futures.pop(fut)
                t0 = time.monotonic()
                try:
                    result = fut.result()
                except Exception as exc:  # noqa: BLE001 - KilledWorker and the like
                    name = type(exc).__name__
                    why = ("worker died while analysing it, on every try" if name == "KilledWorker"
                           else f"{name}: {exc}")
                    result = {"id": work["id"], "status": "failed", "error": " ".join(why.split()),
                              "seconds": time.monotonic() - t0, "ficlens": __version__}
                fut.release()
                if result.get("pid") is not None:
                    key = str(result["pid"])
                    self.peak_rss[key] = max(self.peak_rss.get(key, 0.0),
                                             result.get("peak_rss_mb") or 0.0)
                on_result(work, result)
                fill()
        finally:
            client.close()
