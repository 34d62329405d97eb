"""One decision of each character's gender and pronouns, read by every stage.

Why one place: speakers, pov, relations and tags each used to turn ``Character``
into a gender their own way. ``Character.gender`` and ``Character.pronouns`` are
decided once by the characters stage (:func:`ficlens.characters.pronouns.decide`, from
titles, first names, the pronouns that follow the name, and cast packs); everything
later reads them through :func:`gender_of`.
"""

from __future__ import annotations

from .document import Character

_PRONOUN_GENDER = {"he": "male", "she": "female", "they": "nonbinary", "xe": "nonbinary",
                   "ze": "nonbinary", "ey": "nonbinary", "fae": "nonbinary", "it": None}


def gender_of(c: Character) -> str | None:
    """"male", "female", "nonbinary" or None, from the character's gender, else its pronouns."""
    g = (c.gender or "").lower()
    if g in ("male", "m", "man"):
        return "male"
    if g in ("female", "f", "woman"):
        return "female"
    if g in ("nonbinary", "non-binary", "nb"):
        return "nonbinary"
    p = (c.pronouns or "").lower().split("/")[0].strip()
    return _PRONOUN_GENDER.get(p)
