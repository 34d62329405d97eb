"""The sample chapter through the real pipeline: every quotation's speaker and the POV.

Runs segment, quotes and characters for real, so it checks the whole chain.
"""

from __future__ import annotations

import pytest

EXPECTED = [
    ("Slower,", "Derek"),
    ("What does this mean?", "Derek"),
    ("Meredith...What does this mean?", "Derek"),
    ("help me look for them", "Meredith"),
    ("Meredith.. what does this mean?", "Derek"),
    ("Where have you been?", "Addison"),
    ("I guess that puts", "Addison"),
    ("Yeah", "Derek"),
    ("Come on, I'll drive you home", "Finn"),
    ("Meredith..", "Derek"),
]


@pytest.fixture(scope="module")
def doc(sample_analysis):
    return sample_analysis.document


def _speaker_of(doc, start_text: str) -> str | None:
    for u in doc.utterances:
        said = doc.quotes[u.quotes[0]].text.strip()
        if said.startswith(start_text) and (start_text != "Meredith.." or said == "Meredith.."):
            c = doc.character(u.speaker)
            return c.name if c else None
    raise AssertionError(f"no quotation starting {start_text!r}")


@pytest.mark.parametrize(("start_text", "who"), EXPECTED)
def test_sample_speakers(doc, start_text: str, who: str) -> None:
    name = _speaker_of(doc, start_text)
    assert name is not None and who in name


def test_sample_vocative_addressee(doc) -> None:
    for u in doc.utterances:
        if doc.quotes[u.quotes[0]].text.startswith("Meredith.. what"):
            assert [doc.character(a).name for a in u.addressees] == ["Meredith"]


def test_sample_pov_is_derek_in_both_scenes(doc) -> None:
    assert len(doc.scenes) == 2
    for s in doc.scenes:
        c = doc.character(s.pov)
        assert c is not None and "Derek" in c.name
    assert doc.narration is not None and doc.narration.person == "third"
