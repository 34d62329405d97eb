"""docs/ficlens-1.schema.json: a valid JSON Schema, in step with docs/json-contract.md,
and strict enough to catch a broken report (the conftest hook validates every report)."""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest

from conftest import ROOT, SCHEMA_CHECKS, SCHEMA_PATH, schema_validator

CONTRACT = ROOT / "docs" / "json-contract.md"


def _table_keys(section: str, *, optional: bool | None = None) -> set[str]:
    """Keys in the first column of the table under ``## section`` in the contract doc;
    ``optional=True`` only those whose type says "optional", ``False`` only the others."""
    text = CONTRACT.read_text(encoding="utf-8")
    part = re.split(r"\n#{2,} ", text.split(f"## {section}\n", 1)[1], maxsplit=1)[0]
    keys: set[str] = set()
    for row, kind in re.findall(r"^\| (`[^|]+) \| ([^|]*) \|", part, re.M):
        if optional is None or optional == ("optional" in kind):
            keys.update(re.findall(r"`([a-z_]+)`", row))
    return keys


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@pytest.mark.parametrize("section,path", [
    ("Top level", ()), ("`source`", ("source",)),
    ("`characters`", ("characters", "items")), ("`quotes`", ("quotes", "items")),
])
def test_schema_lists_every_key_of_the_contract(section: str, path: tuple[str, ...]) -> None:
    node = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for p in path:
        node = node["properties"][p] if p != "items" else node["items"]
    keys = _table_keys(section)
    assert keys, section
    assert keys == set(node["properties"]), f"{section}: doc and schema differ"
    assert set(node["required"]) == _table_keys(section, optional=False)


def test_a_real_report_validates_and_broken_ones_do_not(sample_analysis) -> None:
    report = json.loads(sample_analysis.to_json())
    v = schema_validator()
    assert not list(v.iter_errors(report))
    broken = []
    for mutate in (
        lambda r: r.pop("quotes"),
        lambda r: r.__setitem__("schema", "ficlens/2"),
        lambda r: r["characters"][0].__setitem__("id", 7),
        lambda r: r["quotes"][0].__setitem__("start", -1),
        lambda r: r["utterances"][0].__setitem__("kind", "shouted"),
        lambda r: r.__setitem__("rating", {"rating": "R"}),
    ):
        bad = copy.deepcopy(report)
        mutate(bad)
        broken.append(bool(list(v.iter_errors(bad))))
    assert all(broken), broken


def test_the_hook_has_validated_reports(sample_analysis) -> None:
    before = SCHEMA_CHECKS["count"]
    sample_analysis.to_dict()
    assert SCHEMA_CHECKS["count"] == before + 1
