"""Point of view on small written texts."""

from __future__ import annotations

import re

from ficlens.document import Character, Document, Quote, Scene, Source, Utterance
from ficlens.pov import find_pov, scene_focus
from ficlens.speakers.narrator import narration_person

CAST = (
    Character("a", "Anna", gender="female"),
    Character("b", "Ben", gender="male"),
    Character("c", "Carl", gender="male"),
)


def make_doc(text: str, scenes: tuple[Scene, ...] = (), cast: tuple[Character, ...] = CAST) -> Document:
    quotes = tuple(Quote(m.start(), m.end(), m.group()[1:-1], i) for i, m in enumerate(re.finditer(r'"[^"]*"', text)))
    utts = tuple(Utterance(i, (i,)) for i in range(len(quotes)))
    return Document(text=text, source=Source(None, "text"), quotes=quotes, utterances=utts,
                    characters=cast, scenes=scenes)


def test_perception_verbs_pick_the_focal_character() -> None:
    text = ("Anna walked into the kitchen where Ben was cooking. She felt the heat on her face. "
            "Ben smiled at her. She wondered what he was thinking. Her heart raced. She saw the knife.")
    doc = find_pov(make_doc(text, (Scene(0, len(text)),)))
    assert doc.scenes[0].pov == "a"
    assert doc.narration is not None and doc.narration.person == "third" and doc.narration.pov == "a"


def test_named_subject_of_thought_verb_counts() -> None:
    text = "Ben thought about the war. Anna laughed. Ben wondered if she knew. Ben felt old."
    assert scene_focus(make_doc(text)).focus == ["b"]


def test_pronoun_opening_a_scene_continues_the_previous_focal_character() -> None:
    # scene 2 names Carl first, but "he saw" comes before any male name: still Ben
    s1 = "Ben stood on the bridge. He felt the cold. He wondered where Anna was. He knew she was gone.\n\n"
    s2 = "Coming out of the elevator, he saw Carl and Anna talking. He wondered what they said. Carl waved. He felt sick."
    text = s1 + s2
    scenes = (Scene(0, len(s1) - 2), Scene(len(s1), len(text)))
    doc = find_pov(make_doc(text, scenes))
    assert [s.pov for s in doc.scenes] == ["b", "b"]


def test_words_inside_quotes_are_not_narration() -> None:
    text = ('Anna felt tired. Anna saw the clock. "I feel I know what I saw, I think I am sure, my dear," '
            'said Ben. She wondered.')
    doc = find_pov(make_doc(text))
    assert doc.narration is not None and doc.narration.person == "third" and doc.narration.pov == "a"


def test_first_person_detection() -> None:
    text = "I woke early. My head hurt and I could not find my keys. Ben called me twice. I ignored him."
    doc = make_doc(text)
    assert narration_person(doc) == "first"
    out = find_pov(doc)
    assert out.narration is not None and out.narration.person == "first"


def test_second_person_detection() -> None:
    text = "You wake early. Your head hurts and you cannot find your keys. You look at the door. Ben is there."
    assert narration_person(make_doc(text)) == "second"


def test_no_evidence_gives_no_pov_and_no_crash() -> None:
    doc = find_pov(make_doc("The rain fell on the town.", cast=()))
    assert doc.narration is not None and doc.narration.pov is None
    doc = find_pov(Document(text="", source=Source(None, "text")))
    assert doc.narration is not None and doc.narration.person == "third"


def test_the_narration_names_the_narrator() -> None:
    from ficlens.document import Mention
    from ficlens.speakers.narrator import narrator_character, self_named

    text = 'My name is Anna and I keep the lighthouse. "My name is Ben," he said. I nodded.'
    doc = make_doc(text)
    doc = doc.evolve(mentions=(Mention(11, 15, "a"), Mention(53, 56, "b")))
    assert self_named(doc) == "a"  # Ben names himself inside a quotation: not "I"
    assert narrator_character(doc, None) == (doc.characters, "a")
    quoted_only = make_doc('"My name is Ben," he said. I nodded.')
    quoted_only = quoted_only.evolve(mentions=(Mention(12, 15, "b"),))
    assert self_named(quoted_only) is None
