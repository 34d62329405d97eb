"""AO3 tag suggestions: what a writer would paste into AO3's posting form.

Why derived, not learned end to end: each AO3 field has a meaning that an earlier
stage already measured (rating stage -> Rating and Archive Warning, relations ->
Relationship and Category, characters + cast pack -> Fandom and Characters). Only
Additional Tags are learned, and only tags whose held-out precision was decent ship
(``models/freeform.json``, see ``scripts/train_rating.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .document import Character, Document, Tags
from .gender import gender_of
from .models import load_model, model_path
from .relations import ROMANTIC_MIN, infer_genders

FREEFORM_PATH = model_path("freeform")
MIN_MENTIONS_UNKNOWN = 2  # a character no pack knows needs this many mentions
MIN_SHARE_UNKNOWN = 0.01  # ... and this share of all character mentions
MIN_SHARE_WITH_PACK = 0.15  # a name the story's cast pack does not know
_NOT_A_NAME = re.compile(r"^(?:I|You|We|They|He|She|It)['\u2019]|^(?:Narrator|Reader)$")
_PAIR_CATEGORY = {
    frozenset({"male", "female"}): "F/M",
    frozenset({"male"}): "M/M",
    frozenset({"female"}): "F/F",
}


CATEGORIES_PATH = model_path("categories")
CATEGORY_ORDER = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")
# The rule before tuning: every pairing the text shows as romance (ROMANTIC_MIN) counts.
DEFAULT_RULE: dict[str, Any] = {"min_strength": ROMANTIC_MIN, "top_min": ROMANTIC_MIN,
                                "unknown": "skip", "multi": 1, "sexual_gen_max": 1.01,
                                "max_pairs": 99, "fallback": 0,
                                "both_unknown": None}


def category_features(doc: Document, genders: dict[str, str] | None = None) -> dict[str, Any]:
    """What the category rule reads, as plain data (so the rule can be tuned offline):
    the ranked pairings with kind, strength and their people's genders, the rating
    stage's sexual score, the length, and the genders of the most mentioned people."""
    genders = genders if genders is not None else infer_genders(doc)
    pairs = [{"kind": r.kind, "strength": round(r.strength, 4),
              "genders": [genders.get(c) for c in r.characters]}
             for r in doc.relationships]
    top = sorted(doc.characters, key=lambda c: -c.mentions)[:4]
    scores = doc.rating.scores if doc.rating else {}
    return {"pairs": pairs, "sexual": float(scores.get("sexual", 0.0)),
            "words": len(doc.text.split()),
            "top_genders": [genders.get(c.id) for c in top]}


def _pair_category(gs: list[str | None], rule: dict[str, Any]) -> str | None:
    """AO3's category of one pairing; None when genders are unknown and the rule skips.

    ``unknown``: with one gender unknown, "skip" the pairing or guess the "opposite"
    (most AO3 pairings are F/M); ``both_unknown``: the category to assume when no
    gender is known (None: skip).
    """
    if len(gs) > 2:
        return "Multi"
    if any(g is None for g in gs):
        known = [g for g in gs if g]
        if not known:
            return rule["both_unknown"]
        if rule["unknown"] == "skip":
            return None
        gs = [*known, "female" if known[0] == "male" else "male"]
    if "nonbinary" in gs:
        return "Other"
    return _PAIR_CATEGORY.get(frozenset(g for g in gs if g), "Other")


def categories_from_features(f: dict[str, Any], rule: dict[str, Any] | None = None
                             ) -> tuple[str, ...]:
    """AO3 categories from :func:`category_features` under a tuned rule.

    AO3's own rule: one category per kind of romantic or sexual relationship present,
    Gen when none is a focus, Multi when there is more than one kind. The top-ranked
    romantic pairing may count with weaker evidence than the others (``top_min``): the
    ranked list is ordered by what authors tag first, and the first pairing is romantic
    in most AO3 works. ``sexual_gen_max``: a work whose sexual score reaches it is never
    Gen (sex on the page is a relationship even when the pairing is not found).
    """
    rule = {**DEFAULT_RULE, **(rule or {})}
    found: list[str] = []
    romantic_seen = False
    n = 0
    romantic = [p for p in f["pairs"] if p["kind"] == "romantic"]
    for i, p in enumerate(romantic):
        cat = _pair_category(p["genders"], rule)
        need = rule.get(f"top_min_{cat}", rule["top_min"]) if i == 0 else rule["min_strength"]
        if p["strength"] < need or n >= rule["max_pairs"]:
            continue
        n += 1
        romantic_seen = True
        if cat and cat not in found:
            found.append(cat)
    if not found and not romantic_seen and f["sexual"] < rule["sexual_gen_max"]:
        return ("Gen",)
    if not found and rule["fallback"]:  # romance or sex, no known genders: top two people
        cat = _pair_category(list(f["top_genders"][:2]), rule) \
            if len(f["top_genders"]) >= 2 else None
        found = [cat] if cat else []
    if not found:
        return ("Gen",) if not romantic_seen else ()
    if rule["multi"] and len({c for c in found if c != "Multi"}) > 1 and "Multi" not in found:
        found.append("Multi")
    return tuple(sorted(found, key=CATEGORY_ORDER.index))


@lru_cache(maxsize=1)
def _category_rule() -> dict[str, Any]:
    """The rule tuned by ``scripts/train_categories.py`` (``models/categories.json``)."""
    return {**DEFAULT_RULE, **load_model("categories")["rule"]}


def categories(doc: Document, genders: dict[str, str] | None = None,
               rule: dict[str, Any] | None = None) -> tuple[str, ...]:
    """AO3 categories from the romantic pairings and the genders of their people
    (see :func:`categories_from_features`; ``rule`` defaults to the shipped one).

    Why a tuned rule: AO3's literal rule over our pairings (every kind of romantic
    pairing the text shows, Multi for several) got the exact category set of 42% of
    the training works; most misses were F/M works whose top pairing had weak romance
    evidence or an unknown gender, and secondary pairings were more often wrong than
    right. The rule in ``categories.json`` (top pairing only, per-kind evidence
    thresholds, AO3's F/M base rate for unknown genders, sex on the page rules out
    Gen) was chosen by 5-fold CV on the training split (47% exact, tuned on 4 folds).
    """
    return categories_from_features(category_features(doc, genders),
                                    rule if rule is not None else _category_rule())


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
    return load_model("freeform")


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
