"""The LitBank evaluation on real data (skipped when ../shared/data is absent)."""

from __future__ import annotations

import pytest

from ficlens.eval import litbank

pytestmark = pytest.mark.data


def test_held_out_books_are_not_training_books(data_dir) -> None:
    train = {b.id for b in litbank.load_books(data_dir, litbank.TRAIN_FOLDS)}
    test = litbank.load_books(data_dir, litbank.TEST_FOLDS)
    assert test and train
    assert not train & {b.id for b in test}
    assert all(b.gold for b in test)


def test_mention_model_on_two_held_out_books(data_dir) -> None:
    books = litbank.load_books(data_dir, litbank.TEST_FOLDS)[:2]
    exact, overlap, _ = litbank.evaluate(books, litbank.ficlens_names)
    assert exact.f1 > 0.6
    assert overlap.f1 >= exact.f1


def test_main_prints_a_table(data_dir, capsys) -> None:
    assert litbank.main(["--data", str(data_dir), "--folds", "9", "--no-spacy"]) == 0
    out = capsys.readouterr().out
    assert "ficlens mention model" in out and "exact P" in out
