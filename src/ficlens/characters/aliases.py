"""Group name mentions into characters: one person, every name the text uses for them.

Why these rules: stories call one person by a full name once ("Derek Shepherd"), then
by a first name, a surname with a title ("Dr. Shepherd"), a nickname ("Lizzy" for
"Elizabeth"), a clipped form ("Mer" for "Meredith") or a spelling slip ("Izzy"/"Izzie").
Each link is made only when it points to exactly one person, and never across a
known gender difference ("Mr. Bennet" and "Mrs. Bennet" are two people). Forms that
only give an office ("the Chief") stay their own character until the text or a cast
pack links them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from ..speech import SAYING_VERBS
from ..titles import BARE_TITLES, HONORIFICS, SAINT, SAME_TITLE, SURNAME_TITLES
from .lexicon import FUNCTION_WORDS, Lexicon, lexicon
from .mentions import DocStats, NameMention, _is_common

CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december christmas easter".split()
)

_STOP = re.compile(r"[.!?]")


# Titles a story may use alone as a person's name ("Mademoiselle played"), unlike
# "Sir" or "Doctor", which are also said to anyone.
TITLE_ALONE = frozenset("mademoiselle madame monsieur signora signor señora señor frau herr "
                        "fräulein".split())
# Ranks a story uses alone for the one person who holds them ("the Colonel" for
# Colonel Saunders), joined the same way.
RANKS_ALONE = frozenset("colonel major general captain admiral inspector professor".split())
TITLE_OR_RANK = TITLE_ALONE | RANKS_ALONE


@dataclass
class Form:
    """One way of naming someone, e.g. ("dr",) + ("Torres",), with its mentions."""

    key: str
    honorifics: tuple[str, ...]
    names: tuple[str, ...]  # lowercase name words
    mentions: list[NameMention] = field(default_factory=list)
    surfaces: Counter[str] = field(default_factory=Counter)
    link: str = "self"  # how it joined its character: "self", "nickname", "prefix", "variant"

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def display(self) -> str:
        """The commonest way this form is written, on one line."""
        return " ".join(self.surfaces.most_common(1)[0][0].split())


@dataclass(frozen=True)
class Cluster:
    """The forms of one character, and how the name was chosen."""

    forms: tuple[Form, ...]
    name: str
    variants: tuple[str, ...]


def form_gender(form: Form, lex: Lexicon) -> str | None:
    """Gender implied by an honorific ("Mrs.") or a gendered first name, else None.

    A title used alone as a name ("Madame", "Granny") carries its gender too.
    """
    for h in form.honorifics:
        g = HONORIFICS.get(h)
        if g:
            return g
    if len(form.names) == 1 and HONORIFICS.get(form.names[0]):
        return HONORIFICS[form.names[0]]
    if form.names:
        first = form.names[0]
        male, female = first in lex.male_names, first in lex.female_names
        if male != female:
            return "male" if male else "female"
    return None


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (returning limit + 1) past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def is_spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name: same start, similar length, one edit (two when the
    first three letters agree and both have four or more: "Izzy"/"Izzie")."""
    if a == b or a[:2] != b[:2] or min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 2:
        return False
    limit = 2 if a[:3] == b[:3] and min(len(a), len(b)) >= 4 else 1
    return edit_distance(a, b, limit) <= limit


class _Union:
    """Union-find over forms that refuses to join two known genders or two
    different family titles of one surname ("Mrs. Bennet" and "Miss Bennet")."""

    def __init__(self, forms: dict[str, Form], lex: Lexicon, text: str = "") -> None:
        from .pronouns import text_gender

        self.parent = {k: k for k in forms}
        self.sizes = dict.fromkeys(forms, 1)
        self.genders = {k: {g} if (g := form_gender(f, lex)) else set() for k, f in forms.items()}
        # (title, surname, gender) of each titled form: "Captain Weston" (he) is not
        # "Mrs. Weston", nor "Miss Bennet" "Mrs. Bennet".
        self.titles: dict[str, set[tuple[str, str, str | None]]] = {}
        for k, f in forms.items():
            g = None
            if f.honorifics and f.names:
                g = form_gender(f, lex) or (text_gender(text, f) if text else None)
            self.titles[k] = ({(SAME_TITLE.get(h, h), f.names[-1], g) for h in f.honorifics}
                              if f.names else set())

    def can_join(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if len(self.genders[ra] | self.genders[rb]) > 1:
            return False
        for h1, n1, g1 in self.titles[ra]:
            for h2, n2, g2 in self.titles[rb]:
                if n1 != n2 or h1 == h2:
                    continue
                if (HONORIFICS.get(h1) and HONORIFICS.get(h2)) or g1 is None or g1 != g2:
                    return False
        return True

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def size(self, k: str) -> int:
        return self.sizes[self.find(k)]

    def union(self, a: str, b: str) -> bool:
        if not self.can_join(a, b):
            return False
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.sizes[ra] += self.sizes[rb]
            self.genders[ra] |= self.genders[rb]
            self.titles[ra] |= self.titles[rb]
        return True


def _looks_common(word: str, lex: Lexicon) -> bool:
    """A lowercase English word or a simple inflection of one ("insists"), or a date."""
    if word in CALENDAR or _is_common(word, lex):
        return True
    if word in lex.first_names or word in lex.proper_words:
        return False
    return any(word.endswith(suf) and word[:-len(suf)] in lex.lower_words
               for suf in ("s", "es", "ed", "d", "ing", "ly", "est"))


def _same_sentence(text: str, a: Form, b: Form, window: int = 300) -> bool:
    """Whether the two forms are ever used in one sentence, one after the other."""
    return _times_together(text, a, b, window, stop_at=1) > 0


def _times_together(text: str, a: Form, b: Form, window: int = 300, stop_at: int = 0) -> int:
    """How often the two forms are used in one sentence, one after the other."""
    spots = sorted([(m.start, m.end, 0) for m in a.mentions] + [(m.start, m.end, 1) for m in b.mentions])
    n = 0
    for (_s1, e1, k1), (s2, _, k2) in zip(spots, spots[1:], strict=False):
        if k1 != k2 and 0 <= s2 - e1 < window and not _STOP.search(text, e1, s2):
            n += 1
            if n == stop_at:
                break
    return n


# Titles of an unmarried woman: with a surname alone they name the eldest daughter.
MISS_TITLES = frozenset("miss mademoiselle mlle fräulein señorita senorita signorina".split())


def _sisters(text: str, surname: str) -> bool:
    """The text speaks of several daughters of the family ("the Misses Dashwood",
    "the Miss Bennets", "the Bennet girls"), so "Miss Bennet" is only the eldest."""
    s = re.escape(surname)
    return re.search(rf"\bMisses[ \t\n]+{s}\b|\bMiss[ \t\n]+{s}e?s\b|\b{s}[ \t\n]+"
                     rf"(?:sisters|girls|daughters)\b", text, re.IGNORECASE) is not None


def _miss_is_the_given_name(text: str, f: Form, given: Form) -> bool:
    """Whether "Miss Quested" may join "Adela" (of "Adela Quested") although the two are
    once used in one sentence: a "Miss" title, no sisters in the family, and at most
    one such sentence (a mother and daughter, "Mrs. Barry told Diana", share many)."""
    return (bool(f.honorifics) and f.honorifics[-1] in MISS_TITLES
            and not _sisters(text, f.names[-1])
            and _times_together(text, f, given, stop_at=2) <= 1)


_LIST_GAP = re.compile(r",?\s+(?:and|or|&)\s+|,\s+|\s*/\s*")


def _listed_together(text: str, a: Form, b: Form) -> bool:
    """Whether the text lists the two forms side by side ("Jack and John"): two people."""
    ends = {m.end: 0 for m in a.mentions} | {m.end: 1 for m in b.mentions}
    starts = {m.start: 0 for m in a.mentions} | {m.start: 1 for m in b.mentions}
    for end, k in ends.items():
        gap = _LIST_GAP.match(text, end)
        if gap and starts.get(gap.end(), k) != k:
            return True
    return False


def _compatible(a: Form, b: Form, lex: Lexicon) -> bool:
    ga, gb = form_gender(a, lex), form_gender(b, lex)
    return ga is None or gb is None or ga == gb


def rescue(text: str, accepted: list[NameMention], rejected: list[NameMention],
           stats: DocStats) -> list[NameMention]:
    """Weak single words that are clearly forms of an accepted name.

    Why: a clipped name ("looked at Mer"), a second spelling ("Izzie's speech") or a
    possessive typed without its apostrophe in place ("Dereks'") reads like a word the
    model does not know; next to a known name it is that person. Only words never
    written in lowercase in the story qualify.
    """
    lex = lexicon()
    known = {m.names[0].lower() for m in accepted if m.names}
    known |= {m.names[-1].lower() for m in accepted if m.names}
    by_start: dict[str, list[str]] = defaultdict(list)  # both tests need the same 2 letters
    for k in known:
        by_start[k[:2]].append(k)
    out = []
    for m in rejected:
        if len(m.names) != 1 or m.honorifics or m.the:
            continue
        word = m.names[0]
        low = word.lower()
        if stats.lower[low] or (m.initial and _is_common(low, lex)) or len(low) < 3:
            continue
        if low.endswith("s") and low[:-1] in known and text[m.end:m.end + 1] in "'’":
            out.append(NameMention(m.start, m.end - 1, (), (word[:-1],), False, m.prob, m.initial))
            continue
        near = by_start.get(low[:2], ())
        longer = [k for k in near if len(k) > len(low) and k.startswith(low)]
        if len(longer) == 1 or any(is_spelling_variant(low, k) for k in near):
            out.append(m)
    return out


def _plural_of(word: str, names: Collection[str]) -> str | None:
    """The name of ``names`` that ``word`` is the plural of ("bingleys" -> "bingley")."""
    for stem in (word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
        if stem and stem in names:
            return stem
    return None


def _plural_family(word: str, surnames: Counter[str], uses: Counter[str]) -> bool:
    """"Bingleys" beside the surname "Bingley": the family. Not when the "plural"
    is the commoner name: 100 "De Griers" beside one misprinted "De Grier"."""
    stem = _plural_of(word, surnames)
    return stem is not None and surnames[stem] * 2 >= uses[word]


def _trim_opening_word(mentions: list[NameMention], text: str, lower: Counter[str]
                       ) -> list[NameMention]:
    """Drop a sentence's first word that is capitalised only because it opens the
    sentence ("Tell Jake I called", "Unluckily Aziz had gone"): an English word the
    story writes in lowercase elsewhere, no given name, and the rest is a name the
    story uses on its own. Otherwise "Tell Jake" would become a full name and pull "Jake"
    away from his real one."""
    lex = lexicon()
    keys = {m.key for m in mentions}
    out = []
    for m in mentions:
        if m.initial and len(m.names) > 1 and not m.honorifics and not m.the:
            first = m.names[0].lower()
            rest = " ".join(n.lower() for n in m.names[1:])
            if (lower[first] >= 2 and first not in lex.first_names and rest in keys
                    and (first in lex.lower_words or _looks_common(first, lex))):  # not "Citoyen"
                cut = text.find(m.names[1], m.start + len(m.names[0]), m.end)
                if cut > 0:
                    out.append(replace(m, start=cut, names=m.names[1:], initial=False))
                    continue
        out.append(m)
    return out


def build_forms(mentions: list[NameMention], text: str, lower: Counter[str] | None = None
                ) -> dict[str, Form]:
    """Mentions grouped by their normalised form.

    A family named in the plural ("the Bingleys", "Collinses") is a group, not a
    person, so those mentions are left out of the cast.
    """
    if lower is not None:
        mentions = _trim_opening_word(mentions, text, lower)
    surnames = Counter(m.names[-1].lower() for m in mentions
                       if len(m.names) > 1 or (m.names and m.honorifics))
    uses = Counter(m.names[-1].lower() for m in mentions if m.names)
    forms: dict[str, Form] = {}
    for m in mentions:
        if m.names and _plural_family(m.names[-1].lower(), surnames, uses):
            continue
        f = forms.get(m.key)
        if f is None:
            f = forms[m.key] = Form(m.key, m.honorifics, tuple(n.lower() for n in m.names))
        f.mentions.append(m)
        f.surfaces[text[m.start:m.end]] += 1
    return forms


def _split_adjacent_names(forms: dict[str, Form], text: str) -> None:
    """Undo two names that merely stand side by side ("told Sophie Howl was gone").

    When both words are common names on their own, used in one sentence as two
    people, and the pair is rarer than either, the pair is two mentions, not a
    full name; its mentions move to the two one-word forms. Only a pair written a
    few times is an accident of word order: "William Rodney" 27 times beside 275
    "William" and 271 "Rodney" is the man's name (a narrator who calls him both
    puts both in one sentence now and then).
    """
    for key, f in list(forms.items()):
        if len(f.names) != 2 or f.honorifics or f.count > ACCIDENTAL_PAIR_USES:
            continue
        a, b = forms.get(f.names[0]), forms.get(f.names[1])
        if a is None or b is None or min(a.count, b.count) < 2 * f.count:
            continue
        if not _same_sentence(text, a, b):
            continue
        for m in f.mentions:
            first = text[m.start:m.end].split()[0]
            a.mentions.append(NameMention(m.start, m.start + len(first), (), (m.names[0],)))
            b.mentions.append(NameMention(m.end - len(m.names[1]), m.end, (), (m.names[1],)))
            a.surfaces[m.names[0]] += 1
            b.surfaces[m.names[1]] += 1
        del forms[key]


def _pick(by_first: set[str], by_last: set[str], first_name: bool, surname_only: bool
          ) -> set[str]:
    """Which full names one word may join: by first word, by surname, or either."""
    if surname_only:
        return by_last
    return (by_first or by_last) if first_name else (by_last or by_first)


def cluster_forms(forms: dict[str, Form], text: str, lower: Counter[str] | None = None
                  ) -> list[Cluster]:
    """Join the forms that name one person (see the module docstring).

    ``lower`` counts the story's lowercase words: a word the story also writes in
    lowercase ("March", "Will") is never joined by nickname, clipping or spelling.
    """
    lower = lower if lower is not None else Counter()
    lex = lexicon()
    _split_adjacent_names(forms, text)
    uf = _Union(forms, lex, text)
    named = [f for f in forms.values() if f.names]
    full = [f for f in named if len(f.names) > 1]

    from .pronouns import text_gender

    # 1. Titled forms of the same name words with compatible titles: "Dr. Torres" /
    #    "Dr Torres", "Sir Walter Elliot" / "Walter Elliot" (not "Mr." / "Mrs.").
    by_names: dict[tuple[str, ...], list[Form]] = defaultdict(list)
    for f in named:
        by_names[f.names].append(f)
    for group in by_names.values():
        group.sort(key=lambda f: -f.count)
        titled = [f for f in group if f.honorifics]
        for f in group:
            if len(f.names) > 1 or f.honorifics:
                for g in titled:
                    if g is not f and _compatible(f, g, lex):
                        uf.union(g.key, f.key)

    # 2. One word (with or without a title) that is the first or last word of exactly
    #    one person's full name: "Tom" / "Mr. Sawyer" -> "Tom Sawyer". A known first
    #    name looks among first words first, anything else among surnames first.
    #    A gendered title joins only a full name of that same gender, and not one
    #    whose first name the text uses beside it as someone else ("Mrs. Barry told
    #    Diana": Mrs. Barry is not Diana Barry).
    #    Pairs with a common word ("Matthew Insists", "Diana Tuesday") are headings
    #    or slips, not full names, and are not linked to.
    junk = {g.key for g in full if any(_looks_common(w, lex) for w in g.names)}
    titled_names = {f.names for f in named if f.honorifics}
    # A full name written once ("Adela Quested") has too few pronouns of its own: the
    # pronouns of its given name used alone ("Adela") speak for it. (Written more
    # often, its own pronouns had their chance.)
    full_gender = {g.key: form_gender(g, lex) or text_gender(text, g)
                   or (text_gender(text, forms[g.names[0]])
                       if g.count == 1 and g.names[0] in forms else None)
                   for g in full}
    surname_titled = {f.names[0] for f in named if len(f.names) == 1 and f.honorifics
                      and f.honorifics[-1] in SURNAME_TITLES}
    # full names by their first and last word: only those can be a word's targets
    by_end: dict[str, list[Form]] = defaultdict(list)
    for g in full:
        by_end[g.names[0]].append(g)
        if g.names[-1] != g.names[0]:
            by_end[g.names[-1]].append(g)
    for f in sorted(named, key=lambda f: not f.honorifics):
        if len(f.names) != 1:
            continue
        w = f.names[0]
        fg = form_gender(f, lex) if f.honorifics else None

        def joinable(cands: list[Form], f: Form = f, fg: str | None = fg) -> list[Form]:
            return [g for g in cands if uf.can_join(f.key, g.key)
                    and (fg is None or full_gender[g.key] == fg)]

        ok = joinable(by_end.get(w, []))
        if not ok:  # nothing ends or starts with the word: no target (skips a scan of all)
            continue
        ok = joinable(full)  # the checks below look at every full name of a target
        by_first = {uf.find(g.key) for g in ok if g.names[0] == w}
        by_last = {uf.find(g.key) for g in ok if g.names[-1] == w}
        first_name = w in lex.first_names and not f.honorifics
        # "Colonel Fitzwilliam" is a surname: a surname title takes a first word only
        # when it is a known given name ("Mrs. Rachel" for Rachel Lynde).
        # So does the bare word when the text gives it such a title somewhere.
        surname_only = w in surname_titled and w not in lex.first_names and (
            not f.honorifics or f.honorifics[-1] in SURNAME_TITLES)
        targets = _pick(by_first, by_last, first_name, surname_only)
        if len(targets) > 1:  # try again without pairs that are not real full names
            ok = [g for g in ok if g.key not in junk]
            by_first = {uf.find(g.key) for g in ok if g.names[0] == w}
            by_last = {uf.find(g.key) for g in ok if g.names[-1] == w}
            targets = _pick(by_first, by_last, first_name, surname_only)
        if len(targets) > 1:  # one person named a hundred times, another once or twice
            sizes = Counter()
            for g in ok:
                if uf.find(g.key) in targets:
                    sizes[uf.find(g.key)] += g.count
            (top, n_top), *rest = sizes.most_common()
            if all(n <= 2 for _, n in rest) and n_top >= 5 * sum(n for _, n in rest):
                targets = {top}
        if len(targets) != 1:
            continue
        root = targets.pop()
        if not f.honorifics and not first_name and f.names in titled_names:
            # A bare surname that also has titles ("Bingley" beside "Mr. Bingley")
            # joins a full name only when its own pronouns agree with it.
            # Nor when a titled form outside that person is used more than the
            # person is ("Bingley" is mostly "Mr. Bingley", not "Caroline Bingley").
            own = text_gender(text, f)
            if own is not None and any(full_gender.get(g.key) not in (None, own)
                                       for g in ok if uf.find(g.key) == root):
                continue
            root_count = sum(g.count for g in named if uf.find(g.key) == root)
            if any(g.count > root_count for g in by_names[f.names]
                   if g.honorifics and uf.find(g.key) != root):
                continue
        if f.honorifics:
            given = {g.names[0] for g in ok if uf.find(g.key) == root}
            if any(k in forms and _same_sentence(text, f, forms[k])
                   and not _miss_is_the_given_name(text, f, forms[k]) for k in given):
                continue
        uf.union(root, f.key)

    # 2b. A bare word left over goes with a titled form of it ("Torres" -> "Dr. Torres"),
    #     the commoner one when titles of both genders exist, but not against the
    #     pronouns the text itself uses for the bare word (young "Steerforth" is not
    #     "Mrs. Steerforth").
    for group in by_names.values():
        titled = [g for g in group if g.honorifics]
        for f in group:
            if f.honorifics or len(f.names) > 1 or uf.size(f.key) > 1 or not titled:
                continue
            own = text_gender(text, f)
            fits = [g for g in titled if form_gender(g, lex) in (None, own)] if own else titled
            families = {uf.find(g.key) for g in full if g.names[-1] == f.names[0]}
            if own is None and len(families) > 1:
                continue  # "Oakley" among Maurice, Francis and Leslie Oakley: whose?
            if fits:
                uf.union(fits[0].key, f.key)

    # 2c. A title used alone as a name ("Mademoiselle" for Mademoiselle Reisz) is the
    #     one person the text gives that title with a name, when there is only one
    #     (or one named far more often than any other).
    for f in named:
        if len(f.names) != 1 or f.honorifics or uf.size(f.key) > 1 or f.names[0] not in TITLE_OR_RANK:
            continue
        title = f.names[0]  # as written: "Mademoiselle" alone is no "Miss Mayblunt"
        with_title: Counter[str] = Counter()
        for g in named:
            if g.names and g is not f and title in g.honorifics:
                with_title[uf.find(g.key)] += g.count
        if not with_title:
            continue
        (top, n_top), *rest = with_title.most_common()
        # one such person named fifty times, another once ("Mademoiselle Duvigne")
        if all(n <= 2 for _, n in rest) and n_top >= 5 * sum(n for _, n in rest):
            uf.union(top, f.key)

    # 3. Nicknames, clipped forms and spelling variants of one-word names.
    singles = [f for f in named if len(f.names) == 1 and not f.honorifics]
    first_words: dict[str, list[Form]] = defaultdict(list)
    for f in named:
        first_words[f.names[0]].append(f)

    def link(f: Form, targets: list[Form], how: str) -> None:
        roots = {uf.find(g.key) for g in targets}
        if len(roots) != 1 or lower[f.names[0]]:
            return
        # Only a word still on its own (or with its own titles: "Miss Lizzy") moves;
        # one already part of another full name ("Emma Micawber") stays there.
        mine = uf.find(f.key)
        if any(uf.find(g.key) == mine and g.names != f.names for g in named):
            return
        if any(_listed_together(text, f, g) for g in targets):
            return
        if uf.union(roots.pop(), f.key):
            f.link = how

    for f in singles:
        w = f.names[0]
        formal = lex.formal_of.get(w, frozenset())
        link(f, [g for k in formal for g in first_words.get(k, ())], "nickname")
    for f in singles:
        w = f.names[0]
        if len(w) < 2 or f.link != "self":
            continue
        longer = {k for k in first_words
                  if len(k) > len(w) + 1 and k.startswith(w) and k not in (w + "es", w + "'s")}
        if len(longer) == 1:
            link(f, first_words[longer.pop()], "prefix")
    singles.sort(key=lambda f: (-f.count, f.mentions[0].start))
    for i, f in enumerate(singles):
        if f.link != "self":
            continue
        for g in singles[:i]:
            if is_spelling_variant(f.names[0], g.names[0]) and (
                    f.count <= max(2, g.count // 10)) and not lower[g.names[0]] and not (
                    _plural_of(f.names[0], {g.names[0]})) and not (
                    _looks_common(f.names[0], lex)):
                before = f.link
                link(f, [g], "variant")
                if f.link != before:
                    g.link = "variant-main" if g.link == "self" else g.link
                    break

    groups: dict[str, list[Form]] = defaultdict(list)
    for f in forms.values():
        groups[uf.find(f.key)].append(f)
    return [_make_cluster(fs, text, lower) for fs in groups.values()]


def _title_names_another(f: Form, lex: Lexicon) -> bool:
    """The title's gender is not the given name's: "Mrs. John Knightley" is John's
    wife, so her name keeps the title."""
    title = next((HONORIFICS.get(h) for h in f.honorifics if HONORIFICS.get(h)), None)
    first = f.names[0]
    male, female = first in lex.male_names, first in lex.female_names
    given = "male" if male and not female else "female" if female and not male else None
    return title is not None and given is not None and title != given


def _make_cluster(forms: list[Form], text: str = "", lower: Counter[str] | None = None
                  ) -> Cluster:
    variants = tuple(f.display for f in sorted(forms, key=lambda f: (-f.count, f.mentions[0].start))
                     if f.link in ("variant", "variant-main"))
    name = character_name(forms, text, lower or Counter()) if text else None
    return Cluster(tuple(forms), name or _fallback_name(forms), variants)


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
# Catherine de Bourgh"), unlike "Mr." or "Miss", which the full name drops.
RANK_TITLES = frozenset({"sir", "lady", "lord", "dame"})
# A full name written once is the name unless another form is this many times commoner.
ONCE_AMONG = 25
# Two names side by side this often are a full name, never two mentions (_split_adjacent_names).
ACCIDENTAL_PAIR_USES = 3


def _is_role(f: Form) -> bool:
    """A form used with "the" most of the time: a person known by a role ("the Queen")."""
    return sum(m.the for m in f.mentions) * 2 > f.count


def _capitals(surface: str) -> bool:
    words = [w for w in surface.split() if len(w) > 1]
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
       "Mr." and "Miss" are dropped, a rank title ("Sir", "Lady") is kept when the text
       mostly writes it.
    2. Else a title with a name ("Mrs. Moore", "Dr. Aziz").
    3. Else the commonest one-word name or role, a role keeping its "the"
       ("the Queen", "the Mock Turtle"), a nickname only when nothing else is left.
    None when no form qualifies (the caller falls back to the older ranking).
    """
    lex = lexicon()
    linked = ("nickname", "prefix", "variant")

    def clean(f: Form) -> bool:
        if any((w in CALENDAR and not _is_role(f)) or w in FUNCTION_WORDS for w in f.names):
            return False
        if f.names and all(m.initial and not m.honorifics for m in f.mentions) and (
                lower[f.names[0]] or _looks_common(f.names[0], lex)):
            return False  # "Tell Jake": the first word is only capitalised by position
        # a title says the word is a name ("Mr. Marvel", "Miss Quested")
        return (not f.names or bool(f.honorifics) or _is_role(f) or len(f.names) > 1
                or not _looks_common(f.names[0], lex))

    def written(m: NameMention) -> str:
        return " ".join(text[m.start:m.end].split())

    # 1. full names, counted over every title they are written with
    full: Counter[tuple[str, ...]] = Counter()
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for f in forms:
        if len(f.names) < 2 or _is_role(f) or f.link in linked or not clean(f):
            continue
        if "mrs" in f.honorifics and f.names[0] not in lex.female_names:
            continue  # "Mrs. James Highcamp" is named after her husband
        for m in f.mentions:
            w = written(m)
            if _capitals(w):
                continue
            full[f.names] += 1
            words = w.split()
            k = len(f.honorifics)
            if k and not (f.honorifics[-1] in RANK_TITLES or _title_names_another(f, lex)):
                words = words[k:]
            surfaces[f.names][" ".join(words)] += 1
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
    alone: Counter[str] = Counter()
    for f in forms:
        if len(f.names) == 1 and not f.honorifics and not _is_role(f):
            alone[f.names[0]] += f.count
    surnames: Counter[str] = Counter()
    for f in forms:
        if len(f.names) == 1 and f.honorifics:
            surnames[f.names[0]] += f.count
    total = sum(f.count for f in forms)

    def enough(k: tuple[str, ...]) -> bool:
        n = full[k]
        if k[0] in alone or k[0] in lex.first_names:
            return (n >= 2 or n * ONCE_AMONG >= total
                    or (surnames[k[-1]] * 4 >= total and alone[k[0]] * 4 >= total))
        return n >= 3 and not _looks_common(k[0], lex)

    best = max((k for k in full if enough(k)), default=None, key=lambda k: (full[k], len(k)))
    if best is not None:
        ways = surfaces[best]
        return max(ways, key=lambda w: (ways[w], len(w)))

    # 2. a title with a surname ("Mrs. Moore"); a title with a given name ("Miss
    #    Emma", "Aunt Harriet") is only one way of addressing her (step 3)
    titled = [f for f in forms if f.honorifics and len(f.names) == 1 and not _is_role(f)
              and f.names[0] not in lex.first_names and f.count >= 2
              and clean(f) and not _capitals(f.display)]
    bare = Counter({f.names[0]: f.count for f in forms if len(f.names) == 1 and not f.honorifics})
    # A title adds no name word: the bare surname wins once it is ten times as
    # common ("Arobin" 66 times, "Mr. Arobin" 4).
    titled = [f for f in titled if f.count * 10 >= bare[f.names[0]]]
    if titled:
        return max(titled, key=lambda f: f.count).display

    # 3. one word or a role
    rest = [f for f in forms if (f.names or _is_role(f)) and clean(f)]
    if not rest:
        return None
    # a role ("the Chief") only when the text gives no proper name at all
    pick = max(rest, key=lambda f: (not _is_role(f), f.link not in linked,
                                    not _capitals(f.display), f.count))
    if _is_role(pick):
        shown = Counter(" ".join(written(m).split()[1:]) for m in pick.mentions if m.the)
        return "the " + shown.most_common(1)[0][0]
    ways = Counter(written(m) for m in pick.mentions if not _capitals(written(m)))
    name = ways.most_common(1)[0][0] if ways else pick.display
    # "the Frenchman": a capitalised noun the text mostly writes after "the"
    after_the = sum(text[max(0, m.start - 4):m.start].lower() == "the " for m in pick.mentions)
    if after_the * 2 > pick.count and not pick.honorifics and pick.names[0] not in lex.first_names:
        return "the " + name
    return name


_ROMAN_WORD = re.compile(r"[IVXLCDM]+")
# Prepositions that put a place after them ("in England"), and ones that put either.
_PLACE_PREPS = frozenset("in into near towards toward across through throughout within "
                         "round around outside beyond".split())
_EITHER_PREPS = frozenset("to from at of for".split())
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^\w\n.!?]{0,3}(?:[Tt]he[ \t]+)?$")  # "said the X"
_OWNER = re.compile(r"[ \t]?['’]s\b")  # tokenised texts write "Cromwell 's"
_AFTER = re.compile(r"[ \t]*(,?)[ \t]*([A-Za-z]+|[!?])")




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
            before = _WORD_BEFORE.search(text, max(0, m.start - 20), m.start)
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
