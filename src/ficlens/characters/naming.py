"""The name a character goes by, chosen among the forms of its cluster.
"""

from __future__ import annotations

from collections import Counter

from ..titles import HONORIFICS
from .forms import _COUNT, CALENDAR, Form, _looks_common
from .lexicon import FUNCTION_WORDS, Lexicon, lexicon
from .mentions import NameMention


def _title_names_another(f: Form, lex: Lexicon) -> bool:
    """The title's gender is not the given name's: "Mrs. John Knightley" is John's
    wife, so her name keeps the title."""
    title = next((HONORIFICS.get(h) for h in f.honorifics if HONORIFICS.get(h)), None)
    first = f.names[0]
    male, female = first in lex.male_given, first in lex.female_given
    given = "male" if male and not female else "female" if female and not male else None
    return title is not None and given is not None and title != given


def _fallback_name(forms: list[Form]) -> str:
    """The older ranking, for clusters :func:`character_name` finds nothing clean in
    (only headings in capitals, only common words)."""
    lex = lexicon()
    titled = {f.names for f in forms if f.honorifics and f.names}
    # How each name word is written outside all-capitals headings ("Micawber").
    cased: dict[str, str] = {}
    for f in forms:
        for m in f.mentions:
            for w in m.names:
                if not w.isupper() or len(w) == 1:
                    cased.setdefault(w.lower(), w)

    def readable(f: Form) -> bool:
        """Not a heading in capitals, unless each word is also written normally."""
        words = [w for w in f.display.split() if len(w) > 1]
        return any(not w.isupper() for w in words) or all(n in cased for n in f.names)

    def rank(f: Form) -> tuple[int, ...]:
        # A bare surname ("Oakley") says less than its titled form ("Mrs. Oakley").
        bare_name = -1 if (len(f.names) == 1 and not f.honorifics
                           and f.names in titled) else int(bool(f.names) and not f.honorifics)
        return (
            readable(f),
            not any(_looks_common(w, lex) for w in f.names),
            len(f.names),
            f.link not in ("nickname", "prefix", "variant"),
            bare_name if f.names else -9,
            f.count,
            len(f.names[0]) if f.names else 0,
            -f.mentions[0].start,
        )

    best = max(forms, key=rank)
    if len(best.names) > 1 and best.honorifics and not _title_names_another(best, lex):
        # "Miss Jane Bennet" -> "Jane Bennet"
        name = " ".join(best.display.split()[len(best.honorifics):])
        if name.isupper() and all(n in cased for n in best.names):
            name = " ".join(cased[n] for n in best.names)
    elif best.names and not best.honorifics:
        name = _surface_names(best)
        if name.isupper() and all(n in cased for n in best.names):
            name = " ".join(cased[n] for n in best.names)
    else:
        name = best.display
    return name or best.display


def _surface_names(f: Form) -> str:
    """The most common way the name words are written ("Derek Shepherd")."""
    written = Counter(" ".join(m.names) for m in f.mentions if not " ".join(m.names).isupper())
    if not written:
        written = Counter(" ".join(m.names) for m in f.mentions)
    return written.most_common(1)[0][0]


# Titles that belong to a full name in English usage ("Sir Walter Elliot", "Lady
# Catherine de Bourgh"), unlike "Mr." or "Miss", which the full name drops. So do
# the titles of an office or a profession, which carry no gender ("Dr. Panna Lal",
# "Captain Frederick Wentworth").
RANK_TITLES = frozenset({"sir", "lady", "lord", "dame"})
# A full name written once is the name unless another form is this many times commoner.
ONCE_AMONG = 25


def _is_role(f: Form) -> bool:
    """A form used with "the" most of the time: a person known by a role ("the Queen")."""
    return sum(m.the for m in f.mentions) * 2 > f.count


def _capitals(surface: str) -> bool:
    return _capital_words(surface.split())


def _capital_words(words: list[str]) -> bool:
    """Every word of two letters or more is in capitals (and there is one): a heading."""
    words = [w for w in words if len(w) > 1]
    return bool(words) and all(w.isupper() for w in words)


def character_name(forms: list[Form], text: str, lower: Counter[str]) -> str | None:
    """The name a character goes by in the report: the fullest proper name the text
    gives, written as the text writes it.

    Why: a reader (and a cast list) knows "Bill" of "Bill Gorton" as Bill Gorton, and
    "Mrs. Moore" as Mrs. Moore; the first name alone is ambiguous across books and
    families. In order:

    1. A given name with a surname ("Bill Gorton", "Catherine de Bourgh"), used often
       enough to be how the person is known (see ``enough`` below), never a heading in
       capitals, never with a sentence-initial word the story otherwise writes in
       lowercase ("Tell Jake").
       "Mr." and "Miss" are dropped, a rank title ("Sir", "Lady", "Dr.") is kept when the text
       mostly writes it.
    2. Else a title with a name ("Mrs. Moore", "Dr. Aziz").
    3. Else the commonest one-word name or role, a role keeping its "the"
       ("the Queen", "the Mock Turtle"), a nickname only when nothing else is left.
    None when no form qualifies (the caller falls back to the older ranking).
    """
    if len(forms) == 1:
        return _one_form_name(forms[0], text, lower)
    return _name_of_forms(forms, text, lower)


_LINKED = ("nickname", "prefix", "variant")


def _clean_form(f: Form, role: bool, lower: Counter[str], lex: Lexicon) -> bool:
    """Whether the form may name the character (``character_name``'s test): no
    weekday or function word, not only a sentence's capitalised first word."""
    if any((w in CALENDAR and not role) or w in FUNCTION_WORDS for w in f.names):
        return False
    if f.names and all(m.initial and not m.honorifics for m in f.mentions) and (
            lower[f.names[0]] or _looks_common(f.names[0], lex)):
        return False  # "Tell Jake": the first word is only capitalised by position
    # a title says the word is a name ("Mr. Marvel", "Miss Quested")
    return (not f.names or bool(f.honorifics) or role or len(f.names) > 1
            or not _looks_common(f.names[0], lex))


def _one_form_name(f: Form, text: str, lower: Counter[str]) -> str | None:
    """:func:`character_name` of a character with one form, step by step as
    :func:`_name_of_forms` takes it, without the tallies across forms (a crowd of
    50,000 people named once each asks this 50,000 times)."""
    lex = lexicon()
    role = _is_role(f)
    names, hon = f.names, f.honorifics
    linked = f.link in _LINKED
    clean: list[bool] = []  # worked out when first asked, as there

    def is_clean() -> bool:
        if not clean:
            clean.append(_clean_form(f, role, lower, lex))
        return clean[0]

    # 1. the full name, counted over every title it is written with
    if (len(names) >= 2 and not role and not linked and is_clean()
            and not ("mrs" in hon and names[0] not in lex.female_names)):
        k = len(hon)
        drop = k and not (hon[-1] in RANK_TITLES or HONORIFICS.get(hon[-1], "") is None
                          or _title_names_another(f, lex))
        n = 0
        ways: dict[str, int] = {}
        for m in f.mentions:
            words = text[m.start:m.end].split()
            if _capital_words(words):
                continue
            n += 1
            if drop:
                words = words[k:]
            w = " ".join(words)
            ways[w] = ways.get(w, 0) + 1
        # (no other form: no word alone, no titled surname, every mention its own)
        if n and ((n >= 2 or n * ONCE_AMONG >= f.count) if names[0] in lex.first_names
                  else (n >= 3 and not _looks_common(names[0], lex))):
            return max(ways, key=lambda w: (ways[w], len(w)))
    # 2. a title with a surname, or a wife named after her husband
    if (hon and not role and f.count >= 2 and (
            (len(names) == 1 and names[0] not in lex.first_names)
            or ("mrs" in hon and len(names) > 1 and names[0] not in lex.female_names
                and not linked))
            and is_clean() and not _capitals(f.display)):
        return f.display
    # 3. one word or a role
    if not ((names or role) and is_clean()):
        return None
    if role:
        shown = Counter(" ".join(text[m.start:m.end].split()[1:]) for m in f.mentions if m.the)
        return "the " + shown.most_common(1)[0][0]
    ways = {}
    for m in f.mentions:
        w = " ".join(text[m.start:m.end].split())
        if not _capitals(w):
            ways[w] = ways.get(w, 0) + 1
    name = max(ways.items(), key=_COUNT)[0] if ways else f.display
    # "the Frenchman": a capitalised noun the text mostly writes after "the"
    after_the = sum(text[max(0, m.start - 4):m.start].lower() == "the " for m in f.mentions)
    if after_the * 2 > f.count and not hon and names[0] not in lex.first_names:
        return "the " + name
    return name


def _name_of_forms(forms: list[Form], text: str, lower: Counter[str]) -> str | None:
    """:func:`character_name`, for any number of forms."""
    lex = lexicon()
    linked = _LINKED
    # (whether each form is a role, asked of most forms several times; plain dicts
    # below, not Counters: this runs once per character, 50,000 times in a crowd)
    roles = {id(f): _is_role(f) for f in forms}

    def is_role(f: Form) -> bool:
        return roles[id(f)]

    cleaned: dict[int, bool] = {}  # (clean is asked twice of a form: once per form)

    def clean(f: Form) -> bool:
        got = cleaned.get(id(f))
        if got is None:
            got = cleaned[id(f)] = _clean(f)
        return got

    def _clean(f: Form) -> bool:
        return _clean_form(f, is_role(f), lower, lex)

    def written(m: NameMention) -> str:
        return " ".join(text[m.start:m.end].split())

    # 1. full names, counted over every title they are written with
    full: dict[tuple[str, ...], int] = {}
    surfaces: dict[tuple[str, ...], dict[str, int]] = {}
    for f in forms:
        if len(f.names) < 2 or is_role(f) or f.link in linked or not clean(f):
            continue
        if "mrs" in f.honorifics and f.names[0] not in lex.female_names:
            continue  # "Mrs. James Highcamp" is named after her husband
        k = len(f.honorifics)
        drop = k and not (f.honorifics[-1] in RANK_TITLES or HONORIFICS.get(f.honorifics[-1], "") is None
                          or _title_names_another(f, lex))
        for m in f.mentions:
            words = text[m.start:m.end].split()
            if _capital_words(words):
                continue
            full[f.names] = full.get(f.names, 0) + 1
            if drop:
                words = words[k:]
            ways = surfaces.get(f.names)
            if ways is None:
                ways = surfaces[f.names] = {}
            w = " ".join(words)
            ways[w] = ways.get(w, 0) + 1
    # A full name is how the text knows the person when it is written twice, or
    # once when nothing else names them 25 times as often: one use among hundreds
    # is a maiden name ("She was Brenda Rex"), a signature or a letter heading
    # ("Anna Weston" beside 250 "Mrs. Weston"). Its given name must be a known
    # one or used alone; otherwise it is as often a form of address ("Mistah
    # Frank") and needs a third use, and a common word ("Gatherer Cet") is a title.
    # Once is also enough when both halves name the person elsewhere, each in a
    # quarter of the mentions: "Adela Quested" once beside 99 "Adela" and 177 "Miss
    # Quested" (a maiden name's surname, "Rex", is used nowhere else; "Georgy Cupid"
    # once beside 140 "Georgy" and a joking "Captain Cupid" is still Georgy).
    alone: dict[str, int] = {}
    surnames: dict[str, int] = {}
    for f in forms:
        if len(f.names) == 1:
            if f.honorifics:
                surnames[f.names[0]] = surnames.get(f.names[0], 0) + f.count
            elif not is_role(f):
                alone[f.names[0]] = alone.get(f.names[0], 0) + f.count
    total = sum(f.count for f in forms)

    def enough(k: tuple[str, ...]) -> bool:
        n = full[k]
        if k[0] in alone or k[0] in lex.first_names:
            return (n >= 2 or n * ONCE_AMONG >= total
                    or (surnames.get(k[-1], 0) * 4 >= total and alone.get(k[0], 0) * 4 >= total))
        return n >= 3 and not _looks_common(k[0], lex)

    # (the first of the most used: what max() over them picks, without its layers)
    best = None
    best_rank = (0, 0)
    for k in full:
        if enough(k) and (best is None or (full[k], len(k)) > best_rank):
            best, best_rank = k, (full[k], len(k))
    if best is not None:
        ways = surfaces[best]
        return max(ways, key=lambda w: (ways[w], len(w)))

    # 2. a title with a surname ("Mrs. Moore"); a title with a given name ("Miss
    #    Emma", "Aunt Harriet") is only one way of addressing her (step 3)
    titled = [f for f in forms if f.honorifics and len(f.names) == 1 and not is_role(f)
              and f.names[0] not in lex.first_names and f.count >= 2
              and clean(f) and not _capitals(f.display)]
    bare = {f.names[0]: f.count for f in forms if len(f.names) == 1 and not f.honorifics}
    # A title adds no name word: the bare surname wins once it is ten times as
    # common ("Arobin" 66 times, "Mr. Arobin" 4).
    titled = [f for f in titled if f.count * 10 >= bare.get(f.names[0], 0)]
    # A wife named after her husband ("Mrs. John Knightley", skipped in step 1) is a
    # title with a name too, and the fuller one when the text writes it more often
    # than "Mrs. Knightley", which may be another wife of the family.
    titled += [f for f in forms if "mrs" in f.honorifics and len(f.names) > 1
               and f.names[0] not in lex.female_names and f.count >= 2 and not is_role(f)
               and f.link not in linked and clean(f) and not _capitals(f.display)]
    if titled:
        return max(titled, key=lambda f: (f.count, len(f.names))).display

    # 3. one word or a role
    rest = [f for f in forms if (f.names or is_role(f)) and clean(f)]
    if not rest:
        return None
    # a role ("the Chief") only when the text gives no proper name at all; a
    # nickname only when no other name is left, or when the other names are one-offs
    # beside it ("Teddy" 18 times, "King Edward" once)
    own = 0
    for f in rest:
        if f.count > own and f.link not in linked and not is_role(f):
            own = f.count

    def plain(f: Form) -> bool:
        return f.link not in linked or (own <= 2 and f.count >= 5 * own)

    # (capitalised common words, "District Superintendent", are no proper name either)
    pick = rest[0] if len(rest) == 1 else max(rest, key=lambda f: (
        not is_role(f) and not all(_looks_common(w, lex) for w in f.names),
        plain(f), not _capitals(f.display), f.count))
    if is_role(pick):
        shown = Counter(" ".join(written(m).split()[1:]) for m in pick.mentions if m.the)
        return "the " + shown.most_common(1)[0][0]
    ways: dict[str, int] = {}
    for w in map(written, pick.mentions):
        if not _capitals(w):
            ways[w] = ways.get(w, 0) + 1
    # (the first of the commonest, as Counter.most_common(1) picks)
    name = max(ways.items(), key=_COUNT)[0] if ways else pick.display
    # "the Frenchman": a capitalised noun the text mostly writes after "the"
    after_the = sum(text[max(0, m.start - 4):m.start].lower() == "the " for m in pick.mentions)
    if after_the * 2 > pick.count and not pick.honorifics and pick.names[0] not in lex.first_names:
        return "the " + name
    return name
