"""The story text as HTML: paragraphs, coloured dialogue, highlights, scene and POV marks.

Why one sweep over span boundaries: quotations, pairing and rating evidence and
proofreading notes are independent layers that may overlap in any way (a misspelling
inside a quotation, evidence that starts mid-quote and runs past it, a quotation that
spans paragraphs). Between two consecutive boundaries the set of covering spans is
fixed; we keep a stack of open elements in a fixed nesting order and, at each boundary,
close down to the common prefix and reopen the rest. The result is always well nested,
a span split across paragraphs or around another span is continued without repeating
its ``id``, and the work is linear in text length plus spans (times the few that overlap).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from ..document import Document

LINE_RE = re.compile(r"[^\n]+")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


@dataclass(slots=True)
class Inline:
    """One inline element to lay over the text: its layer decides the nesting order."""

    start: int
    end: int
    layer: int
    order: int
    tag: str
    attrs: str  # class/title, already escaped
    anchor: str | None = None  # id given to the first piece only


@dataclass(slots=True)
class Marker:
    """A block-level mark placed before the paragraph at or after ``pos``."""

    pos: int
    order: int
    html: str


def _blocks(doc: Document) -> list[tuple[int, int]]:
    """Non-overlapping paragraph spans covering every non-blank part of the text.

    Why not trust ``doc.paragraphs`` alone: a document built by hand (or by a stage
    that has not run) may have none, or may leave text between paragraphs; that text
    must still be shown.
    """
    n = len(doc.text)
    paras = sorted((max(0, p.start), min(n, p.end)) for p in doc.paragraphs)
    out: list[tuple[int, int]] = []
    pos = 0
    text = doc.text
    for s, e in paras:
        s = max(s, pos)
        if e <= s:
            continue
        if s > pos:
            out.extend((m.start() + pos, m.end() + pos) for m in LINE_RE.finditer(text[pos:s])
                       if text[m.start() + pos:m.end() + pos].strip())
        out.append((s, e))
        pos = e
    if pos < n:
        out.extend((m.start() + pos, m.end() + pos) for m in LINE_RE.finditer(text[pos:])
                   if m.group().strip())
    return [(s, e) for s, e in out if text[s:e].strip()]


def _sort_key(x: Inline) -> tuple[int, int, int, int]:
    return (x.layer, x.start, -x.end, x.order)


def is_hard_wrapped(block: str, min_line: int = 45) -> bool:
    """True when a paragraph's line breaks are only the file's wrapping, not the author's.

    Why: Project Gutenberg and many old .txt files break every line near 70 characters;
    shown as ``<br>`` those breaks give a ragged column on any screen that is not
    exactly as wide. Author's breaks (verse, song lyrics, text messages, signs) make
    short lines, so a break is kept only when some line before the last is short.
    """
    lines = block.split("\n")
    return len(lines) > 1 and all(len(line.strip()) >= min_line for line in lines[:-1])


def render_story(doc: Document, inlines: list[Inline], markers: list[Marker],
                 headings: Mapping[int, tuple[str, str]] | None = None) -> str:
    """The story as a sequence of ``<p>`` with inline elements and markers between them.

    ``headings`` maps the start of a chapter's title line to (heading ``id``, fallback
    HTML): a block that is just that line is drawn as ``<h3>`` instead of ``<p>``; when
    the line is part of a longer block, the fallback heading goes before the block.
    """
    text = doc.text
    n = len(text)
    spans = [i for i in inlines if i.start < i.end and i.start < n and i.end > 0]
    for sp in spans:  # clip spans that run past the text (bad offsets must not crash)
        sp.start, sp.end = max(0, sp.start), min(n, sp.end)
    spans.sort(key=lambda i: (i.start, i.order))
    markers = sorted(markers, key=lambda m: (m.pos, m.order))
    out: list[str] = []
    live: list[Inline] = []
    opened: set[int] = set()
    ptr = 0
    mptr = 0
    heads = sorted((headings or {}).items())
    hptr = 0
    for bs, be in _blocks(doc):
        while mptr < len(markers) and markers[mptr].pos < be:
            out.append(markers[mptr].html)
            mptr += 1
        live = [s for s in live if s.end > bs]
        while ptr < len(spans) and spans[ptr].start < be:
            if spans[ptr].end > bs:
                live.append(spans[ptr])
            ptr += 1
        block = text[bs:be]
        open_tag, close_tag = "<p>", "</p>\n"
        first = bs + len(block) - len(block.lstrip())
        while hptr < len(heads) and heads[hptr][0] < be:
            pos, (anchor, fallback) = heads[hptr]
            hptr += 1
            if pos == first and "\n" not in block.strip():
                open_tag, close_tag = f'<h3 class="chapter" id="{anchor}">', "</h3>\n"
            else:
                out.append(fallback)
        newline = "\n" if "\n" not in block or is_hard_wrapped(block) else "<br>\n"
        out.append(open_tag)
        if not live:
            out.append(escape(block, quote=True).replace("\n", newline))
            out.append(close_tag)
            continue
        cuts = {bs, be}
        for s in live:
            if s.start > bs:
                cuts.add(s.start)
            if s.end < be:
                cuts.add(s.end)
        points = sorted(cuts)
        stack: list[Inline] = []
        for a, b in zip(points, points[1:], strict=False):
            active = sorted((s for s in live if s.start <= a and s.end >= b), key=_sort_key)
            keep = 0
            while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
                keep += 1
            for s in reversed(stack[keep:]):
                out.append(f"</{s.tag}>")
            for s in active[keep:]:
                key = id(s)
                if s.anchor and key not in opened:
                    out.append(f'<{s.tag} id="{s.anchor}" {s.attrs}>')
                else:
                    out.append(f"<{s.tag} {s.attrs}>")
                opened.add(key)
            stack = active
            out.append(escape(text[a:b], quote=True).replace("\n", newline))
        for s in reversed(stack):
            out.append(f"</{s.tag}>")
        out.append(close_tag)
    while mptr < len(markers):
        out.append(markers[mptr].html)
        mptr += 1
    return "".join(out)


def excerpt(text: str, start: int, end: int, limit: int = 90) -> str:
    """A short one-line piece of text of a span, for lists of notes (escaped)."""
    start, end = max(0, start), min(len(text), end)
    piece = " ".join(text[start:end].split())
    if len(piece) > limit:
        piece = piece[: limit - 1] + "\u2026"
    return _e(piece)
