"""Property-based fuzzing of the readers and the whole analysis (Hypothesis).

Random and mutated text, HTML, EPUB and DOCX inputs, built from small samples written
here, must give either a valid analysis or a one-line :class:`FiclensError` (the CLI's
exit code 2), never another exception (a traceback). Every valid result keeps its
promises: spans inside the text, quotation spans that do not overlap, mentions and
quotes that point at existing characters and utterances, utterance and quote indices
that agree, a report that validates against the JSON Schema (conftest hook).

Profiles (env ``FICLENS_FUZZ``): ``ci`` (default, a few dozen inputs per test, fast),
``long`` (``make fuzz``: 2,500 inputs per test, 10,000 in all).
"""

from __future__ import annotations

import io
import os

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import ficlens  # noqa: E402
from epub_builder import make_epub  # noqa: E402
from ficlens.errors import FiclensError  # noqa: E402
from ficlens.pipeline import load, run_stages  # noqa: E402
from test_robustness import check_invariants  # noqa: E402

_COMMON = dict(deadline=None, derandomize=False, print_blob=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=25, **_COMMON)
settings.register_profile("long", max_examples=2500, **_COMMON)
settings.register_profile("dev", max_examples=300, **_COMMON)
settings.load_profile(os.environ.get("FICLENS_FUZZ", "ci"))

SEED = ("Chapter 1\n\n\u201cGo home,\u201d said Anna Smith. Bob Jones left the room; he was angry.\n\n"
        "\"Wait!\" Anna called. 'Why?' he asked, and she laughed.\n\n* * *\n\n"
        "Teh rain fell on Mr. Darcy's house -- nobody slept.\n")
ALPHABET = st.sampled_from(list("abcdeAB \n\n\t.,;:!?-'\"\u201c\u201d\u2018\u2019\u2014*#<>&/")
                           + ["Anna", "Bob", " said ", " she ", "\r\n", "\u00e9", "\u0416", "\u200b",
                              "\ufeff", "\x00", "\ud7ff"])


def _mutate(data: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, kind, bytes) edits: 0 insert, 1 delete a run, 2 overwrite."""
    out = bytearray(data)
    for pos, kind, chunk in ops:
        if not out:
            out.extend(chunk)
            continue
        i = pos % len(out)
        if kind == 0:
            out[i:i] = chunk
        elif kind == 1:
            del out[i:i + 1 + len(chunk) * 8]
        else:
            out[i:i + len(chunk)] = chunk
    return bytes(out)


MUTATIONS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 2), st.binary(min_size=1, max_size=8)),
                     max_size=6)
STORY_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(ALPHABET, max_size=300).map("".join),
    MUTATIONS.map(lambda ops: _mutate(SEED.encode(), ops).decode("utf-8", "replace")),
)


# In the long run every input is tried and each failure counted (the CI run stops at
# the first, shrunk by Hypothesis); test_zz_summary reports the count at the end.
LONG = os.environ.get("FICLENS_FUZZ") == "long"
TRIED: list[int] = [0]
FAILURES: list[str] = []


def check_result_or_clean_error(data: bytes, name: str) -> None:
    TRIED[0] += 1
    if not LONG:
        _check(data, name)
        return
    try:
        _check(data, name)
    except Exception as exc:  # noqa: BLE001 - counted and reported by test_zz_summary
        FAILURES.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''} "
                        f"input={data[:120]!r}")


def _check(data: bytes, name: str) -> None:
    try:
        doc = run_stages(load(data, name=name))
    except FiclensError as exc:
        assert str(exc) and "\n" not in str(exc), f"errors are one line: {exc!r}"
        return
    check_invariants(doc)
    quotes = sorted(doc.quotes, key=lambda q: q.start)
    for a, b in zip(quotes, quotes[1:], strict=False):
        assert a.end <= b.start, f"quotes overlap: {a.start}:{a.end} and {b.start}:{b.end}"
    for qi, q in enumerate(doc.quotes):
        assert 0 <= q.utterance < len(doc.utterances), "a quote's utterance exists"
        assert qi in doc.utterances[q.utterance].quotes, "utterance and quote indices agree"
    for ui, u in enumerate(doc.utterances):
        assert u.id == ui
        assert all(doc.quotes[i].utterance == ui for i in u.quotes)
    ficlens.Analysis(doc).to_dict()  # validated against the schema by the conftest hook


@given(STORY_TEXT, st.sampled_from(["story.txt", "story.md", None]))
def test_text(text: str, name: str | None) -> None:
    for encoded in (text.encode("utf-8", "surrogatepass"), text.encode("utf-16", "surrogatepass")):
        check_result_or_clean_error(encoded, name or "story")


_HTML_SEED = ("<!doctype html><html><head><meta charset='utf-8'><title>T</title></head><body>"
              "<h1>Chapter 1</h1><p>{0}</p><div><p>&ldquo;Hi,&rdquo; said Anna.<br>Bob left.</p>"
              "<hr><blockquote><p>{1}</p></blockquote></div><script>x()</script></body></html>")
HTML = st.one_of(
    st.tuples(STORY_TEXT, STORY_TEXT).map(lambda t: _HTML_SEED.format(*t).encode("utf-8")),
    MUTATIONS.map(lambda ops: _mutate(_HTML_SEED.format("Anna sat.", "\"Go,\" he said.").encode(), ops)),
    st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<br>", "<b>", "text ", "\"", "&amp;",
                              "&#0;", "<!--", "-->", "<![CDATA[", "<hr>", "<h2>", "</h2>"]),
             max_size=200).map(lambda xs: ("<html><body>" + "".join(xs)).encode()),
)


@given(HTML)
def test_html(data: bytes) -> None:
    check_result_or_clean_error(data, "story.html")


def _xhtml(body: str) -> str:
    from html import escape

    return ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>c</title></head><body><p>{escape(body)}</p></body></html>")


EPUB = st.one_of(
    st.lists(STORY_TEXT, min_size=1, max_size=3).map(lambda cs: make_epub([_xhtml(c) for c in cs])),
    st.lists(STORY_TEXT, min_size=1, max_size=2).map(lambda cs: make_epub(cs)),  # not XHTML at all
    MUTATIONS.map(lambda ops: _mutate(make_epub([_xhtml(SEED)]), ops)),
)


@given(EPUB)
def test_epub(data: bytes) -> None:
    check_result_or_clean_error(data, "story.epub")


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        # python-docx refuses XML-illegal characters; a writer's file cannot hold them either
        d.add_paragraph("".join(ch for ch in p if ch in "\t\n" or (ord(ch) >= 32 and ch not in "\ufffe\uffff")))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_DOCX_SEED: list[bytes] = []


def _docx_seed() -> bytes:
    if not _DOCX_SEED:
        _DOCX_SEED.append(_docx(SEED.split("\n\n")))
    return _DOCX_SEED[0]


DOCX = st.one_of(
    st.lists(STORY_TEXT, min_size=1, max_size=4).map(_docx),
    MUTATIONS.map(lambda ops: _mutate(_docx_seed(), ops)),
)


@given(DOCX)
def test_docx(data: bytes) -> None:
    check_result_or_clean_error(data, "story.docx")


def test_zz_summary() -> None:
    """(Runs last in this file.) The inputs tried and the failures found."""
    print(f"\nfuzz: {TRIED[0]} inputs, {len(FAILURES)} failures (tracebacks or broken promises)")
    for f in FAILURES[:20]:
        print("  " + f)
    assert not FAILURES


# --- what the long run found, kept as plain tests ---------------------------------------

@pytest.mark.parametrize("fmt", ["epub", "docx"])
def test_zip_needing_a_newer_zip_version_is_a_one_line_error(fmt: str) -> None:
    data = bytearray(make_epub([_xhtml(SEED)]) if fmt == "epub" else _docx_seed())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 65  # "version needed to extract": 6.5, which zipfile refuses
    with pytest.raises(FiclensError, match="corrupt"):
        load(bytes(data), name=f"story.{fmt}")


def test_characters_found_by_a_cast_pack_alone_have_contract_ids() -> None:
    doc = ficlens.analyze("Chaptej\ufffd\ufffd\x02\ufffdGo home,\u201d saidJones leftody slept.").document
    assert all(c.id.startswith("c") and c.id[1:].isdigit() for c in doc.characters), [c.id for c in doc.characters]
