"""The general English word list: hunspell (chunspell's bundled en_US) plus symspellpy's
bundled frequency dictionaries, loaded once and offline.

Why two sources: hunspell knows inflections and many names but is American only and
its ``suggest`` is slow (~0.15 s a call); symspellpy's frequency list (SCOWL words with
Google Books counts) knows British spellings ("colour", "connexion") and gives the
frequencies used to rank corrections, and its bigram list ranks them in context.
Lookups are cached per word type: a novel has ~10k types, so each is checked once.
"""

from __future__ import annotations

import importlib.resources
import math
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T", dict, frozenset)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOWELS = frozenset("aeiouy")

# Informal words that fan fiction uses on purpose and that neither list has.
INFORMAL = frozenset("""
ok okay gonna wanna gotta kinda sorta dunno lemme gimme outta lotta yeah yep yup nope nah
hmm hmmm mhm uh um umm huh shh ugh whoa woah aw aww ew eww oops ouch hey yay nah meh
c'mon y'all ya'll 'cause 'til cos cuz bro sis mom mommy daddy grandma grandpa
texted texting email emails emailed online selfie selfies
mm mmm hm eh ah oh ha ew ow ya yo ye luv nevermind alright anyways snuck
fanfic fanfics drabble drabbles ficlet oneshot facepalm facepalms
""".split())

# Elisions that standard informal English uses ('em, 'cause): not a sign of dialect.
INFORMAL_ELIDED = frozenset("em cause til bout round".split())


@lru_cache(maxsize=1)
def hunspell():  # noqa: ANN201 - the C extension type has no stub
    """The en_US hunspell dictionary that ships inside the chunspell wheel (no network)."""
    from hunspell import Hunspell

    return Hunspell("en_US")


@lru_cache(maxsize=1)
def hunspell_forms() -> frozenset[str]:
    """Every lowercase letters-only word hunspell might accept: a superset, built by
    applying each dictionary word's affix rules while ignoring the rules' conditions.

    Why: ``hunspell().spell`` costs ~25 us a call, and looking for a rare dictionary
    word one slip from a coined one asks it about ~300 strings; a text full of coinages
    (Ulysses) asked it ~750k times. A set lookup rules out nearly all of them, and
    ``spell`` still has the last word on the few that remain, so the answer is exactly
    hunspell's. The set (~160k forms) is cached between runs like the bigrams.
    """
    return _cached("hunspell-forms", _expand_hunspell, package="chunspell")


def _expand_hunspell() -> frozenset[str]:
    import hunspell as pkg

    folder = Path(pkg.__file__).parent / "dictionaries"
    prefixes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    suffixes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in (folder / "en_US.aff").read_text(encoding="latin-1").splitlines():
        p = line.split()
        if len(p) >= 5 and p[0] in ("PFX", "SFX"):  # PFX flag strip add condition
            strip = "" if p[2] == "0" else p[2]
            add = p[3].split("/")[0]
            (prefixes if p[0] == "PFX" else suffixes)[p[1]].append(
                (strip, "" if add == "0" else add))
    forms: set[str] = set()
    with (folder / "en_US.dic").open(encoding="latin-1") as fh:
        next(fh, None)  # the entry count
        for line in fh:
            entry = line.split()
            if not entry:
                continue
            word, _, flags = entry[0].partition("/")
            base = [word]
            for f in flags:
                base += [word[:len(word) - len(strip)] + add
                         for strip, add in suffixes.get(f, ()) if word.endswith(strip)]
            out = list(base)
            for f in flags:  # cross products too, whatever the rule's cross flag says
                out += [add + b[len(strip):] for strip, add in prefixes.get(f, ())
                        for b in base if b.startswith(strip)]
            forms.update(w for w in map(str.lower, out) if w.isalpha() and w.isascii())
    return frozenset(forms)


def _data_path(name: str):  # noqa: ANN202
    return importlib.resources.files("symspellpy") / name


@lru_cache(maxsize=1)
def frequencies() -> dict[str, int]:
    """Word -> corpus count from symspellpy's bundled 82,765-word English list."""
    out: dict[str, int] = {}
    with _data_path("frequency_dictionary_en_82_765.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, _, count = line.partition(" ")
            out[word] = int(count)
    return out


CACHE_FORMAT = 1  # bump when a cached table is built differently


def _cached(name: str, build: Callable[[], T], package: str = "symspellpy") -> T:
    """``build()``, kept between runs as a pickle in the user's own cache folder.

    Why: parsing the 243k-line bigram list and indexing deletions take ~0.8 s, most
    of a cold start on a novel; unpickling them takes about a third of that. The
    cache is keyed by the version of ``package`` (whose files it is built from); any
    error (read-only home, stale file) falls back to building in memory.
    ``FICLENS_CACHE=0`` turns it off.
    """
    root = os.environ.get("FICLENS_CACHE")
    if root == "0":
        return build()
    try:
        from importlib.metadata import version

        tag = version(package)
    except Exception:  # noqa: BLE001 - no metadata: no cache
        return build()
    base = Path(root) if root else Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ficlens"
    path = base / f"proofread-{name}-{tag}-{INDEX_MIN_COUNT}-v{CACHE_FORMAT}.pickle"
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, (dict, frozenset)) and data:
            return data
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        pass
    data = build()
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return data


@lru_cache(maxsize=1)
def bigrams() -> dict[str, int]:
    """"w1 w2" -> count from symspellpy's bundled bigram list (loaded only when ranking)."""
    return _cached("bigrams", _read_bigrams)


def _read_bigrams() -> dict[str, int]:
    with _data_path("frequency_bigramdictionary_en_243_342.txt").open(encoding="utf-8") as fh:
        parts = fh.read().split()
    return dict(zip(map(" ".join, zip(parts[0::3], parts[1::3], strict=True)),
                    map(int, parts[2::3]), strict=True))


INDEX_MIN_COUNT = 1_000_000  # only common words are second-edit corrections


@lru_cache(maxsize=1)
def delete_index() -> dict[str, str | tuple[str, ...]]:
    """Each common word with one letter deleted -> the word(s) it came from (cached)."""
    return _cached("deletes", _build_delete_index)


def _build_delete_index() -> dict[str, str | tuple[str, ...]]:
    """Each common word with one letter deleted -> the word(s) it came from.

    Why: with it a distance-2 candidate search costs ~500 set lookups instead of the
    ~200k strings of a brute-force second edit. Only the ~21k words seen a million
    times or more are indexed, so it builds in ~0.3 s (symspellpy's full distance-2
    index of every word takes ~5 s).
    """
    index: dict[str, str | tuple[str, ...]] = {}
    for word, count in frequencies().items():
        if count < INDEX_MIN_COUNT or len(word) < 4 or not word.isalpha():
            continue
        for i in range(len(word)):
            d = word[:i] + word[i + 1:]
            have = index.get(d)
            if have is None:
                index[d] = word
            elif isinstance(have, str):
                if have != word:
                    index[d] = (have, word)
            elif word not in have:
                index[d] = (*have, word)
    return index


def from_index(key: str) -> tuple[str, ...]:
    hit = delete_index().get(key)
    if hit is None:
        return ()
    return (hit,) if isinstance(hit, str) else hit


TOTAL = 1_024_908_267_229  # total token count of the corpus behind the frequency list
LOG_TOTAL = math.log10(TOTAL)


def log_freq(word: str) -> float:
    """log10 of the corpus count (0 for words the list lacks)."""
    return math.log10(frequencies().get(word, 0) + 1)


_REPEATS = re.compile(r"(.)\1{2,}")
_known_cache: dict[str, bool] = {}


def is_known(word: str) -> bool:
    """Is this word form standard English (any case it is written in)?

    ``word`` uses a plain apostrophe. Accepts hunspell words, the frequency list,
    informal words, possessives of known words, g-dropping ("goin'") and stretched
    words ("sooo", "hmmm") whose squeezed form is known.
    """
    hit = _known_cache.get(word)
    if hit is None:
        hit = _check(word)
        _known_cache[word] = hit
    return hit


def _check(word: str) -> bool:
    low = word.lower()
    if low in INFORMAL or low in frequencies():
        return True
    try:
        if hunspell().spell(word) or (word != low and hunspell().spell(low)):
            return True
    except UnicodeError:
        return True  # outside the dictionary's character set ("c\u0153ur"): not ours to judge
    if low.endswith("'s") and len(low) > 3:
        return is_known(word[:-2])
    if low.endswith("'") and len(low) > 3:  # goin', ol' -> going, old
        return is_known(word[:-1] + "g") or is_known(word[:-1] + "d") or is_known(word[:-1])
    if _REPEATS.search(low):
        once = _REPEATS.sub(r"\1", low)
        twice = _REPEATS.sub(r"\1\1", low)
        return is_known(once) or is_known(twice)
    if "'" in low:
        head = low.split("'", 1)[0]
        return len(head) > 1 and low.count("'") == 1 and is_known(head) and low.endswith(
            ("'ll", "'re", "'ve", "'d", "'m", "n't"))
    return False


def word_count(word: str) -> int:
    return frequencies().get(word, 0)


def bigram_count(a: str, b: str) -> int:
    return bigrams().get(f"{a} {b}", 0)


# British spellings -> the American forms hunspell knows ("colour" -> "color").
_BRITISH = (("our", "or"), ("bre", "ber"), ("tre", "ter"), ("ise", "ize"), ("isi", "izi"),
            ("isa", "iza"), ("yse", "yze"), ("lled", "led"), ("lling", "ling"),
            ("ae", "e"), ("oe", "e"), ("ogue", "og"), ("ence", "ense"), ("mme", "m"))
_PREFIXES = ("un", "in", "im", "non", "over", "under", "out", "re", "pre", "mis", "dis",
             "counter", "fore", "self", "super", "semi", "half", "ill", "well")
_SUFFIXES = ("ly", "ness", "less", "ful", "ment", "ish", "like", "ward", "wards", "ed", "ing",
             "er", "ers", "ings", "est", "able", "ity", "ism", "ist", "ists", "y", "s")
_plausible_cache: dict[str, bool] = {}
BASE_MIN_COUNT = 10_000  # a word that takes a suffix must be a real, not a rare, word
# Spellings that edited older novels use and a fan-fiction writer would not mistype by
# accident; counted apart as "archaic" by the evaluation.
ARCHAIC = frozenset("""
surprize surprized surprizing chuse chusing stopt wrapt dropt stept vallies doat doated
doating shew shewn shewed shewing sheweth connexion connexions compleat publick musick
untill thro tho staid gaol gaoler despatch despatched intrusted enure inclose inclosed
hath doth art thee thy thine ye wilt shalt canst couldst wouldst shouldst hast didst
""".split())


def plausible(word: str) -> bool:
    """A word the dictionaries lack but English makes regularly: a British spelling
    ("sombreness"), a prefix or suffix on a known word ("unannoyed", "lumpily") or a
    closed compound of two ordinary words ("stairhead"). Such words are the writer's
    choice far more often than a slip, so they are not flagged.
    """
    hit = _plausible_cache.get(word)
    if hit is None:
        hit = _plausible(word.lower(), 2)
        _plausible_cache[word] = hit
    return hit


def _plausible(low: str, depth: int) -> bool:
    if is_known(low) or low in ARCHAIC:
        return True
    if depth == 0 or len(low) < 5:
        return False
    for uk, us in _BRITISH:
        if uk in low and _plausible(low.replace(uk, us), depth - 1):
            return True
    for p in _PREFIXES:
        if low.startswith(p) and len(low) - len(p) >= 4 and _plausible(low[len(p):], depth - 1):
            return True
    for s in _SUFFIXES:
        if not low.endswith(s) or len(low) - len(s) < 3:
            continue
        base = low[: -len(s)]
        if s[0] in VOWELS and base.endswith("e") and not base.endswith("ee"):
            continue  # English drops the e: "reviled", not "revileed"
        if len(s) > 1 and any(is_known(b) and word_count(b) >= BASE_MIN_COUNT
                              for b in (base, base + "e")):
            return True
        if base.endswith("i") and is_known(base[:-1] + "y"):  # lumpily, merrier
            return True
        if (len(s) > 1 and len(base) > 3 and base[-1] == base[-2] and base[-1] not in VOWELS
                and base[-3] in VOWELS and base[-4] not in VOWELS and base[-1] != "s"
                and is_known(base[:-1])):
            return True  # quitted, fidgetted: a doubled final consonant after one vowel
        if len(s) > 1 and depth > 1 and _plausible(base, depth - 1):
            return True
    return depth == 2 and _compound(low)


def _compound(low: str) -> bool:
    """Two nouns run together ("stairhead", "coalboats"): an English closed compound.

    Only nouns count (hunspell's possessive flag M), so "grewolder" or
    "noticewhenever", two words that lost their space, are still flagged.
    """
    freq = frequencies()
    for i in range(3, len(low) - 2):
        a, b = low[:i], low[i:]
        if (a in freq and b in freq and log_freq(a) > 6.0 and log_freq(b) > 6.0
                and a not in _GLUE and b not in _GLUE and _noun(a) and _noun(b)):
            return True
    return False


@lru_cache(maxsize=1)
def _dic_flags() -> dict[str, str]:
    """Word -> affix flags from the bundled en_US.dic (flag M, the possessive: a noun)."""
    from pathlib import Path

    import hunspell as pkg

    path = Path(pkg.__file__).parent / "dictionaries" / "en_US.dic"
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        next(fh, None)
        for line in fh:
            word, _, flags = line.rstrip("\n").partition("/")
            out[word] = flags
    return out


def _noun(word: str) -> bool:
    flags = _dic_flags()
    for base in (word, word[:-1] if word.endswith("s") else "", word[:-2]
                 if word.endswith("es") else ""):
        f = flags.get(base)
        if f is not None and "M" in f:
            return True
    return False


# Function words: a run-together pair with one of these is a missing space, not a compound.
_GLUE = frozenset("""
the and for but not you his her him she they them was were are had has have with that this
then than there their from into onto upon what when who why how all any can could would
should will its our out one off own too very just been being did does done our your yours
without within after before over under about again always never ever even
""".split())
