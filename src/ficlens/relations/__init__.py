"""Interaction network and pairings ("A/B" romantic, "A & B" platonic).

Why these signals: a pairing shows in who shares paragraphs, who talks to whom,
and above all in narration where both people are in one sentence with a kiss, a
touch or "love". Romance is written with pronouns ("He kissed her"), so a pronoun
is resolved by gender to the person of that gender named in the last two
sentences, else to the paragraph's most named person of that gender, else to the
scene's focal character or most mentioned person of that gender.

Which pairings to list, and in what order, is learned (``models/relations_ranker.json``,
``scripts/train_pair_ranker.py``): authors' first relationship tags depend on the
text's cues and on how often the fandom tags each pair (the cast pack's ships).

The stage is split by job; this package re-exports every name, so
``from ficlens.relations import ...`` keeps working:

- ``network.py``: the interaction network (``network``, ``infer_genders``, the cues and
  thresholds);
- ``ship_tags.py``: AO3 tag spelling (``pair_tag``, ``ship_names``, ``label``);
- ``ranker.py``: the learned pair ranker (``FEATURES``, ``candidates``, ``rank_candidates``);
- ``pairings.py``: the stage itself (``find_relations``).
"""

from __future__ import annotations

from .network import (
    _CUE,
    _PARA,
    _RATIO,
    _SENT,
    CUES,
    KNOWN_SHIP_BOOST,
    KNOWN_SHIP_STRENGTH,
    MAX_EVIDENCE,
    MAX_PLATONIC,
    MAX_ROMANTIC,
    PLATONIC_MIN,
    ROMANTIC_MIN,
    TOP_RATIO,
    TOP_ROMANTIC_MIN,
    _inside,
    _Pair,
    _resolved_mentions,
    _sorted_pair,
    _spans,
    _Starts,
    _strengths,
    infer_genders,
    network,
)
from .pairings import (
    GROUP_MIN_WORKS,
    READER_MIN_MENTIONS,
    _current_pack,
    _known_ships,
    _with_group_ship,
    _with_reader,
    find_relations,
)
from .ranker import (
    FEATURES,
    RANKER_PATH,
    Candidate,
    _grounded,
    _ranker,
    _ship_counts,
    candidates,
    rank_candidates,
)
from .ship_tags import (
    _DISAMBIGUATOR,
    _bare,
    _ship_spellings,
    _shipped_pairs,
    label,
    pair_tag,
    ship_names,
)

__all__ = [
    "_SENT",
    "_PARA",
    "CUES",
    "_CUE",
    "ROMANTIC_MIN",
    "PLATONIC_MIN",
    "_RATIO",
    "TOP_ROMANTIC_MIN",
    "TOP_RATIO",
    "MAX_ROMANTIC",
    "KNOWN_SHIP_STRENGTH",
    "MAX_PLATONIC",
    "KNOWN_SHIP_BOOST",
    "MAX_EVIDENCE",
    "_Pair",
    "_spans",
    "infer_genders",
    "_inside",
    "_Starts",
    "_resolved_mentions",
    "_sorted_pair",
    "network",
    "_strengths",
    "label",
    "_bare",
    "_DISAMBIGUATOR",
    "ship_names",
    "pair_tag",
    "_ship_spellings",
    "_shipped_pairs",
    "RANKER_PATH",
    "FEATURES",
    "Candidate",
    "_ship_counts",
    "candidates",
    "_ranker",
    "rank_candidates",
    "_grounded",
    "_known_ships",
    "GROUP_MIN_WORKS",
    "_with_group_ship",
    "READER_MIN_MENTIONS",
    "_with_reader",
    "_current_pack",
    "find_relations",
]
