"""Name forms: each way the text names someone ("Dr. Shepherd"), with its mentions.

Split out of ``aliases.py`` (which re-exports these names); see its docstring for the
rules that join forms into characters.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from operator import itemgetter

from ..titles import HONORIFICS
from .lexicon import Lexicon, lexicon
from .mentions import DocStats, NameMention, _is_common

_COUNT = itemgetter(1)
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december christmas easter".split()
)


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
        s = self.surfaces
        # (what most_common(1) picks, the first of the commonest, without its import and
        # call layers: asked for again and again while the cast is named)
        top = max(s.items(), key=_COUNT)[0] if s else s.most_common(1)[0][0]
        return " ".join(top.split())


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
        male, female = first in lex.male_given, first in lex.female_given
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
    # (an edit changes the set of letters used by at most two: a quick, exact rejection)
    if len(set(a) ^ set(b)) > 2 * limit:
        return False
    return edit_distance(a, b, limit) <= limit


# Names longer than this are never spellings of one another (a 40-letter "name" is no
# name; the deletion index grows with the square of the length).
MAX_VARIANT_NAME = 30
# A deletion key keeps the first this many names given it; more names sharing one key
# are a naming scheme or a crowd of made-up names, and each is not compared with all
MAX_PER_KEY = 30


def _deleted(rest: str, times: int) -> set[str]:
    """``rest`` with up to ``times`` (1 or 2) of its letters left out."""
    ones = {rest[:i] + rest[i + 1:] for i in range(len(rest))}
    if times == 1:
        return {rest} | ones
    return {rest} | ones | {k[:i] + k[i + 1:] for k in ones for i in range(len(k))}


def variant_keys(word: str) -> set[str]:
    """The deletion keys of ``word`` for :func:`is_spelling_variant`'s two kinds of pair:
    one edit after the same first two letters (the rest with up to one letter left
    out), two edits after the same first three (that rest with up to two left out).
    Two names that are such a pair have a key in common (an edit after a shared
    start leaves that start shared, and the rest of each is within that many edits)."""
    keys = {"1|" + word[:2] + "|" + k for k in _deleted(word[2:], 1)}
    if len(word) >= 4:
        keys |= {"2|" + word[:3] + "|" + k for k in _deleted(word[3:], 2)}
    return keys


class SpellingIndex:
    """Names by their deletion keys: :meth:`candidates` is a superset of the names
    added so far that :func:`is_spelling_variant` pairs with a word, as long as no key
    is shared by more than ``MAX_PER_KEY`` names and both have at most
    ``MAX_VARIANT_NAME`` letters. Comparing a name with every other was quadratic in
    a crowd of names."""

    def __init__(self) -> None:
        self._index: dict[str, list[int]] = defaultdict(list)

    def add(self, i: int, word: str) -> None:
        if 3 <= len(word) <= MAX_VARIANT_NAME:
            for k in variant_keys(word):
                held = self._index[k]
                if len(held) < MAX_PER_KEY:
                    held.append(i)

    def candidates(self, word: str) -> set[int]:
        if not 3 <= len(word) <= MAX_VARIANT_NAME:
            return set()
        index = self._index
        return {j for k in variant_keys(word) for j in index.get(k, ())}


_COMMON_MEMO: tuple[Lexicon | None, dict[str, bool]] = (None, {})


def _looks_common(word: str, lex: Lexicon) -> bool:
    """A lowercase English word or a simple inflection of one ("insists"), or a date.

    Remembered per word for the lexicon last asked about (the characters stage asks
    about each name's words several times; a crowd of names asks tens of thousands)."""
    global _COMMON_MEMO
    memo_lex, memo = _COMMON_MEMO
    if memo_lex is not lex:
        memo = {}
        _COMMON_MEMO = (lex, memo)
    hit = memo.get(word)
    if hit is None:
        if len(memo) > 200_000:
            memo.clear()
        hit = memo[word] = _looks_common_uncached(word, lex)
    return hit


def _looks_common_uncached(word: str, lex: Lexicon) -> bool:
    if word in CALENDAR or _is_common(word, lex):
        return True
    if word in lex.first_names or word in lex.proper_words:
        return False
    return any(word.endswith(suf) and word[:-len(suf)] in lex.lower_words
               for suf in ("s", "es", "ed", "d", "ing", "ly", "est"))


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
    weak = []
    for m in rejected:
        if len(m.names) != 1 or m.honorifics or m.the:
            continue
        low = m.names[0].lower()
        if stats.lower[low] or (m.initial and _is_common(low, lex)) or len(low) < 3:
            continue
        weak.append((m, low))
    if not weak:
        return []
    # (sorted, with a spelling index of the names that share a weak word's first two
    # letters, which every spelling pair does: a crowd of names made each word read
    # every known name with its first two letters)
    ordered = sorted(known)
    starts = {low[:2] for _, low in weak}
    spellings = SpellingIndex()
    for i, k in enumerate(ordered):
        if k[:2] in starts:
            spellings.add(i, k)
    out = []
    for m, low in weak:
        word = m.names[0]
        if low.endswith("s") and low[:-1] in known and text[m.end:m.end + 1] in "'’":
            out.append(NameMention(m.start, m.end - 1, (), (word[:-1],), False, m.prob, m.initial))
            continue
        if _one_longer(ordered, low) or any(is_spelling_variant(low, ordered[j])
                                            for j in spellings.candidates(low)):
            out.append(m)
    return out


def _one_longer(ordered: list[str], word: str) -> bool:
    """Whether exactly one of the sorted words starts with ``word`` and is longer
    (they are one run of the sorted list)."""
    found = 0
    for i in range(bisect_left(ordered, word), len(ordered)):  # (no slice: that copies the rest)
        k = ordered[i]
        if not k.startswith(word):
            break
        if len(k) > len(word):
            found += 1
            if found == 2:
                break
    return found == 1


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
        w = text[m.start:m.end]
        f.surfaces[w] = f.surfaces.get(w, 0) + 1
    return forms
