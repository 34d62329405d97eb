"""The characters and proofread stages' shortcuts against the plain definitions they
replace, on small texts written here (the shortcuts exist for crowds of names, issue
#14; each must give what the plain computation gives)."""

from __future__ import annotations

import random

from ficlens.characters import cast_packs, mentions, nonperson, pronouns
from ficlens.characters.forms import Form
from ficlens.proofread import punctuation
from ficlens.proofread.story import URL_RE, StoryWords
from ficlens.read import read_text

TEXTS = [
    'Ban Smith said "hi."\n\nCan Smith said "hi."\n\n',
    'Xan Smith nodded. "Hi there." Yan Smith nodded. "Hi there."',
    "He looked at the Chief, and poor Jemima said\nTom's hat was the Captain's.",
    "“Wait,” said the waiter to Mr. Bennet. 'tis Anna’s; ol' Tom, said\n\tthe  Duke of York.",
    "the\nTom the \t\nAnn by the\tKing  said ,  Sue _x9 é Émile ’s Bob",
]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = ["a", "T", "the", "The", "said", " ", " ", "\t", "\n", "'", "’", ".", ",", '"',
            "-", "x1", "é", "_", "Ab", "he", "Д", "!"]
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def test_prev_word_is_the_search_it_replaces() -> None:
    for text in TEXTS + _random_texts(3000, 1):
        for start in range(len(text) + 1):
            pm = mentions._PREV_WORD.search(text, max(0, start - 30), start)
            plain = pm.group(1).lower() if pm and pm.group(1)[:1].islower() else ""
            assert mentions._prev_word(text, start) == plain, (text, start)


def test_the_and_modifier_are_looked_for_wherever_they_can_match() -> None:
    seen = 0
    for text in TEXTS + _random_texts(3000, 2):
        for start in range(len(text) + 1):
            c = mentions._before_blanks(text, start)
            if mentions._THE_BEFORE.search(text, max(0, start - 8), start):
                assert c == "e", (text, start)
                seen += 1
            if mentions._MOD_BEFORE.search(text, max(0, start - 24), start):
                assert mentions._ascii_letter(c), (text, start)
    assert seen  # the texts do have "the" before a word


def test_word_before_a_mention_is_the_search_it_replaces() -> None:
    for text in TEXTS + _random_texts(3000, 3):
        for start in range(len(text) + 1):
            plain = nonperson._WORD_BEFORE.search(text, max(0, start - 20), start)
            got = nonperson._word_before(text, start)
            assert (got is None) == (plain is None), (text, start)
            if got is not None and plain is not None:
                assert (got.span(), got.group(1)) == (plain.span(), plain.group(1))


def test_speaks_is_the_plain_test() -> None:
    speaks = 0
    for text in TEXTS + _random_texts(3000, 4):
        for start in range(len(text) + 1):
            prev = pronouns._WORD_BEFORE.search(text, max(0, start - 20), start)
            nxt = pronouns._WORD_AFTER.match(text, start)
            plain = bool(nxt and nxt.group(1).lower() in pronouns.SPEECH_VERBS) or bool(
                prev and prev.group(1) in pronouns.SPEECH_VERBS)
            assert pronouns._speaks(text, start, start) == plain, (text, start)
            speaks += plain
    assert speaks


def test_features_with_the_word_cache_and_shared_scores_are_the_plain_ones() -> None:
    model = mentions._model()
    for text in TEXTS + ["Meredith looked up. Derek smiled at Meredith. " * 3]:
        cands, stats = mentions.candidates(text)
        plain = [mentions.features(text, c, stats) for c in cands]
        cache: mentions.WordCache = {}
        assert [mentions.features(text, c, stats, cache) for c in cands] == plain
        first = [mentions._sigmoid(mentions.score(f, model.first)) for f in plain]
        agg = mentions.consistency_features(mentions.heads(text, cands), first,
                                            ["init" in f for f in plain])
        logits = [mentions.score(f + a, model.second) for f, a in zip(plain, agg, strict=True)]
        got = mentions._scored(text)
        assert got[0] == cands and got[1] == logits
        assert got[3] == [mentions._prev_char_class(text, c.start) in mentions.INITIAL
                          and not c.the for c in cands]


def test_name_mention_key_is_worked_out_once_and_stays_out_of_equality() -> None:
    a = mentions.NameMention(0, 11, ("mrs",), ("Anna", "Bennet"))
    b = mentions.NameMention(0, 11, ("mrs",), ("Anna", "Bennet"))
    assert a.key == "mrs anna bennet" and a.key is a.key
    assert a == b and hash(a) == hash(b)  # b has not worked out its key yet
    assert "_key" not in repr(a)


def test_remembered_votes_are_the_plain_votes() -> None:
    text = ("Anna looked up. She smiled. Bob frowned, his hands shaking. Anna said, her voice "
            "low. Bob ran. He fell. Anna laughed and she ran.")
    spots = [(i, i + len(w)) for w in ("Anna", "Bob") for i in range(len(text))
             if text.startswith(w, i)]
    for start, end in spots:
        subject = pronouns._is_subject(text, start, end)
        assert pronouns.mention_vote(text, start, end) == (
            subject, pronouns.vote(text, end, subject, start))
    anna = Form("anna", (), ("anna",), [mentions.NameMention(s, e, (), ("Anna",))
                                        for s, e in spots if text[s] == "A"])
    votes = [pronouns.vote(text, m.end, pronouns._is_subject(text, m.start, m.end), m.start)
             for m in anna.mentions]
    male, female = votes.count("male"), votes.count("female")
    plain = ("male" if male > female else "female") if (
        max(male, female) >= 2 and max(male, female) >= 0.75 * (male + female)) else None
    assert pronouns.text_gender(text, anna) == plain == "female"


def test_pack_scan_from_the_name_starts_is_the_full_scan() -> None:
    packs = cast_packs.builtin_packs(None)
    text = ("Meredith Grey looked at Derek. Harry Potter and Hermione smiled; Will said that "
            "Cristina Yang and Dr. Bailey knew. Later Will came. Ron and Ginny Weasley left.")
    toks = cast_packs._tokens(text)
    starts = cast_packs._name_starts(packs, toks)
    found = 0
    for pack, st in zip(packs, starts, strict=True):
        assert cast_packs.scan_names(text, pack, toks, st) == cast_packs.scan_names(text, pack, toks)
        found += len(st)
    assert found


def test_proofread_prefilters_skip_only_texts_without_a_match() -> None:
    texts = TEXTS + ["See www.example.com or mail a@b.co, #tag. Its a cat; it's own bowl. "
                     "Dereks' eyes and Dereks' hands. “Hi ” she said. “ Yes,” he said.",
                     "HTTP://X.ORG and WWW.Y.Z", "“Slow down ”\nhe said."]
    for text in texts:
        doc = read_text(text)
        story = StoryWords.build(doc)
        assert story.skip_spans == tuple((m.start(), m.end()) for m in URL_RE.finditer(text))
        plain_its = [(m.start(), m.end()) for rx in (punctuation._ITS_CONTRACTION,
                                                     punctuation._ITS_OWN) for m in rx.finditer(text)]
        assert [(p.start, p.end) for p in punctuation._its(text)] == plain_its
        if not punctuation._PLURAL_POSS.search(text):
            assert punctuation._possessives(text, story) == []
        for o in range(len(text)):
            for c in range(o + 2, min(len(text), o + 40)):
                inner = text[o + 1:c]
                if inner.strip() and punctuation._SPACE_AT_END.search(inner):
                    assert inner[-1] in " \t" or (inner[-1] == "\n" and inner[-2:-1] in " \t")
    assert StoryWords.build(read_text(texts[-3])).skip_spans  # the URLs are found


def test_one_form_name_is_the_name_of_its_forms() -> None:
    """A character named by one form: the short path gives what the general one does."""
    from collections import Counter

    from ficlens.characters import naming

    rng = random.Random(11)
    words = ["Anna", "ANNA", "Smith", "SMITH", "Monday", "The", "the", "Tom", "Will", "Xan",
             "Bennet", "Elizabeth", "Queen", "Frenchman", "Of", "John", "Knightley"]
    titles = [(), (), ("mr",), ("mrs",), ("sir",), ("dr",), ("miss",), ("lady",)]
    lower = Counter({"will": 3, "monday": 1, "smith": 1})
    checked = 0
    for _ in range(4000):
        hon = rng.choice(titles)
        name = tuple(rng.sample(words, rng.choice([0, 1, 1, 2, 2, 3]))) if hon else tuple(
            rng.sample(words, rng.choice([1, 1, 2, 2, 3])))
        pieces, spots = [], []
        pos = 0
        for _ in range(rng.randint(1, 6)):
            lead = rng.choice(["", "the ", "said ", ". ", "\n\n", "THE "])
            shown = [rng.choice([w, w.upper(), w.lower()]) if rng.random() < 0.2 else w
                     for w in name]
            surface = " ".join([h.capitalize() + "." for h in hon] + shown) or "X"
            pieces += [lead, surface, " said. "]
            start = pos + len(lead)
            spots.append((start, start + len(surface), shown, lead.lower() == "the "))
            pos += len(lead) + len(surface) + len(" said. ")
        text = "".join(pieces)
        f = Form(" ".join((*hon, *(w.lower() for w in name))), hon,
                 tuple(w.lower() for w in name),
                 [mentions.NameMention(s, e, hon, tuple(shown), the or rng.random() < 0.2,
                                       1.0, rng.random() < 0.5) for s, e, shown, the in spots],
                 link=rng.choice(["self", "self", "nickname", "variant"]))
        for m in f.mentions:
            f.surfaces[text[m.start:m.end]] += 1
        assert naming._one_form_name(f, text, lower) == naming._name_of_forms([f], text, lower)
        checked += naming._one_form_name(f, text, lower) is not None
    assert checked > 1000


def test_votes_are_forgotten_once_the_cast_is_made() -> None:
    from ficlens import Pipeline

    doc = Pipeline().run(read_text("Anna looked up. She smiled at Bob, and he laughed."),
                         until="characters")
    assert pronouns._VOTES[0] is None and not pronouns._VOTES[1]
    assert {c.name: c.pronouns for c in doc.characters}["Anna"] == "she/her"
