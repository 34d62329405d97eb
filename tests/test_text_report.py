"""The terminal summary (--format text): cast table, scenes and the dialogue script."""

from __future__ import annotations

from ficlens.document import Character, Document, Quote, Scene, Source, Utterance
from ficlens.report.text import render_text

TEXT = '"Go home," said Tom.\n'


def _doc(**kw) -> Document:
    base = Document(
        text=TEXT,
        source=Source(path="story.txt", format="text"),
        scenes=(Scene(0, len(TEXT)),),
        quotes=(Quote(0, 10, "Go home,", 0),),
        utterances=(Utterance(0, (0,), speaker="c1", addressees=("c2",)),),
        characters=(Character("c1", "Tom Sawyer", ("Tom",), 1), Character("c2", "Becky", (), 0)),
    )
    return base.evolve(**kw)


def test_dialogue_script_names_speaker_and_addressee():
    out = render_text(_doc())
    assert "Tom Sawyer -> Becky: \u201cGo home,\u201d" in out
    assert "1 quotation span(s) in 1 utterance(s)" in out


def test_canonical_column_only_when_a_pack_named_someone():
    assert "canonical" not in render_text(_doc())
    chars = (Character("c1", "Tom", (), 1, canonical="Tom Sawyer (Twain)"),
             Character("c2", "Becky", (), 0))
    out = render_text(_doc(characters=chars, fandom="Twain"))
    assert "canonical" in out and "Tom Sawyer (Twain)" in out and "fandom: Twain" in out
