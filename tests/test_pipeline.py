"""The public pipeline: exclude/only/config, user stages, timings, load_json, CLI flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ficlens
from ficlens.cli import main
from ficlens.document import Document

STORY = ('"Where were you?" Anna asked.\n\n"Out," said Tom. He shrugged.\n\n'
         '"Out where?" Anna asked him. She frowned at Tom.\n')


def test_default_pipeline_is_the_built_in_order() -> None:
    names = ficlens.Pipeline().names
    order = ("segment", "quotes", "characters", "speakers", "pov", "relations", "rating",
             "tags", "proofread")
    # other stages may be inserted between these (one line in pipeline.STAGES)
    assert [n for n in names if n in order] == list(order)
    ficlens.Pipeline().check()  # every built-in stage's needs are met by earlier ones


def test_exclude_leaves_stages_out_and_the_rest_runs() -> None:
    full = ficlens.analyze(STORY).to_dict()
    part = ficlens.analyze(STORY, exclude=["proofread", "rating"]).to_dict()
    assert part["proofread"] is None and part["rating"] is None and part["warnings"] == []
    assert full["proofread"] is not None and full["rating"] is not None
    assert part["quotes"] == full["quotes"] and part["characters"] == full["characters"]


def test_excluding_a_stage_another_needs_is_a_clear_error() -> None:
    with pytest.raises(ficlens.ConfigError, match="'characters' needs 'quotes'"):
        ficlens.analyze(STORY, exclude=["quotes"])


def test_unknown_stage_names_are_config_errors() -> None:
    with pytest.raises(ficlens.ConfigError, match="unknown stage 'nope'"):
        ficlens.Pipeline(exclude=["nope"])
    with pytest.raises(ficlens.ConfigError, match="unknown stage"):
        ficlens.Pipeline(only=["nope"])


def test_only_adds_the_stages_the_named_ones_need() -> None:
    assert ficlens.Pipeline(only=["characters"]).names == ("segment", "quotes", "characters")
    d = ficlens.analyze(STORY, only=["quotes"]).to_dict()
    assert d["quotes"] and d["characters"] == [] and d["rating"] is None


def test_config_reaches_the_stage_as_keyword_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    import ficlens.relations as relations

    seen: list[bool] = []
    real = relations.find_relations

    def spy(doc: Document, *, learned: bool = True) -> Document:
        seen.append(learned)
        return real(doc, learned=learned)

    monkeypatch.setattr(relations, "find_relations", spy)
    ficlens.analyze(STORY, config={"relations": {"learned": False}})
    assert seen == [False]


def test_unknown_setting_is_a_config_error_naming_the_settings() -> None:
    with pytest.raises(ficlens.ConfigError, match="no setting 'speed'.*learned"):
        ficlens.analyze(STORY, config={"relations": {"speed": 3}})


def test_user_stage_result_reaches_the_json_under_its_name() -> None:
    def longest_quote(doc: Document) -> Document:
        best = max(doc.quotes, key=lambda q: len(q.text))
        return doc.with_extra("longest", {"text": best.text})

    p = ficlens.Pipeline(exclude=["proofread"]).add_stage(
        "longest", longest_quote, after="quotes", requires=["quotes"])
    assert p.names.index("longest") == p.names.index("quotes") + 1
    d = p.analyze(STORY).to_dict()
    assert d["extras"] == {"longest": {"text": "Where were you?"}}


def test_user_stage_may_return_plain_data() -> None:
    p = ficlens.Pipeline(only=["quotes"]).add_stage("n_quotes", lambda doc: len(doc.quotes))
    assert p.analyze(STORY).to_dict()["extras"] == {"n_quotes": 3}


def test_user_stage_returning_something_unserialisable_is_refused() -> None:
    p = ficlens.Pipeline(only=["segment"]).add_stage("bad", lambda doc: object())
    with pytest.raises(ficlens.ConfigError, match="'bad' returned neither"):
        p.analyze(STORY)


def test_user_stage_needing_what_nothing_provides_is_refused() -> None:
    with pytest.raises(ficlens.ConfigError, match="'early' needs 'quotes'"):
        ficlens.Pipeline().add_stage("early", lambda d: d, before="quotes", requires=["quotes"])
    with pytest.raises(ficlens.ConfigError, match="already a stage"):
        ficlens.Pipeline().add_stage("quotes", lambda d: d)


def test_no_extras_key_without_user_stages() -> None:
    assert "extras" not in ficlens.analyze(STORY).to_dict()


def test_timings_cover_every_stage_run() -> None:
    timings: dict[str, float] = {}
    p = ficlens.Pipeline(exclude=["proofread"])
    p.run(ficlens.load(STORY), timings=timings)
    assert list(timings) == list(p.names) and all(t >= 0 for t in timings.values())


def test_until_stops_after_the_named_stage() -> None:
    doc = ficlens.Pipeline().run(ficlens.load(STORY), until="quotes")
    assert doc.quotes and not doc.characters


def test_legacy_keywords_still_work() -> None:
    a = ficlens.analyze(STORY, skip=("proofread",), until="tags")
    assert a.document.proofread is None and a.document.tags is not None


def test_load_json_round_trips_byte_identically(sample_path: Path) -> None:
    for source in (STORY, sample_path):
        first = ficlens.analyze(source).to_json()
        again = ficlens.load_json(first)
        assert again.to_json() == first
        assert again.to_html() == ficlens.analyze(source).to_html()


def test_load_json_from_a_file_with_extras(tmp_path: Path) -> None:
    p = ficlens.Pipeline(only=["quotes"]).add_stage("n", lambda doc: {"quotes": len(doc.quotes)})
    text = p.analyze(STORY).to_json()
    path = tmp_path / "a.json"
    path.write_text(text, encoding="utf-8")
    assert ficlens.load_json(path).to_json() == text
    assert ficlens.load_json(str(path)).document.extras["n"] == {"quotes": 3}


def test_load_json_refuses_other_json() -> None:
    with pytest.raises(ficlens.InputError, match="not ficlens/1"):
        ficlens.load_json('{"schema": "other"}')
    with pytest.raises(ficlens.InputError, match="malformed"):
        ficlens.load_json('{"schema": "ficlens/1"}')


def test_cli_only_and_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["analyze", str(story), "--only", "quotes,characters"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["quotes"] and d["characters"] and d["rating"] is None and d["proofread"] is None
    assert main(["analyze", str(story), "--exclude", "proofread"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["proofread"] is None and d["rating"] is not None
    assert main(["analyze", str(story), "--exclude", "quotes"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs 'quotes'" in err
