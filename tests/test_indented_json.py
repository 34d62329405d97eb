"""The fast indented JSON writer gives exactly what json.dumps gives (text and errors)."""

from __future__ import annotations

import json
import math
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.report.indented import dumps_indented


def _std(obj: object, indent: int = 2) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


scalars = (st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text())
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=5) | st.tuples(inner, inner)
                   | st.dictionaries(keys, inner, max_size=5)),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(min_value=0, max_value=4))
def test_same_text_as_json_dumps(obj: object, indent: int) -> None:
    assert dumps_indented(obj, indent) == _std(obj, indent)


@pytest.mark.parametrize("obj", [
    {}, [], (), {"a": []}, {"a": {}}, [[], {}, [[]]], "é\u2028\ud800\"\\\n\x00", 0, -0.0,
    1e-05, 1e300, math.inf, -math.inf, math.nan, [math.nan, -math.inf], True, None,
    {"x": {"y": [1, 2.5, "z", None, False]}}, {3: "int key", 2.5: "float", True: "t", None: "n"},
    OrderedDict([("b", 1), ("a", 2)]),
])
def test_edge_values(obj: object) -> None:
    assert dumps_indented(obj) == _std(obj)


class _Str(str):
    pass


class _Int(int):
    def __repr__(self) -> str:  # json writes int.__repr__, not this
        return "nope"


class _List(list):
    pass


def test_subclasses_are_written_as_json_writes_them() -> None:
    obj = {"s": _Str("a"), "i": _Int(3), "l": _List([1, _Str("b")])}
    assert dumps_indented(obj) == _std(obj)


def test_errors_are_json_errors() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps_indented({"a": loop})
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": [1, {2, 3}]})
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): "tuple key"})


def test_shared_but_not_circular_values_are_fine() -> None:
    shared = {"k": [1, 2]}
    obj = [shared, shared, {"again": shared}]
    assert dumps_indented(obj) == _std(obj)


def test_a_report_is_written_the_same(tmp_path) -> None:
    import ficlens

    text = ('"Come in," said Anna Brook. Tom looked up.\n\n"Not now," he said to her.\n\n'
            "* * *\n\nLater, Anna sat by the river and Tom said nothing at all.\n")
    d = ficlens.analyze(text).to_dict()
    assert dumps_indented(d) == _std(d)
