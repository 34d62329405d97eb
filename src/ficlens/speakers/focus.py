"""Each scene's focal character and gender anchors (used by speakers and pov).

Why here, in the speakers package: the speakers stage resolves "he said" with the
scene's focal character, and the pov stage reports it; keeping the computation on
this side lets ``ficlens.pov`` import the speakers package and not the other way
round (no import cycle). How it works is described in :mod:`ficlens.pov`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Document, Scene
from .context import Context, build_context
from .lexicon import BODY_PARTS, PERCEPTION_VERBS
from .narrator import narration_gaps

_PRONOUN_RE = re.compile(r"\b(?:(he|He|she|She)\b(?:\s+\w+ly)?(?:\s+(\w+(?:n't)?))?|(his|His|her|Her)\s+(\w+))")
_WORD_AFTER_RE = re.compile(r"\s+(?:\w+ly\s+)?(\w+(?:n't|'t)?)")
_MIN_EVIDENCE = 2.0
# A pronoun's perception verb or feeling body counts for the character the coref stage
# linked it to, not the scene's anchor of its gender: PDNC dev speakers 74.1 -> 74.3%
# (fan-fiction dev 84.0 -> 83.6%, one line).
USE_COREF = True


def scenes_or_whole(doc: Document) -> tuple[Scene, ...]:
    """The document's scenes, or one scene spanning the whole text when it has none."""
    return doc.scenes or (Scene(0, len(doc.text)),)


def _scene_index(starts: Sequence[int], offset: int) -> int:
    return max(bisect_left(starts, offset + 1) - 1, 0)


@dataclass
class Focus:
    """What :func:`scene_focus` found, per scene and per gendered mention.

    ``anchor_pos[i][g]`` is where scene i's anchor of gender g was settled (an anchor
    only applies after that point); ``chain[g]`` lists (offset, character id or None
    for a pronoun) of every gendered mention in the narration, in text order.
    """

    focus: list[str | None]
    anchors: list[dict[str, str]]
    anchor_pos: list[dict[str, int]]
    chain: dict[str, tuple[list[int], list[str | None]]] = field(default_factory=dict)
    strength: list[float] = field(default_factory=list)  # per scene: the focal character's share of evidence


def scene_focus(doc: Document, ctx: Context | None = None) -> Focus:
    """Per scene: the focal character (or None) and the gender anchors {gender: id}.

    Exposed for the speakers stage, which resolves "he said" with it.
    """
    ctx = ctx or build_context(doc)
    scenes = scenes_or_whole(doc)
    starts = [s.start for s in scenes]
    text = doc.text
    gaps = narration_gaps(doc)
    # events in narration: (offset, kind, value, word after)
    events: list[tuple[int, str, str, str]] = []
    for (s, e, cid), quoted in zip(ctx.names, ctx.in_quote, strict=True):
        if quoted:
            continue
        m = _WORD_AFTER_RE.match(text, e)
        events.append((s, "name", cid, m.group(1).lower() if m else ""))
    for gs, ge in gaps:
        for m in _PRONOUN_RE.finditer(text, gs, ge):
            if m.group(1):
                g = "male" if m.group(1).lower() == "he" else "female"
                events.append((m.start(), "subj", g, (m.group(2) or "").lower()))
            else:
                g = "male" if m.group(3).lower() == "his" else "female"
                events.append((m.start(), "poss", g, m.group(4).lower()))
    events.sort()
    chain: dict[str, tuple[list[int], list[str | None]]] = {"male": ([], []), "female": ([], [])}
    for off, kind, val, _ in events:
        g = ctx.gender.get(val) if kind == "name" else val
        if g in chain and kind != "poss":
            chain[g][0].append(off)
            chain[g][1].append(val if kind == "name" else None)
    n = len(scenes)
    anchors: list[dict[str, str]] = [{} for _ in range(n)]
    anchor_pos: list[dict[str, int]] = [{} for _ in range(n)]
    last_named: list[dict[str, str]] = [{} for _ in range(n)]
    decided: list[set[str]] = [set() for _ in range(n)]
    scores: list[dict[str, float]] = [{} for _ in range(n)]
    pending: list[list[tuple[str, float]]] = [[] for _ in range(n)]  # pronoun evidence before anchor known
    focus: list[str | None] = [None] * n
    strength: list[float] = [0.0] * n
    si_prev = -1

    def close(si: int) -> None:
        sc = scores[si]
        best = max(sc, key=lambda c: (sc[c], c)) if sc else None
        focus[si] = best if best is not None and sc[best] >= _MIN_EVIDENCE else None
        if focus[si] is not None:
            strength[si] = sc[best] / (sum(sc.values()) + _MIN_EVIDENCE)

    def carry(si: int, g: str) -> str | None:
        if si == 0:
            return None
        f = focus[si - 1]
        if f is not None and ctx.gender.get(f) == g:
            return f
        return last_named[si - 1].get(g) or anchors[si - 1].get(g)

    for off, kind, val, word in events:
        si = _scene_index(starts, off)
        while si_prev < si:
            if si_prev >= 0:
                close(si_prev)
            si_prev += 1
        if kind == "name":
            g = ctx.gender.get(val)
            if g:
                last_named[si][g] = val
            if g and g not in decided[si]:
                decided[si].add(g)
                anchors[si][g] = val
                anchor_pos[si][g] = off
                for pg, w in pending[si]:
                    if pg == g:
                        scores[si][val] = scores[si].get(val, 0.0) + w
                pending[si] = [x for x in pending[si] if x[0] != g]
            if word in PERCEPTION_VERBS:
                scores[si][val] = scores[si].get(val, 0.0) + 1.0
            continue
        g = val
        if g not in decided[si]:
            c = carry(si, g)
            if c is not None:
                decided[si].add(g)
                anchors[si][g] = c
                anchor_pos[si][g] = off
        anchor = anchors[si].get(g)
        if USE_COREF and ctx.pron_mentions.get(off) is not None:
            anchor = ctx.pron_mentions[off]  # the coref stage's link for this pronoun
        weight = 1.0 if (kind == "subj" and word in PERCEPTION_VERBS) else (
            0.5 if kind == "poss" and word in BODY_PARTS else 0.0)
        if weight and anchor is not None:
            scores[si][anchor] = scores[si].get(anchor, 0.0) + weight
        elif weight:
            pending[si].append((g, weight))
    while si_prev < n - 1:
        if si_prev >= 0:
            close(si_prev)
        si_prev += 1
    if n:
        close(n - 1)
    return Focus(focus, anchors, anchor_pos, chain, strength)
