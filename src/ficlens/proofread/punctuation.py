"""Dialogue punctuation and apostrophes: the loose punctuation that fan-fiction editors
fix most often.

Why these rules: each is a pattern that published fiction almost never contains
(a space just inside a quotation mark, a quotation running into its speech tag with
no comma, "her.." with two dots, a lowercase first word of dialogue after a full
stop, "Dereks'" for one Derek), so flagging it costs next to no false alarms.
Quotation marks come from the quotes stage (``Document.quotes``) when it ran, else
from pairing the marks of each paragraph here.
"""

from __future__ import annotations

import re

from ..document import Document, Problem
from ..speech import SAYING_VERBS, SPEECH_VERBS_FINITE
from .story import StoryWords

OPEN_MARKS = "\"\u201c"
CLOSE_MARKS = "\"\u201d"
PRONOUNS = r"(?:he|she|they|I|we|you)"
# Verbs of saying proper: after "X." a name and one of these ("Addison said,") is a
# speech tag; an action ("Katsa nodded.") is a sentence of its own.
SAY_VERBS = SAYING_VERBS | {"called", "calls"}
NOT_NAMES = frozenset("""
He She It They We You I The A An This That There Then But And So Yet His Her Their My Our
Your Its One Someone Everyone Nobody Somebody
""".split())

_TAG_AFTER = re.compile(rf"[ \t]+(?:({PRONOUNS})[ \t]+([a-z]+)|([A-Z][a-z]+)[ \t]+([a-z]+))")


def quote_marks(doc: Document) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of every quotation in the text."""
    text = doc.text
    if doc.quotes:
        pairs = []
        for q in doc.quotes:
            if q.end - q.start >= 2 and text[q.start] in OPEN_MARKS and text[q.end - 1] in CLOSE_MARKS:
                pairs.append((q.start, q.end - 1))
        return pairs
    return _pair_marks(text)


def _pair_marks(text: str) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for m in re.finditer("\u201c[^\u201c\u201d\n]*\u201d", text):
        pairs.append((m.start(), m.end() - 1))
    sep = r"\n[ \t]*\n" if "\n\n" in text else r"\n"
    pos = 0
    for block in re.split(f"({sep})", text):
        if block.count('"') and not block.startswith("\n"):
            marks = [pos + m.start() for m in re.finditer('"', block)]
            if len(marks) % 2 == 0:
                if _plausible_pairs(text, marks):
                    pairs.extend(zip(marks[0::2], marks[1::2], strict=True))
            else:  # a stray mark: pair line by line where each line is even
                line_pos = pos
                for line in block.split("\n"):
                    lm = [line_pos + m.start() for m in re.finditer('"', line)]
                    if lm and len(lm) % 2 == 0:
                        pairs.extend(zip(lm[0::2], lm[1::2], strict=True))
                    line_pos += len(line) + 1
        pos += len(block)
    pairs.sort()
    return pairs


def _plausible_pairs(text: str, marks: list[int]) -> bool:
    """Do most marks paired by position look like openings and closings? When a mark is
    missing and another stray one makes the count even, the pairs come out inverted
    (openings followed by a space): then this paragraph is left alone."""
    opens, closes = marks[0::2], marks[1::2]
    good_open = sum(1 for o in opens if not text[o + 1:o + 2].isspace())
    good_close = sum(1 for c in closes if c and not text[c - 1].isspace())
    return 2 * good_open >= len(opens) and 2 * good_close >= len(closes)


def check(doc: Document, story: StoryWords) -> list[Problem]:
    text = doc.text
    out: list[Problem] = []
    for o, c in quote_marks(doc):
        out.extend(_quote_problems(text, o, c, story))
    out.extend(_space_before(text))
    out.extend(_two_dots(text, story))
    out.extend(_possessives(text, story))
    out.extend(_its(text))
    return out


_SPACE_INSIDE = re.compile(r"[ \t]+(?=\S)")
_SPACE_AT_END = re.compile(r"(?<=[^\s\-\u2013\u2014])[ \t]+$")  # "I didn't - " is a style
_FIRST_WORD = re.compile(r"[ \t]*([a-z][a-z']*)")


def _quote_problems(text: str, o: int, c: int, story: StoryWords) -> list[Problem]:
    out: list[Problem] = []
    inner = text[o + 1:c]
    if not inner.strip():
        return out
    # A space just inside the marks: "Slower, " / " I want
    m = _SPACE_INSIDE.match(inner)
    if m:
        out.append(Problem(o + 1, o + 1 + m.end(), "dialogue_punctuation",
                           "space after the opening quotation mark", ("",), True))
    # (only a quotation ending in a space or tab, before at most one line end, can)
    m = (_SPACE_AT_END.search(inner)
         if inner[-1] in " \t" or (inner[-1] == "\n" and inner[-2:-1] in " \t") else None)
    if m:
        out.append(Problem(o + 1 + m.start(), c, "dialogue_punctuation",
                           "space before the closing quotation mark", ("",), True))
    stripped = inner.rstrip()
    tag = _TAG_AFTER.match(text, c + 1)
    if tag:
        pron, verb = tag.group(1), tag.group(2)
        name, nverb = tag.group(3), tag.group(4)
        named = bool(name) and name not in NOT_NAMES and story.is_proper(name)
        # a pronoun and any verb of speech after a quotation is its tag ("she said", "he grinned")
        speech = (pron and verb in SPEECH_VERBS_FINITE) or (named and nverb in SPEECH_VERBS_FINITE)
        # after a full stop, a name starts a new sentence unless a verb of saying
        # follows and the tag ends there ("Addison said," / "Addison said.")
        tag_ends = text[tag.end():tag.end() + 1] in (",", ".", ";")
        # "Not yet." She said. -> "Not yet," she said.
        big_pron = name in ("He", "She", "They", "We", "You") and nverb in SAY_VERBS and tag_ends
        said = (pron and verb in SPEECH_VERBS_FINITE) or (
            named and nverb in SAY_VERBS and tag_ends) or big_pron
        last = stripped[-1:]
        mark = text[c]
        words = inner.split()
        loose = pron and len(words) >= 4 and any(w[:1].islower() for w in words[1:])
        if last.isalnum() and (speech or loose):
            out.append(Problem(c, c + 1, "dialogue_punctuation",
                               "a comma is missing between the quotation and its speech tag",
                               ("," + mark,), bool(pron and speech)))
        elif last == "." and not stripped.endswith("..") and said:
            dot = o + 1 + len(stripped) - 1
            msg = ("a quotation followed by its speech tag ends with a comma, not a full stop"
                   + (f", and the tag goes on in lowercase ({name.lower()} {nverb})"
                      if big_pron else ""))
            out.append(Problem(dot, dot + 1, "dialogue_punctuation", msg, (",",), bool(pron)))
    # Lowercase first word of dialogue that starts a sentence: "help me look...
    first = _FIRST_WORD.match(inner)
    if first and _starts_sentence(text, o):
        s = o + 1 + first.start(1)
        word = first.group(1)
        if word != "i" and not (len(word) == 1 and word != "a"):
            out.append(Problem(s, s + len(word), "dialogue_punctuation",
                               "dialogue that starts a sentence starts with a capital letter",
                               (word[0].upper() + word[1:],), False))
    return out


def _starts_sentence(text: str, o: int) -> bool:
    """Does the quotation opening at ``o`` begin a paragraph or follow a full stop?"""
    i = o - 1
    wrapped = "\n\n" in text  # blank lines part paragraphs; a lone newline is a wrap
    while i >= 0 and text[i] in " \t\r\n":
        if text[i] == "\n" and (not wrapped or text[max(0, i - 2):i].strip(" \t\r") == ""
                                or text[i - 1:i] == "\n"):
            return True
        i -= 1
    if i < 0:
        return True
    if text[i] in ".!?\u2026" and i < o - 1:
        return not text[max(0, i - 3):i + 1].endswith(("Mr.", "Ms.", "Dr.", "rs."))
    return False


# (a spaced ellipsis ". . ." is a style, not a stray space)
_SPACE_BEFORE = re.compile(
    r"(?<=[^\W_])[ \t]+(?:[,;]|\.(?![.\w])(?![ \t]+\.))(?=[ \t\n\"\u201d]|$)")


def _space_before(text: str) -> list[Problem]:
    out = []
    for m in _SPACE_BEFORE.finditer(text):
        mark = m.group()[-1]
        out.append(Problem(m.start(), m.end(), "dialogue_punctuation",
                           f"no space goes before {'a comma' if mark == ',' else repr(mark)}",
                           (mark,), True))
    return out


_TWO_DOTS = re.compile(r"(?<![.\u2026])\.\.(?![.\u2026])")


def _two_dots(text: str, story: StoryWords) -> list[Problem]:
    out = []
    for m in _TWO_DOTS.finditer(text):
        if story.in_skip_span(m.start()):
            continue
        out.append(Problem(m.start(), m.end(), "dialogue_punctuation",
                           "an ellipsis has three dots", ("...", "\u2026"), True))
    return out


_PLURAL_POSS = re.compile(r"(?<![\w'\u2019])([A-Z][a-z]+)s['\u2019](?![\w'\u2019])")


def _possessives(text: str, story: StoryWords) -> list[Problem]:
    """'Dereks' eyes' for one Derek: the name is singular, so the apostrophe goes before s."""
    out: list[Problem] = []
    if "s'" not in text and "s\u2019" not in text:
        return out  # (what every match has: the text is not scanned)
    for m in _PLURAL_POSS.finditer(text):
        base = m.group(1)
        plural = base + "s"
        is_name = story.proper[base] >= 1 and story.counts.get(base, 0) >= 2
        if not is_name and base.lower() not in story.cast_words:
            continue
        if re.search(r"\b(?:the|The)\s+$", text[max(0, m.start() - 5):m.start()]):
            continue  # the Smiths' house: a family
        written_plain = story.counts.get(plural, 0)
        plural_uses = len(re.findall(rf"\b{plural}\b(?!['\u2019])", text)) if written_plain else 0
        if plural_uses:
            continue  # the story writes the plural too, so this may be right
        out.append(Problem(m.start(), m.end(), "apostrophe",
                           f"{base} is one person: the possessive is {base}'s",
                           (base + "'s",), True))
    return out


# "its a", "its not": the contraction; "it's own": the possessive.
_ITS_CONTRACTION = re.compile(
    r"\b([Ii])ts(?=[ \t]+(?:a|an|the|not|been|gonna|just|so|too|really|never|always|okay|ok)\b)")
_ITS_OWN = re.compile(r"\b([Ii])t['\u2019]s(?=[ \t]+own\b)")


def _its(text: str) -> list[Problem]:
    out: list[Problem] = []
    # (a text without "ts", or without "own", has no match of the one pattern or the other)
    for m in _ITS_CONTRACTION.finditer(text) if "ts" in text else ():
        out.append(Problem(m.start(), m.end(), "apostrophe",
                           "'its' is possessive; 'it's' is 'it is'", (m.group(1) + "t's",), True))
    for m in _ITS_OWN.finditer(text) if "own" in text else ():
        out.append(Problem(m.start(), m.end(), "apostrophe",
                           "'it's' is 'it is'; the possessive is 'its'", (m.group(1) + "ts",), True))
    return out
