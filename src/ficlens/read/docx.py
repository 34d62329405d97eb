"""Word .docx files, through python-docx.

Why python-docx and not raw XML: it resolves styles ("Heading 1", "Title") and runs for
us. It trusts the archive, so the zip is first inflated once under a cap (zipsafe.py).
Paragraphs in a Heading or Title style, and paragraphs that read like "Chapter 3", start
chapters and become their titles; the Title-style paragraph before any text, and the
core properties title/author, become metadata.
"""

from __future__ import annotations

import io

from ..document import Document
from ..errors import InputError
from .build import StoryBuilder
from .notes import is_heading
from .zipsafe import SafeZip

SCENE_BREAKS = frozenset({"* * *", "***", "* * * *", "~~~", "#", "---", "-----", "*", "o0o"})


def read_docx(data: bytes, name: str | None = None) -> Document:
    """A document from a .docx file's bytes."""
    label = name or "the input"
    SafeZip(data, name=name, what="DOCX").check_all()
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    builder = StoryBuilder()
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError):
        raise InputError(f"{label}: corrupt DOCX (not a Word document package)") from None
    except Exception:  # noqa: BLE001 - lxml or python-docx errors on a damaged part
        raise InputError(f"{label}: corrupt DOCX (its document part cannot be read)") from None
    try:
        _fill(builder, word)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - a damaged styles or properties part
        raise InputError(f"{label}: corrupt DOCX (its paragraphs or styles cannot be read)") from None
    return builder.build(path=name, format="docx", encoding="utf-8")


def _fill(builder: StoryBuilder, word) -> None:
    props = word.core_properties
    if props.title and props.title.strip():
        builder.metadata["title"] = props.title.strip()
    if props.author and props.author.strip():
        builder.metadata["author"] = [props.author.strip()]
    if props.language and props.language.strip():
        builder.metadata["language"] = props.language.strip()
    seen_text = False
    for para in word.paragraphs:
        text = para.text.replace("\r", "\n").replace("\v", "\n")
        if not text.strip():
            continue
        style = (para.style.name if para.style is not None else "") or ""
        lowered = style.lower()
        if lowered in ("title", "subtitle"):
            if not seen_text and "title" not in builder.metadata and lowered == "title":
                builder.metadata["title"] = text.strip()
            elif text.strip() != builder.metadata.get("title"):
                builder.add_note("heading", text, work_level=not seen_text)
            continue
        if lowered.startswith("heading") or is_heading(text):
            builder.start_chapter(text.strip())
            continue
        if text.strip() in SCENE_BREAKS:
            builder.add_scene_break()
            continue
        builder.add_paragraph("\n".join(line.strip() for line in text.split("\n")))
        seen_text = True
