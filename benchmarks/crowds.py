"""Crowds of generated names, each kind at N and 4N: CPU time of every stage.

    python benchmarks/crowds.py [KIND ...] [--n 1000] [--list]

Why: a stage that is linear on novels can still be quadratic when a text has
thousands of people (a list of names, "Dr. X" beside a bare "X", a family per
paragraph). Each kind of crowd below is analysed at N and 4N paragraphs, in a fresh
process per kind (so no cache carries over from another kind), after a small warm-up
text, twice each (the smaller time per stage); a stage whose CPU time grows more than 5x (and takes over 0.3 s at 4N) is
flagged. The names are made up, nine letters, far apart from one another, so the
similar pairs are the ones a kind makes on purpose. This is a search tool, not a
test: what it finds gets a scaling test in tests/test_hostile.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from made_up_names import random_names as names  # noqa: E402  (shared with the tests)


def _kinds(nm: list[str]) -> dict[str, Callable[[int], str]]:
    def n(i: int) -> str:
        return nm[i]

    def slip(x: str) -> str:  # one letter changed: a second spelling
        return x[:-2] + ("y" if x[-2] != "y" else "e") + x[-1]

    return {
        "mr-mrs-bare": lambda i: f"Mr. {n(i)} came in with Mrs. {n(i)}. {n(i)} sat down and she smiled.\n\n",
        "dr-bare-slip": lambda i: f"Dr. {n(i)} looked up. {n(i)} frowned. \"Fine,\" said {slip(n(i))}.\n\n",
        "given-pronoun": lambda i: f"{n(i)} walked in. She smiled. \"Hello,\" {n(i)} said.\n\n",
        "vocative": lambda i: f"\"{n(i)}, come here,\" said {n(i + 1)} {n(i + 2)}. {n(i)} came.\n\n",
        "three-words": lambda i: f"Mary {n(i)} {n(i + 1)} arrived. Mary {n(i)} waved. Miss {n(i + 1)} sat.\n\n",
        "lists": lambda i: f"{n(4 * i)}, {n(4 * i + 1)}, {n(4 * i + 2)} and {n(4 * i + 3)} came in.\n\n",
        "possessive": lambda i: f"{n(i)}'s dog barked at {n(i + 1)}'s cat.\n\n",
        "young-elder": lambda i: f"Tom {n(i)} and young Tom {n(i)} spoke. Young Tom laughed.\n\n",
        "ranks": lambda i: f"Colonel {n(i)} saluted Captain {n(i)}. The Colonel left.\n\n",
        "nicknames": lambda i: f"Elizabeth {n(i)} laughed. Lizzy {n(i)} smiled. Liz ran.\n\n",
        "families": lambda i: f"Tom {n(i)} came in. Mr. {n(i)} sat down. {n(i)} smiled.\n\n",
        "conversation": lambda i: f"\"Yes,\" said {n(i)}. \"No,\" said {n(i + 1)}. \"Maybe,\" he said.\n\n",
        "one-paragraph": lambda i: f"Mr. {n(i)} nodded to {n(i + 1)}. \"Hi,\" she said. ",
        "couples": lambda i: (f"{n(i)} kissed {n(i + 1)} and held her hand. "
                              f"\"I love you,\" {n(i)} said to {n(i + 1)}.\n\n"),
        "chapters": lambda i: f"Chapter {i + 1}\n\n{n(i % 50)} went home.\n\n",
    }


_CHILD = r"""
import gc, json, sys
sys.path.insert(0, sys.argv[1])
import crowds
from ficlens import Pipeline
from ficlens.read import read_text
kind, n = sys.argv[2], int(sys.argv[3])
make = crowds._kinds(crowds.names(5 * 4 * n + 10))[kind]
Pipeline().run(read_text("".join(make(i) for i in range(20)), name="warm-up"))
out = {}
for k in (n, 4 * n):
    text = "".join(make(i) for i in range(k))
    for _ in range(2):  # the smaller of two runs per stage: a busy machine's pauses hit one run
        tm = {}
        gc.collect()
        gc.disable()
        Pipeline().run(read_text(text, name=kind), timings=tm)
        gc.enable()
        out[k] = {s: min(t, out.get(k, tm)[s]) for s, t in tm.items()}
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kinds", nargs="*", help="kinds of crowd (default: all)")
    ap.add_argument("--n", type=int, default=1000, help="paragraphs at the small size")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    kinds = list(_kinds(names(10)).keys()) if not args.kinds else args.kinds
    if args.list:
        print("\n".join(_kinds(names(10))))
        return 0
    known = _kinds(names(10))
    unknown = [k for k in kinds if k not in known]
    if unknown:
        ap.error(f"unknown kind {unknown[0]}; --list shows them")
    flagged = 0
    print(f"{'kind':16} {'N s':>7} {'4N s':>7} {'ratio':>6}  stages over 5x")
    for kind in kinds:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(Path(__file__).parent), kind, str(args.n)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{kind:16} failed: {proc.stderr.strip().splitlines()[-1:]}")
            flagged += 1
            continue
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        small, big = res[str(args.n)], res[str(4 * args.n)]
        slow = {s: f"{small[s]:.2f}->{big[s]:.2f}" for s in big
                if big[s] > 0.3 and big[s] / max(small.get(s, 0.0), 0.06) > 5}
        flagged += bool(slow)
        a, b = sum(small.values()), sum(big.values())
        print(f"{kind:16} {a:7.2f} {b:7.2f} {b / max(a, 1e-9):6.1f}  {slow or ''}", flush=True)
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
