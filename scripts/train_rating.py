"""Train the AO3 rating and warning model: ``python scripts/train_rating.py``.

Reads ``../shared/data/ao3`` (story text only, never the preface) and uses only the
training split of :func:`ficlens.eval.ao3.split`: every choice (vocabulary, C, lexicon
weight, class offsets, the Explicit override, warning thresholds, freeform rules) is
made by cross-validation on it, and the scores it reports are repeated *nested* CV
(offsets chosen on inner folds, scored on outer folds). It writes
``src/ficlens/models/rating.json`` (weights as plain numbers, no pickle), ``freeform.json``
and ``rating.meta.json``. The held-out split is never read here; it is measured once with
the whole pipeline (``ficlens eval ao3 --json > H.json``) and recorded with
``python scripts/train_rating.py --record-heldout H.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
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

OUT = ROOT / "src" / "ficlens" / "models"  # rating.json, rating.meta.json, freeform.json
REPEATS = (0, 1, 2)  # seeds of the repeated 5-fold CV whose mean and spread are reported
C_WARN = 0.1  # warnings' lexicon-only models
# Chosen by repeated 5-fold CV (3 repeats, argmax macro-F1 mean +- sd) on the training
# split; the grid and its scores are recorded in rating.meta.json ("selection").
C_TEXT = 1.0
VOCAB = 1000
LEXICON_WEIGHT = 0.1
BIAS_GRID = tuple(round(x, 2) for x in np.arange(-1.0, 2.01, 0.25))  # log-offset per class
OVERRIDE_GRID = (99.0, 2.5, 2.0, 1.5)  # log1p(peak sexual passage score) that forces Explicit
TOKEN = r"\b\w+(?:'\w+)?\b"  # = ficlens.rating.textmodel.TOKEN
SELECTION = {  # repeated CV on the training split (seeds 0-2), argmax of balanced LR
    "note": "macro-F1 mean+-sd over 3 repeats of 5-fold CV, training split only",
    "baseline (vocab 1000, C 1, lexicon x0.3)": "0.461+-0.012",
    "words only, no lexicon": "0.432+-0.012",
    "vocab 500 / 2000 / 5000": "0.448 / 0.463 / 0.458",
    "C 0.3 / 3 / 10 (lexicon x0.3)": "0.447 / 0.460 / 0.458",
    "lexicon x0.05 / 0.1 / 0.15 / 0.2 / 0.6 / 1.0": "0.478 / 0.488 / 0.483 / 0.473 / 0.447 / 0.438",
    "lexicon x0.1 with vocab 2000 / C 0.3 / C 3": "0.477 / 0.465 / 0.487",
    "word 1-2 grams, 2000 / 5000 features": "0.462 / 0.456",
    "character 2-4 grams (char_wb), 5000 features": "0.458 (and ~10x slower to count)",
    "ordinal: cumulative binary LRs (>=T, >=M, >=E), lexicon x0.1": "0.462; nested-CV "
    "thresholds 0.458+-0.015 (flat multinomial is better)",
    "linear SVM C 0.1 / 0.3 / 1; complement naive Bayes alpha 0.3 / 1": "0.454 / 0.467 / "
    "0.464; 0.398 / 0.323",
    "baseline in nested CV (as cv_train below)": "macro-F1 0.434+-0.006, Explicit recall "
    "0.621+-0.028, precision 0.427+-0.036",
}


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


def _rating_scores(y: np.ndarray, p: np.ndarray) -> dict:
    """Accuracy, macro-F1 over the four ratings, Explicit recall and precision."""
    f1s = []
    for k in range(4):
        tp = int(((p == k) & (y == k)).sum())
        fp, fn = int(((p == k) & (y != k)).sum()), int(((p != k) & (y == k)).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    tp3 = int(((p == 3) & (y == 3)).sum())
    return {"n": int(len(y)), "accuracy": round(float((p == y).mean()), 4),
            "macro_f1": round(float(np.mean(f1s)), 4),
            "explicit_recall": round(tp3 / max(1, int((y == 3).sum())), 4),
            "explicit_precision": round(tp3 / max(1, int((p == 3).sum())), 4)}


def _objective(s: dict) -> float:
    return s["macro_f1"] + 0.25 * s["explicit_recall"]


def _choose(P: np.ndarray, y: np.ndarray, peak: np.ndarray) -> tuple[list[float], float]:
    """Class log-offsets and Explicit override that maximise the objective on (P, y)."""
    best = None
    for b1, b2, b3 in itertools.product(BIAS_GRID, BIAS_GRID, BIAS_GRID):
        for ov in OVERRIDE_GRID:
            obj = _objective(_rating_scores(y, _decide(P, peak, [0.0, b1, b2, b3], ov)))
            if best is None or obj > best[0] + 1e-9:
                best = (obj, [0.0, b1, b2, b3], ov)
    assert best is not None
    return best[1], best[2]


def _oof(T: list[str], X: np.ndarray, y: np.ndarray, idx: np.ndarray, seed: int) -> np.ndarray:
    """Out-of-fold probabilities of the works ``idx`` (5-fold CV among them)."""
    P = np.zeros((len(idx), 4))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=seed).split(idx, y[idx]):
        m = _fit_text([T[i] for i in idx[a]], X[idx[a]], y[idx[a]])
        P[b] = _text_proba(m, [T[i] for i in idx[b]], X[idx[b]])
    return P


def _mean_sd(runs: list[dict]) -> dict:
    keys = [k for k in runs[0] if k != "n"]
    return {"n": runs[0]["n"], "repeats": len(runs),
            **{k: round(float(np.mean([r[k] for r in runs])), 4) for k in keys},
            **{f"{k}_sd": round(float(np.std([r[k] for r in runs])), 4) for k in keys}}


def _nested_cv(T: list[str], X: np.ndarray, y: np.ndarray, peak_i: int) -> tuple[dict, dict]:
    """Honest CV: offsets chosen on inner folds of each outer training part.

    Returns (nested scores, argmax scores), each the mean and sd over REPEATS.
    """
    nested, argmax = [], []
    for seed in REPEATS:
        p = np.zeros(len(y), int)
        pa = np.zeros(len(y), int)
        for a, b in StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y):
            bias, ov = _choose(_oof(T, X, y, a, 100 + seed), y[a], X[a, peak_i])
            m = _fit_text([T[i] for i in a], X[a], y[a])
            Pb = _text_proba(m, [T[i] for i in b], X[b])
            p[b] = _decide(Pb, X[b, peak_i], bias, ov)
            pa[b] = Pb.argmax(1)
        nested.append(_rating_scores(y, p))
        argmax.append(_rating_scores(y, pa))
        print(f"nested CV repeat {seed}: {nested[-1]}", flush=True)
    return _mean_sd(nested), _mean_sd(argmax)


def _learning_curve(T: list[str], X: np.ndarray, y: np.ndarray) -> dict:
    """Argmax macro-F1 when each training fold keeps 25/50/75/100% of its works."""
    out = {}
    for frac in (0.25, 0.5, 0.75, 1.0):
        runs = []
        for seed in REPEATS:
            rng = np.random.RandomState(seed)
            p = np.zeros(len(y), int)
            for a, b in StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y):
                keep = np.sort(np.concatenate([
                    rng.permutation(a[y[a] == k])[:max(2, round(frac * int((y[a] == k).sum())))]
                    for k in range(4)]))
                m = _fit_text([T[i] for i in keep], X[keep], y[keep])
                p[b] = _text_proba(m, [T[i] for i in b], X[b]).argmax(1)
            runs.append(_rating_scores(y, p))
        s = _mean_sd(runs)
        out[f"{int(frac * 100)}%"] = {k: s[k] for k in ("macro_f1", "macro_f1_sd",
                                                         "explicit_recall", "accuracy")}
        print(f"learning curve {frac}: {out[f'{int(frac * 100)}%']}", flush=True)
    return out


def _tradeoff(y: np.ndarray, P: np.ndarray, peak: np.ndarray, bias: Sequence[float],
              override: float) -> list[dict]:
    """Explicit recall vs precision (and macro-F1) as the Explicit offset moves (CV)."""
    out = []
    for b3 in (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0):
        s = _rating_scores(y, _decide(P, peak, [*bias[:3], b3], override))
        out.append({"explicit_offset": b3, **{k: s[k] for k in (
            "explicit_recall", "explicit_precision", "macro_f1", "accuracy")}})
    return out


def _ceiling(X: np.ndarray, y: np.ndarray, P: np.ndarray) -> dict:
    """Why macro-F1 0.75 with Explicit recall 0.95 is out of reach on these labels."""
    peak = np.expm1(X[:, FEATURE_NAMES.index("sexual:peak")])
    order = np.argsort(-P[:, 3])  # works ranked by out-of-fold P(Explicit)
    need = int(np.ceil(0.95 * int((y == 3).sum())))
    hits = np.cumsum(y[order] == 3)
    flagged = int(np.searchsorted(hits, need) + 1)
    return {
        "explicit_works": int((y == 3).sum()),
        "explicit_with_no_sexual_vocabulary": int(((y == 3) & (peak == 0)).sum()),
        "explicit_with_weak_sexual_passage_lt3": int(((y == 3) & (peak < 3)).sum()),
        "not_explicit_with_strong_sexual_passage_ge3": {
            RATINGS[k]: int(((y == k) & (peak >= 3)).sum()) for k in range(3)},
        "flag_to_reach_explicit_recall_0.95": {
            "works_flagged": flagged, "of": int(len(y)),
            "explicit_precision": round(need / flagged, 4)},
        "why": "authors rate the whole work (later chapters, crack and fanvid works rated "
               "Explicit with no sexual text; sex scenes rated Mature or Teen), so the same "
               "text carries different labels; ranked by out-of-fold P(Explicit), Explicit "
               "recall 0.95 needs flag_to_reach_explicit_recall_0.95 works flagged",
    }


# Additional tags: a tag is suggested only where a rule's nested-CV precision on the
# training split meets the bar. Fluff, Angst, Hurt/Comfort, Romance and Humor were tried
# with tf-idf + lexicon logistic regression and stayed under 0.5 CV precision.
FREEFORM_RULES = {
    "Smut": {"feature": "sexual:strong", "grid": [1.0, 1.25, 1.5, 1.75, 2.0],
             "target": r"smut|porn|explicit sexual|\bsex\b|blow ?job|oral|fingering|"
                       r"masturbat|orgasm|kink|fuck"},
}
MIN_PRECISION = 0.6


def _pick_threshold(x: np.ndarray, y: np.ndarray, grid: Sequence[float]) -> float | None:
    """The threshold with the most true positives among those meeting MIN_PRECISION."""
    best = None
    for th in grid:
        pred = x >= th
        tp = int((pred & y).sum())
        if tp and tp / int(pred.sum()) >= MIN_PRECISION and (best is None or tp > best[1]):
            best = (th, tp)
    return best[0] if best else None


def _freeform(train: list, X_tr: np.ndarray) -> dict:
    out: dict = {"min_precision": MIN_PRECISION, "tags": {},
                 "not_offered": {"Fluff": "CV precision <= 0.39", "Angst": "<= 0.45 (n=11)",
                                 "Hurt/Comfort": "<= 0.10", "Romance": "<= 0.67 (n=3)",
                                 "Humor": "<= 0.50 (n=2)"}}
    for tag, rule in FREEFORM_RULES.items():
        rx = re.compile(rule["target"], re.I)
        col = FEATURE_NAMES.index(rule["feature"])
        y = np.array([any(rx.search(f) for f in r["freeforms"]) for r in train])
        x = X_tr[:, col]
        tp = fp = 0
        for seed in REPEATS:  # nested: threshold chosen on 4/5, counted on the other 1/5
            for a, b in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
                th = _pick_threshold(x[a], y[a], rule["grid"])
                if th is not None:
                    tp += int(((x[b] >= th) & y[b]).sum())
                    fp += int(((x[b] >= th) & ~y[b]).sum())
        cv_p = tp / max(1, tp + fp)
        th = _pick_threshold(x, y, rule["grid"])
        out["tags"][tag] = {
            "feature": rule["feature"], "min": th if th is not None else max(rule["grid"]),
            "target": rule["target"],
            "cv_train": {"precision": round(cv_p, 4),
                         "recall": round(tp / max(1, len(REPEATS) * int(y.sum())), 4),
                         "positives": int(y.sum())},
            "ship": th is not None and cv_p >= MIN_PRECISION,
        }
    (OUT / "freeform.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return out


WARN_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
# A warning also needs one passage of its category scoring at least this much (raw
# lexicon weight), so that its evidence points somewhere. Chosen per warning by CV:
# a fixed 3 let through only 8% of Major Character Death works ("died" weighs 1.5).
WARN_GATES = (1.0, 1.5, 2.0, 3.0)
WARN_CATEGORY = {"Graphic Depictions Of Violence": "violence", "Major Character Death": "death",
                 "Rape/Non-Con": "noncon", "Underage Sex": "underage"}  # = rating.WARNING_CATEGORIES


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = int((pred & (y == 1)).sum())
    return 2 * tp / (int(pred.sum()) + int(y.sum())) if tp else 0.0


def _warn_oof(X: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    P = np.zeros(len(y))
    for a, b in StratifiedKFold(3, shuffle=True, random_state=seed).split(X, y):
        P[b] = _proba(_fit_lr(X[a], y[a], C_WARN, balanced=True), X[b])[:, 1]
    return P


def _warn_choose(P: np.ndarray, peak: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(threshold, gate, F1) with the best F1 of "P >= threshold and peak >= gate"."""
    return max(((t, g, _f1((P >= t) & (peak >= g), y))
                for t, g in itertools.product(WARN_THRESHOLDS, WARN_GATES)),
               key=lambda c: c[2])


def _warnings(train: list, X_tr: np.ndarray) -> tuple[dict, dict]:
    """One balanced LR per warning over the lexicon features; threshold and passage gate
    chosen by 3-fold CV F1; "Choose Not To Use" works left out (they say nothing)."""
    keep = [i for i, r in enumerate(train)
            if "Choose Not To Use Archive Warnings" not in r["warnings"]]
    Xw = X_tr[keep]
    models, cv = {}, {}
    for w in WARNINGS:
        yw = np.array([w in train[i]["warnings"] for i in keep]).astype(int)
        peak = np.expm1(Xw[:, FEATURE_NAMES.index(f"{WARN_CATEGORY[w]}:peak")])
        nested = []
        for seed in REPEATS:  # honest: (threshold, gate) chosen on inner folds
            pred = np.zeros(len(yw), bool)
            for a, b in StratifiedKFold(3, shuffle=True, random_state=seed).split(Xw, yw):
                t, g, _ = _warn_choose(_warn_oof(Xw[a], yw[a], 10 + seed), peak[a], yw[a])
                Pb = _proba(_fit_lr(Xw[a], yw[a], C_WARN, balanced=True), Xw[b])[:, 1]
                pred[b] = (Pb >= t) & (peak[b] >= g)
            nested.append((_f1(pred, yw), int((pred & (yw == 1)).sum()) / max(1, int(yw.sum())),
                           int((pred & (yw == 1)).sum()) / max(1, int(pred.sum()))))
        t, g, f1 = _warn_choose(_warn_oof(Xw, yw, 0), peak, yw)
        m = _fit_lr(Xw, yw, C_WARN, balanced=True)
        m.update(threshold=t, min_peak=g, cv_f1=round(float(f1), 4))
        models[w] = m
        arr = np.array(nested)
        cv[w] = {"positives": int(yw.sum()), "threshold": t, "min_peak": g,
                 "oof_f1_at_chosen": round(float(f1), 4),
                 "nested_f1": round(float(arr[:, 0].mean()), 4),
                 "nested_f1_sd": round(float(arr[:, 0].std()), 4),
                 "nested_recall": round(float(arr[:, 1].mean()), 4),
                 "nested_precision": round(float(arr[:, 2].mean()), 4)}
        print(f"warning {w}: {cv[w]}", flush=True)
    return models, cv


def record_heldout(path: Path) -> int:
    """Put the one held-out measurement (``ficlens eval ao3 --json``) into the metadata."""
    result = json.loads(path.read_text(encoding="utf-8"))
    if result.get("split", {}).get("name") != "heldout":
        raise SystemExit(f"{path}: not a held-out result of 'ficlens eval ao3 --json'")
    meta_path = OUT / "rating.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    r = result["rating"]
    meta["heldout"] = {
        "command": "nice -n 10 .venv/bin/ficlens eval ao3 --json (whole pipeline, once)",
        **{k: r[k] for k in ("n", "accuracy", "macro_f1", "explicit_recall",
                             "explicit_precision", "per_rating",
                             "confusion_rows_true_cols_pred")},
        "warnings": result["warnings"],
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["heldout"], indent=2))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--record-heldout", type=Path, metavar="EVAL_JSON",
                    help="only record a held-out result of 'ficlens eval ao3 --json'")
    args = ap.parse_args()
    if args.record_heldout:
        return record_heldout(args.record_heldout)
    rows = load_labels(args.data)
    train, held = split(rows)
    T_tr = load_texts(args.data, train)
    X_tr = np.array([analyse(t).vector for t in T_tr])
    peak_i = FEATURE_NAMES.index("sexual:peak")

    # rating: words + lexicon, balanced multinomial LR on the rated training works
    ri = [i for i, r in enumerate(train) if r["rating"] in RATINGS]
    Tr, Xr = [T_tr[i] for i in ri], X_tr[ri]
    yr = np.array([RATINGS.index(train[i]["rating"]) for i in ri])
    nested, argmax = _nested_cv(Tr, Xr, yr, peak_i)
    P = _oof(Tr, Xr, yr, np.arange(len(yr)), 0)  # offsets that ship: 5-fold OOF, all works
    bias, override = _choose(P, yr, Xr[:, peak_i])
    tradeoff = _tradeoff(yr, P, Xr[:, peak_i], bias, override)
    ceiling = _ceiling(Xr, yr, P)
    curve = _learning_curve(Tr, Xr, yr)
    rating_model = _fit_text(Tr, Xr, yr)

    warn_models, warn_cv = _warnings(train, X_tr)
    freeform = _freeform(train, X_tr)

    model = {"features": list(FEATURE_NAMES), "ratings": list(RATINGS),
             "text_rating": rating_model, "bias": bias, "explicit_override": override,
             "warnings": warn_models}
    text = json.dumps(model, separators=(",", ":"))
    (OUT / "rating.json").write_text(text + "\n", encoding="utf-8")
    old = OUT / "rating.meta.json"
    previous = json.loads(old.read_text(encoding="utf-8")) if old.is_file() else {}
    meta = {
        "data": "../shared/data/ao3 (698 AO3 works; labels.csv = authors' tags); story text only",
        "split": {"seed": SPLIT_SEED, "heldout_fraction": HELDOUT_FRACTION,
                  "stratified_by": "rating", "train": len(train), "heldout": len(held),
                  "function": "ficlens.eval.ao3.split"},
        "not_rated": "works rated 'Not Rated' are left out of rating training and metrics",
        "model": f"balanced multinomial logistic regression (C={C_TEXT}) over tf-idf of the "
                 f"{VOCAB} most frequent words plus {len(FEATURE_NAMES)} lexicon features "
                 f"(x{LEXICON_WEIGHT}); class log-offsets and Explicit override chosen on "
                 "5-fold out-of-fold probabilities (objective macro-F1 + 0.25 Explicit recall)",
        "shipped_offsets": {"bias": bias, "explicit_override": override},
        "selection": SELECTION,
        "cv_train": nested,
        "cv_train_note": "repeated nested CV on the training split (3 x 5 folds; offsets "
                         "chosen on inner 5-fold CV of each outer training part): honest",
        "cv_train_argmax": argmax,
        "cv_train_explicit_tradeoff": tradeoff,
        "target": {"macro_f1": 0.75, "explicit_recall": 0.95, "reached": bool(
            nested["macro_f1"] >= 0.75 and nested["explicit_recall"] >= 0.95)},
        "ceiling": ceiling,
        "learning_curve": curve,
        "learning_curve_gain_per_doubling": round(
            (curve["100%"]["macro_f1"] - curve["25%"]["macro_f1"]) / 2, 4),
        "warnings_cv_train": warn_cv,
        "freeform_cv_train": {t: v["cv_train"] for t, v in freeform["tags"].items()},
        "heldout": previous.get("heldout") if previous.get("sha256") == hashlib.sha256(
            text.encode()).hexdigest() else {"pending": "run ficlens eval ao3 --json, then "
                                                        "--record-heldout", "n": 0},
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    (OUT / "rating.meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("cv_train", "cv_train_argmax", "ceiling",
                                           "learning_curve", "warnings_cv_train")}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
