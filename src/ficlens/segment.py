"""Paragraphs, sentences, tokens and scenes: the ``segment`` stage.

Why rules and not a parser: every later stage needs these spans, and a full spaCy parse
of a novel costs minutes on a laptop. Regular expressions over the text give the same
boundaries for fiction at well over 200,000 words/s.

How a text lays out its paragraphs decides what a paragraph and a scene break are, so the
layout is found first (see :func:`detect_layout`):

* ``lines``: one paragraph per line (most fan fiction). A blank line is a scene break.
* ``blank``: paragraphs separated by blank lines (AO3 HTML turned to text). A gap of two
  or more blank lines is a scene break; so is every blank line when the "paragraphs" are
  walls of text far longer than real paragraphs (the author only broke at scene changes).
* ``wrapped``: hard-wrapped text (Project Gutenberg): lines of ~70 characters; the
  paragraph is the blank-line block and two or more blank lines are a scene break.

Lines made only of symbols (``***``, ``* * *``, ``---``, ``~~~``, ``#``) or of the fan
fiction dividers ``oOo``/``xXx`` are scene breaks in every layout and belong to no scene
and no paragraph. A chapter boundary always starts a new scene.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Chapter, Document, Scene, Span
from .titles import SENTENCE_ABBREVIATIONS as _ABBREV

# ---------------------------------------------------------------- words (AO3 rules)
# AO3 (otwarchive WordCounter): "--" becomes an em dash, hyphens and apostrophes are
# deleted (so "one-word" and "one's" are one word), then every Han/Hiragana/Katakana/Thai
# character is a word and every other run of word characters is a word.
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u0e00-\u0e7f"
_AO3_WORD_RE = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+")
_AO3_STRIP = str.maketrans("", "", "'\u2019\u2018-")
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def count_words(text: str) -> int:
    """Words as AO3 counts them, so our counts match the number on the work's page."""
    body = text.replace("--", "\u2014").translate(_AO3_STRIP)
    return len(_AO3_WORD_RE.findall(body))


# ---------------------------------------------------------------- tokens
# Words keep inner apostrophes ("don't", "Meredith's"); a run of one punctuation
# character ("...", "--", "!!") is one token; anything else is a one-character token.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|([^\w\s])\1*|_+")

# Spans are built without the dataclass __init__ (two slot stores in C): a novel has
# ~200,000 tokens and the frozen-dataclass __init__ was most of this stage's time.
_new_span = object.__new__
_set_start = Span.start.__set__  # type: ignore[attr-defined]
_set_end = Span.end.__set__  # type: ignore[attr-defined]


def _tokens(text: str, start: int, end: int, out: list[Span]) -> None:
    append = out.append
    for m in _TOKEN_RE.finditer(text, start, end):
        a, b = m.span()
        s = _new_span(Span)
        _set_start(s, a)
        _set_end(s, b)
        append(s)


# ---------------------------------------------------------------- scene breaks
# Characters that may stand alone on a line without making it a scene break ("...",
# a lone quotation mark or bracket): everything else with no letter or digit is a divider.
_NOT_BREAK_CHARS = frozenset(".\u2026!?,;:\"'\u201c\u201d\u2018\u2019()[] \t\r")
# oOo, OoO, xXx, XxX, oOoOo...: mixed-case alternation, so "xxx" (kisses) is not a break.
_ALNUM_RE = re.compile(r"[^\W_]")
_DIVIDER_RE = re.compile(r"o?(?:Oo)+O?|O?(?:oO)+o?|x?(?:Xx)+X?|X?(?:xX)+x?")


def is_break_line(line: str) -> bool:
    """A line that only separates scenes: symbols only, or an oOo/xXx divider."""
    s = line.strip()
    if not s or len(s) > 80:
        return False
    if _ALNUM_RE.search(s) is None:
        return any(ch not in _NOT_BREAK_CHARS for ch in s)
    if len(s) > 24:
        return False
    core = s.replace(" ", "").strip("~*-=_+#.:")
    return len(core) >= 3 and _DIVIDER_RE.fullmatch(core) is not None


# ---------------------------------------------------------------- layout
@dataclass(frozen=True, slots=True)
class Layout:
    """How the text separates paragraphs; see the module docstring."""

    kind: str  # "lines", "blank" or "wrapped"
    walls: bool = False  # "blank" layout whose blocks are walls of text


_WALL_CHARS = 1500  # far above any ordinary paragraph (~250 words)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every line of text[start:end], without the newline."""
    out = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            out.append((pos, end))
            return out
        out.append((pos, nl))
        pos = nl + 1


def detect_layout(text: str) -> Layout:
    """Decide from line statistics whether lines, blank-line blocks or wrapped blocks are paragraphs."""
    single = blank = 0
    lengths: list[int] = []
    run = 0
    seen = False
    for line in text.splitlines():
        s = line.strip()
        if not s:
            run += 1
            continue
        if seen:
            if run == 0:
                single += 1
            else:
                blank += 1
        seen = True
        run = 0
        lengths.append(len(s))
    if not lengths:
        return Layout("lines")
    n = len(lengths)
    long_lines = sum(1 for x in lengths if x > 80)
    full_lines = sum(1 for x in lengths if x >= 50)
    if blank and single and long_lines <= 0.05 * n and full_lines >= 0.5 * n:
        return Layout("wrapped")
    if blank == 0 or single > blank:
        return Layout("lines")
    ordered = sorted(lengths)
    walls = ordered[n // 2] >= _WALL_CHARS
    return Layout("blank", walls=walls)


# ---------------------------------------------------------------- sentences
_SENT_END_RE = re.compile(
    r"(?:[.!?\u2026]+|\.(?: \.)+)[\"'\u201d\u2019)\]_*]*(?=\s+[\"'\u201c\u2018(\[_*]*[A-Z0-9\u00c0-\u00de])"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)$")


def _sentences(text: str, start: int, end: int, out: list[Span]) -> None:
    """Split one paragraph into sentences and append them to ``out``."""
    s = start
    for m in _SENT_END_RE.finditer(text, start, end):
        punct_end = m.end()
        if text[m.start()] == "." and m.end() - m.start() >= 1 and text[m.start():m.start() + 2] != "..":
            w = _WORD_BEFORE_RE.search(text, max(start, m.start() - 12), m.start())
            if w is not None:
                word = w.group(1)
                if word.lower() in _ABBREV or (len(word) == 1 and word.isupper()):
                    continue
        out.append(Span(s, punct_end))
        s = punct_end
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append(Span(s, end))


# ---------------------------------------------------------------- the stage
def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def paragraphs_and_breaks(text: str, chapter: Chapter, layout: Layout) -> tuple[list[Span], list[int]]:
    """Paragraph spans of one chapter, and the paragraph indices that start a new scene."""
    paras: list[Span] = []
    breaks: list[int] = []
    pending_break = False
    blank_run = 0
    block_start = -1
    block_end = -1

    def flush_block() -> None:
        nonlocal block_start, pending_break
        if block_start >= 0:
            a, b = _trim(text, block_start, block_end)
            if pending_break and paras:
                breaks.append(len(paras))
            pending_break = False
            paras.append(Span(a, b))
        block_start = -1

    for a, b in _lines(text, chapter.start, chapter.end):
        line = text[a:b]
        if not line.strip():
            blank_run += 1
            continue
        gap = blank_run
        blank_run = 0
        if layout.kind == "lines":
            gap_break = gap >= 1
        elif layout.kind == "blank" and layout.walls:
            gap_break = gap >= 1
        else:
            gap_break = gap >= 2
        if gap_break:
            pending_break = True
        if is_break_line(line):
            flush_block()
            pending_break = True
            continue
        if layout.kind == "wrapped":
            if gap >= 1 or block_start < 0:
                flush_block()
                block_start = a
            block_end = b
            continue
        block_start, block_end = a, b
        flush_block()
    flush_block()
    return paras, breaks


def segment(doc: Document) -> Document:
    """Fill ``paragraphs``, ``sentences``, ``tokens`` and ``scenes`` (chapter by chapter)."""
    text = doc.text
    chapters = doc.chapters or (Chapter(0, len(text), None),)
    layout = detect_layout(text)
    paragraphs: list[Span] = []
    sentences: list[Span] = []
    tokens: list[Span] = []
    scenes: list[Scene] = []
    for ci, chapter in enumerate(chapters):
        paras, breaks = paragraphs_and_breaks(text, chapter, layout)
        cuts = [0, *breaks, len(paras)]
        for i in range(len(cuts) - 1):
            first, last = cuts[i], cuts[i + 1] - 1
            if last >= first:
                scenes.append(Scene(paras[first].start, paras[last].end, ci))
        for p in paras:
            _sentences(text, p.start, p.end, sentences)
            _tokens(text, p.start, p.end, tokens)
        paragraphs.extend(paras)
    return doc.evolve(paragraphs=tuple(paragraphs), sentences=tuple(sentences),
                      tokens=tuple(tokens), scenes=tuple(scenes))

