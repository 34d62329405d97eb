"""``ficlens proofread``: text and JSON reports, ``--fix`` to a new file, never the input."""

from __future__ import annotations

import json
from pathlib import Path

from ficlens.cli import main
from ficlens.proofread.command import line_col

STORY = ('Meredith waited.\n\nHe loked at her. "Yeah" he said, and went to the the door.\n'
         "It felt so natural , and then it was over.\n")


def write_story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_line_col_is_one_based() -> None:
    assert line_col("ab\ncd", 0) == (1, 1)
    assert line_col("ab\ncd", 4) == (2, 2)


def test_text_report_marks_each_span(tmp_path: Path, capsys) -> None:
    path = write_story(tmp_path)
    assert main(["proofread", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:3:4: misspelling" in out
    assert "He loked at her." in out and "   ^^^^^" in out
    assert "suggestion: 'looked'" in out
    assert "doubled_word" in out and "dialogue_punctuation" in out
    assert out.rstrip().splitlines()[-1].startswith("4 problems")


def test_json_report_lists_problems(tmp_path: Path, capsys) -> None:
    path = write_story(tmp_path)
    assert main(["proofread", str(path), "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    kinds = {i["kind"] for i in items}
    assert kinds == {"misspelling", "dialogue_punctuation", "doubled_word"}
    loked = next(i for i in items if i["kind"] == "misspelling")
    assert loked["text"] == "loked" and loked["suggestions"][0] == "looked"
    assert (loked["line"], loked["column"]) == (3, 4)
    assert STORY[loked["start"]:loked["end"]] == "loked"


def test_fix_writes_a_new_file_and_leaves_the_input(tmp_path: Path, capsys) -> None:
    path = write_story(tmp_path)
    out = tmp_path / "fixed.txt"
    assert main(["proofread", str(path), "--fix", str(out), "-o", str(tmp_path / "r.txt")]) == 0
    assert path.read_text(encoding="utf-8") == STORY
    fixed = out.read_text(encoding="utf-8")
    assert fixed == ('Meredith waited.\n\nHe looked at her. "Yeah," he said, and went to the '
                     "door.\nIt felt so natural, and then it was over.\n")
    assert "safe fix" in capsys.readouterr().err


def test_fix_refuses_the_input_path(tmp_path: Path, capsys) -> None:
    path = write_story(tmp_path)
    assert main(["proofread", str(path), "--fix", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ficlens: error:") and "refusing to overwrite" in err
    assert path.read_text(encoding="utf-8") == STORY


def test_fix_refuses_the_input_through_another_spelling(tmp_path: Path, capsys) -> None:
    path = write_story(tmp_path)
    other = tmp_path / "." / "story.txt"
    assert main(["proofread", str(path), "--fix", str(other)]) == 2
    assert path.read_text(encoding="utf-8") == STORY


def test_clean_text_reports_no_problems(tmp_path: Path, capsys) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("She opened the door and looked outside.\n", encoding="utf-8")
    assert main(["proofread", str(path)]) == 0
    assert "no problems found" in capsys.readouterr().out
