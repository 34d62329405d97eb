"""Conversations: runs of adjacent turns, and who alternation says speaks each turn.

Why: in a long untagged exchange ("Mr. and Mrs. Bennet") most turns carry no tag,
and a turn-by-turn ranker drifts to whoever is named most. But a few turns are
anchored: a named speech tag ("said Mrs. Bennet") fixes that turn's speaker, and a
vocative ("my dear Mr. Bennet") names the one spoken to, who most likely answers.
Two people alternating A/B/A/B, the anchor's speaker speaks again at an even
distance in turns and the addressee at an odd one, both forward and backward. The
nearest anchor on each side of a turn votes; the ranker learns how far to trust it.
Static (needs no decoding), linear in the number of utterances.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Protocol

from .lexicon import ENDEARMENTS

MAX_REACH = 8  # turns an anchor's parity is carried
MAX_GAP = 250  # non-space characters of narration a conversation goes on across


class _Turn(Protocol):
    start: int
    end: int
    adj_prev: bool
    tags: list
    vocatives: list[str]
    conv_votes: dict[str, dict[str, float]]
    conv_participants: frozenset[str]


def _evidence(t: _Turn) -> list[tuple[str, int]]:
    """(character, parity offset) facts of one turn: its named speaker speaks at even
    distances (offset 0), the people it addresses by name at odd ones (offset 1)."""
    out: list[tuple[str, int]] = []
    spk = None
    if t.tags and t.tags[0].subject_kind == "name" and t.tags[0].subject:
        spk = t.tags[0].subject
        out.append((spk, 0))
    for v in dict.fromkeys(t.vocatives):
        if v != spk:
            out.append((v, 1))
    return out


def _vote(votes: dict[str, float], ev: list[tuple[str, int]], d: int, side: str) -> None:
    near = "near" if d <= 2 else "far"
    for c, off in ev:
        key = f"conv_alt_{side}_{near}" if (d + off) % 2 == 0 else f"conv_anti_{side}_{near}"
        # a character may be both the tagged speaker and addressed: keep the first fact
        votes.setdefault(f"{c}\t{key}", 1.0)


def _runs(infos: list) -> list[list[tuple[int, int]]]:
    """Each conversation as (index into ``infos``, turn number) in text order.

    A conversation goes on across a short narration paragraph ("The clock struck
    ten."), which is no turn; a second utterance in one paragraph is the same turn
    unless it has its own tag (fan fiction puts whole exchanges in one paragraph)."""
    ordered = sorted((k for k, i in enumerate(infos) if i.end > i.start), key=lambda k: infos[k].start)
    runs: list[list[tuple[int, int]]] = []
    prev = None
    for k in ordered:
        t = infos[k]
        if prev is not None and (t.adj_prev or (t.narration_before < MAX_GAP and t.para - prev.para_last <= 3)):
            # in one paragraph the same speaker goes on, unless a tag says who speaks now
            runs[-1].append((k, runs[-1][-1][1] + (t.para != prev.para_last or bool(t.tags))))
        else:
            runs.append([(k, 0)])
        prev = t
    return runs


def _by_turn(run: list[tuple[int, int]], evs: list[list[tuple[str, int]]],
             prefix: str) -> list[dict[str, dict[str, float]]]:
    """Votes per utterance of a run, from the evidence pooled per turn."""
    n = run[-1][1] + 1
    pooled: list[list[tuple[str, int]]] = [[] for _ in range(n)]
    seen: list[set[tuple[str, int]]] = [set() for _ in range(n)]  # (one turn may pool a crowd)
    for (_, turn), ev in zip(run, evs, strict=True):
        have, into = seen[turn], pooled[turn]
        for x in ev:
            if x not in have:
                have.add(x)
                into.append(x)
    votes = _propagate(pooled, prefix)
    return [votes[turn] for _, turn in run]


def _propagate(evs: list[list[tuple[str, int]]], prefix: str) -> list[dict[str, dict[str, float]]]:
    """Votes of the nearest anchored turn before and after each turn of one run."""
    raw: list[dict[str, float]] = [{} for _ in evs]
    last = None
    for k in range(len(evs)):
        if last is not None and 0 < k - last <= MAX_REACH:
            _vote(raw[k], evs[last], k - last, "back")
        if evs[k]:
            last = k
    nxt = None
    for k in range(len(evs) - 1, -1, -1):
        if nxt is not None and 0 < nxt - k <= MAX_REACH:
            _vote(raw[k], evs[nxt], nxt - k, "fwd")
        if evs[k]:
            nxt = k
    out: list[dict[str, dict[str, float]]] = []
    for r in raw:
        votes: dict[str, dict[str, float]] = {}
        for key, v in r.items():
            c, feat = key.split("\t")
            votes.setdefault(c, {})[prefix + feat] = v
        for f in votes.values():
            alt = sum(1 for k in f if "_alt_" in k)
            anti = len(f) - alt
            if alt == 2:
                f[prefix + "conv_agree"] = 1.0  # both sides put this character here
            elif alt and anti:
                f[prefix + "conv_conflict"] = 1.0  # the parity broke between the anchors
        out.append(votes)
    return out


def conversation_votes(infos: list) -> None:
    """Set ``conv_votes`` (candidate -> feature -> value) and ``conv_participants`` on
    each turn of a conversation (a run of turns linked by ``adj_prev``)."""
    for run in _runs(infos):
        if len(run) < 2:
            continue
        evs = [_evidence(infos[k]) for k, _ in run]
        participants = frozenset(c for ev in evs for c, _ in ev)
        for (k, _), votes in zip(run, _by_turn(run, evs, ""), strict=True):
            infos[k].conv_votes = votes
            infos[k].conv_participants = participants


def decided_votes(infos: list, speakers: list[str | None], anchored: list[bool]) -> list[dict[str, dict[str, float]]]:
    """Alternation votes from a first pass's speakers of the turns it found tagged
    ("she said" resolved, not only named tags): more anchors for the second pass."""
    out: list[dict[str, dict[str, float]]] = [{} for _ in infos]
    for run in _runs(infos):
        if len(run) < 2:
            continue
        evs = [[(speakers[k], 0)] if anchored[k] and speakers[k] else [] for k, _ in run]
        for (k, _), votes in zip(run, _by_turn(run, evs, "dec_"), strict=True):
            out[k] = votes
    return out


# a lower-case word (or hyphenated words) closing a clause of a quotation, or opening
# it before a comma: where a nickname addresses someone ("Missed me half-pint?",
# "now now half-pint, be good", "Sweetheart, come here")
_TERM_END_RE = re.compile(r"(?<![\w'\u2019-])([a-z]+(?:-[a-z]+)*)(?=\s*[,.?!\u2026\u2014]|\s*$)")
_TERM_START_RE = re.compile(r"^\W*([A-Za-z][a-z]+(?:-[a-z]+)*)\s*[,!]")
# or right after a word of reply opening it ("okay half-pint think that's enough")
_TERM_OPENER_RE = re.compile(
    r"^\W*(?:(?:okay|ok|alright|now|oh|hey|yes|yeah|yep|no|well|thanks)[\s,]+){1,2}([a-z]+(?:-[a-z]+)*)\b",
    re.IGNORECASE)
MIN_NICKNAME_USES = 2
MAX_NICKNAMES = 16  # terms checked per document, most used first (each costs a scan of the text)
NICKNAME_SHARE = 0.75  # of a term's uses in the whole text that are in address position


def _address_terms(text: str, start: int, end: int) -> list[str]:
    inner = text[start:end].strip("\"'\u201c\u201d\u2018\u2019 ")
    low = inner.lower()
    if "-" not in low and not any(w in low for w in ENDEARMENTS):
        return []  # the usual line: no hyphen and no endearment, nothing to scan
    out = [m.group(1) for m in _TERM_END_RE.finditer(inner)]
    for rx in (_TERM_START_RE, _TERM_OPENER_RE):
        m = rx.match(inner)
        if m and m.group(1).lower() not in out:
            out.append(m.group(1).lower())
    return [t for t in out if "-" in t or t in ENDEARMENTS]


def nickname_vocatives(ctx, infos: list, spans: list[list[tuple[int, int]]]) -> None:
    """A nickname used in address ("half-pint", "sweetheart") names the one addressed,
    once lines tagged with a name show who uses it; add that person to the vocatives
    of every line that uses it.

    Who uses a term: the named tag subject (else the named actor of the paragraph) of
    the lines that use it. For whom: the character other than the user named most in
    the narration of those lines' paragraphs and of the paragraphs before them. A term counts only when it is a
    hyphenated word or an endearment, is used in address at least twice, and mostly
    so (not a word the narration uses too). Linear in the text: at most
    ``MAX_NICKNAMES`` terms are counted."""
    text = ctx.text
    uses: dict[str, list[int]] = {}
    for k, sp in enumerate(spans):
        for s, e in sp:
            for t in _address_terms(text, s, e):
                uses.setdefault(t, []).append(k)
    ranked = sorted((t for t, ks in uses.items() if len(ks) >= MIN_NICKNAME_USES), key=lambda t: (-len(uses[t]), t))
    if not ranked:
        return
    low = text.lower()
    for term in ranked[:MAX_NICKNAMES]:
        ks = uses[term]
        # uses anywhere in the text (as a substring: a word containing it counts against it)
        if len(ks) < NICKNAME_SHARE * low.count(term):
            continue
        # characters named in the narration of the paragraphs that use the term
        named: Counter[str] = Counter()
        seen: set[int] = set()
        for k in ks:
            for p in range(max(infos[k].para - 1, 0), infos[k].para_last + 1):
                if p in seen:
                    continue
                seen.add(p)
                lo, hi = ctx.name_index_range(ctx.paragraphs[p].start, ctx.paragraphs[p].end)
                for i in range(lo, hi):
                    if not ctx.in_quote[i]:
                        named[ctx.names[i][2]] += 1
        users: Counter[str] = Counter()
        for k in ks:
            info = infos[k]
            tag = info.tags[0] if info.tags else None
            if tag and tag.subject_kind == "name" and tag.subject:
                users[tag.subject] += 2
            elif tag and tag.subject_kind == "pronoun" and tag.gender in ("male", "female"):
                # "he asked": the man named most around these lines
                same = [c for c in named if ctx.gender.get(c) == tag.gender]
                if same:
                    users[max(same, key=lambda c: (named[c], c))] += 1
            elif not tag and len(info.near_subjects) == 1:
                users[next(iter(info.near_subjects))] += 1
        if not users:
            continue
        (user, n), *rest = users.most_common(2) + [("", 0)]
        if n < 2 or n < 1.5 * rest[0][1]:
            continue
        named.pop(user, None)
        if not named:
            continue
        (addr, m), *rest2 = named.most_common(2) + [("", 0)]
        if m < 2 or m < 1.5 * rest2[0][1]:
            continue
        for k in ks:
            info = infos[k]
            if addr not in info.vocatives and not (info.tags and info.tags[0].subject == addr):
                info.vocatives.append(addr)
