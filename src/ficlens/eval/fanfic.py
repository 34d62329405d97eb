"""``ficlens eval fanfic``: speaker and addressee attribution on hand-annotated fan fiction.

The data (``../shared/data/fanfic_speakers``, see its README) records the speaker and
addressees of every utterance of 9 real AO3 works (``../shared/data/ao3/works``), in
reading order. Each work is analysed as a user would (``ficlens analyze`` on the HTML
file, run up to the speakers stage); each gold utterance is matched, per work and in
order, to the next of our quotations whose content (the text after its opening mark,
whitespace collapsed) starts with the gold ``quote`` key (or is a prefix of it, when we
split a quotation). Speaker accuracy counts a gold utterance right when our speaker's
name or one of its aliases equals the gold ``speaker`` or one of its
``speaker_aliases`` (case-insensitive); unmatched utterances count as wrong.
``not_speech`` lines are left out of speaker accuracy and reported apart (share given
no speaker). Addressee accuracy: of the utterances with gold addressees, the share
where one of ours names one of them.

``--works`` picks works by file-name prefix; ``--split dev|test`` uses the fixed
division below (3 of 9 works held out for testing, chosen by sorted file name, every
third starting with the third).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from .data import data_root, default_root

DEFAULT_DATA = default_root()
KINDS = ("explicit", "anaphoric", "implicit")
_MARKS = "\"'\u201c\u201d\u2018\u2019`\u00ab\u00bb"


@dataclass(frozen=True)
class Gold:
    file: str
    n: int
    quote: str
    speaker: str | None
    speaker_names: frozenset[str]
    addressees: frozenset[str]
    kind: str
    confidence: str


def _fold(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).casefold()


def load_gold(data: Path) -> dict[str, list[Gold]]:
    """Gold utterances per work file, in reading order."""
    path = data / "fanfic_speakers" / "gold.jsonl"
    if not path.is_file():
        raise ConfigError(f"{path}: fan-fiction speaker data not found")
    out: dict[str, list[Gold]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        names = frozenset(_fold(x) for x in [r["speaker"], *r.get("speaker_aliases", [])] if x)
        out.setdefault(r["file"], []).append(Gold(
            r["file"], int(r["n"]), r["quote"], r["speaker"], names,
            frozenset(_fold(a) for a in r.get("addressees", [])), r["kind"], r.get("confidence", "sure")))
    for v in out.values():
        v.sort(key=lambda g: g.n)
    return out


def split_works(files: list[str]) -> dict[str, list[str]]:
    """3 of the 9 works (sorted names, every third from the third) are kept for testing."""
    files = sorted(files)
    test = [f for i, f in enumerate(files) if i % 3 == 2]
    return {"dev": [f for f in files if f not in test], "test": test}


def _content(text: str, start: int, end: int) -> str:
    s = start
    while s < end and text[s] in _MARKS:
        s += 1
    return _fold(text[s:end])


def match(golds: list[Gold], doc) -> list[int | None]:
    """For each gold utterance, the index of our utterance holding the quotation it keys (or None)."""
    quotes = []  # (content, utterance index) in text order
    utt_of = {}
    for ui, u in enumerate(doc.utterances):
        for qi in u.quotes:
            utt_of[qi] = ui
    for qi in sorted(range(len(doc.quotes)), key=lambda i: doc.quotes[i].start):
        q = doc.quotes[qi]
        quotes.append((_content(doc.text, q.start, q.end), utt_of.get(qi)))
    out: list[int | None] = []
    pos = 0
    for g in golds:
        key = _fold(g.quote)
        found = None
        for j in range(pos, len(quotes)):
            c = quotes[j][0]
            if c and (c.startswith(key) or (len(c) >= 3 and key.startswith(c))):
                found = j
                break
        if found is None:
            out.append(None)
            continue
        pos = found + 1
        out.append(quotes[found][1])
    return out


def _names(doc) -> dict[str, frozenset[str]]:
    return {c.id: frozenset(_fold(n) for n in (c.name, *c.aliases, *c.variants) if n) for c in doc.characters}


def analyse(path: Path):
    """The document a user gets, run through the speakers stage (and pov, which fixes nothing here)."""
    from ..pipeline import analyze

    return analyze(path, until="speakers").document


def evaluate(data: Path, files: list[str]) -> dict:
    gold = load_gold(data)
    works = data / "ao3" / "works"
    acc = {"all": [0, 0], **{k: [0, 0] for k in KINDS}, "sure": [0, 0]}
    addr = [0, 0]
    unmatched = 0
    not_speech = [0, 0]
    per_work: dict[str, list[int]] = {}
    words = 0
    t0 = time.perf_counter()
    for f in files:
        if f not in gold:
            raise ConfigError(f"{f}: no gold utterances")
        doc = analyse(works / f)
        words += len(doc.text.split())
        names = _names(doc)
        idx = match(gold[f], doc)
        pw = per_work.setdefault(f, [0, 0])
        for g, ui in zip(gold[f], idx, strict=True):
            u = doc.utterances[ui] if ui is not None else None
            if g.kind == "not_speech":
                not_speech[1] += 1
                not_speech[0] += int(u is None or u.speaker is None)
                continue
            unmatched += int(u is None)
            ok = bool(u is not None and u.speaker and names.get(u.speaker, frozenset()) & g.speaker_names)
            for k in ("all", g.kind) + (("sure",) if g.confidence == "sure" else ()):
                if k in acc:
                    acc[k][0] += int(ok)
                    acc[k][1] += 1
            pw[0] += int(ok)
            pw[1] += 1
            if g.addressees:
                addr[1] += 1
                addr[0] += int(bool(u is not None and any(names.get(a, frozenset()) & g.addressees
                                                          for a in u.addressees)))
    return {"works": files, "accuracy": {k: (v[0] / v[1] if v[1] else 0.0) for k, v in acc.items()},
            "counts": acc, "addressee_accuracy": addr[0] / addr[1] if addr[1] else 0.0, "addressee_n": addr[1],
            "unmatched": unmatched, "not_speech_no_speaker": not_speech,
            "per_work": {k: v[0] / v[1] if v[1] else 0.0 for k, v in per_work.items()},
            "seconds": time.perf_counter() - t0, "words": words}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="ficlens eval fanfic", description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="the shared data folder (default: $FICLENS_DATA or ../shared/data)")
    ap.add_argument("--split", choices=["all", "dev", "test"], default="all",
                    help="all 9 works, or the 6 development / 3 test works (split_works)")
    ap.add_argument("--works", default="", help="comma list of file-name prefixes (overrides --split)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    args.data = data_root(args.data)
    files = sorted(load_gold(args.data))
    if args.works:
        pre = [p.strip().casefold() for p in args.works.split(",") if p.strip()]
        files = [f for f in files if any(f.casefold().startswith(p) for p in pre)]
    elif args.split != "all":
        files = split_works(files)[args.split]
    if not files:
        raise ConfigError("no works selected")
    r = evaluate(args.data, files)
    if args.json:
        print(json.dumps(r, indent=1))
        return 0
    c = r["counts"]
    print(f"Fan-fiction speakers ({len(files)} works, {r['words']:,} words; not_speech lines left out)")
    for k in ("all", *KINDS, "sure"):
        print(f"  speaker accuracy {k:10s} {100 * r['accuracy'][k]:5.1f}%  ({c[k][0]}/{c[k][1]})")
    print(f"  addressee accuracy          {100 * r['addressee_accuracy']:5.1f}%  of {r['addressee_n']}")
    print(f"  gold utterances not matched to a quotation of ours: {r['unmatched']}")
    ns = r["not_speech_no_speaker"]
    print(f"  not_speech lines given no speaker: {ns[0]}/{ns[1]}")
    for f, a in r["per_work"].items():
        print(f"    {f:40s} {100 * a:5.1f}%")
    print(f"  {r['seconds']:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
