"""Quotation detection against PDNC and LitBank (``python -m ficlens.eval.quotes``).

Why both: PDNC annotates every quotation of 20 whole novels (long-range effects such as
a stray mark or a quotation running over paragraphs show up there); LitBank covers 80
other books with other conventions (British single marks, Joyce's dashes).

PDNC is scored by the reference scorer ``../shared/tools/pdnc_score.py`` (run as a
subprocess on JSONL predictions with an empty speaker) and by :func:`lenient_counts`,
which applies the same lenient rule: a prediction hits a gold quotation when it covers at
least half of the content characters (not whitespace, not quote marks) of one of its
sub-spans. LitBank is scored with the same rule after its tokenised sample is aligned
back to the book's original text.

Split: the PDNC novels in alphabetical order; odd positions (1st, 3rd, ...) were used to
tune the rules, even positions are held out. Reusable helpers (``load_pdnc_novel``,
``detect``, ``write_predictions``, ``run_reference_scorer``) serve ``ficlens.eval.pdnc``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from .data import data_root, default_root, tools_dir

PDNC_DIR = default_root() / "pdnc" / "novels"
LITBANK_DIR = default_root() / "litbank"
SCORER = tools_dir(default_root()) / "pdnc_score.py"

QUOTE_MARKS = frozenset("\"'`\u201c\u201d\u2018\u2019\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033")

csv.field_size_limit(1 << 30)


# ---------------------------------------------------------------- data
@dataclass(frozen=True)
class GoldQuote:
    """One annotated quotation: its sub-spans (one per piece between speech tags)."""

    spans: tuple[tuple[int, int], ...]
    speaker: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Novel:
    name: str
    text: str
    gold: tuple[GoldQuote, ...]


def pdnc_novels(pdnc_dir: Path = PDNC_DIR) -> list[str]:
    """Names of the PDNC novels present, in alphabetical order."""
    if not pdnc_dir.is_dir():
        return []
    return sorted(d.name for d in pdnc_dir.iterdir() if (d / "novel_text.txt").is_file())


def split_novels(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """(tune, held_out): alphabetical odd positions (1st, 3rd, ...) tune, even are held out."""
    names = sorted(names)
    return names[0::2], names[1::2]


def load_pdnc_novel(name: str, pdnc_dir: Path = PDNC_DIR) -> Novel:
    """A PDNC novel: its text and gold quotations (spans are offsets into the text)."""
    d = pdnc_dir / name
    text = (d / "novel_text.txt").read_text(encoding="utf-8")
    gold = []
    with open(d / "quotation_info.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            spans = tuple((int(a), int(b)) for a, b in ast.literal_eval(r["quoteByteSpans"]))
            gold.append(GoldQuote(spans, r.get("speaker") or "", (r.get("quoteType") or "").strip()))
    return Novel(name, text, tuple(gold))


# ---------------------------------------------------------------- running ficlens
def _offset_map(src: str, dst: str) -> list[int]:
    """For each offset of ``dst``, the matching offset of ``src`` (plus one past the end).

    Why: the read stage may normalise the text (BOM, line ends, spaces); predictions must
    be offsets into the original file. Characters are matched in order; a few unmatched
    source characters (a BOM, a second space, a carriage return) are skipped.
    """
    out = [0] * (len(dst) + 1)
    i = 0
    n = len(src)
    for j, ch in enumerate(dst):
        if ch.isspace():
            out[j] = min(i, n)
            if i < n and src[i].isspace():
                i += 1
            continue
        k = i
        while k < n and k - i < 8 and src[k] != ch:
            k += 1
        if k < n and src[k] == ch:
            i = k
        out[j] = min(i, n)
        i += 1
    out[len(dst)] = min(i, n)
    return out


def detect(text: str, name: str | None = None) -> tuple[Document, list[tuple[int, int]]]:
    """Run read+segment+quotes on ``text``; quote spans as offsets into ``text`` itself."""
    from ..pipeline import load, run_stages

    doc = run_stages(load(text, name=name), until="quotes")
    spans = [(q.start, q.end) for q in doc.quotes]
    if doc.text != text:
        m = _offset_map(text, doc.text)
        spans = [(m[a], m[b - 1] + 1 if b > a else m[b]) for a, b in spans]
    return doc, spans


def write_predictions(path: Path, spans: Iterable[tuple[int, int]],
                      speakers: Iterable[str] | None = None) -> None:
    """One scorer JSONL line per predicted quotation: {"start", "end", "speaker"}."""
    sp = list(speakers) if speakers is not None else None
    with open(path, "w", encoding="utf-8") as f:
        for k, (a, b) in enumerate(spans):
            f.write(json.dumps({"start": a, "end": b, "speaker": sp[k] if sp else ""}) + "\n")


def run_reference_scorer(pred_dir: Path, novels: Sequence[str], pdnc_dir: Path = PDNC_DIR,
                         scorer: Path = SCORER) -> dict:
    """The reference scorer's JSON output for ``novels`` (predictions in ``pred_dir``)."""
    cmd = [sys.executable, str(scorer), "--pdnc", str(pdnc_dir), "--pred", str(pred_dir),
           "--novels", ",".join(novels), "--json"]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


# ---------------------------------------------------------------- our own lenient scoring
@dataclass
class Counts:
    n_gold: int = 0
    n_pred: int = 0
    tp_pred: int = 0
    found: int = 0

    def add(self, other: Counts) -> None:
        self.n_gold += other.n_gold
        self.n_pred += other.n_pred
        self.tp_pred += other.tp_pred
        self.found += other.found

    def prf(self) -> tuple[float, float, float]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.found / self.n_gold if self.n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _content_prefix(text: str) -> list[int]:
    pre = [0] * (len(text) + 1)
    c = 0
    for i, ch in enumerate(text):
        if not (ch.isspace() or ch in QUOTE_MARKS):
            c += 1
        pre[i + 1] = c
    return pre


def lenient_match(text: str, gold: Sequence[GoldQuote], preds: Sequence[tuple[int, int]],
                  prefix: list[int] | None = None) -> tuple[list[bool], list[bool]]:
    """(gold found?, prediction hits?) under the PDNC lenient rule (>= 50% content overlap
    of one gold sub-span)."""
    pre = prefix if prefix is not None else _content_prefix(text)
    n = len(text)

    def cont(a: int, b: int) -> int:
        a, b = max(0, min(a, n)), max(0, min(b, n))
        return pre[b] - pre[a] if b > a else 0

    order = sorted(range(len(preds)), key=lambda i: preds[i])
    starts = [preds[i][0] for i in order]
    maxend: list[int] = []
    m = -1
    for i in order:
        m = max(m, preds[i][1])
        maxend.append(m)
    found = [False] * len(gold)
    hit = [False] * len(preds)
    for gi, g in enumerate(gold):
        for s, e in g.spans:
            need = cont(s, e) or (e - s)
            if need <= 0:
                continue
            raw = cont(s, e) == 0
            j = bisect_left(starts, e) - 1
            while j >= 0 and maxend[j] > s:
                pi = order[j]
                a, b = max(s, preds[pi][0]), min(e, preds[pi][1])
                if b > a:
                    ov = (b - a) if raw else cont(a, b)
                    if ov > 0 and 2 * ov >= need:
                        found[gi] = True
                        hit[pi] = True
                j -= 1
    return found, hit


def lenient_counts(text: str, gold: Sequence[GoldQuote], preds: Sequence[tuple[int, int]]) -> Counts:
    found, hit = lenient_match(text, gold, preds)
    return Counts(len(gold), len(preds), sum(hit), sum(found))


@dataclass
class Grouping:
    """How well spans are grouped into utterances, against gold quotations.

    ``merged_ok`` of ``merged``: our multi-span utterances whose spans all belong to one
    gold quotation; ``whole`` of ``multi``: gold multi-span quotations whose predicted
    spans all fall in one of our utterances.
    """

    merged: int = 0
    merged_ok: int = 0
    multi: int = 0
    whole: int = 0

    def add(self, other: Grouping) -> None:
        self.merged += other.merged
        self.merged_ok += other.merged_ok
        self.multi += other.multi
        self.whole += other.whole


def utterance_grouping(gold: Sequence[GoldQuote], spans: Sequence[tuple[int, int]],
                       utterance: Sequence[int]) -> Grouping:
    """Compare our utterance of each span with the gold quotation it overlaps most."""
    subs = sorted((s, e, gi) for gi, g in enumerate(gold) for s, e in g.spans)
    starts = [x[0] for x in subs]
    longest = max((e - s for s, e, _ in subs), default=0)

    def gold_of(a: int, b: int) -> int | None:
        best, best_ov = None, 0
        k = bisect_left(starts, b) - 1
        while k >= 0 and subs[k][0] > a - longest:
            s, e, gi = subs[k]
            ov = min(b, e) - max(a, s)
            if ov > best_ov:
                best, best_ov = gi, ov
            k -= 1
        return best

    g_of = [gold_of(a, b) for a, b in spans]
    by_utt: dict[int, list[int | None]] = {}
    by_gold: dict[int, set[int]] = {}
    for k, u in enumerate(utterance):
        by_utt.setdefault(u, []).append(g_of[k])
        if g_of[k] is not None:
            by_gold.setdefault(g_of[k], set()).add(u)
    out = Grouping()
    for gs in by_utt.values():
        if len(gs) > 1:
            out.merged += 1
            out.merged_ok += int(None not in gs and len(set(gs)) == 1)
    for gi, us in by_gold.items():
        if len(gold[gi].spans) > 1:
            out.multi += 1
            out.whole += int(len(us) == 1)
    return out


# ---------------------------------------------------------------- LitBank
def _litbank_items(litbank_dir: Path) -> list[tuple[str, Path, Path, Path]]:
    qdir = litbank_dir / "quotations" / "tsv"
    out = []
    for ann in sorted(qdir.glob("*_brat.ann")):
        stem = ann.name[: -len("_brat.ann")]
        orig = litbank_dir / "original" / f"{stem}.txt"
        tok = qdir / f"{stem}_brat.txt"
        if orig.is_file() and tok.is_file():
            out.append((stem, ann, tok, orig))
    return out


def _align_tokens(tokens: list[str], original: str) -> list[tuple[int, int] | None]:
    """Character span in ``original`` of each token of LitBank's tokenised sample."""
    first = "".join(tokens[:40]).replace(" ", "")
    squeezed_idx = [i for i, ch in enumerate(original) if not ch.isspace()]
    squeezed = "".join(original[i] for i in squeezed_idx)
    pos = squeezed.find(first[:200])
    if pos < 0:
        pos = 0
    out: list[tuple[int, int] | None] = []
    for tok in tokens:
        k = squeezed.find(tok, pos, pos + 60 + len(tok))
        if k < 0:
            out.append(None)
            continue
        out.append((squeezed_idx[k], squeezed_idx[k + len(tok) - 1] + 1))
        pos = k + len(tok)
    return out


def load_litbank_book(ann: Path, tok: Path, orig: Path) -> tuple[Novel, tuple[int, int]] | None:
    """A LitBank book (original text, gold quotations mapped onto it) and the span of
    the original that the annotated sample covers."""
    original = orig.read_text(encoding="utf-8")
    sentences = [line.split(" ") for line in tok.read_text(encoding="utf-8").split("\n")]
    flat: list[str] = []
    index: dict[tuple[int, int], int] = {}
    for si, toks in enumerate(sentences):
        for ti, t in enumerate(toks):
            if t:
                index[(si, ti)] = len(flat)
                flat.append(t)
    spans = _align_tokens(flat, original)
    gold = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 6 or f[0] != "QUOTE":
            continue
        a = index.get((int(f[2]), int(f[3])))
        b = index.get((int(f[4]), int(f[5])))
        if a is None or b is None or spans[a] is None or spans[b] is None:
            continue
        gold.append(GoldQuote(((spans[a][0], spans[b][1]),)))
    mapped = [s for s in spans if s is not None]
    if not mapped:
        return None
    return Novel(orig.stem, original, tuple(gold)), (mapped[0][0], mapped[-1][1])


def litbank_eval(litbank_dir: Path = LITBANK_DIR, verbose: bool = False) -> Counts:
    """Lenient P/R/F1 of quotation spans over LitBank's annotated samples."""
    total = Counts()
    for stem, ann, tok, orig in _litbank_items(litbank_dir):
        loaded = load_litbank_book(ann, tok, orig)
        if loaded is None:
            continue
        book, (lo, hi) = loaded
        _, spans = detect(book.text, name=stem)
        preds = [(a, b) for a, b in spans if b > lo and a < hi]
        c = lenient_counts(book.text, book.gold, preds)
        total.add(c)
        if verbose:
            p, r, f = c.prf()
            print(f"  {stem[:40]:40s} gold {c.n_gold:4d} pred {c.n_pred:4d} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return total


# ---------------------------------------------------------------- command
def pdnc_eval(names: Sequence[str], pdnc_dir: Path = PDNC_DIR, verbose: bool = False,
              reference: bool = True) -> tuple[Counts, dict | None, float, Grouping]:
    """(our counts, reference scorer JSON or None, words per second of read+segment+quotes,
    utterance grouping)."""
    from ..segment import count_words

    total = Counts()
    grouping = Grouping()
    words = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="ficlens-quotes-") as tmp:
        for name in names:
            novel = load_pdnc_novel(name, pdnc_dir)
            t0 = time.perf_counter()
            doc, spans = detect(novel.text, name=name)
            seconds += time.perf_counter() - t0
            grouping.add(utterance_grouping(novel.gold, spans, [q.utterance for q in doc.quotes]))
            words += count_words(novel.text)
            write_predictions(Path(tmp) / f"{name}.jsonl", spans)
            c = lenient_counts(novel.text, novel.gold, spans)
            total.add(c)
            if verbose:
                p, r, f = c.prf()
                print(f"  {name:30s} gold {c.n_gold:5d} pred {c.n_pred:5d} P {p:.4f} R {r:.4f} F1 {f:.4f}")
        ref = run_reference_scorer(Path(tmp), names, pdnc_dir) if reference and SCORER.is_file() else None
    return total, ref, (words / seconds if seconds else 0.0), grouping


def _line(label: str, c: Counts, ref: dict | None) -> str:
    p, r, f = c.prf()
    s = f"{label:28s} gold {c.n_gold:6d} pred {c.n_pred:6d}  P {p:.4f} R {r:.4f} F1 {f:.4f}"
    if ref is not None:
        m = ref["micro"]
        s += f"   [reference scorer: P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f}]"
    return s


def main(argv: Sequence[str] | None = None) -> int:
    """Print PDNC (tune / held-out / all) and LitBank quotation detection scores."""
    ap = argparse.ArgumentParser(prog="python -m ficlens.eval.quotes", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path,
                    help="the shared data folder (default: $FICLENS_DATA or ../shared/data)")
    ap.add_argument("--pdnc", type=Path, help="PDNC novels folder (default: DATA/pdnc/novels)")
    ap.add_argument("--litbank", type=Path, help="LitBank folder (default: DATA/litbank)")
    ap.add_argument("--split", choices=("tune", "test", "all"), default="all",
                    help="which PDNC novels: tune (odd positions), test (held out) or all")
    ap.add_argument("--novels", help="comma list of PDNC novels (overrides --split)")
    ap.add_argument("--no-litbank", action="store_true")
    ap.add_argument("--no-reference", action="store_true", help="skip the reference scorer")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per novel")
    args = ap.parse_args(argv)
    if args.pdnc is None or args.litbank is None:
        root = data_root(args.data)
        args.pdnc = args.pdnc or root / "pdnc" / "novels"
        args.litbank = args.litbank or root / "litbank"

    names = pdnc_novels(args.pdnc)
    if not names:
        print(f"no PDNC novels in {args.pdnc}", file=sys.stderr)
        return 2
    tune, test = split_novels(names)
    print(f"PDNC tune (odd positions): {', '.join(tune)}")
    print(f"PDNC held out (even positions): {', '.join(test)}")
    groups: list[tuple[str, list[str]]]
    if args.novels:
        groups = [("selected", [n.strip() for n in args.novels.split(",") if n.strip()])]
    elif args.split == "tune":
        groups = [("tune", tune)]
    elif args.split == "test":
        groups = [("held-out", test)]
    else:
        groups = [("tune", tune), ("held-out", test)]
    overall = Counts()
    for label, group in groups:
        c, ref, wps, grp = pdnc_eval(group, args.pdnc, args.verbose, not args.no_reference)
        overall.add(c)
        print(_line(f"PDNC {label}", c, ref) + f"  ({wps:,.0f} words/s)")
        print(f"{'':28s} utterances: {grp.merged_ok}/{grp.merged} merges within one gold quote "
              f"({grp.merged_ok / max(grp.merged, 1):.1%}); {grp.whole}/{grp.multi} gold multi-span "
              f"quotes kept whole ({grp.whole / max(grp.multi, 1):.1%})")
    if len(groups) > 1:
        print(_line("PDNC all", overall, None))
    if not args.no_litbank and (args.litbank / "quotations").is_dir():
        print(_line("LitBank", litbank_eval(args.litbank, args.verbose), None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
