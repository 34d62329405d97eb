"""``ficlens eval proofread``: false flags on published novels, recall on injected typos.

Why these two numbers: a proofreader that cries wolf on every page is switched off, so
the first number is flags per 1,000 words on LitBank's edited, published novels
(nearly every flag there is a false alarm). The second is recall on non-word errors
injected at random into the same kind of text (a letter dropped, added, doubled or
swapped, two words run together, one word split): "flagged" counts errors found,
"right first" counts those whose first suggestion restores the original.

The books are split by their sorted position: every 4th book is for tuning, the rest
are held out; report the held-out numbers. Everything is seeded and reproducible.

    ficlens eval proofread [--split heldout|tune|all] [--max-words N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..document import Document
from ..errors import InputError
from .data import data_root, default_root

DEFAULT_DATA = default_root()
KINDS_OF_ERROR = ("deletion", "insertion", "transposition", "doubled", "merged", "split")
_WORD = re.compile(r"(?<![\w'\u2019-])[a-z]{3,}(?![\w'\u2019-])")


def books(data: Path, split: str) -> list[Path]:
    """LitBank's full texts, split by sorted position: every 4th tunes, the rest are held out."""
    folder = data / "litbank" / "original"
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise InputError(f"{folder}: no LitBank texts found")
    if split == "all":
        return paths
    tune = [p for i, p in enumerate(paths) if i % 4 == 0]
    return tune if split == "tune" else [p for p in paths if p not in tune]


def excerpt(text: str, max_words: int) -> str:
    """The book's opening ``max_words`` words, cut at a paragraph end (0: the whole book)."""
    if max_words <= 0:
        return text
    count = 0
    for m in re.finditer(r"\S+", text):
        count += 1
        if count >= max_words:
            cut = text.find("\n\n", m.end())
            return text if cut < 0 else text[:cut]
    return text


def document(text: str) -> Document:
    """A segmented document, as the proofread stage sees it in the pipeline."""
    from ..read import read_text
    from ..segment import segment

    return segment(read_text(text))


def _problems(text: str):  # noqa: ANN202
    from ..proofread import find_problems

    return find_problems(document(text))


def false_flags(paths: list[Path], max_words: int) -> dict:
    from ..proofread import find_problems
    from ..proofread.lexicon import ARCHAIC
    from ..segment import count_words

    by_kind: Counter = Counter()
    words_flagged: Counter = Counter()
    archaic = 0
    total_words = 0
    seconds = 0.0
    per_book = {}
    for path in paths:
        text = excerpt(path.read_text(encoding="utf-8"), max_words)
        words = count_words(text)
        doc = document(text)
        t0 = time.perf_counter()
        problems = find_problems(doc)
        seconds += time.perf_counter() - t0
        total_words += words
        archaic += sum(1 for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ARCHAIC)
        per_book[path.stem] = round(1000 * len(problems) / max(words, 1), 3)
        for p in problems:
            by_kind[p.kind] += 1
            words_flagged[f"{p.kind}: {text[p.start:p.end]!r}"] += 1
    n = sum(by_kind.values())
    return {
        "books": len(paths), "words": total_words, "flags": n,
        "flags_per_1000_words": round(1000 * n / max(total_words, 1), 3),
        "by_kind_per_1000_words": {k: round(1000 * v / max(total_words, 1), 3)
                                   for k, v in by_kind.most_common()},
        "archaic_accepted": archaic,
        "archaic_per_1000_words": round(1000 * archaic / max(total_words, 1), 3),
        "per_book": per_book, "most_flagged": words_flagged.most_common(40),
        "words_per_second": round(total_words / max(seconds, 1e-9)),
    }


def inject(text: str, rng: random.Random, every: int) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The text with about one non-word error per ``every`` words.

    Returns the corrupted text and, for each error, (start, end) in it, the original
    string and the kind of error. Only errors that make a non-word are kept, since a
    spelling checker cannot see a real word typed for another.
    """
    from ..proofread.lexicon import LETTERS, is_known

    pieces: list[str] = []
    errors: list[tuple[int, int, str, str]] = []
    pos = 0  # in the original text
    out_len = 0
    matches = list(_WORD.finditer(text))
    i = 0
    while i < len(matches):
        m = matches[i]
        i += 1
        if rng.randrange(every) or not is_known(m.group()):
            continue
        kind = rng.choice(KINDS_OF_ERROR)
        word = m.group()
        start, end = m.start(), m.end()
        if kind == "merged":
            if i >= len(matches):
                continue
            nxt = matches[i]
            if text[end:nxt.start()] != " " or not is_known(nxt.group()):
                continue
            original = text[start:nxt.end()]
            wrong = word + nxt.group()
            end = nxt.end()
            i += 1
        else:
            original = word
            wrong = _mutate(word, kind, rng, LETTERS)
        if wrong is None or wrong == original:
            continue
        parts = wrong.split(" ")
        if all(is_known(p) for p in parts):
            continue  # a real word (or two): not a non-word error
        pieces.append(text[pos:start])
        out_len += start - pos
        pieces.append(wrong)
        errors.append((out_len, out_len + len(wrong), original, kind))
        out_len += len(wrong)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), errors


def _mutate(word: str, kind: str, rng: random.Random, letters: str) -> str | None:
    n = len(word)
    if kind == "deletion":
        k = rng.randrange(n)
        return word[:k] + word[k + 1:]
    if kind == "insertion":
        k = rng.randrange(n + 1)
        return word[:k] + rng.choice(letters) + word[k:]
    if kind == "transposition":
        k = rng.randrange(n - 1)
        if word[k] == word[k + 1]:
            return None
        return word[:k] + word[k + 1] + word[k] + word[k + 2:]
    if kind == "doubled":
        k = rng.randrange(n)
        return word[:k] + word[k] + word[k:]
    if kind == "split":
        if n < 4:
            return None
        k = rng.randrange(1, n)
        return word[:k] + " " + word[k:]
    return None


def recall(paths: list[Path], max_words: int, seed: int, every: int) -> dict:
    rng = random.Random(seed)
    found: Counter = Counter()
    right: Counter = Counter()
    total: Counter = Counter()
    misses: list[str] = []
    for path in paths:
        clean = excerpt(path.read_text(encoding="utf-8"), max_words)
        text, errors = inject(clean, rng, every)
        problems = [p for p in _problems(text) if p.kind == "misspelling"]
        problems.sort(key=lambda p: p.start)
        for s, e, original, kind in errors:
            total[kind] += 1
            hit = next((p for p in problems if p.start < e and s < p.end), None)
            if hit is None:
                if len(misses) < 40:
                    misses.append(f"{kind}: {text[s:e]!r} ({original}) not flagged")
                continue
            found[kind] += 1
            a, b = min(hit.start, s), max(hit.end, e)
            fixed = text[a:hit.start] + (hit.suggestions[0] if hit.suggestions else "") + text[hit.end:b]
            expected = text[a:s] + original + text[e:b]
            if fixed == expected:
                right[kind] += 1
            elif len(misses) < 40:
                misses.append(f"{kind}: {text[s:e]!r} -> {hit.suggestions[:3]} (want {original!r})")
    n = sum(total.values())
    return {
        "errors": n,
        "flagged_recall": round(sum(found.values()) / max(n, 1), 4),
        "right_first_recall": round(sum(right.values()) / max(n, 1), 4),
        "by_kind": {k: {"n": total[k], "flagged": round(found[k] / max(total[k], 1), 3),
                        "right_first": round(right[k] / max(total[k], 1), 3)}
                    for k in KINDS_OF_ERROR},
        "misses": misses,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ficlens eval proofread", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="the shared data folder (default: $FICLENS_DATA or ../shared/data)")
    parser.add_argument("--split", choices=["heldout", "tune", "all"], default="heldout")
    parser.add_argument("--max-words", type=int, default=20000,
                        help="words per book (0: whole books)")
    parser.add_argument("--books", type=int, default=0, help="use only the first N books")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--every", type=int, default=200, help="one injected error per N words")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(list(argv or []))
    args.data = data_root(args.data)
    if hasattr(sys.stdout, "reconfigure"):  # a non-UTF-8 terminal still gets the report
        sys.stdout.reconfigure(errors="backslashreplace")
    paths = books(args.data, args.split)
    if args.books:
        paths = paths[: args.books]
    report = {"split": args.split, "max_words": args.max_words, "seed": args.seed,
              "false_flags": false_flags(paths, args.max_words),
              "injected": recall(paths, args.max_words, args.seed, args.every)}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    ff, inj = report["false_flags"], report["injected"]
    w = sys.stdout.write
    w(f"proofread on LitBank ({args.split}: {ff['books']} books, {ff['words']:,} words, "
      f"max {args.max_words or 'all'} words a book, seed {args.seed})\n")
    w(f"  flags per 1,000 words on published novels: {ff['flags_per_1000_words']}"
      f"  ({ff['flags']} flags; target <= 1)\n")
    for kind, rate in ff["by_kind_per_1000_words"].items():
        w(f"    {kind:22s} {rate}\n")
    w(f"  archaic spellings accepted, not flagged (shew, connexion, thee...): "
      f"{ff['archaic_accepted']} ({ff['archaic_per_1000_words']} per 1,000 words)\n")
    w(f"  injected non-word errors: {inj['errors']}\n")
    w(f"    flagged recall:       {inj['flagged_recall']:.1%}\n")
    w(f"    right first recall:   {inj['right_first_recall']:.1%}  (target >= 90%)\n")
    for kind, r in inj["by_kind"].items():
        w(f"    {kind:14s} n={r['n']:4d}  flagged {r['flagged']:.1%}  right first {r['right_first']:.1%}\n")
    w(f"  proofreading speed: {ff['words_per_second']:,} words/s\n")
    w("  most flagged on the novels:\n")
    for item, n in ff["most_flagged"][:20]:
        w(f"    {n:3d}  {item}\n")
    return 0
