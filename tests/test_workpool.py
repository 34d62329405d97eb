"""The worker pool behind ``ficlens serve``: limits kill and replace a worker, a full
queue is refused at once, a replaced worker serves the next job."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from ficlens.workpool import Limits, PoolFull, ProcessPool

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/statm"),
                                reason="memory is read from /proc (Linux)")


def job(spec: tuple) -> tuple:
    """What the test worker does: ("echo", x), ("sleep", s) or ("hog", MB)."""
    kind, arg = spec
    if kind == "sleep":
        time.sleep(arg)
    elif kind == "hog":
        hoard = []
        for _ in range(arg // 10):
            hoard.append(bytearray(10 * 1024 * 1024))  # touched: resident
            time.sleep(0.01)
        time.sleep(5)
    return 200, arg, ""


def test_limits_queue_and_replacement() -> None:
    pool = ProcessPool(Limits(workers=1, queue=0, timeout_s=1.5, memory_mb=150), job)

    async def scenario() -> list:
        out = []
        out.append(await pool.run(("echo", "hi")))
        t0 = time.monotonic()
        out.append(await pool.run(("sleep", 30)))
        out.append(time.monotonic() - t0)
        out.append(await pool.run(("hog", 400)))
        out.append(await pool.run(("echo", "again")))  # a fresh worker
        # one running, no queue: the next is refused at once
        running = asyncio.ensure_future(pool.run(("sleep", 0.5)))
        await asyncio.sleep(0.05)
        t1 = time.monotonic()
        with pytest.raises(PoolFull):
            await pool.run(("echo", "late"))
        out.append(time.monotonic() - t1)
        out.append(await running)
        return out

    try:
        echo, slow, slow_s, hog, again, refused_s, after = asyncio.run(scenario())
    finally:
        pool.close()
    assert echo == (200, "hi", "")
    assert slow[0] == 422 and "longer than 1.5 s" in slow[2] and slow_s < 10
    assert hog[0] == 422 and "more than 150 MB" in hog[2]
    assert again == (200, "again", "")
    assert refused_s < 0.1
    assert after[0] == 200
    assert pool.replaced == 2


@pytest.mark.parametrize("args", [["--workers", "-1"], ["--queue", "-2"], ["--timeout", "0"],
                                  ["--memory-mb", "-5"]])
def test_bad_serve_options_are_one_line_errors(args: list[str], capsys: pytest.CaptureFixture) -> None:
    from ficlens.cli import main

    assert main(["serve", "--port", "1", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ficlens: error:") and err.count("\n") == 1
