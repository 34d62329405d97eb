"""Made-up names far apart from one another, shared by the crowd tests and
benchmarks/crowds.py (so the similar pairs in a crowd are the ones it makes on purpose)."""

from __future__ import annotations

import random


def random_names(n: int, seed: int = 9) -> list[str]:
    """``n`` distinct made-up names of nine letters (with shorter names, more names
    means more near neighbours, each a pair to compare, whatever the code)."""
    rng = random.Random(seed)
    out: dict[str, None] = {}
    while len(out) < n:
        out["".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).capitalize()
            + rng.choice("nrsl")] = None
    return list(out)
