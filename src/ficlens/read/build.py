"""Assemble story text from paragraphs of a structured file (HTML, EPUB, DOCX).

Why one builder: every structured reader finds chapters, paragraphs and notes in its own
way, but the story text they produce must look the same whatever the format, so that a
story saved as HTML and as EPUB gives the same analysis. The rules: paragraphs are
separated by one blank line, a line break inside a paragraph stays a single newline,
a scene break is the line ``* * *``, the text ends with one newline, and each chapter's
span runs from its first paragraph to the start of the next chapter (so the chapters
cover the whole text). Author's notes found among the paragraphs (see
:mod:`ficlens.read.notes`) are moved to ``Source.notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document import Chapter, Document, Note, Source, frozen_mapping
from ..errors import InputError
from .notes import classify_chapter

SCENE_BREAK = "* * *"
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass
class _Chapter:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class StoryBuilder:
    """Collects chapters, paragraphs and notes, then makes the :class:`Document`."""

    chapters: list[_Chapter] = field(default_factory=list)
    notes: list[tuple[str, str, int | None]] = field(default_factory=list)  # kind, text, builder chapter
    metadata: dict[str, Any] = field(default_factory=dict)
    find_notes: bool = True

    def start_chapter(self, title: str | None = None) -> None:
        """Begin a new chapter; later paragraphs and chapter notes belong to it."""
        self.chapters.append(_Chapter(title.strip() if title and title.strip() else None))

    def add_paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if not self.chapters:
            self.start_chapter(None)
        self.chapters[-1].paragraphs.append(text)

    def add_scene_break(self) -> None:
        """A scene break (``<hr>``); none at a chapter's start and never two in a row."""
        if self.chapters and self.chapters[-1].paragraphs and self.chapters[-1].paragraphs[-1] != SCENE_BREAK:
            self.chapters[-1].paragraphs.append(SCENE_BREAK)

    def add_note(self, kind: str, text: str, *, work_level: bool = False) -> None:
        """A note of the work (``work_level``) or of the current chapter."""
        text = text.strip()
        if text:
            chapter = None if work_level or not self.chapters else len(self.chapters) - 1
            self.notes.append((kind, text, chapter))

    @property
    def current_chapter(self) -> int | None:
        return len(self.chapters) - 1 if self.chapters else None

    def build(self, *, path: str | None, format: str, encoding: str | None) -> Document:
        """The finished document; raises :class:`InputError` when no story text was found."""
        # Notes inside chapters first (they change which chapters are empty).
        moved: list[tuple[int, str, str]] = []  # chapter, kind, text
        for ci, ch in enumerate(self.chapters):
            if not self.find_notes or not ch.paragraphs:
                continue
            kinds = classify_chapter(ch.paragraphs)
            keep = []
            for para, kind in zip(ch.paragraphs, kinds, strict=True):
                if kind:
                    moved.append((ci, kind, para))
                else:
                    keep.append(para)
            while keep and keep[-1] == SCENE_BREAK:
                keep.pop()
            while keep and keep[0] == SCENE_BREAK:
                keep.pop(0)
            ch.paragraphs = keep
        # Number the chapters that have text; notes of an empty chapter go to the next one.
        index_of: dict[int, int | None] = {}
        kept: list[_Chapter] = []
        pending: list[int] = []
        for ci, ch in enumerate(self.chapters):
            pending.append(ci)
            if ch.paragraphs:
                for p in pending:
                    index_of[p] = len(kept)
                pending = []
                kept.append(ch)
        for p in pending:
            index_of[p] = len(kept) - 1 if kept else None
        if not kept:
            raise InputError(f"{path or 'the input'}: no story text found in the file")
        parts: list[str] = []
        chapters: list[Chapter] = []
        pos = 0
        for n, ch in enumerate(kept):
            body = PARAGRAPH_SEPARATOR.join(ch.paragraphs)
            if n:
                parts.append(PARAGRAPH_SEPARATOR)
                pos += len(PARAGRAPH_SEPARATOR)
            chapters.append(Chapter(pos, 0, ch.title))
            parts.append(body)
            pos += len(body)
        parts.append("\n")
        text = "".join(parts)
        chapters = [
            Chapter(c.start, chapters[i + 1].start if i + 1 < len(chapters) else len(text), c.title)
            for i, c in enumerate(chapters)
        ]
        notes = [Note(kind, t, None if c is None else index_of.get(c)) for kind, t, c in self.notes]
        notes += [Note(kind, t, index_of.get(c)) for c, kind, t in moved]
        notes.sort(key=lambda n: (-1 if n.chapter is None else n.chapter))
        source = Source(path=path, format=format, metadata=frozen_mapping(self.metadata),
                        notes=tuple(notes), encoding=encoding)
        return Document(text=text, source=source, chapters=tuple(chapters))
