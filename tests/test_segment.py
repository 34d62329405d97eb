"""Segmentation rules, each on a small text written for it."""

from __future__ import annotations

import pytest

from ficlens.document import Chapter, Document, Source
from ficlens.pipeline import load
from ficlens.segment import count_words, detect_layout, is_break_line, segment


def seg(text: str) -> Document:
    return segment(load(text))


def texts(doc: Document, spans) -> list[str]:
    return [doc.text[s.start:s.end] for s in spans]


def test_count_words_follows_ao3() -> None:
    # apostrophes and hyphens join ("don't", "one-word"), "--" separates
    assert count_words("Don't stop--the one-word answer's fine.") == 6
    assert count_words("") == 0
    # Han characters count one word each
    assert count_words("\u4f60\u597d world") == 3


@pytest.mark.parametrize("line", ["***", "* * *", "---", "~~~", "oOo", "xXx", "#", "   \u00a7   ",
                                  "-oOo-", "OoOoO", "~*~*~"])
def test_break_lines(line: str) -> None:
    assert is_break_line(line)


@pytest.mark.parametrize("line", ["...", '"', "xxx", "Hello.", "Ooh!", "\u2026"])
def test_not_break_lines(line: str) -> None:
    assert not is_break_line(line)


def test_symbol_line_splits_scenes_and_belongs_to_none() -> None:
    doc = seg("Anna left.\nThe door shut.\n* * *\nMorning came.\nBen woke.\n")
    assert texts(doc, doc.paragraphs) == ["Anna left.", "The door shut.", "Morning came.", "Ben woke."]
    assert texts(doc, doc.scenes) == ["Anna left.\nThe door shut.", "Morning came.\nBen woke."]
    assert all("*" not in doc.text[s.start:s.end] for s in doc.scenes)


@pytest.mark.parametrize("divider", ["oOo", "xXx", "~~~", "#", "---"])
def test_each_divider_breaks_a_scene(divider: str) -> None:
    doc = seg(f"One.\nTwo.\n\n{divider}\n\nThree.\nFour.\n")
    assert len(doc.scenes) == 2


def test_blank_line_in_single_newline_text_is_a_scene_break() -> None:
    doc = seg("Anna left.\nThe door shut.\nShe cried.\n\nMorning came.\nBen woke.\n")
    assert detect_layout(doc.text).kind == "lines"
    assert len(doc.paragraphs) == 5
    assert texts(doc, doc.scenes) == ["Anna left.\nThe door shut.\nShe cried.",
                                      "Morning came.\nBen woke."]


def test_blank_line_text_needs_two_blank_lines_for_a_break() -> None:
    text = "Anna left.\n\nThe door shut.\n\nShe cried.\n\n\nMorning came.\n\nBen woke.\n"
    doc = seg(text)
    assert detect_layout(text).kind == "blank"
    assert len(doc.paragraphs) == 5
    assert texts(doc, doc.scenes) == ["Anna left.\n\nThe door shut.\n\nShe cried.",
                                      "Morning came.\n\nBen woke."]


def test_walls_of_text_separated_by_a_blank_line_are_scenes() -> None:
    # an author who never breaks paragraphs leaves a blank line only at a scene change
    wall = ("He walked and talked and thought about everything that had happened. " * 30).strip()
    doc = seg(f"{wall}\n\n{wall}\n")
    assert len(doc.paragraphs) == 2
    assert len(doc.scenes) == 2
    # ordinary paragraphs separated by single blank lines stay one scene
    doc = seg("He walked.\n\nShe talked.\n\nThey left.\n")
    assert len(doc.scenes) == 1


def test_hard_wrapped_text_paragraph_is_the_block() -> None:
    line = "It was a truth universally acknowledged, that a single man in"
    para = "\n".join([line] * 4)
    text = f"{para}\n\n{para}\n\n\n\n{para}\n"
    doc = seg(text)
    assert detect_layout(text).kind == "wrapped"
    assert texts(doc, doc.paragraphs) == [para, para, para]
    assert len(doc.scenes) == 2


def test_chapter_boundary_starts_a_scene() -> None:
    text = "One.\nTwo.\nThree.\nFour.\n"
    doc = Document(text=text, source=Source(None, "text"),
                   chapters=(Chapter(0, 10), Chapter(10, len(text))))
    doc = segment(doc)
    assert [(s.chapter, text[s.start:s.end]) for s in doc.scenes] == [(0, "One.\nTwo."),
                                                                      (1, "Three.\nFour.")]
    assert all(c.start <= p.start and p.end <= c.end for p in doc.paragraphs
               for c in doc.chapters if c.start <= p.start < c.end)


def test_sentences_keep_abbreviations_and_split_after_closing_quote() -> None:
    doc = seg('Mr. Smith met Dr. Jones at St. Mary\'s. "Hello." She smiled... Then J. K. left!\n')
    assert texts(doc, doc.sentences) == ["Mr. Smith met Dr. Jones at St. Mary's.", '"Hello."',
                                         "She smiled...", "Then J. K. left!"]


def test_sentences_do_not_split_before_a_speech_tag_or_lowercase_ellipsis() -> None:
    doc = seg('"Where were you?" she asked. He paused... then he spoke.\n')
    assert texts(doc, doc.sentences) == ['"Where were you?" she asked.',
                                         "He paused... then he spoke."]


def test_tokens_keep_inner_apostrophes() -> None:
    doc = seg("Don't go -- it's late...\n")
    assert texts(doc, doc.tokens) == ["Don't", "go", "--", "it's", "late", "..."]


def test_sample_chapter_has_two_scenes(sample_path) -> None:
    doc = segment(load(sample_path))
    assert len(doc.scenes) == 2
    assert doc.text[doc.scenes[1].start:].startswith("Coming out of the elevator")
