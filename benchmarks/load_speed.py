"""Wall-clock budgets that used to be asserted in unit tests (machine-dependent).

    python benchmarks/load_speed.py

Times the cold load of each shipped model (cache cleared) and the speakers stage on
one 10,000-line quotation, and prints each against its budget (the thresholds the
unit tests used). Exit code 1 when any is over budget. A benchmark, not a test: the
numbers depend on the machine and its load.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _cold(clear: Callable[[], None], load: Callable[[], object]) -> float:
    clear()
    t = time.perf_counter()
    load()
    return time.perf_counter() - t


def huge_quotation() -> float:
    from ficlens.document import Character, Document, Source
    from ficlens.quotes import find_quotes
    from ficlens.segment import segment
    from ficlens.speakers import attribute_speakers

    body = "\n".join(f"line {i} of a very long speech, Meredith, about nothing"
                     for i in range(10_000))
    text = f'Derek stood up.\n\n"{body}" said Derek.\n'
    doc = find_quotes(segment(Document(text=text, source=Source(None, "text"))))
    doc = doc.evolve(characters=(Character("c1", "Meredith"), Character("c2", "Derek")))
    t = time.perf_counter()
    attribute_speakers(doc)
    return time.perf_counter() - t


def main() -> int:
    from ficlens import rating
    from ficlens.characters import mentions
    from ficlens.speakers import model as speaker_model

    huge_quotation()  # warm-up: the first call loads the models and lexicons
    checks = [
        ("mentions model load", 0.5, _cold(mentions._model.cache_clear, mentions._model)),
        ("rating model load", 0.2, _cold(rating.load_model.cache_clear, rating.load_model)),
        ("speaker model load", 0.05, _cold(speaker_model.load_weights.cache_clear,
                                           speaker_model.load_weights)),
        ("speakers on one 10,000-line quotation", 2.0, huge_quotation()),
    ]
    over = 0
    for name, budget, seconds in checks:
        ok = seconds < budget
        over += not ok
        print(f"{name:<40} {seconds:8.3f} s  (budget {budget:g} s) {'ok' if ok else 'OVER'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
