"""The issue #12 evaluations: PDNC split, fan-fiction speakers, LitBank pronoun linking."""

from __future__ import annotations

import json

import pytest


def test_pdnc_split_is_five_of_the_twenty_and_fixed() -> None:
    from ficlens.eval.pdnc import SPLIT_PATH, heldout_novels

    held = heldout_novels()
    assert len(held) == 5 == len(set(held))
    assert "random.Random(12)" in json.loads(SPLIT_PATH.read_text(encoding="utf-8"))["rule"]


def test_fanfic_matching_walks_keys_in_order() -> None:
    from ficlens.document import Document, Quote, Source, Utterance
    from ficlens.eval.fanfic import Gold, match

    text = '"Okay," he said. "No." "Okay," she said.'
    quotes = (Quote(0, 7, "Okay,", 0), Quote(17, 22, "No.", 1), Quote(23, 30, "Okay,", 2))
    doc = Document(text=text, source=Source(path=None, format="text"), quotes=quotes,
                   utterances=tuple(Utterance(i, (i,)) for i in range(3)))

    def g(n: int, q: str) -> Gold:
        return Gold("f", n, q, "A", frozenset({"a"}), frozenset(), "explicit", "sure")

    assert match([g(0, "Okay,"), g(1, "Okay,"), g(2, "Missing")], doc) == [0, 2, None]


def test_fanfic_eval_on_one_work(data_dir) -> None:
    from ficlens.eval.fanfic import evaluate, load_gold

    files = [f for f in load_gold(data_dir) if f.startswith("Tough Talk")]
    r = evaluate(data_dir, files)
    n = r["counts"]["all"][1]
    assert n == 31  # 32 utterances, one not_speech
    assert r["unmatched"] == 0
    assert 0.5 < r["accuracy"]["all"] <= 1.0


def test_litbank_coref_gold_pronouns_belong_to_named_chains(data_dir) -> None:
    from ficlens.eval.litbank_coref import PRONOUNS, load_coref_books

    books = load_coref_books(data_dir, [8])
    assert books
    b = books[0]
    named = {c for _, _, c in b.names}
    assert b.pronouns and all(c in named and b.text[s:e].lower() in PRONOUNS for s, e, c in b.pronouns)


@pytest.mark.parametrize("system", ["coref", "nearest"])
def test_litbank_coref_systems_score_above_chance(data_dir, system) -> None:
    from ficlens.eval.litbank_coref import evaluate, load_coref_books

    books = load_coref_books(data_dir, [8])[:3]
    r = evaluate(books, [system])
    assert 0.3 < r["accuracy"][system] <= 1.0
