"""EPUB reading: AO3-style, FanFicFare-style and plain EPUBs built in the test."""

from __future__ import annotations

import io
import zipfile

import pytest

from ficlens.errors import InputError
from ficlens.read import detect_format, read_bytes

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head>
<body>{body}</body></html>"""


def make_epub(pages: list[tuple[str, str]], *, metadata: str = "", extra: dict[str, bytes] | None = None,
              nav: bool = True) -> bytes:
    """A minimal valid EPUB 3: mimetype first, container, OPF with spine, the pages."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>""")
        items, refs = [], []
        if nav:
            items.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
            refs.append('<itemref idref="nav"/>')
            zf.writestr("OEBPS/nav.xhtml", XHTML.format(title="Contents", body="<nav><ol><li>Contents list</li></ol></nav>"))
        for i, (fname, body) in enumerate(pages):
            items.append(f'<item id="p{i}" href="{fname}" media-type="application/xhtml+xml"/>')
            refs.append(f'<itemref idref="p{i}"/>')
            zf.writestr(f"OEBPS/{fname}", XHTML.format(title=fname, body=body))
        zf.writestr("OEBPS/content.opf", f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{metadata}</metadata>
<manifest>{''.join(items)}</manifest>
<spine>{''.join(refs)}</spine>
</package>""")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


AO3_PREFACE = """<div id="preface">
<p class="message"><b>Snow Day</b><br/>Posted originally on the <a href="http://archiveofourown.org/">Archive of Our Own</a>
at <a href="http://archiveofourown.org/works/777">http://archiveofourown.org/works/777</a>.</p>
<div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="x">Teen And Up Audiences</a></dd>
<dt>Archive Warnings:</dt><dd><a href="x">No Archive Warnings Apply</a></dd>
<dt>Categories:</dt><dd><a href="x">M/M</a>, <a href="x">Gen</a></dd>
<dt>Fandom:</dt><dd><a href="x">Winter Tales</a></dd>
<dt>Relationship:</dt><dd><a href="x">Ben/Sam</a></dd>
<dt>Characters:</dt><dd><a href="x">Ben</a>, <a href="x">Sam</a></dd>
<dt>Additional Tags:</dt><dd><a href="x">Snow</a></dd>
<dt>Language:</dt><dd>English</dd>
<dt>Stats:</dt><dd>Published: 2024-01-01 Words: 30 Chapters: 2/2</dd>
</dl>
<h1>Snow Day</h1><div class="byline">by <a rel="author" href="x">frost</a></div>
<p>Summary</p><blockquote class="userstuff"><p>Ben and Sam build a snowman.</p></blockquote>
</div></div>"""

AO3_CHAPTER = """<div class="meta group"><h2 class="heading">{title}</h2>
<p>Chapter Notes</p><blockquote class="userstuff"><p>{note}</p></blockquote></div>
<div class="userstuff"><p>{text}</p></div>"""


def test_ao3_epub_reads_typed_tags_from_the_preface():
    data = make_epub(
        [
            ("preface.xhtml", AO3_PREFACE),
            ("chapter1.xhtml", AO3_CHAPTER.format(title="Flakes", note="Cold!", text="Ben woke to white windows.")),
            ("chapter2.xhtml", AO3_CHAPTER.format(title="Melt", note="Warm.", text="By noon the snowman leaned.")),
            ("afterword.xhtml", '<div id="afterword"><div class="meta"><div id="endnotes"><p>End Notes</p>'
                                '<blockquote class="userstuff"><p>Thanks!</p></blockquote></div></div></div>'),
        ],
        metadata="<dc:title>Snow Day</dc:title><dc:creator>frost</dc:creator>"
                 "<dc:subject>Teen And Up Audiences, Winter Tales, Snow</dc:subject>",
    )
    assert detect_format(data, None) == "epub"
    doc = read_bytes(data, name="snow.epub")
    meta = doc.source.metadata
    assert doc.source.format == "ao3-epub"
    assert meta["rating"] == "Teen And Up Audiences"
    assert meta["warnings"] == ["No Archive Warnings Apply"]
    assert meta["categories"] == ["M/M", "Gen"]
    assert meta["fandoms"] == ["Winter Tales"]
    assert meta["characters"] == ["Ben", "Sam"]
    assert meta["stats"]["words"] == 30
    assert "subjects" not in meta
    assert doc.text == "Ben woke to white windows.\n\nBy noon the snowman leaned.\n"
    assert [c.title for c in doc.chapters] == ["Flakes", "Melt"]
    kinds = [(n.kind, n.text, n.chapter) for n in doc.source.notes]
    assert ("summary", "Ben and Sam build a snowman.", None) in kinds
    assert ("chapter_note", "Cold!", 0) in kinds and ("chapter_note", "Warm.", 1) in kinds
    assert ("end_note", "Thanks!", None) in kinds


FFF_TITLE_PAGE = """<h3><a href="x">River Song</a> by <a href="y">willow</a></h3>
<div>
<b>Category:</b> Water Stories, Boats<br />
<b>Genre:</b> Adventure, Friendship<br />
<b>Language:</b> English<br />
<b>Characters:</b> Lena, Oskar<br />
<b>Relationships:</b> Lena &amp; Oskar<br />
<b>Rating:</b> General Audiences<br />
<b>Warnings:</b> No Archive Warnings Apply<br />
<b>Status:</b> Completed<br />
<b>Published:</b> 2019-05-05<br />
<b>Words:</b> 1,200<br />
<b>Summary:</b> Two friends and one leaky boat.<br />
</div>"""


def test_fanficfare_epub_title_page_and_chapter_notes():
    data = make_epub(
        [
            ("title_page.xhtml", FFF_TITLE_PAGE),
            ("toc_page.xhtml", "<h3>Table of Contents</h3><a href='file0001.xhtml'>Launch</a>"),
            ("file0001.xhtml", '<h3 class="fff_chapter_title">Launch</h3>'
                               '<div class="fff_chapter_notes"><p>Beta thanks to a friend.</p></div>'
                               "<p>Lena pushed the boat out.</p><p>Oskar bailed.</p>"),
            ("file0002.xhtml", '<h3 class="fff_chapter_title">Harbour</h3><p>They made it.</p>'),
        ],
        metadata='<dc:title>River Song</dc:title><dc:creator>willow</dc:creator>'
                 '<dc:contributor id="c">FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>',
    )
    doc = read_bytes(data, name="river.epub")
    meta = doc.source.metadata
    assert doc.source.format == "fanficfare-epub"
    assert meta["fandoms"] == ["Water Stories", "Boats"]
    assert meta["additional_tags"] == ["Adventure", "Friendship"]
    assert meta["characters"] == ["Lena", "Oskar"]
    assert meta["relationships"] == ["Lena & Oskar"]
    assert meta["rating"] == "General Audiences"
    assert meta["stats"] == {"status": "Completed", "published": "2019-05-05", "words": 1200}
    assert doc.text == "Lena pushed the boat out.\n\nOskar bailed.\n\nThey made it.\n"
    assert [c.title for c in doc.chapters] == ["Launch", "Harbour"]
    notes = [(n.kind, n.text, n.chapter) for n in doc.source.notes]
    assert ("summary", "Two friends and one leaky boat.", None) in notes
    assert ("chapter_note", "Beta thanks to a friend.", 0) in notes


def test_generic_epub_spine_order_titles_and_skips_nav_and_cover():
    data = make_epub(
        [
            ("cover.xhtml", '<img src="cover.jpg" alt="Cover"/>'),
            ("ch2.xhtml", "<h1>The Second</h1><p>Two.</p>"),
            ("ch1.xhtml", "<h1>The First</h1><p>One.</p><hr/><p>One again.</p>"),
        ],
        metadata="<dc:title>Order Test</dc:title><dc:creator>A. Writer</dc:creator><dc:language>en</dc:language>",
    )
    doc = read_bytes(data, name="book.epub")
    assert doc.source.format == "epub"
    assert doc.source.metadata["title"] == "Order Test"
    assert doc.source.metadata["author"] == ["A. Writer"]
    assert doc.text == "Two.\n\nOne.\n\n* * *\n\nOne again.\n"  # spine order, not file names
    assert [c.title for c in doc.chapters] == ["The Second", "The First"]
    assert "Contents list" not in doc.text


def test_epub_spine_pointing_at_missing_page_is_an_error():
    data = make_epub([("a.xhtml", "<p>Hi.</p>")])
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if info.filename != "OEBPS/a.xhtml":
                dst.writestr(info, src.read(info))
    with pytest.raises(InputError, match="missing"):
        read_bytes(broken.getvalue(), name="b.epub")


def test_epub_that_inflates_past_the_cap_is_refused(monkeypatch):
    from ficlens.read import zipsafe

    monkeypatch.setattr(zipsafe, "MAX_UNZIPPED", 50_000)
    data = make_epub([("a.xhtml", "<p>" + "x" * 100_000 + "</p>")])
    with pytest.raises(InputError, match="zip bomb"):
        read_bytes(data, name="bomb.epub")


def test_fanficfare_title_page_as_definition_list():
    page = ("<dl><dt>Rating:</dt><dd>Mature</dd><dt>Fandoms:</dt><dd>Tides, Moons</dd>"
            "<dt>Summary:</dt><dd>The sea rises.</dd><dt>Chapters:</dt><dd>1</dd></dl>")
    data = make_epub(
        [("title_page.xhtml", page), ("file0001.xhtml", "<p>Water everywhere.</p>")],
        metadata="<dc:title>Tide</dc:title>",
    )
    doc = read_bytes(data, name="tide.epub")
    assert doc.source.format == "fanficfare-epub"
    assert doc.source.metadata["rating"] == "Mature"
    assert doc.source.metadata["fandoms"] == ["Tides", "Moons"]
    assert doc.source.metadata["stats"] == {"chapters": 1}
    assert doc.text == "Water everywhere.\n"
    assert [(n.kind, n.text) for n in doc.source.notes] == [("summary", "The sea rises.")]
