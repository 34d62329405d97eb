"""Speed of the whole ficlens analysis against a spaCy parse of the same text, same run.

    python benchmarks/speed.py [NOVEL.txt] [--repeat 1] [--memory-words 500000]

Prints words per second for each stage and for the whole analysis, the words per
second of spaCy ``en_core_web_sm`` (full pipeline, ``nlp.pipe`` over paragraphs) on the
same text, and the ratio. With ``--memory-words N`` it also measures peak memory
(RSS) of a full analysis of an N-word text made by concatenating novels, in a fresh
process so earlier work does not count.

This is a benchmark, not a test: numbers depend on the machine. The README quotes the
numbers it printed on the project's 2-core reference machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORIGINAL = ROOT.parent / "shared" / "data" / "litbank" / "original"
DEFAULT_NOVEL = ORIGINAL / "1342_pride_and_prejudice.txt"


def time_stages(path: Path) -> tuple[int, dict[str, float]]:
    """Seconds spent in read and in each stage, for one full analysis."""
    from ficlens import Pipeline, load

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    doc = load(path)
    timings["read"] = time.perf_counter() - t0
    doc = Pipeline().run(doc, timings=timings)
    return doc.words, timings


def time_spacy(text: str) -> float:
    from ficlens.nlp import spacy_pipeline

    nlp = spacy_pipeline(None)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    t0 = time.perf_counter()
    for _ in nlp.pipe(paragraphs, batch_size=64):
        pass
    return time.perf_counter() - t0


def peak_memory_child(words: int) -> None:
    """Run in a child process: analyse a text of about ``words`` words, print peak RSS."""
    import ficlens
    from ficlens.segment import count_words

    parts: list[str] = []
    total = 0
    for novel in sorted(ORIGINAL.glob("*.txt")):
        text = novel.read_text(encoding="utf-8")
        parts.append(text)
        total += count_words(text)
        if total >= words:
            break
    text = "\n\n".join(parts)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    analysis = ficlens.analyze(text)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"words": analysis.document.words, "seconds": elapsed,
                      "peak_rss_mb": peak / 1024, "rss_before_mb": before / 1024}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("novel", nargs="?", type=Path, default=DEFAULT_NOVEL)
    ap.add_argument("--repeat", type=int, default=1, help="analysis runs (the fastest counts)")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy baseline")
    ap.add_argument("--memory-words", type=int, default=0,
                    help="also measure peak memory for a text of this many words")
    ap.add_argument("--_memory-child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._memory_child:
        peak_memory_child(args._memory_child)
        return 0
    if not args.novel.is_file():
        print(f"benchmark: {args.novel}: not found (needs ../shared/data)", file=sys.stderr)
        return 2

    # Warm up: load models and lexicons once, so start-up is not counted as speed.
    import ficlens

    ficlens.analyze("Anna said, \"Hello, Tom.\" Tom smiled at her.\n")

    best: dict[str, float] | None = None
    words = 0
    for _ in range(max(1, args.repeat)):
        words, timings = time_stages(args.novel)
        if best is None or sum(timings.values()) < sum(best.values()):
            best = timings
    assert best is not None
    total = sum(best.values())
    print(f"novel: {args.novel.name}  ({words:,} words)")
    for name, seconds in best.items():
        rate = words / seconds if seconds > 0 else float("inf")
        print(f"  {name:<11} {seconds:7.3f} s  {rate:>12,.0f} words/s")
    print(f"ficlens full analysis: {total:.2f} s = {words / total:,.0f} words/s")
    if not args.no_spacy:
        text = args.novel.read_text(encoding="utf-8")
        spacy_seconds = time_spacy(text)
        print(f"spaCy en_core_web_sm full pipeline: {spacy_seconds:.2f} s = "
              f"{words / spacy_seconds:,.0f} words/s")
        print(f"ratio (ficlens speed / spaCy speed): {spacy_seconds / total:.1f}x")
    if args.memory_words:
        out = subprocess.run([sys.executable, __file__, "--_memory-child", str(args.memory_words)],
                             capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"memory run failed: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            return 1
        m = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"memory: {m['words']:,} words analysed in {m['seconds']:.1f} s, "
              f"peak RSS {m['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
