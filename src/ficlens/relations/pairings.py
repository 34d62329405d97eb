"""The relations stage: ``find_relations`` sets the interactions and the ranked pairings
(learned ranker, else the hand-weighted ranking with the fandom's known ships).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..document import Character, Document, Evidence, Interaction, Relationship
from .network import (
    _RATIO,
    KNOWN_SHIP_BOOST,
    KNOWN_SHIP_STRENGTH,
    MAX_EVIDENCE,
    MAX_PLATONIC,
    MAX_ROMANTIC,
    PLATONIC_MIN,
    ROMANTIC_MIN,
    TOP_RATIO,
    TOP_ROMANTIC_MIN,
    _Pair,
    _strengths,
    network,
)
from .ranker import _ranker, candidates, rank_candidates
from .ship_tags import _bare, _shipped_pairs, label, pair_tag, ship_names


def _known_ships(ranked: list[tuple[float, str, tuple[str, str], _Pair]],
                 known: list[tuple[tuple[str, str], _Pair]], by_id: dict[str, Character],
                 ships: Sequence[str], central: tuple[str, str] | None = None,
                 ) -> list[tuple[float, str, tuple[str, str], _Pair]]:
    """A fandom's known ship between two people who share a scene is offered too.

    Why: a story about a famous couple often shows them only talking; the pack's
    ``ships`` (its fandom's relationship tags) say what the pairing usually is. A
    known ship never outranks a pairing the text itself shows. The story's central
    pair takes the fandom's reading ("A/B") even without a romantic cue when the
    fandom tags them romantically more often than as friends: on the AO3 training
    split 32 first tags were lost to "A & B" where the author wrote "A/B" or back.
    """
    if not ships:
        return ranked
    pair_of = {}
    for (a, b), p in known:
        if p.cooccurrence or p.conversation or p.physical:
            pair_of[frozenset((_bare(label(by_id[a])), _bare(label(by_id[b]))))] = ((a, b), p)
    taken = {frozenset(r[2]) for r in ranked}
    out = list(ranked)
    platonic_before: set[frozenset[str]] = set()  # pairs tagged "A & B" earlier in the list
    for rank, ship in enumerate(ships):
        parsed = ship_names(ship)
        if parsed is None:
            continue
        kind, names = parsed
        if kind == "platonic":
            platonic_before.add(names)
        hit = pair_of.get(names)
        if len(names) != 2 or hit is None:
            continue
        (a, b), p = hit
        if frozenset((a, b)) in taken:
            fandom_reading = (a, b) == central and names not in platonic_before
            if kind == "romantic" and (p.romantic > 0 or fandom_reading):
                for i, r in enumerate(out):
                    if r[2] == (a, b) and r[1] != kind:
                        rom = _strengths(p)[0]
                        out[i] = (max(rom, r[0]) if fandom_reading else rom, kind, r[2], r[3])
            continue
        taken.add(frozenset((a, b)))
        out.append((KNOWN_SHIP_STRENGTH / (1 + rank), kind, (a, b), p))
    return out


GROUP_MIN_WORKS = 2  # a group ship ("A/B/C") the fandom's authors used at least this often


def _with_group_ship(rels: list[Relationship], pairs: dict[tuple[str, str], _Pair],
                     by_id: dict[str, Character], pack: Any) -> list[Relationship]:
    """Put the fandom's best-known group ship ("A/B/C") before its first pairing.

    Why: a fandom with a popular threesome tags it first ("Alec Hardison/Parker/Eliot
    Spencer" on 12 of the 18 Leverage works of the training split), while pairs are
    all the ranker can offer. The group is offered when all its people are in the
    story, every two of them share a paragraph, and one of its pairs is in the list.
    """
    if pack is None or not rels or not getattr(pack, "ship_counts", ()):
        return rels
    ids = {_bare(label(c)): c.id for c in by_id.values()}
    groups = sorted((-n, i, ship) for i, (ship, n) in enumerate(zip(pack.ships, pack.ship_counts,
                                                                     strict=False))
                    if n >= GROUP_MIN_WORKS)
    for _n, _i, ship in groups:
        parsed = ship_names(ship)
        if parsed is None or len(parsed[1]) < 3 or not all(x in ids for x in parsed[1]):
            continue
        members = sorted(ids[x] for x in parsed[1])
        member_pairs = [(a, b) for k, a in enumerate(members) for b in members[k + 1:]]
        if not all(pairs.get(ab) and pairs[ab].cooccurrence for ab in member_pairs):
            continue
        at = next((k for k, r in enumerate(rels) if set(r.characters) <= set(members)), None)
        if at is None:
            continue
        strength = min(_strengths(pairs[ab])[0 if parsed[0] == "romantic" else 1]
                       for ab in member_pairs)
        group = Relationship(ship, tuple(members), parsed[0], strength)
        return [*rels[:at], group, *rels[at:]]
    return rels


READER_MIN_MENTIONS = 2


def _with_reader(rels: list[Relationship], doc: Document, ships: Sequence[str],
                 ) -> list[Relationship]:
    """In a second-person story, "X/Reader" first, X its most named person.

    Why: "you" is the reader inserted into the story, and its authors tag the pairing
    of the reader with the story's love interest first (14 of the 22 second-person
    works with a relationship tag on the AO3 training split; with this, 5 more first
    tags recovered there, packs built from other works). "Reader" or "You", as the
    fandom's ships write it.
    """
    if not doc.narration or doc.narration.person != "second" or not doc.characters:
        return rels
    lead = max(doc.characters, key=lambda c: (c.mentions, c.id))
    if lead.mentions < READER_MIN_MENTIONS or lead.name.lower() in ("narrator", "reader"):
        return rels
    uses = Counter(p.strip() for s in ships for p in s.split("/") if p.strip() in ("Reader", "You"))
    word = "You" if uses["You"] > uses["Reader"] else "Reader"
    tag = pair_tag([label(lead), word], "romantic", ships)
    if tag not in ships:  # AO3 writes the reader last: "Wanda/Reader"
        tag = "/".join([*(p for p in tag.split("/") if p != word), word])
    return [Relationship(tag, (lead.id,), "romantic", 0.0), *rels]


def _current_pack(doc: Document) -> Any:
    try:
        from ..characters.cast_packs import current_pack

        return current_pack(doc)
    except Exception:  # noqa: BLE001 - a bad pack was already reported by the characters stage
        return None


def find_relations(doc: Document, *, learned: bool = True) -> Document:
    """Set ``doc.interactions`` and the ranked ``doc.relationships``.

    With the shipped ranker (``models/relations_ranker.json``) pairings are ranked by how
    likely authors are to tag each first; ``learned=False`` (or no model file) uses
    the hand-weighted ranking below, which the ranker's training compares against.
    """
    if len(doc.characters) < 2:  # a second-person story may still pair its one person
        pack = _current_pack(doc) if doc.characters else None
        rels = _with_reader([], doc, pack.ships if pack else ())
        return doc.evolve(interactions=(), relationships=tuple(rels))
    pairs, genders = network(doc)
    by_id = {c.id: c for c in doc.characters}
    interactions = []
    ranked: list[tuple[float, str, tuple[str, str], _Pair]] = []
    known = [(ab, p) for ab, p in sorted(pairs.items()) if ab[0] in by_id and ab[1] in by_id]
    # the central pair: the strongest tie overall, named when it has any shared scene
    top = max(known, key=lambda kv: sum(_strengths(kv[1])), default=None)
    for (a, b), p in known:
        rom, pla = _strengths(p)
        interactions.append(Interaction(a, b, p.cooccurrence, p.conversation, p.physical,
                                        rom, pla))
        is_top = top is not None and (a, b) == top[0]
        if rom >= ROMANTIC_MIN and p.romantic >= _RATIO * p.platonic:
            ranked.append((rom, "romantic", (a, b), p))
        elif is_top and rom >= TOP_ROMANTIC_MIN and p.romantic >= TOP_RATIO * p.platonic:
            ranked.append((rom, "romantic", (a, b), p))
        elif pla >= PLATONIC_MIN or (is_top and (p.cooccurrence or p.conversation)):
            ranked.append((pla, "platonic", (a, b), p))
    pack = _current_pack(doc)
    ships: Sequence[str] = pack.ships if pack else ()
    interactions.sort(key=lambda i: -(i.romantic + i.platonic))
    model = _ranker() if learned else None
    if model is not None:
        rels = []
        for _prob, c in rank_candidates(candidates(doc, pairs, genders, pack), model):
            a, b = c.pair
            p = pairs[c.pair]
            ev = sorted(p.evidence, key=lambda e: -e[0])[:MAX_EVIDENCE]
            evidence = tuple(Evidence(s, e, f"{c.kind} interaction: {words}")
                             for _w, s, e, words in ev if c.kind == "romantic")
            rels.append(Relationship(pair_tag([label(by_id[a]), label(by_id[b])], c.kind,
                                              ships), (a, b), c.kind, c.strength, evidence))
        rels = _with_reader(_with_group_ship(rels, pairs, by_id, pack), doc, ships)
        return doc.evolve(interactions=tuple(interactions), relationships=tuple(rels))
    ranked = _known_ships(ranked, known, by_id, ships, top[0] if top else None)
    rels: list[Relationship] = []
    shipped = _shipped_pairs(ships)
    for kind, limit in (("romantic", MAX_ROMANTIC), ("platonic", MAX_PLATONIC)):
        def weight(r: tuple[float, str, tuple[str, str], _Pair]) -> float:
            names = frozenset((_bare(label(by_id[r[2][0]])), _bare(label(by_id[r[2][1]]))))
            return r[0] * (KNOWN_SHIP_BOOST if (r[1], names) in shipped else 1.0)

        chosen = sorted((r for r in ranked if r[1] == kind), key=lambda r: -weight(r))[:limit]
        for strength, _k, (a, b), p in chosen:
            names = [label(by_id[a]), label(by_id[b])]
            ev = sorted(p.evidence, key=lambda e: -e[0])[:MAX_EVIDENCE]
            evidence = tuple(Evidence(s, e, f"{kind} interaction: {words}") for _w, s, e, words in ev)
            rels.append(Relationship(pair_tag(names, kind, ships), (a, b), kind, strength,
                                     evidence))
    return doc.evolve(interactions=tuple(interactions), relationships=tuple(rels))
