"""Find proper-name person mentions: capitalised word runs scored by a small model.

Why not spaCy NER: over a whole novel it is several times slower than the budget of the
characters stage, and on fiction it drops honorifics ("Mr." in "Mr. Bennet"), which are
part of the name as readers and LitBank see it. Instead every run of capitalised words
(with honorifics, "the" before a capitalised role noun, name particles such as "van")
is a candidate, described by spelling, dictionary, first-name, context and
whole-document evidence, and scored by a logistic model trained on LitBank
(``scripts/train_mentions.py``; weights in ``models/mentions.json``). A second pass
adds how sure the first was about the same word elsewhere in the document, since a
writer spells a name the same way throughout. Descriptions before a name ("the
amiable Miss Sedley") and after it ("Mahmoud of Ghizni") are offered as alternative
cuts of the same candidate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat

from ..models import load_model, model_path
from ..speech import MENTION_MODEL_SPEECH_CONTEXT, ROLE_TAG_VERBS
from ..titles import ABBREVIATIONS, HONORIFICS, SAINT
from .lexicon import (
    FUNCTION_WORDS,
    NAME_SUFFIXES,
    PARTICLES,
    Lexicon,
    lexicon,
)

MODEL_PATH = model_path("mentions")

# A capitalised word; a possessive 's is left out of it ("Bailey's" -> "Bailey").
# Combining marks (U+0300-U+036F) continue a word, so a decomposed "Ame\u0301lie" stays
# whole; the first letter must really be upper case (checked where it is used), since
# the class also admits non-ASCII lower-case letters such as Cyrillic.
_CAP = re.compile(
    r"(?<![\w'’\u0300-\u036f])[^\W\d_a-z](?:[^\W\d_]|[\u0300-\u036f]|['’\-](?![sS]\b)(?=[^\W\d_]))*")
_ROMAN = re.compile(r"[IVX]+")
_LOWER = re.compile(r"(?<![\w'’\-])[a-z][a-z]*")
_GAP = re.compile(r"\.?[ \t]*\n?[ \t]*")
_PARTICLE_GAP = re.compile(r"[ \t]+(\w+)[ \t]+")
_PREV_WORD = re.compile(r"([\w'’]+)[^\w\n]*$")
_NEXT_WORD = re.compile(r"\s*(['’]s\b|[\w'’]+|[^\w\s])")
_THE_BEFORE = re.compile(r"(?:^|(?<=\W))([Tt]he)[ \t]+$")

# speech context features of the trained name-mention model (fixed with its weights)
SPEECH_VERBS = MENTION_MODEL_SPEECH_CONTEXT


@dataclass(frozen=True, slots=True)
class Candidate:
    """A capitalised run that may be a person's name; ``words`` are its word spans."""

    start: int
    end: int
    words: tuple[tuple[int, int], ...]
    the: bool = False  # the span starts with "the" ("the Chief")
    prev: str = ""  # the lowercase word just before, or "" when it is not lowercase
    next: str = ""  # the next token, lowercased ("CAP" for a capitalised word)
    mod: str = ""  # a modifier the span starts with ("poor" in "poor Jemima")
    group: int = 0  # candidates of one group are alternative cuts of one name


@dataclass(frozen=True, slots=True)
class DocStats:
    """Whole-document counts: how often a word is capitalised mid-sentence or lowercase."""

    cap_mid: Counter[str]
    lower: Counter[str]
    context: Counter[tuple[str, str]]  # (word, context class) over all candidates


def _prev_char_class(text: str, pos: int) -> str:
    i = pos - 1
    newline = False
    while i >= 0 and text[i].isspace():
        if text[i] == "\n":
            if newline:
                return "para"
            newline = True
        i -= 1
    if i < 0:
        return "start"
    ch = text[i]
    if ch.isalpha():
        return "letter"
    if ch.isdigit():
        return "digit"
    if ch in ".!?…":
        return "stop"
    if ch in ",;":
        return "comma"
    if ch in "\"“”'‘’":
        return "quote"
    if ch in ":":
        return "colon"
    if ch in "-—–":
        return "dash"
    if ch in "([":
        return "paren"
    return "other"


INITIAL = frozenset({"start", "para", "stop", "quote", "colon", "dash", "paren", "other"})


_CONTRACTION = re.compile(r".+['’](?:m|ll|re|ve|d|s|t)$|.+n['’]t$")


def _is_common(low: str, lex: Lexicon) -> bool:
    """A word English writes in lowercase and never as a name ("When", "The", "I'm")."""
    if low in FUNCTION_WORDS or _CONTRACTION.match(low):
        return True
    if low in lex.proper_words or low in lex.first_names:
        return False
    return (low in lex.lower_words or lex.zipf.get(low, 0) >= 8  # seen 10 million times
            or _adverb(low, lex))


def _adverb(low: str, lex: Lexicon) -> bool:
    """An adverb in -ly made from a lowercase word ("Presently Tony said",
    "Unluckily Aziz"): hunspell lists the stem, not the adverb."""
    if not low.endswith("ly") or len(low) < 6:
        return False
    stem = low[:-2]
    return (stem in lex.lower_words or (stem.endswith("i") and stem[:-1] + "y" in lex.lower_words)
            or (stem + "le") in lex.lower_words)


def candidates(text: str) -> tuple[list[Candidate], DocStats]:
    """Every capitalised run in ``text`` that could name a person, and document counts."""
    lex = lexicon()
    words = [(m.start(), m.end()) for m in _CAP.finditer(text) if text[m.start()].isupper()]
    lower = Counter(_LOWER.findall(text))
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    prev_end = -1
    for s, e in words:
        if run:
            gap = text[prev_end:s]
            ok = False
            if _GAP.fullmatch(gap) and (not gap.startswith(".") or _abbreviated(text, run[-1])):
                ok = True
            else:
                pm = _PARTICLE_GAP.fullmatch(gap)
                ok = bool(pm and pm.group(1) in PARTICLES)
            if not ok:
                runs.append(run)
                run = []
        run.append((s, e))
        prev_end = e
    if run:
        runs.append(run)

    cap_mid: Counter[str] = Counter()
    out: list[Candidate] = []
    for whole in runs:
        initial = _prev_char_class(text, whole[0][0]) in INITIAL
        for k, (s, e) in enumerate(whole):
            if k or not initial:
                w = text[s:e].lower()
                cap_mid[w] = cap_mid.get(w, 0) + 1  # (no __missing__ call for a new word)
        for part, part_initial in _split_run(text, whole, initial):
            cand = _candidate(text, part, part_initial, lex, len(out))
            if cand is not None:
                out.append(cand)
                out += _with_modifier(text, cand, lex)
                out += _with_suffix(text, cand)
    context: Counter[tuple[str, str]] = Counter()
    for c in out:
        if c.mod:
            continue
        ws = [text[s:e].lower() for s, e in c.words]
        for cls in _context_classes(c, ws):
            context[ws[-1], cls] = context.get((ws[-1], cls), 0) + 1
        if len(ws) > 1 and ws[0] not in HONORIFICS:
            context[ws[0], "first"] = context.get((ws[0], "first"), 0) + 1
            context[ws[-1], "last"] = context.get((ws[-1], "last"), 0) + 1
    return out, DocStats(cap_mid, lower, context)


def _abbreviated(text: str, word: tuple[int, int]) -> bool:
    """The word before a full stop is an abbreviation ("Mr.") or an initial ("J.")."""
    last = text[word[0]:word[1]].lower()
    return last in ABBREVIATIONS or len(last) == 1


def _before_blanks(text: str, pos: int) -> str:
    """The character before the spaces and tabs that end ``text[:pos]`` (or end it
    before one line end), "" when there are none. A pattern ending in ``[ \t]+$``
    searched up to ``pos`` can only match with its last other character there."""
    i = pos - 1
    if i >= 0 and text[i] == "\n":
        i -= 1
    end = i
    while i >= 0 and text[i] in " \t":
        i -= 1
    return text[i] if 0 <= i < end else ""


def _ascii_letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


_NOT_WORD_RUN = re.compile(r"[^\w\n]*")
_WORD_RUN = re.compile(r"[\w'’]*")
_QUOTE_RUN = re.compile(r"['’]*")


def _prev_word(text: str, start: int) -> str:
    """The lowercase word just before ``start`` (within 30 characters, on its line), or
    "" when that word is not lowercase: what ``_PREV_WORD.search(text, start - 30,
    start)`` finds, read backwards from ``start`` instead of tried at 30 places.

    The match is a run of word characters and apostrophes, then characters that are
    neither word characters nor line ends, up to ``start`` (or the line end just
    before it). So: past the trailing non-word run lies the word's last letter, the
    word runs back from it, and on over any apostrophes after it."""
    if start <= 0:
        return ""
    end = start - 1 if text[start - 1] == "\n" else start
    lo = max(0, start - 30)
    nl = text.rfind("\n", lo, end)  # (no match spans a line end)
    if nl >= 0:
        lo = nl + 1
    if end <= lo:
        return ""
    back = text[lo:end][::-1]
    k = _NOT_WORD_RUN.match(back).end()  # type: ignore[union-attr]
    if k == len(back):
        return ""  # no word character: at most apostrophes, never lowercase
    first = end - _WORD_RUN.match(back, k).end()  # type: ignore[union-attr]
    if not text[first].islower():
        return ""
    last = _QUOTE_RUN.match(text, end - k, end).end()  # type: ignore[union-attr]
    return text[first:last].lower()


def _split_run(text: str, run: list[tuple[int, int]], initial: bool
               ) -> list[tuple[list[tuple[int, int]], bool]]:
    """Cut a run where one name cannot go on: at a function word ("Thomson On"),
    where capitals change (headings: "HOWARDS END Helen"), and before an honorific
    that follows a name ("Australia Mrs. Rachel")."""
    parts: list[tuple[list[tuple[int, int]], bool]] = []
    cur: list[tuple[int, int]] = []
    cur_initial = initial
    prev_caps: bool | None = None
    for s, e in run:
        word = text[s:e]
        low = word.lower()
        caps = len(word) > 1 and word.isupper() and not _ROMAN.fullmatch(word)
        if low in FUNCTION_WORDS or _CONTRACTION.match(low):
            if cur:
                parts.append((cur, cur_initial))
            cur, cur_initial, prev_caps = [], False, None
            continue
        if cur and ((prev_caps is not None and caps != prev_caps and len(word) > 1)
                    or (low in HONORIFICS
                        and text[cur[-1][0]:cur[-1][1]].lower() not in HONORIFICS
                        and not _saint_surname(text, cur, low))):
            parts.append((cur, cur_initial))
            cur, cur_initial = [], False
        cur.append((s, e))
        if len(word) > 1:
            prev_caps = caps
    if cur:
        parts.append((cur, cur_initial))
    return parts


def _saint_surname(text: str, cur: list[tuple[int, int]], low: str) -> bool:
    """"St" right after a given name starts a surname ("Reggie St Cloud", "Peter St.
    John"), not a saint's name."""
    return low in SAINT and text[cur[-1][0]:cur[-1][1]].lower() in lexicon().first_names


INTERJECTIONS = frozenset({"O", "Oh", "Ah", "Alas"})


def _candidate(text: str, run: list[tuple[int, int]], initial: bool, lex: Lexicon,
               group: int = 0) -> Candidate | None:
    # "O Mouse", "Oh Tom": the interjection of an address is no part of the name.
    while len(run) > 1 and text[run[0][0]:run[0][1]] in INTERJECTIONS:
        run = run[1:]
    # Drop a sentence-initial common word ("When Tom came" -> "Tom").
    while len(run) > 1 and initial:
        low = text[run[0][0]:run[0][1]].lower()
        if low in HONORIFICS or not _is_common(low, lex):
            break
        run = run[1:]
    # A trailing honorific or function word belongs to no one ("Tom, Mr").
    while run and (text[run[-1][0]:run[-1][1]].lower() in FUNCTION_WORDS
                   or (len(run) > 1 and text[run[-1][0]:run[-1][1]].lower() in HONORIFICS)):
        run = run[:-1]
    if not run or (len(run) == 1 and text[run[0][0]:run[0][1]].lower() in NAME_SUFFIXES):
        return None
    start = run[0][0]
    end = run[-1][1]
    the = False
    m = (_THE_BEFORE.search(text, max(0, start - 8), start)
         if _before_blanks(text, start) == "e" else None)
    if m and len(run) <= 2:
        low = text[run[0][0]:run[0][1]].lower()
        if low in lex.lower_words or (len(run) == 1 and low.endswith("s")):
            the = True
            start = m.start(1)
    prev = _prev_word(text, start)
    nxt = ""
    nm = _NEXT_WORD.match(text, end)
    if nm:
        nw = nm.group(1)
        nxt = "CAP" if nw[:1].isupper() else nw.lower().replace("’", "'")
    return Candidate(start, end, tuple(run), the, prev, nxt, "", group)


# Words that LitBank counts as part of a name when they stand right before it
# ("old Pontifex", "poor Jemima", "uncle Charles").
MODIFIERS = frozenset("old poor little young dear sister uncle aunt brother cousin good "
                      "great honest nasty plain".split())
_MOD_BEFORE = re.compile(r"(?:^|(?<=[^\w'’]))([A-Za-z]+(?:-[a-z]+)?)[ \t]+$")


def _with_modifier(text: str, c: Candidate, lex: Lexicon) -> list[Candidate]:
    """The same name with the words that describe it before it, as alternative cuts.

    LitBank counts "poor Jemima" and "the amiable Miss Sedley" as the whole name, so
    both a listed modifier and "the" + one lowercase descriptive word are offered; the
    model chooses between the cuts.
    """
    if c.the:
        return []
    if not _ascii_letter(_before_blanks(text, c.start)):
        return []
    m = _MOD_BEFORE.search(text, max(0, c.start - 24), c.start)
    if not m:
        return []
    word = m.group(1)
    low = word.lower()
    out = []
    if low in MODIFIERS:
        out.append(_alt(text, c, m.start(1), low))
    if word.islower() and low not in FUNCTION_WORDS | MODIFIERS and low not in HONORIFICS:
        t = (_THE_BEFORE.search(text, max(0, m.start(1) - 8), m.start(1))
             if _before_blanks(text, m.start(1)) == "e" else None)
        if t and t.group(1) == "the":
            out.append(_alt(text, c, t.start(1), "the+" + ("lw" if low in lex.lower_words
                                                             else "other")))
    return out


_OF_AFTER = re.compile(r"[ \t]+of[ \t]+((?:[A-Z][\w'’]*)(?:[ \t]+[A-Z][\w'’]*)*)")
_THE_ORDINAL = re.compile(r"[ \t]+the[ \t]+([A-Z][a-z]+)\b")


def _with_suffix(text: str, c: Candidate) -> list[Candidate]:
    """The name with what follows it as an alternative cut: "Mahmoud of Ghizni", "the
    Archbishop of Speyer", "Charles the Second" (LitBank's spans for such people)."""
    if c.mod:
        return []
    out = []
    m = _OF_AFTER.match(text, c.end)
    if m:
        out.append(replace(c, end=m.end(1), mod="+of"))
    m = _THE_ORDINAL.match(text, c.end)
    if m:
        out.append(replace(c, end=m.end(1), mod="+the"))
    return out


def _alt(text: str, c: Candidate, start: int, mod: str) -> Candidate:
    return replace(c, start=start, prev=_prev_word(text, start), mod=mod)


PLACE_PREPS = frozenset("in at to from into near of towards toward through across".split())


def _context_classes(c: Candidate, lows: list[str]) -> list[str]:
    """What the surroundings of one mention say about its head word."""
    out = []
    if c.prev in PLACE_PREPS and not c.the and lows[0] not in HONORIFICS:
        out.append("prep")
    if len(lows) > 1 and lows[0] in HONORIFICS:
        out.append("hon")
    if c.next in SPEECH_VERBS or c.prev in SPEECH_VERBS:
        out.append("speech")
    if c.next == "'s":
        out.append("poss")
    if c.next in ("was", "had", "is", "has", "would", "could", "did", "looked", "went"):
        out.append("subj")
    return out


def _bucket(n: int) -> str:
    return str(min(4, int(math.log2(n + 1)))) if n else "0"


# (_bucket's answers up to 15, looked up; from 15 on it is "4")
_BUCKETS = tuple(_bucket(n) for n in range(16))


def _bucketed(n: int) -> str:
    return _BUCKETS[n] if n < 16 else "4"


def _word_features(prefix: str, word: str, stats: DocStats, lex: Lexicon) -> list[str]:
    low = word.lower()
    cap_mid, lower = stats.cap_mid.get(low, 0), stats.lower.get(low, 0)
    f = [f"{prefix}cm{_bucketed(cap_mid)}", f"{prefix}lo{_bucketed(lower)}",
         f"{prefix}s3={low[-3:]}", f"{prefix}len{min(len(low), 8)}"]
    f.append(f"{prefix}zf{lex.zipf.get(low, 0)}")
    if "-" in word or "'" in word or "’" in word:
        f.append(prefix + "punct")
    if low in lex.lower_words:
        f.append(prefix + "lw")
    if low in lex.proper_words:
        f.append(prefix + "pw")
    if low in lex.first_names:
        f.append(prefix + "fn")
    if low in lex.male_names or low in lex.female_names:
        f.append(prefix + "gn")
    if low in lex.nameparser_titles:
        f.append(prefix + "npt")
    if len(word) > 1 and word.isupper():
        f.append(prefix + "caps")
    if cap_mid > lower:
        f.append(prefix + "capmore")
    return f


# The kinds of a word's feature list (see _word_feature_list).
_HEAD, _FIRST, _INITIAL, _ONE = 1, 2, 3, 4
_PREFIX = {_HEAD: "h:", _FIRST: "f:", _INITIAL: "i&", _ONE: "1&"}
WordCache = dict[str, list[list[str] | None]]


def _word_feature_list(word: str, kind: int, stats: DocStats, lex: Lexicon,
                       cache: WordCache) -> list[str]:
    """The word's features as :func:`features` uses them: with the head's prefix "h:"
    (``_HEAD``), the first name's "f:" (``_FIRST``), and after a sentence-initial
    capital ("i&", ``_INITIAL``) or for a one-word candidate ("1&", ``_ONE``) without
    the suffix feature.

    Remembered per word and kind for one document (``cache``): a crowd names "Smith"
    fifty thousand times, and a word's features depend on the word and the document
    only. Each kind is made when first asked (a crowd's first names need one kind)."""
    got = cache.get(word)
    if got is None:
        got = cache[word] = [_word_features("", word, stats, lex), None, None, None, None]
    out = got[kind]
    if out is None:
        prefix = _PREFIX[kind]
        base: list[str] = got[0]  # type: ignore[assignment]
        out = got[kind] = ([prefix + x for x in base] if kind in (_HEAD, _FIRST)
                           else [prefix + x for x in base if "s3=" not in x])
    return out


def features(text: str, cand: Candidate, stats: DocStats,
             cache: WordCache | None = None) -> list[str]:
    """Binary features of one candidate (names of the active features).

    ``cache`` keeps each word's features for the document (one dict per document,
    see :func:`_word_feature_list`); without it they are worked out afresh."""
    return _features([text[s:e] for s, e in cand.words], _prev_char_class(text, cand.start),
                     cand, stats, {} if cache is None else cache)


def _features(ws: list[str], pc: str, cand: Candidate, stats: DocStats,
              cache: WordCache) -> list[str]:
    """:func:`features` of a candidate whose words (``ws``) and class of the character
    before it (``pc``) are known; they, the candidate's "the", modifier and the words
    around it are all it reads of the candidate."""
    lex = lexicon()
    lows = [w.lower() for w in ws]
    n_hon = 0
    while n_hon < len(lows) - 1 and lows[n_hon] in HONORIFICS:
        n_hon += 1
    f = ["bias", f"n={min(len(ws), 4)}"]
    f.append("pc=" + pc)
    initial = pc in INITIAL and not cand.the
    if initial:
        f.append("init")
    if cand.the:
        f.append("the")
    if cand.mod:
        f += ["mod", "mod=" + cand.mod]
        f += [f"{cand.mod}&n={min(len(ws), 4)}", f"{cand.mod}&hon={bool(n_hon)}"]
    if n_hon:
        f.append("hon")
        f.append("hon=" + lows[0])
    elif len(lows) == 1 and lows[0] in HONORIFICS:
        f.append("only_hon=" + lows[0])
    head = ws[-1]
    f += _word_feature_list(head, _HEAD, stats, lex, cache)
    if len(ws) - n_hon > 1:
        f += _word_feature_list(ws[n_hon], _FIRST, stats, lex, cache)
    if initial:
        f += _word_feature_list(head, _INITIAL, stats, lex, cache)
    if len(ws) == 1:
        f += _word_feature_list(head, _ONE, stats, lex, cache)
    if cand.prev:
        f.append("pw=" + cand.prev)
    if cand.next:
        f.append("nw=" + cand.next)
        if cand.next in SPEECH_VERBS:
            f.append("nw=SPEECH")
    hl = lows[-1]
    context = stats.context
    for cls in ("prep", "hon", "speech", "poss", "subj", "first", "last"):
        n = context.get((hl, cls))
        if n:
            f.append(f"d:{cls}{min(n, 3)}")
    fl = lows[n_hon]
    if len(ws) - n_hon == 1 and context.get((fl, "first")):
        f.append("d:isfirst")
    f.append("hw=" + hl)
    if hl.endswith("s") and len(hl) > 3:
        stem = hl[:-1]
        if stats.cap_mid.get(stem):
            f.append("d:stemcap")
        if cand.the:
            f.append("the&s")
    return f


def heads(text: str, cands: list[Candidate]) -> list[str]:
    """The lowercased last word of each candidate: what its document evidence is keyed on."""
    return [text[c.words[-1][0]:c.words[-1][1]].lower() for c in cands]


def consistency_features(keys: list[str], probs: list[float],
                         initial: list[bool] | None = None) -> list[list[str]]:
    """How sure the first pass was about the other candidates with the same head word.

    Why: a writer spells a name the same way throughout, so a weak-looking "Harvey"
    after "Harvey said" twice elsewhere is a name too, and a "Selby" that is always
    rejected elsewhere is probably a place. Linear in the number of candidates (the
    top two probabilities per head give every "best of the others").
    """
    total: dict[str, float] = {}
    count: Counter[str] = Counter()
    top: dict[str, tuple[float, int, float]] = {}  # best prob, its index, second best
    for i, (k, p) in enumerate(zip(keys, probs, strict=True)):
        total[k] = total.get(k, 0.0) + p
        count[k] += 1
        b, bi, second = top.get(k, (-1.0, -1, -1.0))
        if p > b:
            top[k] = (p, i, b)
        else:
            top[k] = (b, bi, max(second, p))
    out = []
    for i, (k, p) in enumerate(zip(keys, probs, strict=True)):
        n = count[k] - 1
        if not n:
            out.append(["a:none"])
            continue
        b, bi, second = top[k]
        mx = second if bi == i else b
        mean = (total[k] - p) / n
        out.append([f"a:max{int(mx * 5)}", f"a:mean{int(mean * 5)}", f"a:n{min(n, 4)}"])
    if initial is not None:  # a sentence-initial capital says little: lean on the others
        out = [a + ["i&" + x for x in a] if i else a
               for a, i in zip(out, initial, strict=True)]
    return out


CONSISTENCY_FEATURES = tuple(
    p + x for p in ("", "i&")
    for x in ("a:none", *(f"a:{k}{i}" for k in ("max", "mean", "n") for i in range(6))))


@dataclass(frozen=True)
class Model:
    """First-pass weights, second-pass weights (with consistency features), threshold."""

    first: dict[str, float]
    second: dict[str, float]
    threshold: float  # on the second pass's log-odds


@lru_cache(maxsize=1)
def _model() -> Model:
    data = load_model("mentions")
    return Model(data["weights"], data["weights2"], float(data.get("threshold", 0.0)))


def score(feats: list[str], weights: dict[str, float]) -> float:
    # (the same sum in the same order, looked up at C level)
    return sum(map(weights.get, feats, repeat(0.0, len(feats))))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def scored_candidates(text: str) -> tuple[list[Candidate], list[float], DocStats]:
    """Every candidate with the model's log-odds of being a name (two passes)."""
    cands, logits, stats, _inits, _words = _scored(text)
    return cands, logits, stats


def _scored(text: str) -> tuple[list[Candidate], list[float], DocStats, list[bool],
                                list[list[str]]]:
    """:func:`scored_candidates`, with whether each candidate opens a sentence (its
    "init" feature) and its words as written.

    Candidates alike in all that :func:`features` reads of them (words, the
    character before, "the", modifier, the words around) share their features and
    first-pass probability: worked out once ("Hi," opening each of 30,000 speeches).
    """
    model = _model()
    cands, stats = candidates(text)
    cache: WordCache = {}
    seen: dict[tuple[object, ...], tuple[list[str], float, bool]] = {}
    feats: list[list[str]] = []
    first: list[float] = []
    inits: list[bool] = []
    words: list[list[str]] = []
    for c in cands:
        ws = [text[s:e] for s, e in c.words]
        pc = _prev_char_class(text, c.start)
        key = (*ws, len(ws), pc, c.the, c.mod, c.prev, c.next)
        got = seen.get(key)
        if got is None:
            f = _features(ws, pc, c, stats, cache)
            got = seen[key] = (f, _sigmoid(score(f, model.first)), "init" in f)
        feats.append(got[0])
        first.append(got[1])
        inits.append(got[2])
        words.append(ws)
    agg = consistency_features(heads(text, cands), first, inits)
    # (alike candidates share their feature list: with the same consistency features
    # they share the second pass's score too)
    second: dict[tuple[int, tuple[str, ...]], float] = {}
    logits = []
    for f, a in zip(feats, agg, strict=True):
        key2 = (id(f), tuple(a))
        z = second.get(key2)
        if z is None:
            z = second[key2] = score(f + a, model.second)
        logits.append(z)
    return cands, logits, stats, inits, words


@dataclass(frozen=True, slots=True)
class NameMention:
    """An accepted name mention with its parts: honorifics and name words."""

    start: int
    end: int
    honorifics: tuple[str, ...]  # lowercase, without full stops ("dr", "mrs")
    names: tuple[str, ...]       # the name words as written ("Derek", "Shepherd")
    the: bool = False
    prob: float = 1.0
    initial: bool = False  # first word of a sentence, so its capital says little
    # (the key, worked out when first asked: the cast asks it of a mention many times)
    _key: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        """The form with case and honorific full stops normalised ("mrs bennet")."""
        k = self._key
        if k is None:
            k = " ".join((*self.honorifics, *(n.lower() for n in self.names)))
            object.__setattr__(self, "_key", k)
        return k


def _name_mention(text: str, c: Candidate, prob: float, initial: bool,
                  ws: list[str] | None = None) -> NameMention:
    if ws is None:
        ws = [text[s:e] for s, e in c.words]
    n_hon = 0
    while n_hon < len(ws) - 1 and ws[n_hon].lower() in HONORIFICS:
        n_hon += 1
    if c.the and len(ws) - n_hon == 1 and ws[-1].lower() in HONORIFICS:
        n_hon = len(ws)  # "the Chief": a role, no name
    return NameMention(c.start, c.end, tuple(w.lower() for w in ws[:n_hon]),
                       tuple(ws[n_hon:]), c.the, prob, initial)


def score_candidates(text: str) -> tuple[list[NameMention], DocStats]:
    """Every candidate as a possible name mention with the model's probability."""
    cands, logits, stats, inits, words = _scored(text)
    out: list[NameMention] = []
    for c, z, initial, ws in zip(cands, logits, inits, words, strict=True):
        p = _sigmoid(z)
        if c.mod:  # "poor Jemima" names Jemima: keep the name's own span
            if p > out[-1].prob:
                out[-1] = replace(out[-1], prob=p)
            continue
        # ("init": the character before opens a sentence, and no "the")
        out.append(_name_mention(text, c, p, initial, ws))
    return out, stats


def find_name_mentions(text: str, threshold: float | None = None
                       ) -> tuple[list[NameMention], list[NameMention], DocStats]:
    """Name mentions for building the cast (accepted, rejected, document counts).

    Why more than the model: a name the model is sure of in one place is a name
    everywhere it is written the same way, even where one occurrence looks weak (a
    sentence-initial "Finn"); and "the" before a capitalised role noun in mid-sentence
    ("the Chief") is how stories name someone by office.
    """
    lex = lexicon()
    if threshold is None:
        threshold = _sigmoid(_model().threshold)
    scored, stats = score_candidates(text)
    best: dict[str, float] = {}
    for m in scored:
        best[m.key] = max(best.get(m.key, 0.0), m.prob)
    roles = _role_names(text, scored, stats)
    # words of the full names the model is sure of ("Ruby" of "Ruby Gillis", "Bull" of
    # "Dr. Bull"): written alone with a capital mid-sentence they are that name, even
    # when the word is a common noun the model doubts on its own
    name_words = {n.lower() for m in scored if m.prob >= threshold
                  and (len(m.names) > 1 or (m.names and m.honorifics)) for n in m.names}
    accepted, rejected = [], []
    for m in scored:
        ok = m.prob >= threshold
        if not ok and best.get(m.key, 0.0) >= threshold and m.prob >= 0.02:
            low = m.names[-1].lower() if m.names else ""
            ok = not (m.initial and _is_common(low, lex) and stats.lower[low])
        if (not ok and not m.initial and not m.honorifics and len(m.names) == 1
                and m.names[0].lower() in name_words and m.prob >= PART_OF_NAME_MIN_PROB):
            ok = True
        if not ok and m.the and not m.names and text[m.start] == "t":
            ok = True
        if not ok and m.the and m.key in roles:
            ok = True
        (accepted if ok else rejected).append(m)
    return accepted, rejected, stats


# The least model probability at which a word of a sure full name is accepted alone.
PART_OF_NAME_MIN_PROB = 0.01

COLLECTIVE = frozenset("family people party crowd club company gang band board council "
                       "committee society household crew team army police staff".split())


def _role_names(text: str, scored: list[NameMention], stats: DocStats) -> set[str]:
    """Capitalised common nouns the story uses as a person's name ("the Hatter",
    "the Caterpillar", "the White Rabbit").

    Why: fables and fan fiction name people by what they are, capitalised like a
    name. Conservative: "the" in lowercase before it (mid-sentence) at least three
    times, the word written so at least three times as often as in lowercase ("the
    Cat" 42 times beside 11 "cat" in Alice), and at least once beside a speech verb
    ("said the Hatter"): a place ("the Strand") does not speak.
    """
    uses: Counter[str] = Counter()
    for m in scored:
        if m.the and m.names and len(m.names) <= 2 and text[m.start] == "t":
            uses[m.key] += 1
    out = set()
    for key, n in uses.items():
        head = key.split()[-1]
        if head in COLLECTIVE or (head.endswith("s") and not head.endswith("ss")):
            continue  # a group ("the Happy Family", "the Ambersons"), not one person
        if n >= 3 and stats.lower[head] * 3 <= n and stats.context[head, "speech"]:
            out.add(key)
    return out


def find_names(text: str) -> list[tuple[int, int]]:
    """Spans of proper-name person mentions in ``text`` (start, end), in text order."""
    threshold = _model().threshold
    cands, logits, _ = scored_candidates(text)
    best: dict[int, tuple[float, Candidate]] = {}
    for c, sc in zip(cands, logits, strict=True):
        if c.group not in best or sc > best[c.group][0]:
            best[c.group] = (sc, c)
    return sorted((c.start, c.end) for sc, c in best.values() if sc > threshold)


# Words after "the" that point at a different person each time ("said the other"),
# and nouns that, written in lowercase, are no one in particular ("said a voice").
_POINTERS = frozenset(
    """other others one former latter first second third last same rest two three both
    whole next best worst elder younger""".split())
_NOT_A_ROLE = _POINTERS | frozenset(
    "voice voices answer reply words word door company crowd party group pair".split())
# A gap between words of a tag: spaces, or one line end of a hard-wrapped text ("said
# the\ndetective").
_SP = r"(?:[ \t]+\n?|\n)[ \t]*"
_ROLE_WORDS = rf"(?:[a-z]+-)?[a-z]+(?:{_SP}(?:[a-z]+-)?[a-z]+)?"
# A capitalised role ("said the Gryphon", "the Invisible Man asked"): the text writes
# the noun as a name. One pass finds both kinds: group 1 lowercase, group 2 capitalised.
_CAP_ROLE_WORDS = rf"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?:{_SP}[A-Z][a-z]+)?"
_EITHER = rf"(?:({_ROLE_WORDS})|({_CAP_ROLE_WORDS}))"
_VERB_ALT = "|".join(ROLE_TAG_VERBS)
_AFTER_TAG = (rf"(?=[ \t]*[,.;:!?—–-]|{_SP}(?:to|with|in|at|as|and|who|from|again|quietly|softly|"
              r"sharply|slowly|suddenly)\b)")
_ROLE_AFTER = re.compile(rf"\b(?:{_VERB_ALT}){_SP}the{_SP}{_EITHER}{_AFTER_TAG}")
_ROLE_BEFORE = re.compile(rf"(?:^|(?<=[\s\"“”,.;:!?]))[Tt]he{_SP}{_EITHER}{_SP}(?:{_VERB_ALT})\b")


# Speech tags a capitalised role ("said the Duck"), or a lowercase one right beside its
# quotations, needs to be a speaker of its own.
CAPITAL_ROLE_TAGS = 2
# Characters between a quotation's end (or start) and a tag that touches it ('", said').
QUOTE_GAP = 4


def speaking_roles(text: str, quotes: list[tuple[int, int]], min_tags: int = 3
                   ) -> dict[str, list[tuple[int, int]]]:
    """People the narration names only by what they are, who speak more than once:
    "said the mariner", "the detective asked" -> {"the mariner": [spans of "the
    mariner" in the narration]}.

    Why: many speakers in fiction have no proper name (the waiter, the detective,
    "the wooden-legged man"); without a character for them their lines go to
    someone else. Conservative: at least ``min_tags`` speech tags with the same
    words, outside quotations; words that point at a new person each time ("said
    the other", "the first") are never roles. Every "the <words>" in the narration
    is then a mention.
    """
    starts = [s for s, _ in quotes]
    ends = sorted(e for _, e in quotes)
    import bisect

    def in_quote(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and quotes[k][1] > pos

    def beside_quote(m: re.Match[str], after: bool) -> bool:
        """The tag touches a quotation: '"Tea?" said the waiter', 'the waiter said, "No."'."""
        if after:
            k = bisect.bisect_right(ends, m.start())
            return k > 0 and m.start() - ends[k - 1] <= QUOTE_GAP
        k = bisect.bisect_left(starts, m.end())
        return k < len(starts) and starts[k] - m.end() <= QUOTE_GAP

    tags: Counter[str] = Counter()
    quoted: Counter[str] = Counter()  # lowercase tags right beside a quotation
    lex = lexicon()
    for rx in (_ROLE_AFTER, _ROLE_BEFORE):
        for m in rx.finditer(text):
            if m.group(1):
                words = " ".join(m.group(1).split())
                low = words.lower()
                head = low.split()[-1]
                if (in_quote(m.start(1)) or head in _NOT_A_ROLE or head in FUNCTION_WORDS
                        or any(w in FUNCTION_WORDS for w in low.split())
                        or head.endswith("ly") or head not in lex.lower_words and "-" not in head):
                    continue
                if rx is _ROLE_BEFORE and words.split()[0] in ROLE_TAG_VERBS:
                    continue
                tags[low] += 1
                quoted[low] += beside_quote(m, rx is _ROLE_AFTER) and not head.endswith("men")
                continue
            # Capitalised roles keep their capitals ("the Gryphon"); a plural ("the
            # Indians") is a group, an abbreviation ("the Rev.") the start of a name.
            words = " ".join(m.group(2).split())
            lows = words.lower().split()
            head = lows[-1]
            if (in_quote(m.start(2)) or head in _POINTERS
                    or any(w in FUNCTION_WORDS or w in ABBREVIATIONS for w in lows)
                    or (head.endswith("s") and not head.endswith("ss"))):
                continue
            tags[words] += 1
    out: dict[str, list[tuple[int, int]]] = {}
    for words, n in tags.items():
        # a capitalised role is written as a name: two tags are enough ("said the Lory")
        # a capitalised role is written as a name: two tags are enough ("said the
        # Lory"); so are two lowercase ones right beside their quotations ('"Tea?"
        # said the waiter'), where "the weather continued" or "answered the question"
        # never stand
        if n < min_tags and not (n >= CAPITAL_ROLE_TAGS and (words[:1].isupper()
                                                              or quoted[words] >= CAPITAL_ROLE_TAGS)):
            continue
        rx = re.compile(r"\b[Tt]he" + _SP + _SP.join(map(re.escape, words.split())) + r"\b(?!-)")
        spans = [(m.start(), m.end()) for m in rx.finditer(text) if not in_quote(m.start())]
        if spans:
            out["the " + words] = spans
    # "the man" inside "the old man": the longer role keeps its words
    for short in [k for k in out if any(k != o and o.endswith(k[4:]) for o in out)]:
        longer = {s for o in out if o != short and o.endswith(short[4:]) for s in out[o]}
        out[short] = [(s, e) for s, e in out[short]
                      if not any(ls <= s and e <= le for ls, le in longer)
                      and not any(ls < e and s < le for ls, le in longer)]
        if not out[short]:
            del out[short]
    return out
