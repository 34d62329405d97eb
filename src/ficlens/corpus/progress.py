"""Progress of a batch: a live bar on a terminal, plain periodic lines otherwise.

Both go to standard error, so standard output keeps only the final summary line.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from .extras import have


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"


class Progress:
    """Counts of a run and their display. ``mode``: "bar", "lines" or "quiet"."""

    def __init__(self, total: int | None, *, mode: str = "auto", interval: float = 10.0,
                 stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        if mode == "auto":
            tty = hasattr(self.stream, "isatty") and self.stream.isatty()
            mode = "bar" if tty and have("rich") else "lines"
        self.mode = mode
        self.total = total
        self.interval = interval
        self.ok = self.failed = self.skipped = self.duplicates = self.words = 0
        self.t0 = time.monotonic()
        self.last_line = self.t0
        self._bar: Any = None
        self._task: Any = None

    # counts ---------------------------------------------------------------
    @property
    def done(self) -> int:
        return self.ok + self.failed + self.skipped + self.duplicates

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.t0

    def rates(self) -> tuple[float, float, float | None]:
        """Works/s and words/s over analysed works, and the seconds left (None if unknown)."""
        el = max(self.elapsed, 1e-9)
        analysed = self.ok + self.failed
        wps = analysed / el
        left = None
        if self.total is not None and wps > 0:
            left = max(0, self.total - self.done) / wps
        return wps, self.words / el, left

    def start(self) -> None:
        if self.mode != "bar":
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rates]}"), TextColumn("[red]{task.fields[failed]}"),
            TimeRemainingColumn(), console=Console(file=self.stream), transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("batch", total=self.total, rates="", failed="")

    def update(self, status: str, words: int = 0) -> None:
        if status == "ok":
            self.ok += 1
            self.words += words
        elif status == "failed":
            self.failed += 1
        elif status == "duplicate":
            self.duplicates += 1
        else:
            self.skipped += 1
        if self.mode == "bar" and self._bar is not None:
            wps, words_ps, _ = self.rates()
            self._bar.update(self._task, completed=self.done,
                             rates=f"{wps:.1f} works/s {words_ps:,.0f} words/s",
                             failed=f"{self.failed} failed" if self.failed else "")
        elif self.mode == "lines":
            now = time.monotonic()
            if now - self.last_line >= self.interval:
                self.last_line = now
                print(self.line(), file=self.stream, flush=True)

    def line(self) -> str:
        wps, words_ps, left = self.rates()
        of = f"/{self.total}" if self.total is not None else ""
        eta = f", ETA {_duration(left)}" if left is not None else ""
        return (f"batch: {self.done}{of} works ({self.ok} ok, {self.failed} failed, "
                f"{self.skipped} skipped), {wps:.1f} works/s, {words_ps:,.0f} words/s{eta}")

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def summary(self) -> str:
        return (f"ficlens batch: {self.ok} ok, {self.failed} failed, {self.skipped} skipped, "
                f"{self.words:,} words, {_duration(self.elapsed)} ({self.elapsed:.1f} s)")
