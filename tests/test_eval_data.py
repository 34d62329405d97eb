"""Finding the evaluation data: --data, else FICLENS_DATA, else ../shared/data if present."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.cli import main
from ficlens.errors import ConfigError
from ficlens.eval import data


def _fake_set(root: Path) -> Path:
    (root / "pdnc" / "novels").mkdir(parents=True)
    return root


def test_given_folder_wins_and_may_be_the_set_itself(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = _fake_set(tmp_path / "d")
    monkeypatch.setenv(data.ENV, str(tmp_path))
    assert data.data_dir(root, "pdnc", "novels") == root / "pdnc"
    assert data.data_dir(root / "pdnc", "pdnc", "novels") == root / "pdnc"


def test_environment_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _fake_set(tmp_path / "d")
    monkeypatch.setenv(data.ENV, str(root))
    assert data.data_root() == root
    assert data.data_dir(None, "pdnc", "novels") == root / "pdnc"


def test_no_data_anywhere_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.ENV, raising=False)
    monkeypatch.setattr(data, "_candidates", lambda: [tmp_path / "missing"])
    with pytest.raises(ConfigError, match="give --data DIR or set FICLENS_DATA"):
        data.data_root()
    with pytest.raises(ConfigError, match="no such data folder"):
        data.data_root(tmp_path / "nope")
    with pytest.raises(ConfigError, match="no ao3 data here"):
        data.data_dir(tmp_path, "ao3", "labels.csv")


def test_default_is_cwd_relative_shared_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.ENV, raising=False)
    _fake_set(tmp_path / "shared" / "data")
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    assert data.data_root() == tmp_path / "shared" / "data"


@pytest.mark.parametrize("task", ["pdnc", "ao3", "litbank", "proofread", "litbank-quotes"])
def test_eval_with_a_wrong_data_folder_exits_2(task: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", task, "--data", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such data folder" in err


def test_litbank_folds_take_lists_and_ranges() -> None:
    from ficlens.eval.litbank import parse_folds

    assert parse_folds("8,9") == [8, 9]
    assert parse_folds("2-7") == [2, 3, 4, 5, 6, 7]
    assert parse_folds(" 2-4, 7,3") == [2, 3, 4, 7]
    for bad in ("2-x", "12", "", "7-2"):
        with pytest.raises(ConfigError, match="--folds"):
            parse_folds(bad)


def test_eval_with_bad_folds_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "litbank-coref", "--folds", "2-x"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--folds" in err and "\n" not in err
