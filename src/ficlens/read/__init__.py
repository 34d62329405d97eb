"""Readers: turn a file into story text, chapters and notes (the ``read`` stage).

Every reader produces the story text alone, split into chapters; what is not story
(author's notes, disclaimers, the AO3 preface, a FanFicFare title page) goes to
``Source.notes`` and ``Source.metadata``. The format is told by content (zip magic,
then what is inside the zip; an HTML start tag), with the file name as a hint.

Modules: decode (encodings, binary), txt (plain text and its exact-text rule), html
(generic pages), ao3 (AO3 downloads), epub, docx, notes (author's note rules), build
(paragraph assembly for structured formats), zipsafe (capped unzipping).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..document import Document
from ..errors import InputError, UnsupportedFormatError

MAX_BYTES = 50 * 1024 * 1024
TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".asc", "")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".xht")
_HTML_START_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_FRAGMENT_RE = re.compile(r"^\s*<(?:p|div|h[1-6]|span|br|article|section)[\s/>]", re.IGNORECASE)


_LONE_CR = re.compile(r"\r(?!\n)")


def read_text(text: str, *, name: str | None = None) -> Document:
    """A document from story text already in memory.

    The text is kept exactly as given (no notes are cut: offsets must match the caller's
    string); chapter headings still split chapters.
    """
    from .txt import read_plain

    if len(text) > MAX_BYTES:
        raise InputError(f"{name or 'the text'}: {len(text) / 1e6:.0f} million characters; "
                         f"the limit is {MAX_BYTES // (1024 * 1024)} MB")
    if not text.strip():
        raise InputError(f"{name}: the text is empty" if name else "the text is empty")
    # A lone CR (old Mac line end) becomes LF: one character for one, so every offset
    # into the caller's string still holds.
    text = _LONE_CR.sub("\n", text)
    return read_plain(text, name=name, encoding=None, notes=False)


def _read_html(data: bytes, name: str | None) -> Document:
    """An HTML file: AO3 downloads are read by ao3.py, other pages by html.py.

    The choice is made here, so that html.py (generic pages) and ao3.py (which uses
    html.py's block walker) do not import each other.
    """
    from . import ao3
    from .html import decode_html, parse_html, read_html_tree

    text, encoding = decode_html(data, name)
    tree = parse_html(text, name)
    if ao3.is_ao3(tree):
        return ao3.read_ao3_tree(tree, name=name, encoding=encoding)
    return read_html_tree(tree, name=name, encoding=encoding)


def _ext(name: str | None) -> str:
    return os.path.splitext(name or "")[1].lower()


def detect_format(data: bytes, name: str | None = None) -> str:
    """"epub", "docx", "html" or "text": content first, the file name as a hint."""
    ext = _ext(name)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(data, name, ext)
    if ext in (".epub", ".docx"):
        kind = "EPUB" if ext == ".epub" else "DOCX"
        raise InputError(f"{name}: corrupt {kind} (not a zip archive)")
    head_text = _head_text(data[:2048])
    if _HTML_START_RE.match(head_text):
        return "html"
    if ext in HTML_EXTENSIONS and "<" in head_text:
        return "html"
    if ext not in TEXT_EXTENSIONS and _HTML_FRAGMENT_RE.match(head_text):
        return "html"
    return "text"


def _head_text(head: bytes) -> str:
    """The start of the file as text, good enough to spot an HTML start tag."""
    from .decode import utf16_without_bom

    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(enc, errors="ignore")
    enc16 = utf16_without_bom(head)
    if enc16:
        return head.decode(enc16, errors="ignore")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def _zip_kind(data: bytes, name: str | None, ext: str) -> str:
    from .zipsafe import SafeZip

    what = {".epub": "EPUB", ".docx": "DOCX"}.get(ext, "zip archive")
    zf = SafeZip(data, name=name, what=what)
    if zf.has("mimetype") and zf.read("mimetype").strip() == b"application/epub+zip":
        return "epub"
    if zf.has("META-INF/container.xml"):
        return "epub"
    if zf.has("[Content_Types].xml") and any(n.startswith("word/") for n in zf.names):
        return "docx"
    if ext == ".epub":
        raise InputError(f"{name}: corrupt EPUB (no mimetype or META-INF/container.xml inside)")
    if ext == ".docx":
        raise InputError(f"{name}: corrupt DOCX (no word/ document inside)")
    raise UnsupportedFormatError(
        f"{name or 'the input'}: a zip archive that is neither EPUB nor DOCX; ficlens reads .txt, .html, .epub and .docx"
    )


def read_bytes(data: bytes, *, name: str | None = None) -> Document:
    """A document from a file's raw bytes; ``name`` (a file name) hints at the format."""
    label = name or "the input"
    if len(data) > MAX_BYTES:
        raise InputError(f"{label}: input is {len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise InputError(f"{label}: empty: no text, or only white space")
    fmt = detect_format(data, name)
    if fmt == "epub":
        from .epub import read_epub

        return read_epub(data, name)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, name)
    if fmt == "html":
        return _read_html(data, name)
    from .decode import decode_text
    from .txt import read_plain

    text, encoding = decode_text(data, name)
    return read_plain(text, name=name, encoding=encoding)


def read_path(path: Path) -> Document:
    """A document from a file on disk. The file is only ever opened for reading."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, not a story file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: is not a regular file")
    if st.st_size > MAX_BYTES:
        raise InputError(f"{path}: file is {st.st_size / 1e6:.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return read_bytes(data, name=str(path))


__all__ = ["read_text", "read_bytes", "read_path", "detect_format", "MAX_BYTES"]
