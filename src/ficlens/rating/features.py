"""Document features for the rating model: lexicon densities and peak passages.

Why these: AO3 ratings follow the strongest passage ("one sex scene makes it
Explicit") more than the average, so each category contributes its density, its
peak passage, its top-three passages and how many distinct strong terms occur.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import CATEGORIES, Hit, passage_scores, passages, scan

FEATURE_NAMES: tuple[str, ...] = tuple(
    f"{cat}:{kind}" for cat in CATEGORIES for kind in ("density", "peak", "top3", "strong")
) + ("log_words",)

_WORD = re.compile(r"\w+(?:'\w+)*")


@dataclass(frozen=True)
class Scan:
    """What one pass over a text found: hits, passages and their scores, the vector."""

    hits: dict[str, list[Hit]]
    spans: list[tuple[int, int]]
    scores: dict[str, list[float]]
    vector: list[float]
    words: int


def analyse(text: str, paragraphs: Sequence[tuple[int, int]] = ()) -> Scan:
    """Scan the text once and build the feature vector (order: FEATURE_NAMES)."""
    hits = scan(text)
    spans = passages(text, paragraphs)
    words = max(1, sum(1 for _ in _WORD.finditer(text)))
    scores: dict[str, list[float]] = {}
    vec: list[float] = []
    for cat in CATEGORIES:
        h = hits[cat]
        ps = passage_scores(h, spans)
        scores[cat] = ps
        top = sorted(ps, reverse=True)[:3]
        total = sum(x.weight for x in h)
        strong = len({x.term.lower() for x in h if x.weight >= 2})
        vec += [math.log1p(1000.0 * total / words), math.log1p(top[0] if top else 0.0),
                math.log1p(sum(top)), math.log1p(strong)]
    vec.append(math.log(words))
    return Scan(hits, spans, scores, vec, words)


@lru_cache(maxsize=2)
def analyse_cached(text: str, paragraphs: tuple[tuple[int, int], ...] = ()) -> Scan:
    """:func:`analyse`, remembered for the last texts: the rating stage and the tags
    stage both need the scan of the same story, and a novel's scan costs ~0.4 s."""
    return analyse(text, paragraphs)
