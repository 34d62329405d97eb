"""The not-a-person filter: clusters that name a place, a date, an oath or a heading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..speech import SAYING_VERBS
from ..titles import BARE_TITLES, SAINT
from .forms import CALENDAR, Form, _looks_common
from .lexicon import Lexicon, lexicon

_ROMAN_WORD = re.compile(r"[IVXLCDM]+")
# Prepositions that put a place after them ("in England"), and ones that put either.
_PLACE_PREPS = frozenset("in into near towards toward across through throughout within "
                         "round around outside beyond".split())
_EITHER_PREPS = frozenset("to from at of for".split())
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^\w\n.!?]{0,3}(?:[Tt]he[ \t]+)?$")  # "said the X"
_OWNER = re.compile(r"[ \t]?['’]s\b")  # tokenised texts write "Cromwell 's"
_AFTER = re.compile(r"[ \t]*(,?)[ \t]*([A-Za-z]+|[!?])")




def _word_before(text: str, start: int) -> re.Match[str] | None:
    """``_WORD_BEFORE`` searched in the 20 characters before ``start``, from the last
    line end among them on: no match spans a line end (one may end just before the
    line end at ``start``), so the places before it are not tried."""
    lo = max(0, start - 20)
    nl = text.rfind("\n", lo, start - 1) if start > 0 else -1
    return _WORD_BEFORE.search(text, lo if nl < 0 else nl + 1, start)


@dataclass
class Evidence:
    """How the text uses one cluster's mentions: as a speaker, after a place
    preposition, in an exclamation ("By Jove!"), only at a sentence's start."""

    count: int = 0
    speech: int = 0
    place: int = 0
    either: int = 0
    exclaim: int = 0
    initial: int = 0
    capitals: int = 0


def evidence(forms: tuple[Form, ...] | list[Form], text: str) -> Evidence:
    """Count the uses of a cluster's mentions (see :class:`Evidence`)."""
    ev = Evidence()
    for f in forms:
        for m in f.mentions:
            ev.count += 1
            before = _word_before(text, m.start)
            prev = before.group(1).lower() if before else ""
            after = _AFTER.match(text, m.end)
            nxt = after.group(2).lower() if after else ""
            if prev in SAYING_VERBS or nxt in SAYING_VERBS:  # not "began", "returned"
                ev.speech += 1
            owner = _OWNER.match(text, m.end) is not None  # "in Cromwell's time": his time
            if prev in _PLACE_PREPS and not owner:
                ev.place += 1
            elif prev in _EITHER_PREPS and not owner:
                ev.either += 1
            if (prev == "by" and after and after.group(1 if after.group(1) else 2) in (",", "!")
                    ) or (nxt == "!" and not after.group(1)):
                ev.exclaim += 1
            ev.initial += m.initial
            surface = [w for w in text[m.start:m.end].split() if len(w) > 1]
            ev.capitals += bool(surface) and all(w.isupper() for w in surface)
    return ev


def _people_word(word: str, lex: Lexicon) -> bool:
    """A people, language or faith ("French", "Prussians", "Frenchmen"), and no
    common given name ("Frank", "Norman")."""
    if word in lex.male_names or word in lex.female_names:
        return False
    if word in lex.peoples:
        return True
    for suffix in ("men", "man", "women", "woman", "s", "es"):
        if word.endswith(suffix) and word[:-len(suffix)] in lex.peoples:
            return True
    return word.endswith("men") and word[:-3] + "ch" in lex.peoples  # Dutchmen


def not_a_person(forms: tuple[Form, ...] | list[Form], text: str, lower: Counter[str]) -> str:
    """Why a cluster of capitalised words is no character, or "" when it may be one.

    Why: on a long novel every capitalised run the mention model half-believes becomes
    a "character": interjections ("O", "By Jove!"), chapter numbers ("VII"), headings
    in capitals, titles alone ("Messrs"), peoples and languages ("French"), places
    ("in Brussels"), weekdays, and sentence-initial words. Each test needs the cluster
    to lack what a person has: a title with a name, a given name, a speech tag.
    """
    lex = lexicon()
    named = [f for f in forms if f.names]
    if not named:
        return ""  # a role such as "the Chief"
    if any(f.honorifics and not set(f.honorifics) <= SAINT for f in named):
        return ""  # "Mrs. Bute", and "Miss B" too: someone's name cut short
    written = [w for f in named for m in f.mentions for w in m.names]
    if all(len(w) == 1 or _ROMAN_WORD.fullmatch(w) for w in written):
        return "letters"
    if all(len(f.names) == 1 and f.names[0] in BARE_TITLES and not f.honorifics
           for f in named):
        return "title"
    ev = evidence(forms, text)
    if ev.capitals == ev.count:
        return "capitals"
    if ev.speech * 20 >= ev.count:  # a speaker; a stray "French, said he" in 138 is not
        return ""
    # by most of the mentions: a slip joined as a variant ("Greekly") changes nothing
    if sum(f.count for f in named if all(_people_word(w, lex) for w in f.names)) * 5 >= ev.count * 4:
        return "people"
    if sum(f.count for f in named if all(w in CALENDAR for w in f.names)) * 5 >= ev.count * 4:
        return "calendar"
    # Most mentions under a given name make a person, unless it is a saint's ("St.
    # Helena") or the text keeps putting it after "in" ("in India": people rarely are).
    given = sum(f.count for f in named if not f.honorifics and (
        f.names[0] in lex.first_names or f.names[0] in lex.male_names
        or f.names[0] in lex.female_names))
    if given * 2 >= ev.count and (ev.place < 3 or ev.place * 8 < ev.count):
        return ""
    # "went to Jones" says little alone; with "in Brussels" beside it, it is a place
    if ev.place and (ev.place * 3 >= ev.count
                     or ((ev.place + ev.either) * 2 > ev.count and ev.count >= 3)
                     or (ev.place >= 3 and (ev.place + ev.either) * 3 >= ev.count)):
        return "place"
    if ev.exclaim * 2 > ev.count:
        return "exclamation"
    first = named[0].names[0]
    if ev.initial == ev.count and all(len(f.names) == 1 for f in named) and (
            lower[first] or _looks_common(first, lex)):
        return "sentence-initial"
    return ""
