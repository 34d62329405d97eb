"""Indented JSON, byte for byte what ``json.dumps(obj, ensure_ascii=False, indent=n)``
writes, in about half the time.

Why: the standard library encodes with its C encoder only when ``indent`` is None;
with an indent it falls back to a generator per container in pure Python, which was
the largest single cost after the pipeline on a report of 50,000 characters (44 MB of
JSON, 2.6 s of 40; issue #14). Here one recursive function appends to one list: strings
are escaped by the C-level ``encode_basestring`` the standard library uses, numbers
by the same ``repr``. Anything the fast path does not know (a subclass of str, int,
float, list or dict; a key that is not a str; a value of another type) is handed to
``json.dumps`` itself, so the result and the errors are those of the standard library.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # C implementation when available
from typing import Any

__all__ = ["dumps_indented"]

_FLOAT_REPR = float.__repr__
_INT_REPR = int.__repr__
_INF = float("inf")


def dumps_indented(obj: Any, indent: int = 2) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent)`` (same text, same errors)."""
    if not isinstance(indent, int) or isinstance(indent, bool) or indent < 0:
        return json.dumps(obj, ensure_ascii=False, indent=indent)
    try:
        return _write(obj, " " * indent)
    except _Fallback:
        return json.dumps(obj, ensure_ascii=False, indent=indent)


class _Fallback(Exception):
    """A value the fast path does not handle exactly: let ``json.dumps`` write it all."""


def _write(obj: Any, step: str) -> str:
    parts: list[str] = []
    append = parts.append
    seen: set[int] = set()
    # per depth: what opens an item ("\n" + padding), what separates items (",\n" +
    # padding) and what closes the container ("\n" + the outer padding)
    opens: list[str] = []
    seps: list[str] = []
    closes: list[str] = []

    def pads(depth: int) -> None:
        while len(opens) <= depth + 1:
            pad = step * len(opens)
            opens.append("\n" + pad)
            seps.append(",\n" + pad)
            closes.append("\n" + pad)

    def scalar(o: Any) -> str:
        # only reached for what is not str/int/float/bool/None of the exact types the
        # loops below test first: floats' special values, and everything json.dumps must see
        if type(o) is float:
            if o != o:
                return "NaN"
            return "Infinity" if o > 0 else "-Infinity"
        raise _Fallback

    # (the scalar tests are written out in both loops, not called: a call per value
    # is most of what this saves over the standard library's encoder)
    def container(o: Any, depth: int) -> None:
        t = type(o)
        if t is dict:
            if not o:
                append("{}")
                return
            if id(o) in seen:
                raise _Fallback  # circular: json.dumps raises its own error
            seen.add(id(o))
            pads(depth)
            sep = seps[depth + 1]
            lead = "{" + opens[depth + 1]
            for k, v in o.items():
                if type(k) is not str:
                    raise _Fallback  # numbers, booleans, None as keys: json's own rules
                append(lead + encode(k) + ": ")
                lead = sep
                t = type(v)
                if t is str:
                    append(encode(v))
                elif t is int:
                    append(int_repr(v))
                elif v is None:
                    append("null")
                elif v is True:
                    append("true")
                elif v is False:
                    append("false")
                elif t is float and -_INF < v < _INF:
                    append(float_repr(v))
                elif t is dict or t is list or t is tuple:
                    container(v, depth + 1)
                else:
                    append(scalar(v))
            append(closes[depth] + "}")
            seen.discard(id(o))
        elif t is list or t is tuple:
            if not o:
                append("[]")
                return
            if id(o) in seen:
                raise _Fallback
            seen.add(id(o))
            pads(depth)
            sep = seps[depth + 1]
            lead = "[" + opens[depth + 1]
            for v in o:
                append(lead)
                lead = sep
                t = type(v)
                if t is str:
                    append(encode(v))
                elif t is int:
                    append(int_repr(v))
                elif t is dict or t is list or t is tuple:
                    container(v, depth + 1)
                elif v is None:
                    append("null")
                elif v is True:
                    append("true")
                elif v is False:
                    append("false")
                elif t is float and -_INF < v < _INF:
                    append(float_repr(v))
                else:
                    append(scalar(v))
            append(closes[depth] + "]")
            seen.discard(id(o))
        else:
            raise _Fallback

    encode = encode_basestring
    int_repr = _INT_REPR
    float_repr = _FLOAT_REPR
    t = type(obj)
    if t is dict or t is list or t is tuple:
        container(obj, 0)
        return "".join(parts)
    if t is str:
        return encode(obj)
    if t is int:
        return int_repr(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if t is float and -_INF < obj < _INF:
        return float_repr(obj)
    return scalar(obj)
