"""Words per second of the proofread stage alone on a full novel.

Why alone: proofreading runs last, on a document the earlier stages already
segmented; this times only ``ficlens.proofread.proofread`` on such a document, once
cold (dictionaries loading, first look-ups) and then warm (a second novel-sized run
in the same process, as a long-running server or a batch would see it). The
dictionaries that take longest to build are cached in ~/.cache/ficlens after the
first run; ``--no-cache`` measures a cold start without that cache.

``--coinages`` times instead a made-up text of long coined non-words (keysmash, no
dictionary word near) at two sizes: the search for corrections of such words once
cost ~L^2 hunspell calls a word; the per-word time should stay flat as words grow.
(A test checks the behaviour behind it; timings belong here, not in the suite.)

    python benchmarks/proofread_speed.py [NOVEL.txt] [--repeat N] [--no-cache] [--coinages]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "litbank" / "original" / "1400_great_expectations.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("novel", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true",
                        help="build the dictionaries from their files, as on a first run")
    parser.add_argument("--coinages", action="store_true",
                        help="time long coined non-words instead of a novel")
    args = parser.parse_args(argv)
    if args.coinages:
        return coinages()
    if args.no_cache:
        import os

        os.environ["FICLENS_CACHE"] = "0"
    if not args.novel.is_file():
        print(f"no novel at {args.novel} (needs ../shared/data)", file=sys.stderr)
        return 2
    from ficlens.proofread import proofread
    from ficlens.read import read_text
    from ficlens.segment import count_words, segment

    text = args.novel.read_text(encoding="utf-8")
    doc = segment(read_text(text, name=str(args.novel)))
    words = count_words(text)
    times = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        out = proofread(doc)
        times.append(time.perf_counter() - t0)
    problems = len(out.proofread or ())
    print(f"{args.novel.name}: {words:,} words, {problems} problems")
    how = "no dictionary cache" if args.no_cache else "dictionary cache if present"
    print(f"  cold: {times[0]:.2f} s = {words / times[0]:,.0f} words/s ({how})")
    best = min(times[1:]) if len(times) > 1 else times[0]
    print(f"  warm: {best:.2f} s = {words / best:,.0f} words/s (best of {len(times) - 1 or 1})")
    return 0


def _gibberish(length: int, count: int) -> str:
    """Distinct pronounceable non-words of ``length`` letters, one a sentence."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    words = ["".join(consonants[(i * 7 + k * 3) % 16] + vowels[(i * 3 + k) % 5]
                     for i in range(length // 2)) for k in range(count)]
    return " ".join(f"The {w} was here." for w in words) + "\n"


def coinages() -> int:
    """Seconds per coined word for 20- and 80-letter words (after a warm-up)."""
    from ficlens.proofread import proofread
    from ficlens.read import read_text
    from ficlens.segment import segment

    proofread(segment(read_text(_gibberish(12, 50))))  # dictionaries loaded
    for length in (20, 80):
        doc = segment(read_text(_gibberish(length, 60)))
        t0 = time.perf_counter()
        proofread(doc)
        took = time.perf_counter() - t0
        print(f"coined words of {length} letters: {took / 60 * 1000:.2f} ms a word")
    return 0


if __name__ == "__main__":
    sys.exit(main())
