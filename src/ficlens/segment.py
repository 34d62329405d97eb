"""Paragraphs, sentences, tokens and scenes (placeholder: minimal rules)."""

from __future__ import annotations

import re

from .document import Document, Scene, Span

WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def count_words(text: str) -> int:
    """Words as AO3 counts them: letter/digit runs, inner apostrophes kept."""
    return sum(1 for _ in WORD_RE.finditer(text))


def segment(doc: Document) -> Document:
    paragraphs = tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", doc.text))
    tokens = tuple(Span(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", doc.text))
    scenes = tuple(Scene(c.start, c.end, i) for i, c in enumerate(doc.chapters))
    return doc.evolve(paragraphs=paragraphs, tokens=tokens, scenes=scenes)
