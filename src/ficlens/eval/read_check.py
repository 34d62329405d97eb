"""Check the AO3 reader against ``labels.csv``: do the tags read from each file match?

Why: ``labels.csv`` was made from the files' own prefaces, so any mismatch is a reader
bug (a tag lost, split or merged), and the word count of the story text tells whether
the preface, notes or afterword leaked into the story. Run:

    python -m ficlens.eval.read_check [--data ../shared/data] [--limit N] [--offset K]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .data import data_root

FIELDS = {  # labels.csv column -> metadata key
    "rating": "rating",
    "warnings": "warnings",
    "categories": "categories",
    "fandoms": "fandoms",
    "relationships": "relationships",
    "characters": "characters",
    "freeforms": "additional_tags",
}
_PREFACE_MARKERS = ("Posted originally on the", "Archive Warning:", "See the end of the work for")
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def _joined(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value)


def check(data_dir: Path, *, offset: int = 0, limit: int | None = None) -> dict[str, object]:
    """Field-by-field agreement, word-count agreement and preface leaks over the works."""
    from ..errors import FiclensError
    from ..read import read_path

    ao3 = data_dir / "ao3"
    rows = list(csv.DictReader((ao3 / "labels.csv").open(encoding="utf-8")))
    rows = rows[offset: None if limit is None else offset + limit]
    agree = {f: 0 for f in FIELDS}
    both = 0
    words_close = 0
    leaks = 0
    errors: list[str] = []
    mismatches: list[str] = []
    start = time.perf_counter()
    for row in rows:
        try:
            doc = read_path(ao3 / "works" / row["file"])
        except FiclensError as exc:
            errors.append(str(exc))
            continue
        meta = doc.source.metadata
        for col, key in FIELDS.items():
            if _joined(meta.get(key)) == row[col]:
                agree[col] += 1
            elif len(mismatches) < 10:
                mismatches.append(f"{row['file']}: {col}: {_joined(meta.get(key))!r} != {row[col]!r}")
        if meta.get("rating") == row["rating"] and _joined(meta.get("fandoms")) == row["fandoms"]:
            both += 1
        expected = int(meta.get("stats", {}).get("words") or 0)
        got = len(_WORD_RE.findall(doc.text))
        if expected and abs(got - expected) <= max(5, 0.02 * expected):
            words_close += 1
        # Summaries often quote the story, so look for what only a preface holds.
        work_notes = [n.text for n in doc.source.notes if n.kind in ("note", "end_note") and n.chapter is None]
        if any(marker in doc.text for marker in _PREFACE_MARKERS) or any(
            len(t) > 60 and t in doc.text for t in work_notes
        ):
            leaks += 1
    n = len(rows)
    return {
        "works": n,
        "read_errors": len(errors),
        "rating_and_fandoms": both / n if n else 0.0,
        "fields": {col: agree[col] / n if n else 0.0 for col in FIELDS},
        "words_within_2pct_of_ao3": words_close / n if n else 0.0,
        "preface_in_text": leaks,
        "seconds": round(time.perf_counter() - start, 2),
        "examples": mismatches + errors[:5],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ficlens eval read_check", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the shared data folder (default: $FICLENS_DATA or ../shared/data)")
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    args.data = data_root(args.data)
    result = check(Path(args.data), offset=args.offset, limit=args.limit)
    for key, value in result.items():
        if key == "examples":
            for line in value:  # type: ignore[union-attr]
                print(f"  {line}")
        elif key == "fields":
            for col, frac in value.items():  # type: ignore[union-attr]
                print(f"{col:>24}: {frac:.4f}")
        else:
            print(f"{key:>24}: {value:.4f}" if isinstance(value, float) else f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
