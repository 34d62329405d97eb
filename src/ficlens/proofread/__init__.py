"""Proofreading for fan-fiction writers: spelling that knows the story, name
consistency, dialogue punctuation.

``proofread(doc)`` sets ``Document.proofread`` to a tuple of :class:`Problem`, sorted
by position. Each checker is a small module:

- ``spelling``: non-words with ranked corrections (``misspelling``);
- ``names``: one character spelled two ways (``name_variant``);
- ``punctuation``: quotation marks, speech tags, ellipses, possessives
  (``dialogue_punctuation``, ``apostrophe``);
- ``grammar``: ``doubled_word``, ``missing_word``, ``confusion`` by precise patterns.

The story's own vocabulary (``story.StoryWords``) is gathered once and shared.
"""

from __future__ import annotations

from ..document import Document, Problem
from . import grammar, names, punctuation, spelling
from .story import StoryWords

KINDS = ("misspelling", "name_variant", "apostrophe", "dialogue_punctuation",
         "doubled_word", "missing_word", "confusion")
# When two problems overlap, the more specific one stays.
_PRIORITY = {"name_variant": 0, "apostrophe": 1, "doubled_word": 2, "missing_word": 3,
             "confusion": 4, "misspelling": 5, "dialogue_punctuation": 6}


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
    taken: list[tuple[int, int]] = []
    for p in found:
        if any(p.start < b and a < p.end for a, b in taken) or any(
                (p.start, p.end, p.kind) == (q.start, q.end, q.kind) for q in kept):
            continue
        kept.append(p)
        if p.end > p.start:
            taken.append((p.start, p.end))
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
