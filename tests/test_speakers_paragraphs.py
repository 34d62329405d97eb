"""Several speakers in one paragraph, lower-case lines, nicknames in address and tags
that belong to the next quotation (issue #12, fan-fiction speakers)."""

from __future__ import annotations

from ficlens.document import Character
from ficlens.pipeline import load, run_stages
from ficlens.speakers import attribute_speakers
from ficlens.speakers.context import build_context
from ficlens.speakers.features import utterance_infos
from ficlens.speakers.tags import find_tag, items_in


def quotes_of(text: str):
    return run_stages(load(text), until="quotes")


def groups(text: str) -> list[list[str]]:
    doc = quotes_of(text)
    return [[doc.quotes[i].text for i in u.quotes] for u in doc.utterances]


def with_cast(text: str, cast: tuple[Character, ...]):
    return quotes_of(text).evolve(characters=cast)


LOGAN = Character("c1", "Logan", gender="male")
KITTY = Character("c2", "Kitty", gender="female")


# ---------------------------------------------------------------- quotes stage
def test_lower_case_line_spoken_to_someone_is_speech() -> None:
    doc = quotes_of('Hugging him she felt his warmth "thanks for this," he said.\n')
    assert [q.text for q in doc.quotes] == ["thanks for this,"]


def test_lower_case_term_in_marks_is_still_no_speech() -> None:
    doc = quotes_of('She was always talking about her "condition" and her "nerves" at dinner.\n')
    assert doc.quotes == ()


def test_other_subject_between_spans_splits_them() -> None:
    # "he" leads into the first line; "she" is made the subject before the second
    assert groups('Pulling back he said "you seem to want this," she had a light blush, "you have no idea."\n') == [
        ["you seem to want this,"], ["you have no idea."]]
    assert groups('"I know what you feel?" He asked her and she just smiled, "well, I like you."\n') == [
        ["I know what you feel?"], ["well, I like you."]]


def test_same_speaker_across_a_tag_stays_one_utterance() -> None:
    assert groups('"Slower," he gasped, "I want this to last."\n') == [["Slower,", "I want this to last."]]
    assert groups('She came in. "Good morning," said Tom, "my dear."\n') == [["Good morning,", "my dear."]]


def test_two_named_tags_make_two_utterances() -> None:
    text = '"Excellent," said Aziz, thinking, "I wish they did not"; Das thought, "Some are violent."\n'
    assert groups(text) == [["Excellent,", "I wish they did not"], ["Some are violent."]]


def test_sentence_leading_into_the_second_span_splits() -> None:
    text = '"One more, only one more." And Frank was heard to say, "I think you could manage this."\n'
    assert groups(text) == [["One more, only one more."], ["I think you could manage this."]]


def test_lower_case_span_goes_on_across_a_beat() -> None:
    assert groups('"I think," She paused. "that we should go."\n') == [["I think,", "that we should go."]]
    assert groups('"I think," She paused. "We should go."\n') == [["I think,"], ["We should go."]]


def test_action_then_own_tag_splits() -> None:
    text = '"Logan, please," kissing her he went on walking. "I know what you want," he finished.\n'
    assert len(groups(text)) == 2


# ---------------------------------------------------------------- tags
def _tags(text: str, cast: tuple[Character, ...] = (LOGAN, KITTY)):
    doc = with_cast(text, cast)
    return utterance_infos(doc, build_context(doc))


def test_stopless_clause_after_a_line_leads_into_the_next() -> None:
    infos = _tags('Logan drove fast. "Too fast for you?" She just replied "Nope," and held on.\n')
    assert infos[0].tags == []
    assert infos[1].tags[0].side == "before" and infos[1].tags[0].gender == "female"


def test_tag_verb_followed_by_another_subject_is_not_this_lines() -> None:
    infos = _tags('"Wow," she said feeling her hair blow behind her, Logan was next to her "yep it sure is."\n')
    assert all(t.side != "before" for t in infos[1].tags)


def test_aspect_verb_with_another_verb_is_no_tag() -> None:
    doc = with_cast('"Stop," he continued pumping his arms.\n', (LOGAN, KITTY))
    ctx = build_context(doc)
    q = doc.quotes[0]
    assert find_tag(items_in(ctx, q.end, len(doc.text)), "after") is None
    doc = with_cast('"Stop," he continued.\n', (LOGAN, KITTY))
    ctx = build_context(doc)
    assert find_tag(items_in(ctx, doc.quotes[0].end, len(doc.text)), "after").verb == "continued"


def test_accosted_with_introduces_the_quotation() -> None:
    text = 'Then Logan immediately accosted her with, "How do you do?"\n'
    doc = with_cast(text, (LOGAN, KITTY))
    doc = doc.evolve(mentions=run_stages(load(text), until="characters").mentions)
    ctx = build_context(doc)
    tag = find_tag(items_in(ctx, 0, doc.quotes[0].start), "before")
    assert tag is not None and tag.subject_kind == "name"


def test_name_closed_by_an_ellipsis_is_a_vocative() -> None:
    text = 'Logan and Kitty sat down.\n\n"Logan\u2026" It was all Kitty needed to hear.\n'
    doc = run_stages(load(text), until="coref")
    infos = utterance_infos(doc, build_context(doc))
    logan = next(c.id for c in doc.characters if c.name == "Logan")
    assert logan in infos[0].vocatives


# ---------------------------------------------------------------- nicknames
NICKNAME_STORY = (
    "Kitty ran out to the yard when Logan came back. Logan smiled at Kitty.\n\n"
    '"Missed me, half-pint?" Logan asked.\n\n'
    '"Logan! Of course I did," Kitty said.\n\n'
    "Kitty climbed on the bike behind Logan, and Logan started it.\n\n"
    '"Hold on tight, half-pint," Logan said.\n\n'
    "They rode along the lake. Kitty laughed and Logan grinned.\n\n"
    '"Too fast for you, half-pint?"\n\n'
    '"Never."\n'
)


def test_nickname_names_the_one_addressed() -> None:
    doc = run_stages(load(NICKNAME_STORY), until="coref")
    infos = utterance_infos(doc, build_context(doc))
    kitty = next(c.id for c in doc.characters if c.name == "Kitty")
    # the untagged line with "half-pint" addresses Kitty, as the tagged ones show
    line = next(i for i in infos if "Too fast" in doc.text[i.start:i.end])
    assert kitty in line.vocatives
    out = attribute_speakers(doc)
    names = {c.id: c.name for c in out.characters}
    too_fast = next(u for u in out.utterances if "Too fast" in out.quotes[u.quotes[0]].text)
    assert names[too_fast.speaker] == "Logan"


def test_a_word_the_narration_uses_is_no_nickname() -> None:
    text = NICKNAME_STORY.replace("half-pint", "sweetheart") + "\n\nHe bought a sweetheart rose, a sweetheart card and a sweetheart cake.\n"
    doc = run_stages(load(text), until="coref")
    infos = utterance_infos(doc, build_context(doc))
    kitty = next(c.id for c in doc.characters if c.name == "Kitty")
    line = next(i for i in infos if "Too fast" in doc.text[i.start:i.end])
    assert kitty not in line.vocatives


# ---------------------------------------------------------------- tags around narration
HENRY = Character("c3", "Henry", gender="male")
ANNE = Character("c4", "Anne", gender="female")


def _tag(text: str, side: str):
    """The tag next to the first quotation and its subject's name (names found by the
    context's own matcher, as the document carries a cast but no mentions)."""
    doc = with_cast(text, (HENRY, ANNE))
    ctx = build_context(doc)
    q = doc.quotes[0]
    items = items_in(ctx, 0, q.start) if side == "before" else items_in(ctx, q.end, len(doc.text))
    tag = find_tag(items, side)
    names = {c.id: c.name for c in doc.characters}
    return tag, (names.get(tag.subject) if tag and tag.subject else None)


def test_speech_noun_after_a_possessive_name() -> None:
    tag, who = _tag('Anne asked him to stay.\n\n"My brother does know it," was Henry\'s first answer.\n', "after")
    assert tag is not None and tag.subject_kind == "name" and who == "Henry"


def test_passive_by_name_introduces_the_quotation() -> None:
    tag, who = _tag('Anne walked on, and was thus accosted by Henry, "I can guess your thoughts."\n', "before")
    assert tag is not None and who == "Henry"


def test_conjunction_opens_the_clause_of_the_tag() -> None:
    tag, who = _tag('Anne gazed at the sea until Henry, turning round, said with a laugh, "It is cold."\n', "before")
    assert tag is not None and who == "Henry"
