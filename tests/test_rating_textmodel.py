"""The word half of the rating model: the runtime must reproduce what training saw."""

from __future__ import annotations

import json

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

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
    meta = json.loads(MODEL_PATH.with_name("model_meta.json").read_text(encoding="utf-8"))
    curve = meta["cv_train_explicit_tradeoff"]
    recalls = [c["explicit_recall"] for c in curve]
    assert recalls == sorted(recalls)  # a larger Explicit offset never lowers recall
    assert len(m["mean"]) == len(FEATURE_NAMES)
