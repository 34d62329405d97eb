"""Train the AO3 rating and warning model: ``python scripts/train_rating.py``.

Reads ``../shared/data/ao3`` (story text only, never the preface), trains on the
fixed training split of :func:`ficlens.eval.ao3.split`, tunes with 5-fold CV on
that split alone, scores once on the held-out split and writes
``src/ficlens/rating/model.json`` (weights as plain numbers, no pickle) and
``model_meta.json`` (data, split, seed, CV and held-out scores).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.eval.ao3 import (  # noqa: E402
    HELDOUT_FRACTION,
    RATINGS,
    SPLIT_SEED,
    WARNINGS,
    default_data_dir,
    load_labels,
    load_texts,
    split,
)
from ficlens.rating.features import FEATURE_NAMES, analyse  # noqa: E402
from ficlens.rating.textmodel import text_proba  # noqa: E402

OUT = ROOT / "src" / "ficlens" / "rating"
C_RATING = 0.1  # warnings' lexicon-only models
C_TEXT = 1.0  # stacked word + lexicon rating model (CV grid 0.3, 1, 3: 1 best)
VOCAB = 1000  # CV grid 500 / 1000 / 2000 / 3000 words: 1000 and 2000 tie, the smaller ships
LEXICON_WEIGHT = 0.3  # scale of the standardised lexicon features next to the tf-idf (0.3 > 1)
BIAS_GRID = tuple(round(x, 2) for x in np.arange(-1.0, 2.01, 0.25))  # log-offset per class
OVERRIDE_GRID = (99.0, 2.5, 2.0, 1.5)  # log1p(peak sexual passage score) that forces Explicit
TOKEN = r"\b\w+(?:'\w+)?\b"  # = ficlens.rating.textmodel.TOKEN


def _fit_lr(X: np.ndarray, y: np.ndarray, C: float, balanced: bool = False) -> dict:
    mu, sd = X.mean(0), X.std(0) + 1e-9
    lr = LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None)
    lr.fit((X - mu) / sd, y)
    return {"mean": mu.tolist(), "scale": sd.tolist(), "coef": lr.coef_.tolist(),
            "intercept": lr.intercept_.tolist(), "classes": lr.classes_.tolist()}


def _proba(m: dict, X: np.ndarray) -> np.ndarray:
    z = (X - np.array(m["mean"])) / np.array(m["scale"])
    logits = z @ np.array(m["coef"]).T + np.array(m["intercept"])
    if logits.shape[1] == 1:
        p = 1 / (1 + np.exp(-logits[:, 0]))
        return np.stack([1 - p, p], 1)
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def _decide(P: np.ndarray, peak: np.ndarray, bias: Sequence[float], override: float) -> np.ndarray:
    p = (np.log(np.maximum(P, 1e-12)) + np.array(bias)).argmax(1)
    p[peak >= override] = 3
    return p


def _fit_text(texts: list[str], X: np.ndarray, y: np.ndarray) -> dict:
    """tf-idf over the VOCAB most frequent words + scaled lexicon features, balanced LR."""
    mu, sd = X.mean(0), X.std(0) + 1e-9
    vec = TfidfVectorizer(sublinear_tf=True, min_df=3, max_df=0.9, max_features=VOCAB,
                          token_pattern=TOKEN)
    W = vec.fit_transform(texts)
    A = hstack([W, csr_matrix(LEXICON_WEIGHT * (X - mu) / sd)]).tocsr()
    lr = LogisticRegression(C=C_TEXT, max_iter=5000, class_weight="balanced").fit(A, y)
    vocab = {w: int(i) for w, i in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])}
    return {"vocab": vocab, "idf": [round(float(v), 6) for v in vec.idf_],
            "lexicon_weight": LEXICON_WEIGHT, "mean": mu.tolist(), "scale": sd.tolist(),
            "coef": [[round(float(c), 6) for c in row] for row in lr.coef_],
            "intercept": lr.intercept_.tolist(), "classes": lr.classes_.tolist()}


def _text_proba(m: dict, texts: list[str], X: np.ndarray) -> np.ndarray:
    """The shipped runtime (ficlens.rating.textmodel), so CV scores what ships."""
    return np.array([text_proba(m, t, x) for t, x in zip(texts, X.tolist(), strict=True)])


def _tradeoff(y: np.ndarray, P: np.ndarray, peak: np.ndarray, bias: Sequence[float],
              override: float) -> list[dict]:
    """Explicit recall vs precision (and macro-F1) as the Explicit offset moves (CV)."""
    out = []
    for b3 in (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0):
        s = _rating_scores(y, _decide(P, peak, [*bias[:3], b3], override))
        out.append({"explicit_offset": b3, **{k: s[k] for k in (
            "explicit_recall", "explicit_precision", "macro_f1", "accuracy")}})
    return out


def _rating_scores(y: np.ndarray, p: np.ndarray) -> dict:
    return {"n": int(len(y)), "accuracy": round(float((p == y).mean()), 4),
            "macro_f1": round(float(f1_score(y, p, average="macro", labels=[0, 1, 2, 3])), 4),
            "explicit_recall": round(float(recall_score(y == 3, p == 3, zero_division=0)), 4),
            "explicit_precision": round(float(precision_score(y == 3, p == 3, zero_division=0)), 4)}


# Additional tags: a tag is suggested only where a rule met the precision bar on the
# training split (tuned) and then on the held-out split (measured). Fluff, Angst,
# Hurt/Comfort, Romance and Humor were tried with tf-idf + lexicon logistic regression
# and stayed under 0.5 CV precision on the training split, so they are not offered.
FREEFORM_RULES = {
    "Smut": {"feature": "sexual:strong", "grid": [1.0, 1.25, 1.5, 1.75, 2.0],
             "target": r"smut|porn|explicit sexual|\bsex\b|blow ?job|oral|fingering|"
                       r"masturbat|orgasm|kink|fuck"},
}
MIN_PRECISION = 0.6


def _freeform(train: list, held: list, X_tr: np.ndarray, X_ho: np.ndarray) -> None:
    import re

    out: dict = {"min_precision": MIN_PRECISION, "tags": {},
                 "not_offered": {"Fluff": "CV precision <= 0.39", "Angst": "<= 0.45 (n=11)",
                                 "Hurt/Comfort": "<= 0.10", "Romance": "<= 0.67 (n=3)",
                                 "Humor": "<= 0.50 (n=2)"}}
    for tag, rule in FREEFORM_RULES.items():
        rx = re.compile(rule["target"], re.I)
        col = FEATURE_NAMES.index(rule["feature"])

        def truth(rows: list, rx: re.Pattern = rx) -> np.ndarray:
            return np.array([any(rx.search(f) for f in r["freeforms"]) for r in rows])

        y_tr, y_ho = truth(train), truth(held)
        best = None
        for th in rule["grid"]:
            pred = X_tr[:, col] >= th
            tp = int((pred & y_tr).sum())
            prec = tp / max(1, int(pred.sum()))
            if prec >= MIN_PRECISION and (best is None or tp > best[1]):
                best = (th, tp, prec)
        th = best[0] if best else max(rule["grid"])
        pred = X_ho[:, col] >= th
        tp = int((pred & y_ho).sum())
        held_p = tp / max(1, int(pred.sum()))
        out["tags"][tag] = {
            "feature": rule["feature"], "min": th, "target": rule["target"],
            "train_precision": round(best[2], 4) if best else None,
            "heldout": {"precision": round(held_p, 4),
                        "recall": round(tp / max(1, int(y_ho.sum())), 4),
                        "predicted": int(pred.sum()), "positives": int(y_ho.sum())},
            "ship": bool(best) and held_p >= MIN_PRECISION,
        }
    (OUT / "freeform.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out["tags"], indent=2))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=default_data_dir())
    args = ap.parse_args()
    rows = load_labels(args.data)
    train, held = split(rows)
    T_tr, T_ho = load_texts(args.data, train), load_texts(args.data, held)
    X_tr = np.array([analyse(t).vector for t in T_tr])
    X_ho = np.array([analyse(t).vector for t in T_ho])
    peak_i = FEATURE_NAMES.index("sexual:peak")
    cv = StratifiedKFold(5, shuffle=True, random_state=0)

    # rating: words + lexicon, balanced multinomial LR; class offsets and the Explicit
    # override tuned on out-of-fold probabilities of the training split only
    ri = [i for i, r in enumerate(train) if r["rating"] in RATINGS]
    Tr, Xr = [T_tr[i] for i in ri], X_tr[ri]
    yr = np.array([RATINGS.index(train[i]["rating"]) for i in ri])
    P = np.zeros((len(yr), 4))
    for a, b in cv.split(Xr, yr):
        m = _fit_text([Tr[i] for i in a], Xr[a], yr[a])
        P[b] = _text_proba(m, [Tr[i] for i in b], Xr[b])
    argmax_scores = _rating_scores(yr, P.argmax(1))
    best = None
    for b1, b2, b3 in itertools.product(BIAS_GRID, BIAS_GRID, BIAS_GRID):
        for ov in OVERRIDE_GRID:
            s = _rating_scores(yr, _decide(P, Xr[:, peak_i], [0.0, b1, b2, b3], ov))
            obj = s["macro_f1"] + 0.25 * s["explicit_recall"]
            if best is None or obj > best[0] + 1e-9:
                best = (obj, [0.0, b1, b2, b3], ov, s)
    assert best is not None
    _obj, bias, override, cv_scores = best
    tradeoff = _tradeoff(yr, P, Xr[:, peak_i], bias, override)
    rating_model = _fit_text(Tr, Xr, yr)

    # warnings: one balanced LR each, threshold tuned by CV F1; "Choose Not To Use" left out
    w_tr = [r for r in train if "Choose Not To Use Archive Warnings" not in r["warnings"]]
    Xw = X_tr[[i for i, r in enumerate(train) if r in w_tr]]
    warn_models, warn_cv = {}, {}
    for w in WARNINGS:
        yw = np.array([w in r["warnings"] for r in w_tr]).astype(int)
        Pw = np.zeros(len(yw))
        for a, b in StratifiedKFold(3, shuffle=True, random_state=0).split(Xw, yw):
            Pw[b] = _proba(_fit_lr(Xw[a], yw[a], 0.1, balanced=True), Xw[b])[:, 1]
        ths = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
        f1s = [f1_score(yw, Pw >= t, zero_division=0) for t in ths]
        k = int(np.argmax(f1s))
        m = _fit_lr(Xw, yw, 0.1, balanced=True)
        m["threshold"] = ths[k]
        m["cv_f1"] = round(float(f1s[k]), 4)
        warn_models[w] = m
        warn_cv[w] = {"positives": int(yw.sum()), "f1": round(float(f1s[k]), 4), "threshold": ths[k]}

    # held-out, once
    h_r = [i for i, r in enumerate(held) if r["rating"] in RATINGS]
    yh = np.array([RATINGS.index(held[i]["rating"]) for i in h_r])
    ph = _decide(_text_proba(rating_model, [T_ho[i] for i in h_r], X_ho[h_r]),
                 X_ho[h_r][:, peak_i], bias, override)
    held_scores = _rating_scores(yh, ph)

    _freeform(train, held, X_tr, X_ho)

    model = {"features": list(FEATURE_NAMES), "ratings": list(RATINGS),
             "text_rating": rating_model, "bias": bias, "explicit_override": override,
             "warnings": warn_models}
    text = json.dumps(model, separators=(",", ":"))
    (OUT / "model.json").write_text(text + "\n", encoding="utf-8")
    meta = {
        "data": "../shared/data/ao3 (698 AO3 works; labels.csv = authors' tags); story text only",
        "split": {"seed": SPLIT_SEED, "heldout_fraction": HELDOUT_FRACTION,
                  "stratified_by": "rating", "train": len(train), "heldout": len(held),
                  "function": "ficlens.eval.ao3.split"},
        "not_rated": "works rated 'Not Rated' are left out of rating training and metrics",
        "model": f"balanced multinomial logistic regression (C={C_TEXT}) over tf-idf of the "
                 f"{VOCAB} most frequent words plus {len(FEATURE_NAMES)} lexicon features "
                 f"(x{LEXICON_WEIGHT}); class log-offsets and Explicit override tuned by 5-fold "
                 "CV on the training split (objective macro-F1 + 0.25 Explicit recall)",
        "explicit_without_sexual_vocabulary_train": {
            "works": int(((yr == 3) & (Xr[:, peak_i] == 0)).sum()), "of": int((yr == 3).sum()),
            "why": "AO3 rates the whole work; these downloads show no sexual passage, so "
                   "no text model reaches Explicit recall 1 at a useful precision"},
        "cv_train": cv_scores, "cv_train_argmax": argmax_scores,
        "cv_train_explicit_tradeoff": tradeoff,
        "cv_note": "cv_train is measured on the same out-of-fold predictions the offsets "
                   "were chosen on, so it is slightly optimistic; heldout is not", "warnings_cv_train": warn_cv, "heldout": held_scores,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    (OUT / "model_meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
