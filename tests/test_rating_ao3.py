"""AO3 data: story text only (never the preface), fixed split, eval command runs."""

from __future__ import annotations

import pytest

from ficlens.eval import ao3

pytestmark = pytest.mark.data


def test_split_is_fixed_and_stratified(data_dir):
    rows = ao3.load_labels(data_dir / "ao3")
    train, held = ao3.split(rows)
    assert len(train) + len(held) == len(rows)
    assert {r["file"] for r in train}.isdisjoint(r["file"] for r in held)
    assert ao3.split(rows)[1] == held
    share = sum(r["rating"] == "Explicit" for r in held) / sum(
        r["rating"] == "Explicit" for r in rows)
    assert 0.25 <= share <= 0.35


def test_tags_with_spaced_bars_stay_whole(data_dir):
    rows = ao3.load_labels(data_dir / "ao3")
    names = {c for r in rows for c in r["characters"]}
    assert "Number Five | The Boy (Umbrella Academy)" in names


def test_story_text_leaves_out_the_preface(data_dir):
    rows = ao3.load_labels(data_dir / "ao3")[:15]
    for r in rows:
        text = ao3.story_text(data_dir / "ao3" / "works" / r["file"])
        assert text.strip()
        assert "Archive Warning:" not in text and "Posted originally on the" not in text


def test_eval_command_runs_on_a_few_works(data_dir, capsys):
    assert ao3.main(["--data", str(data_dir / "ao3"), "--limit", "3", "--novels", "1"]) == 0
    out = capsys.readouterr().out
    assert "Not Rated" in out and "macro-F1" in out and "character tags recovered" in out
    assert "claimed by a cast pack: 0/1" in out  # one LitBank novel keeps the test quick


def test_synonym_tags_share_a_name_and_the_ceiling_sees_name_forms():
    assert ao3._name_of("Po (Seven Kingdoms Trilogy)") == ao3._name_of("Po")
    forms = {"Meredith Grey": {"Mer"}}
    assert ao3._named_in("Then Grey left.", "Meredith Grey", forms)  # surname
    assert ao3._named_in("Mer smiled.", "Meredith Grey", forms)  # pack nickname
    assert not ao3._named_in("Greyhounds ran.", "Meredith Grey", forms)
