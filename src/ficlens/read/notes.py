"""Tell author's notes, disclaimers and chapter headings from story paragraphs.

Why: fan fiction files carry the author's voice around the story ("A/N: thanks to my
beta!", "Disclaimer: I don't own Harry Potter"). Left in the story text, those lines
would count as narration: a name in a thank-you becomes a character, "review!" becomes
dialogue, and the rating stage reads the author's chatter as story. Every reader runs its
paragraphs through :func:`classify_chapter`, so the rules are the same for plain text,
HTML, EPUB and DOCX.

The rules, from safest to riskiest:

* a paragraph that *starts* with an author's-note marker ("A/N", "AN:", "Author's
  Note", "Disclaimer:") is a note wherever it is;
* a paragraph starting with "Note:" or "I don't own ... characters/anything/rights" is a
  note only at the edge of a chapter (in the run of notes that opens or closes it),
  because a character may well leave a note or not own a car;
* sign-offs ("Please review!", "Thanks for reading", "R&R", "TBC") are notes only in the
  closing run of a chapter;
* an author's note in the last :data:`END_WORDS` words of a chapter takes the rest of
  the chapter with it (end notes often run over several paragraphs), provided the
  chapter has at least twice as many story words before it;
* a marker alone on its line ("A/N:") takes the next paragraph with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A note marker may follow a little decoration: "(A/N:", "[AN]", "**A/N**", "~ A/N".
_LEAD = r"^[\s(\[{*~_<>#=-]{0,4}"
_SEP = r"\s*(?:[:\-–—)\]}*~]|$)"  # the marker ends in punctuation or the line ends
STRICT_NOTE_RE = re.compile(
    _LEAD + r"(?:(?i:a\s?/\s?n\b|a\.n\.|(?:author[’']?s?[’']?|authors?)\s+notes?" + _SEP + r")"
    r"|AN\s*[:\-–—)\]]|AN$)"
)
DISCLAIMER_RE = re.compile(_LEAD + r"(?i:disclaimers?" + _SEP + r")")
# Not "P.S.": letters inside stories end with one far more often than authors do.
EDGE_NOTE_RE = re.compile(_LEAD + r"(?i:notes?\s*[:\-–—])")
NOT_OWN_RE = re.compile(
    _LEAD + r"(?i:i\s+(?:do\s+not|don[’']?t|dont)\s+own\b.*"
    r"\b(?:characters?|anything|rights?|belongs?|property|franchise|series|own\s+nothing|except|world|universe|copyright|profit))"
)
SIGN_OFF_RE = re.compile(
    _LEAD + r"(?i:(?:please\s+)?(?:read\s*(?:and|&|n)\s*)?review\b|r\s*(?:&|and|n)\s*r\b"
    r"|thanks?\s+(?:you\s+)?(?:so\s+much\s+|all\s+)?for\s+reading|tbc\b|to\s+be\s+continued\b"
    r"|(?:please\s+)?leave\s+(?:a\s+)?(?:kudos|comments?|reviews?))"
)
MARKER_ONLY_RE = re.compile(
    _LEAD + r"(?i:a\s?/\s?n|an|author[’']?s?[’']?\s+notes?|authors?\s+notes?|disclaimer|notes?)"
    r"[\s:.\-–—)\]}*~_]*$"
)

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\\s-](?:one|two|three|four|five|"
    "six|seven|eight|nine))?|thirty|forty|fifty|first|second|third|fourth|fifth|sixth|"
    "seventh|eighth|ninth|tenth|last|final"
)
_HEAD_NUM_RE = re.compile(
    r"^[\s*#=~_-]{0,4}(chapter|chap\.?|ch\.?|part|book|volume)(\s*\d+|\s+[ivxlc]+\b|\s+(?:"
    + _NUMBER_WORDS + r")\b)(.*)$",
    re.IGNORECASE,
)
_HEAD_WORD_RE = re.compile(
    r"^[\s*#=~_-]{0,4}(prologue|epilogue|interlude|afterword|foreword|coda)\b(.*)$", re.IGNORECASE
)
_SEPARATORS = ".:-–—)|("
HEADING_MAX_CHARS = 80
END_WORDS = 120

_WORD_RE = re.compile(r"[^\W_]+")


def is_heading(line: str) -> bool:
    """True for a chapter heading line: "Chapter 3", "CHAPTER IV. The Storm", "Prologue".

    Only whole short lines count, so "Chapter one of my life began..." in a sentence
    does not split a chapter.
    """
    line = line.strip()
    if not line or len(line) > HEADING_MAX_CHARS or len(_WORD_RE.findall(line)) > 12:
        return False
    m = _HEAD_NUM_RE.match(line)
    if m:
        keyword, rest = m.group(1).lower(), m.group(3).strip(" *#=~_")
        if not m.group(2).strip().isdigit() and not line.lstrip(" *#=~_-")[:1].isupper():
            return False  # "chapter one of..." in lower case is a sentence fragment
    else:
        m = _HEAD_WORD_RE.match(line)
        if not m:
            return False
        keyword, rest = m.group(1).lower(), m.group(2).strip(" *#=~_")
    if not rest or rest[0] in _SEPARATORS:
        return True
    # "Chapter 3 The Storm" is a heading; "Part one of the plan was done." is not.
    return keyword.startswith("ch") and rest[0].isupper() and not rest.endswith((".", ",", ";"))


def strict_kind(text: str) -> str | None:
    """The note kind of a paragraph that is a note wherever it stands, else None."""
    if DISCLAIMER_RE.match(text):
        return "disclaimer"
    if STRICT_NOTE_RE.match(text):
        return "note"
    return None


def edge_kind(text: str, *, closing: bool) -> str | None:
    """The note kind of a paragraph that is a note only at a chapter's edge, else None."""
    kind = strict_kind(text)
    if kind:
        return kind
    if NOT_OWN_RE.match(text):
        return "disclaimer"
    if EDGE_NOTE_RE.match(text):
        return "note"
    if closing and SIGN_OFF_RE.match(text) and len(_WORD_RE.findall(text)) <= 40:
        return "note"
    return None


def classify_chapter(paragraphs: Sequence[str]) -> list[str | None]:
    """For each paragraph of one chapter, its note kind, or None when it is story.

    See the module docstring for the rules; each one has a test in tests/test_read_notes.py.
    """
    n = len(paragraphs)
    kinds: list[str | None] = [strict_kind(p) for p in paragraphs]
    # Opening run: notes at the top of the chapter.
    i = 0
    while i < n:
        k = kinds[i] or edge_kind(paragraphs[i], closing=False)
        if not k:
            break
        kinds[i] = k
        i = _take_marker_body(paragraphs, kinds, i, k) + 1
    # Closing run: notes at the bottom.
    j = n - 1
    while j >= i:
        k = kinds[j] or edge_kind(paragraphs[j], closing=True)
        if not k:
            break
        kinds[j] = k
        j -= 1
    # A marker alone on its line takes its body (the next paragraph) with it.
    for idx in range(n):
        if kinds[idx] and idx + 1 < n and kinds[idx + 1] is None:
            _take_marker_body(paragraphs, kinds, idx, kinds[idx] or "note")
    # An author's note near the end takes the rest of the chapter, when there is story
    # before it (a chapter that opens with a note is not all note) and the rest is short
    # next to that story.
    counts = [len(_WORD_RE.findall(p)) for p in paragraphs]
    words_after = 0
    for idx in range(n - 1, i - 1, -1):
        if kinds[idx] and strict_kind(paragraphs[idx]):
            words_before = sum(c for c, k in zip(counts[:idx], kinds[:idx], strict=True) if not k)
            if words_after <= min(END_WORDS, words_before // 2):
                for k2 in range(idx + 1, n):
                    kinds[k2] = kinds[k2] or kinds[idx]
        words_after += counts[idx]
        if words_after > END_WORDS:
            break
    return kinds


def _take_marker_body(paragraphs: Sequence[str], kinds: list[str | None], idx: int, kind: str) -> int:
    """Mark the paragraph after a bare marker ("A/N:") as the same note; the last index used."""
    if MARKER_ONLY_RE.match(paragraphs[idx]) and idx + 1 < len(paragraphs):
        if not is_heading(paragraphs[idx + 1]):
            kinds[idx + 1] = kind
            return idx + 1
    return idx
