"""Who tells the story: first, second or third person, and the first-person narrator.

Why here: in a first-person story "I said" is a speech tag like any other, so the
speakers stage must know who "I" is before it attributes anything; the pov stage
reads the same answer from ``Document.narration``.
"""

from __future__ import annotations

import re

from ..document import Character, Document

_FIRST_RE = re.compile(r"\b(?:I|me|my|myself|mine|My|Me|Myself)\b")
_SECOND_RE = re.compile(r"\b(?:you|your|yourself|You|Your|Yourself)\b")
_THIRD_RE = re.compile(r"\b(?:he|she|him|his|her|He|She|His|Her|himself|herself)\b")
_WORD_RE = re.compile(r"\w+")

NARRATOR_ID = "narrator"


def narration_gaps(doc: Document) -> list[tuple[int, int]]:
    """Spans of the text outside quotations (the narrator's own words)."""
    spans = sorted((q.start, q.end) for q in doc.quotes)
    out = []
    pos = 0
    for s, e in spans:
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < len(doc.text):
        out.append((pos, len(doc.text)))
    return out


def narration_person(doc: Document) -> str:
    """"first", "second" or "third", from pronoun rates in the narration outside quotes."""
    first = second = third = words = 0
    text = doc.text
    for s, e in narration_gaps(doc):
        first += len(_FIRST_RE.findall(text, s, e))
        second += len(_SECOND_RE.findall(text, s, e))
        third += len(_THIRD_RE.findall(text, s, e))
        words += len(_WORD_RE.findall(text, s, e))
    if words == 0:
        return "third"
    if first >= 0.008 * words and first >= 0.3 * third:
        return "first"
    if second >= 0.015 * words and second >= 0.5 * third and second > first:
        return "second"
    return "third"


_SELF_NAMING = re.compile(
    r"\b(?:[Mm]y name(?:'s|’s| is| was)|[Cc]all me|I am called|I was called|"
    r"(?:[Pp]eople|[Tt]hey|[Ee]veryone|[Ee]verybody) call(?:s|ed)? me)[ \t]+")


def self_named(doc: Document) -> str | None:
    """The character the narration names as "I": "My name is Kathy H.", "Call me
    Ishmael", "they call me Jo".

    Why: a first-person story may say who "I" is once, in the narrator's own words;
    then every "I said" belongs to that character and not to a nameless "Narrator".
    Only the narration counts (inside quotations "my name is" belongs to whoever
    speaks), and the name must be one the characters stage found there.
    """
    if not doc.mentions:
        return None
    by_start = {m.start: m.character for m in doc.mentions if m.kind == "name" and m.character}
    for s, e in narration_gaps(doc):
        for m in _SELF_NAMING.finditer(doc.text, s, e):
            cid = by_start.get(m.end())
            if cid is not None:
                return cid
    return None


def narrator_character(doc: Document, named: str | None) -> tuple[tuple[Character, ...], str]:
    """The cast with a character standing for "I", and that character's id.

    ``named`` is the character the text names as the narrator (found from the
    vocatives of replies to "I said"), if any; else one the narration names as "I"
    ("My name is Jo", :func:`self_named`); otherwise a "Narrator" character is
    added (or reused when one exists).
    """
    if named is None:
        named = self_named(doc)
    if named is not None:
        return doc.characters, named
    for c in doc.characters:
        if c.id == NARRATOR_ID or c.name.lower() in ("narrator", "i"):
            return doc.characters, c.id
    ids = {c.id for c in doc.characters}
    cid = NARRATOR_ID
    n = 2
    while cid in ids:
        cid = f"{NARRATOR_ID}-{n}"
        n += 1
    return doc.characters + (Character(id=cid, name="Narrator", aliases=("I",), pronouns="i/me"),), cid
