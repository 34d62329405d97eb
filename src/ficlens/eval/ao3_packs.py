"""Cast packs for ``ficlens eval ao3``: per-fold packs so no work sees its own tags.

The building itself lives in :mod:`ficlens.packs` (also used by ``ficlens pack build``
and ``scripts/build_cast_packs.py``); its names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..packs import EXTRA_NICKNAMES, FAMILIES, build_packs, family_of, slug

FOLDS = 5
FOLD_SEED = 7


def folds(rows: Sequence[dict[str, Any]], k: int = FOLDS, seed: int = FOLD_SEED) -> list[int]:
    """A fold number for each row (same rows, same folds).

    Why: tuning anything on the training split must not see a work's own tags in the
    packs it is measured with; ``ficlens eval ao3 --split train --packs folds``
    measures each work with packs built from the other folds' works only.
    """
    import random

    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    out = [0] * len(rows)
    for pos, i in enumerate(order):
        out[i] = pos % k
    return out


def build_fold_packs(rows: Sequence[dict[str, Any]], out: Path) -> list[str]:
    """One packs directory per fold under ``out`` (``f0``, ``f1``...), each built from
    the other folds' rows; returns the directory of each row, in order."""
    assign = folds(rows)
    for k in range(max(assign, default=-1) + 1):
        build_packs([r for r, f in zip(rows, assign, strict=True) if f != k], out / f"f{k}")
    return [str(out / f"f{f}") for f in assign]


__all__ = ["EXTRA_NICKNAMES", "FAMILIES", "FOLDS", "build_fold_packs", "build_packs",
           "family_of", "folds", "slug"]
