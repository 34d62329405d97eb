"""HTML reading: generic pages and AO3 "Download > HTML" files."""

from __future__ import annotations

import csv
import re

import pytest

from ficlens.errors import InputError
from ficlens.read import read_bytes, read_path

WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

# The structure of an AO3 download (two chapters), with text written for this test.
AO3_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head><meta charset="utf-8"/><title>Tea Time - someone - Fandom</title>
<style type="text/css">.meta h1{font-size:1.5em}</style></head>
<body>
<div id="preface">
  <h2 class="toc-heading">Preface</h2>
  <p class="message"><b>Tea Time</b><br/>
    Posted originally on the <a href="http://archiveofourown.org/">Archive of Our Own</a> at
    <a href="http://archiveofourown.org/works/123456">http://archiveofourown.org/works/123456</a>.</p>
  <div class="meta">
    <dl class="tags">
      <dt>Rating:</dt><dd><a href="http://archiveofourown.org/tags/Mature">Mature</a></dd>
      <dt>Archive Warning:</dt><dd><a href="x">Graphic Depictions Of Violence</a>, <a href="x">Major Character Death</a></dd>
      <dt>Category:</dt><dd><a href="x">F/M</a></dd>
      <dt>Fandom:</dt><dd><a href="x">Tea Stories (TV)</a>, <a href="x">Tea Stories | Comics</a></dd>
      <dt>Relationship:</dt><dd><a href="x">Anna/Tom</a></dd>
      <dt>Character:</dt><dd><a href="x">Anna</a>, <a href="x">Tom (Tea Stories)</a></dd>
      <dt>Additional Tags:</dt><dd><a href="x">Fluff</a>, <a href="x">Angst, with commas</a></dd>
      <dt>Language:</dt><dd>English</dd>
      <dt>Series:</dt><dd>Part 2 of
<a href="http://archiveofourown.org/series/42">Kettle Verse</a></dd>
      <dt>Stats:</dt><dd>
        Published: 2020-01-02
          Updated: 2020-02-03
          Chapters: 2/2
        Words: 1,234
      </dd>
    </dl>
    <h1>Tea Time</h1>
    <div class="byline">by <a rel="author" href="x">someone</a>, <a rel="author" href="y">other_one</a></div>
    <p>Summary</p>
    <blockquote class="userstuff"><p>Anna makes tea. Tom disapproves of the sugar.</p></blockquote>
    <p>Notes</p>
    <blockquote class="userstuff"><p>Written for the kettle exchange.</p></blockquote>
    <div class="endnote-link">See the end of the work for more <a href="#endnotes">notes</a></div>
  </div>
</div>
<div id="chapters" class="userstuff">
<div class="meta group">
  <h2 class="heading">Chapter 1: Boiling</h2>
  <p>Chapter Summary</p>
  <blockquote class="userstuff"><p>The water boils.</p></blockquote>
  <p>Chapter Notes</p>
  <blockquote class="userstuff"><p>Short one.</p></blockquote>
</div>
<!--chapter content-->
<div class="userstuff">
  <p>Anna filled the kettle.</p><p>&nbsp;</p><p>"Sugar?" she asked.<br/>Tom shook his head.</p>
  <hr/>
  <p>Later, the kettle sang.</p>
</div>
<!--/chapter content-->
<div class="meta" id="endnotes1"><p>Chapter End Notes</p>
  <blockquote class="userstuff"><p>Thanks for reading chapter one.</p></blockquote></div>
<div class="meta group">
  <h2 class="heading">Chapter 2: Steeping</h2>
</div>
<div class="userstuff"><p>The tea steeped for <em>exactly</em> four minutes.</p></div>
</div>
<div id="afterword">
  <h2 class="toc-heading">Afterword</h2>
  <div class="meta"><div id="endnotes"><p>End Notes</p>
    <blockquote class="userstuff"><p>Come say hi on my blog.</p></blockquote></div></div>
  <p class="message">Please <a href="x">drop by the archive and comment</a> to let the author know if you enjoyed their work!</p>
</div>
</body></html>
"""


def test_ao3_metadata_is_typed():
    doc = read_bytes(AO3_PAGE.encode("utf-8"), name="tea.html")
    meta = doc.source.metadata
    assert doc.source.format == "ao3-html"
    assert meta["rating"] == "Mature"
    assert meta["warnings"] == ["Graphic Depictions Of Violence", "Major Character Death"]
    assert meta["categories"] == ["F/M"]
    assert meta["fandoms"] == ["Tea Stories (TV)", "Tea Stories | Comics"]
    assert meta["relationships"] == ["Anna/Tom"]
    assert meta["characters"] == ["Anna", "Tom (Tea Stories)"]
    assert meta["additional_tags"] == ["Fluff", "Angst, with commas"]
    assert meta["language"] == "English"
    assert meta["series"] == [{"title": "Kettle Verse", "part": 2, "url": "http://archiveofourown.org/series/42"}]
    assert meta["stats"] == {"published": "2020-01-02", "updated": "2020-02-03", "chapters": "2/2", "words": 1234}
    assert meta["title"] == "Tea Time"
    assert meta["author"] == ["someone", "other_one"]
    assert meta["work_id"] == "123456"


def test_ao3_story_text_is_chapter_bodies_only():
    doc = read_bytes(AO3_PAGE.encode("utf-8"), name="tea.html")
    assert doc.text == (
        "Anna filled the kettle.\n\n\"Sugar?\" she asked.\nTom shook his head.\n\n* * *\n\n"
        "Later, the kettle sang.\n\nThe tea steeped for exactly four minutes.\n"
    )
    assert [c.title for c in doc.chapters] == ["Chapter 1: Boiling", "Chapter 2: Steeping"]
    assert doc.text[doc.chapters[1].start:].startswith("The tea")
    assert doc.chapters[1].end == len(doc.text)
    notes = {(n.kind, n.text, n.chapter) for n in doc.source.notes}
    assert notes == {
        ("summary", "Anna makes tea. Tom disapproves of the sugar.", None),
        ("note", "Written for the kettle exchange.", None),
        ("end_note", "Come say hi on my blog.", None),
        ("summary", "The water boils.", 0),
        ("chapter_note", "Short one.", 0),
        ("chapter_end_note", "Thanks for reading chapter one.", 0),
    }
    for word in ("Preface", "Rating", "Summary", "Posted originally", "drop by"):
        assert word not in doc.text


def test_generic_html_paragraphs_breaks_and_scene_breaks():
    page = b"""<html><head><title>My Story</title><script>var x = "no";</script>
    <style>p { color: red }</style></head><body>
    <h1>My Story</h1>
    <p>First   paragraph,
       wrapped in the source.</p><p>Line one<br>line two</p>
    <hr>
    <div>Third <b>bold</b> part.<!-- a comment --> Still third.</div>
    </body></html>"""
    doc = read_bytes(page, name="story.html")
    assert doc.source.format == "html"
    assert doc.text == (
        "First paragraph, wrapped in the source.\n\nLine one\nline two\n\n* * *\n\n"
        "Third bold part. Still third.\n"
    )
    assert doc.source.metadata["title"] == "My Story"


def test_generic_html_headings_split_chapters():
    page = (b"<html><body><h2>One</h2><p>Alpha.</p><h2>Two</h2><p>Beta.</p>"
            b"<h3>A subheading</h3><p>Gamma.</p></body></html>")
    doc = read_bytes(page, name="s.html")
    assert [c.title for c in doc.chapters] == ["One", "Two"]
    assert doc.text == "Alpha.\n\nBeta.\n\nA subheading\n\nGamma.\n"


def test_html_in_cp1252_declared_as_latin1():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>\u201cCaf\u00e9,\u201d she said.</p></body></html>'
    doc = read_bytes(page.encode("cp1252"), name="s.html")
    assert doc.text == "\u201cCaf\u00e9,\u201d she said.\n"


def test_html_with_no_text_is_an_error():
    with pytest.raises(InputError, match="no story text"):
        read_bytes(b"<html><body><script>x()</script><p>  </p></body></html>", name="s.html")


@pytest.mark.data
def test_real_ao3_works_match_their_labels(data_dir):
    ao3 = data_dir / "ao3"
    rows = list(csv.DictReader((ao3 / "labels.csv").open(encoding="utf-8")))
    for row in rows[::35][:20]:
        doc = read_path(ao3 / "works" / row["file"])
        meta = doc.source.metadata
        assert doc.source.format == "ao3-html"
        assert meta["rating"] == row["rating"], row["file"]
        assert "|".join(meta["fandoms"]) == row["fandoms"], row["file"]
        assert "Posted originally on the" not in doc.text
        assert "Archive Warning" not in doc.text
        has_summary = b"<p>Summary</p>" in (ao3 / "works" / row["file"]).read_bytes()
        assert any(n.kind == "summary" and n.chapter is None for n in doc.source.notes) == has_summary
        # AO3 counts the words of the chapter bodies only: a leaked summary, preface or
        # afterword would push our count of the story text above it. (Some summaries quote
        # the story's first lines, so looking for the summary in the text proves nothing.)
        words = len(WORD_RE.findall(doc.text))
        assert abs(words - meta["stats"]["words"]) <= max(10, 0.04 * meta["stats"]["words"]), row["file"]
        assert doc.chapters[0].start == 0 and doc.chapters[-1].end == len(doc.text)
