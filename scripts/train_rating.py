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
import json
import sys
from pathlib import Path

import numpy as np
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

OUT = ROOT / "src" / "ficlens" / "rating"
C_RATING = 0.1
PRIOR_GRID = ([1, 1, 1, 1], [1, 1, 1.5, 2], [1, 1.3, 1.5, 2], [1, 1.2, 1.5, 3], [1, 1.3, 2, 3])
OVERRIDE_GRID = (99.0, 2.0, 1.5, 1.2)  # log1p(peak sexual passage score) that forces Explicit


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


def _decide(P: np.ndarray, peak: np.ndarray, prior: list[float], override: float) -> np.ndarray:
    p = (P * np.array(prior)).argmax(1)
    p[peak >= override] = 3
    return p


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
    X_tr = np.array([analyse(t).vector for t in load_texts(args.data, train)])
    X_ho = np.array([analyse(t).vector for t in load_texts(args.data, held)])
    peak_i = FEATURE_NAMES.index("sexual:peak")
    cv = StratifiedKFold(5, shuffle=True, random_state=0)

    # rating: multinomial LR, class priors and the Explicit override tuned by CV
    r_tr = np.array([r["rating"] in RATINGS for r in train])
    Xr, yr = X_tr[r_tr], np.array([RATINGS.index(r["rating"]) for r in train if r["rating"] in RATINGS])
    P = np.zeros((len(yr), 4))
    for a, b in cv.split(Xr, yr):
        P[b] = _proba(_fit_lr(Xr[a], yr[a], C_RATING), Xr[b])
    best = None
    for prior in PRIOR_GRID:
        for ov in OVERRIDE_GRID:
            s = _rating_scores(yr, _decide(P, Xr[:, peak_i], prior, ov))
            obj = s["macro_f1"] + 0.25 * s["explicit_recall"]
            if best is None or obj > best[0]:
                best = (obj, prior, ov, s)
    assert best is not None
    _obj, prior, override, cv_scores = best
    rating_model = _fit_lr(Xr, yr, C_RATING)

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
    ph = _decide(_proba(rating_model, X_ho[h_r]), X_ho[h_r][:, peak_i], prior, override)
    held_scores = _rating_scores(yh, ph)

    _freeform(train, held, X_tr, X_ho)

    model = {"features": list(FEATURE_NAMES), "ratings": list(RATINGS), "rating": rating_model,
             "prior": prior, "explicit_override": override, "warnings": warn_models}
    text = json.dumps(model, separators=(",", ":"))
    (OUT / "model.json").write_text(text + "\n", encoding="utf-8")
    meta = {
        "data": "../shared/data/ao3 (698 AO3 works; labels.csv = authors' tags); story text only",
        "split": {"seed": SPLIT_SEED, "heldout_fraction": HELDOUT_FRACTION,
                  "stratified_by": "rating", "train": len(train), "heldout": len(held),
                  "function": "ficlens.eval.ao3.split"},
        "not_rated": "works rated 'Not Rated' are left out of rating training and metrics",
        "model": f"multinomial logistic regression (C={C_RATING}) over {len(FEATURE_NAMES)} "
                 "lexicon features; class priors and Explicit override tuned by 5-fold CV",
        "cv_train": cv_scores, "warnings_cv_train": warn_cv, "heldout": held_scores,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    (OUT / "model_meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
