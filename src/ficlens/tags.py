"""AO3 tag suggestions: what a writer would paste into AO3's posting form.

Why derived, not learned end to end: each AO3 field has a meaning that an earlier
stage already measured (rating stage -> Rating and Archive Warning, relations ->
Relationship and Category, characters + cast pack -> Fandom and Characters). Only
Additional Tags are learned, and only tags whose held-out precision was decent ship
(``rating/freeform.json``, see ``scripts/train_rating.py``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .document import Character, Document, Tags
from .relations import ROMANTIC_MIN, gender_of, infer_genders

FREEFORM_PATH = Path(__file__).with_name("rating") / "freeform.json"
MIN_MENTIONS_UNKNOWN = 2  # a character no pack knows needs this many mentions
MIN_SHARE_UNKNOWN = 0.01  # ... and this share of all character mentions
MIN_SHARE_WITH_PACK = 0.15  # a name the story's cast pack does not know
_NOT_A_NAME = re.compile(r"^(?:I|You|We|They|He|She|It)['\u2019]|^(?:Narrator|Reader)$")
_PAIR_CATEGORY = {
    frozenset({"male", "female"}): "F/M",
    frozenset({"male"}): "M/M",
    frozenset({"female"}): "F/F",
}


def categories(doc: Document, genders: dict[str, str] | None = None) -> tuple[str, ...]:
    """AO3 categories from the romantic pairings and the genders of their people.

    No romantic pairing -> Gen; a pairing with a nonbinary person -> Other; pairings
    of different kinds -> each of them and Multi. Only pairings whose text shows
    romance (strength at least ``ROMANTIC_MIN``) count: the ranked list also offers
    "A/B" where only the fandom's habits suggest it (a likely tag, not a fact about
    this story). On the AO3 training split counting every "A/B" of the list gave the
    exact category set in 27% of works, counting only those in 41%.
    """
    genders = genders if genders is not None else infer_genders(doc)
    found: list[str] = []
    romantic = [r for r in doc.relationships
                if r.kind == "romantic" and r.strength >= ROMANTIC_MIN]
    for r in romantic:
        gs = [genders.get(c) for c in r.characters]
        if any(g is None for g in gs):
            continue
        if "nonbinary" in gs:
            cat = "Other"
        else:
            cat = _PAIR_CATEGORY.get(frozenset(g for g in gs if g), "Other")
        if len(r.characters) > 2:
            cat = "Multi"
        if cat not in found:
            found.append(cat)
    if not romantic:
        return ("Gen",)
    if len({c for c in found if c != "Multi"}) > 1 and "Multi" not in found:
        found.append("Multi")
    order = ["F/F", "F/M", "Gen", "M/M", "Multi", "Other"]
    return tuple(sorted(found, key=order.index))


def present_characters(doc: Document) -> tuple[Character, ...]:
    """Characters with enough presence to tag, those in pairings and then the most
    mentioned first.

    Any canonical character a pack found counts. Without a pack, others need two
    mentions and 1% of all mentions. With a pack, a name it does not know is almost
    never an author's tag (4 of 241 on the training split: authors tag original
    characters as "Original Character(s)"), so only a lead (15% of mentions) stays.
    A description ("the frog", "the Mother") is never a character tag, and a short
    form of another tagged person's name ("Pip" beside "Pippa") is that person.
    """
    total = sum(c.mentions for c in doc.characters) or 1
    share = MIN_SHARE_WITH_PACK if doc.fandom else MIN_SHARE_UNKNOWN
    keep = [c for c in doc.characters
            if (c.canonical and c.mentions >= 1)
            or (not c.canonical and not _NOT_A_NAME.match(c.name)
                and not c.name.startswith("the ")
                and c.mentions >= MIN_MENTIONS_UNKNOWN and c.mentions / total >= share)]
    keep = _drop_short_forms(keep)
    in_pairs = {cid for r in doc.relationships for cid in r.characters}
    keep.sort(key=lambda c: (c.id not in in_pairs, -c.mentions, c.name))
    return tuple(keep)


@lru_cache(maxsize=1)
def _nicknamer() -> Any:
    try:
        from nicknames import NickNamer

        return NickNamer()
    except Exception:  # noqa: BLE001 - the nickname list is an aid, not a requirement
        return None


def _drop_short_forms(chars: list[Character]) -> list[Character]:
    """Drop a one-word name no pack knows that is a short form of another kept
    person's name: a prefix ("Pip" of "Pippa") or a listed nickname ("Bill" of
    "William"). Why: the name finder sometimes keeps both forms apart, and the
    author tags the person once (on the AO3 training folds: precision up, no tag lost).
    """
    nn = _nicknamer()
    out = []
    for c in chars:
        if c.canonical or len(c.name.split()) != 1 or len(c.name) < 3:
            out.append(c)
            continue
        words = {w for o in chars if o is not c
                 for w in re.findall(r"[A-Z][\w'-]+", o.canonical or o.name)}
        low = c.name.lower()
        longer = any(w.lower().startswith(low) and w.lower() != low for w in words)
        nick = nn is not None and any(len(w) > len(low) and w.lower() in nn.canonicals_of(low)
                                      for w in words)
        if not (longer or nick):
            out.append(c)
    return out


def tag_name(c: Character) -> str:
    """The tag for a character: the pack's canonical tag, else the fullest plain name.

    Why: AO3 authors tag an original or unpacked character as "Firstname Lastname";
    a story that mostly says "Curtis" but once "Curtis Brinkley" gets the latter.
    """
    if c.canonical:
        return c.canonical
    words = c.name.split()
    if len(words) == 1:
        for a in c.aliases:
            parts = a.split()
            if (len(parts) == 2 and parts[0] == c.name and parts[1][:1].isupper()
                    and parts[1].rstrip(".").lower() not in _TITLE_WORDS):
                return a
    return c.name


_TITLE_WORDS = {"jr", "sr", "ii", "iii"}


@lru_cache(maxsize=1)
def _freeform_model() -> dict[str, Any] | None:
    try:
        return json.loads(FREEFORM_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def additional_tags(doc: Document) -> tuple[str, ...]:
    """Freeform tags whose classifier met the precision bar on held-out works."""
    model = _freeform_model()
    if not model or not doc.text.strip():
        return ()
    from .rating.features import FEATURE_NAMES, analyse_cached

    vec = analyse_cached(doc.text, tuple((p.start, p.end) for p in doc.paragraphs)).vector
    out = []
    for tag, m in model.get("tags", {}).items():
        if m.get("ship") and m.get("feature") in FEATURE_NAMES:
            if vec[FEATURE_NAMES.index(m["feature"])] >= m["min"]:
                out.append(tag)
    return tuple(out)


READER_TAG = "Reader"


def character_tags(doc: Document) -> tuple[str, ...]:
    """Character tags: the present characters, and "Reader" for a story told in the
    second person.

    Why "Reader": AO3's reader-insert stories address the reader as "you" and tag
    that person "Reader". On the AO3 training folds 10 of the 27 second-person works
    tag it (7 exactly "Reader"), 2 of the other 461 works do.
    """
    tags = [tag_name(c) for c in present_characters(doc)]
    if doc.narration and doc.narration.person == "second":
        tags.append(READER_TAG)
    return tuple(dict.fromkeys(tags))


def suggest_tags(doc: Document) -> Document:
    """Set ``doc.tags`` from what the earlier stages found (works with any of them empty)."""
    fandoms: tuple[str, ...] = ()
    if doc.fandom:
        try:
            from .characters.cast_packs import current_pack

            pack = current_pack(doc)
        except Exception:  # noqa: BLE001 - a bad pack was already reported upstream
            pack = None
        fandoms = (pack.tags[0],) if pack and pack.tags else (doc.fandom,)
    genders = {c.id: g for c in doc.characters if (g := gender_of(c))}
    genders = {**infer_genders(doc), **genders}
    tags = Tags(
        fandoms=fandoms,
        rating=doc.rating.rating if doc.rating else None,
        warnings=tuple(w.warning for w in doc.warnings),
        categories=categories(doc, genders),
        relationships=tuple(r.tag for r in doc.relationships),
        characters=character_tags(doc),
        additional=additional_tags(doc),
    )
    return doc.evolve(tags=tags)
