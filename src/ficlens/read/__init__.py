"""Readers: turn a file into story text, chapters and notes (the ``read`` stage).

Every reader produces the story text alone; what is not story (author's notes,
disclaimers, AO3 preface) goes to ``Source.notes`` and ``Source.metadata``.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Chapter, Document, Source
from ..errors import InputError

MAX_BYTES = 50 * 1024 * 1024


def read_text(text: str, *, name: str | None = None) -> Document:
    """A document from story text already in memory (no file, no notes)."""
    if not text.strip():
        raise InputError("the text is empty")
    return Document(text=text, source=Source(path=name, format="text"),
                    chapters=(Chapter(0, len(text), None),))


def read_bytes(data: bytes, *, name: str | None = None) -> Document:
    """A document from a file's raw bytes; ``name`` (a file name) hints at the format."""
    if not data:
        raise InputError(f"{name or 'input'} is empty")
    text = data.decode("utf-8-sig")
    return read_text(text, name=name)


def read_path(path: Path) -> Document:
    """A document from a file on disk. The file is only ever opened for reading."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a story file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{path}: file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")
    return read_bytes(path.read_bytes(), name=str(path))
