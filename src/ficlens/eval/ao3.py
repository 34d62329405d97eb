"""``ficlens eval ao3``: measure rating, warnings, categories, characters and pairings.

Why here: the 698 AO3 works in ``../shared/data/ao3`` carry the tags their authors
chose. We feed the pipeline the story text only (never the preface, which holds the
very tags being predicted) and compare on a fixed held-out split that the rating
model never saw (:func:`split`; the seed is recorded in the model's metadata).
Cast packs are built from the training works' tags on the fly (``--packs
train-only``, the default), never from a measured held-out work's own tags.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .data import data_dir, default_root

RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
WARNINGS = ("Graphic Depictions Of Violence", "Major Character Death", "Rape/Non-Con",
            "Underage Sex")
SPLIT_SEED = 20261126
HELDOUT_FRACTION = 0.3
_SEP = re.compile(r"(?<! )\|(?! )")  # "Number Five | The Boy" keeps its spaced bar


def default_data_dir() -> Path:
    """``ao3/`` in the default data folder (see :mod:`ficlens.eval.data`)."""
    return default_root() / "ao3"


def split_tags(value: str) -> list[str]:
    """labels.csv joins tags with '|'; a bar with spaces around it is part of a tag."""
    return [t.strip() for t in _SEP.split(value or "") if t.strip()]


def normalise_warning(w: str) -> str:
    """AO3 renamed "Underage" to "Underage Sex" in 2024; these files use the old name."""
    return "Underage Sex" if w == "Underage" else w


def load_labels(data_dir: Path) -> list[dict[str, Any]]:
    """Rows of labels.csv with list-valued tag fields, sorted by file name."""
    rows = []
    with open(data_dir / "labels.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            row: dict[str, Any] = dict(r)
            for key in ("warnings", "categories", "fandoms", "relationships", "characters",
                        "freeforms"):
                row[key] = split_tags(r.get(key, ""))
            row["warnings"] = [normalise_warning(w) for w in row["warnings"]]
            rows.append(row)
    rows.sort(key=lambda r: r["file"])
    return rows


def split(rows: Sequence[dict[str, Any]], seed: int = SPLIT_SEED,
          fraction: float = HELDOUT_FRACTION) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, held-out): a fixed split stratified by rating; same rows, same split."""
    import random

    rng = random.Random(seed)
    by_rating: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: r["file"]):
        by_rating.setdefault(r["rating"], []).append(r)
    train, held = [], []
    for rating in sorted(by_rating):
        group = by_rating[rating][:]
        rng.shuffle(group)
        k = round(len(group) * fraction)
        held.extend(group[:k])
        train.extend(group[k:])
    train.sort(key=lambda r: r["file"])
    held.sort(key=lambda r: r["file"])
    return train, held


def _extract_story(html: bytes) -> str:
    """The chapter text of an AO3 download (div#chapters' userstuff), notes left out."""
    from lxml import html as lhtml

    root = lhtml.fromstring(html)
    chapters = root.xpath('//div[@id="chapters"]')
    if not chapters:
        return ""
    parts = chapters[0].xpath('.//div[contains(concat(" ", @class, " "), " userstuff ")]')
    blocks = parts or chapters
    out: list[str] = []
    for block in blocks:
        paras = block.xpath(".//p")
        if paras:
            for p in paras:
                t = " ".join(p.text_content().split())
                if t:
                    out.append(t)
        else:
            t = block.text_content().strip()
            if t:
                out.append(t)
    return "\n\n".join(out)


def story_text(path: Path) -> str:
    """Story text only. Uses the AO3 reader once it lands, else our own extraction."""
    try:
        from ..read import read_path

        doc = read_path(path)
        if doc.source.format == "ao3-html" and doc.text.strip():
            return doc.text
    except Exception:  # noqa: BLE001 - the reader may still be a placeholder
        pass
    return _extract_story(path.read_bytes())


def load_texts(data_dir: Path, rows: Sequence[dict[str, Any]]) -> list[str]:
    return [story_text(data_dir / "works" / r["file"]) for r in rows]


# --------------------------------------------------------------------------- evaluation


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "support": tp + fn}


def _pair_key(tag: str) -> tuple[str, frozenset[str]] | None:
    if "/" in tag:
        return "/", frozenset(x.strip() for x in tag.split("/"))
    if " & " in tag:
        return "&", frozenset(x.strip() for x in tag.split(" & "))
    return None


def _name_of(tag: str) -> str:
    """A character tag without AO3's disambiguator: "Po (Seven Kingdoms Trilogy)" -> "Po".

    Why a second, looser score: AO3 treats "Po" and "Po (Seven Kingdoms Trilogy)" as
    synonyms of one canonical tag, and authors type either; exact string match counts
    the right person with the other spelling as a miss.
    """
    from ..characters.cast_packs import display_name

    return display_name(tag)


def _pair_names(key: tuple[str, frozenset[str]]) -> tuple[str, frozenset[str]]:
    return key[0], frozenset(_name_of(x) for x in key[1])


def _tag_forms(packs_dir: str | None = None) -> dict[str, set[str]]:
    """Every name form of every character tag the packs know (for the ceiling)."""
    from ..characters.cast_packs import builtin_packs

    out: dict[str, set[str]] = {}
    for p in builtin_packs(packs_dir):
        for c in p.characters:
            out.setdefault(c.tag, set()).update(a for a in c.aliases if a)
    return out


def _named_in(text: str, tag: str, forms: dict[str, set[str]]) -> bool:
    """Whether the text names the tag's person in any form we could link (full name,
    first name, surname, title, a pack nickname): the ceiling of character recall."""
    from ..characters.cast_packs import derive_names

    d = derive_names(tag)
    cands = set(d["names"] + d["first"] + d["surnames"] + d["titles"]) | forms.get(tag, set())
    return any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text) for f in cands if f)


def analyse_text(text: str, packs_dir: str | None = None):
    """Run every stage but proofreading on story text (no file, no preface)."""
    from ..document import frozen_mapping
    from ..pipeline import run_stages
    from ..read import read_text

    doc = read_text(text, name=None)
    if packs_dir:
        doc = doc.evolve(options=frozen_mapping({"packs_dir": packs_dir}))
    return run_stages(doc, skip=("proofread",))


def score(rows: Sequence[dict[str, Any]], docs: Sequence[Any],
          packs_dir: str | None = None) -> dict[str, Any]:
    """Compare the suggested tags of each document with its authors' tags."""
    rated = [(r, d) for r, d in zip(rows, docs, strict=True) if r["rating"] in RATINGS]
    y = [RATINGS.index(r["rating"]) for r, _d in rated]
    p = [RATINGS.index(d.tags.rating) if d.tags and d.tags.rating in RATINGS else 0
         for _r, d in rated]
    per = {name: _prf(sum(1 for a, b in zip(y, p, strict=True) if a == k and b == k),
                      sum(1 for a, b in zip(y, p, strict=True) if a != k and b == k),
                      sum(1 for a, b in zip(y, p, strict=True) if a == k and b != k))
           for k, name in enumerate(RATINGS)}
    confusion = [[sum(1 for a, b in zip(y, p, strict=True) if a == i and b == j)
                  for j in range(4)] for i in range(4)]
    rating = {
        "n": len(y), "excluded_not_rated": sum(1 for r in rows if r["rating"] == "Not Rated"),
        "accuracy": round(sum(a == b for a, b in zip(y, p, strict=True)) / max(1, len(y)), 4),
        "macro_f1": round(sum(v["f1"] for v in per.values()) / 4, 4),
        "explicit_recall": per["Explicit"]["recall"],
        "explicit_precision": per["Explicit"]["precision"],
        "per_rating": per, "confusion_rows_true_cols_pred": confusion,
    }
    # warnings: works whose author chose not to use warnings say nothing either way
    wrows = [(r, d) for r, d in zip(rows, docs, strict=True)
             if "Choose Not To Use Archive Warnings" not in r["warnings"]]
    warnings: dict[str, Any] = {"n": len(wrows)}
    for w in (*WARNINGS, "No Archive Warnings Apply"):
        tp = sum(1 for r, d in wrows if w in r["warnings"] and w in d.tags.warnings)
        fp = sum(1 for r, d in wrows if w not in r["warnings"] and w in d.tags.warnings)
        fn = sum(1 for r, d in wrows if w in r["warnings"] and w not in d.tags.warnings)
        warnings[w] = _prf(tp, fp, fn)
    cats: dict[str, Any] = {}
    crows = [(r, d) for r, d in zip(rows, docs, strict=True) if r["categories"]]
    for c in ("F/M", "M/M", "F/F", "Gen", "Multi", "Other"):
        tp = sum(1 for r, d in crows if c in r["categories"] and c in d.tags.categories)
        fp = sum(1 for r, d in crows if c not in r["categories"] and c in d.tags.categories)
        fn = sum(1 for r, d in crows if c in r["categories"] and c not in d.tags.categories)
        cats[c] = _prf(tp, fp, fn)
    cats["n"] = len(crows)
    cats["exact_set"] = round(sum(set(r["categories"]) == set(d.tags.categories)
                                  for r, d in crows) / max(1, len(crows)), 4)
    # characters: recall of the authors' character tags
    got = want = suggested = 0
    got_pack = want_pack = 0
    got_name = named = 0
    forms = _tag_forms(packs_dir)
    for r, d in zip(rows, docs, strict=True):
        theirs = set(r["characters"])
        ours = set(d.tags.characters)
        got += len(theirs & ours)
        want += len(theirs)
        suggested += len(ours)
        ours_names = {_name_of(t) for t in ours}
        got_name += sum(1 for t in theirs if _name_of(t) in ours_names)
        named += sum(1 for t in theirs if _named_in(d.text, t, forms))
        if d.fandom:
            got_pack += len(theirs & ours)
            want_pack += len(theirs)
    characters = {"recall": round(got / max(1, want), 4),
                  "precision": round(got / max(1, suggested), 4), "tags": want,
                  "recall_where_fandom_detected": round(got_pack / max(1, want_pack), 4),
                  "tags_where_fandom_detected": want_pack,
                  "recall_same_name": round(got_name / max(1, want), 4),
                  "named_in_text": round(named / max(1, want), 4)}
    # first relationship tag
    n_rel = top1 = anywhere = top1_name = 0
    for r, d in zip(rows, docs, strict=True):
        if not r["relationships"]:
            continue
        key = _pair_key(r["relationships"][0])
        if key is None:
            continue
        n_rel += 1
        ours = [_pair_key(t) for t in d.tags.relationships]
        if ours and ours[0] == key:
            top1 += 1
        if key in ours:
            anywhere += 1
        if ours and ours[0] and _pair_names(ours[0]) == _pair_names(key):
            top1_name += 1
    relationships = {"n": n_rel, "first_tag_recovered": round(anywhere / max(1, n_rel), 4),
                     "first_tag_is_our_first": round(top1 / max(1, n_rel), 4),
                     "first_tag_is_our_first_same_names": round(top1_name / max(1, n_rel), 4)}
    fandom = {"detected": sum(1 for d in docs if d.fandom),
              "correct": sum(1 for r, d in zip(rows, docs, strict=True) if d.fandom and any(
                  t in r["fandoms"] for t in _pack_tags(d))),
              "n": len(docs)}
    return {"works": len(rows), "rating": rating, "warnings": warnings, "categories": cats,
            "characters": characters, "relationships": relationships, "fandom": fandom}


def novel_claims(novels: Sequence[Path], packs_dir: str | None) -> dict[str, Any]:
    """How many published novels (LitBank: no fandom at all) a cast pack claims.

    Why: every claim is a false positive that renames a novel's people with a
    fandom's canonical names; the fandom detector is tuned on AO3 works, so this
    check keeps it honest on original fiction. Runs only the stages detection reads
    (segment, quotes, characters), about a second a novel.
    """
    from ..characters import find_characters
    from ..document import frozen_mapping
    from ..quotes import find_quotes
    from ..read import read_text
    from ..segment import segment

    claims = []
    for p in novels:
        doc = read_text(p.read_text(encoding="utf-8", errors="replace"), name=None)
        if packs_dir:
            doc = doc.evolve(options=frozen_mapping({"packs_dir": packs_dir}))
        doc = find_characters(find_quotes(segment(doc)))
        if doc.fandom:
            claims.append({"novel": p.name, "fandom": doc.fandom})
    return {"n": len(novels), "claimed": len(claims), "claims": claims}


def _pack_tags(doc: Any) -> tuple[str, ...]:
    from ..characters.cast_packs import current_pack

    pack = current_pack(doc)
    return pack.tags if pack else ()


def _packs_dir(choice: str, train: Sequence[dict[str, Any]], tmp: Path) -> str | None:
    """The cast pack directory an evaluation uses.

    Why train-only by default: the shipped packs list the character and relationship
    tags of every work in the data, held-out works included, so with them a held-out
    work's own tags would help find its characters and rank its pairings.
    """
    if choice == "shipped":
        return None
    if choice != "train-only":
        return choice
    from .ao3_packs import build_packs

    build_packs(train, tmp)
    return str(tmp)


def main(argv: Sequence[str] | None = None) -> int:
    """``ficlens eval ao3 [--data DIR] [--split heldout|train|all] [--limit N]
    [--packs train-only|shipped|DIR] [--json]``."""
    ap = argparse.ArgumentParser(prog="ficlens eval ao3", description=__doc__)
    ap.add_argument("--data", type=Path, help="the shared data folder or its ao3/ (default: $FICLENS_DATA or ../shared/data)")
    ap.add_argument("--split", choices=["heldout", "train", "all"], default="heldout")
    ap.add_argument("--limit", type=int, default=0, help="first N works only (quick check)")
    ap.add_argument("--packs", default="train-only",
                    help="'train-only' (default: packs built on the fly from the training "
                         "works' tags), 'folds' (training split only: each work with packs "
                         "from the other 4 folds' tags, for tuning), 'shipped' (built from "
                         "all works, held-out included: inflates held-out scores) or a pack "
                         "directory")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--novels", type=int, default=80,
                    help="also count how many of the first N LitBank novels (no fandom) a "
                         "cast pack claims, when ../litbank/original is present (0: skip)")
    args = ap.parse_args(list(argv or []))
    args.data = data_dir(args.data, "ao3", "labels.csv")
    from ..errors import ConfigError

    if not (args.data / "labels.csv").is_file():
        raise ConfigError(f"{args.data}: no labels.csv (expected ../shared/data/ao3)")
    rows = load_labels(args.data)
    train, held = split(rows)
    chosen = {"heldout": held, "train": train, "all": rows}[args.split]
    if args.limit:
        chosen = chosen[: args.limit]
    if args.packs == "folds" and args.split != "train":
        raise ConfigError("--packs folds measures the training split only (--split train)")
    with tempfile.TemporaryDirectory(prefix="ficlens-packs-") as tmp:
        per_work: list[str | None] = []
        if args.packs == "folds":  # each work with packs from the other folds' tags
            from .ao3_packs import build_fold_packs

            dirs = dict(zip((r["file"] for r in train),
                            build_fold_packs(train, Path(tmp)), strict=True))
            per_work = [dirs[r["file"]] for r in chosen]
            packs_dir = per_work[0] if per_work else None
        else:
            packs_dir = _packs_dir(args.packs, train, Path(tmp))
        t0 = time.perf_counter()
        docs = []
        words = 0
        for n, r in enumerate(chosen):
            text = story_text(args.data / "works" / r["file"])
            words += len(text.split())
            docs.append(analyse_text(text or "(empty)", per_work[n] if per_work else packs_dir))
        elapsed = time.perf_counter() - t0
        result = score(chosen, docs, packs_dir)
        litbank = args.data.parent / "litbank" / "original"
        if args.novels > 0 and litbank.is_dir():  # with the first work's packs (folds: f0)
            novels = sorted(litbank.glob("*.txt"))[: args.novels]
            result["novels_claimed"] = novel_claims(novels, packs_dir)
    result["split"] = {"name": args.split, "seed": SPLIT_SEED, "fraction": HELDOUT_FRACTION}
    result["packs"] = args.packs
    result["speed_words_per_s"] = round(words / max(elapsed, 1e-9))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    rt = result["rating"]
    print(f"AO3 {args.split} split: {result['works']} works, seed {SPLIT_SEED} "
          f"({words:,} words, {result['speed_words_per_s']:,} words/s); cast packs: "
          f"{args.packs}")
    print(f"rating ({rt['n']} works; {rt['excluded_not_rated']} 'Not Rated' excluded): "
          f"accuracy {rt['accuracy']:.3f}, macro-F1 {rt['macro_f1']:.3f}, "
          f"Explicit recall {rt['explicit_recall']:.3f}, precision {rt['explicit_precision']:.3f}")
    for name, v in rt["per_rating"].items():
        print(f"  {name:<22} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} "
              f"(n={v['support']})")
    print(f"warnings ({result['warnings']['n']} works; 'Choose Not To Use' excluded):")
    for w in (*WARNINGS, "No Archive Warnings Apply"):
        v = result["warnings"][w]
        print(f"  {w:<32} P {v['precision']:.3f} R {v['recall']:.3f} (n={v['support']})")
    c = result["categories"]
    print(f"categories ({c['n']} works): exact set {c['exact_set']:.3f}; " + ", ".join(
        f"{k} P {c[k]['precision']:.2f} R {c[k]['recall']:.2f}"
        for k in ("F/M", "M/M", "F/F", "Gen", "Multi", "Other")))
    ch = result["characters"]
    print(f"character tags recovered: {ch['recall']:.3f} of {ch['tags']} "
          f"(precision {ch['precision']:.3f}; {ch['recall_where_fandom_detected']:.3f} where "
          f"the fandom was detected; {ch['recall_same_name']:.3f} counting AO3 synonyms "
          f"'Po' = 'Po (Seven Kingdoms Trilogy)'; ceiling: {ch['named_in_text']:.3f} are "
          f"named in the text at all)")
    rel = result["relationships"]
    print(f"first relationship tag recovered: {rel['first_tag_recovered']:.3f} of {rel['n']} "
          f"(as our first: {rel['first_tag_is_our_first']:.3f}; counting synonyms: "
          f"{rel['first_tag_is_our_first_same_names']:.3f})")
    f = result["fandom"]
    print(f"fandom detected in {f['detected']}/{f['n']} works, right in {f['correct']}")
    if "novels_claimed" in result:
        nc = result["novels_claimed"]
        print(f"LitBank novels (no fandom) claimed by a cast pack: {nc['claimed']}/{nc['n']}"
              + "".join(f"; {c['novel']} -> {c['fandom']}" for c in nc["claims"]))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
