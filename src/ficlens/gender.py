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


def name_list_gender(name: str) -> str | None:
    """Gender of a first name found in exactly one of the characters stage's name lists."""
    from .characters.lexicon import lexicon

    words = [w for w in name.replace(".", " ").split() if w[:1].isupper()]
    if not words:
        return None
    lx = lexicon()
    first = words[0].lower()
    male, female = first in lx.male_given, first in lx.female_given
    return "male" if male and not female else "female" if female and not male else None


PRONOUNS = {"male": "he/him", "female": "she/her", "nonbinary": "they/them"}
# Linked pronouns needed to settle a gender the characters stage left open, and the share.
# Measured on the development sets: with the coref stage's sentence ends fixed, settling
# from its links helps (PDNC dev 74.4 -> 74.5%, fan-fiction dev 85.7 -> 86.1%); before
# that fix it cost 0.4 points. None turns it off.
MIN_LINKS: int | None = 2
MIN_SHARE = 0.75


def settle(characters: tuple[Character, ...], links: dict[str, dict[str, int]]) -> tuple[Character, ...]:
    """Characters whose gender was left open, given one from the pronouns the coref stage
    linked to them (``links[cid][gender]``: counts), else from an unambiguous first name.

    The decision stays in ``Character.gender``/``pronouns``; no stage decides again."""
    from dataclasses import replace

    out = []
    for c in characters:
        if gender_of(c) is None:
            v = links.get(c.id, {})
            total = sum(v.values())
            g = max(v, key=lambda k: v[k]) if v else None
            if not (g and MIN_LINKS is not None and v[g] >= MIN_LINKS and v[g] >= MIN_SHARE * total):
                g = name_list_gender(c.name)
            if g:
                c = replace(c, gender=g, pronouns=c.pronouns or PRONOUNS[g])
        out.append(c)
    return tuple(out)
