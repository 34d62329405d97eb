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
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .document import Character, Document, Evidence, Interaction, Relationship
from .gender import gender_of
from .models import load_model, model_path

_SENT = re.compile(r"[^.!?\n]+(?:[.!?\u2026]+[\"'\u201d\u2019)]*|\n|$)")
_PARA = re.compile(r"\S(?:.|\n(?!\s*\n))*")
_PRONOUN = re.compile(r"\b(?:(he|him|his|himself)|(she|her|hers|herself))\b", re.IGNORECASE)

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


def _resolved_mentions(doc: Document, sents: _Starts, paras: _Starts,
                       genders: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, character) for names and for resolved third-person pronouns."""
    named = [(m.start, m.end, m.character) for m in doc.mentions
             if m.character and m.kind != "pronoun"]
    have_pronouns = any(m.kind == "pronoun" and m.character for m in doc.mentions)
    if have_pronouns:
        return sorted((m.start, m.end, m.character) for m in doc.mentions if m.character)
    if not genders:
        return named
    quotes = _Starts([(q.start, q.end) for q in doc.quotes])
    scenes = _Starts([(s.start, s.end) for s in doc.scenes] or [(0, len(doc.text))])
    # scene salience per gender: most mentioned named character
    salient: dict[tuple[int, str], str] = {}
    dominant: dict[tuple[int, str], str] = {}
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    pcounts: dict[int, Counter[str]] = defaultdict(Counter)
    for s, _e, c in named:
        counts[_inside(scenes, s)][c] += 1
        pcounts[_inside(paras, s)][c] += 1
    focal = [s.pov or (doc.narration.pov if doc.narration else None) for s in doc.scenes]
    for si, cnt in counts.items():
        pov = focal[si] if 0 <= si < len(focal) else (doc.narration.pov if doc.narration else None)
        if pov and genders.get(pov):
            salient[(si, genders[pov])] = pov
        for c, _n in cnt.most_common():
            g = genders.get(c)
            if g and (si, g) not in salient:
                salient[(si, g)] = c
    for pi, cnt in pcounts.items():
        for c, _n in cnt.most_common():
            g = genders.get(c)
            if g and (pi, g) not in dominant:
                dominant[(pi, g)] = c
    out = list(named)
    named_starts = [n[0] for n in named]
    text = doc.text
    for pm in _PRONOUN.finditer(text):
        pos = pm.start()
        if quotes and _inside(quotes, pos) >= 0:
            continue
        g = "male" if pm.group(1) else "female"
        si = _inside(sents, pos)
        lo = sents[si - 1][0] if si >= 1 else (sents[si][0] if si >= 0 else pos)
        pi = _inside(paras, pos)
        if pi >= 0:
            lo = max(lo, paras[pi][0])
        who = None
        j = bisect_right(named_starts, pos) - 1
        while j >= 0 and named[j][0] >= lo:
            if genders.get(named[j][2]) == g:
                who = named[j][2]
                break
            j -= 1
        if who is None and pi >= 0:
            who = dominant.get((pi, g))
        if who is None:
            who = salient.get((_inside(scenes, pos), g))
        if who:
            out.append((pos, pm.end(), who))
    out.sort()
    return out


def _sorted_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def network(doc: Document) -> tuple[dict[tuple[str, str], _Pair], dict[str, str]]:
    """Raw per-pair counts and cue weights, and the genders used to resolve pronouns."""
    sents_l, paras_l = _spans(doc)
    sents, paras = _Starts(sents_l), _Starts(paras_l)
    genders = infer_genders(doc)
    mentions = _resolved_mentions(doc, sents, paras, genders)
    pairs: dict[tuple[str, str], _Pair] = defaultdict(_Pair)
    by_sent: dict[int, set[str]] = defaultdict(set)
    by_para: dict[int, set[str]] = defaultdict(set)
    for s, _e, c in mentions:
        by_sent[_inside(sents, s)].add(c)
        by_para[_inside(paras, s)].add(c)
    for members in by_para.values():
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


def label(c: Character) -> str:
    """The name a tag uses: canonical when a cast pack knows it."""
    return c.canonical or c.name


def _bare(name: str) -> str:
    """A name without AO3's disambiguator: "Po (Seven Kingdoms Trilogy)" -> "Po"."""
    return _DISAMBIGUATOR.sub("", name).strip()


_DISAMBIGUATOR = re.compile(r"(?:\s*\([^)]*\))+\s*$")


def ship_names(ship: str) -> tuple[str, frozenset[str]] | None:
    """("romantic" or "platonic", the people's names without disambiguators) of a tag.

    Why bare names: AO3 treats "Po" and "Po (Seven Kingdoms Trilogy)" as one tag, and
    authors spell one ship both ways ("Katsa/Po"); matching by bare names recovered
    18 more of the 367 first tags of the AO3 training split.
    """
    sep, kind = ("/", "romantic") if "/" in ship else (" & ", "platonic")
    if sep not in ship:
        return None
    return kind, frozenset(_bare(x) for x in ship.split(sep))


def pair_tag(names: Sequence[str], kind: str, ships: Sequence[str] = ()) -> str:
    """AO3 syntax, in the spelling of the fandom's most tagged matching ship when there
    is one (``ships`` is ordered by how often authors used each), else alphabetical."""
    sep = "/" if kind == "romantic" else " & "
    want = (kind, frozenset(_bare(n) for n in names))
    for s in ships:
        if ship_names(s) == want:
            return s
    spelling = _ship_spellings(tuple(ships))
    return sep.join(sorted(spelling.get(_bare(n), _bare(n)) for n in names))


@lru_cache(maxsize=8)
def _ship_spellings(ships: tuple[str, ...]) -> dict[str, str]:
    """Bare name -> the spelling the fandom's relationship tags use most for it.

    Why: a pairing no one has tagged yet is written the way the fandom writes its
    people in pairings, and that is mostly without AO3's disambiguator ("Saf/Teddy",
    not "Saf (Seven Kingdoms Trilogy)/Teddy (Bitterblue)"): on the AO3 training split,
    of relationship-tag names whose character tag carries a disambiguator, 204 were
    written bare and 72 with it.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for ship in ships:
        sep = "/" if "/" in ship else " & "
        for part in ship.split(sep):
            votes[_bare(part)][part.strip()] += 1
    return {b: v.most_common(1)[0][0] for b, v in votes.items()}


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


def _shipped_pairs(ships: Sequence[str]) -> set[tuple[str, frozenset[str]]]:
    """(kind, the two names) of every two-person ship the fandom's pack knows."""
    out = set()
    for ship in ships:
        parsed = ship_names(ship)
        if parsed is not None and len(parsed[1]) == 2:
            out.add(parsed)
    return out


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
        from .characters.cast_packs import current_pack

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
