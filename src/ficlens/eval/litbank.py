"""Proper-name person mentions against LitBank (``ficlens eval litbank``).

Why this measure: the cast is built from name mentions, so a missed or mis-cut name
loses a character or splits one. Gold spans are LitBank's PROP_PER entities (coreference
layer, brat format, nested spans included). Scores are exact-span and overlapping-span
precision/recall/F1, on the books of the held-out folds only (the mention model trains
on the others), with spaCy ``en_core_web_sm`` PERSON entities as shipped as baseline.
Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, InputError
from .data import data_root, default_root

DEFAULT_DATA = default_root()
TRAIN_FOLDS = (0, 1, 2, 3, 4, 5, 6, 7)
TEST_FOLDS = (8, 9)


@dataclass(frozen=True)
class Book:
    id: str
    text: str
    gold: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class Score:
    tp: int
    pred: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _litbank(data_dir: Path) -> Path:
    root = data_dir / "litbank"
    if not (root / "coref" / "brat").is_dir():
        raise InputError(f"LitBank not found at {root} (expected coref/brat inside)")
    return root


def parse_folds(spec: str) -> list[int]:
    """LitBank fold numbers from "8,9", "2-7" or "2-4,7": each 0-9, or a ConfigError."""
    out: list[int] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        lo, sep, hi = part.partition("-")
        try:
            first, last = (int(lo), int(hi)) if sep else (int(part), int(part))
        except ValueError:
            raise ConfigError(f"--folds: {part!r} is not a fold number or range (say e.g. 8,9 or 2-7)") from None
        if not 0 <= first <= last <= 9:
            raise ConfigError(f"--folds: {part!r} is outside LitBank's folds 0-9")
        out.extend(f for f in range(first, last + 1) if f not in out)
    if not out:
        raise ConfigError("--folds: no folds given (say e.g. 8,9 or 2-7)")
    return out


def fold_of_books(data_dir: Path) -> dict[str, int]:
    """Book id -> the fold whose test set holds it (LitBank's ten-fold coref splits)."""
    root = _litbank(data_dir) / "splits" / "litbank_tenfold_splits"
    out: dict[str, int] = {}
    for fold in range(10):
        ids = root / str(fold) / "test.ids"
        if ids.is_file():
            for line in ids.read_text(encoding="utf-8").split():
                out[line.removesuffix(".tsv").removesuffix("_brat")] = fold
    return out


def read_book(ann: Path) -> Book:
    """One brat book: its text and the set of PROP_PER spans."""
    text = ann.with_suffix(".txt").read_text(encoding="utf-8")
    gold = set()
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        fields = parts[1].split(" ")
        if fields[0] == "PROP_PER":
            gold.add((int(fields[1]), int(fields[2])))
    return Book(ann.stem.removesuffix("_brat"), text, frozenset(gold))


def load_books(data_dir: Path, folds: Iterable[int]) -> list[Book]:
    """The books of these folds that are present here, in a stable order."""
    wanted = set(folds)
    fold = fold_of_books(data_dir)
    brat = _litbank(data_dir) / "coref" / "brat"
    books = []
    for ann in sorted(brat.glob("*.ann")):
        book_id = ann.stem.removesuffix("_brat")
        if fold.get(book_id) in wanted:
            books.append(read_book(ann))
    return books


def score(pred: Iterable[tuple[int, int]], gold: Iterable[tuple[int, int]], *,
          overlap: bool = False) -> Score:
    """Exact or overlapping span match; each gold span matches at most one prediction."""
    pred = sorted(set(pred))
    gold = sorted(set(gold))
    if not overlap:
        return Score(len(set(pred) & set(gold)), len(pred), len(gold))
    used: set[int] = set()
    tp = 0
    for ps, pe in pred:
        for i, (gs, ge) in enumerate(gold):
            if i not in used and ps < ge and gs < pe:
                used.add(i)
                tp += 1
                break
    return Score(tp, len(pred), len(gold))


def ficlens_names(text: str) -> list[tuple[int, int]]:
    from ..characters.mentions import find_names

    return find_names(text)


def ficlens_cast_names(text: str) -> list[tuple[int, int]]:
    """The name mentions the characters stage keeps (model plus cast rules)."""
    from ..characters import find_characters
    from ..document import Document, Source

    doc = find_characters(Document(text=text, source=Source(path=None, format="text")))
    return [(m.start, m.end) for m in doc.mentions if m.kind == "name"]


def spacy_names(text: str) -> list[tuple[int, int]]:
    from ..nlp import spacy_pipeline

    nlp = spacy_pipeline(("tok2vec", "ner"))
    return [(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ == "PERSON"]


def evaluate(books: list[Book], system: Callable[[str], list[tuple[int, int]]]
             ) -> tuple[Score, Score, float]:
    """Micro-averaged exact and overlap scores and the seconds it took."""
    t0 = time.perf_counter()
    ex = [0, 0, 0]
    ov = [0, 0, 0]
    for book in books:
        pred = system(book.text)
        for acc, s in ((ex, score(pred, book.gold)), (ov, score(pred, book.gold, overlap=True))):
            acc[0] += s.tp
            acc[1] += s.pred
            acc[2] += s.gold
    return Score(*ex), Score(*ov), time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ficlens eval litbank", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="the shared data folder (default: $FICLENS_DATA or ../shared/data)")
    parser.add_argument("--folds", default=",".join(map(str, TEST_FOLDS)),
                        help="folds to report on, e.g. 8,9 or 2-7 (default: the held-out 8,9)")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy baseline")
    args = parser.parse_args(argv)
    args.data = data_root(args.data)
    folds = parse_folds(args.folds)
    books = load_books(args.data, folds)
    if not books:
        raise InputError(f"no LitBank books of folds {args.folds} under {args.data}")
    systems: list[tuple[str, Callable[[str], list[tuple[int, int]]]]] = [
        ("ficlens mention model", ficlens_names), ("ficlens characters", ficlens_cast_names)]
    if not args.no_spacy:
        systems.append(("spaCy en_core_web_sm", spacy_names))
    words = sum(len(b.text.split()) for b in books)
    print(f"LitBank PROP_PER mentions, folds {args.folds}: {len(books)} books, "
          f"{sum(len(b.gold) for b in books)} gold spans, {words} tokens")
    print(f"{'system':<22} {'exact P':>8} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}")
    for name, fn in systems:
        ex, ov, _ = evaluate(books, fn)
        print(f"{name:<22} {ex.precision:8.3f} {ex.recall:6.3f} {ex.f1:6.3f}   "
              f"{ov.precision:9.3f} {ov.recall:6.3f} {ov.f1:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
