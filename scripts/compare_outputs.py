"""Dump ficlens's JSON for a fixed set of inputs, or compare it with a saved dump.

Why: a refactor that should not change behaviour is checked byte for byte.
Save a reference before the change, then check after it::

    python scripts/compare_outputs.py save /tmp/i13-ref
    python scripts/compare_outputs.py check /tmp/i13-ref

The inputs are the sample chapter, the first ``--ao3`` AO3 works (sorted by file
name) and the PDNC novels ``--pdnc`` when ../shared/data is present. Exit code 1
when any output differs (the differing names are printed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def inputs(ao3: int, pdnc: str) -> list[tuple[str, Path]]:
    out = [("sample", SHARED / "samples" / "greys-anatomy-prom-chapter.txt")]
    works = SHARED / "data" / "ao3" / "works"
    if works.is_dir():
        for p in sorted(works.glob("*.html"))[:ao3]:
            out.append((f"ao3-{p.stem}", p))
    for name in filter(None, pdnc.split(",")):
        novel = SHARED / "data" / "pdnc" / "novels" / name / "novel_text.txt"
        if novel.is_file():
            out.append((f"pdnc-{name}", novel))
    return [(n, p) for n, p in out if p.is_file()]


def dump(path: Path) -> str:
    """The JSON, or the one-line error for a file ficlens refuses (compared the same)."""
    import ficlens

    try:
        return ficlens.analyze(path).to_json() + "\n"
    except ficlens.FiclensError as exc:
        return f"error: {exc}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["save", "check"])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--ao3", type=int, default=12, help="how many AO3 works (default 12)")
    ap.add_argument("--pdnc", default="DaisyMiller", help="PDNC novels, comma-separated ('' for none; 'all')")
    args = ap.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    differ = []
    if args.pdnc == "all":
        args.pdnc = ",".join(sorted(p.name for p in (SHARED / "data" / "pdnc" / "novels").iterdir()
                                    if (p / "novel_text.txt").is_file()))
    items = inputs(args.ao3, args.pdnc)
    for name, path in items:
        text = dump(path)
        target = args.folder / f"{name}.json"
        if args.action == "save":
            target.write_text(text, encoding="utf-8")
        elif not target.is_file() or target.read_text(encoding="utf-8") != text:
            differ.append(name)
    if args.action == "save":
        print(f"saved {len(items)} outputs in {args.folder}")
        return 0
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(items) - len(differ)} of {len(items)} outputs identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
