"""Build cast packs for the fandoms most frequent in ../shared/data/ao3/labels.csv.

``python scripts/build_cast_packs.py [--out DIR] [--train-only]``

The work is done by :func:`ficlens.packs.build_packs` (fandom families and canon
nicknames are listed there). ``--train-only`` uses the training split only
(``ficlens eval ao3 --split heldout`` does that by itself); the shipped packs are
built from all works. The Grey's Anatomy pack is written by hand and copied along.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.eval.ao3 import default_data_dir, load_labels, split  # noqa: E402
from ficlens.eval.ao3_packs import build_packs  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "ficlens" / "characters" / "packs")
    ap.add_argument("--train-only", action="store_true")
    args = ap.parse_args()
    rows = load_labels(args.data)
    if args.train_only:
        rows = split(rows)[0]
    for line in build_packs(rows, args.out):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
