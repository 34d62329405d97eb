"""The coref stage's learned pronoun scorer (models/coref.json) and its plumbing."""

from __future__ import annotations

import json
import re

import pytest

from ficlens.coref import FEATURES, resolve, scorer_from_dict
from ficlens.document import Character, Document, Mention, Source
from ficlens.errors import ModelError
from ficlens.models import load_meta, load_model


def _model(weights: dict[str, float]) -> dict:
    return {"kind": "linear", "features": list(FEATURES), "coef": [weights.get(f, 0.0) for f in FEATURES],
            "intercept": 0.0, "mean": [0.0] * len(FEATURES), "scale": [1.0] * len(FEATURES)}


def _doc(text: str, chars: tuple[Character, ...], names: list[tuple[str, str, int]]) -> Document:
    mentions = []
    for word, cid, nth in names:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        mentions.append(Mention(start, start + len(word), cid, "name"))
    return Document(text=text, source=Source(path=None, format="text"), characters=chars,
                    mentions=tuple(sorted(mentions, key=lambda m: m.start)))


# Anna is named three times, Clara once and last: the rules take Clara for "She" (the
# latest subject); a scorer that weighs only how often each is named takes Anna.
TEXT = "Anna Reyes sang. Anna Reyes laughed. Anna Reyes left. Clara Stone came in. She sat down."
CHARS = (Character("a", "Anna Reyes", gender="female", mentions=3),
         Character("c", "Clara Stone", gender="female", mentions=1))
NAMES = [("Anna Reyes", "a", 0), ("Anna Reyes", "a", 1), ("Anna Reyes", "a", 2), ("Clara Stone", "c", 0)]


def _she(doc: Document, scorer: object) -> str | None:
    at = re.search(r"\b[Ss]he\b", doc.text).start()
    return next(m.character for m in resolve(doc, model=scorer) if m.start == at)


def test_shipped_model_loads_with_the_features_the_code_computes() -> None:
    model = load_model("coref", features=FEATURES)
    assert model["kind"] == "linear" and len(model["coef"]) == len(FEATURES)
    meta = load_meta("coref")
    assert "8" not in meta["data"].split("folds")[-1]  # trained on tuning folds only
    assert meta["cross_validation"]["cv"]["model"] > meta["cross_validation"]["cv"]["rules"]


def test_the_scorer_decides_among_the_rules_candidates() -> None:
    doc = _doc(TEXT, CHARS, NAMES)
    assert _she(doc, None) == "c"
    assert _she(doc, scorer_from_dict(_model({"named_often": 1.0}))) == "a"
    assert _she(doc, scorer_from_dict(_model({"named_often": -1.0}))) == "c"


def test_a_speech_tag_pronoun_keeps_the_rules_pick(monkeypatch) -> None:
    import ficlens.coref

    doc = _doc(TEXT.replace("She sat down.", "\u201cHello.\u201d she said."), CHARS, NAMES)
    scorer = scorer_from_dict(_model({"named_often": 1.0}))
    assert _she(doc, scorer) == "c"
    monkeypatch.setattr(ficlens.coref, "TAG_KEEPS_RULES", False)
    assert _she(doc, scorer) == "a"


def test_collect_hands_over_one_feature_row_per_candidate() -> None:
    doc = _doc(TEXT, CHARS, NAMES)
    got: list = []
    resolve(doc, model=None, collect=got)
    (start, _end, cands, rows), = got
    assert TEXT[start:start + 3] == "She"
    assert set(cands) == {"a", "c"}
    assert all(len(r) == len(FEATURES) - 20 for r in rows)  # the base features; interactions come in numpy
    rule = {c: r[FEATURES.index("rule")] for c, r in zip(cands, rows, strict=True)}
    assert rule == {"a": 0.0, "c": 1.0}


def test_a_broken_or_missing_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ModelError, match="missing"):
        load_model("coref", path=tmp_path / "coref.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**_model({}), "features": list(FEATURES[:-1])}), encoding="utf-8")
    with pytest.raises(ModelError, match="other features"):
        load_model("coref", path=bad, features=FEATURES)
    with pytest.raises(ModelError, match="corrupt"):
        scorer_from_dict({**_model({}), "coef": [1.0]})


def test_a_title_of_the_other_gender_does_not_decide_a_full_names_gender() -> None:
    from ficlens.pipeline import run_stages
    from ficlens.read import read_text

    text = ("Newland Archer opened the door. He was tired, and he sat down. "
            "Newland Archer lit his cigar. He smiled. Newland Archer thought of the future "
            "Mrs. Newland Archer, and he wished her well. Mrs. Newland Archer would be happy. "
            "She would read to him. Mrs. Newland Archer smiled at her own thoughts.")
    doc = run_stages(read_text(text, name="t"), until="characters")
    by_name = {c.name: c for c in doc.characters}
    assert by_name["Newland Archer"].gender == "male"
    assert "Mrs. Newland Archer" not in by_name["Newland Archer"].aliases


def test_a_subject_pronoun_is_not_the_person_named_later_in_its_clause(monkeypatch) -> None:
    import ficlens.coref

    text = "Derek Shepherd stood by the door. Finn Dandridge waited. He looked at Finn, and smiled."
    chars = (Character("d", "Derek Shepherd", gender="male", mentions=1),
             Character("f", "Finn Dandridge", gender="male", mentions=2))
    doc = _doc(text, chars, [("Derek Shepherd", "d", 0), ("Finn Dandridge", "f", 0), ("Finn", "f", 1)])
    at = text.index("He ")
    for scorer in (None, "shipped"):
        assert next(m.character for m in resolve(doc, model=scorer) if m.start == at) == "d"
    monkeypatch.setattr(ficlens.coref, "PRINCIPLE_C", False)
    assert next(m.character for m in resolve(doc, model=None) if m.start == at) == "f"


def test_the_stage_runs_the_rules_unless_configured_to_use_the_scorer(monkeypatch) -> None:
    import ficlens.coref
    from ficlens.coref import find_coreference

    doc = _doc(TEXT, CHARS, NAMES)
    at = re.search(r"\bShe\b", TEXT).start()
    monkeypatch.setattr(ficlens.coref, "_SHIPPED", [scorer_from_dict(_model({"named_often": 1.0}))])

    def she(d: Document) -> str | None:
        return next(m.character for m in d.mentions if m.start == at and m.kind == "pronoun")

    assert she(find_coreference(doc)) == "c"
    assert she(find_coreference(doc, scorer=True)) == "a"
