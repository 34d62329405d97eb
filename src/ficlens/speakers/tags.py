"""Speech tags: who the narration next to a quotation says is speaking, and to whom.

A speech tag is a few words next to the quotation ("said Mrs. Bennet", "Addison
said", "he heard Finn whisper to her", "his wife cried"). Each narration segment
touching an utterance (before it, between its spans, after it) is cut at sentence
ends and read as a short list of items (names, words, punctuation); a speech verb
and the name, pronoun or noun phrase next to it give the subject; "to X" or an
object pronoun after the verb gives the addressee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..titles import TAG_TITLES as _TITLES
from .context import Context
from .lexicon import (
    FEMALE_NOUNS,
    MALE_NOUNS,
    OBJECT_PRONOUNS,
    PARTICLE_VERBS,
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
)

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*|[.!?;:,\u2014\u2013]|--")
_SKIP = frozenset(
    """then again also only still just now quietly softly finally suddenly at once thus presently
    poor old little young dear good
    had has have was were did would could be been is are being""".split()
)
_DETERMINERS = frozenset({"the", "his", "her", "their", "my", "a", "an", "this", "that", "our", "your"})
_WINDOW = 10
_RUN_IN_ITEMS = 8  # a stopless clause this short after a quotation is the next one's lead-in
_PREPOSITIONS = frozenset("to at toward towards with of for from by on upon in about after before and or".split())
# '"You did it thoroughly," was Marilla's comment.'
_SPEECH_NOUNS = frozenset("comment reply answer response remark retort rejoinder injunction exclamation greeting "
                          "question advice verdict words amendment cry".split())
_NOUN_USE = frozenset({"a", "an", "the", "half", "low", "loud", "soft", "hoarse", "faint"})


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # "name", "word", "punct"
    start: int
    end: int
    value: str  # char id for names, lowercased word or the punctuation


@dataclass(frozen=True, slots=True)
class Tag:
    """One speech tag found next to an utterance.

    ``subject_kind`` is "name", "pronoun" or "nominal"; ``subject`` the character id
    for names (None otherwise); ``gender`` "male", "female", "first" or None for
    pronouns and nouns; ``side`` "before", "between" or "after".
    """

    side: str
    verb: str
    subject_kind: str
    subject: str | None
    gender: str | None
    subject_start: int
    addressee: str | None = None
    addressee_gender: str | None = None


def items_in(ctx: Context, start: int, end: int) -> list[Item]:
    """Names and word/punctuation tokens of ``text[start:end]``, in order."""
    names = ctx.names_between(start, end)
    out: list[Item] = []
    ni = 0
    text = ctx.text
    for m in _TOKEN_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while ni < len(names) and names[ni][1] <= s:
            ni += 1
        if ni < len(names) and names[ni][0] <= s < names[ni][1]:
            if not out or out[-1].kind != "name" or out[-1].start != names[ni][0]:
                out.append(Item("name", names[ni][0], names[ni][1], names[ni][2]))
            continue
        tok = m.group()
        if tok[0].isalpha():
            out.append(Item("word", s, e, tok.lower()))
        else:
            out.append(Item("punct", s, e, tok))
    return out


def _sentence_end(items: list[Item], i: int) -> bool:
    it = items[i]
    if it.kind != "punct" or it.value not in ".!?":
        return False
    if it.value == "." and i > 0 and items[i - 1].kind == "word" and items[i - 1].value in _TITLES:
        return False
    return True


def _first_sentence(items: list[Item]) -> list[Item]:
    for i in range(len(items)):
        if _sentence_end(items, i):
            return items[:i]
    return items


def _last_sentence(items: list[Item]) -> list[Item]:
    for i in range(len(items) - 1, -1, -1):
        if _sentence_end(items, i):
            return items[i + 1 :]
    return items


def _noun_gender(items: list[Item], i: int) -> tuple[str | None, int] | None:
    """A nominal subject starting at i ("his wife", "the old man"): (gender, index of noun)."""
    if items[i].kind != "word" or items[i].value not in _DETERMINERS:
        return None
    for j in range(i + 1, min(i + 4, len(items))):
        it = items[j]
        if it.kind != "word":
            return None
        if it.value in MALE_NOUNS:
            return "male", j
        if it.value in FEMALE_NOUNS:
            return "female", j
    return None


def _subject_before(items: list[Item], v: int) -> tuple[str, str | None, str | None, int] | None:
    j = v - 1
    steps = 0
    while j >= 0 and steps < 3:
        it = items[j]
        if it.kind == "name":
            return "name", it.value, None, it.start
        if it.kind != "word":
            return None
        if it.value in SUBJECT_PRONOUNS:
            return "pronoun", None, SUBJECT_PRONOUNS[it.value], it.start
        if it.value == "who" and j > 0 and items[j - 1].kind == "name":
            return "name", items[j - 1].value, None, items[j - 1].start  # "It was Marilla who spoke"
        if it.value in MALE_NOUNS or it.value in FEMALE_NOUNS:
            k = j - 1
            while k >= 0 and items[k].kind == "word" and items[k].value not in _DETERMINERS and j - k < 3:
                k -= 1
            if k >= 0 and items[k].kind == "word" and items[k].value in _DETERMINERS:
                g = "male" if it.value in MALE_NOUNS else "female"
                return "nominal", None, g, items[k].start
            return None
        if not (it.value.endswith("ly") or it.value in _SKIP):
            return None
        j -= 1
        steps += 1
    return None


def _subject_after(items: list[Item], v: int) -> tuple[str, str | None, str | None, int] | None:
    j = v + 1
    steps = 0
    while j < len(items) and steps < 2:
        it = items[j]
        if it.kind == "name":
            return "name", it.value, None, it.start
        if it.kind != "word":
            return None
        if it.value in SUBJECT_PRONOUNS:
            return "pronoun", None, SUBJECT_PRONOUNS[it.value], it.start
        if it.value == "the":
            # "said the Duchess", "said the gallant Mr. Elton"
            for k in range(j + 1, min(j + 4, len(items))):
                if items[k].kind == "name":
                    return "name", items[k].value, None, items[k].start
                if items[k].kind != "word" or items[k].value in MALE_NOUNS or items[k].value in FEMALE_NOUNS:
                    break
        ng = _noun_gender(items, j)
        if ng:
            return "nominal", None, ng[0], it.start
        if (j + 1 < len(items) and items[j + 1].kind == "name" and it.value not in _PREPOSITIONS
                and it.value not in SPEECH_VERBS):
            return "name", items[j + 1].value, None, items[j + 1].start  # "stammered unhappy Matthew"
        if not (it.value.endswith("ly") or it.value in _SKIP):
            return None
        j += 1
        steps += 1
    return None


def _addressee_after(items: list[Item], v: int, subject_after: bool) -> tuple[str | None, str | None]:
    """The person addressed: "to her", "to Finn", "asked him", "told Meredith"."""
    end = min(len(items), v + 6)
    j = v + 1
    if subject_after:  # "said Mrs. Bennet to her husband"
        while j < end and items[j].kind != "punct" and items[j].value not in ("to",):
            j += 1
    first = True
    while j < end:
        it = items[j]
        if it.kind == "punct":
            break
        if it.kind == "word" and it.value in ("to", "at", "toward", "towards") and j + 1 < len(items):
            nxt = items[j + 1]
            if nxt.kind == "name":
                return nxt.value, None
            if nxt.kind == "word" and nxt.value in OBJECT_PRONOUNS:
                return None, OBJECT_PRONOUNS[nxt.value]
            ng = _noun_gender(items, j + 1)
            if ng:
                return None, ng[0]
            break
        if first and not subject_after:
            if it.kind == "name":
                return it.value, None
            if it.kind == "word" and it.value in OBJECT_PRONOUNS:
                return None, OBJECT_PRONOUNS[it.value]
        first = False
        j += 1
    return None, None


_CONJUNCTIONS = frozenset("until till when while whilst".split())  # not "and": "she and Eleanor were"
_CLAUSE_OPENERS = frozenset(
    "and but then however while when so yet as till until after before now still at last once even here "
    "soon afterwards afterward presently meanwhile upstairs downstairs later again".split()
)


def _clause_subject(items: list[Item]) -> tuple[str, str | None, str | None, int] | None:
    """The subject of the clause a speech verb ends: the last name or he/she opening a
    clause, or named just before a relative "who".

    Why the last and not the first: in "Lydia was bid to hold her tongue; but Mr.
    Collins, much offended, laid aside his book, and said," the speaker is the
    latest clause subject; "Maria, who, breathless with agitation, cried out" names
    the speaker before "who".
    """
    best = None
    at_start = True
    for i, it in enumerate(items):
        if it.kind == "name":
            if at_start:
                best = ("name", it.value, None, it.start)
            at_start = False
        elif it.kind == "punct":
            at_start = True
        else:
            if at_start and it.value in ("he", "she", "i"):
                best = ("pronoun", None, SUBJECT_PRONOUNS[it.value], it.start)
            elif it.value == "who" and i >= 2 and items[i - 1].value == "," and items[i - 2].kind == "name":
                best = ("name", items[i - 2].value, None, items[i - 2].start)
            # a conjunction opens a clause anywhere ("He gazed at her until Thomas, turning,
            # said"); an adverb of time or place keeps it open ("and soon afterwards Mr. Darcy")
            at_start = it.value in _CONJUNCTIONS or (
                at_start and (it.value in _CLAUSE_OPENERS or it.value.endswith("ly")))
    return best


# verbs that tag speech ("he continued") unless another verb follows them
_ASPECT_VERBS = frozenset("continued continues continuing began begins resumed resumes finished finishes "
                          "started starts kept keeps".split())
def _verb_follows(window: list[Item], v: int) -> bool:
    """Another verb right after "continued"/"began": "-ing" or "to" + a verb (not "to Lucy", "to her")."""
    if v + 1 >= len(window) or window[v + 1].kind != "word":
        return False
    nxt = window[v + 1].value
    if nxt.endswith("ing"):
        return nxt not in SPEECH_VERBS
    if nxt != "to" or v + 2 >= len(window):
        return False
    after = window[v + 2]
    return after.kind == "word" and after.value not in OBJECT_PRONOUNS and after.value not in _DETERMINERS


_JOINERS = frozenset({"and", "but", "then", "while", "as", "so"})


def _new_subject_after(window: list[Item], v: int, subj: tuple) -> bool:
    """After the speech verb, a clause with another subject runs on into the quotation
    ("she said, feeling the wind, Logan was next to her"): the tag is not this quotation's."""
    for j in range(v + 1, len(window) - 1):
        if window[j].kind != "punct" or window[j].value != ",":
            continue
        k = j + 1
        if window[k].kind == "word" and window[k].value in _JOINERS and k + 1 < len(window):
            k += 1
        nxt = window[k]
        if nxt.kind == "name" and not (subj[0] == "name" and subj[1] == nxt.value):
            return k + 1 < len(window) and window[k + 1].kind == "word"
        if nxt.kind == "word" and nxt.value in ("he", "she") and not (
                subj[0] == "pronoun" and subj[2] == SUBJECT_PRONOUNS[nxt.value]):
            return k + 1 < len(window) and window[k + 1].kind == "word"
    return False


def find_tag(items: list[Item], side: str) -> Tag | None:
    """The speech tag in one narration segment next to a quotation, if any."""
    closed = False
    sentence: list[Item] = []
    if side == "before":
        if items and items[-1].kind == "punct" and items[-1].value in (".", "--", "\u2014"):
            # "Mr. Collins began." right before the quotation: the tag is that sentence,
            # but only with the verb at its very end (not "He said nothing.")
            k = len(items)
            while k and items[k - 1].kind == "punct":
                k -= 1
            closed = k < len(items) and any(it.value == "." for it in items[k:])
            items = items[:k]
        sentence = _last_sentence(items)
        window = sentence[-_WINDOW - 4 :]
        order = range(len(window) - 1, -1, -1)
    else:
        if side == "after" and items and len(items) <= _RUN_IN_ITEMS and all(
                it.kind != "punct" or (k == len(items) - 1 and it.value in ",:") for k, it in enumerate(items)):
            # '"Too fast?" She just replied "Nope,"' / 'Milly said, "Are you in town?" Babs
            # said, "Have you ..."': a clause with no stop that runs into the next
            # quotation introduces that one, not this one
            return None
        window = _first_sentence(items)[:_WINDOW]
        order = range(len(window))
    if side == "after" and len(window) >= 3 and window[0].value in ("was", "were") and window[1].kind == "name":
        # '"..." was Marilla's comment.' / 'were Colonel Fitzwilliam's words' / 'was Kit's first question'
        for k in range(2, min(5, len(window))):
            w = window[k]
            if w.kind != "word":
                break
            if w.value in _SPEECH_NOUNS:
                return Tag(side, w.value, "name", window[1].value, None, window[1].start)
    last = len(window) - 1
    while last >= 0 and window[last].kind == "punct" and window[last].value in (",", ":", "--", "\u2014"):
        last -= 1
    if (side == "before" and last >= 2 and window[last].kind == "name" and window[last - 1].value == "by"
            and window[last - 2].kind == "word" and window[last - 2].value.endswith("ed")):
        # "when thus accosted by Miss Bingley," / "was interrupted by Tom:"
        return Tag(side, window[last - 2].value, "name", window[last].value, None, window[last].start)
    with_at = -1
    last = len(window) - 1
    while last >= 0 and window[last].kind == "punct" and window[last].value in (",", ":", "--", "\u2014"):
        last -= 1
    if side == "before" and last >= 2 and window[last].kind == "word" and window[last].value == "with":
        # "Mr. Weston immediately accosted her with," / "when Mrs. Weston ended with,"
        with_at = last - 1
        if window[with_at].kind == "word" and window[with_at].value in OBJECT_PRONOUNS:
            with_at -= 1
        if not (window[with_at].kind == "word" and window[with_at].value.endswith("ed")):
            with_at = -1  # "accosted her with," / "ended with,", not "opened the discussion with:"
    for v in order:
        it = window[v]
        if it.kind != "word":
            continue
        if v == with_at and it.value not in SPEECH_VERBS:
            subj = _subject_before(window, v) or _clause_subject(sentence[: len(sentence) - len(window) + v])
            if subj is not None:
                return Tag(side, it.value, subj[0], subj[1], subj[2], subj[3])
            continue
        if it.value not in SPEECH_VERBS and not (
            it.value in PARTICLE_VERBS and v + 1 < len(window) and window[v + 1].value in ("in", "on", "out", "up")
        ):
            continue
        if closed and len(window) - v > 2:
            return None
        if v > 0 and window[v - 1].kind == "word" and window[v - 1].value in _NOUN_USE:
            continue  # "cried in a half whisper": a noun, not the speech verb
        if it.value in _ASPECT_VERBS and _verb_follows(window, v):
            continue  # "he continued pumping", "she began to cry": an action goes on, no one speaks
        before = _subject_before(window, v)
        particle = it.value not in SPEECH_VERBS  # "put in Lucy": the subject follows the particle
        after = None if before else _subject_after(window, v + 1 if particle else v)
        subj = before or after
        if subj is None and side == "before" and len(window) - v <= 6:
            # "she turned suddenly towards him and said," / "Lady Catherine approached,
            # and, after listening for a few minutes, said to Darcy,": the sentence's subject
            subj = _clause_subject(sentence[: len(sentence) - len(window) + v])
        if subj is None:
            continue
        if side == "before" and _new_subject_after(window, v, subj):
            return None  # 'she said, ..., Logan was next to her "yep"': Logan's beat leads in
        kind, cid, gender, sstart = subj
        a_id, a_gender = _addressee_after(window, v, after is not None)
        return Tag(side, it.value, kind, cid, gender, sstart, a_id, a_gender)
    return None
