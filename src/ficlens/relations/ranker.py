"""The learned pair ranker: candidates ("A/B" and "A & B" per pair), their features,
and their ranking by ``models/relations_ranker.json``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..document import Document
from ..models import load_model, model_path
from .network import _RATIO, TOP_RATIO, _Pair, _strengths, network
from .ship_tags import _bare, label, ship_names

RANKER_PATH = model_path("relations_ranker")
FEATURES = (
    "romantic_kind", "strength_of_kind", "romantic_strength", "platonic_strength",
    "cues_of_kind", "physical_if_romantic", "cooccurrence_share", "conversation_share",
    "lesser_mention_share", "pair_mention_share", "central_pair", "pair_rank",
    "ship_count_this_kind", "ship_count_other_kind", "ship_share_this_kind", "has_pack",
    "same_gender_if_romantic", "mixed_gender_if_romantic", "central_if_romantic",
    "lesser_mention_share_if_romantic",
)


@dataclass(frozen=True)
class Candidate:
    """One possible pairing tag ("A/B" or "A & B") with the features the ranker reads."""

    pair: tuple[str, str]
    kind: str
    strength: float
    features: tuple[float, ...]
    grounded: bool = True  # "A/B" has ground (see _grounded)
    grounded_first: bool = True  # ... enough ground for the story's main pairing


def _ship_counts(pack: object | None) -> dict[tuple[str, frozenset[str]], int]:
    """(kind, bare names) -> how many works of the fandom used that ship."""
    if pack is None:
        return {}
    ships = getattr(pack, "ships", ())
    counts = getattr(pack, "ship_counts", ()) or ()
    out: dict[tuple[str, frozenset[str]], int] = defaultdict(int)
    for i, ship in enumerate(ships):
        parsed = ship_names(ship)
        if parsed is not None and len(parsed[1]) == 2:
            # a pack without counts: the list is ordered by use, so earlier counts more
            out[parsed] += counts[i] if i < len(counts) else max(1, len(ships) - i)
    return dict(out)


def candidates(doc: Document, pairs: dict[tuple[str, str], _Pair] | None = None,
               genders: dict[str, str] | None = None, pack: object | None = None,
               ) -> list[Candidate]:
    """Every pair that shares a paragraph or talks, once as "A/B" and once as "A & B".

    Why both kinds: whether authors tag a pair romantic depends on the text's cues
    and on how the fandom usually tags the pair (the pack's ship counts); the
    ranker weighs both, so each reading is a candidate of its own.
    """
    if pairs is None or genders is None:
        pairs, genders = network(doc)
    by_id = {c.id: c for c in doc.characters}
    known = [(ab, p) for ab, p in sorted(pairs.items())
             if ab[0] in by_id and ab[1] in by_id and (p.cooccurrence or p.conversation)]
    if not known:
        return []
    counts = _ship_counts(pack)
    most_ship = max(counts.values(), default=0)
    strengths = {ab: _strengths(p) for ab, p in known}
    order = sorted(known, key=lambda kv: -sum(strengths[kv[0]]))
    rank = {ab: i for i, (ab, _p) in enumerate(order)}
    max_co = max(p.cooccurrence for _ab, p in known) or 1
    max_conv = max(p.conversation for _ab, p in known) or 1
    max_mentions = max(c.mentions for c in doc.characters) or 1
    total_mentions = sum(c.mentions for c in doc.characters) or 1
    names_of = {ab: frozenset((_bare(label(by_id[ab[0]])), _bare(label(by_id[ab[1]]))))
                for ab, _p in known}
    # a fandom couple among the story's pairs: then no pair is romantic on silence alone
    couple_present = any(counts.get(("romantic", n)) for n in names_of.values())
    out = []
    for (a, b), p in known:
        rom, pla = strengths[(a, b)]
        names = names_of[(a, b)]
        ga, gb = genders.get(a), genders.get(b)
        same = float(ga is not None and ga == gb)
        mixed = float(ga is not None and gb is not None and ga != gb)
        lesser = min(by_id[a].mentions, by_id[b].mentions) / max_mentions
        central = float(rank[(a, b)] == 0)
        for kind in ("romantic", "platonic"):
            r = float(kind == "romantic")
            other = "platonic" if r else "romantic"
            this_n, other_n = counts.get((kind, names), 0), counts.get((other, names), 0)
            f = (r, rom if r else pla, rom, pla,
                 math.log1p(p.romantic if r else p.platonic), r * math.log1p(p.physical),
                 p.cooccurrence / max_co, p.conversation / max_conv, lesser,
                 (by_id[a].mentions + by_id[b].mentions) / total_mentions, central,
                 1.0 / (1 + rank[(a, b)]), math.log1p(this_n), math.log1p(other_n),
                 this_n / most_ship if most_ship else 0.0, float(pack is not None),
                 r * same, r * mixed, r * central, r * lesser)
            out.append(Candidate((a, b), kind, rom if r else pla, f,
                                 not r or _grounded(p, this_n, other_n),
                                 not r or _grounded(p, this_n, other_n,
                                                    first=not couple_present)))
    return out


@lru_cache(maxsize=1)
def _ranker() -> dict[str, Any] | None:
    """The learned pair ranker (``scripts/train_pair_ranker.py``), checked against
    ``FEATURES``; a missing, corrupt or out-of-date file is a ModelError."""
    return load_model("relations_ranker", features=FEATURES)


def rank_candidates(cands: Sequence[Candidate], model: dict[str, Any]
                    ) -> list[tuple[float, Candidate]]:
    """(probability that authors tag it first, candidate), best first, one kind per pair,
    cut at the model's cap and probability floor (see its metadata)."""
    coef = model["coef"]
    mean, scale = model["mean"], model["scale"]
    scored = []
    for c in cands:
        z = model["intercept"] + sum(w * (x - m) / s for w, x, m, s
                                     in zip(coef, c.features, mean, scale, strict=True))
        scored.append((1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), c))
    scored.sort(key=lambda t: (-t[0], t[1].pair, t[1].kind))
    out: list[tuple[float, Candidate]] = []
    seen: set[tuple[str, str]] = set()
    for prob, c in scored:
        if c.pair in seen or not (c.grounded if out else c.grounded_first):
            continue
        seen.add(c.pair)
        if out and (len(out) >= model["max_pairs"] or prob < model["min_probability"]):
            break
        out.append((prob, c))
    return out


def _grounded(p: _Pair, ship_this: int, ship_other: int, first: bool = False) -> bool:
    """Whether "A/B" has ground: romantic cues that outweigh the platonic ones (for
    the main pairing, ``first``, that are not outweighed more than ``1/TOP_RATIO``
    times: "her brother, her friend" does), or a fandom that tags the pair so at
    least as often as "A & B". The main pairing may also be romantic when the text
    has no cue either way, unless a couple the fandom tags is present.

    Why: most authors' first tags are romantic, so the ranker leans to "A/B" for
    any close pair; beside the main pairing, two people who only talk must stay
    "A & B". For the main pairing, a story that never says "kiss" is still most
    often a romance: in cross-validation on the training split, requiring a cue of
    it too lost 7 of 367 first tags.
    """
    if ship_this and ship_this >= ship_other:
        return True
    if first and p.romantic == 0 and p.platonic == 0:
        return True
    return p.romantic > 0 and p.romantic >= (TOP_RATIO if first else _RATIO) * p.platonic
