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

and the person it takes becomes the most recent one, so a run of "she ... she ... her"
keeps to one person until another of her gender is named. A person whose gender is
unknown is a candidate only when nobody of the pronoun's gender is in reach.
Narration pronouns look only at narration mentions (a name said inside a quotation
is mostly someone spoken to or about); pronouns inside a quotation look at both.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .document import Document, Mention
from .gender import gender_of, settle

# word -> (gender, role); "her" is decided by the word after it
_PRONOUN_WORDS: dict[str, tuple[str, str]] = {
    "he": ("male", "subj"), "him": ("male", "obj"), "his": ("male", "poss"), "himself": ("male", "refl"),
    "she": ("female", "subj"), "her": ("female", "her"), "hers": ("female", "poss"),
    "herself": ("female", "refl"),
    "they": ("nonbinary", "subj"), "them": ("nonbinary", "obj"), "their": ("nonbinary", "poss"),
    "theirs": ("nonbinary", "poss"), "themself": ("nonbinary", "refl"), "themselves": ("nonbinary", "refl"),
}
_TOKEN_RE = re.compile(
    r"\b(he|him|his|himself|she|her|hers|herself|they|them|their|theirs|themself|themselves)\b"
    r"|(?<![A-Z][a-z])(?<!\b[A-Z])([.!?]+)(?=[\s\"'\u201c\u201d\u2019)]|$)"
    r"|(\n[ \t]*\n)",
    re.IGNORECASE,
)
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)")
# Words after "her" that make it an object, not a possessive ("told her that").
_HER_OBJECT_NEXT = frozenset(
    """that to the a an and or but as if in on at by for from with into onto up down out
    off over back away again so too then when while what how why who where this these
    those some any all more no not nothing something everything anything it its
    himself herself is was were had has have would could should will might must""".split())
_TITLE_STOP = frozenset({"mr", "mrs", "ms", "dr", "st", "mx", "jr", "sr", "prof", "rev", "capt", "col", "gen"})
# how many sentences back a named person stays a candidate (then only the chain carries)
REACH_SENTENCES = 12
KEEP_PER_GENDER = 6


def _is_subject_at(text: str, start: int, end: int) -> bool:
    """A mention that opens its sentence or clause ("Anne spoke", "..., and Anne
    spoke") and is followed by a lowercase word (a verb, mostly)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\n\"'\u201c\u201d\u2018\u2019":
        i -= 1
    if i >= 0 and text[i] not in ".!?;:\u2014-":
        w = _WORD_BEFORE_RE.search(text, max(0, i - 12), i + 1)
        if not (w and w.group(1).lower() in _CLAUSE_OPENERS):
            return False
    m = _NEXT_WORD_RE.match(text, end)
    return bool(m and m.group(1)[:1].islower() and m.group(1).lower() not in ("and", "or"))


_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)$")
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
FORGET = 10.0  # salience below this is out of reach (and dropped)
UNKNOWN_PENALTY = 0.5  # a person of unknown gender competes at this share of their salience
# When the clause's subject is the only one in reach, an object pronoun takes it after
# all ("the kind of man who let his feelings speak for him").
BOUND_FALLBACK = True
# Nobody of the pronoun's gender in reach (a scene that opens with "she"): the most
# named person of that gender with at least FALLBACK_MIN_MENTIONS mentions, in
# narration and (QUOTE_FALLBACK) in quotations. Tuned on LitBank folds 2-7: 0.677 -> 0.747.
USE_FALLBACK = True
QUOTE_FALLBACK = True
FALLBACK_MIN_MENTIONS = 1


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


def resolve_pronouns(doc: Document, narration_only_names: bool = True) -> list[Mention]:
    """Pronoun mentions (kind "pronoun") in text order, each linked to a character or None."""
    text = doc.text
    gender = {c.id: gender_of(c) for c in doc.characters}
    they_people = {cid for cid, g in gender.items() if g == "nonbinary"}
    quotes = _Quotes(doc)
    names = sorted((m.start, m.end, m.character) for m in doc.mentions
                   if m.character is not None and m.kind in ("name", "nominal", "description"))
    fallback: dict[str, str] = {}
    if USE_FALLBACK:
        for c in doc.characters:  # numbered by how often they are named
            if gender[c.id] in ("male", "female") and c.mentions >= FALLBACK_MIN_MENTIONS:
                fallback.setdefault(gender[c.id], c.id)
    # salience: cid -> [value, sentence of value, last role, sentence of last subject mention]
    sal: dict[str, list] = {}
    out: list[Mention] = []
    sent = 0
    ni = 0

    def add(cid: str, w: float, role: str, subj: bool) -> None:
        e = sal.get(cid)
        if e is None:
            sal[cid] = [w, sent, role, sent if subj else -9, sent]
            return
        e[0] = e[0] * 0.5 ** (sent - e[1]) + w
        e[1] = sent
        e[2] = role
        e[4] = sent
        if subj:
            e[3] = sent

    for m in _TOKEN_RE.finditer(text):
        pos = m.start()
        while ni < len(names) and names[ni][0] < pos:
            s, e, cid = names[ni]
            ni += 1
            subj = _is_subject_at(text, s, e)
            w = _role_weight(text, s, e, subj)
            if narration_only_names and quotes.inside(s):
                w *= QUOTED
            add(cid, w, "subj" if subj else "obj", subj)
        if m.group(2) is not None:
            w = text[max(0, pos - 4):pos].split()
            if not (w and w[-1].lower().strip("\"'\u201c") in _TITLE_STOP):
                sent += 1
                if sent % 8 == 0:  # forget the faded, so the table stays small
                    for k in [k for k, v in sal.items() if v[0] * 0.5 ** (sent - v[1]) < FORGET]:
                        del sal[k]
            continue
        if m.group(3) is not None:
            sent += 1
            continue
        low = m.group(1).lower()
        g, role = _PRONOUN_WORDS[low]
        if g == "nonbinary" and not they_people:
            continue
        if role == "her":
            nxt = _NEXT_WORD_RE.match(text, m.end())
            role = "obj" if (not nxt or nxt.group(1).lower() in _HER_OBJECT_NEXT
                             or text[m.end():m.end() + 1] in ".,;:!?\"'\u201d\u2019") else "poss"
        cid = _choose(sal, gender, g, role, sent, fallback if not quotes.inside(pos) or QUOTE_FALLBACK else {})
        if g == "nonbinary" and cid is None:
            continue  # a plural "they": not a person of the cast
        if cid is not None:
            if gender.get(cid) is None and g != "nonbinary":
                gender[cid] = g  # the text has now said which pronoun this person takes
            subj = role == "subj" and _is_subject_at(text, pos, m.end())
            add(cid, _role_weight(text, pos, m.end(), subj), role, subj)
        out.append(Mention(pos, m.end(), cid, "pronoun"))
    return out


def _choose(sal: dict[str, list], gender: dict[str, str | None], g: str, role: str, sent: int,
            fallback: dict[str, str]) -> str | None:
    best, best_v = None, FORGET
    bound = None
    for cid, (v, at, last_role, subj_at, _seen) in sal.items():
        cg = gender.get(cid)
        if cg != g and not (cg is None and g != "nonbinary"):
            continue
        v = v * 0.5 ** (sent - at)
        if role == "obj" and subj_at == sent:
            bound = bound or cid
            continue  # "Anne looked at her" is not Anne
        if role != "refl" and last_role == role or (role == "poss" and last_role == "subj"):
            v += PARALLEL * 0.5 ** (sent - at)
        if role == "refl" and at != sent:
            v *= 0.5
        if cg is None:
            v *= UNKNOWN_PENALTY
        if v > best_v or (v == best_v and best is not None and cid < best):
            best, best_v = cid, v
    if best is None and BOUND_FALLBACK:
        best = bound  # the only one in reach ("the kind of man who let his feelings speak for him")
    if best is None and g in fallback:
        best = fallback[g]  # before anyone of this gender is named: the most named of them
    return best


def find_coreference(doc: Document) -> Document:
    """Add pronoun (and description) mentions linked to characters."""
    if not doc.characters:
        return doc
    pron = resolve_pronouns(doc)
    links: dict[str, dict[str, int]] = {}
    for m in pron:
        if m.character is not None:
            g, _ = _PRONOUN_WORDS[doc.text[m.start:m.end].lower()]
            d = links.setdefault(m.character, {})
            d[g] = d.get(g, 0) + 1
    characters = settle(doc.characters, links)
    if not pron and characters == doc.characters:
        return doc
    mentions = tuple(sorted((*doc.mentions, *pron), key=lambda m: (m.start, m.end)))
    return doc.evolve(mentions=mentions, characters=characters)
