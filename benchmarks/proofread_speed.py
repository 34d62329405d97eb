"""Words per second of the proofread stage alone on a full novel.

Why alone: proofreading runs last, on a document the earlier stages already
segmented; this times only ``ficlens.proofread.proofread`` on such a document, once
cold (dictionaries loading, first look-ups) and then warm (a second novel-sized run
in the same process, as a long-running server or a batch would see it). The
dictionaries that take longest to build are cached in ~/.cache/ficlens after the
first run; ``--no-cache`` measures a cold start without that cache.

    python benchmarks/proofread_speed.py [NOVEL.txt] [--repeat N] [--no-cache]
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
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
