"""What the story itself teaches the proofreader: its word counts, its proper nouns,
its cast. Built once per document and shared by every checker.

Why: a fan-fiction text is full of canon names and coined words ("Muggle",
"Hufflepuff") that no dictionary has. A word the author writes three times, a
capitalised word used mid-sentence, or a name the cast knows is the story's own
vocabulary, not a typo.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..document import Document

# A word: letters (digits kept so that "4ever" can be skipped), inner apostrophes kept.
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# The e-mail part anchors at a word start and excludes "@" from both sides, so a long
# run without spaces is scanned once, not once per start position.
URL_RE = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+@[^\s@]+\.\w+|[@#]\w+", re.IGNORECASE)
# What every match of URL_RE has besides "@" or "#": a text without any has no match,
# and is not scanned with the slower pattern.
_URL_START = re.compile(r"https?://|www\.", re.IGNORECASE)
# A capitalised word after a lowercase word or a comma: mid-sentence, so a proper noun.
MID_CAP_RE = re.compile(
    r"(?:(?<=[a-z,;] )|(?<=[a-z,;]\n)|(?<=Mrs\. )|(?<=[A-Z][rst]\. )|(?<=\b[A-Z]\. ))"
    r"[A-Z][^\W_]*(?:['\u2019][^\W_]+)*")
# Characters after which the next word starts a sentence (or a quotation).
SENTENCE_START = frozenset(".!?\"\u201c\u201d'\u2018(\u2014:*_[-\u2026\n")


def norm(word: str) -> str:
    """The word with curly apostrophes made straight (the form the dictionaries use)."""
    return word.replace("\u2019", "'")


def strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") and len(word) > 3 else word


@dataclass
class StoryWords:
    """Counts of the story's word types, gathered in one regex pass."""

    text: str
    counts: Counter = field(default_factory=Counter)  # exact (normalised) form -> count
    lower: Counter = field(default_factory=Counter)  # lowercase form -> count
    cast_words: frozenset[str] = frozenset()  # every word of every cast name, lowercase
    cast: tuple = ()
    skip_spans: tuple[tuple[int, int], ...] = ()
    proper: Counter = field(default_factory=Counter)  # capitalised forms seen mid-sentence

    @classmethod
    def build(cls, doc: Document) -> StoryWords:
        text = doc.text
        counts: Counter = Counter()
        for w, n in Counter(WORD_RE.findall(text)).items():
            counts[norm(w)] += n
        lower: Counter = Counter()
        for w, n in counts.items():
            lower[w.lower()] += n
        cast_words: set[str] = set()
        for ch in doc.characters:
            for name in (ch.name, *ch.aliases, *ch.variants, ch.canonical or ""):
                for part in WORD_RE.findall(name):
                    cast_words.add(strip_possessive(norm(part)).lower())
        spans = (tuple((m.start(), m.end()) for m in URL_RE.finditer(text))
                 if "@" in text or "#" in text or _URL_START.search(text) else ())
        proper: Counter = Counter(strip_possessive(norm(w)) for w in MID_CAP_RE.findall(text))
        return cls(text, counts, lower, frozenset(cast_words), tuple(doc.characters), spans,
                   proper)

    def in_skip_span(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.skip_spans)

    def is_sentence_start(self, start: int) -> bool:
        """Does the word at ``start`` begin a sentence, a quotation or a paragraph?"""
        i = start - 1
        text = self.text
        while i >= 0 and text[i] in " \t\r":
            i -= 1
        return i < 0 or text[i] in SENTENCE_START

    def is_proper(self, word: str) -> bool:
        """Is this capitalised form used mid-sentence somewhere (so it is a name)?"""
        return self.proper[strip_possessive(word)] > 0

    def learned(self, word: str) -> bool:
        """The story's own vocabulary: written 3+ times, or part of a cast name."""
        low = strip_possessive(word).lower()
        return self.lower[low] >= 3 or low in self.cast_words
