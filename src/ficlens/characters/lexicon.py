"""Word lists the name finder leans on, loaded once and only when needed.

Why these lists: a capitalised word is a person's name far more often when it is a
known first name, when it follows an honorific, and when English has no lowercase word
of that spelling. All lists come from installed packages (hunspell's en_US dictionary
shipped with chunspell, the ``nicknames`` table, ``nameparser``'s titles) or from the
small hand-made files in ``data/``; nothing is downloaded.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..titles import ABBREVIATIONS, HONORIFICS  # noqa: F401 - the titles live in ficlens.titles

# Words after a name that are not a name themselves ("James Stevenson, Esq.").
NAME_SUFFIXES = frozenset({"esq", "jr", "sr", "junior", "senior", "phd", "md"})
# Lowercase particles that may sit inside a name ("Ludwig van Beethoven").
PARTICLES = frozenset({"de", "van", "von", "der", "den", "du", "da", "di", "del", "della",
                       "la", "le", "ten", "ter", "y", "zu", "dos", "das", "bin", "ibn"})

# Function words: never the first word of a name, even where a dictionary lists them
# capitalised too ("At" is astatine, "Will" a name).
FUNCTION_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own same she should so some such than that the their theirs
    them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yet though
    although whether since unless oh ah yes yeah well like perhaps maybe still even then
    thus hence besides meanwhile suddenly finally poor dear dearest good old young little
    us we me you they them it let lets despite instead sometimes anyway okay ok""".split()
)

_DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Lexicon:
    lower_words: frozenset[str]   # hunspell entries written in lowercase
    proper_words: frozenset[str]  # hunspell entries written capitalised (lowercased here)
    first_names: frozenset[str]   # given names from the nicknames table (lowercase)
    nameparser_titles: frozenset[str]
    male_names: frozenset[str]
    female_names: frozenset[str]
    formal_of: dict[str, frozenset[str]]  # nickname -> the formal names it shortens
    zipf: dict[str, int]  # word -> rounded log10 of its count in symspellpy's web corpus
    peoples: frozenset[str] = frozenset()  # "french", "christian": groups, never one person
    # Given names that hint a gender: the two lists above (which the name-mention model
    # was trained with, so they stay as they are) and the longer ``*_names_more.txt``.
    male_given: frozenset[str] = frozenset()
    female_given: frozenset[str] = frozenset()


def _hunspell_words() -> tuple[frozenset[str], frozenset[str]]:
    lower: set[str] = set()
    proper: set[str] = set()
    try:
        path = resources.files("hunspell") / "dictionaries" / "en_US.dic"
        text = path.read_text(encoding="utf-8", errors="replace")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset(), frozenset()
    for line in text.splitlines()[1:]:
        word = line.split("/", 1)[0]
        if not word or not word[0].isalpha():
            continue
        if word[0].isupper():
            proper.add(word.lower())
        else:
            lower.add(word)
    return frozenset(lower), frozenset(proper)


def _nickname_table() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """All given names in the table, and nickname -> formal names ("bill" -> "william")."""
    names: set[str] = set()
    links: dict[str, set[str]] = {}
    try:
        path = resources.files("nicknames") / "names.csv"
        rows = csv.reader(path.read_text(encoding="utf-8").splitlines()[1:])
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset(), {}
    for row in rows:
        if len(row) != 3:
            continue
        a, _, b = row
        names.update((a, b))
        links.setdefault(b, set()).add(a)
    # The table lists some pairs both ways ("bill" -> "william" and "william" ->
    # "bill", "bella" <-> "isabella"); keep the direction in which the nickname is
    # the pet form ("Annie", "Sandy") or, failing that, the shorter name, so that
    # "Isabella" is never taken for a nickname of "Bella".
    for nick in list(links):
        for formal in list(links[nick]):
            if nick in links.get(formal, ()) and not _is_pet_form_of(nick, formal):
                links[nick].discard(formal)
    return frozenset(names), {k: frozenset(v) for k, v in links.items() if v}


_PET_ENDINGS = ("ie", "y", "ey", "ee")


def _is_pet_form_of(nick: str, formal: str) -> bool:
    """Whether ``nick`` is the familiar form of the two names: a pet ending the other
    lacks ("annie"/"ann"), else shorter ("bill"/"william"); same length, both ways."""
    a, b = nick.endswith(_PET_ENDINGS), formal.endswith(_PET_ENDINGS)
    if a != b:
        return a
    return len(nick) <= len(formal)


def _frequencies() -> dict[str, int]:
    """Rounded log10 word frequencies from the dictionary symspellpy ships."""
    out: dict[str, int] = {}
    try:
        path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
        text = path.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return out
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        if count:
            out[word] = len(count)
    return out


def _name_file(name: str) -> frozenset[str]:
    path = _DATA / name
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.lower() for line in lines if not line.lstrip().startswith("#")
                     for w in line.split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All word lists, built once per process (about 0.1 s)."""
    from nameparser.config import CONSTANTS

    lower, proper = _hunspell_words()
    first, links = _nickname_table()
    return Lexicon(
        lower_words=lower,
        proper_words=proper,
        first_names=first,
        nameparser_titles=frozenset(t.lower() for t in CONSTANTS.titles),
        male_names=_name_file("male_names.txt"),
        female_names=_name_file("female_names.txt"),
        formal_of=links,
        zipf=_frequencies(),
        peoples=_name_file("nationalities.txt"),
        male_given=_name_file("male_names.txt") | _name_file("male_names_more.txt"),
        female_given=_name_file("female_names.txt") | _name_file("female_names_more.txt"),
    )
