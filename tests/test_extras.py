"""The light core: analysis imports no optional package, and a missing extra is one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ficlens._extras import MissingExtraError, require
from ficlens.cli import main

HEAVY = ("spacy", "sklearn", "scipy", "fastapi", "uvicorn", "torch")


def test_analyze_imports_no_optional_package(tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text('"Hello," said Anna. Tom waved at her.\n', encoding="utf-8")
    code = ("import sys\nfrom ficlens.cli import main\n"
            f"rc = main(['analyze', {str(story)!r}, '-o', {str(tmp_path / 'o.json')!r}])\n"
            f"print(rc, sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "0 []"
    assert (tmp_path / "o.json").stat().st_size > 0


def test_require_names_the_extra() -> None:
    with pytest.raises(MissingExtraError, match=r"pip install 'ficlens\[serve\]'"):
        require("no_such_module_ficlens_test", extra="serve")
    assert require("json", extra="serve").__name__ == "json"


def test_serve_without_its_extra_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # makes `import fastapi` fail
    assert main(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ficlens[serve]" in err


def test_spacy_baseline_without_its_extra_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens import nlp

    nlp.spacy_pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(MissingExtraError, match=r"ficlens\[eval\]"):
        nlp.spacy_pipeline(("ner",))
    nlp.spacy_pipeline.cache_clear()
