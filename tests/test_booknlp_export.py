"""BookNLP export: read the files back with BookNLP's own column layouts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import ficlens
from ficlens.cli import main
from ficlens.report.booknlp import ENTITIES_HEADER, QUOTES_HEADER, TOKENS_HEADER

STORY = ('"Where were you?" Anna asked.\n\n"Out," said Tom. He shrugged.\n\n'
         '"Out where?" Anna asked him. She frowned at Tom.\n')


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(reader.fieldnames or []), list(reader)


def _export(tmp_path: Path, text: str = STORY) -> tuple[Path, str]:
    story = tmp_path / "story.txt"
    story.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(story), "--format", "booknlp", "-o", str(out)]) == 0
    return out, story.read_text(encoding="utf-8")


def test_the_four_files_have_booknlps_names_and_headers(tmp_path: Path) -> None:
    out, _ = _export(tmp_path)
    assert sorted(p.name for p in out.iterdir()) == [
        "story.book", "story.entities", "story.quotes", "story.tokens"]
    assert _rows(out / "story.tokens")[0] == list(TOKENS_HEADER)
    assert _rows(out / "story.entities")[0] == list(ENTITIES_HEADER)
    assert _rows(out / "story.quotes")[0] == list(QUOTES_HEADER)


def test_token_offsets_and_ids_read_back(tmp_path: Path) -> None:
    out, text = _export(tmp_path)
    _, rows = _rows(out / "story.tokens")
    assert [int(r["token_ID_within_document"]) for r in rows] == list(range(len(rows)))
    for r in rows:
        assert text[int(r["byte_onset"]):int(r["byte_offset"])] == r["word"]
        assert int(r["syntactic_head_ID"]) == int(r["token_ID_within_document"])
        assert r["event"] == "O" and r["POS_tag"] == "_"
    paragraphs = [int(r["paragraph_ID"]) for r in rows]
    assert paragraphs == sorted(paragraphs) and paragraphs[-1] == 2
    first_of_sentence = [r for r in rows if r["token_ID_within_sentence"] == "0"]
    assert len(first_of_sentence) == len({r["sentence_ID"] for r in rows})


def test_quotes_and_entities_point_at_tokens_and_characters(tmp_path: Path) -> None:
    out, text = _export(tmp_path)
    _, tokens = _rows(out / "story.tokens")
    words = [r["word"] for r in tokens]
    _, quotes = _rows(out / "story.quotes")
    _, entities = _rows(out / "story.entities")
    book = json.loads((out / "story.book").read_text(encoding="utf-8"))
    analysis = ficlens.analyze(text).to_dict()
    assert len(quotes) == len(analysis["quotes"]) == 3
    names = {c["id"]: {m["n"] for m in c["mentions"]["proper"]} for c in book["characters"]}
    for q, ours in zip(quotes, analysis["quotes"], strict=True):
        a, b = int(q["quote_start"]), int(q["quote_end"])
        assert q["quote"] == " ".join(words[a:b + 1])
        assert words[a] == '"' and words[b] == '"'
        speaker = next(c["name"] for c in analysis["characters"] if c["id"] == ours["speaker"])
        assert speaker in names[int(q["char_id"])]
        ms, me = int(q["mention_start"]), int(q["mention_end"])
        assert " ".join(words[ms:me + 1]) == q["mention_phrase"]
    assert [q["mention_phrase"] for q in quotes][:2] == ["Anna", "Tom"]
    for e in entities:
        a, b = int(e["start_token"]), int(e["end_token"])
        assert " ".join(words[a:b + 1]) == e["text"] and e["cat"] == "PER"
        assert e["prop"] in ("PROP", "NOM", "PRON")
    anna = next(c for c in book["characters"] if "Anna" in names[c["id"]])
    assert anna["g"]["argmax"] == "she/her" and anna["count"] >= 2


def test_book_matches_booknlps_layout(tmp_path: Path, data_dir: Path) -> None:
    """Keys of .book characters and the .quotes header as in real BookNLP output."""
    real = data_dir / "pdnc" / "booknlp_big" / "DaisyMiller"
    if not real.is_dir():
        pytest.skip("no BookNLP output in the data")
    out, _ = _export(tmp_path)
    theirs = json.loads((real / "DaisyMiller.book").read_text(encoding="utf-8"))
    ours = json.loads((out / "story.book").read_text(encoding="utf-8"))
    assert set(ours) == set(theirs)
    with_g = next(c for c in theirs["characters"] if c["g"])
    for c in ours["characters"]:
        assert list(c) == list(theirs["characters"][0])
        assert set(c["mentions"]) == set(theirs["characters"][0]["mentions"])
        if c["g"]:
            assert set(c["g"]) == set(with_g["g"])
            assert set(c["g"]["inference"]) == set(with_g["g"]["inference"])
    assert _rows(out / "story.quotes")[0] == _rows(real / "DaisyMiller.quotes")[0]


def test_booknlp_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["analyze", str(story), "--format", "booknlp"]) == 2
    assert "-o DIR" in capsys.readouterr().err
    assert main(["analyze", str(story), "--format", "booknlp", "-o", str(story)]) == 2
    assert "not a folder" in capsys.readouterr().err
