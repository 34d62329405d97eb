"""Join the name forms that name one person into one cluster (see ``aliases.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Mapping

from ..titles import HONORIFICS, SAME_TITLE, SURNAME_TITLES
from .forms import (
    Cluster,
    Form,
    SpellingIndex,
    _looks_common,
    _plural_of,
    form_gender,
    is_spelling_variant,
)
from .lexicon import Lexicon, lexicon
from .mentions import NameMention
from .naming import _fallback_name, character_name

_STOP = re.compile(r"[.!?]")


# Titles a story may use alone as a person's name ("Mademoiselle played"), unlike
# "Sir" or "Doctor", which are also said to anyone.
TITLE_ALONE = frozenset("mademoiselle madame monsieur signora signor señora señor frau herr "
                        "fräulein".split())
# Ranks a story uses alone for the one person who holds them ("the Colonel" for
# Colonel Saunders), joined the same way.
RANKS_ALONE = frozenset("colonel major general captain admiral inspector professor".split())
TITLE_OR_RANK = TITLE_ALONE | RANKS_ALONE


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
        # per root: the mentions of its forms with a name, and up to two of their
        # distinct name words (enough to tell whether a person has other names than
        # one form's), kept through unions so no check sums or scans every form
        self.named_counts = {k: f.count if f.names else 0 for k, f in forms.items()}
        self.spellings: dict[str, tuple[tuple[str, ...], ...]] = {
            k: (f.names,) if f.names else () for k, f in forms.items()}

    def can_join(self, a: str, b: str) -> bool:
        return self.roots_can_join(self.find(a), self.find(b))

    def roots_can_join(self, ra: str, rb: str) -> bool:
        """:meth:`can_join` for two roots."""
        if ra == rb:
            return True
        ga, gb = self.genders[ra], self.genders[rb]
        # (two genders between them, without making their union)
        if len(ga) > 1 or len(gb) > 1 or (ga and gb and ga != gb):
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

    def named_count(self, k: str) -> int:
        """How often the forms with a name in ``k``'s set are used, together."""
        return self.named_counts[self.find(k)]

    def has_other_names(self, k: str, names: tuple[str, ...]) -> bool:
        """Whether a form with a name other than ``names`` is in ``k``'s set."""
        return any(n != names for n in self.spellings[self.find(k)])

    def union(self, a: str, b: str) -> bool:
        if not self.can_join(a, b):
            return False
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.sizes[ra] += self.sizes[rb]
            self.genders[ra] |= self.genders[rb]
            self.titles[ra] |= self.titles[rb]
            self.named_counts[ra] += self.named_counts[rb]
            a_names = self.spellings[ra]
            if len(a_names) < 2:
                self.spellings[ra] = tuple(dict.fromkeys((*a_names, *self.spellings[rb])))[:2]
        return True


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


# Two names side by side this often are a full name, never two mentions (_split_adjacent_names).
ACCIDENTAL_PAIR_USES = 3


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


def dominant_holder(title: str, named: list[Form], uf: _Union, f: Form) -> str | None:
    """The root of the one person the text gives ``title`` with a name, or the one
    named far more often than any other (fifty times beside one "Mademoiselle
    Duvigne" or two "Major Roberts"); None when there is no such person."""
    with_title: Counter[str] = Counter()
    for g in named:
        if g.names and g is not f and title in g.honorifics:
            with_title[uf.find(g.key)] += g.count
    return far_ahead(with_title)


def far_ahead(counts: Mapping[str, int]) -> str | None:
    """The one key of ``counts``, or the one counted far more often than every other
    (the others at most twice each, it at least five times their sum); else None."""
    if not counts:
        return None
    (top, n_top), *rest = sorted(counts.items(), key=lambda kv: -kv[1])
    if all(n <= 2 for _, n in rest) and n_top >= 5 * sum(n for _, n in rest):
        return top
    return None


# "young Tom" written this often: the text tells him from an older Tom.
YOUNG_USES = 2
_YOUNG = re.compile(r"\b[Yy]oung[ \t\n]+(?:(?:Mr|Master)\.?[ \t\n]+)?([A-Z][a-z]+)\b")


def _elder_names(forms: dict[str, Form], text: str, lex: Lexicon, uf: _Union
                 ) -> dict[str, set[str]]:
    """Full names that belong to the elder of two people sharing a given name.

    Why: a son named after his father ("Tom" beside "Tom Gradgrind" and "Thomas
    Gradgrind") is told apart by the narration as "young Tom". When the text writes
    "young W" again and again, and gives the family two full names whose given names
    are one name in two forms ("Tom Gradgrind", "Thomas Gradgrind"), those full names
    are the elder's: they are joined, and the given name used alone, "young Tom"'s,
    does not join them. Returns, for each such given name (both forms), the keys of
    the elder's full names."""
    full = [f for f in forms.values() if len(f.names) > 1 and not f.honorifics]
    if not full:
        return {}
    out: dict[str, set[str]] = {}
    young: list[Counter[str]] = []  # "young W" uses by W, counted in one pass when first asked

    def is_young(w: str) -> bool:
        if not young:
            young.append(Counter(m.group(1).lower() for m in _YOUNG.finditer(text)))
        return young[0][w] >= YOUNG_USES

    # full names by their words after the given name, then by the given name: each
    # nickname looks up its formal names (linear; a crowd of Smiths is no square)
    by_rest: dict[tuple[str, ...], dict[str, Form]] = defaultdict(dict)
    for f in full:
        by_rest[f.names[1:]].setdefault(f.names[0], f)
    for a in full:
        wa = a.names[0]
        for wb in lex.formal_of.get(wa, ()):
            b = by_rest[a.names[1:]].get(wb)
            if b is None or b is a or not (is_young(wa) or is_young(wb)) or not uf.union(a.key, b.key):
                continue
            for w in (wa, wb):
                out.setdefault(w, set()).update((a.key, b.key))
    return out


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

    from .pronouns import decide, pronoun_votes, surname_gender, text_gender

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
                own = None if f.honorifics or not titled else decide(pronoun_votes(text, [f]))[0]
                for g in titled:
                    # "Mrs. Newland Archer" is his wife when the text calls Newland Archer "he"
                    if g is not f and _compatible(f, g, lex) and own in (None, form_gender(g, lex) or own):
                        uf.union(g.key, f.key)

    # 2. One word (with or without a title) that is the first or last word of exactly
    #    one person's full name: "Tom" / "Mr. Sawyer" -> "Tom Sawyer". A known first
    #    name looks among first words first, anything else among surnames first.
    #    A gendered title joins only a full name of that same gender, and not one
    #    whose first name the text uses beside it as someone else ("Mrs. Barry told
    #    Diana": Mrs. Barry is not Diana Barry).
    #    Pairs with a common word ("Matthew Insists", "Diana Tuesday") are headings
    #    or slips, not full names, and are not linked to.
    # (asked only of a word's targets: most full names of a crowd are never asked)
    junk_memo: dict[str, bool] = {}

    def junk(g: Form) -> bool:
        got = junk_memo.get(g.key)
        if got is None:
            got = junk_memo[g.key] = any(_looks_common(w, lex) for w in g.names)
        return got

    titled_names = {f.names for f in named if f.honorifics}
    # A full name written once ("Adela Quested") has too few pronouns of its own: the
    # pronouns of its given name used alone ("Adela") speak for it. (Written more
    # often, its own pronouns had their chance.)
    gender_memo: dict[str, str | None] = {}

    def full_gender(g: Form) -> str | None:
        if g.key not in gender_memo:
            gender_memo[g.key] = (form_gender(g, lex) or text_gender(text, g)
                                  or (text_gender(text, forms[g.names[0]])
                                      if g.count == 1 and g.names[0] in forms else None))
        return gender_memo[g.key]

    surname_titled = {f.names[0] for f in named if len(f.names) == 1 and f.honorifics
                      and f.honorifics[-1] in SURNAME_TITLES}
    # full names by their first and last word: only those can be a word's targets
    by_end: dict[str, list[Form]] = defaultdict(list)
    for g in full:
        by_end[g.names[0]].append(g)
        if g.names[-1] != g.names[0]:
            by_end[g.names[-1]].append(g)
    elders = _elder_names(forms, text, lex, uf)
    # the full names of each person (root), by their place in ``full``: a word's checks
    # read the full names of its possible targets only, not every full name of the text
    # (a thousand "Major X" beside a thousand "Tom X" made a million checks)
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(full):
        members[uf.find(g.key)].append(i)
    for f in sorted(named, key=lambda f: not f.honorifics):
        if len(f.names) != 1:
            continue
        w = f.names[0]
        fg = form_gender(f, lex) if f.honorifics else None
        not_mine = elders.get(w, set())

        def joinable(cands: list[Form], f: Form = f, fg: str | None = fg,
                     not_mine: set[str] = not_mine) -> list[Form]:
            rf = uf.find(f.key)  # (the word's own root, found once for all its targets)
            return [g for g in cands if uf.roots_can_join(rf, uf.find(g.key))
                    and g.key not in not_mine and (fg is None or full_gender(g) == fg)]

        ok = joinable(by_end.get(w, []))
        if not ok:  # nothing ends or starts with the word: no target (skips a scan of all)
            continue
        # the checks below look at every full name of a target, in text order (``ok`` is
        # in that order already, and is all of them when no target has another)
        # (each target's person, found once: nothing is joined until the word is)
        ok_roots = [uf.find(g.key) for g in ok]
        mine = [i for r in set(ok_roots) for i in members.get(r, ())]
        if len(mine) != len(ok):
            ok = joinable([full[i] for i in sorted(mine)])
            ok_roots = [uf.find(g.key) for g in ok]
        by_first = {r for g, r in zip(ok, ok_roots, strict=True) if g.names[0] == w}
        by_last = {r for g, r in zip(ok, ok_roots, strict=True) if g.names[-1] == w}
        first_name = w in lex.first_names and not f.honorifics
        # "Colonel Fitzwilliam" is a surname: a surname title takes a first word only
        # when it is a known given name ("Mrs. Rachel" for Rachel Lynde).
        # So does the bare word when the text gives it such a title somewhere.
        surname_only = w in surname_titled and w not in lex.first_names and (
            not f.honorifics or f.honorifics[-1] in SURNAME_TITLES)
        targets = _pick(by_first, by_last, first_name, surname_only)
        if len(targets) > 1:  # try again without pairs that are not real full names
            real = [not junk(g) for g in ok]
            ok = [g for g, keep in zip(ok, real, strict=True) if keep]
            ok_roots = [r for r, keep in zip(ok_roots, real, strict=True) if keep]
            by_first = {r for g, r in zip(ok, ok_roots, strict=True) if g.names[0] == w}
            by_last = {r for g, r in zip(ok, ok_roots, strict=True) if g.names[-1] == w}
            targets = _pick(by_first, by_last, first_name, surname_only)
        if len(targets) > 1:  # one person named a hundred times, another once or twice
            sizes = Counter()
            for g, r in zip(ok, ok_roots, strict=True):
                if r in targets:
                    sizes[r] += g.count
            top = far_ahead(sizes)
            if top is not None:
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
            if own is not None and any(full_gender(g) not in (None, own)
                                       for g in ok if uf.find(g.key) == root):
                continue
            root_count = uf.named_count(root)
            if any(g.count > root_count for g in by_names[f.names]
                   if g.honorifics and uf.find(g.key) != root):
                continue
        if f.honorifics:
            # (a given name the elder shares with "young Tom" is not his alone)
            given = {g.names[0] for g in ok if uf.find(g.key) == root} - elders.keys()
            if any(k in forms and _same_sentence(text, f, forms[k])
                   and not _miss_is_the_given_name(text, f, forms[k]) for k in given):
                continue
        ra, rb = uf.find(root), uf.find(f.key)
        if uf.union(root, f.key) and ra != rb and rb in members:
            members[ra].extend(members.pop(rb))

    # 2b. A bare word left over goes with a titled form of it ("Torres" -> "Dr. Torres"),
    #     but not against the pronouns the text itself uses for the bare word (young
    #     "Steerforth" is not "Mrs. Steerforth"); when titles of both genders exist and
    #     those pronouns are too few, with the man's ("Hall" is Mr. Hall, not the
    #     commoner Mrs. Hall: see ``surname_gender``).
    by_surname: dict[str, list[Form]] = defaultdict(list)
    for g in full:
        by_surname[g.names[-1]].append(g)
    for group in by_names.values():
        titled = [g for g in group if g.honorifics]
        for f in group:
            if f.honorifics or len(f.names) > 1 or uf.size(f.key) > 1 or not titled:
                continue
            own = text_gender(text, f)
            families = {uf.find(g.key) for g in by_surname.get(f.names[0], ())}
            if own is None and len(families) > 1:
                continue  # "Oakley" among Maurice, Francis and Leslie Oakley: whose?
            if own is None and {"male", "female"} <= {form_gender(g, lex) for g in titled}:
                own = surname_gender(text, f)
            fits = [g for g in titled if form_gender(g, lex) in (None, own)] if own else titled
            if fits:
                uf.union(fits[0].key, f.key)

    # 2c. A title used alone as a name ("Mademoiselle" for Mademoiselle Reisz) is the
    #     one person the text gives that title with a name, when there is only one
    #     (or one named far more often than any other).
    #     The rank with "the" and no name ("the Major" for Major Callendar) is read
    #     the same way.
    for f in forms.values():
        if uf.size(f.key) > 1:
            continue
        if len(f.names) == 1 and not f.honorifics and f.names[0] in TITLE_OR_RANK:
            title = f.names[0]  # as written: "Mademoiselle" alone is no "Miss Mayblunt"
        elif not f.names and len(f.honorifics) == 1 and f.honorifics[0] in TITLE_OR_RANK:
            title = f.honorifics[0]
        else:
            continue
        top = dominant_holder(title, named, uf, f)
        # a rank used alone far more often than the one name given with it ("the
        # General" 159 times, "General Perovski" once) is how the text knows him:
        # one stray name may be anyone's
        if top is not None and (f.names or 2 * uf.named_count(top) >= f.count):
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
        if uf.has_other_names(f.key, f.names):
            return
        if any(_listed_together(text, f, g) for g in targets):
            return
        if uf.union(roots.pop(), f.key):
            f.link = how

    for f in singles:
        w = f.names[0]
        formal = lex.formal_of.get(w, frozenset())
        link(f, [g for k in formal for g in first_words.get(k, ())
                 if g.key not in elders.get(w, ())], "nickname")
    sorted_firsts = sorted(first_words)
    for f in singles:
        w = f.names[0]
        if len(w) < 2 or f.link != "self":
            continue
        longer = _longer_words(sorted_firsts, w, 2)
        if len(longer) == 1:
            link(f, first_words[longer.pop()], "prefix")
    singles.sort(key=lambda f: (-f.count, f.mentions[0].start))
    # which earlier singles may be spellings of each one: those sharing a key of the
    # deletion index (a superset of is_spelling_variant's pairs), read in the same order
    # as the plain scan of every earlier single (a crowd of one-word names made that
    # scan quadratic)
    maybe = _variant_candidates([f.names[0] for f in singles])
    for i, f in enumerate(singles):
        if f.link != "self":
            continue
        if lower[f.names[0]] or uf.has_other_names(f.key, f.names):
            continue  # link() refuses it whatever the other spelling (and unions nothing)
        for g in (singles[j] for j in maybe[i]):
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


def _longer_words(words: list[str], w: str, limit: int) -> set[str]:
    """Up to ``limit`` words of the sorted ``words`` that start with ``w`` and are more
    than one letter longer, other than its plurals ("Lizzy" for "Liz", not "Lizs"):
    the words starting with ``w`` are one run of the sorted list, and the caller only
    needs to know whether there is exactly one."""
    out: set[str] = set()
    for i in range(bisect_left(words, w), len(words)):  # (no slice: that copies the rest)
        k = words[i]
        if not k.startswith(w):
            break
        if len(k) > len(w) + 1 and k not in (w + "es", w + "'s"):
            out.add(k)
            if len(out) == limit:
                break
    return out


def _variant_candidates(words: list[str]) -> list[list[int]]:
    """For each word, the indices of the earlier words that may be a spelling of it
    (see :class:`~ficlens.characters.forms.SpellingIndex`), ascending."""
    index = SpellingIndex()
    out: list[list[int]] = []
    for i, w in enumerate(words):
        out.append(sorted(index.candidates(w)))
        index.add(i, w)
    return out


def _make_cluster(forms: list[Form], text: str = "", lower: Counter[str] | None = None
                  ) -> Cluster:
    # (the variant forms in the order of all forms by use: sorting only them is the same)
    variants = tuple(f.display for f in sorted(
        (f for f in forms if f.link in ("variant", "variant-main")),
        key=lambda f: (-f.count, f.mentions[0].start)))
    name = character_name(forms, text, lower or Counter()) if text else None
    return Cluster(tuple(forms), name or _fallback_name(forms), variants)
