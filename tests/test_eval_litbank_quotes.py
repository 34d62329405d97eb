"""LitBank quotation-speaker eval: alignment and matching helpers, plus a 2-book data run."""

from __future__ import annotations

from ficlens.eval import litbank_quotes as lq


def test_normalise_drops_apostrophes_and_punctuation() -> None:
    assert lq.normalise("Mrs. O\u2019Brien") == "mrs obrien"
    assert lq.normalise("  Mr.  Bennet ") == "mr bennet"


def test_covers_needs_half_of_content_characters() -> None:
    text = '\u201cHello there,\u201d said Tom.'
    gold = (0, 14)  # the quote with its marks; content is "Hellothere," (11 chars)
    assert lq.covers(text, (0, 7), gold) == 0  # "Hello" only: 5/11
    assert lq.covers(text, (1, 13), gold) == 11  # marks left out still covers all
    assert lq.covers(text, (0, 10), gold) == 8  # "Hello" + "the": 8/11


def test_iou_keeps_a_nested_pronoun_apart_from_its_phrase() -> None:
    # "his" inside "his lady" must not stand for the lady
    assert lq.iou((0, 3), (0, 8)) < 0.5
    assert lq.iou((10, 20), (10, 20)) == 1.0
    assert lq.iou((0, 3), (5, 8)) == 0.0


def test_align_tokens_maps_tokenised_text_to_original() -> None:
    original = "Title\n\n\u201cMy dear Mr. Bennet,\u201d said his lady.\n\nHe didn\u2019t reply."
    tokens = ["\u201c", "My", "dear", "Mr.", "Bennet", ",", "\u201d", "said", "his", "lady", ".",
              "He", "didn", "\u2019t", "reply", "."]
    spans = lq.align_tokens(tokens, original)
    assert all(s is not None for s in spans)
    assert [original[s:e] for s, e in spans] == tokens  # type: ignore[misc]
    assert original[spans[3][0]:spans[4][1]] == "Mr. Bennet"  # type: ignore[index]


def test_align_tokens_skips_a_token_the_tokeniser_changed() -> None:
    original = "He came -- late -- and sat down by the fire in silence."
    tokens = ["He", "came", "\u2014", "late", "\u2014", "and", "sat"]
    spans = lq.align_tokens(tokens, original)
    assert spans[2] is None and spans[4] is None
    assert spans[3] is not None and original[spans[3][0]:spans[3][1]] == "late"
    assert spans[6] is not None and original[spans[6][0]:spans[6][1]] == "sat"


def _book() -> lq.Book:
    text = '\u201cCome here,\u201d said Anne. \u201cNo,\u201d he said.'
    # Anne's chain: the name at 18..22; the other man's chain: "he" at 31..33
    return lq.Book(
        id="t", text=text,
        quotes=(lq.GoldQuote(0, 12, "Anne-1"), lq.GoldQuote(24, 29, "Tom-2")),
        chains={"Anne-1": ((18, 22),), "Tom-2": ((31, 33),)},
        names={"Anne-1": frozenset({"anne"}), "Tom-2": frozenset()},
        aligned=1.0,
    )


def test_score_book_counts_names_and_mention_overlap() -> None:
    book = _book()
    preds = [(0, 12, "c1"), (24, 29, "c2")]
    names = {"c1": {"anne"}, "c2": {"tom"}}
    spans = {"c1": [], "c2": [(31, 33)]}
    t = lq.score_book(book, preds, names, spans)
    assert (t.gold, t.found, t.right) == (2, 2, 2)
    # swapped speakers: both wrong
    t = lq.score_book(book, [(0, 12, "c2"), (24, 29, "c1")], names, spans)
    assert (t.found, t.right) == (2, 0)
    # a missed quote counts against accuracy over all gold quotes
    t = lq.score_book(book, [(0, 12, "c1")], names, spans)
    assert (t.found, t.right) == (1, 1)


def test_two_books_from_litbank(data_dir) -> None:
    books = lq.load_books(data_dir, limit=2)
    assert len(books) == 2
    for book in books:
        assert book.aligned > 0.95
        for q in book.quotes:
            assert 0 <= q.start < q.end <= len(book.text)
            assert book.text[q.start:q.end].strip()[0] in lq.QUOTE_MARKS
    assert lq.main(["--data", str(data_dir), "--limit", "2"]) == 0


def test_narrator_spans_are_first_person_words_outside_quotes() -> None:
    text = 'I said, \u201cI will go with my friend,\u201d and me too. Mine was the Ilk.'
    quotes = [(8, 37)]
    got = [text[s:e] for s, e in lq.narrator_spans(text, quotes)]
    assert got == ["I", "me", "Mine"]


def test_named_tally_only_counts_speakers_with_a_proper_name() -> None:
    book = _book()  # Anne-1 has a proper name, Tom-2 has only "he"
    t = lq.score_book(book, [(0, 12, "c1"), (24, 29, "c2")], {"c1": {"anne"}, "c2": set()},
                      {"c1": [], "c2": [(31, 33)]})
    assert (t.named, t.named_right, t.right) == (1, 1, 2)
