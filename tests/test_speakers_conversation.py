"""Conversation model: alternation carried forward and backward from anchored turns."""

from __future__ import annotations

from ficlens.document import Character
from ficlens.speakers import attribute_speakers
from ficlens.speakers.context import build_context
from ficlens.speakers.conversation import decided_votes
from ficlens.speakers.features import utterance_infos
from test_speakers import make_doc

CAST = (
    Character("c1", "Mrs. Bennet", gender="female"),
    Character("c2", "Mr. Bennet", gender="male"),
    Character("c3", "Elizabeth", gender="female"),
)

# Elizabeth is named most, but never speaks; the exchange's only named tag is its
# last turn, and the first turn addresses Mr. Bennet (so he answers it).
EXCHANGE = ('Elizabeth sat by the window. Elizabeth read her book, and Elizabeth did not look up. '
            'Elizabeth smiled at the page.\n\n'
            'The day passed slowly, as days do in the country when the weather keeps everyone '
            'indoors; the rain came down on the lawn, the roads were deep in mud, and nobody '
            'called at the house from morning until the candles were lit in the evening.\n\n'
            'At breakfast the next morning the talk was all of the new neighbour.\n\n'
            '"My dear Mr. Bennet, have you heard the news?"\n\n'
            '"I have not."\n\n'
            '"Netherfield is let at last."\n\n'
            '"Is it?"\n\n'
            '"It is, and to a young man of large fortune," cried Mrs. Bennet.\n')


def _infos(text: str, cast: tuple[Character, ...] = CAST) -> list:
    doc = make_doc(text, cast)
    return utterance_infos(doc, build_context(doc))


def test_named_tag_votes_backward_by_parity() -> None:
    infos = _infos(EXCHANGE)
    # turn 4 is tagged Mrs. Bennet: she speaks turns 2 and 0, not 3 and 1
    assert "conv_alt_fwd_near" in infos[2].conv_votes["c1"]
    assert "conv_anti_fwd_near" in infos[3].conv_votes["c1"]
    assert infos[0].conv_participants == frozenset({"c1", "c2"})


def test_vocative_votes_for_the_next_turn() -> None:
    infos = _infos(EXCHANGE)
    # "My dear Mr. Bennet" in turn 0: he answers in turn 1
    assert "conv_alt_back_near" in infos[1].conv_votes["c2"]
    assert "conv_anti_back_near" in infos[2].conv_votes["c2"]


def test_long_narration_ends_the_conversation() -> None:
    text = ('"Hello," said Mrs. Bennet.\n\n'
            'Elizabeth walked for an hour across the fields, thinking of many things, and the '
            'afternoon wore on; the sky clouded over, a cold wind came up from the river, the '
            'lanes filled with carts coming home from market, and at last she came home to the '
            'house, took off her wet boots in the hall and went slowly up the stairs.\n\n'
            '"Is anyone here?"\n')
    infos = _infos(text)
    assert infos[1].conv_votes == {}


def test_short_narration_is_no_turn() -> None:
    # "The clock struck ten." between turns does not break the alternation
    text = ('"Have you heard?" said Mrs. Bennet.\n\n'
            'The clock struck ten.\n\n'
            '"Heard what?"\n\n'
            '"That Netherfield is let."\n')
    infos = _infos(text)
    assert "conv_anti_back_near" in infos[1].conv_votes["c1"]
    assert "conv_alt_back_near" in infos[2].conv_votes["c1"]


def test_untagged_exchange_goes_to_its_participants() -> None:
    got = [u.speaker for u in attribute_speakers(make_doc(EXCHANGE, CAST)).utterances]
    assert got == ["c1", "c2", "c1", "c2", "c1"]


def test_first_pass_decisions_anchor_the_second() -> None:
    infos = _infos(EXCHANGE)
    votes = decided_votes(infos, ["c1", None, None, None, None], [True, False, False, False, False])
    assert "dec_conv_alt_back_near" in votes[2]["c1"]
    assert "dec_conv_anti_back_near" in votes[1]["c1"]
    assert votes[0] == {}


def test_vocative_after_two_opener_words() -> None:
    # "My dear Mr. Bennet," addresses him; "I told Mr. Bennet." only mentions him
    infos = _infos('"My dear Mr. Bennet, you must go."\n\n"I told Mr. Bennet."\n')
    assert infos[0].vocatives == ["c2"]
    assert infos[1].vocatives == []


def test_anchors_on_both_sides_agree_or_conflict() -> None:
    # tagged Mrs. Bennet at turns 0 and 4: turn 2 is hers from both sides; with the
    # second tag on turn 3 instead, the parity broke somewhere between them
    turns = ['"Well," said Mrs. Bennet.', '"Yes?"', '"Nothing."', '"Indeed."', '"Quite," said Mrs. Bennet.']
    infos = _infos("\n\n".join(turns) + "\n")
    assert "conv_agree" in infos[2].conv_votes["c1"]
    infos = _infos("\n\n".join(turns[:3] + turns[4:]) + "\n")
    assert "conv_conflict" in infos[1].conv_votes["c1"]
