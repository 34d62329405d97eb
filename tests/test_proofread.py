"""Proofreading rules, each shown on a small text written for the test."""

from __future__ import annotations

import pytest

from ficlens.document import Character, Document, Quote, Source
from ficlens.proofread import apply_fixes, find_problems, proofread
from ficlens.proofread import lexicon as lx
from ficlens.read import read_text
from ficlens.segment import segment


def problems(text: str, **fields) -> list:
    doc = segment(read_text(text))
    if fields:
        doc = doc.evolve(**fields)
    return list(find_problems(doc))


def of_kind(text: str, kind: str, **fields) -> list:
    return [p for p in problems(text, **fields) if p.kind == kind]


def spans(text: str, kind: str, **fields) -> list[tuple[str, tuple[str, ...]]]:
    return [(text[p.start:p.end], p.suggestions) for p in of_kind(text, kind, **fields)]


# --- spelling ---------------------------------------------------------------------------

@pytest.mark.parametrize("wrong,right", [
    ("loked", "looked"), ("suprised", "surprised"), ("seperate", "separate"),
    ("emtions", "emotions"), ("posessed", "possessed"), ("teh", "the"),
])
def test_misspelling_first_suggestion(wrong: str, right: str) -> None:
    text = f"She waited by the door, and he {wrong} at her for a while."
    found = spans(text, "misspelling")
    assert found and found[0][0] == wrong and found[0][1][0] == right


def test_run_together_words_are_split() -> None:
    assert spans("He pulled her head backto the wall.", "misspelling") == [("backto", ("back to",))]


def test_split_word_is_joined_across_the_space() -> None:
    found = spans("She was beau tiful in the morning light.", "misspelling")
    assert found and found[0][0] == "beau tiful" and found[0][1][0] == "beautiful"


def test_story_words_used_three_times_are_learned() -> None:
    text = ("The glimmerfly rose over the lake. A glimmerfly is small. "
            "She caught the glimmerfly at dusk.")
    assert of_kind(text, "misspelling") == []
    assert of_kind("She caught the glimmerfly at dusk.", "misspelling")


def test_a_repeated_typo_of_a_common_word_is_not_learned() -> None:
    text = "It occured to her. Then it occured again. It occured a third time."
    assert [s[1][0] for s in spans(text, "misspelling")] == ["occurred"] * 3


def test_capitalised_names_mid_sentence_are_not_flagged() -> None:
    assert of_kind("Then she met Xandrel at noon, and Xandrel smiled.", "misspelling") == []


def test_cast_names_are_the_storys_own_words() -> None:
    text = "the marth sighed and walked on."
    assert of_kind(text, "misspelling")
    cast = (Character(id="c1", name="Marth"),)
    assert of_kind(text, "misspelling", characters=cast) == []


def test_urls_capitals_and_digits_are_left_alone() -> None:
    text = "Read it at https://exampel.com/fanfics now. He yelled NOOOO at agent 47b."
    assert of_kind(text, "misspelling") == []


def test_words_outside_latin1_do_not_break_the_checker() -> None:
    assert lx.is_known("c\u0153ur")
    assert of_kind("Her c\u0153ur sang. \u0421\u043b\u043e\u0432\u043e here.", "misspelling") == []


def test_british_and_regularly_built_words_are_known() -> None:
    assert lx.is_known("colour") and lx.is_known("connexion")
    assert lx.plausible("unannoyed") and lx.plausible("sombreness") and lx.plausible("lumpily")
    assert of_kind("His sombreness left her unannoyed.", "misspelling") == []


def test_dialect_clusters_are_not_flagged_but_lone_typos_are() -> None:
    dialect = "\"Tha'll wuz goin' wi' him,\" she said, \"an' alluz wuz.\""
    assert of_kind(dialect, "misspelling") == []
    assert of_kind("\"You wuz right,\" she said.", "misspelling")


def test_words_broken_at_a_line_end_hyphen_are_not_flagged() -> None:
    assert of_kind("It was a difference con- cerning money.", "misspelling") == []


def test_misplaced_apostrophe_in_negation() -> None:
    found = spans("He did'nt know what to say.", "misspelling")
    assert found and found[0][1][0] == "didn't"


# --- names -------------------------------------------------------------------------------

def test_name_spelled_two_ways_flags_the_minority() -> None:
    text = ("Jorah came in. She saw Jorah at the window, and Jorah waved. "
            "Later she told Jorrah to leave.")
    found = spans(text, "name_variant")
    assert found == [("Jorrah", ("Jorah",))]


def test_name_variants_from_the_cast_and_canonical_form() -> None:
    text = "Kestrin laughed. Then she hugged Kestryn and went home with Kestrin."
    cast = (Character(id="c1", name="Kestrin", variants=("Kestryn",),
                      canonical="Kestryn Vale"),)
    found = spans(text, "name_variant", characters=cast)
    assert found and all(s == ("Kestryn",) for _, s in found)
    assert {w for w, _ in found} == {"Kestrin"}


def test_two_people_in_one_sentence_are_not_variants() -> None:
    text = "Jorah and Jorrah walked in together. Jorah sat down. Jorah ate."
    assert of_kind(text, "name_variant") == []


def test_two_forms_used_often_are_two_people_not_a_slip() -> None:
    text = " ".join(["Then came Jorah."] * 4 + ["Then came Jorrah."] * 4)
    assert of_kind(text, "name_variant") == []


def test_short_names_two_edits_apart_are_two_people() -> None:
    text = "Bann smiled. Then came Bann. Later Bann left. At noon Bren arrived."
    assert of_kind(text, "name_variant") == []
    pet = "Then came Izzy. Later Izzy ate. At noon Izzie sang."
    assert spans(pet, "name_variant") == [("Izzie", ("Izzy",))]


def test_ordinary_words_are_not_name_variants() -> None:
    text = "She went Western. Then she saw Wengern and Wengern again. Wengern left."
    assert of_kind(text, "name_variant") == []


# --- apostrophes ---------------------------------------------------------------------

def test_singular_name_possessive() -> None:
    text = "Derek smiled. She met Dereks' eyes and Derek nodded."
    assert spans(text, "apostrophe") == [("Dereks'", ("Derek's",))]


def test_family_plural_possessive_is_fine() -> None:
    text = "Mr Smith waved. Mrs Smith waved. They went to the Smiths' house."
    assert of_kind(text, "apostrophe") == []


def test_its_and_its() -> None:
    assert spans("Well, its a trap.", "apostrophe") == [("its", ("it's",))]
    assert spans("The dog wagged it's own tail.", "apostrophe") == [("it's", ("its",))]
    assert of_kind("The dog wagged its tail.", "apostrophe") == []


# --- dialogue punctuation -------------------------------------------------------------------

def test_space_just_inside_quotation_marks() -> None:
    text = 'He stopped. "Slower, " he gasped, " I want this to last."'
    found = of_kind(text, "dialogue_punctuation")
    assert [(text[p.start:p.end], p.safe) for p in found] == [(" ", True), (" ", True)]
    fixed, n = apply_fixes(text, found)
    assert fixed == 'He stopped. "Slower," he gasped, "I want this to last."' and n == 2


def test_spaced_dash_before_closing_quote_is_a_style() -> None:
    assert of_kind('"No, I didn\'t - " Klaus stopped.', "dialogue_punctuation") == []


def test_paragraph_with_inverted_quote_pairs_is_left_alone() -> None:
    # a missing opening mark makes every later pair inverted
    text = 'Yes," he said. "No," she said. "Maybe," he said. "'
    assert of_kind(text, "dialogue_punctuation") == []


def test_missing_comma_before_speech_tag() -> None:
    for text in ('She asked. "Yeah" he said.', "She asked. \u201cYeah\u201d he said."):
        found = of_kind(text, "dialogue_punctuation")
        assert len(found) == 1 and found[0].suggestions[0].startswith(",")
        assert apply_fixes(text, found)[0].count(",") == 1
    assert of_kind('She asked. "Yeah," he said.', "dialogue_punctuation") == []
    assert of_kind('She asked. "Yeah?" he said.', "dialogue_punctuation") == []


def test_full_stop_before_speech_tag() -> None:
    text = 'She looked up. "Fix your tie." she said.'
    found = of_kind(text, "dialogue_punctuation")
    assert [(text[p.start:p.end], p.suggestions[0]) for p in found] == [(".", ",")]
    assert of_kind('She looked up. "Fix your tie." She left.', "dialogue_punctuation") == []
    assert of_kind('He waited. "Go." Katsa nodded.', "dialogue_punctuation") == []
    capital = of_kind('He waited. "Not yet." She said, and left.', "dialogue_punctuation")
    assert len(capital) == 1 and "she said" in capital[0].message and not capital[0].safe


def test_lowercase_dialogue_start() -> None:
    text = 'She was glad. "help me look for them," she said.'
    assert spans(text, "dialogue_punctuation") == [("help", ("Help",))]
    split = '"Wait," she said, "you forgot your coat."'
    assert of_kind(split, "dialogue_punctuation") == []


def test_hard_wrapped_lines_are_not_paragraph_starts() -> None:
    text = 'Para one.\n\n"Wait," she said,\n"you forgot your coat."\n\nPara three.'
    assert of_kind(text, "dialogue_punctuation") == []


def test_space_before_comma_and_two_dot_ellipsis() -> None:
    text = "It felt so natural , a smile played. Stop looking at her.. how could he?"
    found = spans(text, "dialogue_punctuation")
    assert (" ,", (",",)) in found and ("..", ("...", "\u2026")) in found
    assert of_kind("Wait... what? And then\u2026 nothing.", "dialogue_punctuation") == []


def test_quote_spans_from_the_quotes_stage_are_used() -> None:
    text = 'He said "Slower, " to her.'
    # The quotes stage says where the quotation is; our own pairing is not needed.
    doc = Document(text=text, source=Source(None, "text"),
                   quotes=(Quote(8, 18, "Slower, ", 0),))
    found = [p for p in find_problems(doc) if p.kind == "dialogue_punctuation"]
    assert [(p.start, p.end) for p in found] == [(16, 17)]


# --- doubled, missing and confused words ---------------------------------------------------

def test_doubled_word() -> None:
    assert spans("She went to the the store.", "doubled_word") == [("the the", ("the",))]
    assert of_kind("What he had had was gone.", "doubled_word") == []
    assert of_kind("Odin. Odin Odin. She was pregnant pregnant.", "doubled_word") == []


def test_missing_word_as_if() -> None:
    assert spans("It was if he was possessed.", "missing_word") == [
        ("It was if", ("It was as if",))]
    assert spans("He stood in front him.", "missing_word") == [
        ("in front him", ("in front of him",))]


def test_confusions_by_precise_patterns() -> None:
    assert spans("You could of told me.", "confusion") == [("could of", ("could have",))]
    assert of_kind("It could, of course, be true. It would of course rain.", "confusion") == []
    assert spans("Your welcome.", "confusion") == [("Your welcome", ("You're welcome",))]
    assert spans("Your not listening.", "confusion") == [("Your not", ("You're not",))]
    assert of_kind("I mind your not being here, and your so-called friends.", "confusion") == []
    assert spans("She is taller then him.", "confusion")
    assert of_kind("She was taller then, and older.", "confusion") == []


# --- the stage and fixes ---------------------------------------------------------------------

def test_stage_sets_a_sorted_tuple() -> None:
    doc = proofread(segment(read_text("He loked at the the door.")))
    assert isinstance(doc.proofread, tuple)
    assert [p.start for p in doc.proofread] == sorted(p.start for p in doc.proofread)
    assert {p.kind for p in doc.proofread} == {"misspelling", "doubled_word"}


def test_apply_fixes_uses_only_safe_fixes() -> None:
    text = "He loked at her. It was if he knew."
    found = problems(text)
    fixed, n = apply_fixes(text, found)
    assert fixed == "He looked at her. It was if he knew." and n == 1


def test_empty_story_text_has_no_problems() -> None:
    doc = Document(text="Fine words here.", source=Source(None, "text"))
    assert find_problems(doc) == ()


def test_apply_fixes_skips_overlapping_fixes() -> None:
    from ficlens.document import Problem

    text = "abc def"
    a = Problem(0, 3, "misspelling", "m", ("ABC",), True)
    b = Problem(2, 5, "misspelling", "m", ("X",), True)
    c = Problem(4, 7, "misspelling", "m", ("DEF",), True)
    assert apply_fixes(text, [c, b, a]) == ("ABC DEF", 2)


def test_dictionary_cache_round_trip(tmp_path, monkeypatch) -> None:
    calls = []

    def build() -> dict:
        calls.append(1)
        return {"a b": 3}

    monkeypatch.setenv("FICLENS_CACHE", str(tmp_path))
    assert lx._cached("test", build) == {"a b": 3}
    assert lx._cached("test", build) == {"a b": 3}
    assert len(calls) == 1 and list(tmp_path.glob("proofread-test-*.pickle"))
    monkeypatch.setenv("FICLENS_CACHE", "0")
    assert lx._cached("test", build) == {"a b": 3} and len(calls) == 2


# --- speed without a change of answer (no timing here: benchmarks/proofread_speed.py) --


def _reference_edits(word: str) -> dict[str, float]:
    """The one-edit strings the plain way, one at a time: the best weight of each, in
    the order first met. ``edit_table`` must give exactly this."""
    from ficlens.proofread import spelling as sp

    out: dict[str, float] = {}

    def put(s: str, w: float) -> None:
        if s not in out or w > out[s]:
            out[s] = w

    n = len(word)
    for i in range(n + 1):
        left, right = word[:i], word[i:]
        first = sp.W_FIRST if i == 0 else 0.0
        if right:
            c = right[0]
            doubled = (i > 0 and word[i - 1] == c) or (n > i + 1 and word[i + 1] == c)
            near = (i > 0 and word[i - 1] in sp._NEAR.get(c, ())) or (
                n > i + 1 and word[i + 1] in sp._NEAR.get(c, ()))
            put(left + right[1:], first + (sp.W_DOUBLE if doubled else sp.W_EXTRA if near
                                           else sp.W_EXTRA_FAR))
            if len(right) > 1 and right[0] != right[1]:
                put(left + right[1] + right[0] + right[2:], first + sp.W_SWAP)
            for d in lx.LETTERS:
                if d != c:
                    put(left + d + right[1:], first + sp._sub_weight(c, d))
        for d in lx.LETTERS:
            put(left + d + right, first + sp.W_DROP)
        if 0 < i < n:
            put(left + "'" + right, sp.W_DROP)
    return out


@pytest.mark.parametrize("word", ["teh", "aab", "bookkeeper", "mississippi", "did'nt", "a",
                                  "zz", "occured", "eeee"])
def test_edit_table_is_every_one_edit_string_with_its_likeliest_slip(word: str) -> None:
    # Doubled letters are where two slips give one string ("bookkeeper" minus either
    # "o"); the fast table must keep the better weight and the first position.
    from ficlens.proofread.spelling import edit_table

    assert list(edit_table(word).items()) == list(_reference_edits(word).items())


def test_hunspell_forms_hold_every_word_hunspell_accepts_one_slip_away() -> None:
    # The forms set only rules strings out before hunspell is asked: a word hunspell
    # accepts but the set lacks would silently lose a correction.
    from ficlens.proofread.spelling import edit_table

    forms, spell = lx.hunspell_forms(), lx.hunspell().spell
    accepted = 0
    for word in ("superfluousy", "unconciously", "tremulusly", "reconsiderd", "abandonned",
                 "glimmerfly", "dispirted", "houshold"):
        for cand in edit_table(word):
            if cand.isalpha() and spell(cand):
                accepted += 1
                assert cand in forms, cand
    assert accepted >= 8
    assert "xqzvbn" not in forms and "superfluously" in forms and "reconsidered" in forms


class _CountingSpeller:
    """hunspell with a count of ``spell`` calls."""

    def __init__(self) -> None:
        self.inner, self.calls = lx.hunspell(), 0

    def spell(self, word: str) -> bool:
        self.calls += 1
        return self.inner.spell(word)


def test_rare_word_search_asks_hunspell_only_about_its_own_forms(monkeypatch) -> None:
    # A coined or garbled long word has no frequency-list word one slip away, so the
    # search for a rare dictionary word would put ~2,000 strings to hunspell (~25 us
    # each); past a small budget only strings in its forms set are asked, and the
    # candidates are the same as asking hunspell about every string.
    from ficlens.proofread import spelling as sp

    words = ["superfluosly", "kadorabogiderakumifo" * 4]
    speller = _CountingSpeller()
    monkeypatch.setattr(lx, "hunspell", lambda: speller)
    monkeypatch.setattr(sp, "DIRECT_SPELL_BUDGET", 10**9)
    monkeypatch.setattr(sp, "_direct_spells", 0)
    direct = [sp._candidates(w) for w in words]
    asked_directly = speller.calls
    speller.calls = 0
    monkeypatch.setattr(sp, "DIRECT_SPELL_BUDGET", 0)
    assert [sp._candidates(w) for w in words] == direct
    assert asked_directly > 2000
    assert speller.calls <= 5
    assert direct[0][0][0] == "superfluously"


def test_a_repeated_non_word_is_corrected_once(monkeypatch) -> None:
    from ficlens.proofread import spelling as sp

    calls: list[str] = []
    real = sp._candidates

    def counting(word: str) -> tuple:
        calls.append(word)
        return real(word)

    monkeypatch.setattr(sp, "_cand_cache", {})
    monkeypatch.setattr(sp, "_candidates", counting)
    text = "".join(f"Day {i}: she recieved a letter and read it twice.\n\n" for i in range(30))
    assert len(of_kind(text, "misspelling")) == 30
    assert calls == ["recieved"]


def test_name_distance_with_a_limit_is_exact_up_to_the_limit() -> None:
    import random

    from ficlens.proofread.names import distance

    assert distance("Izzy", "Izzie") == 2 and distance("Mathew", "Matthew", 2) == 1
    rnd = random.Random(3)
    for _ in range(3000):
        a = "".join(rnd.choice("abcde") for _ in range(rnd.randint(0, 7)))
        b = "".join(rnd.choice("abcde") for _ in range(rnd.randint(0, 7)))
        for limit in (1, 2, 3):
            assert distance(a, b, limit) == min(distance(a, b), limit + 1), (a, b, limit)


def test_names_together_in_one_sentence_uses_whole_words_only() -> None:
    # Sentence ends are found once per story; a form inside a longer word ("Annabel"
    # for "Anna") or glued to digits is not an occurrence.
    from ficlens.proofread.names import _together

    text = "Annabel met Ana. Anna2 left! Then _Anna_ waved at Ana\nAnna walked home? Ana."
    assert _together(text, "Anna", "Ana")  # "_Anna_ waved at Ana": one sentence
    assert not _together(text.replace("_Anna_", "Bob"), "Anna", "Ana")
    assert not _together("Anna walked.\nAna ran.", "Anna", "Ana")
    assert _together("Anna, Ana and Bo", "Ana", "Anna")


# --- texts that are not English, and the correction budget ------------------------------

_SPANISH = ("María cerró la puerta y se quedó mirando la calle durante un largo rato. No sabía "
            "qué decirle a su hermano, que llevaba tres días sin hablarle.\n\n"
            "—¿Vas a venir a cenar? —preguntó Jorge desde la cocina.\n\n"
            "—No tengo hambre —respondió ella, aunque era mentira. La verdad es que no quería "
            "sentarse frente a él y fingir que todo estaba bien, porque nada estaba bien desde "
            "que su padre se había marchado.\n")


def test_a_story_in_another_language_gets_one_note_not_a_flag_per_word() -> None:
    found = problems(_SPANISH)
    notes = [p for p in found if p.kind == "spelling_not_checked"]
    assert len(notes) == 1 and notes[0].start == notes[0].end == 0
    assert "another language" in notes[0].message and not notes[0].suggestions
    assert not [p for p in found if p.kind == "misspelling"]
    # nothing for --fix to change ("marchado" was once a safe fix to "march ado")
    assert apply_fixes(_SPANISH, tuple(found), safe_only=False)[0] == _SPANISH


def test_english_with_a_few_foreign_words_is_still_checked() -> None:
    text = ("She loked at the old house and said adios to the garden. The rain fell on the "
            "roof of the barn, and the dogs ran down to the river to drink.\n") * 3
    found = problems(text)
    assert not [p for p in found if p.kind == "spelling_not_checked"]
    assert [text[p.start:p.end] for p in found if p.kind == "misspelling"][:1] == ["loked"]


def test_unknown_words_past_the_budget_are_not_corrected(monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.proofread import spelling

    text = ("She loked at him. He was suprised. They were seperate. The emtions ran high. "
            "He posessed nothing.\n")
    every = [text[p.start:p.end] for p in of_kind(text, "misspelling")]
    assert every == ["loked", "suprised", "seperate", "emtions", "posessed"]
    monkeypatch.setattr(spelling, "correction_budget", lambda words: 3)
    found = problems(text)
    assert [text[p.start:p.end] for p in found if p.kind == "misspelling"] == every[:3]
    note, = [p for p in found if p.kind == "spelling_not_checked"]
    assert note.start == note.end == text.index("emtions") and "first 3" in note.message
