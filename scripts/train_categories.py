"""Tune the AO3 category rule: ``python scripts/train_categories.py``.

Runs the pipeline on the AO3 *training* split with honest fold packs (each work with
cast packs built from the other folds' tags, as ``ficlens eval ao3 --split train
--packs folds``), records per work the features :func:`ficlens.tags.category_features`
reads (the suggested pairings, their genders, the rating stage's sexual score,
length), then picks the rule's thresholds by cross-validation over the folds of
:func:`ficlens.eval.ao3_packs.folds` and writes ``src/ficlens/models/categories.json`` and its
metadata record ``categories.meta.json``. The held-out split is never read here.

``--cache F`` keeps the per-work features (the slow part) in F so that tuning can be
rerun in seconds: ``--cache /tmp/cats.json`` (the tuning itself takes ~4 minutes).
The held-out split is measured once with the whole pipeline (``ficlens eval ao3
--novels 0 --json > H.json``) and recorded with ``--record-heldout H.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.eval.ao3 import (  # noqa: E402
    HELDOUT_FRACTION,
    SPLIT_SEED,
    analyse_text,
    default_data_dir,
    load_labels,
    split,
    story_text,
)
from ficlens.eval.ao3_packs import build_fold_packs, folds  # noqa: E402
from ficlens.models import meta_path  # noqa: E402
from ficlens.tags import (  # noqa: E402
    CATEGORIES_PATH,
    DEFAULT_RULE,
    categories_from_features,
    category_features,
)

CATS = ("F/M", "M/M", "F/F", "Gen", "Multi", "Other")


def extract(data_dir: Path) -> list[dict[str, Any]]:
    """Per training work: its fold, its authors' categories and our features."""
    rows = load_labels(data_dir)
    train, _held = split(rows)
    fold = folds(train)
    out = []
    with tempfile.TemporaryDirectory(prefix="ficlens-cat-") as tmp:
        dirs = build_fold_packs(train, Path(tmp))
        for n, r in enumerate(train):
            text = story_text(data_dir / "works" / r["file"])
            doc = analyse_text(text or "(empty)", dirs[n])
            out.append({"file": r["file"], "fold": fold[n], "gold": r["categories"],
                        "pred_now": list(doc.tags.categories) if doc.tags else [],
                        "features": category_features(doc)})
            if n % 50 == 0:
                print(f"{n}/{len(train)}", file=sys.stderr, flush=True)
    return out


def score(works: Sequence[dict[str, Any]], preds: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Exact-set accuracy and per-category P/R over works that have categories."""
    pairs = [(set(w["gold"]), set(p)) for w, p in zip(works, preds, strict=True) if w["gold"]]
    res: dict[str, Any] = {"n": len(pairs), "exact_set": round(
        sum(g == p for g, p in pairs) / max(1, len(pairs)), 4)}
    for c in CATS:
        tp = sum(1 for g, p in pairs if c in g and c in p)
        fp = sum(1 for g, p in pairs if c not in g and c in p)
        fn = sum(1 for g, p in pairs if c in g and c not in p)
        res[c] = {"P": round(tp / max(1, tp + fp), 3), "R": round(tp / max(1, tp + fn), 3),
                  "support": tp + fn}
    return res


GRID: dict[str, Sequence[Any]] = {
    "top_min_F/M": (0.0, 0.01, 0.1, 0.2),
    "top_min_M/M": (0.0, 0.01, 0.1, 0.2),
    "top_min_F/F": (0.0, 0.01, 0.1, 0.2),
    "min_strength": (0.2, 0.3, 0.5, 1.01),
    "unknown": ("skip", "opposite"),
    "both_unknown": (None, "F/M"),
    "multi": (0, 1),
    "sexual_gen_max": (0.5, 0.7, 1.01),
    "fallback": (0, 1),
    "max_pairs": (1, 99),
}


def _rules() -> list[dict[str, Any]]:
    keys = list(GRID)
    return [dict(zip(keys, vals, strict=True)) for vals in itertools.product(*GRID.values())]


def _exact(works: Sequence[dict[str, Any]], rule: dict[str, Any]) -> float:
    preds = [categories_from_features(w["features"], rule) for w in works]
    return score(works, preds)["exact_set"]


def tune(works: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], float]:
    """The rule with the best exact-set accuracy on ``works`` (ties: the first)."""
    best, best_s = dict(DEFAULT_RULE), -1.0
    for rule in _rules():
        s = _exact(works, rule)
        if s > best_s + 1e-9:
            best, best_s = rule, s
    return best, best_s


def cross_validate(works: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Tune on four folds, predict the fifth: an honest estimate of the tuned rule."""
    preds: list[list[str]] = [[] for _ in works]
    for k in sorted({w["fold"] for w in works}):
        rule, _ = tune([w for w in works if w["fold"] != k])
        for i, w in enumerate(works):
            if w["fold"] == k:
                preds[i] = list(categories_from_features(w["features"], rule))
    return score(works, preds)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--cache", type=Path, help="per-work features: read if present, else write")
    ap.add_argument("--out", type=Path, default=CATEGORIES_PATH)
    ap.add_argument("--record-heldout", type=Path, metavar="H.json",
                    help="store the categories of `ficlens eval ao3 --json > H.json` (the "
                         "one held-out measurement) in the metadata, and stop")
    args = ap.parse_args(argv)
    if args.record_heldout:
        meta = json.loads(meta_path(args.out).read_text())
        meta["heldout_measured_once"] = json.loads(args.record_heldout.read_text())["categories"]
        meta_path(args.out).write_text(json.dumps(meta, indent=1) + "\n")
        return 0
    if args.cache and args.cache.is_file():
        works = json.loads(args.cache.read_text())
    else:
        works = extract(args.data)
        if args.cache:
            args.cache.write_text(json.dumps(works))
    before = score(works, [w["pred_now"] for w in works])
    default = score(works, [categories_from_features(w["features"], DEFAULT_RULE)
                            for w in works])
    cv = cross_validate(works)
    rule, fit = tune(works)
    print(json.dumps({"pipeline_now": before, "default_rule": default, "cv_tuned": cv,
                      "rule": rule, "fit_exact": fit}, indent=1))
    meta = {"data": "../shared/data/ao3 training split only (labels.csv categories)",
            "split": {"seed": SPLIT_SEED, "heldout_fraction": HELDOUT_FRACTION},
            "packs": "folds (each work with packs from the other folds' tags)",
            "works": len(works), "grid": {k: list(v) for k, v in GRID.items()},
            "cv_5fold_tuned": cv, "fit_exact_set_on_train": fit,
            "pipeline_before_exact_set": before["exact_set"]}
    args.out.write_text(json.dumps({"rule": rule}, indent=1) + "\n")
    meta_path(args.out).write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
