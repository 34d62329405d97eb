"""Plain-text reading: encodings, line ends, the exact-text contract, chapters."""

from __future__ import annotations

import pytest

from ficlens.errors import InputError
from ficlens.read import detect_format, read_bytes, read_path, read_text

STORY = (
    "Chapter 1: The Café\n\n"
    "Anna walked in. \u201cHi, Tom,\u201d she said \u2014 na\u00efve as ever.\n\n"
    "Tom nodded. \u2018Fine,\u2019 he thought\u2026\n\n"
    "Chapter 2\n\n"
    "The end came soon.\n"
)


@pytest.mark.parametrize(
    ("codec", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        ("utf-16-le", "utf-16-le"),  # no BOM: found by the NUL pattern
        ("utf-16-be", "utf-16-be"),
        ("cp1252", "cp1252"),
    ],
)
def test_each_encoding_gives_the_same_text(codec, reported):
    doc = read_bytes(STORY.encode(codec), name="story.txt")
    assert doc.text == STORY
    assert doc.source.encoding == reported
    assert doc.source.format == "text"


def test_latin1_western_text_decodes_as_cp1252():
    # Latin-1 and cp1252 agree on every printable Latin-1 byte; cp1252 is the better
    # guess because it also explains the curly quotes Word writes in 0x80-0x9F.
    text = "Caf\u00e9 au lait, s'il vous pla\u00eet. Na\u00efve gar\u00e7on, \u00e0 bient\u00f4t.\n"
    doc = read_bytes(text.encode("latin-1"), name="f.txt")
    assert doc.text == text
    assert doc.source.encoding == "cp1252"


def test_cp1252_curly_quotes_are_not_control_characters():
    raw = b"\x93Hello,\x94 she said. It\x92s fine\x85\n"
    doc = read_bytes(raw, name="f.txt")
    assert doc.text == "\u201cHello,\u201d she said. It\u2019s fine\u2026\n"


def test_cyrillic_in_a_legacy_encoding_is_left_to_the_detector():
    text = "Она вошла в комнату и сказала: «Здравствуй, брат». Он молчал долго.\n" * 20
    doc = read_bytes(text.encode("cp1251"), name="f.txt")
    assert doc.text == text


def test_crlf_and_cr_become_lf():
    doc = read_bytes(b"One line.\r\nTwo line.\rThree.\r\n", name="f.txt")
    assert doc.text == "One line.\nTwo line.\nThree.\n"


def test_utf8_file_without_notes_is_returned_exactly(tmp_path):
    raw = "  Odd   spacing stays \u2014 caf\u00e9.\n\n\n\nChapter 3 The Storm\nRain.\n\t\tTabs too.  \n".encode()
    path = tmp_path / "exact.txt"
    path.write_bytes(raw)
    doc = read_path(path)
    assert doc.text.encode("utf-8") == raw
    assert doc.chapters[0].start == 0 and doc.chapters[-1].end == len(doc.text)


def test_chapter_headings_split_chapters_and_stay_in_text():
    doc = read_text(STORY)
    assert [c.title for c in doc.chapters] == ["Chapter 1: The Café", "Chapter 2"]
    second = doc.chapters[1]
    assert doc.text[second.start:second.end].startswith("Chapter 2\n")
    assert doc.chapters[0].end == second.start and second.end == len(doc.text)


def test_short_title_before_first_heading_joins_first_chapter():
    text = "The Long Road\nby Someone\n\nChapter 1\n\nShe left.\n\nChapter 2\n\nShe came back.\n"
    doc = read_text(text)
    assert [(c.start, c.title) for c in doc.chapters] == [(0, "Chapter 1"), (text.index("Chapter 2"), "Chapter 2")]


def test_long_passage_before_first_heading_is_its_own_chapter():
    opening = "Rain fell on the town all night and nobody slept. " * 10
    text = f"{opening}\n\nChapter 1\n\nMorning.\n"
    doc = read_text(text)
    assert [c.title for c in doc.chapters] == [None, "Chapter 1"]


def test_sentence_starting_with_chapter_word_is_not_a_heading():
    text = "Part of me wanted to stay.\n\nChapter one of my life began in a small town, long ago.\n"
    assert len(read_text(text).chapters) == 1


def test_read_text_keeps_author_notes_in_place():
    # read_text gets a string from a caller whose offsets must stay valid.
    text = "A/N: hello there\n\nStory line.\n"
    doc = read_text(text)
    assert doc.text == text and doc.source.notes == ()


def test_html_looking_txt_content_is_read_as_html():
    data = b"<!DOCTYPE html><html><body><p>One.</p><p>Two.</p></body></html>"
    assert detect_format(data, "story.txt") == "html"
    assert read_bytes(data, name="story.txt").text == "One.\n\nTwo.\n"


def test_unknown_encoding_is_one_line_error():
    with pytest.raises(InputError, match="encoding"):
        read_bytes(bytes(range(128, 256)) * 20, name="f.txt")
