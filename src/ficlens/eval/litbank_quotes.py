"""Quotation speakers against LitBank (``python -m ficlens.eval.litbank_quotes``).

Why this measure: PDNC is where the speaker model was trained, so LitBank's quotation
layer (about 1,400 quotes in 80 excerpts of 100 books, different authors and eras) is
data the speaker model has never seen. Gold quotes and coreference mentions are given as
(sentence, token) coordinates into the tokenised ``coref/brat/*.txt`` (one sentence per
line, tokens split by spaces). Running ficlens on that tokenised text would be unfair
(no paragraphs, spaces before every comma), so each excerpt is aligned token by token to
the original Gutenberg novel in ``original/`` and ficlens reads the original passage with
its real paragraphs; gold spans are mapped to character offsets in that passage.

Quote match is lenient as in ``pdnc_score.py``: our quote hits a gold quote when it
covers >= 50% of the gold quote's content characters (not whitespace, not quote marks).
The speaker is right when our speaker character meets the gold speaker's coreference
chain: one of our names/aliases equals (normalised) a proper-name mention of the chain,
or one of our mentions of that character overlaps a chain mention with IoU >= 0.5 (IoU,
not plain overlap, so that "his" inside "his lady" does not stand for the lady).
Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..speakers.narrator import NARRATOR_ID
from .data import data_root
from .litbank import TEST_FOLDS, fold_of_books

QUOTE_MARKS = set('"\'`\u201c\u201d\u2018\u2019\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033')
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]yself|[Mm]ine)\b")
_WINDOW = 400  # how far ahead of the cursor a token may be found in the original


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    speaker: str  # coreference chain id, e.g. "Mrs_Bennet-7"


@dataclass(frozen=True)
class Book:
    id: str
    text: str  # the original passage ficlens reads
    quotes: tuple[GoldQuote, ...]
    chains: dict[str, tuple[tuple[int, int], ...]]  # chain id -> mention char spans
    names: dict[str, frozenset[str]]  # chain id -> normalised PROP mention texts
    aligned: float  # share of excerpt tokens found in the original


def normalise(name: str) -> str:
    """Casefold, drop apostrophes, other punctuation to space, collapse spaces."""
    s = re.sub(r"['\u2019\u2018`]", "", name.casefold())
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def content_chars(text: str, start: int, end: int) -> set[int]:
    """Offsets in [start, end) that are neither whitespace nor a quote mark."""
    return {i for i in range(start, end) if not text[i].isspace() and text[i] not in QUOTE_MARKS}


def covers(text: str, pred: tuple[int, int], gold: tuple[int, int]) -> int:
    """Content characters of ``gold`` covered by ``pred`` when that is >= 50%, else 0."""
    g = content_chars(text, *gold)
    if not g:
        return 0
    n = sum(1 for i in g if pred[0] <= i < pred[1])
    return n if 2 * n >= len(g) else 0


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def align_tokens(tokens: Sequence[str], original: str) -> list[tuple[int, int] | None]:
    """Character span of each token in ``original``, or None where it was not found.

    The excerpt's first tokens are located with a whitespace-tolerant regex; after that a
    cursor walks forward, each token searched within a short window so that a token the
    tokeniser changed cannot drag the cursor far ahead."""
    out: list[tuple[int, int] | None] = [None] * len(tokens)
    cursor = -1
    for k in (12, 8, 5, 2):
        head = list(tokens[:k])
        pattern = r"\s*".join(re.escape(t) for t in head)
        m = re.search(pattern, original) if head else None
        if m:
            cursor = m.start()
            break
    if cursor < 0:
        return out
    for i, tok in enumerate(tokens):
        j = original.find(tok, cursor, cursor + _WINDOW + len(tok))
        if j >= 0 and (j - cursor <= 40 or (len(tok) >= 3 and tok.isalnum())):
            out[i] = (j, j + len(tok))
            cursor = j + len(tok)
    return out


def _read_tokens(txt: Path) -> list[list[str]]:
    return [line.split(" ") if line else [] for line in txt.read_text(encoding="utf-8").split("\n")]


def token_spans(sentences: list[list[str]], original: str
                ) -> tuple[dict[tuple[int, int], tuple[int, int]], int, int]:
    """(sentence, token) -> character span in the original; tokens aligned; tokens total."""
    flat = [(s, t, tok) for s, sent in enumerate(sentences) for t, tok in enumerate(sent) if tok]
    spans = align_tokens([tok for _, _, tok in flat], original)
    where = {(s, t): sp for (s, t, _), sp in zip(flat, spans, strict=True) if sp is not None}
    return where, len(where), len(flat)


def _span(where: dict[tuple[int, int], tuple[int, int]], s0: int, t0: int, s1: int, t1: int
          ) -> tuple[int, int] | None:
    """Character span of a token range; an unaligned end token falls back to the nearest
    aligned one inside the range."""
    start = where.get((s0, t0))
    end = where.get((s1, t1))
    if start is None or end is None:
        inside = sorted(k for k in where if (s0, t0) <= k <= (s1, t1))
        if not inside:
            return None
        start = start or where[inside[0]]
        end = end or where[inside[-1]]
    return start[0], end[1]


def read_book(root: Path, book_id: str) -> Book | None:
    """One book with a quotation layer, or None when it has no quotes."""
    qfile = root / "quotations" / "tsv" / f"{book_id}_brat.ann"
    rows = [line.split("\t") for line in qfile.read_text(encoding="utf-8").splitlines() if line]
    quotes = {r[1]: tuple(map(int, r[2:6])) for r in rows if r[0] == "QUOTE"}
    attrib = {r[1]: r[2] for r in rows if r[0] == "ATTRIB"}
    if not quotes:
        return None
    original = (root / "original" / f"{book_id}.txt").read_text(encoding="utf-8")
    where, n_al, n_all = token_spans(_read_tokens(root / "coref" / "brat" / f"{book_id}_brat.txt"),
                                     original)
    if not where:
        raise InputError(f"could not align the LitBank excerpt of {book_id} to its original")
    lo = min(s for s, _ in where.values())
    hi = max(e for _, e in where.values())
    para = original.rfind("\n\n", 0, lo)
    lo = para + 2 if para >= 0 and lo - para < 2000 else lo
    where = {k: (s - lo, e - lo) for k, (s, e) in where.items()}
    text = original[lo:hi]
    mentions: dict[str, tuple[tuple[int, int], str]] = {}
    chains: dict[str, list[tuple[int, int]]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)
    coref = root / "coref" / "tsv" / f"{book_id}_brat.ann"
    crow = [line.split("\t") for line in coref.read_text(encoding="utf-8").splitlines() if line]
    for r in crow:
        if r[0] == "MENTION":
            sp = _span(where, *map(int, r[2:6]))
            if sp is not None:
                mentions[r[1]] = (sp, r[8] if len(r) > 8 else "")
    for r in crow:
        if r[0] == "COREF" and r[1] in mentions:
            sp, kind = mentions[r[1]]
            chains[r[2]].append(sp)
            if kind == "PROP":
                names[r[2]].add(normalise(text[sp[0]:sp[1]]))
    gold = []
    for qid, coords in sorted(quotes.items(), key=lambda kv: kv[1]):
        sp = _span(where, *coords)
        if sp is not None and qid in attrib:
            gold.append(GoldQuote(sp[0], sp[1], attrib[qid]))
    return Book(book_id, text, tuple(gold), {k: tuple(v) for k, v in chains.items()},
                {k: frozenset(v) for k, v in names.items()}, n_al / n_all if n_all else 0.0)


def load_books(data_dir: Path, folds: Sequence[int] | None = None, limit: int | None = None) -> list[Book]:
    """Books with quotes, of these folds (all when None), in a stable order."""
    root = data_dir / "litbank"
    if not (root / "quotations" / "tsv").is_dir():
        raise InputError(f"LitBank quotations not found under {root}")
    fold = fold_of_books(data_dir)
    books = []
    for qfile in sorted((root / "quotations" / "tsv").glob("*_brat.ann")):
        book_id = qfile.name.removesuffix("_brat.ann")
        if folds is not None and fold.get(book_id) not in folds:
            continue
        book = read_book(root, book_id)
        if book is not None:
            books.append(book)
        if limit is not None and len(books) >= limit:
            break
    return books


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    right: int = 0
    pred: int = 0
    named: int = 0  # gold quotes whose speaker has a proper-name mention in the excerpt
    named_right: int = 0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.found += other.found
        self.right += other.right
        self.pred += other.pred
        self.named += other.named
        self.named_right += other.named_right


def speaker_matches(book: Book, chain: str, names: set[str], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether our character (its normalised names and its mention spans) is the chain."""
    if names & book.names.get(chain, frozenset()):
        return True
    gold = book.chains.get(chain, ())
    return any(iou(m, g) >= 0.5 for m in spans for g in gold)


def score_book(book: Book, pred_quotes: Sequence[tuple[int, int, str | None]],
               names: dict[str, set[str]], spans: dict[str, list[tuple[int, int]]]) -> Tally:
    """Tally one book. ``pred_quotes`` are (start, end, speaker character id)."""
    t = Tally(gold=len(book.quotes), pred=len(pred_quotes))
    for g in book.quotes:
        named = bool(book.names.get(g.speaker))
        t.named += named
        best, best_n = None, 0
        for p in pred_quotes:
            if p[1] <= g.start or p[0] >= g.end:
                continue
            n = covers(book.text, (p[0], p[1]), (g.start, g.end))
            if n > best_n:
                best, best_n = p, n
        if best is None:
            continue
        t.found += 1
        who = best[2]
        if who is not None and speaker_matches(book, g.speaker, names.get(who, set()), spans.get(who, [])):
            t.right += 1
            t.named_right += named
    return t


def run_ficlens(book: Book) -> tuple[list[tuple[int, int, str | None]], dict[str, set[str]],
                                     dict[str, list[tuple[int, int]]]]:
    from ..pipeline import load, run_stages

    doc = run_stages(load(book.text), until="pov")
    speaker = {}
    for u in doc.utterances:
        for qi in u.quotes:
            speaker[qi] = u.speaker
    preds = [(q.start, q.end, speaker.get(i)) for i, q in enumerate(doc.quotes)]
    names: dict[str, set[str]] = {}
    for c in doc.characters:
        names[c.id] = {normalise(n) for n in (c.name, *c.aliases, *c.variants) if n}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in doc.mentions:
        if m.character is not None:
            spans[m.character].append((m.start, m.end))
    if any(p[2] == NARRATOR_ID for p in preds):
        spans[NARRATOR_ID].extend(narrator_spans(doc.text, [(p[0], p[1]) for p in preds]))
    return preds, names, spans


def narrator_spans(text: str, quotes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """First-person pronouns in the narration (outside quotes): the narrator's mentions.

    Why: ficlens gives a first-person narrator the id ``narrator`` with no name, while
    LitBank links the narrator's "I" and "me" into that character's chain, so these
    spans are how the two meet."""
    inside = sorted(quotes)
    out = []
    k = 0
    for m in _FIRST_PERSON.finditer(text):
        while k < len(inside) and inside[k][1] <= m.start():
            k += 1
        if k < len(inside) and inside[k][0] <= m.start():
            continue
        out.append((m.start(), m.end()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ficlens eval litbank-quotes",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="the shared data folder (default: $FICLENS_DATA or ../shared/data)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N books")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per book")
    args = parser.parse_args(argv)
    args.data = data_root(args.data)
    t0 = time.perf_counter()
    books = load_books(args.data, limit=args.limit)
    if not books:
        raise InputError(f"no LitBank books with quotations under {args.data}")
    fold = fold_of_books(args.data)
    total, held = Tally(), Tally()
    words = 0
    if args.verbose:
        print(f"{'book':<44} {'align':>5} {'gold':>5} {'found':>5} {'right':>5} {'acc':>6}")
    for book in books:
        t = score_book(book, *run_ficlens(book))
        total.add(t)
        if fold.get(book.id) in TEST_FOLDS:
            held.add(t)
        words += len(book.text.split())
        if args.verbose:
            acc = t.right / t.gold if t.gold else 0.0
            print(f"{book.id[:44]:<44} {book.aligned:5.2f} {t.gold:5d} {t.found:5d} {t.right:5d} {acc:6.3f}")
    secs = time.perf_counter() - t0
    print(f"LitBank quotation speakers: {len(books)} books, {total.gold} gold quotes, {words} words, "
          f"{secs:.1f} s")
    print("Unseen data for the speaker model (trained on PDNC only); the name-mention model "
          f"trains on LitBank folds other than {','.join(map(str, TEST_FOLDS))}, shown apart.")
    for label, t in (("all books", total), (f"held-out folds {','.join(map(str, TEST_FOLDS))}", held)):
        if not t.gold:
            continue
        print(f"{label:<22} quote recall {t.found / t.gold:.3f}   speaker acc (all gold) "
              f"{t.right / t.gold:.3f}   (found) {t.right / t.found if t.found else 0.0:.3f}   "
              f"[{t.right}/{t.found}/{t.gold}]")
        print(f"{'':<22} speakers named in the excerpt: {t.named}/{t.gold} gold quotes, "
              f"speaker acc on those {t.named_right / t.named if t.named else 0.0:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
