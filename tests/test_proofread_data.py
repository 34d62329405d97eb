"""Proofreading on real text: the sample chapter and a LitBank excerpt (skip without data)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ficlens.cli import main
from ficlens.eval import proofread as ev
from ficlens.proofread import find_problems

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def sample_problems(sample_path: Path):
    text = sample_path.read_text(encoding="utf-8")
    return text, find_problems(ev.document(text))


def test_sample_misspellings_have_the_right_first_suggestion(sample_problems) -> None:
    text, found = sample_problems
    got = {text[p.start:p.end]: p.suggestions[0] for p in found if p.kind == "misspelling"}
    want = {"emtions": "emotions", "backto": "back to", "suprised": "surprised",
            "posessed": "possessed", "loked": "looked", "seperate": "separate",
            "emeshed": "enmeshed", "suprise": "surprise"}
    assert want.items() <= got.items()
    assert len(got) <= len(want) + 1  # few false alarms


def test_sample_name_variant_and_punctuation(sample_problems) -> None:
    text, found = sample_problems
    kinds = {(p.kind, text[p.start:p.end]) for p in found}
    assert any(k == "name_variant" and w in ("Izzy", "Izzie") for k, w in kinds)
    assert ("apostrophe", "Dereks'") in kinds
    assert ("missing_word", "It was if") in kinds
    assert ("dialogue_punctuation", " ,") in kinds
    assert ("dialogue_punctuation", "help") in kinds
    dots = [p for p in found if text[p.start:p.end] == ".."]
    assert len(dots) >= 7
    inside = [p for p in found if p.kind == "dialogue_punctuation" and text[p.start:p.end] == " "]
    assert len(inside) == 2
    yeah = text.index('"Yeah" he said') + len('"Yeah')
    assert any(p.start == yeah and p.suggestions[0] == ',"' for p in found)


def test_sample_fix_writes_a_corrected_copy(sample_path: Path, tmp_path: Path, capsys) -> None:
    before = sample_path.read_bytes()
    out = tmp_path / "fixed.txt"
    assert main(["proofread", str(sample_path), "--fix", str(out), "-o", str(tmp_path / "r")]) == 0
    assert sample_path.read_bytes() == before
    fixed = out.read_text(encoding="utf-8")
    for good in ("emotions", "back to", "surprised", '"Slower," he gasped, "I want', "Derek's"):
        assert good in fixed


def test_published_novel_has_few_flags(data_dir: Path) -> None:
    path = ev.books(data_dir, "tune")[0]
    text = ev.excerpt(path.read_text(encoding="utf-8"), 4000)
    found = find_problems(ev.document(text))
    assert 1000 * len(found) / len(text.split()) <= 2.0


def test_injection_is_seeded_and_makes_non_words(data_dir: Path) -> None:
    from ficlens.proofread.lexicon import is_known

    path = ev.books(data_dir, "tune")[0]
    text = ev.excerpt(path.read_text(encoding="utf-8"), 2000)
    a = ev.inject(text, random.Random(1), 50)
    b = ev.inject(text, random.Random(1), 50)
    assert a == b and len(a[1]) > 10
    corrupted, errors = a
    for start, end, _original, _kind in errors:
        assert not all(is_known(w) for w in corrupted[start:end].split(" "))
