"""The spaCy component: nlp.add_pipe("ficlens") on a blank English pipeline."""

from __future__ import annotations

import subprocess
import sys

import pytest

spacy = pytest.importorskip("spacy")

STORY = ('"Where were you?" Anna asked.\n\n"Out," said Tom. He shrugged.\n\n'
         '"Out where?" Anna asked him. She frowned at Tom.\n')


def test_add_pipe_sets_the_analysis_and_quote_speakers() -> None:
    import ficlens

    nlp = spacy.blank("en")
    nlp.add_pipe("ficlens")
    doc = nlp(STORY)
    assert isinstance(doc._.ficlens, ficlens.Analysis)
    assert doc._.ficlens.document.text == doc.text
    quotes = list(doc.spans["ficlens_quotes"])
    assert [q.text for q in quotes] == ['"Where were you?"', '"Out,"', '"Out where?"']
    assert [q._.speaker for q in quotes] == ["Anna", "Tom", "Anna"]
    assert all(q._.speaker_id and q._.speaker_id.startswith("c") for q in quotes)
    assert doc._.ficlens.document.proofread is None  # excluded by default


def test_component_settings_reach_the_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ficlens", config={"exclude": ["proofread", "speakers", "pov", "relations",
                                                "rating", "tags"]})
    doc = nlp(STORY)
    assert [q._.speaker for q in doc.spans["ficlens_quotes"]] == [None, None, None]
    assert doc._.ficlens.document.rating is None


def test_empty_text_gives_no_analysis() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ficlens")
    doc = nlp("   ")
    assert doc._.ficlens is None and list(doc.spans["ficlens_quotes"]) == []


def test_spacy_finds_the_factory_through_its_entry_point() -> None:
    """In a fresh process, without importing ficlens first."""
    code = ("import spacy, sys\nnlp = spacy.blank('en')\nnlp.add_pipe('ficlens')\n"
            "print(nlp.pipe_names, 'ficlens.spacy_component' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "['ficlens'] True"
