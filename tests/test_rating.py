"""Rating and warnings: lexicon hits, the shipped model, evidence that points at text."""

from __future__ import annotations

import json

from ficlens.document import Document, Source, Span
from ficlens.models import meta_path
from ficlens.rating import MODEL_PATH, NO_WARNINGS, RATINGS, load_model, rate
from ficlens.rating.features import FEATURE_NAMES, analyse
from ficlens.rating.lexicon import passages, scan

EXPLICIT = (
    "The evening was quiet and they talked about the harvest.\n\n"
    "Later he pulled her onto the bed. She moaned as his cock pressed between her legs, "
    "and he thrust inside her until her orgasm shook them both. Her nipples were hard "
    "against his chest and she came again, clit throbbing.\n\n"
    "In the morning they made tea."
)
MILD = (
    "Anna baked bread on Sunday. Tom came over to help, and they laughed about the "
    "flour on the floor.\n\nThe dog slept by the stove while the loaves cooled."
)
VIOLENT = (
    "The battle began at dawn.\n\n"
    "He stabbed the guard twice and blood sprayed across the wall; the man screamed, "
    "clutching the wound as his entrails spilled. She slit his throat and the corpse "
    "fell, skull cracking on the stone. More were murdered and mutilated before noon.\n\n"
    "Nobody spoke of it afterwards."
)


def _doc(text: str) -> Document:
    return Document(text=text, source=Source(path=None, format="text"))


def test_lexicon_finds_terms_with_weights_and_case():
    hits = scan("Dick smiled. Then he showed her his dick.")
    terms = [h.term for h in hits["sexual"]]
    assert terms == ["dick"]  # the name "Dick" is not vocabulary
    assert scan("what the fuck")["language"][0].weight >= 2


def test_long_paragraph_is_cut_into_passages():
    text = ("He walked. " * 400).strip()
    spans = passages(text)
    assert len(spans) > 2
    assert all(e - s <= 1800 for s, e in spans)


def test_explicit_text_is_explicit_with_evidence_on_the_scene():
    doc = rate(_doc(EXPLICIT))
    assert doc.rating.rating == "Explicit"
    scene_start = EXPLICIT.index("Later")
    scene_end = EXPLICIT.index("In the morning")
    assert doc.rating.evidence
    top = doc.rating.evidence[0]
    assert scene_start <= top.start < top.end <= scene_end
    assert top.reason.startswith("explicit sexual content: '")
    quoted = top.reason.split("'")[1]
    assert quoted in doc.text[top.start:top.end].lower()
    assert 0.5 < doc.rating.scores["sexual"] <= 1.0
    assert all(0.0 <= v <= 1.0 for v in doc.rating.scores.values())


def test_mild_text_is_general_with_no_warnings():
    doc = rate(_doc(MILD))
    assert doc.rating.rating == "General Audiences"
    assert doc.rating.evidence == ()
    assert [w.warning for w in doc.warnings] == [NO_WARNINGS]


def test_graphic_violence_rates_above_general_and_points_at_the_killing():
    doc = rate(_doc(VIOLENT))
    assert RATINGS.index(doc.rating.rating) >= 1
    assert doc.rating.scores["violence"] > 0.8
    reasons = [e.reason for e in doc.rating.evidence]
    assert any(r.startswith("violence:") for r in reasons)


def test_warning_evidence_points_at_its_category():
    text = ("She was fourteen years old and in middle school.\n\n"
            "He raped her. He molested her again, without her consent, pinned her down, "
            "his cock inside her while she begged him to stop, please.\n\n")
    doc = rate(_doc(text))
    names = {w.warning for w in doc.warnings}
    assert "Rape/Non-Con" in names
    for w in doc.warnings:
        if w.warning == "Rape/Non-Con":
            assert w.evidence and "non-consent" in w.evidence[0].reason


def test_uses_segment_paragraphs_when_present():
    doc = _doc(EXPLICIT)
    paras = []
    start = 0
    for block in EXPLICIT.split("\n\n"):
        s = EXPLICIT.index(block, start)
        paras.append(Span(s, s + len(block)))
        start = s + len(block)
    doc = rate(doc.evolve(paragraphs=tuple(paras)))
    assert doc.rating.rating == "Explicit"


def test_blank_text_does_not_crash():
    doc = rate(_doc("   \n"))
    assert doc.rating.rating == "General Audiences"


def test_model_is_small_loads_and_has_metadata():
    assert MODEL_PATH.stat().st_size < 2_000_000
    load_model.cache_clear()
    model = load_model()  # load time: benchmarks/load_speed.py
    assert model["features"] == list(FEATURE_NAMES)
    meta = json.loads(meta_path(MODEL_PATH).read_text(encoding="utf-8"))
    assert meta["split"]["seed"] and meta["heldout"]["n"] > 100
    assert "macro_f1" in meta["heldout"]


def test_feature_vector_matches_names():
    assert len(analyse(MILD).vector) == len(FEATURE_NAMES)


def test_warning_passage_gate_comes_from_the_model(monkeypatch):
    """A death told in one plain sentence ("died": weight 1.5) passes a gate of 1.5 but
    not the old fixed 3, so the gate is per warning and read from the model."""
    import ficlens.rating as rating

    text = "The rain kept on all week.\n\nHer brother died that night in the hospital.\n\n"
    model = dict(load_model())
    n = len(FEATURE_NAMES)
    always = {"mean": [0.0] * n, "scale": [1.0] * n, "coef": [[0.0] * n], "intercept": [9.0],
              "classes": [0, 1], "threshold": 0.5, "cv_f1": 0.9}
    for gate, fires in ((1.5, True), (3.0, False)):
        model["warnings"] = {"Major Character Death": {**always, "min_peak": gate}}
        monkeypatch.setattr(rating, "load_model", lambda m=model: m)
        names = [w.warning for w in rate(_doc(text)).warnings]
        assert ("Major Character Death" in names) is fires
        if fires:
            ev = rate(_doc(text)).warnings[0].evidence[0]
            assert "died" in text[ev.start:ev.end]
