"""Shipped models: one folder, metadata beside each, loud errors when broken."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ficlens import models
from ficlens.cli import main
from ficlens.errors import ModelError


@pytest.mark.parametrize("name", sorted(models.REQUIRED))
def test_every_model_loads_and_has_metadata_beside_it(name: str) -> None:
    data = models.load_model(name)
    assert all(k in data for k in models.REQUIRED[name])
    assert models.meta_path(name).parent == models.model_path(name).parent
    assert isinstance(models.load_meta(name), dict) and models.load_meta(name)


def test_feature_names_are_checked() -> None:
    from ficlens.rating.features import FEATURE_NAMES
    from ficlens.relations import FEATURES

    models.load_model("relations_ranker", features=FEATURES)
    models.load_model("rating", features=FEATURE_NAMES)
    with pytest.raises(ModelError, match="trained on other features.*new_feature"):
        models.load_model("relations_ranker", features=(*FEATURES, "new_feature"))


@pytest.fixture
def broken_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "models"
    shutil.copytree(models.MODELS_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(models, "MODELS_DIR", folder)
    return folder


def test_missing_and_corrupt_files_are_model_errors(broken_models: Path) -> None:
    (broken_models / "categories.json").unlink()
    with pytest.raises(ModelError, match="categories model file .* is missing"):
        models.load_model("categories")
    (broken_models / "freeform.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="freeform model file .* is corrupt"):
        models.load_model("freeform")
    (broken_models / "mentions.json").write_text(json.dumps({"weights": {}}), encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt \\(no weights2\\)"):
        models.load_model("mentions")
    with pytest.raises(ModelError, match="unknown model"):
        models.load_model("nope")


def test_a_corrupt_speaker_model_stops_the_cli_with_one_line(
        broken_models: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ficlens.speakers import model as speaker_model

    (broken_models / "speakers.json").write_bytes(b"\x00\x01garbage")
    speaker_model.load_weights.cache_clear()
    story = tmp_path / "s.txt"
    story.write_text('"Hi," said Anna.\n\n"Hello," said Tom.\n', encoding="utf-8")
    try:
        assert main(["analyze", str(story)]) == 2
    finally:
        speaker_model.load_weights.cache_clear()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "speakers model file" in err and "corrupt" in err
