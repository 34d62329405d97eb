"""The coref stage: pronouns and quoted first/second person linked to characters."""

from __future__ import annotations

import pytest

from ficlens.pipeline import analyze

STORY = (
    "Marcus Webb walked into the kitchen. Marcus Webb was tired. Marcus looked at the sink.\n\n"
    "Helen Ortiz was already there. Helen put down her cup and smiled at him. "
    "She had waited for hours.\n\n"
    "He sat down beside her. His hands were cold, and Helen took them in hers.\n\n"
    "\u201cYou look terrible,\u201d Helen said.\n\n"
    "\u201cI know,\u201d Marcus said. He rubbed his eyes.\n\n"
    "Helen laughed. She poured him some coffee, and Marcus thanked her."
)


@pytest.fixture(scope="module")
def doc():
    return analyze(STORY).document


def _links(doc, kind: str = "pronoun") -> list[tuple[str, str | None]]:
    names = {c.id: c.name for c in doc.characters}
    return [(doc.text[m.start:m.end], names.get(m.character)) for m in doc.mentions if m.kind == kind]


def test_third_person_pronouns_link_to_the_right_person(doc) -> None:
    text = doc.text
    links = {(m.start, text[m.start:m.end]): m.character for m in doc.mentions if m.kind == "pronoun"}
    names = {c.id: c.name for c in doc.characters}

    def who(word: str, after: str) -> str | None:
        pos = text.index(word, text.index(after))
        return names.get(links[(pos, word)])

    assert who("him", "smiled at") == "Marcus Webb"
    assert who("She", "smiled at him") == "Helen Ortiz"
    assert who("He", "for hours") == "Marcus Webb"
    assert who("her", "sat down beside") == "Helen Ortiz"
    assert who("His", "beside her") == "Marcus Webb"
    assert who("hers", "took them in") == "Helen Ortiz"
    assert who("He", "Marcus said") == "Marcus Webb"
    assert who("She", "Helen laughed") == "Helen Ortiz"
    assert who("her", "Marcus thanked") == "Helen Ortiz"


def test_quoted_first_and_second_person_are_speaker_and_addressee(doc) -> None:
    text = doc.text
    names = {c.id: c.name for c in doc.characters}
    by_pos = {m.start: names.get(m.character) for m in doc.mentions if m.kind == "pronoun"}
    assert by_pos[text.index("You look")] == "Marcus Webb"
    assert by_pos[text.index("I know")] == "Marcus Webb"


def test_every_pronoun_mention_is_a_pronoun_word(doc) -> None:
    words = {w for w, _ in _links(doc)}
    assert words <= {"he", "He", "him", "his", "His", "she", "She", "her", "hers", "herself", "himself",
                     "I", "You", "you", "me", "my", "your"}
    assert _links(doc)  # the stage ran


def test_no_characters_no_pronoun_links() -> None:
    doc = analyze("He walked in. She looked up at him and smiled. They left together.").document
    assert all(m.character is None for m in doc.mentions if m.kind == "pronoun")


def test_coref_is_a_named_stage() -> None:
    from ficlens.pipeline import STAGE_NAMES

    assert STAGE_NAMES.index("characters") < STAGE_NAMES.index("coref") < STAGE_NAMES.index("speakers")


def test_linear_on_a_thousand_names_with_no_sentence_end() -> None:
    import time

    from ficlens.coref import resolve_pronouns
    from ficlens.document import Character, Document, Mention, Source

    parts, mentions, chars = [], [], []
    pos = 0
    for i in range(3000):
        name = f"Zorb{i:04d}"
        chars.append(Character(f"c{i}", name, gender="male" if i % 2 else "female"))
        mentions.append(Mention(pos, pos + len(name), f"c{i}", "name"))
        chunk = f"{name} saw him and her and "
        parts.append(chunk)
        pos += len(chunk)
    doc = Document(text="".join(parts), source=Source(path=None, format="text"),
                   characters=tuple(chars), mentions=tuple(mentions))
    t0 = time.perf_counter()
    out = resolve_pronouns(doc)
    assert len(out) == 6000
    assert time.perf_counter() - t0 < 5.0


def test_object_pronoun_is_not_its_clause_subject_and_possessive_is() -> None:
    from ficlens.coref import resolve_pronouns
    from ficlens.document import Character, Document, Mention, Source

    text = "Anna Reyes met Clara Stone. Anna smiled at her. Clara shook her head and left."
    chars = (Character("a", "Anna Reyes", gender="female"), Character("c", "Clara Stone", gender="female"))
    names = [(0, 10, "a"), (15, 26, "c"), (28, 32, "a"), (49, 54, "c")]
    doc = Document(text=text, source=Source(path=None, format="text"), characters=chars,
                   mentions=tuple(Mention(s, e, c, "name") for s, e, c in names))
    links = {text[m.start:m.end] + str(m.start): m.character for m in resolve_pronouns(doc)}
    assert links[f"her{text.index('her.')}"] == "c"  # "Anna smiled at her": not Anna
    assert links[f"her{text.index('her head')}"] == "c"  # "Clara shook her head": Clara's own


def test_gender_vote_skips_a_pronoun_that_may_be_the_object() -> None:
    from ficlens.characters.pronouns import vote

    text = "Dr. Vance gave him an evil glare, and he looked away."
    end = text.index(" gave")
    assert vote(text, end, True, 4) is None
    text2 = "Logan loved her smile, he loved how much she trusted him."
    assert vote(text2, len("Logan"), True, 0) == "male"
