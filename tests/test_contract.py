"""The ficlens/1 JSON contract: keys named in docs/json-contract.md stay where they are."""

from __future__ import annotations

import json

import ficlens
from ficlens.document import Document, Source

TOP_KEYS = {
    "ficlens", "schema", "source", "text", "words", "counts", "chapters", "scenes",
    "characters", "mentions", "quotes", "utterances", "narration", "fandom",
    "interactions", "relationships", "rating", "warnings", "tags", "proofread",
}


def test_top_level_keys_and_offsets_index_text():
    text = 'Anna came in.\n\n"Hello, Tom," she said. "It is late."\n'
    data = json.loads(ficlens.analyze(text).to_json())
    assert TOP_KEYS <= set(data)
    assert data["schema"] == "ficlens/1"
    assert data["text"] == text
    for key in ("chapters", "scenes", "mentions", "quotes"):
        for item in data[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
    for q in data["quotes"]:
        assert {"start", "end", "text", "utterance", "speaker", "addressees"} <= set(q)
        assert q["text"] in text[q["start"]:q["end"]]
    ids = {c["id"] for c in data["characters"]}
    for m in data["mentions"]:
        assert m["character"] is None or m["character"] in ids
    for q in data["quotes"]:
        assert q["speaker"] is None or q["speaker"] in ids


def test_document_is_immutable_and_evolve_copies():
    doc = Document(text="abc", source=Source(path=None, format="text"))
    newer = doc.evolve(text="xyz")
    assert doc.text == "abc" and newer.text == "xyz"
    try:
        doc.text = "changed"  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover - would mean the model is mutable
        raise AssertionError("Document must be frozen")


def test_source_metadata_is_read_only():
    doc = ficlens.analyze("Anna walked in.\n").document
    try:
        doc.source.metadata["x"] = 1  # type: ignore[index]
    except TypeError:
        return
    raise AssertionError("metadata must be read-only")
