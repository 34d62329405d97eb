"""Speaker and addressee attribution on small written texts, one rule per test.

Documents are built by hand (quotes from straight double marks, a given cast) so the
tests exercise the speakers stage alone, whatever the quotes/characters stages do.
"""

from __future__ import annotations

import json
import re
import time

import pytest

import ficlens
from ficlens.document import Character, Document, Quote, Source, Utterance
from ficlens.speakers import attribute_speakers
from ficlens.speakers.lexicon import SPEECH_VERBS
from ficlens.speakers.model import MODEL_PATH

CAST = (
    Character("c1", "Meredith", gender="female"),
    Character("c2", "Derek", gender="male"),
    Character("c3", "Finn", gender="male"),
    Character("c4", "Addison", gender="female"),
)


def make_doc(text: str, cast: tuple[Character, ...] = CAST, join: tuple[tuple[int, ...], ...] = ()) -> Document:
    """Quotes from straight double marks; ``join`` groups quote indices into one utterance."""
    spans = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    group = {i: g[0] for g in join for i in g}
    quotes, utt_of = [], {}
    for i, (s, e) in enumerate(spans):
        uid = utt_of.setdefault(group.get(i, i), len(utt_of))
        quotes.append(Quote(s, e, text[s + 1 : e - 1], uid))
    utts: dict[int, list[int]] = {}
    for i, q in enumerate(quotes):
        utts.setdefault(q.utterance, []).append(i)
    return Document(text=text, source=Source(None, "text"), quotes=tuple(quotes),
                    utterances=tuple(Utterance(k, tuple(v)) for k, v in sorted(utts.items())), characters=cast)


def speakers(doc: Document) -> list[str | None]:
    return [u.speaker for u in attribute_speakers(doc).utterances]


def test_named_tag_after_inverted() -> None:
    doc = make_doc('Derek and Meredith stood there.\n\n"Where is it?" said Meredith.\n')
    out = attribute_speakers(doc).utterances[0]
    assert out.speaker == "c1" and out.kind == "explicit"


def test_named_tag_after_name_first() -> None:
    doc = make_doc('Derek and Addison stood there.\n\n"I guess that ends the evening." Addison said.\n')
    assert speakers(doc) == ["c4"]


def test_named_tag_before_with_colon() -> None:
    doc = make_doc('Meredith looked at him. Finn said: "Come on."\n')
    assert speakers(doc) == ["c3"]


def test_name_as_subject_of_heard_clause_and_addressee() -> None:
    # "he heard Finn whisper to her": Finn is the subject of the speech verb, not "he"
    doc = make_doc('Derek saw Meredith. "Come on, I\'ll drive you home" he heard Finn whisper to her.\n')
    u = attribute_speakers(doc).utterances[0]
    assert u.speaker == "c3"
    assert u.addressees == ("c1",)


@pytest.mark.parametrize("verb", ["gasped", "whispered", "muttered", "replied", "cried", "exclaimed", "asked"])
def test_speech_verb_lexicon(verb: str) -> None:
    assert verb in SPEECH_VERBS
    doc = make_doc(f'Derek and Meredith waited.\n\n"Now," {verb} Derek.\n')
    assert speakers(doc) == ["c2"]


def test_particle_verb_tag() -> None:
    doc = make_doc('Derek and Meredith waited.\n\n"He went home," Meredith put in.\n')
    assert speakers(doc) == ["c1"]


def test_called_out_with_pronoun_and_vocative() -> None:
    doc = make_doc('Derek watched Meredith leave with Finn.\n\n"Meredith.." he called out to her softly.\n')
    u = attribute_speakers(doc).utterances[0]
    assert u.speaker == "c2" and u.kind == "anaphoric"
    assert u.addressees == ("c1",)


def test_pronoun_tag_resolved_by_gender() -> None:
    doc = make_doc('Addison came in. Derek stood up.\n\n"Where have you been?" she asked him.\n')
    u = attribute_speakers(doc).utterances[0]
    assert u.speaker == "c4"
    assert u.addressees == ("c2",)


def test_nominal_tag_resolved_by_gender() -> None:
    doc = make_doc('Derek came home to Addison.\n\n"Nonsense!" his wife cried.\n')
    assert speakers(doc) == ["c4"]


def test_split_quotation_is_one_speaker() -> None:
    doc = make_doc('Derek held Meredith. "Slower, " he gasped, " I want this to last."\n', join=((0, 1),))
    assert speakers(doc) == ["c2"]


def test_vocative_is_addressee_not_speaker() -> None:
    # Meredith is named right before, but the quotation calls her: she is spoken to
    text = ('Meredith looked for her shoes. Derek watched.\n\n'
            '"Meredith.. what does this mean?"\n')
    u = attribute_speakers(make_doc(text)).utterances[0]
    assert u.speaker == "c2"
    assert u.addressees == ("c1",)


def test_paragraph_actor_speaks() -> None:
    text = ('Meredith turned away.\n\n'
            'Derek stepped to her, and held her arm in his hand. "What does this mean?"\n')
    assert speakers(make_doc(text)) == ["c2"]


def test_turn_taking_alternates() -> None:
    text = ('Derek met Meredith in the hall.\n\n'
            '"Hi," said Derek.\n\n'
            '"Hello," said Meredith.\n\n'
            '"Are you well?"\n\n'
            '"Very well."\n\n'
            '"Good to hear."\n\n'
            '"And you?"\n')
    assert speakers(make_doc(text)) == ["c2", "c1", "c2", "c1", "c2", "c1"]


def test_turn_taking_addressee_is_the_other_speaker() -> None:
    text = ('Derek met Meredith in the hall.\n\n"Hi," said Derek.\n\n"Hello," said Meredith.\n')
    utts = attribute_speakers(make_doc(text)).utterances
    assert utts[1].addressees == ("c2",)


def test_first_person_narrator_gets_a_character() -> None:
    text = ("I walked into the bar. I saw Finn at the counter and I sat down next to him. "
            "My feet hurt and I was tired.\n\n"
            '"Hello," I said.\n\n"Hi," said Finn.\n')
    doc = attribute_speakers(make_doc(text))
    narrator = doc.narration.pov if doc.narration else None
    assert doc.narration is not None and doc.narration.person == "first"
    assert narrator is not None and doc.character(narrator) is not None
    assert [u.speaker for u in doc.utterances] == [narrator, "c3"]


def test_first_person_narrator_named_by_vocatives() -> None:
    text = ("I walked into the bar and I saw Finn. My feet hurt and I sat down. I was tired.\n\n"
            '"Hello, Derek," said Finn.\n\n"Hello," I said.\n\n"Long day, Derek?" said Finn.\n\n'
            '"Very," I said.\n')
    doc = attribute_speakers(make_doc(text))
    assert doc.narration is not None and doc.narration.pov == "c2"
    assert [u.speaker for u in doc.utterances] == ["c3", "c2", "c3", "c2"]


def test_no_dialogue_and_no_cast() -> None:
    doc = make_doc("Nothing is said here. Derek walks.")
    assert attribute_speakers(doc).utterances == ()
    doc = make_doc('"Who is there?" said someone.', cast=())
    out = attribute_speakers(doc)
    assert [u.speaker for u in out.utterances] == [None]


def test_quotes_without_utterances_are_grouped() -> None:
    doc = make_doc('Derek and Meredith.\n\n"Hi," said Derek.')
    doc = doc.evolve(utterances=())
    out = attribute_speakers(doc)
    assert [u.speaker for u in out.utterances] == ["c2"]


def test_nested_quotation() -> None:
    text = 'Derek and Meredith.\n\n"She told me \'never again\' and left," said Derek.\n'
    assert speakers(make_doc(text)) == ["c2"]


def test_one_huge_quotation() -> None:
    # its time is measured by benchmarks/load_speed.py
    body = "\n".join(f"line {i} of a very long speech, Meredith, about nothing" for i in range(10_000))
    text = f'Derek stood up.\n\n"{body}" said Derek.\n'
    assert speakers(make_doc(text)) == ["c2"]


def test_many_characters_scale_linearly() -> None:
    def story(n: int) -> tuple[str, tuple[Character, ...]]:
        cast = tuple(Character(f"x{i}", f"Person{chr(65 + i % 26)}{i:04d}x", gender="male") for i in range(n))
        parts = [f'{c.name} arrived.\n\n"Hello there," said {c.name}.\n\n"Yes."\n' for c in cast]
        return "\n".join(parts), cast

    timings = []
    for n in (250, 1000):
        text, cast = story(n)
        doc = make_doc(text, cast)
        t = time.perf_counter()
        out = speakers(doc)
        timings.append(time.perf_counter() - t)
        assert out[0::2] == [c.id for c in cast]
    assert timings[1] < 4 * timings[0] * 2 + 0.5  # ~linear: 4x the input, well under 8x the time


def test_shipped_model_is_small_with_metadata() -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    meta = json.loads(MODEL_PATH.with_suffix(".meta.json").read_text())
    assert meta["folds"] and meta["heldout_accuracy_oracle_quotes"]["all"] > 0.5
    from ficlens.speakers.model import load_weights

    load_weights.cache_clear()
    w = load_weights()  # load time: benchmarks/load_speed.py
    assert w.weights and w.second is not None and w.second.trees is not None


def test_pdnc_heldout_novel_with_oracle_quotes(data_dir) -> None:
    """A PDNC novel attributed by the fold model that never saw it (skips without data)."""
    from ficlens.eval.pdnc import NameResolver, _fold_of, gold_document, gold_order, load_novel
    from ficlens.segment import segment
    from ficlens.speakers import predict
    from ficlens.speakers.model import load_weights

    if not (data_dir / "pdnc" / "novels" / "DaisyMiller").is_dir():
        pytest.skip("PDNC DaisyMiller not present")
    novel = load_novel("DaisyMiller", data_dir / "pdnc")
    fold = _fold_of("DaisyMiller")
    assert fold is not None
    _, decisions = predict(segment(gold_document(novel)), load_weights(None, fold))
    resolve = NameResolver(novel.characters)
    gold = [resolve(novel.quotes[i].speaker) for i in gold_order(novel)]
    acc = sum(d.speaker == g for d, g in zip(decisions, gold, strict=True)) / len(gold)
    assert acc > 0.75


def test_pronoun_tag_in_a_tight_point_of_view_means_the_focal_character() -> None:
    # Derek is the scene's focal character (he felt, he wondered); Finn is named
    # more recently, but the "he"s since then continue Derek's chain
    text = ("Derek felt the floor tilt. He wondered where she was. He saw Finn by the door. "
            "He felt sick and he looked away from Finn. He knew she was gone.\n\n"
            '"Yeah," he said, looking at the floor.\n')
    assert speakers(make_doc(text)) == ["c2"]


def test_tag_closing_the_previous_paragraph_with_a_colon() -> None:
    text = ('Derek and Meredith walked on. At last Meredith began in the following manner:\n\n'
            '"You know why I came."\n')
    u = attribute_speakers(make_doc(text)).utterances[0]
    assert u.speaker == "c1" and u.kind == "explicit"


def test_addressee_is_the_one_who_answers() -> None:
    text = ('Derek met Meredith in the hall.\n\n"Hi," said Derek.\n\n"Hello," said Meredith.\n')
    utts = attribute_speakers(make_doc(text)).utterances
    assert utts[0].addressees == ("c1",)


_TIGHT_POV = ("Derek felt the room go quiet. He wondered what she would do. He saw Finn by the door. "
              "He felt sick, and he knew she had seen it.\n\n")


def test_pronoun_tag_is_the_focal_character_when_no_other_man_was_just_the_subject() -> None:
    # Finn is the most recently named man, but the sentence right before the quotation
    # is about Meredith and "he smiled" continues Derek's chain: "he called out" is Derek,
    # and "her" in the tag is Meredith, whom the vocative names
    # (the whole pipeline: the tag's "he" is the coref stage's link, which needs its cast)
    text = (_TIGHT_POV + "Finn looked at him in shock, and he smiled. Meredith was his. "
            '"Meredith.." he called out to her softly.\n')
    doc = ficlens.analyze(text).document
    names = {c.id: c.name for c in doc.characters}
    u = doc.utterances[0]
    assert names.get(u.speaker) == "Derek" and u.kind == "anaphoric"
    assert [names.get(a) for a in u.addressees] == ["Meredith"]


def test_pronoun_tag_is_another_man_who_was_just_the_subject() -> None:
    # the same tight point of view, but Finn is the subject of the sentence right
    # before the quotation: "he" is Finn
    text = _TIGHT_POV + 'Finn stepped toward the stairs and turned around. "Are you coming?" he asked.\n'
    assert speakers(make_doc(text)) == ["c3"]


def test_last_clause_subjects() -> None:
    from ficlens.speakers import build_context
    from ficlens.speakers.features import _last_clause_subjects
    from ficlens.speakers.tags import items_in

    text = "Finn looked at him, and he smiled. Meredith was his, and Addison left. "
    doc = make_doc(text)
    ctx = build_context(doc)
    subj = _last_clause_subjects(ctx, items_in(ctx, 0, len(text)))
    assert subj == {"c1", "c4"}  # only the last sentence's clause subjects, not Finn


@pytest.mark.parametrize(("narration", "who"), [
    ("Derek saw Finn by the door. Finn looked at him in shock, and he smiled. ", "Derek"),
    ("Derek saw Finn by the door. Finn looked at the floor, and he smiled. ", "Finn"),
    ("Derek saw Finn by the door. Finn turned around. ", "Finn"),
    ("Derek saw Finn by the door. Finn looked at him, and he smiled. Finn turned around. ", "Finn"),
])
def test_pronoun_tag_follows_the_coref_link_and_its_switch(narration: str, who: str) -> None:
    # "Finn looked at him, and he smiled": the explicit "he" after "and" is the other man
    # (a repeated subject would be dropped); the coref stage links it so, and the speakers
    # stage, which resolves no pronoun itself, gives the tag "he called out" to him.
    # Without "him", or once Finn opens a clause again, it stays Finn.
    doc = ficlens.analyze(narration + '"Meredith, come here," he called out. Meredith came.').document
    names = {c.id: c.name for c in doc.characters}
    assert [names.get(u.speaker) for u in doc.utterances] == [who]


AUSTEN = (
    Character("c1", "Mr. Bennet", gender="male"),
    Character("c2", "Jane", gender="female"),
    Character("c3", "Mr. Collins", gender="male"),
    Character("c4", "Lydia", gender="female"),
    Character("c5", "Maria", gender="female"),
    Character("c6", "Mr. Elton", gender="male"),
)


@pytest.mark.parametrize(("text", "who"), [
    # the tag closes the paragraph before the quotation, with a comma or a full stop
    ('After a while, Mr. Bennet coolly observed,\n\n"You must be two of the silliest girls."\n', "c1"),
    ('Lydia and Jane walked off, and as soon as they were gone Mr. Collins began.\n\n"Believe me."\n', "c3"),
    # the latest clause subject, not the sentence's first name
    ('Lydia was bid to hold her tongue; but Mr. Collins, much offended, laid aside his book, and said, '
     '"I have often observed it."\n', "c3"),
    ('When they had gained their own room, Jane taking out the letter, said, "This is from Caroline." '
     'She then read the first sentence aloud.\n', "c2"),
    # "who" after a name; "whisper" as a noun is no speech verb
    ('She was met by Lydia, who, flying to her, cried in a half whisper, "There is such fun here!"\n', "c4"),
    ('She met Maria, who, breathless with agitation, cried out, "Make haste!"\n', "c5"),
    # "thus" between name and verb; "the ADJ Name" after the verb
    ('Jane was silent, till Mr. Bennet thus began. "What a charming amusement."\n', "c1"),
    ('Jane smiled.\n\n"If it were admissible to contradict a lady," said the gallant Mr. Elton.\n', "c6"),
])
def test_explicit_tag_forms(text: str, who: str) -> None:
    u = attribute_speakers(make_doc(text, AUSTEN)).utterances[0]
    assert u.speaker == who and u.kind == "explicit"


def test_full_stop_tag_needs_the_verb_at_the_end() -> None:
    # "He said nothing." is not a tag for the quotation that follows
    from ficlens.speakers import build_context
    from ficlens.speakers.tags import find_tag, items_in

    text = 'Mr. Bennet said nothing about it to Jane.'
    ctx = build_context(make_doc(text, AUSTEN))
    assert find_tag(items_in(ctx, 0, len(text)), "before") is None
    text2 = 'Mr. Bennet began.'
    ctx2 = build_context(make_doc(text2, AUSTEN))
    t = find_tag(items_in(ctx2, 0, len(text2)), "before")
    assert t is not None and t.subject == "c1"


def test_pronoun_tag_for_someone_named_only_when_spoken_to() -> None:
    # Meredith is never named in the narration, only called by name in Derek's
    # question; "she said" in the reply is her
    text = ('Derek held her for a minute. He pulled on his jacket and looked at the door for a long time, '
            'wondering what to say to her now.\n\n'
            '"Meredith... what does this mean?" He looked into her eyes, willing her to answer him, to smile, '
            'to do anything at all. "Help me look for them." she said distractedly.\n')
    assert speakers(make_doc(text)) == ["c2", "c1"]


def test_first_person_narrator_is_not_a_name_the_narration_uses() -> None:
    # Derek and Finn are both called by name next to "I said" turns, but the
    # narration itself names Finn again and again: "I" is Derek
    text = ("I walked into the bar and I saw Finn. Finn waved. Finn was tired and Finn sat down.\n\n"
            '"Hello, Derek," said Finn.\n\n"Hello, Finn," I said.\n\n"Long day, Derek?" said Finn.\n\n'
            '"Very," I said.\n\n"Finn!" called Meredith from the door.\n\n"Yes?" I said.\n\n'
            '"Derek, come," said Meredith.\n')
    doc = attribute_speakers(make_doc(text))
    assert doc.narration is not None and doc.narration.pov == "c2"


@pytest.mark.parametrize(("text", "who"), [
    ('Lydia sighed.\n\n"You did it thoroughly, all right enough," was Jane\'s comment.\n', "c2"),
    ('Jane looked up.\n\n"Oh, certainly--just as you say," stammered unhappy Mr. Elton.\n', "c6"),
    ('Jane ran in.\n\n"Are you sick?" It was Lydia who spoke.\n', "c4"),
    ('Jane looked up.\n\n"Yes, I know," nodded Mr. Bennet.\n', "c1"),
])
def test_more_explicit_tag_forms(text: str, who: str) -> None:
    u = attribute_speakers(make_doc(text, AUSTEN)).utterances[0]
    assert u.speaker == who and u.kind == "explicit"


def test_shared_surname_alone_is_the_mister() -> None:
    from ficlens.speakers.context import NameMatcher

    cast = (Character("c1", "Ralph Denham", aliases=("Ralph", "Mr. Denham"), gender="male"),
            Character("c2", "Mrs. Denham", gender="female"))
    assert [m[2] for m in NameMatcher(cast).find("Denham replied. Mrs. Denham smiled.")] == ["c1", "c2"]


def test_trees_walk_each_candidate_to_its_leaf() -> None:
    """The second pass's exported trees: numpy evaluation over one utterance's candidates."""
    import numpy as np

    from ficlens.speakers.model import Trees, Weights, weights_from_dict, weights_to_dict

    # tag_name <= 0.5 ? (narr_dist <= 1.0 ? 0.5 : -0.5) : 3.0 ; leaves point to themselves
    trees = Trees(("tag_name", "narr_dist"), np.array([[0, 1, 0, 0, 0]]), np.array([[0.5, 1.0, 0, 0, 0]]),
                  np.array([[1, 3, 2, 3, 4]]), np.array([[2, 4, 2, 3, 4]]), np.array([[0, 0, 3.0, 0.5, -0.5]]),
                  2, -1.0)
    w = Weights({}, 0.0, None, trees)
    fs = [{"tag_name": 1.0}, {"narr_dist": 0.3}, {"narr_dist": 2.0}, {"unseen_feature": 9.0}]
    assert w.score_many(fs) == [2.0, -0.5, -1.5, -0.5]
    again = weights_from_dict(json.loads(json.dumps(weights_to_dict(w))))
    assert again.score_many(fs) == [2.0, -0.5, -1.5, -0.5] and again.score(fs[0]) == 2.0


def _train_script():
    """scripts/train_speakers.py as a module (it is a script, not part of the package)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "train_speakers.py"
    spec = importlib.util.spec_from_file_location("train_speakers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_pipeline_training_labels_follow_the_most_overlapping_gold_quote() -> None:
    """Training on our own quotes: each utterance takes the speaker of the gold quote it overlaps most,
    through our characters that the scorer would read as that speaker (name, else a unique alias)."""
    from ficlens.eval.pdnc import GoldQuote, Novel

    t = _train_script()
    text = '"Hello there," said Anne. "Hi," said Bob. "Bye."'
    cast = (Character("c1", "Anne Shirley", ("Anne",)), Character("c2", "Bob Smith", ("Bob",)))
    gold = (GoldQuote("q1", ((1, 12),), "Anne Shirley", (), "Explicit"),
            GoldQuote("q2", ((27, 29),), "Bob Smith", (), "Explicit"),
            GoldQuote("q3", ((43, 47),), "Nobody Known", (), "Implicit"))
    novel = Novel("toy", text, gold, cast)
    ours = (Character("a", "Anne"), Character("b", "Mr Bob", ("Bob",)), Character("x", "Stranger"))
    cmap = t.character_map(novel, ours)
    assert cmap == {"a": "c1", "b": "c2"}
    # utterance 1 overlaps q1 by 1 character and q2 by 2; utterance 2 overlaps nothing;
    # utterance 3's speaker is no character of ours (not a training example)
    spans = [[(0, 14)], [(11, 30)], [(30, 35)], [(42, 48)]]
    labels, types = t.pipeline_labels(novel, spans, cmap)
    assert labels == [frozenset({"a"}), frozenset({"b"}), None, None]
    assert types == ["Explicit", "Explicit", None, "Implicit"]
    # a split utterance: overlaps summed over its spans (q1 by 4, q2 by 2)
    labels, _ = t.pipeline_labels(novel, [[(0, 5), (26, 30)]], cmap)
    assert labels == [frozenset({"a"})]


def _cast_of(text: str):
    from ficlens.pipeline import run_stages
    from ficlens.read import read_text

    return run_stages(read_text(text, name="t"), until="characters")


def test_eval_writes_the_given_name_when_the_full_name_is_a_formality() -> None:
    from ficlens.eval.pdnc import display_names

    doc = _cast_of("Elizabeth Bennet came down to breakfast. Elizabeth smiled at her father. "
                   "Elizabeth poured the tea, and Elizabeth laughed at the letter. "
                   "Later Elizabeth walked to the village.")
    shown = {c.name for c in doc.characters}
    assert "Elizabeth Bennet" in shown  # the product keeps the fullest name
    assert "Elizabeth" in display_names(doc, "known").values()
    assert "Elizabeth Bennet" in display_names(doc, "name").values()


def test_eval_keeps_a_full_name_the_narration_writes_often() -> None:
    from ficlens.eval.pdnc import display_names

    doc = _cast_of("Bill Gorton came in. Bill Gorton sat down. Bill laughed. "
                   "Bill Gorton ordered a drink, and Bill drank it.")
    assert "Bill Gorton" in display_names(doc, "known").values()


def test_eval_writes_a_full_name_with_the_title_the_text_always_gives_it() -> None:
    from ficlens.eval.pdnc import display_names

    doc = _cast_of("Mr. Thomas Marvel sat by the road. Mr. Marvel looked at his boots. "
                   "Mr. Thomas Marvel sighed, and Mr. Marvel got up.")
    assert "Mr. Thomas Marvel" in display_names(doc, "known").values()


def test_rarer_verbs_of_speech_tag_their_speaker() -> None:
    doc = make_doc('Derek and Meredith sat down.\n\n"Are you starting something new?" Meredith hazarded.\n\n'
                   '"Please stay," begged Derek.\n\n"Stay?" echoed Meredith.\n')
    assert speakers(doc) == ["c1", "c2", "c1"]


def test_one_verb_list_with_regular_inflections() -> None:
    from ficlens.speech import SAYING_VERBS, SPEECH_VERBS, inflect

    assert {"begged", "shrugged", "nodded", "echoed", "cries", "cried"} <= SPEECH_VERBS
    assert not {"beged", "shruged", "quiped", "queryed"} & SPEECH_VERBS
    assert inflect("query") == {"query", "queries", "queried", "querying"}
    assert "smiled" in SPEECH_VERBS and "smiled" not in SAYING_VERBS  # a gesture, not saying
    assert "called" not in SAYING_VERBS  # "a town called Brighton"


def test_a_kin_tag_is_not_spoken_by_the_one_its_pronoun_points_at() -> None:
    doc = make_doc('Addison sat by the fire. Meredith stood up and said she would walk to town '
                   'through the mud.\n\n"How can you be so silly," cried her mother, "as to think of it!"\n',
                   join=((0, 1),))
    assert speakers(doc) == ["c4"]
