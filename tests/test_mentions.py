"""Name-mention candidates and the shipped mention model, on small written texts."""

from __future__ import annotations

import json

from ficlens.characters import mentions
from ficlens.characters.aliases import edit_distance, is_spelling_variant
from ficlens.eval.litbank import score


def cands(text: str) -> list[str]:
    return [text[c.start:c.end] for c in mentions.candidates(text)[0] if not c.mod]


def test_sentence_initial_function_word_is_cut_off() -> None:
    assert "Tom" in cands("When Tom came home, the dog barked.")
    assert "When Tom" not in cands("When Tom came home, the dog barked.")


def test_honorific_with_full_stop_stays_in_the_name() -> None:
    found = cands("She saw Dr. Torres and Mrs. Bennet at the door.")
    assert "Dr. Torres" in found and "Mrs. Bennet" in found


def test_initials_stay_in_the_name() -> None:
    assert "William J. Blair" in cands("It was signed by William J. Blair himself.")


def test_possessive_s_is_left_out() -> None:
    found = cands("At Bailey’s word he turned, and Finn's face fell.")
    assert "Bailey" in found and "Finn" in found


def test_run_is_cut_before_an_honorific_and_at_a_change_of_capitals() -> None:
    found = cands("a kangaroo from Australia Mrs. Rachel could not have been.\n"
                  "HOWARDS END Helen wrote again.")
    assert "Mrs. Rachel" in found
    assert "Helen" in found


def test_the_before_a_capitalised_role_noun_is_part_of_the_form() -> None:
    assert "the Chief" in cands("He turned and heard the Chief call him.")


def test_roman_numerals_stay_with_the_name() -> None:
    assert "Charles II" in cands("in the reign of Charles II the house was built")


def test_modifier_is_an_alternative_cut() -> None:
    text = "They pitied poor Jemima all that day."
    alts = [text[c.start:c.end] for c in mentions.candidates(text)[0]]
    assert "Jemima" in alts and "poor Jemima" in alts


def test_model_finds_names_and_skips_common_words() -> None:
    text = (
        "Meredith looked up. Derek smiled at Meredith and Finn frowned. Remorse, never. "
        "Stunned, Derek said nothing to Meredith. Finn walked away from Derek."
    )
    found = {text[s:e] for s, e in mentions.find_names(text)}
    assert {"Meredith", "Derek", "Finn"} <= found
    assert "Remorse" not in found and "Stunned" not in found


def test_model_file_is_small_and_loads() -> None:
    assert mentions.MODEL_PATH.stat().st_size < 2_000_000
    meta = json.loads(mentions.MODEL_PATH.with_name("mentions.meta.json").read_text())
    assert "held_out_exact" in meta and "train" in meta
    mentions._model.cache_clear()
    assert mentions._model().first  # load time: benchmarks/load_speed.py


def test_edit_distance_and_variants() -> None:
    assert edit_distance("izzy", "izzie") == 2
    assert is_spelling_variant("izzy", "izzie")
    assert not is_spelling_variant("izzy", "lizzy")  # different first letters
    assert not is_spelling_variant("mary", "marjorie")  # too different in length


def test_span_scores_exact_and_overlap() -> None:
    gold = [(0, 10), (20, 25)]
    pred = [(0, 10), (21, 25), (40, 45)]
    exact = score(pred, gold)
    assert (exact.tp, exact.pred, exact.gold) == (1, 3, 2)
    overlap = score(pred, gold, overlap=True)
    assert overlap.tp == 2
    assert round(overlap.f1, 3) == round(2 * (2 / 3) * 1 / (2 / 3 + 1), 3)


def test_a_capitalised_role_that_speaks_is_a_name() -> None:
    """"the Hatter" three times mid-sentence, never lowercase, and "said the Hatter"."""
    from ficlens.characters.mentions import find_name_mentions

    text = ("Alice looked at the Hatter. \"Tea?\" said the Hatter. Alice shook her head, "
            "and the Hatter poured anyway. Then the Hatter sang.")
    accepted, _, _ = find_name_mentions(text)
    got = [text[m.start:m.end] for m in accepted]
    assert got.count("the Hatter") == 4


def test_a_capitalised_group_or_place_is_not_a_role_name() -> None:
    """A place never speaks; a family is a group, not one person."""
    from ficlens.characters.mentions import find_name_mentions

    text = ("They walked along the Strand. The shops on the Strand were shut, and the "
            "Strand was dark. \"Home,\" said the Happy Family. Later the Happy Family "
            "ate, and the Happy Family slept.")
    accepted, _, _ = find_name_mentions(text)
    got = [text[m.start:m.end] for m in accepted]
    assert "the Strand" not in got
    assert "the Happy Family" not in got
