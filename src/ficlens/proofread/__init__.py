"""Proofreading for fan-fiction writers: spelling that knows the story, name
consistency, dialogue punctuation.

``proofread(doc)`` sets ``Document.proofread`` to a tuple of :class:`Problem`, sorted
by position. Each checker is a small module:

- ``spelling``: non-words with ranked corrections (``misspelling``); a text that is
  mostly not English words, or has more unknown words than the correction budget,
  gets one ``spelling_not_checked`` note (an empty span where checking stops);
- ``names``: one character spelled two ways (``name_variant``);
- ``punctuation``: quotation marks, speech tags, ellipses, possessives
  (``dialogue_punctuation``, ``apostrophe``);
- ``grammar``: ``doubled_word``, ``missing_word``, ``confusion`` by precise patterns.

The story's own vocabulary (``story.StoryWords``) is gathered once and shared.
"""

from __future__ import annotations

import bisect

from ..document import Document, Problem
from . import grammar, names, punctuation, spelling
from .story import StoryWords

KINDS = ("misspelling", "name_variant", "apostrophe", "dialogue_punctuation",
         "doubled_word", "missing_word", "confusion", "spelling_not_checked")
# When two problems overlap, the more specific one stays.
_PRIORITY = {"name_variant": 0, "apostrophe": 1, "doubled_word": 2, "missing_word": 3,
             "confusion": 4, "misspelling": 5, "dialogue_punctuation": 6,
             "spelling_not_checked": 7}


def find_problems(doc: Document) -> tuple[Problem, ...]:
    """Every problem in the document's text, sorted, overlaps resolved."""
    story = StoryWords.build(doc)
    found: list[Problem] = []
    found += names.check(story)
    found += punctuation.check(doc, story)
    found += grammar.check(doc.text)
    found += spelling.check(story)
    return _resolve(found)


def _resolve(found: list[Problem]) -> tuple[Problem, ...]:
    found.sort(key=lambda p: (_PRIORITY.get(p.kind, 9), p.start))
    kept: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    # Kept non-empty spans never overlap each other, so sorted by start they are also
    # sorted by end: one bisect finds the only neighbours that could overlap.
    starts: list[int] = []
    ends: list[int] = []
    for p in found:
        key = (p.start, p.end, p.kind)
        if key in seen:
            continue
        i = bisect.bisect_left(ends, p.start + 1)  # first kept span ending after p.start
        if i < len(starts) and starts[i] < p.end:
            continue
        kept.append(p)
        seen.add(key)
        if p.end > p.start:
            starts.insert(i, p.start)
            ends.insert(i, p.end)
    kept.sort(key=lambda p: (p.start, p.end))
    return tuple(kept)


def proofread(doc: Document) -> Document:
    """The proofread stage: the document with ``proofread`` filled."""
    return doc.evolve(proofread=find_problems(doc))


def apply_fixes(text: str, problems: tuple[Problem, ...] | list[Problem],
                safe_only: bool = True) -> tuple[str, int]:
    """The text with each (safe) problem's first suggestion applied; and how many."""
    chosen = [p for p in problems if p.suggestions and (p.safe or not safe_only)]
    chosen.sort(key=lambda p: (p.start, p.end))
    pieces: list[str] = []
    pos = 0
    for p in chosen:
        if p.start < pos:
            continue  # overlaps a fix already applied
        pieces += [text[pos:p.start], p.suggestions[0]]
        pos = p.end
    pieces.append(text[pos:])
    return "".join(pieces), (len(pieces) - 1) // 2


__all__ = ["KINDS", "apply_fixes", "find_problems", "proofread"]
