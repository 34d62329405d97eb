"""DOCX reading with a document built by python-docx in the test."""

from __future__ import annotations

import io

import docx

from ficlens.read import detect_format, read_bytes


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.core_properties.title = "Lanterns"
    d.core_properties.author = "June Writer"
    d.add_paragraph("Lanterns", style="Title")
    d.add_paragraph("A/N: This was written for a prompt.")
    d.add_heading("Chapter 1", level=1)
    d.add_paragraph("Mara lit the first lantern.")
    d.add_paragraph("")
    d.add_paragraph("\u201cAnother,\u201d said Ivo.")
    d.add_paragraph("* * *")
    d.add_paragraph("Night fell.")
    d.add_paragraph("Chapter 2: Morning")  # Normal style, still a heading by its words
    d.add_paragraph("The lanterns were out.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_chapters_and_properties():
    data = _docx_bytes()
    assert detect_format(data, None) == "docx"
    doc = read_bytes(data, name="lanterns.docx")
    assert doc.source.format == "docx"
    assert doc.source.metadata["title"] == "Lanterns"
    assert doc.source.metadata["author"] == ["June Writer"]
    assert doc.text == (
        "Mara lit the first lantern.\n\n\u201cAnother,\u201d said Ivo.\n\n* * *\n\nNight fell.\n\n"
        "The lanterns were out.\n"
    )
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2: Morning"]
    assert [(n.kind, n.text) for n in doc.source.notes] == [("note", "A/N: This was written for a prompt.")]


def test_docx_without_headings_is_one_chapter():
    d = docx.Document()
    d.add_paragraph("Just one paragraph of story.")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes(buf.getvalue(), name="x.docx")
    assert doc.text == "Just one paragraph of story.\n"
    assert len(doc.chapters) == 1 and doc.chapters[0].title is None
