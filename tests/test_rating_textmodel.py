"""The word half of the rating model: the runtime must reproduce what training saw."""

from __future__ import annotations

import json

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ficlens.models import meta_path
from ficlens.rating import MODEL_PATH, load_model
from ficlens.rating.features import FEATURE_NAMES, analyse
from ficlens.rating.textmodel import TOKEN, text_proba, word_vector

CORPUS = [
    "She smirked at him. He didn't answer, and the bed creaked.",
    "The dragon slept. The knight didn't sleep at all; the knight watched.",
    "Tea, toast and the morning paper: she read it twice.",
]


def test_word_vector_matches_scikit_learn_tfidf():
    vec = TfidfVectorizer(sublinear_tf=True, token_pattern=TOKEN.pattern)
    want = vec.fit_transform(CORPUS).toarray()
    vocab = {w: int(i) for w, i in vec.vocabulary_.items()}
    for text, row in zip(CORPUS, want, strict=True):
        got = word_vector(text, vocab, vec.idf_.tolist())
        assert np.allclose(got, row)
    # "didn't" is one token in training and at run time
    assert "didn't" in vocab


def test_empty_vocabulary_hit_gives_zero_vector():
    assert word_vector("zzz qqq", {"tea": 0, "bed": 1}, [1.0, 1.0]) == [0.0, 0.0]


def test_shipped_text_model_gives_a_distribution_and_trade_off_is_recorded():
    m = load_model()["text_rating"]
    assert len(m["vocab"]) <= 2000 and len(m["coef"]) == 4
    text = "He kissed her neck and she moaned, his cock hard between her thighs."
    p = text_proba(m, text, analyse(text).vector)
    assert abs(sum(p) - 1) < 1e-9 and len(p) == 4
    mild = "They walked to the market and bought apples for the pie."
    q = text_proba(m, mild, analyse(mild).vector)
    assert p[3] > q[3]  # explicit vocabulary raises P(Explicit)
    meta = json.loads(meta_path(MODEL_PATH).read_text(encoding="utf-8"))
    curve = meta["cv_train_explicit_tradeoff"]
    recalls = [c["explicit_recall"] for c in curve]
    assert recalls == sorted(recalls)  # a larger Explicit offset never lowers recall
    assert len(m["mean"]) == len(FEATURE_NAMES)


def _train_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "train_rating.py"
    spec = importlib.util.spec_from_file_location("train_rating", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_training_scores_count_macro_f1_and_explicit_recall():
    tr = _train_script()
    y = np.array([0, 0, 1, 1, 2, 3, 3, 3])
    p = np.array([0, 1, 1, 1, 0, 3, 3, 0])
    s = tr._rating_scores(y, p)
    # per class F1: G 2/(2+2+1) = 0.4, T 0.8, M 0, E 0.8
    assert abs(s["macro_f1"] - (0.4 + 0.8 + 0.0 + 0.8) / 4) < 1e-4
    assert abs(s["explicit_recall"] - 2 / 3) < 1e-4 and s["explicit_precision"] == 1.0


def test_ceiling_counts_works_flagged_to_reach_explicit_recall():
    tr = _train_script()
    # 20 Explicit works; out-of-fold P(Explicit) ranks 19 of them first, the last one
    # below 30 other works: recall 0.95 needs the top 19, recall 1.0 would need 50
    y = np.array([3] * 20 + [0] * 30)
    p3 = np.concatenate([np.linspace(0.99, 0.9, 19), [0.01], np.linspace(0.5, 0.1, 30)])
    P = np.stack([1 - p3, np.zeros(50), np.zeros(50), p3], 1)
    X = np.zeros((50, len(FEATURE_NAMES)))
    c = tr._ceiling(X, y, P)
    assert c["flag_to_reach_explicit_recall_0.95"]["works_flagged"] == 19
    assert c["explicit_with_no_sexual_vocabulary"] == 20


def test_metadata_records_honest_cv_and_why_the_target_is_out_of_reach():
    meta = json.loads(meta_path(MODEL_PATH).read_text(encoding="utf-8"))
    cv = meta["cv_train"]
    assert cv["repeats"] >= 3 and "macro_f1_sd" in cv and cv["n"] > 400
    curve = meta["learning_curve"]
    assert set(curve) == {"25%", "50%", "75%", "100%"}
    reached = cv["macro_f1"] >= 0.75 and cv["explicit_recall"] >= 0.95
    assert meta["target"]["reached"] == reached
    if not reached:
        assert meta["ceiling"]["why"]
