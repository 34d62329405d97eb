"""Train the proper-name mention model on LitBank and write it into the package.

    .venv/bin/python scripts/train_mentions.py [--data ../shared/data]

Trains on the books of LitBank's ten-fold test sets 0-7 (those present), chooses the
regularisation and threshold by leave-one-fold-out over those folds, then scores the
held-out folds 8-9 once and records that number in ``model/mentions.meta.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from ficlens.characters import mentions
from ficlens.eval.litbank import (
    DEFAULT_DATA,
    TEST_FOLDS,
    TRAIN_FOLDS,
    fold_of_books,
    load_books,
    score,
)


def featurize(books):
    rows, labels, groups, spans = [], [], [], []
    folds = None
    for b in books:
        cands, stats = mentions.candidates(b.text)
        for c in cands:
            rows.append({f: 1 for f in mentions.features(b.text, c, stats)})
            labels.append(int((c.start, c.end) in b.gold))
            groups.append(b.id)
            spans.append((c.start, c.end, c.group))
    return rows, np.array(labels), groups, spans, folds


def f1_at(books, groups, spans, probs, thr):
    tp = pred = 0
    best = {}
    for g, sp, p in zip(groups, spans, probs, strict=True):
        key = (g, sp[2])
        if key not in best or p > best[key][0]:
            best[key] = (p, sp[:2])
    by_book = {}
    for (g, _), (p, sp) in best.items():
        if p > thr:
            by_book.setdefault(g, []).append(sp)
    gold = 0
    for b in books:
        s = score(by_book.get(b.id, []), b.gold)
        tp += s.tp
        pred += s.pred
        gold += s.gold
    p = tp / pred if pred else 0
    r = tp / gold if gold else 0
    return 2 * p * r / (p + r) if p + r else 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    train = load_books(args.data, TRAIN_FOLDS)
    test = load_books(args.data, TEST_FOLDS)
    fold = fold_of_books(args.data)
    rows, y, groups, spans, _ = featurize(train)
    vec = DictVectorizer()
    X = vec.fit_transform(rows)
    gfold = np.array([fold[g] for g in groups])
    best = (0.0, 1.0, 0.5)
    for C in (0.1, 0.2, 0.3, 0.5, 1.0):
        probs = np.zeros(len(y))
        for f in sorted(set(gfold)):
            tr, te = gfold != f, gfold == f
            m = LogisticRegression(C=C, max_iter=2000).fit(X[tr], y[tr])
            probs[te] = m.predict_proba(X[te])[:, 1]
        for thr in np.arange(0.3, 0.625, 0.025):
            f1 = f1_at(train, groups, spans, probs, thr)
            if f1 > best[0]:
                best = (f1, C, thr)
        print(f"C={C}: best so far {best}")
    cv_f1, C, thr = best
    thr = round(float(thr), 3)
    model = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)
               if abs(w) >= 1e-3}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 4)
    logit_thr = float(np.log(thr / (1 - thr)))
    out = mentions.MODEL_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"weights": weights, "threshold": round(logit_thr, 4)},
                              sort_keys=True), encoding="utf-8")
    mentions._model.cache_clear()
    ex = ov = None
    from ficlens.eval.litbank import evaluate
    ex, ov, secs = evaluate(test, mentions.find_names)
    meta = {
        "model": "logistic regression over binary candidate features (mentions.features)",
        "data": "LitBank coref/brat PROP_PER spans",
        "train": f"books of ten-fold test sets {TRAIN_FOLDS} present here ({len(train)} books)",
        "held_out": f"books of ten-fold test sets {TEST_FOLDS} ({len(test)} books)",
        "C": C, "threshold_probability": thr, "cv_exact_f1_train_folds": round(cv_f1, 4),
        "held_out_exact": {"p": round(ex.precision, 4), "r": round(ex.recall, 4),
                           "f1": round(ex.f1, 4)},
        "held_out_overlap": {"p": round(ov.precision, 4), "r": round(ov.recall, 4),
                             "f1": round(ov.f1, 4)},
        "features": len(weights),
        "trained": time.strftime("%Y-%m-%d"),
    }
    out.with_name("mentions.meta.json").write_text(json.dumps(meta, indent=2) + "\n",
                                                   encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
