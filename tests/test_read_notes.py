"""Author's notes, disclaimers and headings in plain text: one test per rule."""

from __future__ import annotations

from ficlens.read import read_bytes
from ficlens.read.notes import classify_chapter, is_heading

LONG = "Harry ran down the long corridor towards the great hall, his wand held high. " * 6


def _read(text: str):
    return read_bytes(text.encode("utf-8"), name="fic.txt")


def test_notes_at_top_and_bottom_leave_the_text_and_go_to_notes():
    text = (
        "A/N: Thanks to my beta!\n\n"
        "Disclaimer: I don't own Harry Potter.\n\n"
        "Chapter 1\n\n"
        f"{LONG}\n\n"
        "A/N: Please review!\n\n"
        "Next chapter soon.\n"
    )
    doc = _read(text)
    assert doc.text == f"Chapter 1\n\n{LONG}\n"
    kinds = [(n.kind, n.text) for n in doc.source.notes]
    assert kinds == [
        ("note", "A/N: Thanks to my beta!"),
        ("disclaimer", "Disclaimer: I don't own Harry Potter."),
        ("note", "A/N: Please review!"),
        ("note", "Next chapter soon."),  # end notes run to the chapter's end
    ]
    assert [c.title for c in doc.chapters] == ["Chapter 1"]
    assert doc.chapters[0].end == len(doc.text)


def test_author_note_marker_counts_anywhere_but_only_its_paragraph():
    text = f"{LONG}\n\n(A/N: yes, this is canon.)\n\n{LONG}\n\n{LONG}\n"
    doc = _read(text)
    assert "A/N" not in doc.text
    assert doc.text.count("Harry ran") == 18
    assert doc.source.notes[0].text == "(A/N: yes, this is canon.)"


def test_note_in_one_paragraph_per_line_file_is_one_line():
    text = "Chapter 1\nAN: hi\nMore story.\nAnd more.\n"
    doc = _read(text)
    assert doc.text == "Chapter 1\nMore story.\nAnd more.\n"


def test_note_label_inside_story_is_story_unless_at_an_edge():
    # A character can leave a note; "Note:" is a note only where notes go.
    middle = f"{LONG}\n\nNote: buy milk.\n\n{LONG}\n"
    assert _read(middle).text == middle
    top = f"Note: this is set after book five.\n\n{LONG}\n"
    assert _read(top).text == f"{LONG}\n"


def test_i_dont_own_is_a_disclaimer_only_at_an_edge():
    story = f"{LONG}\n\nI don't own a car, so I walked, said nobody in the world.\n\n{LONG}\n"
    assert _read(story).text == story
    doc = _read(f"I don't own any of these characters.\n\n{LONG}\n")
    assert doc.source.notes[0].kind == "disclaimer"


def test_sign_off_only_at_the_end():
    text = f"Please review the files, Harry.\n\n{LONG}\n\nPlease review!\n"
    doc = _read(text)
    assert doc.text.startswith("Please review the files, Harry.")
    assert doc.source.notes[-1].text == "Please review!"


def test_bare_marker_takes_the_next_paragraph():
    kinds = classify_chapter(["Author's Note:", "Thanks to everyone who commented.", LONG])
    assert kinds == ["note", "note", None]


def test_an_note_opening_a_short_chapter_does_not_eat_it():
    kinds = classify_chapter(["AN: hi", "More."])
    assert kinds == ["note", None]


def test_words_starting_with_an_are_not_notes():
    assert classify_chapter(["An apple fell.", "Annie said no.", "AND THEN"]) == [None, None, None]


def test_marker_words_in_a_sentence_are_story():
    # "Author's note" and "Disclaimer" count only as labels (followed by ':' or alone).
    story = [LONG, "Author's notes covered the desk.", "Disclaimers are for cowards, he said.", LONG]
    assert classify_chapter(story) == [None, None, None, None]


def test_heading_rules():
    assert is_heading("Chapter 12")
    assert is_heading("CHAPTER IV. The Storm")
    assert is_heading("Chapter Three: Home")
    assert is_heading("Prologue")
    assert is_heading("Part Two")
    assert not is_heading("Part one of the plan was done.")
    assert not is_heading("Chapter one of my life began when I was born")
    assert not is_heading("Book I loved best")


def test_notes_record_their_chapter():
    text = f"Chapter 1\n\n{LONG}\n\nChapter 2\n\nA/N: short one today.\n\n{LONG}\n"
    doc = _read(text)
    assert [(n.text, n.chapter) for n in doc.source.notes] == [("A/N: short one today.", 1)]
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]
    assert doc.text[doc.chapters[1].start:].startswith("Chapter 2\n\nHarry")


def test_postscript_of_a_letter_at_the_end_is_story():
    text = f"{LONG}\n\nLove, Anna\n\nPS - watch out for my roommate, she's a hugger.\n"
    assert _read(text).text == text
