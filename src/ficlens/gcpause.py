"""Pausing Python's cycle collector while the pipeline runs and while a report is built.

Why: the collector's full passes walk every live object, the whole document and the
stages' own tables; they come each time the heap has grown by a quarter, so an analysis
of a crowd of 50,000 names ran about a dozen of them (3.5 s of 22 s in the speakers
stage alone; 1 s of 2 in writing the JSON). What the stages and the report writer throw
away has no reference cycles (the paused passes collected nothing) and is freed by
reference counting at once, so the pause changes no result and no peak memory
(names-50000: 780 MB either way); the collector runs again, as before, once
:meth:`ficlens.Pipeline.run` or :meth:`ficlens.Analysis.to_dict` returns, also after
an error. (A custom stage that made cyclic garbage would have it collected then.)
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run with the cycle collector off (and back on after, if it was on)."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return run
