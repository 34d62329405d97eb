"""CLI behaviour a user sees: exit codes and one-line errors."""

from __future__ import annotations

import json

from ficlens.cli import main


def test_missing_path_is_one_line_exit_2(tmp_path, capsys):
    rc = main(["analyze", str(tmp_path / "nope.txt")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and "no such file" in err


def test_directory_is_rejected(tmp_path, capsys):
    rc = main(["analyze", str(tmp_path)])
    assert rc == 2
    assert "directory" in capsys.readouterr().err


def test_analyze_writes_json_contract(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text('Anna walked in. "Hello, Tom," she said.\n', encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["analyze", str(story), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "ficlens/1"
    assert data["text"] == story.read_text(encoding="utf-8")
    for key in ("source", "words", "chapters", "scenes", "characters", "mentions", "quotes"):
        assert key in data


def test_output_never_overwrites_input(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Anna walked in.\n", encoding="utf-8")
    rc = main(["analyze", str(story), "-o", str(story)])
    assert rc == 2
    assert story.read_text(encoding="utf-8") == "Anna walked in.\n"
