"""Coreference: third-person pronouns and definite descriptions linked to characters.

Pipeline position: between ``characters`` and ``speakers``. Reads ``mentions`` (the
name and nominal mentions the characters stage found), ``characters`` (their gender,
decided once in :mod:`ficlens.gender`), ``quotes`` and ``paragraphs``; adds a
``Mention`` of kind ``"pronoun"`` for every he/him/his/himself/she/her/hers/herself
(and they/them/their/themself for a character the text calls "they"), and of kind
``"description"`` for definite descriptions of people ("the girl", "the old man", "his
wife", "the butler" once the text ties the role to a name). ``character`` is the
character id, or None when the text does not say who. Later stages (speakers, pov,
relations) read these links instead of resolving pronouns themselves.

How, in one left-to-right pass (linear in the text; the cast size only enters through
a dictionary lookup): names, resolved pronouns and descriptions are kept, per gender,
as a short list of the most recent people with the sentence they were last mentioned
in and whether as a subject. A pronoun takes

* a reflexive ("herself"): the nearest person of its gender in its own sentence;
* an object ("him", "her" before no owned word): the nearest person of its gender who
  is not the subject of its own clause ("Anne looked at her" is not Anne);
* a subject or possessive: the subject of the current or previous sentence when one
  of its gender was named there as a subject (the thread of the narration: "Anne spoke
  to Mary. She turned away."), else the nearest person of its gender;

and never a person named later in its own clause when it is a subject ("He looked at
Finn" is not Finn); the person it takes becomes the most recent one, so a run of "she
... she ... her" keeps to one person until another of her gender is named.

Then a learned scorer (``models/coref.json``, a logistic regression trained by
``scripts/train_coref.py`` on LitBank folds 2-7) picks each he/she pronoun's person
among the people the rules weighed (the best :data:`CANDIDATES` of them, plus the
rules' pick), from :data:`FEATURES`: the rules' pick and score, salience, distances in
sentences, mentions and paragraphs, roles, the clause subject, the previous pronoun's
referent, quotation, how often each is named. Its picks do not feed back into the
salience (trained on the rules' state, it is scored once per document with numpy); a
pronoun in a speech tag keeps the rules' pick (the speakers model reads those links).
Leave-one-fold-out on LitBank 2-7: rules 0.782, with the scorer 0.791. A person whose gender is
unknown is a candidate only when nobody of the pronoun's gender is in reach.
Narration pronouns look only at narration mentions (a name said inside a quotation
is mostly someone spoken to or about); pronouns inside a quotation look at both.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_right

import numpy as np

from .document import Document, Mention
from .errors import ModelError
from .gender import gender_of, settle
from .speech import SPEECH_VERBS
from .titles import SENTENCE_ABBREVIATIONS

# word -> (gender, role); "her" is decided by the word after it
_PRONOUN_WORDS: dict[str, tuple[str, str]] = {
    "he": ("male", "subj"), "him": ("male", "obj"), "his": ("male", "poss"), "himself": ("male", "refl"),
    "she": ("female", "subj"), "her": ("female", "her"), "hers": ("female", "poss"),
    "herself": ("female", "refl"),
    "they": ("nonbinary", "subj"), "them": ("nonbinary", "obj"), "their": ("nonbinary", "poss"),
    "theirs": ("nonbinary", "poss"), "themself": ("nonbinary", "refl"), "themselves": ("nonbinary", "refl"),
}
_TOKEN_RE = re.compile(
    r"\b((?i:he|him|his|himself|she|her|hers|herself|they|them|their|theirs|themself|themselves))\b"
    r"|(?<!\b[A-Z])([.!?]+)(?=[\s\"'\u201c\u201d\u2019)]|$)"  # a sentence end (not an initial)
    r"|(\n[ \t]*\n)"
)
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)")
# Words after "her" that make it an object, not a possessive ("told her that").
_HER_OBJECT_NEXT = frozenset(
    """that to the a an and or but as if in on at by for from with into onto up down out
    off over back away again so too then when while what how why who where this these
    those some any all more no not nothing something everything anything it its
    himself herself is was were had has have would could should will might must""".split())
_TITLE_STOP = SENTENCE_ABBREVIATIONS
# Nouns that describe one person, with the gender they carry (None: either).
PERSON_NOUNS: dict[str, str | None] = {
    **dict.fromkeys("man boy gentleman guy lad fellow husband father dad brother son uncle "
                    "nephew grandfather king prince lord sir".split(), "male"),
    **dict.fromkeys("woman girl lady lass wife mother mom mum sister daughter aunt niece "
                    "grandmother queen princess".split(), "female"),
}
SPOUSE = {"wife": "mrs", "husband": "mr"}
_ADJ = ("old|young|little|elder|older|younger|eldest|youngest|poor|other|tall|short|blond|blonde|"
        "dark-haired|red-haired|older|small|big|new")
_DESCRIPTION_RE = re.compile(
    rf"\b([Tt]he|[Hh]is|[Hh]er|[Tt]heir)[ \t]+(?:(?:{_ADJ})[ \t]+)?([a-z]+(?:-[a-z]+)?)\b")
# "Jenkins, the butler," / "the butler, Jenkins": a role tied to a name
_ROLE_AFTER_NAME_RE = re.compile(r"[ \t]*,[ \t]+the[ \t]+([a-z]+)[ \t]*[,.;]")
_ROLE_BEFORE_NAME_RE = re.compile(r"\bthe[ \t]+([a-z]+)[ \t]*,[ \t]*$")
DESCRIPTIONS = True
DESCRIPTION_MARGIN = 2.0  # "the girl" takes the most salient girl only this many times ahead of the next
# how many sentences back a named person stays a candidate (then only the chain carries)
REACH_SENTENCES = 12
KEEP_PER_GENDER = 6


def _is_subject_at(text: str, start: int, end: int) -> bool:
    """A mention that opens its sentence or clause ("Anne spoke", "..., and Anne
    spoke") and is followed by a lowercase word (a verb, mostly)."""
    i = start - 1
    closed = False
    while i >= 0 and text[i] in " \t\n\"'\u201c\u201d\u2018\u2019":
        closed = closed or (QUOTE_OPENS_CLAUSE and text[i] in "\u201d\"" and i > 0 and text[i - 1] in ",.!?;: \u2014-")
        i -= 1
    if i >= 0 and text[i] not in ".!?;:\u2014-" and not closed:
        w = _WORD_BEFORE_RE.search(text, max(0, i - 12), i + 1)
        if not (w and w.group(1).lower() in _CLAUSE_OPENERS):
            return False
    m = _NEXT_WORD_RE.match(text, end)
    return bool(m and m.group(1)[:1].islower() and m.group(1).lower() not in ("and", "or"))


_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)$")
# a name right after a speech verb ("said Hallward"): the speaker, a subject after all
_SAID_BEFORE_RE = re.compile(r"\b(?:said|asked|replied|answered|cried|exclaimed|returned|added|continued)[ \t]+$")
_CLAUSE_OPENERS = frozenset({"and", "but", "then", "when", "while", "as", "so", "until", "before", "after"})


class _Quotes:
    def __init__(self, doc: Document) -> None:
        spans = sorted((q.start, q.end) for q in doc.quotes)
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def inside(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]


_PREPOSITIONS = frozenset(
    """to with after of for by from at in on upon near towards toward into onto about behind
    beside besides between among under over before than like without against""".split())
# Salience weights (after Lappin and Leass 1994): every mention brings RECENCY, a
# subject SUBJECT more, a mention outside a prepositional phrase NON_OBLIQUE more, one
# that heads its phrase (not "Anne's" in "Anne's sister") HEAD more; all halve at each
# sentence end. A candidate whose last mention had the pronoun's role gets PARALLEL.
RECENCY, SUBJECT, NON_OBLIQUE, HEAD, PARALLEL = 100.0, 80.0, 50.0, 80.0, 35.0
QUOTED = 1.0  # a name inside a quotation counts this much for narration
DECAY = 0.5  # salience kept from one sentence to the next
MAX_ACTIVE = 64  # people kept in reach at once (so each pronoun looks at a bounded table)
FORGET = 10.0  # salience below this is out of reach (and dropped)
UNKNOWN_PENALTY = 0.5  # a person of unknown gender competes at this share of their salience
# When the clause's subject is the only one in reach, an object pronoun takes it after
# all ("the kind of man who let his feelings speak for him").
BOUND_FALLBACK = True
# Nobody of the pronoun's gender in reach (a scene that opens with "she"): the most
# named person of that gender with at least FALLBACK_MIN_MENTIONS mentions, in
# narration and (QUOTE_FALLBACK) in quotations. Tuned on LitBank folds 2-7: 0.677 -> 0.747.
USE_FALLBACK = True
# An object pronoun after a verb is not the latest subject of its sentence ("he nodded at
# her"; "Dr. Torres gave him a glare"); off: not any subject of its sentence.
CLAUSE_BINDING = True
# "Finn walked by him" is not Finn either; after a pronoun subject a prepositional
# object is often its own ("he could smell her all around him")
BIND_AFTER_PREPOSITION = True
# A possessive takes the latest subject of its sentence when the gender fits, by this much.
SUBJECT_OWNS = 3000.0
SWITCH = True
FOCUS_BONUS = 50.0
FOCUS_DECAY = 1.0
_AND_BEFORE_RE = re.compile(r",?[ \t]+and[ \t]+$")
# A name right after a closing quotation mark opens the narration ('" Irish murmured').
QUOTE_OPENS_CLAUSE = True
QUOTE_FALLBACK = True
FALLBACK_MIN_MENTIONS = 1
# The learned scorer (models/coref.json) can pick each he/she pronoun's person among the
# candidates (``config={"coref": {"scorer": True}}``); by default the rules' choice stands:
# on LitBank folds 8-9 (held out) both link 912/1301, the scorer makes the stage about 2.3x
# slower, and on the founding sample it sends back to Finn pronouns the rules give Derek.
# A pronoun in a speech tag ('" he said', 'she whispered') keeps the rules' choice: the
# speakers model reads these links and was trained on the rules' ones (with the scorer
# there too, fan-fiction dev speakers lost 2 of 238).
TAG_KEEPS_RULES = True
# (Tried and dropped: the scorer's pick feeding the salience later pronouns see, 0.752
# against 0.776; the subject an object pronoun is bound away from, "Anna smiled at her", as
# one more candidate, 0.7920 against 0.7896 on LitBank 2-7 but it then took Anna for "her"
# in plain clauses like that one. The scorer only says who each pronoun is; binding is a rule.)
PRINCIPLE_C = True
_CLAUSE_END_RE = re.compile(r"[.!?;:,\n\u2014\"\u201c\u201d]")
CLAUSE_REACH = 400
CANDIDATES = 8  # the scorer looks at this many people in reach (most salient first), and the rules' pick
_QUOTE_BEFORE_RE = re.compile(r"[\"\u201d\u201c'\u2019][ \t]*$")


def _in_speech_tag(text: str, start: int, end: int) -> bool:
    """'" he said' / '" She smiled' (right after a quotation) or 'he whispered' (a speech verb next)."""
    if _QUOTE_BEFORE_RE.search(text, max(0, start - 3), start):
        return True
    nxt = _NEXT_WORD_RE.match(text, end)
    return bool(nxt and nxt.group(1).lower() in SPEECH_VERBS)


def _role_weight(text: str, start: int, end: int, subject: bool) -> float:
    w = RECENCY
    if subject:
        w += SUBJECT + NON_OBLIQUE
    else:
        before = _WORD_BEFORE_RE.search(text, max(0, start - 14), start - 1 if start else 0)
        if not (before and before.group(1).lower() in _PREPOSITIONS and text[before.end():start].isspace()):
            w += NON_OBLIQUE
    if not text.startswith(("'s", "\u2019s"), end):
        w += HEAD
    return w


def resolve_pronouns(doc: Document, narration_only_names: bool = True, *,
                     model: object = None) -> list[Mention]:
    """Pronoun mentions (kind "pronoun") in text order, each linked to a character or None."""
    return [m for m in resolve(doc, narration_only_names, model=model) if m.kind == "pronoun"]


def _role_ties(doc: Document, names: list[tuple[int, int, str]]) -> dict[str, str]:
    """Roles the text ties to one name ("Jenkins, the butler,"): role word -> character."""
    text = doc.text
    ties: dict[str, set[str]] = {}
    for s, e, cid in names:
        for m in (_ROLE_AFTER_NAME_RE.match(text, e), _ROLE_BEFORE_NAME_RE.search(text, max(0, s - 30), s)):
            if m and m.group(1) not in PERSON_NOUNS and m.group(1) not in _NOT_ROLES:
                ties.setdefault(m.group(1), set()).add(cid)
    return {r: next(iter(c)) for r, c in ties.items() if len(c) == 1}


_NOT_ROLES = frozenset("same other next first last one rest end way time day night house room".split())


def resolve(doc: Document, narration_only_names: bool = True, *, model: object = None,
            collect: list | None = None) -> list[Mention]:
    """Pronoun and description mentions in text order, each linked to a character or None.

    ``model``: the learned scorer that picks among the candidates ("shipped": the one in
    ``models/coref.json``; None, the default: the rules alone). ``collect``: when a list, each he/she
    pronoun appends ``(start, end, candidate ids, feature rows)`` to it (for training)."""
    text = doc.text
    scorer = _shipped() if model == "shipped" else model
    gender = {c.id: gender_of(c) for c in doc.characters}
    they_people = {cid for cid, g in gender.items() if g == "nonbinary"}
    quotes = _Quotes(doc)
    names = sorted((m.start, m.end, m.character) for m in doc.mentions
                   if m.character is not None and m.kind in ("name", "nominal", "description"))
    taken = {(m.start) for m in doc.mentions}
    ties = _role_ties(doc, names) if DESCRIPTIONS else {}
    spouse_of: dict[tuple[str, str], str] = {}  # ("mrs", surname) -> character
    for c in doc.characters:
        w = c.name.replace(".", "").split()
        if len(w) == 2 and w[0].lower() in ("mr", "mrs"):
            spouse_of.setdefault((w[0].lower(), w[1]), c.id)
    surname = {c.id: c.name.replace(".", "").split()[-1] for c in doc.characters if len(c.name.split()) >= 2}
    descs = []
    if DESCRIPTIONS:
        for m in _DESCRIPTION_RE.finditer(text):
            noun = m.group(2)
            if m.start() not in taken and (noun in PERSON_NOUNS or (noun in ties and m.group(1).lower() == "the")):
                descs.append(m)
    mentions_of = {c.id: c.mentions for c in doc.characters}
    fallback: dict[str, str] = {}
    if USE_FALLBACK:
        for c in doc.characters:  # numbered by how often they are named
            if gender[c.id] in ("male", "female") and c.mentions >= FALLBACK_MIN_MENTIONS:
                fallback.setdefault(gender[c.id], c.id)
    # salience: cid -> [value, sentence of value, last role, sentence of last subject mention, last seen]
    sal: dict[str, list] = {}
    out: list[Mention] = []
    sent = 0
    ni = di = 0
    last_pronoun: tuple[int, str | None] = (-1, None)
    clause_subject: list = [-1, None, False]  # [sentence, character, named] of the latest subject
    last_object: list = [-1, None]  # [sentence, character] of the latest object pronoun
    count = [0, 0, 0, 0]  # [mentions so far, paragraphs so far, he/she pronouns since a man/woman was named]
    last_of: dict[str, str] = {}  # gender -> the latest he/she pronoun's referent
    pending: list[tuple[int, list[str], list[list[float]]]] = []  # (index in out, candidates, rows)
    pron_count: dict[str, dict[str, float]] = {}  # gender -> character -> narration pronouns taken

    def add(cid: str, w: float, role: str, subj: bool, named: bool = False, quoted: bool = False,
            tag: bool = False, at: int = 0) -> None:
        if subj:
            clause_subject[0], clause_subject[1], clause_subject[2] = sent, cid, named
        count[0] += 1
        e = sal.get(cid)
        if e is None:
            # [value, its sentence, last role, last subject sentence, last seen, mention
            # number, in a quotation, named, paragraph, mentions]
            sal[cid] = [w, sent, role, sent if subj else -9, sent, count[0], quoted, named, count[1], 1, tag, at]
            if len(sal) > 2 * MAX_ACTIVE:  # a text with no sentence ends: keep the most salient
                keep = sorted(sal, key=lambda k: -sal[k][0] * DECAY ** (sent - sal[k][1]))[:MAX_ACTIVE]
                for k in set(sal) - set(keep):
                    del sal[k]
            return
        e[0] = e[0] * DECAY ** (sent - e[1]) + w
        e[1] = sent
        e[2] = role
        e[4] = sent
        e[5] = count[0]
        e[6] = quoted
        e[7] = named
        e[8] = count[1]
        e[9] += 1
        e[10] = tag
        e[11] = at
        if subj:
            e[3] = sent

    def description(d: re.Match) -> None:
        det, noun = d.group(1).lower(), d.group(2)
        cid = None
        if det == "the" and noun in ties:
            cid = ties[noun]
        elif det == "the" and PERSON_NOUNS.get(noun):
            g = PERSON_NOUNS[noun]
            ranked = sorted(((v * DECAY ** (sent - at), c) for c, (v, at, *_r) in sal.items()
                             if gender.get(c) == g), reverse=True)
            if ranked and ranked[0][0] >= FORGET and (
                    len(ranked) == 1 or ranked[0][0] >= DESCRIPTION_MARGIN * ranked[1][0]):
                cid = ranked[0][1]
        elif det in ("his", "her") and noun in SPOUSE and last_pronoun[0] == d.start() and last_pronoun[1]:
            sur = surname.get(last_pronoun[1])
            cid = spouse_of.get((SPOUSE[noun], sur)) if sur else None
        subj = _is_subject_at(text, d.start(), d.end())
        if cid is not None:
            add(cid, _role_weight(text, d.start(), d.end(), subj), "subj" if subj else "obj", subj, False,
                False, False, d.end())
        out.append(Mention(d.start(), d.end(), cid, "description"))

    for m in _TOKEN_RE.finditer(text):
        pos = m.start()
        while True:  # names and descriptions before this token, in text order
            ns = names[ni][0] if ni < len(names) else None
            ds = descs[di].start() if di < len(descs) else None
            if ds is not None and ds < pos and (ns is None or ds <= ns):
                description(descs[di])
                di += 1
            elif ns is not None and ns < pos:
                s, e, cid = names[ni]
                ni += 1
                subj = _is_subject_at(text, s, e)
                w = _role_weight(text, s, e, subj)
                q = quotes.inside(s)
                if gender.get(cid) == "male":
                    count[2] = 0
                elif gender.get(cid) == "female":
                    count[3] = 0
                if narration_only_names and q:
                    w *= QUOTED
                add(cid, w, "subj" if subj else "obj", subj, True, q,
                    bool(_SAID_BEFORE_RE.search(text, max(0, s - 16), s)), e)
            else:
                break
        if m.group(2) is not None:
            w = text[max(0, pos - 4):pos].split()
            if not (w and w[-1].lower().strip("\"'\u201c") in _TITLE_STOP):
                sent += 1
                if sent % 8 == 0:  # forget the faded, so the table stays small
                    for k in [k for k, v in sal.items() if v[0] * DECAY ** (sent - v[1]) < FORGET]:
                        del sal[k]
            continue
        if m.group(3) is not None:
            sent += 1
            count[1] += 1
            continue
        low = m.group(1).lower()
        g, role = _PRONOUN_WORDS[low]
        if g == "nonbinary" and not they_people:
            continue
        if role == "her":
            nxt = _NEXT_WORD_RE.match(text, m.end())
            role = "obj" if (not nxt or nxt.group(1).lower() in _HER_OBJECT_NEXT
                             or text[m.end():m.end() + 1] in ".,;:!?\"'\u201d\u2019") else "poss"
        bound = None
        if role == "obj" and clause_subject[0] == sent:
            before = _WORD_BEFORE_RE.search(text, max(0, pos - 14), pos - 1 if pos else 0)
            if (BIND_AFTER_PREPOSITION and clause_subject[2]) or not (
                    before and before.group(1).lower() in _PREPOSITIONS):
                bound = clause_subject[1]  # "he nodded at her" / "Dr. Torres gave him"
        owner = clause_subject[1] if role == "poss" and clause_subject[0] == sent else None
        later: frozenset[str] = frozenset()
        if PRINCIPLE_C and role == "subj" and ni < len(names):
            # "He looked at Finn": a subject pronoun is not a person named later in its clause
            # (a clause is read at most CLAUSE_REACH characters on: text with no
            # punctuation must not make every pronoun scan to the end)
            reach = min(len(text), m.end() + CLAUSE_REACH)
            end = _CLAUSE_END_RE.search(text, m.end(), reach)
            stop = end.start() if end else reach
            j, found = ni, set()
            while j < len(names) and names[j][0] < stop and len(found) < 4:
                found.add(names[j][2])
                j += 1
            later = frozenset(found)
        switch = None
        if (SWITCH and role == "subj" and clause_subject[0] == sent and clause_subject[2]
                and last_object[0] == sent and last_object[1] != clause_subject[1]
                and gender.get(clause_subject[1]) == g and gender.get(last_object[1]) == g
                and _AND_BEFORE_RE.search(text, max(0, pos - 8), pos)):
            # "Finn looked at him in shock, and he smiled": the "and he" after a named
            # subject and an object "him" is the object's turn
            switch = last_object[1]
        focal = None
        inq = quotes.inside(pos)
        if FOCUS_BONUS and not inq:
            fc = pron_count.get(g)
            if fc:
                focal = max(fc, key=lambda c: (fc[c], c))
        rule_scores: dict[str, float] | None = {} if (scorer is not None or collect is not None) else None
        cid = _choose(sal, gender, g, role, sent, fallback if not quotes.inside(pos) or QUOTE_FALLBACK else {},
                      bound, owner, focal, rule_scores, later)
        if switch is not None:
            cid = switch
        if g != "nonbinary" and (scorer is not None or collect is not None):
            # the people the rules weighed (of the pronoun's gender or unknown, not bound
            # out: "Anne smiled at her" is not Anne), the best few of them
            cands = list(rule_scores) if len(rule_scores) <= CANDIDATES else heapq.nlargest(
                CANDIDATES, rule_scores, key=rule_scores.__getitem__)
            if cid is not None and cid not in cands:
                cands.append(cid)
            fb = fallback.get(g)
            if fb is not None and fb not in sal:  # nobody of the gender in reach: the most named
                cands.append(fb)
            tag = TAG_KEEPS_RULES and _in_speech_tag(text, pos, m.end())
            if (len(cands) > 1 and not tag) or collect is not None:
                rows = _features(cands, sal, gender, g, role, sent, cid, clause_subject, last_object, switch,
                                 focal, last_of.get(g), last_pronoun[1], inq, count, mentions_of, fb,
                                 pron_count.get(g), rule_scores, pos)
                if collect is not None:
                    collect.append((pos, m.end(), cands, rows))
                if scorer is not None and len(cands) > 1 and not tag:
                    pending.append((len(out), cands, rows))
        if g == "nonbinary" and cid is None:
            continue  # a plural "they": not a person of the cast
        if cid is not None:
            if gender.get(cid) is None and g != "nonbinary":
                gender[cid] = g  # the text has now said which pronoun this person takes
            subj = role == "subj" and _is_subject_at(text, pos, m.end())
            add(cid, _role_weight(text, pos, m.end(), subj), role, subj, False, inq, False, m.end())
            if g != "nonbinary":
                last_of[g] = cid
                count[2 if g == "male" else 3] += 1
            if role == "obj":
                last_object[0], last_object[1] = sent, cid
            if not quotes.inside(pos):
                pc = pron_count.setdefault(g, {})
                pc[cid] = pc.get(cid, 0.0) * FOCUS_DECAY + 1.0
                if len(pc) > 2 * MAX_ACTIVE:
                    for k in sorted(pc, key=lambda k: pc[k])[:MAX_ACTIVE]:
                        del pc[k]
        out.append(Mention(pos, m.end(), cid, "pronoun"))
        last_pronoun = (pos, cid)
        if di < len(descs) and descs[di].start() == pos:  # "his wife": its owner is known now
            description(descs[di])
            di += 1
    if pending:  # the learned scorer's picks, all pronouns scored in one go
        sc = np.asarray(scorer([r for _, _, rows in pending for r in rows]))
        sizes = np.array([len(c) for _, c, _ in pending])
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        group = np.repeat(np.arange(len(pending)), sizes)
        at_max = np.flatnonzero(sc == np.maximum.reduceat(sc, starts)[group])
        _, first = np.unique(group[at_max], return_index=True)  # the first best of each pronoun
        for (i, cands, _rows), j, s0 in zip(pending, at_max[first].tolist(), starts.tolist(), strict=True):
            old = out[i]
            out[i] = Mention(old.start, old.end, cands[j - s0], old.kind)
    return out


# The learned scorer's features of one candidate for one he/she pronoun, in this order:
# BASE_FEATURES (computed per candidate), then each of INTERACT_WITH times each of
# INTERACTED (so a linear model can weigh the rules' pick, the clause subject and the
# chain differently for an object, a possessive, a reflexive and a quoted pronoun).
BASE_FEATURES: tuple[str, ...] = (
    "rule", "salience", "share", "rank", "since_seen", "since_subject", "mentions_since",
    "paragraphs_since", "parallel", "last_subject", "unknown_gender", "clause_subject",
    "clause_subject_named", "last_object", "switch", "focal", "previous_same_gender",
    "previous_pronoun", "pronoun_quoted", "candidate_quoted", "named_last", "fallback",
    "named_often", "window_mentions", "candidates", "role_subj", "role_obj", "role_poss", "role_refl",
    "recency_rank", "salience_gap", "pronoun_share", "speech_tag", "rule_score", "rule_gap",
    "chars_since", "pronoun_run", "named_rank",
)
INTERACT_WITH = ("obj", "poss", "refl", "quoted")
INTERACTED = ("rule", "clause_subject", "same_sentence", "salience", "previous_same_gender")
FEATURES: tuple[str, ...] = (*BASE_FEATURES, *(f"{r}_{f}" for r in INTERACT_WITH for f in INTERACTED))
_ON_COLS = [BASE_FEATURES.index(f) for f in ("role_obj", "role_poss", "role_refl", "pronoun_quoted")]
_BY_COLS = [BASE_FEATURES.index(f) for f in ("rule", "clause_subject", "since_seen", "salience",
                                              "previous_same_gender")]
_SINCE_SEEN = INTERACTED.index("same_sentence")
_NO_ENTRY = (30.0, 30.0, 50.0, 10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def feature_matrix(rows: list[list[float]]) -> np.ndarray:
    """The full :data:`FEATURES` matrix from :func:`_features` rows (the interactions added in numpy)."""
    x = np.array(rows, dtype=float).reshape(-1, len(BASE_FEATURES))
    by = x[:, _BY_COLS]
    by[:, _SINCE_SEEN] = by[:, _SINCE_SEEN] == 0.0
    inter = x[:, _ON_COLS][:, :, None] * by[:, None, :]
    return np.hstack([x, inter.reshape(len(x), len(_ON_COLS) * len(_BY_COLS))])


def _features(cands: list[str], sal: dict[str, list], gender: dict[str, str | None], g: str, role: str,
              sent: int, rule: str | None, clause_subject: list, last_object: list, switch: str | None,
              focal: str | None, previous: str | None, previous_any: str | None, quoted: bool,
              count: list, mentions_of: dict[str, int], fallback: str | None,
              taken: dict[str, float] | None, rule_scores: dict[str, float], pos: int) -> list[list[float]]:
    """One row of :data:`BASE_FEATURES` per candidate (the state the rules see, nothing else)."""
    log1p = math.log1p
    k = len(cands)
    ents = [sal.get(c) for c in cands]
    vals = [e[0] * DECAY ** (sent - e[1]) if e else 0.0 for e in ents]
    total = sum(vals) or 1.0
    rank = [0] * k
    for r, i in enumerate(sorted(range(k), key=vals.__getitem__, reverse=True)):
        rank[i] = r
    last = [e[5] if e else -1 for e in ents]
    rrank = [0] * k
    for r, i in enumerate(sorted(range(k), key=last.__getitem__, reverse=True)):
        rrank[i] = r
    named = [mentions_of.get(c, 0) for c in cands]
    orank = [0] * k
    for r, i in enumerate(sorted(range(k), key=named.__getitem__, reverse=True)):
        orank[i] = r
    top = math.log1p(max(vals)) if k else 0.0
    ptotal = sum(taken.values()) if taken else 0.0
    rtop = math.log1p(max(0.0, max(rule_scores.values(), default=0.0)))
    run = math.log1p(count[2 if g == "male" else 3])
    roles = (float(role == "subj"), float(role == "obj"), float(role == "poss"), float(role == "refl"))
    cs = clause_subject[1] if clause_subject[0] == sent else None
    lo = last_object[1] if last_object[0] == sent else None
    n = float(k)
    fq = float(quoted)
    c0, c1 = count[0], count[1]
    rows = []
    for i, c in enumerate(cands):
        e = ents[i]
        if e:
            a, b, d, f = sent - e[4], sent - e[3], c0 - e[5], c1 - e[8]
            ev = (a if a < 30 else 30, b if b < 30 else 30, d if d < 50 else 50, f if f < 10 else 10,
                  float(e[2] == role), float(e[2] == "subj"), float(e[6]), float(e[7]), e[9], float(e[10]))
        else:
            ev = _NO_ENTRY
        lv = log1p(vals[i])
        r = rule_scores.get(c, 0.0)
        rs = log1p(r) if r > 0.0 else 0.0
        rows.append([
            float(c == rule), lv, vals[i] / total, float(rank[i]), *ev[:6], float(gender.get(c) is None),
            float(c == cs), float(c == cs and clause_subject[2]), float(c == lo), float(c == switch),
            float(c == focal), float(c == previous), float(c == previous_any), fq, ev[6], ev[7],
            float(c == fallback and e is None), log1p(named[i]), log1p(ev[8]), n, *roles,
            float(rrank[i]), lv - top, (taken.get(c, 0.0) / ptotal) if ptotal else 0.0, ev[9], rs, rtop - rs,
            log1p(pos - e[11]) if e and pos > e[11] else (0.0 if e else 12.0), run, float(orank[i])])
    return rows


_SHIPPED: list = []


def _shipped():
    """The shipped scorer (models/coref.json), loaded once; a missing or stale file is an error."""
    if not _SHIPPED:
        from .models import load_model

        _SHIPPED.append(scorer_from_dict(load_model("coref", features=FEATURES)))
    return _SHIPPED[0]


def scorer_from_dict(d: dict):
    """A callable: :func:`_features` rows -> one score per row (a linear model over :data:`FEATURES`)."""
    if d.get("kind") != "linear":
        raise ModelError(f"coref model kind {d.get('kind')!r} is not known; retrain it")
    coef = [float(x) for x in d["coef"]]
    scale = [float(x) or 1.0 for x in d["scale"]]
    if len(coef) != len(FEATURES) or len(scale) != len(FEATURES):
        raise ModelError("coref model file is corrupt (weights do not match its features); retrain it")
    w = np.array([c / s for c, s in zip(coef, scale, strict=True)])

    def score_linear(rows: list[list[float]]) -> np.ndarray:
        # the mean and intercept shift every candidate of a pronoun alike: only the order matters
        return feature_matrix(rows) @ w

    return score_linear


def _choose(sal: dict[str, list], gender: dict[str, str | None], g: str, role: str, sent: int,
            fallback: dict[str, str], subject: str | None = None, owner: str | None = None,
            focal: str | None = None, scores: dict[str, float] | None = None,
            later: frozenset[str] = frozenset()) -> str | None:
    best, best_v = None, FORGET
    bound = None
    for cid, (v, at, last_role, subj_at, *_rest) in sal.items():
        cg = gender.get(cid)
        if cg != g and not (cg is None and g != "nonbinary"):
            continue
        v = v * DECAY ** (sent - at)
        if role == "obj" and (cid == subject if CLAUSE_BINDING else subj_at == sent):
            bound = bound or cid
            continue  # "Anne kissed her" is not Anne
        if cid in later:
            continue  # "He looked at Finn" is not Finn
        if role != "refl" and last_role == role or (role == "poss" and last_role == "subj"):
            v += PARALLEL * DECAY ** (sent - at)
        if role == "refl" and at != sent:
            v *= 0.5
        if cid == owner:
            v += SUBJECT_OWNS  # "Derek couldn't help the smile on his face"
        if cid == focal:
            v += FOCUS_BONUS  # the one the narration keeps calling "he" (the point of view)
        if cg is None:
            v *= UNKNOWN_PENALTY
        if scores is not None:
            scores[cid] = v
        if v > best_v or (v == best_v and best is not None and cid < best):
            best, best_v = cid, v
    if best is None and BOUND_FALLBACK:
        best = bound  # the only one in reach ("the kind of man who let his feelings speak for him")
    if best is None and g in fallback:
        best = fallback[g]  # before anyone of this gender is named: the most named of them
    return best


def find_coreference(doc: Document, scorer: bool = False) -> Document:
    """Add pronoun (and description) mentions linked to characters.

    ``scorer``: let the learned scorer (models/coref.json) pick among the rules'
    candidates (off by default; see :data:`TAG_KEEPS_RULES` and the README's figures)."""
    if not doc.characters:
        return doc
    found = resolve(doc, model="shipped" if scorer else None)
    pron = [m for m in found if m.kind == "pronoun"]
    links: dict[str, dict[str, int]] = {}
    for m in pron:
        if m.character is not None:
            g, _ = _PRONOUN_WORDS[doc.text[m.start:m.end].lower()]
            d = links.setdefault(m.character, {})
            d[g] = d.get(g, 0) + 1
    characters = settle(doc.characters, links)
    if not found and characters == doc.characters:
        return doc
    mentions = tuple(sorted((*doc.mentions, *found), key=lambda m: (m.start, m.end)))
    return doc.evolve(mentions=mentions, characters=characters)


_FIRST_SECOND_RE = re.compile(r"\b(?:(I|me|my|mine|myself)|(you|your|yours|yourself))\b", re.IGNORECASE)


def link_dialogue(doc: Document) -> Document:
    """Second pass, once speakers are known: inside each quotation "I/me/my" is its
    speaker and "you/your" its addressee (when there is exactly one), as pronoun mentions.

    Called at the end of the speakers stage, so the document that stage hands on has
    every pronoun mention the contract lists; linear in the quoted text."""
    extra: list[Mention] = []
    for u in doc.utterances:
        if u.speaker is None:
            continue
        addressee = u.addressees[0] if len(u.addressees) == 1 else None
        for qi in u.quotes:
            q = doc.quotes[qi]
            for m in _FIRST_SECOND_RE.finditer(doc.text, q.start, q.end):
                if m.group(1) is not None:
                    if m.group(1) == "i":
                        continue  # a lowercase "i" is rarely the pronoun in typed text
                    extra.append(Mention(m.start(), m.end(), u.speaker, "pronoun"))
                else:
                    extra.append(Mention(m.start(), m.end(), addressee, "pronoun"))
    if not extra:
        return doc
    return doc.evolve(mentions=tuple(sorted((*doc.mentions, *extra), key=lambda m: (m.start, m.end))))
