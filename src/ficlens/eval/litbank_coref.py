"""``ficlens eval litbank-coref``: third-person pronouns linked to the right character on LitBank.

Gold: LitBank's coreference layer (``coref/conll``: tokens, one sentence per line, and
chains; ``coref/brat``: the same text with entity types). Counted are the pronouns
he/him/his/himself/she/her/hers/herself that form a mention of their own in a chain
holding a proper-name person mention (PROP_PER): the person is that chain.

Ours: the pipeline is run on the book's text up to ``characters``; each of our
characters stands for the gold chain that most of its name mentions overlap (a
PROP_PER mention of that chain). A pronoun is right when the character it is linked
to stands for the pronoun's gold chain; unlinked pronouns are wrong.

Systems: ``coref`` (the coref stage, :mod:`ficlens.coref`, as it runs by default: its
rules); ``scorer`` (the same stage with its learned scorer on, ``config={"coref":
{"scorer": True}}``); ``relations`` (the
resolver the relations stage used before the coref stage, narration only: the
starting point); ``nearest`` (baseline: the nearest preceding name mention whose
character's gender matches the pronoun's). Folds: LitBank's ten-fold splits; rules
are tuned on folds 2-7 (``--folds 2,3,4,5,6,7``) and reported on 8-9 (the default).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .data import data_root
from .litbank import fold_of_books, parse_folds

PRONOUNS = {"he": "male", "him": "male", "his": "male", "himself": "male",
            "she": "female", "her": "female", "hers": "female", "herself": "female"}
_BRACKET = re.compile(r"\((\d+)\)?|(\d+)\)")


@dataclass(frozen=True)
class CorefBook:
    id: str
    text: str
    pronouns: tuple[tuple[int, int, int], ...]  # (start, end, gold chain) of counted pronouns
    names: tuple[tuple[int, int, int], ...]  # (start, end, chain) of PROP_PER mentions


def read_coref_book(conll: Path, ann: Path) -> CorefBook:
    """Text rebuilt from the CoNLL tokens (it equals the brat text), chains and PROP_PER spans."""
    sents: list[list[tuple[str, str]]] = [[]]
    for line in conll.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        p = line.split("\t")
        if len(p) < 4:
            if sents[-1]:
                sents.append([])
            continue
        sents[-1].append((p[3], p[-1].strip()))
    sents = [s for s in sents if s]
    pieces: list[str] = []
    pos = 0
    open_: dict[int, list[int]] = {}
    spans: dict[tuple[int, int], int] = {}
    for si, sent in enumerate(sents):
        if si:
            pieces.append("\n")
            pos += 1
        for ti, (tok, tag) in enumerate(sent):
            if ti:
                pieces.append(" ")
                pos += 1
            start, end = pos, pos + len(tok)
            pieces.append(tok)
            pos = end
            for part in tag.split("|"):
                for m in _BRACKET.finditer(part):
                    if m.group(1) is not None:
                        cid = int(m.group(1))
                        if m.group(0).endswith(")"):
                            spans[(start, end)] = cid
                        else:
                            open_.setdefault(cid, []).append(start)
                    else:
                        cid = int(m.group(2))
                        if open_.get(cid):
                            spans[(open_[cid].pop(), end)] = cid
    text = "".join(pieces)
    prop: list[tuple[int, int, int]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T"):
            f = parts[1].split(" ")
            if f[0] == "PROP_PER" and (int(f[1]), int(f[2])) in spans:
                prop.append((int(f[1]), int(f[2]), spans[(int(f[1]), int(f[2]))]))
    named = {c for _, _, c in prop}
    pron = tuple(sorted((s, e, c) for (s, e), c in spans.items()
                        if c in named and text[s:e].lower() in PRONOUNS))
    return CorefBook(conll.stem.removesuffix("_brat"), text, pron, tuple(sorted(prop)))


def load_coref_books(data: Path, folds: list[int]) -> list[CorefBook]:
    root = data / "litbank" / "coref"
    if not (root / "conll").is_dir():
        raise InputError(f"LitBank coreference not found under {root}")
    fold = fold_of_books(data)
    out = []
    for conll in sorted((root / "conll").glob("*.conll")):
        bid = conll.stem.removesuffix("_brat")
        if fold.get(bid) in folds:
            out.append(read_coref_book(conll, root / "brat" / f"{conll.stem}.ann"))
    return out


def character_chains(doc, book: CorefBook) -> dict[str, int]:
    """Our character id -> the gold chain most of its name mentions overlap."""
    starts = [s for s, _, _ in book.names]
    votes: dict[str, Counter[int]] = {}
    for m in doc.mentions:
        if m.kind not in ("name", "nominal") or m.character is None:
            continue
        k = bisect_right(starts, m.end) - 1
        while k >= 0 and book.names[k][1] > m.start:
            s, e, c = book.names[k]
            if s < m.end and m.start < e:
                votes.setdefault(m.character, Counter())[c] += 1
                break
            k -= 1
    return {cid: v.most_common(1)[0][0] for cid, v in votes.items()}


def sys_coref(doc) -> list[tuple[int, int, str | None]]:
    from ..coref import resolve_pronouns

    return [(m.start, m.end, m.character) for m in resolve_pronouns(doc)]


def sys_scorer(doc) -> list[tuple[int, int, str | None]]:
    from ..coref import resolve_pronouns

    return [(m.start, m.end, m.character) for m in resolve_pronouns(doc, model="shipped")]


def sys_nearest(doc) -> list[tuple[int, int, str | None]]:
    from ..gender import gender_of

    g = {c.id: gender_of(c) for c in doc.characters}
    names = sorted((m.start, m.character) for m in doc.mentions
                   if m.kind in ("name", "nominal") and m.character is not None)
    out = []
    last: dict[str, str] = {}
    ni = 0
    for m in re.finditer(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", doc.text, re.IGNORECASE):
        while ni < len(names) and names[ni][0] < m.start():
            gg = g.get(names[ni][1])
            if gg:
                last[gg] = names[ni][1]
            ni += 1
        out.append((m.start(), m.end(), last.get(PRONOUNS[m.group().lower()])))
    return out


def _index(spans: list[tuple[int, int]], pos: int) -> int:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i if i >= 0 and pos < spans[i][1] else -1


def sys_relations(doc) -> list[tuple[int, int, str | None]]:
    """The starting point: how the relations stage resolved pronouns before the coref stage
    (narration only). Back to the start of the previous sentence (within the paragraph)
    for the nearest name of the pronoun's gender, else the paragraph's most named person
    of that gender, else the scene's point-of-view character or its most named one."""
    from ..gender import gender_of

    genders = {c.id: g for c in doc.characters if (g := gender_of(c))}
    if not genders:
        return []
    sents = [(s.start, s.end) for s in doc.sentences]
    paras = [(p.start, p.end) for p in doc.paragraphs]
    quotes = [(q.start, q.end) for q in doc.quotes]
    scenes = [(s.start, s.end) for s in doc.scenes] or [(0, len(doc.text))]
    named = sorted((m.start, m.end, m.character) for m in doc.mentions if m.character and m.kind != "pronoun")
    by_scene: dict[int, Counter[str]] = {}
    by_para: dict[int, Counter[str]] = {}
    for s, _e, c in named:
        by_scene.setdefault(_index(scenes, s), Counter())[c] += 1
        by_para.setdefault(_index(paras, s), Counter())[c] += 1
    narration_pov = doc.narration.pov if doc.narration else None

    def most(cnt: Counter[str] | None, g: str, first: str | None = None) -> str | None:
        if first and genders.get(first) == g:
            return first
        return next((c for c, _n in (cnt or Counter()).most_common() if genders.get(c) == g), None)

    starts = [n[0] for n in named]
    out: list[tuple[int, int, str | None]] = []
    for m in re.finditer(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", doc.text, re.IGNORECASE):
        pos = m.start()
        if _index(quotes, pos) >= 0:
            continue
        g = PRONOUNS[m.group().lower()]
        si, pi = _index(sents, pos), _index(paras, pos)
        lo = sents[si - 1][0] if si >= 1 else (sents[si][0] if si >= 0 else pos)
        if pi >= 0:
            lo = max(lo, paras[pi][0])
        who = None
        j = bisect_right(starts, pos) - 1
        while j >= 0 and named[j][0] >= lo and who is None:
            who = named[j][2] if genders.get(named[j][2]) == g else None
            j -= 1
        if who is None and pi >= 0:
            who = most(by_para.get(pi), g)
        if who is None:
            sc = _index(scenes, pos)
            pov = (doc.scenes[sc].pov if 0 <= sc < len(doc.scenes) else None) or narration_pov
            who = most(by_scene.get(sc), g, pov)
        if who:
            out.append((pos, m.end(), who))
    return out


SYSTEMS: dict[str, Callable] = {"coref": sys_coref, "scorer": sys_scorer, "relations": sys_relations, "nearest": sys_nearest}


def evaluate(books: list[CorefBook], systems: list[str]) -> dict:
    from ..pipeline import run_stages
    from ..read import read_text

    res = {s: [0, 0] for s in systems}
    by_book: dict[str, dict[str, float]] = {}
    t = {s: 0.0 for s in systems}
    for b in books:
        doc = run_stages(read_text(b.text, name=b.id), until="characters")
        if doc.text != b.text:
            raise InputError(f"{b.id}: the reader changed the text; offsets would not match")
        chains = character_chains(doc, b)
        for s in systems:
            t0 = time.perf_counter()
            pred = {(ps, pe): c for ps, pe, c in SYSTEMS[s](doc)}
            t[s] += time.perf_counter() - t0
            good = sum(1 for ps, pe, gc in b.pronouns
                       if pred.get((ps, pe)) is not None and chains.get(pred[(ps, pe)]) == gc)
            res[s][0] += good
            res[s][1] += len(b.pronouns)
            by_book.setdefault(b.id, {})[s] = good / len(b.pronouns) if b.pronouns else 0.0
    return {"accuracy": {s: (v[0] / v[1] if v[1] else 0.0) for s, v in res.items()},
            "counts": res, "per_book": by_book, "seconds": t}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="ficlens eval litbank-coref", description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="the shared data folder (default: $FICLENS_DATA or ../shared/data)")
    ap.add_argument("--folds", default="8,9", help="LitBank folds, e.g. 2-7 (tuning) or 8,9 (report, the default)")
    ap.add_argument("--systems", default="coref,scorer,relations,nearest")
    ap.add_argument("--per-book", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    args.data = data_root(args.data)
    folds = parse_folds(args.folds)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    bad = [s for s in systems if s not in SYSTEMS]
    if bad:
        raise InputError(f"unknown system {bad[0]!r}; systems: {', '.join(SYSTEMS)}")
    books = load_coref_books(args.data, folds)
    if not books:
        raise InputError(f"no LitBank coreference books of folds {args.folds}")
    r = evaluate(books, systems)
    if args.json:
        print(json.dumps(r, indent=1))
        return 0
    n = r["counts"][systems[0]][1]
    print(f"LitBank pronoun linking, folds {args.folds}: {len(books)} books, {n} pronouns of named people")
    for s in systems:
        good, tot = r["counts"][s]
        print(f"  {s:10s} {r['accuracy'][s]:.3f}  ({good}/{tot})  {r['seconds'][s]:.2f}s")
    if args.per_book:
        for b, d in r["per_book"].items():
            print(f"    {b[:40]:40s} " + " ".join(f"{d[s]:.2f}" for s in systems))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
