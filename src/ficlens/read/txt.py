"""Plain text: chapters from heading lines, author's notes moved out.

The exact-text rule: the story text of a plain-text file is the decoded file with line
ends made ``\\n`` and a byte-order mark dropped, and nothing else, **unless** the file
holds author's notes or disclaimers (see :mod:`ficlens.read.notes`). Only then are those
paragraphs cut out (with the blank lines after them), moved to ``Source.notes``, and the
text differs from the file. So a UTF-8 file without BOM or CR and without such notes
comes back byte for byte, and offsets into it are offsets into the file.

Chapter heading lines ("Chapter 3: The Storm", "Prologue") stay in the text: a chapter's
span starts at its heading and its title is the heading line. Keeping them costs the
later stages little and keeps the text exact for every novel that has chapters.
Text before the first heading joins the first chapter when it is short (a title and
byline); when it is a real passage of story it is a chapter of its own, without title.

Paragraphs: when the file separates paragraphs by blank lines, a note runs to the next
blank line; when every line is a paragraph (no blank lines), a note is one line.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..document import Chapter, Document, Note, Source
from ..errors import InputError
from .notes import classify_chapter, is_heading

PREAMBLE_WORDS = 30
_WORD_RE = re.compile(r"[^\W_]+")
_LINE_RE = re.compile(r"[^\n]*\n?")


def _units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line blocks, or single lines if none are blank."""
    lines: list[tuple[int, int]] = []  # content spans of non-blank lines, None-gaps for blanks
    blank_after: list[bool] = []
    for m in _LINE_RE.finditer(text):
        if m.start() == m.end():
            break
        line = m.group()
        if line.strip():
            end = m.end() - (1 if line.endswith("\n") else 0)
            lines.append((m.start(), end))
            blank_after.append(False)
        elif blank_after:
            blank_after[-1] = True
    blank_blocks = sum(blank_after)
    if blank_blocks < max(1, len(lines) // 5):
        return lines  # one paragraph per line
    units: list[tuple[int, int]] = []
    start = None
    for (s, e), gap in zip(lines, blank_after, strict=True):
        if start is None:
            start = s
        # a heading line is always a unit of its own
        if gap or is_heading(text[s:e]):
            units.append((start, e))
            start = None
    if start is not None:
        units.append((start, lines[-1][1]))
    # split blocks whose first line is a heading glued to the text below it
    out: list[tuple[int, int]] = []
    for s, e in units:
        nl = text.find("\n", s, e)
        if nl != -1 and is_heading(text[s:nl]):
            out.append((s, nl))
            rest = nl + 1
            while rest < e and text[rest] in " \t\n":
                rest += 1
            if rest < e:
                out.append((rest, e))
        else:
            out.append((s, e))
    return out


def read_plain(text: str, *, name: str | None, encoding: str | None, notes: bool = True) -> Document:
    """A document from decoded text; ``notes=False`` keeps every line in the text."""
    if not text.strip():
        raise InputError(f"{name or 'the input'}: empty: no text, or only white space")
    units = _units(text)
    heads = [i for i, (s, e) in enumerate(units) if is_heading(text[s:e])]
    # Chapters as unit ranges: [0, h1), [h1, h2), ...
    bounds = ([0] if not heads or heads[0] else []) + heads + [len(units)]
    kinds: list[str | None] = [None] * len(units)
    note_chapter: list[int] = [0] * len(units)
    if notes:
        for ci in range(len(bounds) - 1):
            a, b = bounds[ci], bounds[ci + 1]
            first = a + 1 if a in heads else a
            body = [text[s:e] for s, e in units[first:b]]
            for k, kind in enumerate(classify_chapter(body)):
                kinds[first + k] = kind
                note_chapter[first + k] = ci
    removed: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []
    kept = [i for i, kind in enumerate(kinds) if not kind]
    last_kept = kept[-1] if kept else -1
    for i, kind in enumerate(kinds):
        if not kind:
            continue
        s, e = units[i]
        found.append((note_chapter[i], kind, text[s:e]))
        if i < last_kept:
            removed.append((s, units[i + 1][0]))
        else:  # the closing run: cut from just after the last story line, keep one newline
            end = units[last_kept][1] if last_kept >= 0 else 0
            cut = end + 1 if end < len(text) and text[end] == "\n" else end
            removed.append((min(cut, s), len(text)))
    story, shift = _cut(text, removed)
    if not story.strip():
        raise InputError(f"{name or 'the input'}: no story text found, only author's notes")
    # Chapter starts, mapped into the cut text.
    starts: list[tuple[int, str | None]] = []
    for ci in range(len(bounds) - 1):
        a = bounds[ci]
        title = text[units[a][0]:units[a][1]].strip() if a in heads else None
        starts.append((shift(units[a][0]) if a < len(units) else len(story), title))
    starts[0] = (0, starts[0][1])
    if len(starts) > 1 and starts[0][1] is None:
        pre = story[: starts[1][0]]
        if len(_WORD_RE.findall(pre)) < PREAMBLE_WORDS:
            starts = [(0, starts[1][1])] + starts[2:]
            found = [(max(0, c - 1), k, t) for c, k, t in found]
    chapters = tuple(
        Chapter(s, starts[i + 1][0] if i + 1 < len(starts) else len(story), t)
        for i, (s, t) in enumerate(starts)
    )
    note_objs = tuple(Note(kind, t, c) for c, kind, t in found)
    source = Source(path=name, format="text", notes=note_objs, encoding=encoding)
    return Document(text=story, source=source, chapters=chapters)


def _cut(text: str, removed: list[tuple[int, int]]):
    """The text without the removed ranges, and a function mapping old offsets to new."""
    if not removed:
        return text, lambda pos: pos
    removed.sort()
    merged: list[list[int]] = []
    for s, e in removed:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    parts, pos = [], 0
    for s, e in merged:
        parts.append(text[pos:s])
        pos = e
    parts.append(text[pos:])
    story = "".join(parts)
    starts = [s for s, _ in merged]
    cum = [0]
    for s, e in merged:
        cum.append(cum[-1] + e - s)

    def shift(pos: int) -> int:
        k = bisect_right(starts, pos)
        if k and pos < merged[k - 1][1]:
            return merged[k - 1][0] - cum[k - 1]
        return pos - cum[k]

    return story, shift
