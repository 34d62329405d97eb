"""Group name mentions into characters: one person, every name the text uses for them.

Why these rules: stories call one person by a full name once ("Derek Shepherd"), then
by a first name, a surname with a title ("Dr. Shepherd"), a nickname ("Lizzy" for
"Elizabeth"), a clipped form ("Mer" for "Meredith") or a spelling slip ("Izzy"/"Izzie").
Each link is made only when it points to exactly one person, and never across a
known gender difference ("Mr. Bennet" and "Mrs. Bennet" are two people). Forms that
only give an office ("the Chief") stay their own character until the text or a cast
pack links them.

The work is split by job; this module re-exports every name, so imports from
``aliases`` keep working:

- ``forms.py``: the ways the text names someone (``Form``, ``build_forms``, ``rescue``);
- ``clustering.py``: joining the forms of one person (``cluster_forms``);
- ``naming.py``: the name each character goes by (``character_name``);
- ``nonperson.py``: the not-a-person filter (``not_a_person``).
"""

from __future__ import annotations

from .clustering import (
    _LIST_GAP,
    _STOP,
    ACCIDENTAL_PAIR_USES,
    MISS_TITLES,
    RANKS_ALONE,
    TITLE_ALONE,
    TITLE_OR_RANK,
    _compatible,
    _listed_together,
    _make_cluster,
    _miss_is_the_given_name,
    _pick,
    _same_sentence,
    _sisters,
    _split_adjacent_names,
    _times_together,
    _Union,
    cluster_forms,
)
from .forms import (
    CALENDAR,
    Cluster,
    Form,
    _looks_common,
    _plural_family,
    _plural_of,
    _trim_opening_word,
    build_forms,
    edit_distance,
    form_gender,
    is_spelling_variant,
    rescue,
)
from .naming import (
    ONCE_AMONG,
    RANK_TITLES,
    _capitals,
    _fallback_name,
    _is_role,
    _surface_names,
    _title_names_another,
    character_name,
)
from .nonperson import (
    _AFTER,
    _EITHER_PREPS,
    _OWNER,
    _PLACE_PREPS,
    _ROMAN_WORD,
    _WORD_BEFORE,
    Evidence,
    _people_word,
    evidence,
    not_a_person,
)

__all__ = [
    "CALENDAR",
    "Form",
    "Cluster",
    "form_gender",
    "edit_distance",
    "is_spelling_variant",
    "_looks_common",
    "rescue",
    "_plural_of",
    "_plural_family",
    "_trim_opening_word",
    "build_forms",
    "_STOP",
    "TITLE_ALONE",
    "RANKS_ALONE",
    "TITLE_OR_RANK",
    "_Union",
    "_same_sentence",
    "_times_together",
    "MISS_TITLES",
    "_sisters",
    "_miss_is_the_given_name",
    "_LIST_GAP",
    "_listed_together",
    "_compatible",
    "ACCIDENTAL_PAIR_USES",
    "_split_adjacent_names",
    "_pick",
    "cluster_forms",
    "_make_cluster",
    "_title_names_another",
    "_fallback_name",
    "_surface_names",
    "RANK_TITLES",
    "ONCE_AMONG",
    "_is_role",
    "_capitals",
    "character_name",
    "_ROMAN_WORD",
    "_PLACE_PREPS",
    "_EITHER_PREPS",
    "_WORD_BEFORE",
    "_OWNER",
    "_AFTER",
    "Evidence",
    "evidence",
    "_people_word",
    "not_a_person",
]
