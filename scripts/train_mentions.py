"""Train the proper-name mention model on LitBank and write it into the package.

    .venv/bin/python scripts/train_mentions.py [--data ../shared/data]

Two logistic passes: the first scores each candidate from its own features; the second
adds how sure the first pass was about the document's other candidates with the same
head word (``mentions.consistency_features``). Trains on the books of LitBank's
ten-fold test sets 0-7 (those present); the second pass learns from out-of-fold
first-pass probabilities. Regularisation and threshold are chosen by leave-one-fold-out
over those folds only (the first pass's inputs nested inside each outer fold); the
held-out folds 8-9 are scored once at the end and recorded in
``models/mentions.meta.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from scipy import sparse
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
    rows, labels, groups, spans, keys = [], [], [], [], []
    for b in books:
        cands, stats = mentions.candidates(b.text)
        keys += mentions.heads(b.text, cands)
        for c in cands:
            rows.append({f: 1 for f in mentions.features(b.text, c, stats)})
            labels.append(int((c.start, c.end) in b.gold))
            groups.append(b.id)
            spans.append((c.start, c.end, c.group))
    return rows, np.array(labels), groups, spans, keys


class TwoPass:
    """Fit and apply the two passes on row subsets (boolean masks over all rows)."""

    def __init__(self, X, y, groups, keys, gfold, C, init_col):
        self.X, self.y, self.groups, self.keys, self.gfold, self.C = X, y, groups, keys, gfold, C
        self.initial = [bool(X[i, init_col]) for i in range(X.shape[0])]
        self.vec2 = DictVectorizer().fit([{x: 1 for x in mentions.CONSISTENCY_FEATURES}])

    def _fit(self, X, mask):
        return LogisticRegression(C=self.C, max_iter=3000).fit(X[mask], self.y[mask])

    def oof(self, mask):
        """Out-of-fold first-pass probabilities for the rows of ``mask``."""
        p = np.zeros(len(self.y))
        for f in sorted(set(self.gfold[mask])):
            tr, te = mask & (self.gfold != f), mask & (self.gfold == f)
            p[te] = self._fit(self.X, tr).predict_proba(self.X[te])[:, 1]
        return p

    def second_x(self, probs, mask):
        """Consistency features per book (books never straddle folds)."""
        extra = [{} for _ in self.y]
        idx = np.where(mask)[0]
        by_book = {}
        for i in idx:
            by_book.setdefault(self.groups[i], []).append(i)
        for rows in by_book.values():
            agg = mentions.consistency_features([self.keys[i] for i in rows],
                                                [float(probs[i]) for i in rows],
                                                [self.initial[i] for i in rows])
            for i, a in zip(rows, agg, strict=True):
                extra[i] = {x: 1 for x in a}
        return sparse.hstack([self.X, self.vec2.transform(extra)]).tocsr()

    def fit(self, train):
        """(first model, second model) trained on the rows of ``train``."""
        first = self._fit(self.X, train)
        X2 = self.second_x(self.oof(train), train)
        return first, self._fit(X2, train)

    def predict(self, models, train, test):
        first, second = models
        probs = np.zeros(len(self.y))
        probs[test] = first.predict_proba(self.X[test])[:, 1]
        X2 = self.second_x(probs, test)
        return second.predict_proba(X2[test])[:, 1]


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
    ap.add_argument("--no-held-out", action="store_true",
                    help="write the model without scoring the held-out folds (development)")
    args = ap.parse_args()
    train = load_books(args.data, TRAIN_FOLDS)
    test = load_books(args.data, TEST_FOLDS)
    fold = fold_of_books(args.data)
    rows, y, groups, spans, keys = featurize(train)
    vec = DictVectorizer()
    X = vec.fit_transform(rows)
    gfold = np.array([fold[g] for g in groups])
    best = (0.0, 1.0, 0.5)
    everything = np.ones(len(y), dtype=bool)
    for C in (0.3, 0.5, 1.0):
        tp = TwoPass(X, y, groups, keys, gfold, C, vec.vocabulary_["init"])
        probs = np.zeros(len(y))
        for f in sorted(set(gfold)):
            tr, te = gfold != f, gfold == f
            probs[te] = tp.predict(tp.fit(tr), tr, te)
        for thr in np.arange(0.3, 0.625, 0.025):
            f1 = f1_at(train, groups, spans, probs, thr)
            if f1 > best[0]:
                best = (f1, C, thr)
        print(f"C={C}: best so far {best}", flush=True)
    cv_f1, C, thr = best
    thr = round(float(thr), 3)
    tp = TwoPass(X, y, groups, keys, gfold, C, vec.vocabulary_["init"])
    first, second = tp.fit(everything)
    names = list(vec.get_feature_names_out())
    names2 = names + list(tp.vec2.get_feature_names_out())

    def weights_of(model, feature_names):
        w = {str(n): round(float(v), 4) for n, v in zip(feature_names, model.coef_[0], strict=True)
             if abs(v) >= 1e-3}
        w["bias"] = round(w.get("bias", 0.0) + float(model.intercept_[0]), 4)
        return w

    weights = weights_of(first, names)
    weights2 = weights_of(second, names2)
    logit_thr = float(np.log(thr / (1 - thr)))
    out = mentions.MODEL_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"weights": weights, "weights2": weights2,
                               "threshold": round(logit_thr, 4)}, sort_keys=True),
                   encoding="utf-8")
    mentions._model.cache_clear()
    from ficlens.eval.litbank import Score, evaluate
    if args.no_held_out:
        ex = ov = Score(0, 0, 0)
    else:
        ex, ov, _ = evaluate(test, mentions.find_names)
    meta = {
        "model": "two-pass logistic regression over binary candidate features "
                 "(mentions.features), second pass adding mentions.consistency_features",
        "data": "LitBank coref/brat PROP_PER spans",
        "train": f"books of ten-fold test sets {TRAIN_FOLDS} present here ({len(train)} books)",
        "held_out": f"books of ten-fold test sets {TEST_FOLDS} ({len(test)} books)",
        "C": C, "threshold_probability": thr, "cv_exact_f1_train_folds": round(cv_f1, 4),
        "held_out_exact": {"p": round(ex.precision, 4), "r": round(ex.recall, 4),
                           "f1": round(ex.f1, 4)},
        "held_out_overlap": {"p": round(ov.precision, 4), "r": round(ov.recall, 4),
                             "f1": round(ov.f1, 4)},
        "features": [len(weights), len(weights2)],
        "trained": time.strftime("%Y-%m-%d"),
    }
    if args.no_held_out:
        meta["held_out_exact"] = meta["held_out_overlap"] = "not measured (--no-held-out)"
    out.with_name("mentions.meta.json").write_text(json.dumps(meta, indent=2) + "\n",
                                                   encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
