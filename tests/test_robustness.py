"""Bad and odd input through the whole pipeline: right output or a clean FiclensError, in linear time.

Why: each stage is written against ordinary prose; real uploads include stories with no
dialogue, a page of one letter, a 1 MB line with no newline, Windows line endings,
other scripts and a thousand names. Every case here runs ``ficlens.analyze`` on text we
make ourselves, checks the document's invariants (spans inside the text, ids that
exist, a JSON report that renders), and where size matters compares the time of N
against 4N: allowed up to 8x (linear is 4x, quadratic 16x) so load on a shared machine
does not make the test flaky.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable

import pytest

import ficlens
from ficlens.document import Document
from ficlens.errors import FiclensError

# Linear is 4x for 4x the input; quadratic would be 16x. 8x leaves room for noise.
MAX_RATIO = 10.0  # linear is ~4x, quadratic ~16x; the margin absorbs a busy machine
# Times below this are mostly fixed overhead and timer noise; ratios use at least this.
FLOOR_S = 0.05


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load every model once so the first timed run does not pay for it."""
    ficlens.analyze("Chapter 1\n\n\u201cHello,\u201d said Anna Smith. Bob Jones smiled and kissed her. "
                    "Teh cat recieved a snotgreen balovehusifapo; Anna\u2019s hands shook. Izzie and "
                    "Izzy laughed.\n\n* * *\n\n\"Go,\" Bob said.\n")


def analyze_or_clean_error(text: str, **kw) -> Document | None:
    """The analysed document, or None when ficlens refused the text with its own error."""
    try:
        analysis = ficlens.analyze(text, **kw)
    except FiclensError as exc:
        assert "\n" not in str(exc), "library errors are one line"
        return None
    check_invariants(analysis.document)
    report = json.loads(analysis.to_json())
    assert report["schema"] == ficlens.SCHEMA
    return analysis.document


def check_invariants(doc: Document) -> None:
    """What every stage promises: offsets inside the text, references that resolve."""
    n = len(doc.text)

    def inside(spans, what: str) -> None:
        for s in spans:
            assert 0 <= s.start <= s.end <= n, f"{what} span {s.start}:{s.end} outside 0:{n}"

    for field_name in ("chapters", "paragraphs", "sentences", "tokens", "scenes", "quotes", "mentions"):
        inside(getattr(doc, field_name), field_name)
    inside(doc.proofread or (), "proofread")
    for rel in doc.relationships:
        inside(rel.evidence, "relationship evidence")
    if doc.rating is not None:
        inside(doc.rating.evidence, "rating evidence")
    for w in doc.warnings:
        inside(w.evidence, "warning evidence")
    for q in doc.quotes:
        assert q.text in doc.text[q.start : q.end], "a quote's text lies inside its span"
    ids = {c.id for c in doc.characters}
    assert len(ids) == len(doc.characters), "character ids are unique"
    for u in doc.utterances:
        assert all(0 <= i < len(doc.quotes) for i in u.quotes)
        assert u.speaker is None or u.speaker in ids
        assert set(u.addressees) <= ids
    for m in doc.mentions:
        assert m.character is None or m.character in ids
    for s in doc.scenes:
        assert s.pov is None or s.pov in ids
    if doc.narration is not None and doc.narration.pov is not None:
        assert doc.narration.pov in ids
    for rel in doc.relationships:
        assert set(rel.characters) <= ids
    for a, b in zip(doc.paragraphs, doc.paragraphs[1:], strict=False):
        assert a.end <= b.start, "paragraphs are in order and do not overlap"


def cpu_seconds(fn: Callable[[], object]) -> float:
    """CPU time of this process (other engineers' load on the machine barely moves it)."""
    t = time.process_time()
    fn()
    return time.process_time() - t


def assert_linear(make: Callable[[int], str], n: int, **kw) -> tuple[Document | None, Document | None]:
    """Analyse make(n) and make(4n); the larger may cost at most MAX_RATIO times as much."""
    small_text, big_text = make(n), make(4 * n)
    out: dict[str, Document | None] = {}
    # best of two runs each: one slow run (a collection, a busy core) is noise, not growth
    t_small = min(cpu_seconds(lambda: out.__setitem__("small", analyze_or_clean_error(small_text, **kw)))
                  for _ in range(2))
    t_big = min(cpu_seconds(lambda: out.__setitem__("big", analyze_or_clean_error(big_text, **kw)))
                for _ in range(2))
    ratio = t_big / max(t_small, FLOOR_S)
    assert ratio <= MAX_RATIO, (
        f"4x the input took {ratio:.1f}x the time ({t_small:.2f}s -> {t_big:.2f}s): worse than linear")
    return out["small"], out["big"]


# --- no dialogue ----------------------------------------------------------------------

_NARRATION = ("The rain fell on the old town and the river rose slowly through the night. "
              "Nobody in the houses by the water slept, and the bells rang until morning. ")


def test_no_dialogue_has_no_quotes_and_scales_linearly() -> None:
    small, big = assert_linear(lambda n: (_NARRATION * 4 + "\n\n") * n, 60)
    for doc in (small, big):
        assert doc is not None
        assert doc.quotes == () and doc.utterances == ()
        assert len(doc.paragraphs) >= 60


# --- one enormous quotation -----------------------------------------------------------

def _one_quote(lines: int) -> str:
    return '"' + "\n".join(f"and then the voice went on, line {i} of the long speech" for i in range(lines)) + '"\n'


def test_single_ten_thousand_line_quotation() -> None:
    doc = analyze_or_clean_error(_one_quote(10_000))
    if doc is not None:
        assert len(doc.quotes) <= 1, "one quotation mark pair makes at most one quotation"


def test_long_quotation_scales_linearly() -> None:
    assert_linear(_one_quote, 1_500)


# --- a thousand characters ------------------------------------------------------------

_FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
          "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony "
          "Betty Mark Margaret Donald Sandra Steven Ashley Paul Kimberly Andrew Emily Joshua Donna "
          "Kenneth Michelle").split()
_LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
         "Gonzalez Wilson Anderson Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
         "Sanchez Clark Ramirez Lewis Robinson Walker").split()
_NAMES = [f"{f} {s}" for s, f in itertools.product(_LAST, _FIRST)]


def _crowd(n: int) -> str:
    names = _NAMES[:n]
    parts = []
    for i, name in enumerate(names):
        other = names[(i * 7 + 3) % n]
        parts.append(f'{name} met {other} at the market. "Good morning," said {name}. '
                     f"{other} smiled and walked away.\n\n")
    return "".join(parts)


def test_thousand_distinct_characters_found_in_linear_time() -> None:
    assert len(set(_NAMES)) >= 1000
    _, doc = assert_linear(_crowd, 250)
    assert doc is not None
    found = {c.name for c in doc.characters}
    hits = sum(name in found for name in _NAMES[:1000])
    assert hits >= 700, f"only {hits} of 1000 full names became characters"
    assert len(doc.quotes) == 1000


# --- nested quotations ----------------------------------------------------------------

def test_nested_straight_quotes_are_one_quotation() -> None:
    doc = analyze_or_clean_error("\"He said 'go' to me,\" she said. Anna nodded.\n")
    assert doc is not None
    assert [q.text for q in doc.quotes] == ["He said 'go' to me,"]


def test_nested_curly_quotes_are_one_utterance_each() -> None:
    text = "\u201cHe said \u2018go away\u2019 to me,\u201d Anna said. \u201cAnd \u2018she\u2019s\u2019 not here.\u201d\n"
    doc = analyze_or_clean_error(text)
    assert doc is not None
    assert [q.text for q in doc.quotes] == ["He said \u2018go away\u2019 to me,",
                                            "And \u2018she\u2019s\u2019 not here."]
    anna = next(c.id for c in doc.characters if c.name == "Anna")
    assert [u.speaker for u in doc.utterances] == [anna]


# --- one letter, no spaces ------------------------------------------------------------

def test_200kb_of_one_letter_without_proofreading() -> None:
    doc = analyze_or_clean_error("a" * 200_000, skip=("proofread",))
    if doc is not None:
        assert doc.characters == () and doc.quotes == ()


def test_one_letter_run_scales_linearly_before_proofreading() -> None:
    assert_linear(lambda n: "a" * n, 50_000, skip=("proofread",))


def test_one_letter_run_proofreads_in_linear_time() -> None:
    _, doc = assert_linear(lambda n: "a" * n, 10_000)
    assert doc is not None


def test_long_tokens_with_at_signs_proofread_in_linear_time() -> None:
    """Mail addresses and handles are skipped by proofreading; a text full of them stays fast."""
    assert_linear(lambda n: "Write to anna.smith@example.com or @anna_s today. " * n, 300)


# --- characters outside Latin-1 -------------------------------------------------------

_NON_LATIN1 = ("Dvo\u0159\u00e1k\u2019s na\u00efve c\u0153ur met \u0141ukasz W\u00f3jcik in \u0141\u00f3d\u017a. "
               "\u201cDobr\u00fd den,\u201d said Dvo\u0159\u00e1k. \u201cIt\u2019s fine,\u201d "
               "\u0141ukasz W\u00f3jcik said, \u201cthey\u2019re recieving us at the caf\u00e9\u2019s door.\u201d "
               "The \u0153uvre of Dvo\u0159\u00e1k \u2014 so \u201cSzcz\u0119\u015bcie\u201d \u2014 was played.\n\n")


def test_curly_apostrophes_and_non_latin1_letters_proofread() -> None:
    """hunspell's dictionary is Latin-1; words outside it must not crash proofreading."""
    doc = analyze_or_clean_error(_NON_LATIN1 * 20)
    assert doc is not None
    assert doc.proofread is not None
    flagged = {doc.text[p.start : p.end] for p in doc.proofread}
    assert "recieving" in flagged, "a plain typo next to non-Latin-1 words is still found"
    assert not any("\u0159" in w or "\u0141" in w for w in flagged), "foreign names are not typos"


def test_cyrillic_and_cjk_do_not_crash() -> None:
    text = ("\u0410\u043d\u043d\u0430 \u0432\u043e\u0448\u043b\u0430 \u0432 \u043a\u043e\u043c\u043d\u0430\u0442\u0443. "
            "\u00ab\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435\u00bb, \u2014 "
            "\u0441\u043a\u0430\u0437\u0430\u043b\u0430 \u0410\u043d\u043d\u0430.\n\n"
            "\u6797\u9edb\u7389\u8fdb\u4e86\u8d3e\u5e9c\u3002\u201c\u4f60\u597d\uff0c\u201d\u5b9d\u7389\u8bf4\u3002\n\n"
            '"Hello," said Anna Smith. Bob Jones waved at Anna Smith.\n\n')
    doc = analyze_or_clean_error(text * 30)
    assert doc is not None
    assert {"Anna Smith", "Bob Jones"} <= {c.name for c in doc.characters}


def test_cyrillic_names_have_no_lowercase_words() -> None:
    text = ("\u0410\u043d\u043d\u0430 \u041a\u0430\u0440\u0435\u043d\u0438\u043d\u0430 \u0432\u043e\u0448\u043b\u0430. "
            "\u00ab\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435\u00bb, \u2014 "
            "\u0441\u043a\u0430\u0437\u0430\u043b\u0430 \u0410\u043d\u043d\u0430. "
            "\u0412\u0440\u043e\u043d\u0441\u043a\u0438\u0439 \u0443\u043b\u044b\u0431\u043d\u0443\u043b\u0441\u044f.\n\n")
    doc = analyze_or_clean_error(text * 20)
    assert doc is not None
    for c in doc.characters:
        assert all(w[0].isupper() for w in c.name.split()), c.name


def test_decomposed_accents_stay_in_names() -> None:
    text = "Ame\u0301lie Poulain walked in. \"Cafe\u0301!\" said Ame\u0301lie. Zoe\u0308 nodded at Ame\u0301lie.\n\n"
    doc = analyze_or_clean_error(text * 10)
    assert doc is not None
    names = {c.name for c in doc.characters}
    assert "Ame" not in names
    assert any(n.startswith("Ame\u0301lie") for n in names), names


def test_emoji_zero_width_and_no_break_spaces() -> None:
    text = ("Anna \U0001F600 laughed.\u200b \"I love it \U0001F389,\" said Anna.\u00a0Bob\u00a0nodded. "
            "\U0001F468\u200d\U0001F469 \"Same,\" Bob said.\n\n") * 20
    doc = analyze_or_clean_error(text)
    assert doc is not None
    assert len(doc.quotes) == 40
    assert {"Anna", "Bob"} <= {c.name for c in doc.characters}


# --- punctuation and quote marks only -------------------------------------------------

def test_only_punctuation() -> None:
    doc = analyze_or_clean_error("!!! ??? ... --- ,,, ;;; ::: *** ### \n" * 200)
    if doc is not None:
        assert doc.characters == () and doc.quotes == () and doc.utterances == ()


def test_only_quotation_marks() -> None:
    def make(n: int) -> str:
        return "\"\"\"\"\"\"\n\u201c\u201d\u201c\u201d\u2018\u2019\u2018\u2019\n'''' \n" * n

    small, big = assert_linear(make, 300)
    for doc in (small, big):
        if doc is not None:
            assert doc.characters == ()
            assert all(not q.text.strip() for q in doc.quotes), "empty marks quote nothing"


def test_unbalanced_quotes_stay_within_paragraphs() -> None:
    """A quotation whose closing mark is missing must not swallow the rest of the story."""
    text = "\"Hello, said Anna. Bob left.\n\n\u201cWhere are you going? she asked.\n\n" * 50
    doc = analyze_or_clean_error(text)
    assert doc is not None
    assert all("\n\n" not in doc.text[q.start : q.end] for q in doc.quotes)


# --- line endings ---------------------------------------------------------------------

_STORY = ("Chapter 1\n\n\"Go home,\" said Anna Smith.\nBob Jones left the room. He was angry.\n\n"
          "* * *\n\n\"Wait,\" Bob said. Anna Smith laughed. Teh cat sat on the mat.\n\n"
          "Chapter 2\n\nBob Jones and Anna Smith walked home together. \"Finally,\" she said.\n")


@pytest.mark.parametrize("newline", [
    "\r\n",
    "\r",
])
def test_windows_and_old_mac_line_endings_give_the_same_analysis(newline: str) -> None:
    lf = analyze_or_clean_error(_STORY)
    other = analyze_or_clean_error(_STORY.replace("\n", newline))
    assert lf is not None and other is not None

    def view(doc: Document) -> dict:
        def cut(spans):
            return [doc.text[s.start : s.end].replace("\r\n", "\n").replace("\r", "\n").strip() for s in spans]
        names = {c.id: c.name for c in doc.characters}
        return {
            "chapters": len(doc.chapters), "paragraphs": cut(doc.paragraphs), "scenes": len(doc.scenes),
            "quotes": [q.text for q in doc.quotes], "characters": sorted(names.values()),
            "speakers": [names.get(u.speaker) for u in doc.utterances],
            "proofread": cut(doc.proofread or ()), "narration": doc.narration,
            "relationships": [r.tag for r in doc.relationships],
        }

    assert view(other) == view(lf)


# --- one enormous line ----------------------------------------------------------------

_SENTENCE = "Anna walked to the store and Bob Jones said hello to her before the rain came. "


def test_one_megabyte_line_without_newline() -> None:
    text = (_SENTENCE * (1_000_000 // len(_SENTENCE) + 1))[:1_000_000]
    doc = analyze_or_clean_error(text)
    if doc is not None:
        assert len(doc.paragraphs) == 1
        assert "Bob Jones" in {c.name for c in doc.characters}


def test_long_line_scales_linearly() -> None:
    assert_linear(lambda n: _SENTENCE * n, 600)


# --- options and reports --------------------------------------------------------------

@pytest.mark.parametrize("kw", [{"until": "no-such-stage"}, {"skip": ("proofreading",)}])
def test_unknown_stage_name_is_a_config_error(kw: dict) -> None:
    with pytest.raises(ficlens.ConfigError):
        ficlens.analyze('"Hi," said Anna.\n', **kw)


@pytest.mark.parametrize("stage", ["segment", "quotes", "characters", "speakers", "pov", "relations",
                                   "rating", "tags", "proofread"])
def test_skipping_any_one_stage_still_renders(stage: str) -> None:
    """A later stage must cope with an earlier one's output missing (the CLI offers --skip)."""
    analysis = ficlens.analyze(_STORY, skip=(stage,))
    check_invariants(analysis.document)
    assert json.loads(analysis.to_json())["schema"] == ficlens.SCHEMA
    assert analysis.to_text() and analysis.to_html()


def test_markup_in_the_story_is_escaped_in_the_html_report() -> None:
    text = ('<script>alert(1)</script> "</p><img src=x onerror=alert(2)>" said Anna. '
            "Anna<b>Bold met Anna.\n")
    html = ficlens.analyze(text).to_html()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


_TYPOS = "Anna definately recieved a letter that seperate day, as had occured before.\n"


def test_many_typos_proofread_in_linear_time() -> None:
    _, doc = assert_linear(lambda n: _TYPOS * n, 400)
    assert doc is not None and len(doc.proofread or ()) >= 4 * 1600 * 0.9


def test_text_over_the_size_limit_is_refused_like_bytes() -> None:
    from ficlens.pipeline import load
    from ficlens.read import MAX_BYTES

    text = "word " * (MAX_BYTES // 5 + 10)
    with pytest.raises(ficlens.InputError):
        load(text.encode())
    with pytest.raises(ficlens.InputError):
        load(text)


def _gibberish(length: int, count: int = 4) -> str:
    """Distinct pronounceable non-words (keysmash, coined words): no dictionary word is near."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    words = []
    for k in range(count):
        words.append("".join(consonants[(i * 7 + k * 3) % 16] + vowels[(i * 3 + k) % 5]
                             for i in range(length // 2)))
    return " ".join(f"The {w} was here." for w in words) + "\n"


def test_long_non_words_proofread_in_linear_time() -> None:
    assert_linear(_gibberish, 20)


def test_html_with_unclosed_tags_keeps_every_paragraph() -> None:
    page = (b"<html><body>" + b"".join(b"<div><p>Paragraph %d: Anna walked home.</p>" % i for i in range(600))
            + b"</body></html>")
    analysis = ficlens.analyze(page)
    check_invariants(analysis.document)
    assert "Paragraph 599:" in analysis.document.text


@pytest.mark.parametrize("newline,encoding", [("\n", "utf-8"), ("\r\n", "utf-8"), ("\n", "latin-1")])
def test_proofread_fix_changes_only_the_fixed_words(tmp_path, capsys, newline: str, encoding: str) -> None:
    from ficlens.cli import main

    story = ("Title: My Story\nAuthor: someone\n\nA/N: Thanks for reading! I own nothing.\n\n"
             "Chapter 1\n\nTeh cat sat on the mat. Ren\u00e9e recieved a letter.\n\nA/N: Please review!\n")
    src, out = tmp_path / "story.txt", tmp_path / "fixed.txt"
    src.write_bytes(story.replace("\n", newline).encode(encoding))
    assert main(["proofread", str(src), "--fix", str(out)]) == 0
    capsys.readouterr()
    expected = story.replace("Teh cat", "The cat").replace("recieved", "received")
    assert out.read_bytes() == expected.replace("\n", newline).encode(encoding)
