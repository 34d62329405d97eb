"""Shared fixtures. Data tests read ../shared/data and skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SAMPLE = SHARED / "samples" / "greys-anatomy-prom-chapter.txt"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return DATA


@pytest.fixture(scope="session")
def sample_path() -> Path:
    if not SAMPLE.is_file():
        pytest.skip("../shared/samples is not present")
    return SAMPLE


@pytest.fixture(scope="session")
def sample_analysis(sample_path: Path):
    import ficlens

    return ficlens.analyze(sample_path)


# --- every ficlens/1 output the suite produces is checked against the JSON Schema ------

SCHEMA_PATH = ROOT / "docs" / "ficlens-1.schema.json"
SCHEMA_CHECKS = {"count": 0}


def schema_validator():
    """A validator of docs/ficlens-1.schema.json (Draft 2020-12)."""
    import json

    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def assert_valid_report(report: dict) -> None:
    errors = sorted(schema_validator_cached().iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{e.json_path}: {e.message[:160]}" for e in errors[:5])
    SCHEMA_CHECKS["count"] += 1


_VALIDATOR: list = []


def schema_validator_cached():
    if not _VALIDATOR:
        _VALIDATOR.append(schema_validator())
    return _VALIDATOR[0]


@pytest.fixture(scope="session", autouse=True)
def _validate_every_report():
    """Wrap report.json.to_dict (behind Analysis.to_dict/to_json, the CLI and the API) so
    each report any test makes is validated against the schema as it is made."""
    from ficlens.report import json as report_json

    original = report_json.to_dict

    def checked(doc):
        out = original(doc)
        assert_valid_report(out)
        return out

    report_json.to_dict = checked
    yield
    report_json.to_dict = original
