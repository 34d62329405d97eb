"""Quotation rules, each on a small text written for it."""

from __future__ import annotations

from ficlens.document import Document
from ficlens.pipeline import load, run_stages
from ficlens.quotes import detect_style, find_quotes, is_scare_quote


def q(text: str) -> Document:
    return run_stages(load(text), until="quotes")


def spans(doc: Document) -> list[str]:
    return [doc.text[x.start:x.end] for x in doc.quotes]


def groups(doc: Document) -> list[list[str]]:
    return [[doc.quotes[i].text for i in u.quotes] for u in doc.utterances]


def test_straight_and_curly_double_quotes() -> None:
    doc = q('"Hi," said Ann.\n\u201cHello,\u201d said Ben.\n')
    assert spans(doc) == ['"Hi,"', "\u201cHello,\u201d"]
    assert [x.text for x in doc.quotes] == ["Hi,", "Hello,"]
    assert all(u.speaker is None for u in doc.utterances)


def test_split_by_speech_tag_is_one_utterance() -> None:
    doc = q('"Slower, " he gasped, " I want this to last."\n')
    assert spans(doc) == ['"Slower, "', '" I want this to last."']
    assert groups(doc) == [["Slower,", "I want this to last."]]
    doc = q('"Yes," said Tom. "I will."\n')
    assert groups(doc) == [["Yes,", "I will."]]


def test_narration_between_quotes_separates_utterances() -> None:
    doc = q('"Hi." She walked to the door and left. "Bye."\n')
    assert groups(doc) == [["Hi."], ["Bye."]]
    doc = q('"It is late." Addison said, the question in her voice obvious. "Yeah" he said.\n')
    assert len(doc.utterances) == 2


def test_multi_paragraph_quotation() -> None:
    text = '"The first part goes on,\n"and the second part ends here."\nShe nodded.\n'
    doc = q(text)
    assert spans(doc) == ['"The first part goes on,', '"and the second part ends here."']
    assert len(doc.utterances) == 1


def test_unbalanced_mark_does_not_swallow_the_book() -> None:
    text = 'He said "hello and left.\nLater she came.\n"Fine," she said.\n'
    doc = q(text)
    assert '"Fine,"' in spans(doc)
    assert all("Later" not in s for s in spans(doc))


def test_straight_quote_direction_from_context() -> None:
    # a mark after a space opens, a mark after punctuation closes
    doc = q('She shouted "Stop!" and then, "Wait," she said, "for me."\n')
    assert spans(doc) == ['"Stop!"', '"Wait,"', '"for me."']


def test_nested_single_quotes_stay_inside() -> None:
    doc = q('"He told me \'run\' and I ran," she said.\n')
    assert spans(doc) == ['"He told me \'run\' and I ran,"']


def test_single_quote_dialogue_without_apostrophes() -> None:
    text = ("'Don't go,' she said.\n"
            "'I won't. The boys' room is fine,' he said.\n"
            "'Give 'em rock 'n' roll!' they cried.\n"
            "He sat in the boys' room and ate the '90s cake.\n")
    doc = q(text)
    assert detect_style(doc.text, doc.paragraphs).single
    assert spans(doc) == ["'Don't go,'", "'I won't. The boys' room is fine,'",
                          "'Give 'em rock 'n' roll!'"]


def test_double_quote_text_ignores_apostrophes() -> None:
    doc = q('"Don\'t," she said.\n"It\'s the boys\' fault," he said.\n')
    assert not detect_style(doc.text, doc.paragraphs).single
    assert spans(doc) == ['"Don\'t,"', '"It\'s the boys\' fault,"']


def test_em_dash_dialogue() -> None:
    text = ("\u2014Come up, Kinch! Come up, you fearful jesuit!\n"
            "\u2014Thanks, old chap, he said. Will you come?\n"
            "He went down the stairs.\n"
            "\u2014Back to barracks!\n")
    doc = q(text)
    assert spans(doc) == ["\u2014Come up, Kinch! Come up, you fearful jesuit!",
                          "\u2014Thanks, old chap,", "Will you come?", "\u2014Back to barracks!"]
    assert groups(doc)[1] == ["Thanks, old chap,", "Will you come?"]


def test_em_dash_needs_several_lines_to_be_dialogue() -> None:
    doc = q("\u2014and then nothing happened.\nShe slept.\n")
    assert doc.quotes == ()


def test_gutenberg_italics_and_wrapped_lines() -> None:
    line = "narration goes on for a while before the next bit of speech here"
    text = (f"{line}\n{line}\n\n"
            '"_I_ never said so," cried Emma, "and I never\nshall say it."\n\n'
            f"{line}\n{line}\n")
    doc = q(text)
    assert spans(doc) == ['"_I_ never said so,"', '"and I never\nshall say it."']
    assert len(doc.utterances) == 1


def test_scare_quotes_and_titles_are_not_dialogue() -> None:
    doc = q('She was always talking about her "condition" and read the "History of England" '
            'to him.\nHe shouted "Legs!" at them.\n')
    assert spans(doc) == ['"Legs!"']
    text = 'He called it "the house" then.'
    assert is_scare_quote(text, 0, text.index('"'), "the house")


def test_interrupted_quotation_may_go_on_in_lower_case() -> None:
    doc = q('"We always seem" she hesitated "to be interrupted."\n')
    assert spans(doc) == ['"We always seem"', '"to be interrupted."']


def test_find_quotes_without_segment_stage() -> None:
    doc = find_quotes(load('"Hi," she said.\n"Bye."\n'))
    assert spans(doc) == ['"Hi,"', '"Bye."']


def test_sample_chapter_quotes(sample_path) -> None:
    doc = run_stages(load(sample_path), until="quotes")
    assert len(doc.quotes) == 11
    assert len(doc.utterances) == 10
    first = doc.utterances[0]
    assert [doc.quotes[i].text for i in first.quotes] == ["Slower,", "I want this to last."]


def test_nested_straight_double_quotes_by_parity() -> None:
    # an odd number of marks left after a second opener: it is nested
    doc = q('"But you said "to-morrow". It isn\'t fair," he said.\n')
    assert spans(doc) == ['"But you said "to-morrow". It isn\'t fair,"']
    # an even number left: the first quotation was never closed
    doc = q('"I was going to "Wait," she said.\n')
    assert spans(doc) == ['"I was going to', '"Wait,"']


def test_wrong_way_closer_after_a_dash() -> None:
    text = "\u2018Stop it,\u2019 she said.\n\u2018Why I ought to-\u2018\n\u2018Fine.\u2019\n"
    doc = q(text)
    assert spans(doc) == ["\u2018Stop it,\u2019", "\u2018Why I ought to-\u2018", "\u2018Fine.\u2019"]
    assert len(doc.utterances) == 3


def test_eval_helpers_lenient_rule_and_offsets() -> None:
    from ficlens.eval.quotes import GoldQuote, _offset_map, lenient_counts, split_novels

    text = 'He said, "Hello there, friend," and left. "Bye," she said.'
    a = text.index('"Hello')
    gold = [GoldQuote(((a + 1, a + 21),))]
    # covering half of the content characters is enough; a prediction elsewhere is a miss
    c = lenient_counts(text, gold, [(a, a + 12), (text.index('"Bye'), text.index('"Bye') + 6)])
    assert (c.n_gold, c.n_pred, c.tp_pred, c.found) == (1, 2, 1, 1)
    assert lenient_counts(text, gold, [(a, a + 4)]).found == 0
    # offsets of a normalised text map back onto the original file
    src = "\ufeffA  b\r\nc"
    dst = "A b\nc"
    m = _offset_map(src, dst)
    assert src[m[dst.index("c")]] == "c" and src[m[dst.index("b")]] == "b"
    tune, held = split_novels(["C", "A", "B", "D"])
    assert tune == ["A", "C"] and held == ["B", "D"]


def test_indented_block_quotation_is_not_dialogue() -> None:
    text = ("She opened the book and read aloud.\n"
            '    "Where the Northern Ocean, in vast whirls,\n'
            "Then she closed it.\n"
            '"Lovely," said Tom.\n'
            "Nobody answered him.\n")
    doc = q(text)
    assert spans(doc) == ['"Lovely,"']
    # a text that indents every paragraph keeps its dialogue
    indented = "".join("    " + line + "\n" for line in text.splitlines())
    assert len(q(indented).quotes) == 2


def test_dash_heading_is_not_dialogue() -> None:
    text = ("\u2014 I \u2014\n\u2014Come up, Kinch!\n\u2014Yes, he said.\n\u2014Back to barracks!\n")
    doc = q(text)
    assert spans(doc)[0] == "\u2014Come up, Kinch!"
    assert len(doc.quotes) == 3


def test_long_speech_tag_joins_unless_second_quote_has_its_own_tag() -> None:
    doc = q('"It\'s late," said Anne, looking at the clock on the wall. "Come to bed."\n')
    assert len(doc.utterances) == 1
    doc = q('"WHAT a day!" said Anne, drawing a long breath. "I pity the unborn."\n')
    assert len(doc.utterances) == 1
    doc = q('"It is over." Addison said, looking at him. "Yeah" he said.\n')
    assert len(doc.utterances) == 2
    doc = q('"Humph," Marilla sniffed. "It will ruin her teeth."\n')
    assert len(doc.utterances) == 1


def test_two_tagged_speakers_in_one_paragraph_are_two_utterances() -> None:
    text = ('Mr. Bounderby took a glass of water.  "Why, I have got out of the habit, ma\'am," '
            'said Mr. Bounderby.  "The more\'s the pity, sir," returned Mrs. Sparsit; '
            '"you are losing all your good old habits."\n')
    doc = q(text)
    assert len(doc.quotes) == 3
    assert [len(u.quotes) for u in doc.utterances] == [1, 2]


def test_a_pronoun_tag_after_a_named_one_keeps_one_utterance() -> None:
    text = '"Yes," said Tom. "I will," he added.\n'
    doc = q(text)
    assert len(doc.utterances) == 1
