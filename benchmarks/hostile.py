"""Hostile but plausible inputs at full size: time and peak memory of ``ficlens analyze``.

    python benchmarks/hostile.py [CASE ...] [--repeat 1] [--timeout 300] [--scale 1.0] [--list]

Each case is written to a temporary directory and analysed by ``ficlens analyze FILE``
in a fresh process; the script prints the input size, the wall time, the CPU time, the
peak memory (RSS of that process) and the outcome (ok, or the one-line error). Targets
(issue #14): within 30 s of CPU time per MB of input (at least 10 s, for loading the
models) and under 1 GB of memory each. CPU time is what the analysis costs on an idle
core (wall time is also printed: on a busy machine it is longer). ``--repeat N`` runs
each case N times and prints the median (and the range of the CPU times: on a shared
machine one input's CPU time varies by up to a third from run to run). ``--scale``
multiplies every size (0.25 for a quick look). This is a benchmark, not a test: the
CI-sized versions of these cases are in tests/test_robustness.py and tests/test_hostile.py.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from epub_builder import make_epub  # noqa: E402  (shared with the tests)

_FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David "
          "Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen").split()
_NARRATION = ("The rain fell on the old town and the river rose slowly through the night. "
              "Nobody in the houses by the water slept, and the bells rang until morning. ")


def _made_up_name(i: int) -> str:
    """A distinct capitalised name per i (letters only, so it reads as a name)."""
    letters = "bcdfghjklmnprstvz"
    vowels = "aeiou"
    out = []
    while True:
        out.append(letters[i % len(letters)] + vowels[(i // len(letters)) % len(vowels)])
        i //= len(letters) * len(vowels)
        if i == 0:
            break
    return "".join(out).capitalize() + "n"


def distinct_names(n: int) -> str:
    return "".join(f'{_made_up_name(i)} Smith said "hi."\n\n' for i in range(n))


def novel(words: int) -> str:
    """About ``words`` words of prose with dialogue, made here (no data needed)."""
    rng = random.Random(7)
    paras = []
    count = 0
    while count < words:
        a, b = rng.sample(_FIRST, 2)
        p = (f'"{rng.choice(["Come here", "Wait", "I know", "Not now"])}," {a} said to {b}. '
             + _NARRATION)
        paras.append(p)
        count += len(p.split())
    return "\n\n".join(paras) + "\n"


def unbalanced_novel(words: int) -> str:
    """A novel whose every paragraph opens a quotation and never closes it."""
    paras = novel(words).split("\n\n")
    return "\n\n".join('"' + p.replace('"', "") for p in paras)


def deep_html(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + "<p>Anna walked home. \"Hello,\" she said.</p>"
            + "</div>" * depth + "</body></html>")


def deep_epub(depth: int) -> bytes:
    body = ("<div>" * depth + "<p>Anna walked home. \"Hello,\" she said.</p>" + "</div>" * depth)
    xhtml = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
             f"<head><title>c</title></head><body>{body}</body></html>")
    return make_epub([xhtml])


def long_words(total: int, length: int = 5000) -> str:
    rng = random.Random(3)
    words = []
    size = 0
    while size < total:
        w = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))
        words.append(w)
        size += length + 1
    return " ".join(words) + "\n"


_COMMON = "the of and to in was he it that his she her for had on with as at but said not be by you they".split()


def made_up_words(total: int, share: float, seed: int = 1) -> str:
    """About ``total`` characters of sentences of common English words with ``share``
    of the words made of random letters (1.0: no English at all)."""
    rng = random.Random(seed)
    paras = []
    size = 0
    while size < total:
        words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 9)))
                 if rng.random() < share else rng.choice(_COMMON) for _ in range(60)]
        para = ". ".join(" ".join(words[i:i + 12]).capitalize() for i in range(0, 60, 12)) + "."
        paras.append(para)
        size += len(para) + 2
    return "\n\n".join(paras) + "\n"


# name -> (file suffix, maker(scale) -> str | bytes)
CASES: dict[str, tuple[str, Callable[[float], str | bytes]]] = {
    "quote-flood-2MB": (".txt", lambda s: '"' * int(2_000_000 * s)),
    "curly-quote-flood-1MB": (".txt", lambda s: "\u201c\u201d" * int(250_000 * s)),
    "unbalanced-quotes-novel": (".txt", lambda s: unbalanced_novel(int(150_000 * s))),
    "one-line-10MB": (".txt", lambda s: ("the cat sat on the mat and then went home " * int(240_000 * s))),
    "names-1000": (".txt", lambda s: distinct_names(int(1000 * s))),
    "names-4000": (".txt", lambda s: distinct_names(int(4000 * s))),
    "names-50000": (".txt", lambda s: distinct_names(int(50_000 * s))),
    "names-in-one-paragraph-30000": (".txt", lambda s: " ".join(
        f'{_made_up_name(i)} Smith nodded. "Hi there."' for i in range(int(30_000 * s))) + "\n"),
    "one-name-1M-times": (".txt", lambda s: "Anna " * int(1_000_000 * s)),
    "one-paragraph-dialogue": (".txt", lambda s: 'Anna looked at Bob. "Hi," she said. ' * int(30_000 * s)),
    "paragraph-100k-sentences": (".txt", lambda s: "He ran home. " * int(100_000 * s)),
    "scene-breaks-5000": (".txt", lambda s: "Anna sat down.\n\n* * *\n\n" * int(5000 * s)),
    "scene-break-lines-only": (".txt", lambda s: "Anna sat.\n\n" + "* * *\n\n" * int(20_000 * s)),
    "nested-html-200k": (".html", lambda s: deep_html(int(200_000 * s))),
    "nested-epub-200k": (".epub", lambda s: deep_epub(int(200_000 * s))),
    "long-words-1.5MB": (".txt", lambda s: long_words(int(1_500_000 * s))),
    "novel-300k-words": (".txt", lambda s: novel(int(300_000 * s))),
    "random-letter-words-1MB": (".txt", lambda s: made_up_words(int(1_000_000 * s), 1.0)),
    "one-word-in-6-made-up-1MB": (".txt", lambda s: made_up_words(int(1_000_000 * s), 0.17)),
}

_CHILD = r"""
import resource, sys, time
from ficlens.cli import main
t = time.process_time()
rc = main(["analyze", sys.argv[1], "-o", sys.argv[2]])
print("CPU", time.process_time() - t, "RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      file=sys.stderr)
sys.exit(rc)
"""


def run_case(name: str, scale: float, timeout: float, tmp: Path) -> dict[str, object]:
    suffix, make = CASES[name]
    data = make(scale)
    path = tmp / f"{name}{suffix}"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    size = path.stat().st_size
    out = tmp / "out.json"
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(out)],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"case": name, "bytes": size, "wall": time.perf_counter() - t0, "cpu": None,
                "rss_mb": None, "outcome": f"TIMEOUT after {timeout:.0f}s"}
    wall = time.perf_counter() - t0
    cpu = rss = None
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith("CPU "):
            parts = ln.split()
            cpu, rss = float(parts[1]), int(parts[3]) / 1024
    errors = [ln for ln in lines if not ln.startswith("CPU ")]
    outcome = "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {' | '.join(errors)[:160]}"
    return {"case": name, "bytes": size, "wall": wall, "cpu": cpu, "rss_mb": rss, "outcome": outcome}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", nargs="*", help="case names (default: all)")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=1, help="runs per case (median printed)")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    if args.list:
        print("\n".join(CASES))
        return 0
    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        ap.error(f"unknown case {unknown[0]}; --list shows them")
    print(f"{'case':28} {'MB':>6} {'wall s':>8} {'cpu s':>8} {'s/MB':>6} {'RSS MB':>7}  outcome")
    bad = 0
    with tempfile.TemporaryDirectory(prefix="ficlens-hostile-") as d:
        for name in names:
            runs = [run_case(name, args.scale, args.timeout, Path(d)) for _ in range(max(1, args.repeat))]
            r = runs[0]
            mb = r["bytes"] / 1e6
            cpus = sorted(x["cpu"] for x in runs if x["cpu"] is not None)
            walls = sorted(x["wall"] for x in runs)
            rsses = [x["rss_mb"] for x in runs if x["rss_mb"] is not None]
            wall = walls[len(walls) // 2]
            cpu = cpus[len(cpus) // 2] if len(cpus) == len(runs) else None
            rss = max(rsses) if len(rsses) == len(runs) else None
            spent = cpu if cpu is not None else wall
            # 30 s per MB, with 10 s for starting up (loading the models) on a small input
            within = spent <= max(30 * mb, 10) and rss is not None and rss < 1024
            bad += not within
            spread = f" (CPU {cpus[0]:.1f}-{cpus[-1]:.1f} s in {len(runs)} runs)" if len(runs) > 1 and cpus else ""
            outcomes = sorted({x["outcome"] for x in runs})
            print(f"{name:28} {mb:6.2f} {wall:8.1f} "
                  f"{(cpu if cpu is not None else float('nan')):8.1f} {spent / max(mb, 0.1):6.1f} "
                  f"{(rss if rss is not None else float('nan')):7.0f}  "
                  f"{'' if within else 'OVER TARGET: '}{'; '.join(outcomes)}{spread}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
