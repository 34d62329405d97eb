"""The interaction network: who shares paragraphs and sentences with romantic or
platonic cues, and who talks to whom (see the package docstring).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Document
from ..gender import gender_of

_SENT = re.compile(r"[^.!?\n]+(?:[.!?\u2026]+[\"'\u201d\u2019)]*|\n|$)")
_PARA = re.compile(r"\S(?:.|\n(?!\s*\n))*")

# cue -> (romantic weight, platonic weight); a cue counts when both people are in the sentence
CUES: tuple[tuple[str, float, float], ...] = (
    (r"kiss(?:es|ed|ing)?", 3, 0), (r"making love|made love|make love", 4, 0),
    (r"love[sd]?|loving", 1.5, 0.3), (r"lips", 1.5, 0), (r"in (?:his|her|their) arms", 1.5, 0.3),
    (r"embrac\w*", 1, 0.5), (r"caress\w*", 2, 0), (r"strok\w*", 1, 0), (r"cuddl\w*", 1.5, 0.5),
    (r"hold(?:s|ing)?|held", 0.7, 0.5), (r"touch\w*", 0.7, 0.3), (r"hug(?:s|ged|ging)?", 0.3, 1.5),
    (r"hand in hand|held hands|holding hands", 1.5, 0.5), (r"date|dating", 1.5, 0),
    (r"married|marry|wedding|husband|wife", 2, 0), (r"boyfriend|girlfriend", 2, 0),
    (r"blush\w*", 0.7, 0), (r"naked|undress\w*|bed", 1, 0), (r"inside (?:of )?(?:her|him)", 3, 0),
    (r"thrust\w*|moan\w*|orgasm\w*|climax\w*|sex", 2.5, 0), (r"jealous\w*", 1, 0),
    (r"friends?|friendship", 0, 1.5), (r"brother|sister|sibling", 0, 1.5),
    (r"laugh\w*|smil\w*|grin\w*", 0.3, 0.5), (r"help\w*|protect\w*", 0.2, 0.7),
    (r"argu\w*|fight\w*|yell\w*", 0, 0.5), (r"talk\w*|said|asked", 0, 0.2),
)
_CUE = re.compile(r"\b(?:" + "|".join(f"(?P<c{i}>{p})" for i, (p, _r, _pl) in enumerate(CUES))
                  + r")\b", re.IGNORECASE)
ROMANTIC_MIN = 0.2  # romantic strength (0..1) for "A/B": one kiss, or "love" twice
PLATONIC_MIN = 0.3  # e.g. five shared paragraphs and three exchanges
_RATIO = 1.0  # romantic cues must outweigh platonic ones this many times
# The central pair needs less: in AO3 tagging the main pair is romantic nine times in
# ten (authors' first relationship tags, training split), so any romantic cue will do.
TOP_ROMANTIC_MIN = 0.01
TOP_RATIO = 0.3
MAX_ROMANTIC = 3
KNOWN_SHIP_STRENGTH = 0.15  # below any pairing the text shows (ROMANTIC_MIN, PLATONIC_MIN)
MAX_PLATONIC = 3
# A pairing the fandom already tags ranks as if its text showed this many times more:
# when a story has two couples, the canon one is usually the author's first tag.
KNOWN_SHIP_BOOST = 2.0
MAX_EVIDENCE = 3
# A paragraph naming more people than this is a list or a crowd scene: it counts as no
# shared paragraph for any of its pairs (as a sentence of more than four, below), which
# also keeps the pairs linear in the mentions (issue #14: one paragraph naming 2,000
# people made 2 million pairs, 113 s and 5.5 GB).
MAX_PARAGRAPH_PEOPLE = 20


@dataclass
class _Pair:
    cooccurrence: int = 0
    conversation: int = 0
    physical: int = 0
    romantic: float = 0.0
    platonic: float = 0.0
    evidence: list[tuple[float, int, int, str]] = field(default_factory=list)


def _spans(doc: Document) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    sents = [(s.start, s.end) for s in doc.sentences]
    if not sents:
        sents = [(m.start(), m.end()) for m in _SENT.finditer(doc.text) if m.group(0).strip()]
    paras = [(p.start, p.end) for p in doc.paragraphs]
    if not paras:
        paras = [(m.start(), m.end()) for m in _PARA.finditer(doc.text)]
    return sents, paras


def infer_genders(doc: Document) -> dict[str, str]:
    """Gender per character, as decided once (``Character.gender``, see :mod:`ficlens.gender`)."""
    return {c.id: g for c in doc.characters if (g := gender_of(c))}


def _inside(spans: Sequence[tuple[int, int]], pos: int) -> int:
    starts = [s for s, _e in spans] if not isinstance(spans, _Starts) else spans.starts
    i = bisect_right(starts, pos) - 1
    return i if i >= 0 and pos < spans[i][1] else -1


class _Starts(list):
    """A span list that remembers its start offsets for bisect."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        super().__init__(spans)
        self.starts = [s for s, _e in spans]


def _resolved_mentions(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, character) for names, descriptions and pronouns as the coref stage
    linked them (:mod:`ficlens.coref` decides pronouns; this stage does not guess again)."""
    return sorted((m.start, m.end, m.character) for m in doc.mentions if m.character)


def _sorted_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def network(doc: Document) -> tuple[dict[tuple[str, str], _Pair], dict[str, str]]:
    """Raw per-pair counts and cue weights, and each character's gender (decided once, :mod:`ficlens.gender`)."""
    sents_l, paras_l = _spans(doc)
    sents, paras = _Starts(sents_l), _Starts(paras_l)
    genders = infer_genders(doc)
    mentions = _resolved_mentions(doc)
    pairs: dict[tuple[str, str], _Pair] = defaultdict(_Pair)
    by_sent: dict[int, set[str]] = defaultdict(set)
    by_para: dict[int, set[str]] = defaultdict(set)
    for s, _e, c in mentions:
        by_sent[_inside(sents, s)].add(c)
        by_para[_inside(paras, s)].add(c)
    for members in by_para.values():
        if len(members) > MAX_PARAGRAPH_PEOPLE:
            continue  # a roll call: no pair in particular, and pairs would grow with its square
        ms = sorted(members)
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                pairs[(a, b)].cooccurrence += 1
    for si, members in by_sent.items():
        if not 2 <= len(members) <= 4 or si < 0:
            continue  # one person is no pair; a crowd says little about any one pair
        found = [m for m in _CUE.finditer(doc.text, *sents[si]) if m.lastgroup]
        cue_ids = [int(m.lastgroup[1:]) for m in found if m.lastgroup]
        if not cue_ids:
            continue
        ms = sorted(members)
        rom = sum(CUES[k][1] for k in cue_ids)
        pla = sum(CUES[k][2] for k in cue_ids)
        physical = any(CUES[k][1] >= 0.7 for k in cue_ids)
        share = 1.0 / (len(ms) - 1)
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                p = pairs[(a, b)]
                p.romantic += rom * share
                p.platonic += pla * share
                p.physical += int(physical)
                if rom > 0:
                    words = sorted({m.group(0).lower() for m in found
                                    if m.lastgroup and CUES[int(m.lastgroup[1:])][1] >= 1})
                    if words:
                        p.evidence.append((rom, sents[si][0], sents[si][1],
                                           ", ".join(f"'{w}'" for w in words[:3])))
    # conversation: speaker -> addressees, else turn-taking between adjacent utterances
    prev = None
    for u in doc.utterances:
        if u.speaker:
            for a in u.addressees:
                if a != u.speaker:
                    pairs[_sorted_pair(u.speaker, a)].conversation += 1
            if not u.addressees and prev and prev != u.speaker:
                pairs[_sorted_pair(u.speaker, prev)].conversation += 1
            prev = u.speaker
    return pairs, genders


def _strengths(p: _Pair) -> tuple[float, float]:
    """0..1 strengths: romantic from cues, platonic from cues, talk and shared paragraphs."""
    romantic = 1.0 - math.exp(-p.romantic / 6.0)
    platonic = 1.0 - math.exp(-(p.platonic + 0.5 * p.conversation + 0.3 * p.cooccurrence) / 6.0)
    return round(romantic, 3), round(platonic, 3)
