"""Cast packs: loading, errors with line numbers, fandom detection, linking and merging."""

from __future__ import annotations

import pytest

from ficlens.characters.cast_packs import (
    apply_cast_pack,
    builtin_packs,
    derive_names,
    detect_pack,
    display_name,
    find_pack,
    link_pack,
    load_pack,
    parse_pack,
    scan_names,
)
from ficlens.cli import main
from ficlens.document import Character, Document, Mention, Source, frozen_mapping
from ficlens.errors import CastPackError, ConfigError

PACK = """\
fandom = "Harbor Town"
tags = ["Harbor Town (TV)"]
ships = ["Nell Brandt/Owen Fisk"]

[[character]]
tag = "Owen Fisk"
nicknames = ["the Captain"]
titles = ["Captain Fisk"]
gender = "male"

[[character]]
tag = "Nell Brandt (Harbor Town)"
nicknames = ["Nellie"]
gender = "female"

[[character]]
tag = "Ada Brandt"
gender = "female"
"""


def _doc(text: str, characters=(), mentions=(), **options) -> Document:
    return Document(text=text, source=Source(path=None, format="text"),
                    characters=tuple(characters), mentions=tuple(mentions),
                    options=frozen_mapping(options))


@pytest.fixture()
def pack_file(tmp_path):
    p = tmp_path / "harbor.toml"
    p.write_text(PACK, encoding="utf-8")
    return p


def test_derive_names_from_tags():
    d = derive_names("Miranda Bailey (Grey's Anatomy)")
    assert d["names"] == ["Miranda Bailey"] and d["first"] == ["Miranda"]
    assert d["surnames"] == ["Bailey"]
    d = derive_names("Number Five | The Boy (Umbrella Academy)")
    assert d["names"] == ["Number Five", "The Boy"]
    assert "Five" in d["first"] and "The" not in d["first"] and "Boy" not in d["surnames"]
    assert derive_names("Dr. Pogo (Umbrella Academy)")["first"] == ["Pogo"]
    assert display_name("Nakia (Black Panther) (Mentioned)") == "Nakia"


def test_pack_loads_and_derives_defaults(pack_file):
    pack = load_pack(pack_file)
    assert pack.fandom == "Harbor Town"
    nell = pack.characters[1]
    assert nell.tag == "Nell Brandt (Harbor Town)"
    assert {"Nell", "Brandt", "Nellie", "Nell Brandt"} <= set(nell.aliases)


def test_toml_syntax_error_names_file_and_line(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text('fandom = "X"\n\n[[character]]\ntag = "A B\n', encoding="utf-8")
    with pytest.raises(CastPackError) as exc:
        load_pack(p)
    msg = str(exc.value)
    assert str(p) in msg and "line 4" in msg and "\n" not in msg


def test_schema_error_names_the_character_table_line():
    raw = 'fandom = "X"\n\n[[character]]\ntag = "A B"\n\n[[character]]\nfirst = ["C"]\n'
    with pytest.raises(CastPackError, match=r"p.toml: line 6: .*tag"):
        parse_pack(raw, "p.toml")
    with pytest.raises(CastPackError, match="line 1"):
        parse_pack('[[character]]\ntag = "A"\n', "p.toml")
    with pytest.raises(CastPackError, match="unknown key 'nickname'"):
        parse_pack('fandom = "X"\n[[character]]\ntag = "A"\nnickname = "B"\n', "p.toml")


def test_missing_pack_file_is_a_cast_pack_error(tmp_path):
    with pytest.raises(CastPackError, match="no such cast pack"):
        load_pack(tmp_path / "nope.toml")


def test_unknown_fandom_lists_known_ones():
    with pytest.raises(ConfigError) as exc:
        find_pack("Star Trek: Nowhere", builtin_packs())
    assert "Grey's Anatomy" in str(exc.value)
    assert find_pack("grey's anatomy", builtin_packs()).fandom == "Grey's Anatomy"


def test_every_shipped_pack_loads_and_greys_has_the_ten():
    packs = builtin_packs()
    assert len(packs) >= 10
    greys = find_pack("Grey's Anatomy", packs)
    tags = {c.tag for c in greys.characters}
    for t in ("Richard Webber", "Callie Torres", "Miranda Bailey", "Meredith Grey",
              "Derek Shepherd", "Izzie Stevens", "George O'Malley", "Alex Karev",
              "Addison Montgomery", "Finn Dandridge"):
        assert t in tags


def test_detection_needs_a_clear_winner(pack_file):
    packs = [load_pack(pack_file), find_pack("Grey's Anatomy", builtin_packs())]
    text = "Owen Fisk tied the boat. Nellie waved from the pier while Ada watched."
    assert detect_pack(text, packs).fandom == "Harbor Town"
    # one everyday name is not enough to claim a fandom
    assert detect_pack("George went to the shop and bought milk.", packs) is None


def test_english_word_at_sentence_start_is_not_a_name(tmp_path):
    raw = 'fandom = "X"\n[[character]]\ntag = "Will Turner"\n'
    pack = parse_pack(raw, "x.toml")
    text = "Will you come? I will. Later Will smiled."
    found = [text[m.start:m.end] for m in scan_names(text, pack)]
    assert found == ["Will"] and text.index("Later Will") + 6 == scan_names(text, pack)[0].start


def test_merge_title_form_and_first_name_and_remap_mentions(pack_file):
    text = "The Captain nodded. Owen smiled at Nell. The Captain left."
    chars = [Character("c1", "the Captain", mentions=2), Character("c2", "Owen", mentions=1),
             Character("c3", "Nell", mentions=1)]
    ms = [Mention(0, 11, "c1"), Mention(20, 24, "c2"), Mention(35, 39, "c3"),
          Mention(41, 52, "c1")]
    doc = apply_cast_pack(_doc(text, chars, ms, cast=str(pack_file)))
    assert doc.fandom == "Harbor Town"
    by_canon = {c.canonical: c for c in doc.characters}
    assert set(by_canon) == {"Owen Fisk", "Nell Brandt (Harbor Town)"}
    owen = by_canon["Owen Fisk"]
    assert owen.id == "c1" and owen.mentions == 3  # merged into the most mentioned
    assert "Owen" in (owen.name, *owen.aliases)
    assert {m.character for m in doc.mentions} == {"c1", "c3"}  # ids stable, c2 remapped
    assert by_canon["Nell Brandt (Harbor Town)"].id == "c3"


def test_pack_adds_characters_the_name_finder_missed(pack_file):
    text = "Owen Fisk tied the boat. Later Ada Brandt arrived."
    doc = apply_cast_pack(_doc(text, [Character("c1", "Owen Fisk", mentions=1)],
                               [Mention(0, 9, "c1")], cast=str(pack_file)))
    ada = [c for c in doc.characters if c.canonical == "Ada Brandt"]
    assert ada and ada[0].id == "c2" and ada[0].mentions == 1 and ada[0].gender == "female"
    assert [m.start for m in doc.mentions] == sorted(m.start for m in doc.mentions)


def test_ambiguous_surname_goes_to_the_person_present(pack_file):
    text = "Nell laughed. Brandt was always laughing."
    doc = apply_cast_pack(_doc(text, cast=str(pack_file)))
    assert {c.canonical for c in doc.characters} == {"Nell Brandt (Harbor Town)"}
    assert len(doc.mentions) == 2


def test_no_pack_fits_leaves_the_document_alone():
    doc = _doc("Zorblax the ninth climbed the glass tower of Quenn.")
    assert apply_cast_pack(doc) is doc


def test_fandom_option_forces_a_pack_and_unknown_is_an_error():
    doc = apply_cast_pack(_doc("Meredith sighed.", fandom="Grey's Anatomy"))
    assert doc.fandom == "Grey's Anatomy"
    assert doc.characters[0].canonical == "Meredith Grey"
    with pytest.raises(ConfigError, match="known fandoms"):
        apply_cast_pack(_doc("Meredith sighed.", fandom="Nope"))


def test_cli_bad_pack_and_unknown_fandom_are_one_line_errors(tmp_path, capsys):
    story = tmp_path / "s.txt"
    story.write_text("Meredith sighed. Derek smiled.\n", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('fandom = "X"\n[[character]\n', encoding="utf-8")
    assert main(["tags", str(story), "--cast", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.toml" in err and "line 2" in err
    assert main(["tags", str(story), "--fandom", "Nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown fandom" in err


def test_shared_first_name_goes_to_the_most_tagged_bearer():
    raw = ('fandom = "X"\n[[character]]\ntag = "Ann Lee"\n'
           '[[character]]\ntag = "Ann (Little Ann)"\n[[character]]\ntag = "Bo Tran"\n')
    pack = parse_pack(raw, "x.toml")
    doc = link_pack(_doc("Ann smiled at Bo Tran. Ann left."), pack)
    assert {c.canonical for c in doc.characters} == {"Ann Lee", "Bo Tran"}


def test_english_words_weigh_little_in_detection():
    raw = 'fandom = "X"\n[[character]]\ntag = "Grace Hargreeves"\n[[character]]\ntag = "Five"\n'
    pack = parse_pack(raw, "x.toml")
    text = "They said Grace before dinner, and Five more came. Grace was said again. " * 3
    assert detect_pack(text, [pack]) is None
    full = "Grace Hargreeves smiled. Later Grace Hargreeves left, and Grace Hargreeves came back."
    assert detect_pack(full, [pack]) is not None  # a full name, three times


def test_error_at_end_of_file_names_the_last_line():
    raw = 'fandom = "X"\n[[character]]\ntag = "A"\nnicknames = ["B"\n'
    with pytest.raises(CastPackError, match=r"^p.toml: line 4: Unclosed array$"):
        parse_pack(raw, "p.toml")


def test_a_lone_full_name_with_no_rival_pack_is_enough(pack_file):
    packs = [load_pack(pack_file), find_pack("Grey's Anatomy", builtin_packs())]
    drabble = "Nell Brandt looked out over the grey water and thought of nothing at all."
    assert detect_pack(drabble, packs).fandom == "Harbor Town"


def test_a_pack_must_name_one_of_the_storys_leads(pack_file):
    """A novel names a fandom's people by chance; its own leads are not among them."""
    packs = [load_pack(pack_file)]
    text = ("Owen Fisk tied the boat. Nellie waved from the pier while Ada watched. "
            "Elizabeth and Darcy walked on.")
    assert detect_pack(text, packs, leads=[("Owen Fisk",), ("Ada",)]).fandom == "Harbor Town"
    assert detect_pack(text, packs, leads=[("Elizabeth Bennet", "Elizabeth"), ("Darcy",)]) is None
    doc = Document(text=text, source=Source(None, "text"), characters=(
        Character("c1", "Elizabeth", mentions=40), Character("c2", "Darcy", mentions=30),
        Character("c3", "Owen Fisk", mentions=1)))
    assert apply_cast_pack(doc).fandom is None


def test_an_everyday_given_name_alone_does_not_claim_a_fandom():
    # "Jane" is one Marvel pack character's first name, but a story that only keeps
    # saying "Jane" is not Marvel fan fiction.
    import ficlens

    doc = ficlens.analyze(
        "Jane came early. Jane sang a song. Jane laughed at the dog. Jane waved.\n",
        skip=("proofread",),
    ).document
    assert doc.fandom is None
    assert all(c.canonical is None for c in doc.characters)


def test_ship_counts_load_and_must_match_the_ships():
    base = 'fandom = "X"\nships = ["A/B", "A & B"]\n'
    pack = parse_pack(base + 'ship_counts = [5, 2]\n[[character]]\ntag = "A"\n', "x.toml")
    assert pack.ship_counts == (5, 2)
    with pytest.raises(CastPackError, match="ship_counts must be one whole number per ship"):
        parse_pack(base + 'ship_counts = [5]\n[[character]]\ntag = "A"\n', "x.toml")


def test_a_repeated_english_word_name_helps_detect_its_fandom():
    # "Howl" is an English word (worth little once) but said again and again in
    # mid-sentence it is a name: with "Sophie" it beats a rival pack's "Sophie"
    castle = parse_pack('fandom = "Castle"\n[[character]]\ntag = "Howl Pendragon"\n'
                        '[[character]]\ntag = "Sophie Hatter"\n', "c.toml")
    rival = parse_pack('fandom = "Heist"\n[[character]]\ntag = "Sophie Devereaux"\n', "h.toml")
    text = ("Sophie looked up when Howl came in. She asked Howl about the door, and "
            "Sophie laughed when Howl sulked. Later Sophie found Howl asleep.")
    assert detect_pack(text, [castle, rival]).fandom == "Castle"


def test_a_lead_named_with_a_title_still_counts_as_the_packs(pack_file):
    packs = [load_pack(pack_file)]
    text = "Owen Fisk tied the boat. Captain Fisk waved to Ada Brandt. Ada smiled."
    assert detect_pack(text, packs, leads=[("Mister Fisk",), ("Jane",)]).fandom == "Harbor Town"
    assert detect_pack(text, packs, leads=[("Mister Jones",), ("Jane",)]) is None


def test_packs_built_from_rows_count_ships_and_keep_hand_written_packs(tmp_path):
    from ficlens.eval.ao3 import _packs_dir
    from ficlens.eval.ao3_packs import build_packs

    hand = tmp_path / "hand"
    hand.mkdir()
    (hand / "greys-anatomy.toml").write_text('fandom = "G"\n[[character]]\ntag = "M"\n',
                                             encoding="utf-8")
    (hand / "leverage.toml").write_text("stale", encoding="utf-8")  # rebuilt, not copied
    rows = [{"fandoms": ["Leverage"], "characters": ["Parker (Leverage)", "Eliot Spencer"],
             "relationships": ["Parker & Eliot Spencer"]},
            {"fandoms": ["Leverage"], "characters": ["Parker (Leverage)", "Eliot Spencer"],
             "relationships": ["Parker & Eliot Spencer", "Eliot Spencer/Parker (Leverage)"]}]
    out = tmp_path / "out"
    build_packs(rows, out, hand)
    pack = load_pack(out / "leverage.toml")
    assert pack.ships == ("Parker & Eliot Spencer", "Eliot Spencer/Parker (Leverage)")
    assert pack.ship_counts == (2, 1)
    assert load_pack(out / "greys-anatomy.toml").fandom == "G"
    # the evaluation builds such packs from the rows it is given (the training works)
    assert _packs_dir("shipped", rows, tmp_path / "x") is None
    built = _packs_dir("train-only", rows[:1], tmp_path / "t")
    assert load_pack(f"{built}/leverage.toml").ship_counts == (1,)


def test_a_story_written_in_lowercase_still_finds_its_people(pack_file):
    packs = [load_pack(pack_file)]
    text = ("owen fisk tied the boat. nellie waved from the pier. owen waved back. "
            "the sea was calm. ada brandt laughed at them both. owen smiled.")
    assert detect_pack(text, packs).fandom == "Harbor Town"
    doc = link_pack(_doc(text), packs[0])
    assert {c.canonical for c in doc.characters} == {
        "Owen Fisk", "Nell Brandt (Harbor Town)", "Ada Brandt"}
    # a story with capitals is read as written: lowercase words are not names there
    cased = "Owen Fisk tied the boat. The owen of the town waved. Nobody came."
    assert {c.canonical for c in link_pack(_doc(cased), packs[0]).characters} == {"Owen Fisk"}


def _pack(fandom: str, tags: list[str]):
    raw = f'fandom = "{fandom}"\n' + "".join(f'[[character]]\ntag = "{t}"\n' for t in tags)
    return parse_pack(raw, f"{fandom}.toml")


def test_a_tie_goes_to_the_fandom_whose_leads_the_story_names():
    """Two fandoms share people; the story is of the one where they are leads."""
    small = _pack("Jersey Hero", ["Kamala Khan", "Bruno Carrelli", "Nakia Bahadir"])
    big = _pack("Big Universe", ["Tony Stark", "Steve Rogers", "Natasha Romanoff",
                                 "Thor Odinson", "Bruce Banner", "Kamala Khan",
                                 "Bruno Carrelli"])
    text = "Kamala Khan ran. Bruno Carrelli laughed at her."
    assert detect_pack(text, [big, small]).fandom == "Jersey Hero"
    # the same two names equally minor in both: no reason to choose
    other = _pack("Other Universe", ["Pepper Potts", "Happy Hogan", "Peter Parker",
                                     "May Parker", "Ned Leeds", "Kamala Khan",
                                     "Bruno Carrelli"])
    assert detect_pack(text, [big, other]) is None


def test_a_clear_win_needs_no_lead_from_the_pack():
    """Original leads in a story that names three of a fandom's people in full."""
    pack = _pack("Harbor", ["Owen Fisk", "Nell Brandt", "Ada Brandt", "Tom Reyes"])
    text = ("Mara Quill met Owen Fisk at the dock. Nell Brandt waved; Ada Brandt did not. "
            "Mara Quill went home.")
    assert detect_pack(text, [pack], leads=[("Mara Quill",), ("Jo Vance",)]).fandom == "Harbor"
    weak = "Mara Quill met Owen Fisk at the dock. Nell came by. Mara Quill went home."
    assert detect_pack(weak, [pack], leads=[("Mara Quill",), ("Jo Vance",)]) is None


def test_a_name_shared_by_two_tags_of_one_person_is_not_ambiguous():
    """AO3 lists "Mad Sweeney" and "Mad Sweeney (Gods)": "Sweeney" is one person
    (the more often tagged form), unlike a surname two siblings share."""
    pack = _pack("Gods", ["Mad Sweeney (Gods)", "Mad Sweeney", "Ben Hale", "Ada Hale"])
    text = "Sweeney drank. Later Sweeney sang, and Hale watched him."
    found = [(m.key, m.candidates) for m in scan_names(text, pack)]
    assert found[0] == (("Sweeney",), (0,))
    doc = link_pack(_doc(text), pack)
    assert {c.canonical for c in doc.characters} == {"Mad Sweeney (Gods)"}  # "Hale": whose?


def test_fold_packs_never_hold_a_works_own_tags(tmp_path):
    """Tuning on the training split: each work's packs come from the other folds."""
    from ficlens.eval.ao3_packs import build_fold_packs, folds

    rows = [{"file": f"w{i}.html", "fandoms": ["Leverage (TV)"], "relationships": [],
             "characters": [f"Person{i} Smith", "Parker (Leverage)"]} for i in range(10)]
    assert folds(rows) == folds(rows) and sorted(set(folds(rows))) == [0, 1, 2, 3, 4]
    dirs = build_fold_packs(rows, tmp_path)
    for i, d in enumerate(dirs):
        tags = {c.tag for p in builtin_packs(d) for c in p.characters}
        assert "Parker (Leverage)" in tags and f"Person{i} Smith" not in tags


def test_a_lead_is_the_packs_only_by_a_whole_name_that_fits(pack_file):
    """"Owen Marsh" shares a first name with Owen Fisk but is someone else."""
    from ficlens.characters.cast_packs import lead_fit

    pack = load_pack(pack_file)
    fan = [("Owen Fisk", "Owen", "Captain Fisk"), ("Nellie",), ("Ada Brandt", "Ada")]
    novel = [("Owen Marsh", "Owen", "Mr. Marsh"), ("Nell Corby", "Nell"), ("Martha Wilkes",)]
    assert lead_fit(pack, fan) == 1.0
    assert lead_fit(pack, novel) == 0.0
    # a title is no part of the name; a nickname beside the full name is fine
    assert lead_fit(pack, [("Captain Owen Fisk", "Owen")]) == 1.0
    assert lead_fit(pack, [("Nell Brandt", "Nellie")]) == 1.0
    assert lead_fit(pack, None) == 0.0


def test_required_fit_grows_with_length_and_stops():
    from ficlens.characters.cast_packs import FIT_MAX, required_fit

    assert required_fit(100) == 0.0 and required_fit(500) == 0.0
    assert 0.0 < required_fit(1000) < required_fit(4000) <= FIT_MAX
    assert required_fit(10**6) == FIT_MAX


_NOVEL_PARAGRAPH = ("Owen Marsh walked down to the Harbor with Nell Corby. Owen said good "
                    "morning to Martha Wilkes, and Nell laughed at him. Ada Brandt wrote "
                    "a Letter to Martha about the Weather in Kingsport. ")


def test_a_long_story_sharing_first_names_with_a_pack_is_not_claimed(pack_file):
    """A novel's large cast shares first names with some pack by sheer number."""
    packs = [load_pack(pack_file)]
    leads = [("Owen Marsh", "Owen"), ("Nell Corby", "Nell"), ("Martha Wilkes", "Martha"),
             ("Ada Brandt", "Ada")]
    novel = _NOVEL_PARAGRAPH * 120  # about 2,000 capitalised words
    assert detect_pack(novel, packs, leads) is None
    # the same names in a drabble are still enough: a short text needs no lead fit
    assert detect_pack(_NOVEL_PARAGRAPH, packs, leads).fandom == "Harbor Town"


def test_a_long_story_naming_the_packs_cast_is_claimed(pack_file):
    packs = [load_pack(pack_file)]
    d = pack_file.parent
    story = ("Owen Fisk walked down to the Harbor with Nell Brandt. Owen said good morning "
             "to Martha Wilkes, and Nellie laughed at him. Ada Brandt wrote a Letter to "
             "Captain Fisk about the Weather in Kingsport. ") * 120
    leads = [("Owen Fisk", "Owen", "Captain Fisk"), ("Nell Brandt", "Nellie"),
             ("Martha Wilkes", "Martha"), ("Ada Brandt", "Ada")]
    assert detect_pack(story, packs, leads).fandom == "Harbor Town"
    doc = Document(text=story, source=Source(None, "text"), options=frozen_mapping(
        {"packs_dir": str(d)}), characters=(
        Character("c1", "Owen Fisk", aliases=("Owen",), mentions=240),
        Character("c2", "Martha Wilkes", mentions=120),
        Character("c3", "Nell Brandt", aliases=("Nellie",), mentions=120)))
    out = apply_cast_pack(doc)
    assert out.fandom == "Harbor Town"
    assert {c.canonical for c in out.characters} >= {"Owen Fisk", "Nell Brandt (Harbor Town)"}


def test_a_novel_with_common_pack_first_names_keeps_its_own_names(tmp_path):
    """Through apply_cast_pack: the story's leads decide, and nobody is renamed."""
    d = tmp_path / "packs"
    d.mkdir()
    (d / "harbor.toml").write_text(PACK, encoding="utf-8")
    novel = _NOVEL_PARAGRAPH * 120
    doc = Document(text=novel, source=Source(None, "text"),
                   options=frozen_mapping({"packs_dir": str(d)}), characters=(
        Character("c1", "Owen Marsh", aliases=("Owen",), mentions=240),
        Character("c2", "Nell Corby", aliases=("Nell",), mentions=240),
        Character("c3", "Martha Wilkes", mentions=240),
        Character("c4", "Ada Brandt", mentions=120)))
    out = apply_cast_pack(doc)
    assert out.fandom is None
    assert all(c.canonical is None for c in out.characters)


def test_eval_counts_novels_a_pack_claims(tmp_path):
    """``ficlens eval ao3`` reports false fandom claims on original fiction."""
    from ficlens.eval.ao3 import novel_claims

    d = tmp_path / "packs"
    d.mkdir()
    (d / "harbor.toml").write_text(PACK, encoding="utf-8")
    fan = tmp_path / "fan.txt"
    fan.write_text("Owen Fisk kissed Nell Brandt on the pier. \"Nellie,\" Owen said. "
                   "Nell Brandt smiled at Owen Fisk, and Ada Brandt rolled her eyes.\n")
    plain = tmp_path / "plain.txt"
    plain.write_text("Thomas Quill rode into the valley. \"Rain,\" Thomas said. "
                     "Hester Vane nodded to Thomas Quill.\n")
    out = novel_claims([fan, plain], str(d))
    assert out["n"] == 2 and out["claimed"] == 1
    assert out["claims"] == [{"novel": "fan.txt", "fandom": "Harbor Town"}]
