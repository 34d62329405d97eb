"""Tag suggestions and the copy-paste block, through the real pipeline where it matters."""

from __future__ import annotations

from ficlens.cli import main
from ficlens.document import Character, Document, Relationship, Source, Tags, Warning
from ficlens.report.tags_block import render_tags_block
from ficlens.tags import (
    CATEGORIES_PATH,
    DEFAULT_RULE,
    categories,
    present_characters,
    suggest_tags,
)


def _doc(chars=(), rels=(), **kw) -> Document:
    return Document(text="x", source=Source(None, "text"), characters=tuple(chars),
                    relationships=tuple(rels), **kw)


def _rel(a, b, kind="romantic"):
    return Relationship(f"{a}/{b}", (a, b), kind, 0.9)


def test_categories_from_pairings_and_genders():
    chars = [Character("m", "M", gender="male"), Character("f", "F", gender="female"),
             Character("m2", "M2", pronouns="he/him"), Character("n", "N", pronouns="they/them")]
    assert categories(_doc(chars, [_rel("m", "f")])) == ("F/M",)
    assert categories(_doc(chars, [_rel("m", "m2")])) == ("M/M",)
    assert categories(_doc(chars, [_rel("m", "n")])) == ("Other",)
    assert categories(_doc(chars, [_rel("m", "f", "platonic")])) == ("Gen",)
    assert categories(_doc(chars)) == ("Gen",)
    # AO3's literal rule (the untuned default): every kind present, and Multi
    two = _doc(chars, [_rel("m", "f"), _rel("m", "m2")])
    assert categories(two, rule=DEFAULT_RULE) == ("F/M", "M/M", "Multi")
    # the tuned rule keeps the top pairing only: secondary pairs were mostly wrong
    assert categories(two, rule={"max_pairs": 1, "multi": 0}) == ("F/M",)


def test_an_unknown_gender_is_guessed_from_the_ao3_base_rate():
    """Most AO3 pairings are F/M: with one gender unknown guess the other one; with
    none known assume F/M (when the rule says so) rather than suggesting nothing."""
    chars = [Character("m", "M", gender="male"), Character("x", "X"), Character("y", "Y")]
    one = _doc(chars, [_rel("m", "x")])
    assert categories(one, rule={"unknown": "skip"}) == ()
    assert categories(one, rule={"unknown": "opposite"}) == ("F/M",)
    none = _doc(chars, [_rel("x", "y")])
    assert categories(none, rule={"both_unknown": None}) == ()
    assert categories(none, rule={"both_unknown": "F/M"}) == ("F/M",)


def test_a_weak_top_pairing_counts_by_its_kind():
    """The top-ranked pairing may count on weaker evidence, per kind (``top_min_M/M``):
    in slash fandoms the listed ship is the work's focus even in a short excerpt."""
    chars = [Character("a", "A", gender="male"), Character("b", "B", gender="male")]
    weak = _doc(chars, [Relationship("A/B", ("a", "b"), "romantic", 0.05)])
    assert categories(weak, rule={"top_min_M/M": 0.01}) == ("M/M",)
    assert categories(weak, rule={"top_min_M/M": 0.2}) == ("Gen",)


def test_sex_on_the_page_is_not_gen():
    """A sexual score at ``sexual_gen_max`` rules Gen out even when no pairing was
    found; the two most mentioned people's genders then give the category."""
    from ficlens.document import Rating

    chars = [Character("a", "A", gender="female", mentions=9),
             Character("b", "B", gender="female", mentions=7)]
    hot = _doc(chars, rating=Rating("Explicit", {"sexual": 0.8}))
    rule = {"sexual_gen_max": 0.5, "fallback": 1}
    assert categories(hot, rule=rule) == ("F/F",)
    assert categories(_doc(chars, rating=Rating("General Audiences", {"sexual": 0.1})),
                      rule=rule) == ("Gen",)


def test_the_shipped_category_rule_was_cross_validated():
    """categories.json records its training-split CV score and beats the untuned rule."""
    import json

    from ficlens.models import load_meta

    assert "rule" in json.loads(CATEGORIES_PATH.read_text())
    meta = load_meta("categories")
    assert meta["cv_5fold_tuned"]["exact_set"] > meta["pipeline_before_exact_set"]


def test_only_characters_with_presence_are_tagged():
    chars = [Character("a", "Ann", mentions=40), Character("b", "Bob", mentions=1),
             Character("c", "Cid", mentions=1, canonical="Cid Q (Show)")]
    names = [c.name for c in present_characters(_doc(chars))]
    assert names == ["Ann", "Cid"]  # a pack-known name counts once seen; Bob is noise


def test_tags_block_is_in_ao3_order():
    doc = _doc().evolve(tags=Tags(("Fandom X",), "Mature", ("No Archive Warnings Apply",),
                                  ("F/M",), ("A/B",), ("A", "B"), ("Fluff",)))
    lines = render_tags_block(doc).splitlines()
    assert [ln.split(":")[0] for ln in lines] == [
        "Rating", "Archive Warning", "Category", "Fandom", "Relationship", "Characters",
        "Additional Tags"]
    assert lines[5] == "Characters: A, B"


def test_suggest_tags_works_on_an_empty_document():
    doc = suggest_tags(_doc(warnings=(Warning("No Archive Warnings Apply"),)))
    assert doc.tags.categories == ("Gen",) and doc.tags.relationships == ()
    assert doc.tags.warnings == ("No Archive Warnings Apply",)
    assert render_tags_block(doc).startswith("Rating:")


def test_story_without_named_people_is_gen(tmp_path, capsys):
    story = tmp_path / "rain.txt"
    story.write_text("It rained all day. The hills were empty, and the river ran high.\n"
                     "\nBy night the wind had dropped and the stars came out.\n",
                     encoding="utf-8")
    assert main(["tags", str(story)]) == 0
    out = capsys.readouterr().out
    assert "Category: Gen" in out
    assert "Relationship: \n" in out or out.splitlines()[4] == "Relationship:"
    assert "Rating: General Audiences" in out


def test_sample_chapter_tags(sample_path, capsys):
    assert main(["tags", str(sample_path)]) == 0
    lines = dict(ln.split(": ", 1) if ": " in ln else (ln.rstrip(":"), "")
                 for ln in capsys.readouterr().out.splitlines())
    assert lines["Fandom"] == "Grey's Anatomy"
    assert lines["Rating"] == "Explicit"
    assert lines["Archive Warning"] == "No Archive Warnings Apply"
    assert lines["Category"] == "F/M"
    assert lines["Relationship"].split(", ")[0] == "Derek Shepherd/Meredith Grey"
    chars = set(lines["Characters"].split(", "))
    for name in ("Richard Webber", "Callie Torres", "Miranda Bailey", "Meredith Grey",
                 "Derek Shepherd", "Izzie Stevens", "George O'Malley", "Alex Karev",
                 "Addison Montgomery", "Finn Dandridge"):
        assert name in chars


def test_smut_is_suggested_only_for_explicit_vocabulary():
    from ficlens.tags import additional_tags

    explicit = _doc().evolve(text=(
        "She moaned as his cock slid inside her; her clit ached and his erection "
        "pressed on until the orgasm took her, cum on her thighs."))
    mild = _doc().evolve(text="They kissed goodnight and went to sleep.")
    from ficlens.tags import _freeform_model

    shipped = (_freeform_model() or {}).get("tags", {}).get("Smut", {}).get("ship")
    # offered for explicit vocabulary when the rating model ships the tag (it met its
    # precision bar), never otherwise
    assert ("Smut" in additional_tags(explicit)) == bool(shipped)
    assert additional_tags(mild) == ()


def test_with_a_pack_unknown_names_need_to_be_leads():
    chars = [Character("a", "Ann", mentions=40, canonical="Ann Lee"),
             Character("b", "Barman", mentions=3), Character("o", "Oona", mentions=20),
             Character("i", "I'm", mentions=9)]
    names = [c.name for c in present_characters(_doc(chars).evolve(fandom="X"))]
    assert names == ["Ann", "Oona"]
    names = [c.name for c in present_characters(_doc(chars))]
    assert names == ["Ann", "Oona", "Barman"]


def test_only_pairings_the_text_shows_as_romance_decide_categories():
    # a fandom's habit may rank "A/B" in the list, but without romance in the text
    # (strength below ROMANTIC_MIN) it does not make the work F/M
    chars = [Character("a", "Ann", gender="female"), Character("b", "Bob", gender="male"),
             Character("c", "Cat", gender="female")]
    weak = Relationship("Ann/Bob", ("a", "b"), "romantic", 0.05)
    assert categories(_doc(chars, [weak])) == ("Gen",)
    strong = Relationship("Ann/Cat", ("a", "c"), "romantic", 0.6)
    assert categories(_doc(chars, [weak, strong])) == ("F/F",)


def test_descriptions_and_short_forms_are_not_tags():
    """'the frog' is no character tag; 'Pip' beside 'Pippa' and 'Bill' beside
    'William' are one person, tagged once; an unrelated short name stays."""
    chars = [Character("a", "Pippa", mentions=30), Character("b", "Pip", mentions=20),
             Character("c", "William", mentions=15), Character("d", "Bill", mentions=10),
             Character("e", "the frog", mentions=10), Character("f", "Tom", mentions=10)]
    names = [c.name for c in present_characters(_doc(chars))]
    assert names == ["Pippa", "William", "Tom"]


def test_a_character_without_a_pack_is_tagged_by_the_fullest_name():
    """AO3 tags original characters "Firstname Lastname"; the story said it once."""
    chars = [Character("a", "Curtis", aliases=("Curtis Brinkley",), mentions=30),
             Character("b", "Jo", aliases=("Jo Jr.", "Jo March"), mentions=20),
             Character("c", "Ann", canonical="Ann Lee (Show)", aliases=("Ann Wu",), mentions=9)]
    doc = suggest_tags(_doc(chars))
    assert doc.tags.characters == ("Curtis Brinkley", "Jo March", "Ann Lee (Show)")


def test_a_second_person_story_tags_the_reader():
    """Reader-insert stories say "you" and tag "Reader"; others do not."""
    from ficlens.document import Narration

    chars = [Character("a", "Loki", mentions=12)]
    assert suggest_tags(_doc(chars, narration=Narration("second"))).tags.characters == (
        "Loki", "Reader")
    assert suggest_tags(_doc(chars, narration=Narration("third"))).tags.characters == ("Loki",)
