"""Name consistency: one character spelled two ways ("Izzy" and "Izzie").

Why: readers of fan fiction notice a canon name misspelt at once, and a spelling
checker cannot help, since both forms look like names. Two sources: the characters
stage's ``Character.variants`` when it fills them, and our own pairing of rare
capitalised names that are one or two edits apart. The minority form is flagged at
every place it occurs, with the majority form (or the cast pack's canonical form)
suggested.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from ..document import Character, Problem
from . import lexicon as lx
from .story import WORD_RE, StoryWords, norm

RARE = 100_000  # a frequency-list count under this makes a name "rare" as a word


def distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal-string-alignment (Damerau-Levenshtein) distance.

    With ``limit``, any distance over it comes back as ``limit + 1`` as soon as no
    alignment can stay within it: pairing a book's rare names compares ~80k pairs
    of mostly unrelated names, and only distances of 1 and 2 matter.
    """
    la, lb = len(a), len(b)
    # an edit adds or removes at most one letter, and changes the set of letters used
    # by at most two (a substitution): quick, exact rejections of unrelated names
    if limit is not None and (abs(la - lb) > limit or len(set(a) ^ set(b)) > 2 * limit):
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        # later rows grow from this row (+0 or more) or, by a swap, from the last (+1)
        if limit is not None and min(cur) > limit and min(prev) >= limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb] if limit is None else min(prev[lb], limit + 1)


def _rare(name: str) -> bool:
    return not lx.is_known(name) or lx.word_count(name.lower()) < RARE


def _canonical_forms(cast: tuple[Character, ...]) -> set[str]:
    forms: set[str] = set()
    for ch in cast:
        if ch.canonical:
            forms.update(norm(w) for w in WORD_RE.findall(ch.canonical))
    return forms


def variant_groups(story: StoryWords) -> list[tuple[str, list[str]]]:
    """(preferred form, other forms) for each name written more than one way."""
    counts = story.counts
    canonical = _canonical_forms(story.cast)
    groups: list[tuple[str, list[str]]] = []
    claimed: set[str] = set()

    def choose(forms: list[str]) -> str:
        for f in forms:
            if f in canonical:
                return f
        return max(forms, key=lambda f: (_count(counts, f), lx.is_known(f), -forms.index(f)))

    for ch in story.cast:
        if not ch.variants:
            continue
        # (each word once, in order: the forms below keep the first place of each)
        names = list(dict.fromkeys(w for n in (ch.name, *ch.aliases) for w in WORD_RE.findall(n)))
        for v in ch.variants:
            for vw in WORD_RE.findall(v):
                if vw in claimed:
                    # its group would meet a claimed form: skipped without comparing it
                    # with every name of the character (a crowd of made-up names joins
                    # a hundred spellings into one character, and each compared with all)
                    continue
                base = [n for n in names if n != vw and distance(n.lower(), vw.lower(), 2) <= 2]
                forms = list(dict.fromkeys([*base, vw]))
                if len(forms) > 1 and not claimed.intersection(forms):
                    claimed.update(forms)
                    best = choose(forms)
                    groups.append((best, [f for f in forms if f != best]))

    names = sorted(n for n, k in story.proper.items()
                   if len(n) >= 3 and n[1:].islower() and "'" not in n and n not in claimed
                   and _rare(n))
    bounds: list[int] | None = None  # sentence ends, found when first needed
    where: dict[str, list[int]] | None = None  # the names' places, found with them
    for i, j in _close_pairs(names):
        a, b = names[i], names[j]
        if a in claimed or b in claimed or not _looks_like_variant(a, b):
            continue
        best = choose([a, b])
        other = b if best == a else a
        if not _sporadic(_count(counts, other), _count(counts, best)):
            continue
        # the costly text scan last, starting from the rarer form
        if bounds is None:
            bounds = sentence_bounds(story.text)
            where = word_places(story.text, names)
        if _together(story.text, other, best, bounds, where):
            continue
        claimed.update((a, b))
        groups.append((best, [other]))
    return groups


# Names longer than this are no slip of a name (and would make too many deletion keys).
MAX_VARIANT_LEN = 30
# A deletion key shared by more names than this ("Smithab" for a crowd of Smithabc,
# Smithabd ...) is a naming scheme, not a slip: its names are not paired through it.
MAX_SHARED_KEY = 20


def _deletions(word: str) -> set[str]:
    """``word`` with none, one or two of its letters left out."""
    one = {word[:i] + word[i + 1:] for i in range(len(word))}
    two = {w[:i] + w[i + 1:] for w in one for i in range(len(w))}
    return {word} | one | two


def _close_pairs(names: list[str]) -> list[tuple[int, int]]:
    """Index pairs (i < j, in order) of names with the same initial that may be within
    two edits of each other: those sharing a form with up to two letters left out of
    each (the symmetric-deletion index of spelling correctors). Comparing every pair of
    rare names was quadratic: 1,000 invented surnames took 18 s; this is linear in the
    names, each making at most a few hundred keys, each key pairing a bounded number."""
    index: dict[str, list[int]] = defaultdict(list)
    for k, n in enumerate(names):
        if len(n) <= MAX_VARIANT_LEN:
            for key in _deletions(n.lower()):
                index[key].append(k)
    pairs: set[tuple[int, int]] = set()
    for ids in index.values():
        if 1 < len(ids) <= MAX_SHARED_KEY:
            for x, i in enumerate(ids):
                for j in ids[x + 1:]:
                    if names[i][0] == names[j][0]:
                        pairs.add((i, j))
    return sorted(pairs)


def _sporadic(minority: int, majority: int) -> bool:
    """A slip is rare next to the right spelling; two forms used evenly and often are
    more likely two people (the cast stage's ``variants`` overrides this)."""
    return minority <= 2 or minority * 4 <= majority


def _count(counts: dict[str, int], form: str) -> int:
    return counts.get(form, 0) + counts.get(form + "'s", 0)


def _looks_like_variant(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 2 or a.startswith(b) or b.startswith(a):
        return False  # Jen/Jenny, Derek/Dereks: a short form or an inflection, not a typo
    if not (_rare(a) and _rare(b)):
        return False  # "Western"/"Wengern": one of them is an ordinary word
    if lx.is_known(a) and lx.is_known(b):
        return False  # two names the dictionary knows (Mary/Mara): two people, most likely
    d = distance(a.lower(), b.lower(), 2)
    if d == 1 or (d == 2 and min(len(a), len(b)) >= 6):
        return True
    # short names two edits apart are often two people (Bann/Bren), unless the
    # difference is a pet-name ending or a doubled letter (Izzy/Izzie, Mathew/Matthew)
    return d == 2 and _shape(a) == _shape(b)


_ENDING = re.compile(r"(?:ie|ey|ee|y|i)$")
_DOUBLE = re.compile(r"(.)\1")


def _shape(name: str) -> str:
    return _DOUBLE.sub(r"\1", _ENDING.sub("", name.lower()))


_BOUNDARY = re.compile(r"[.!?\n]")


def word_places(text: str, words: Iterable[str]) -> dict[str, list[int]]:
    """Where each of ``words`` made of letters and digits only stands as a whole word in
    ``text`` (what :func:`_whole_word_starts` finds), for all of them in one pass: a
    whole word of letters and digits is a maximal run of them."""
    wanted = {w for w in words if w.isalnum()}
    out: dict[str, list[int]] = {w: [] for w in wanted}
    if wanted:
        for m in _ALNUM_RUN.finditer(text):
            at = out.get(m.group())
            if at is not None:
                at.append(m.start())
    return out


_ALNUM_RUN = re.compile(r"[^\W_]+")


def _together(text: str, a: str, b: str, bounds: list[int] | None = None,
              places: dict[str, list[int]] | None = None) -> bool:
    """Do both forms occur in one sentence? Then they are two people, not one misspelt.

    ``bounds`` are the positions of sentence ends (``.!?`` and newlines) in ``text``,
    found once per story: looking for the next "!" with ``str.find`` scanned to the
    end of the text for every occurrence, quadratic on a long book of rare names.
    ``places`` (from :func:`word_places`) are where the names stand: with both forms
    there, no pair reads the text (a scan of the text per pair of a crowd of rare
    names was quadratic).
    """
    if bounds is None:
        bounds = sentence_bounds(text)
    if places is not None and a in places and b in places:
        at_b = places[b]
        for start in places[a]:
            i = bisect.bisect_left(bounds, start)
            left = bounds[i - 1] if i else -1
            j = bisect.bisect_left(bounds, start + len(a), i)
            right = bounds[j] if j < len(bounds) else len(text)
            # an occurrence of b inside (left, right]: starting after left, ending by right
            k = bisect.bisect_left(at_b, left + 1)
            if k < len(at_b) and at_b[k] + len(b) <= right:
                return True
        return False
    pb = re.compile(rf"(?<![^\W_]){re.escape(b)}(?![^\W_])")
    for start in _whole_word_starts(text, a):
        i = bisect.bisect_left(bounds, start)
        left = bounds[i - 1] if i else -1
        j = bisect.bisect_left(bounds, start + len(a), i)
        right = bounds[j] if j < len(bounds) else len(text)
        if pb.search(text, left + 1, right):
            return True
    return False


def _whole_word_starts(text: str, word: str) -> Iterator[int]:
    """Where ``word`` (letters and digits) stands as a whole word in ``text``.

    Why ``str.find``: a regex that starts with a look-behind is tried at every
    position of the text, ~40 ms a name on Ulysses; ``find`` jumps between hits.
    Letters and digits are what ``[^\\W_]`` matches, i.e. ``str.isalnum``.
    """
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and text[at - 1].isalnum()) and not text[end:end + 1].isalnum():
            yield at
        at = text.find(word, at + 1)


def sentence_bounds(text: str) -> list[int]:
    """Sorted positions of the characters that end a sentence for ``_together``."""
    return [m.start() for m in _BOUNDARY.finditer(text)]


def check(story: StoryWords) -> list[Problem]:
    """A name_variant problem at each place a minority spelling of a name occurs."""
    canonical = _canonical_forms(story.cast)
    advice: dict[str, tuple[str, str]] = {}
    for best, others in variant_groups(story):
        why = "the canonical spelling" if best in canonical else "the usual spelling here"
        for other in others:
            msg = (f"one name spelt two ways: {other!r} ({_count(story.counts, other)}x) "
                   f"and {best!r} ({_count(story.counts, best)}x, {why})")
            advice[other] = (best, msg)
    if not advice:
        return []
    # One pass over the text for every minority form: a text with many rare names
    # (Ulysses) would otherwise be scanned once per form. Forms of letters and digits
    # only are found as whole runs of them; the others ("O'Brien") by one alternation,
    # which wins where they overlap (as the longer alternative did in one pattern of
    # all). (An alternation of thousands of forms tries each at every position.)
    plain = [o for o in advice if o.isalnum()]
    other = [o for o in advice if not o.isalnum()]
    spans: list[tuple[int, int, str]] = []
    if other:
        alternation = "|".join(re.escape(o) for o in sorted(other, key=len, reverse=True))
        pattern = re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")
        spans = [(m.start(), m.end(), m.group()) for m in pattern.finditer(story.text)]
    if plain:
        covered = [(s, e) for s, e, _ in spans]
        starts = [s for s, _ in covered]
        for form, places in word_places(story.text, plain).items():
            for at in places:
                k = bisect.bisect_right(starts, at) - 1
                if k < 0 or covered[k][1] <= at:
                    spans.append((at, at + len(form), form))
        spans.sort()
    out: list[Problem] = []
    for start, end, form in spans:
        best, msg = advice[form]
        out.append(Problem(start, end, "name_variant", msg, (best,), False))
    return out


__all__ = ["check", "distance", "variant_groups"]
