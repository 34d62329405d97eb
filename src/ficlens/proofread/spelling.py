"""Misspellings: non-words, found with hunspell and the frequency list, corrected with a
noisy-channel ranking (edit kind x word frequency x context x the story's own words).

Why this shape: hunspell alone suggests in list order (``loked`` -> "liked" before
"looked") and is slow; ranking candidates by how common they are, how well they fit
the neighbouring words (symspellpy's bigram counts) and whether the story uses them
elsewhere puts the right correction first far more often. Only word types that fail
the dictionaries and are not the story's own vocabulary are looked at, once each.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from ..document import Problem
from . import lexicon as lx
from .story import WORD_RE, StoryWords, norm, strip_possessive

# qwerty neighbours: a slip onto the next key is a likelier substitution than any other.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEAR = {
    c: {r[j] for r in _ROWS for j in (i - 1, i + 1) if r is row and 0 <= j < len(r)}
    for row in _ROWS for i, c in enumerate(row)
}

# log10 weights of the error model (how likely a typist makes that slip) and the
# thresholds below were set on the tuning books only (every 4th LitBank book:
# `ficlens eval proofread --split tune`); the held-out books give the reported numbers.
W_DROP = 0.0  # a letter left out ("emtions")
W_EXTRA = -0.5  # a letter too many ("exitted")
W_EXTRA_FAR = -1.0  # ...one not next to its neighbours' keys ("ahd" is "had", not "ad")
W_DOUBLE = 0.0  # a letter typed twice ("tomorrrow")
W_SWAP = 0.0  # two letters swapped ("teh")
W_SUB_VOWEL = -0.5  # one vowel for another ("seperate")
W_SUB_NEAR = -0.8  # a neighbouring key
W_SUB = -1.6
W_SPLIT = -1.0  # a missing space ("backto")
W_JOIN = 0.0  # a stray space ("whic h")
JOIN_SCALE = 0.8  # weight of explaining the neighbouring piece too
W_SECOND = -2.0  # a second edit
W_FIRST = -0.7  # any slip in the first letter (typists rarely get it wrong)
CONTEXT = 0.7  # weight of the bigram fit with each neighbour
LAMBDA = 0.5  # bigram share of the interpolated bigram model
STORY = 0.3  # weight of the story's own use of the candidate
STRONG_EDIT = -0.6  # a slip at least this likely...
STRONG_FREQ = 6.0  # ...to a word at least this common (log10 count) is a strong fix
RARE_WORD = 4.5  # the log10 count given to a hunspell word the frequency list lacks
MIN_SCORE = 4.0  # the best correction must score at least this (log10 units)
GUARD_LEARNED = True  # a repeated word is still a typo when it is one slip from a common word
GUARD_FREQ = 7.0
MIN_LENGTH = 2  # two-letter non-words count too ("te" for "the"); dialect is filtered apart
# Longer 'words' are not slips of the keys (a URL, a key smash, a hostile text), and the
# candidate search costs grow with the square of the length (issue #14).
MAX_LENGTH = 30
CAPITAL_MARGIN = 1.5  # lead needed to flag a capitalised word at a sentence start
CAPITAL_SCORE = 6.0  # and its correction must be an ordinary word
SAFE_MARGIN = 1.0  # log10 lead of the best suggestion needed for an unattended fix

Candidate = tuple[str, float]  # (replacement, prior score)


def _sub_weight(a: str, b: str) -> float:
    if a in lx.VOWELS and b in lx.VOWELS:
        return W_SUB_VOWEL
    if b in _NEAR.get(a, ()):
        return W_SUB_NEAR
    return W_SUB


# Per typed letter: the substitution weights of every other letter, in LETTERS order.
_SUB_WEIGHTS = {a: [_sub_weight(a, c) for c in lx.LETTERS if c != a] for a in lx.LETTERS}


def edit_table(word: str) -> dict[str, float]:
    """Every string one edit from ``word`` -> the log-weight of the likeliest slip
    that makes it, in the order the edits are tried (position by position).

    Why a table built with list comprehensions: a word has ~55 one-edit strings per
    letter, and yielding them one by one cost more than looking them all up. Where
    two slips give one string (deleting either letter of a double, adding a letter
    next to the same letter), the later one has the higher weight (no first-letter
    penalty), so ``dict(zip(...))`` keeps the first position and the best weight.
    """
    n = len(word)
    keys: list[str] = []
    weights: list[float] = []
    for i in range(n + 1):
        left, right = word[:i], word[i:]
        first = W_FIRST if i == 0 else 0.0
        if right:
            c = right[0]
            doubled = (i > 0 and word[i - 1] == c) or (n > i + 1 and word[i + 1] == c)
            near = (i > 0 and word[i - 1] in _NEAR.get(c, ())) or (
                n > i + 1 and word[i + 1] in _NEAR.get(c, ()))
            extra = W_DOUBLE if doubled else (W_EXTRA if near else W_EXTRA_FAR)
            rest = right[1:]
            keys.append(left + rest)
            weights.append(first + extra)
            if rest and c != rest[0]:
                keys.append(left + rest[0] + c + rest[1:])
                weights.append(first + W_SWAP)
            subs = _SUB_WEIGHTS.get(c)
            if subs is not None:
                keys += [left + d + rest for d in lx.LETTERS if d != c]
                weights += [first + w for w in subs] if first else subs
            else:  # not a lowercase letter: every substitution is an ordinary one
                keys += [left + d + rest for d in lx.LETTERS if d != c]
                weights += [first + _sub_weight(c, d) for d in lx.LETTERS if d != c]
        keys += [left + d + right for d in lx.LETTERS]
        weights += [first + W_DROP] * len(lx.LETTERS)
        if 0 < i < n:
            keys.append(left + "'" + right)  # "dont" -> "don't"
            weights.append(W_DROP)
    return dict(zip(keys, weights, strict=True))


def _near_common(word: str, min_weight: float, strict: bool, min_log: float) -> bool:
    """Is a word of at least ``min_log`` (log10 count) one slip of that weight away?"""
    table = edit_table(word)
    for cand in filter(lx.frequencies().__contains__, table):
        w = table[cand]
        if (w > min_weight if strict else w >= min_weight) and lx.log_freq(cand) >= min_log:
            return True
    return False


def strong_fix(word: str) -> bool:
    """Is there a common word one slip away (not a substitution)? Then a word that
    English could build ("thoughtfull" = thought + full) is a typo after all."""
    return _near_common(word, STRONG_EDIT, True, STRONG_FREQ)


def _typo_of_common(word: str) -> bool:
    """One slip (not a consonant swap for another) from a very common word: "occured",
    "recieve", "definately". Such a word stays a typo however often the story repeats
    it; a coined word ("glimmerfly", "muggle") is rarely that close to a common one."""
    return len(word) > 4 and _near_common(word, W_SUB_VOWEL, False, GUARD_FREQ)


_cand_cache: dict[str, tuple[Candidate, ...]] = {}
CACHE_LIMIT = 200_000  # word types kept between documents (a long-running server)
# How many strings may be put to hunspell one at a time (~25 us each) before the set
# of its forms is loaded (~0.15 s from the cache): an ordinary novel asks about a
# handful of words (~300 strings each), a text of coinages about thousands.
DIRECT_SPELL_BUDGET = 6_000
_direct_spells = 0


def candidates(word: str) -> tuple[Candidate, ...]:
    """Corrections of a lowercase non-word, with prior scores (frequency x error model).

    Cached per word type: a word written 50 times is corrected once.
    """
    hit = _cand_cache.get(word)
    if hit is None:
        if len(_cand_cache) >= CACHE_LIMIT:
            _cand_cache.clear()
        hit = _candidates(word)
        _cand_cache[word] = hit
    return hit


def _hunspell_words(strings: list[str]) -> list[str]:
    """Those of ``strings`` hunspell accepts: exactly its answer, since the set of
    its forms (once loaded) only rules out strings it would reject."""
    global _direct_spells
    if _direct_spells + len(strings) > DIRECT_SPELL_BUDGET:
        strings = list(filter(lx.hunspell_forms().__contains__, strings))
    else:
        _direct_spells += len(strings)
    return list(filter(lx.hunspell().spell, strings))


def _candidates(word: str) -> tuple[Candidate, ...]:
    freq = lx.frequencies()
    best: dict[str, float] = {}

    def offer(cand: str, score: float) -> None:
        if score > best.get(cand, -1e9):
            best[cand] = score

    first = edit_table(word)
    for cand in filter(freq.__contains__, first):
        if len(cand) > 1:
            offer(cand, first[cand] + lx.log_freq(cand))
    if not best and len(word) > 5:
        # rare words the frequency list lacks but hunspell knows ("superfluously")
        likely = [c for c, w in first.items() if w >= W_SUB_VOWEL and "'" not in c]
        for cand in _hunspell_words(likely):
            offer(cand, first[cand] + RARE_WORD)
    for i in range(1, len(word)):
        a, b = word[:i], word[i:]
        if _splittable(a) and _splittable(b):
            pair = lx.bigram_count(a, b)
            if pair:
                score = _log(pair)
            elif a in _GLUE_WORDS or b in _GLUE_WORDS:  # "thegerms": a function word ran on
                score = min(lx.log_freq(a), lx.log_freq(b))
            else:
                score = min(lx.log_freq(a), lx.log_freq(b)) - 1.0
            offer(f"{a} {b}", W_SPLIT + score)
    if not best and len(word) > 3:
        index = lx.delete_index()
        for s in filter(index.__contains__, first):
            w = first[s]
            for cand in lx.from_index(s):
                if cand != word:
                    offer(cand, w + W_SECOND + lx.log_freq(cand))
        seen: set[str] = set()
        for i in range(len(word)):
            s = word[:i] + word[i + 1:]
            for j in range(len(s)):
                s2 = s[:j] + s[j + 1:]
                if s2 not in seen and s2 in freq and len(s2) > 2:
                    seen.add(s2)
                    offer(s2, W_EXTRA * 2 + W_SECOND + lx.log_freq(s2))
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    return tuple(ranked[:12])


def _log(n: int) -> float:
    return math.log10(n + 1)


def _splittable(part: str) -> bool:
    if len(part) == 1:
        return part in ("a", "i")
    return part in lx.frequencies() and (len(part) > 2 or part in _TWO)


_GLUE_WORDS = lx._GLUE | {"a", "i", "to", "of", "in", "on", "at", "as", "is", "it", "he"}
_TWO = frozenset("am an as at be by do go he if in is it me my no of oh ok on or so to up us we".split())

_PREV = re.compile(r"([A-Za-z']+)[ \t]*\n?[ \t]*$")
_NEXT = re.compile(r"[ \t]*\n?[ \t]*([A-Za-z']+)")


# A text whose commonest words are this often unknown to the English dictionary, and
# with few English function words, is not English prose (another language, a cipher,
# random letters): its words are not spell-checked, and one note says so (every word
# flagged would help nobody, and each correction costs about a millisecond). A text
# riddled with typos still has its "the", "and" and "was".
NOT_ENGLISH_SHARE = 0.2
ENGLISH_FUNCTION_SHARE = 0.15  # English prose: about 40% of its words are these
ENGLISH_FUNCTION_WORDS = frozenset("""
the and of to a in was he she it that i you his her is with for as had on at but not be
they we my me him this have said so all were there what from by an one would do if are
when been or up out them could into then will your who like just now over their its
""".split())
SHARE_SAMPLE = 2_000  # the commonest word forms the shares are read on
SHARE_MIN_TOKENS = 50  # fewer words than this say nothing about the language
NOT_CHECKED = "spelling_not_checked"


def language_shares(story: StoryWords, sample: int = SHARE_SAMPLE) -> tuple[float, float]:
    """(unknown, function): the shares of the uses of the story's ``sample`` commonest
    word forms written in lowercase (names are not words of a language) that no
    dictionary knows, and that are English function words; (0, 1) for a text of
    fewer than ``SHARE_MIN_TOKENS`` such words."""
    lowercase = Counter({w: n for w, n in story.counts.items()
                         if w[:1].islower() and w.replace("'", "").isalpha()})
    forms = lowercase.most_common(sample)
    total = sum(n for _, n in forms)
    if total < SHARE_MIN_TOKENS:
        return 0.0, 1.0
    unknown = sum(n for w, n in forms if not lx.is_known(w) and not lx.plausible(w))
    function = sum(n for w, n in forms if w in ENGLISH_FUNCTION_WORDS)
    return unknown / total, function / total


def correction_budget(words: int) -> int:
    """How many different unknown words of a text of ``words`` words get corrections
    (in text order): far more than a novel has (Ulysses: 3,812 in 264,927 words), so a
    text of invented words cannot buy seconds per word."""
    return max(2_000, words // 20)


def check(story: StoryWords) -> list[Problem]:
    """Misspelling problems for every occurrence of an unknown, unlearned word type."""
    share, function = language_shares(story)
    if share > NOT_ENGLISH_SHARE and function < ENGLISH_FUNCTION_SHARE:
        return [Problem(0, 0, NOT_CHECKED,
                        f"spelling not checked: {share:.0%} of the commonest words are not "
                        "English words (is the story in another language?)")]
    suspects: dict[str, str] = {}  # exact form -> the lowercase form to correct
    odd: set[str] = set()  # lowercase forms no dictionary knows (dialect markers)
    for form in story.counts:
        target = _suspect(form, story)
        if target:
            suspects[form] = target
        elif form[:1].islower() and not lx.is_known(form) and not lx.plausible(form):
            odd.add(form)
    if not suspects:
        return []
    text = story.text
    out: list[Problem] = []
    doc_count = story.lower
    hits: dict[str, list[re.Match[str]]] = defaultdict(list)
    # Index by the form as written (curly apostrophe or straight) to skip a per-token norm.
    raw_suspects = {**{k.replace("'", "\u2019"): v for k, v in suspects.items()}, **suspects}
    for m in WORD_RE.finditer(text):
        if m.group() in raw_suspects:
            hits[norm(m.group())].append(m)
    budget = correction_budget(sum(story.counts.values()))
    for done, (form, matches) in enumerate(hits.items()):
        if done == budget:
            out.append(Problem(matches[0].start(), matches[0].start(), NOT_CHECKED,
                               f"spelling checked for the first {budget:,} unfamiliar words only: "
                               f"{len(hits) - budget:,} more from here on were not checked"))
            break
        target = suspects[form]
        for m in matches:
            start, end = m.start(), m.end()
            if story.in_skip_span(start) or _glued(text, start, end):
                continue
            if _dialect(text, start, end, suspects, odd):
                continue
            if text[end:end + 1] in ("'", "\u2019") and lx.is_known(form + "'"):
                continue  # goin', ol'
            capital = form[0].isupper()
            if capital and not story.is_sentence_start(start):
                continue
            problem = _correct(text, start, end, target, capital, doc_count)
            if problem is not None:
                out.append(problem)
    return out


# Dialect spelt out ("wuz alluz", "wi' growin' things"): several odd words close
# together, one of them elided with an apostrophe, are the author's choice, not slips.
DIALECT_WINDOW = 60  # characters each side
DIALECT_MARKERS = 3
_ELISION = re.compile(r"(?<![\w'\u2019])[A-Za-z]*[A-Za-rt-z]['\u2019](?![A-Za-z])"
                      r"|(?<=\s)['\u2019][a-z]+")


def _dialect(text: str, start: int, end: int, suspects: dict[str, str], odd: set[str]) -> bool:
    """Is the word among 3+ odd words, one of them elided ("wi'", "o'"), within a window?"""
    a = max(0, start - DIALECT_WINDOW)
    b = min(len(text), end + DIALECT_WINDOW)
    elided = [m for m in _ELISION.finditer(text, a, b)
              if m.group().lower().strip("'\u2019") not in lx.INFORMAL_ELIDED]
    if not elided:
        return False
    count = len(elided)
    for m in WORD_RE.finditer(text, a, b):
        form = norm(m.group())
        if (form in suspects or form in odd) and text[m.end():m.end() + 1] not in ("'", "\u2019"):
            count += 1
    return count >= DIALECT_MARKERS


def _glued(text: str, start: int, end: int) -> bool:
    """Part of a file name, code, a hyphenated or elided word, a foreign phrase."""
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    if before in ("/", "\\", ".", "_", "=", "<", "&", "*") or after in ("/", "_", "=", ">", "*"):
        return True
    # one hyphen: a compound or a word broken at a line end ("con- cealed"); "--" is a dash
    if (before == "-" and text[start - 2:start - 1] != "-") or (
            after == "-" and text[end + 1:end + 2] != "-"):
        return True
    if text[max(0, start - 2):start] in ("- ", "-\n") and text[start - 3:start - 2] != "-":
        return True
    # Elided words: "'twould", "'elth" (a lowercase word after an apostrophe) and
    # "giv'", "thro'" (an apostrophe straight after the word, no punctuation between).
    # Dialogue in single quotes starts with a capital and ends with punctuation.
    if before in ("'", "\u2019") and text[start].islower() and (
            start < 2 or not text[start - 2].isalnum()):
        return True
    if after in ("'", "\u2019") and not text[end + 1:end + 2].isalpha():
        return True
    if after == "." and text[end + 1:end + 2].isalpha():
        return True
    near = text[max(0, start - 30):start].split()[-2:] + text[end:end + 30].split()[:2]
    if text[start:end].lower() in FOREIGN or any(
            _NEIGHBOURS.sub("", w).lower() in FOREIGN for w in near):
        return True
    # inside _underlined_ text, the plain-text mark of italics: mostly foreign phrases
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("_", line_start, start) % 2 == 1 and "_" in text[end:text.find("\n", end)]


_NEIGHBOURS = re.compile(r"[^A-Za-z]+")
# Function words of French, German, Spanish, Italian and Latin: a phrase with one of
# them is quoted foreign speech ("comme il faut"), not English misspelt.
FOREIGN = frozenset("""
du le les il est pas une des et ce mon mes avec dans pour qui que vous je nous sont
der das und ist nicht ich sie eine los las por della che sono
""".split())


_MISPLACED_NT = re.compile(r"[a-z]+'nt")


def _suspect(form: str, story: StoryWords) -> str | None:
    """The lowercase word to correct, or None when this form is fine or out of scope."""
    if not MIN_LENGTH <= len(form) <= MAX_LENGTH or not form.isascii() or not form.replace("'", "").isalpha():
        return None
    if "'" in form and not _MISPLACED_NT.fullmatch(form.lower()):
        return None  # elisions and dialect ("t'other", "d'ye"); "did'nt" is still checked
    if form.isupper() or (form[1:] != form[1:].lower()):  # ALLCAPS, McName, iPhone
        return None
    low = form.lower()
    # (a name the cast knows is asked first: a crowd of 50,000 invented names made
    # 100,000 dictionary look-ups that end the same way)
    if strip_possessive(low) in story.cast_words:
        return None  # a name the cast knows
    if lx.is_known(form):
        return None
    if story.learned(form) and not (GUARD_LEARNED and _typo_of_common(low)):
        return None
    if lx.plausible(low) and not strong_fix(low):
        return None
    if form[0].isupper():
        if story.is_proper(form) or low in story.cast_words:
            return None
    return low


def _correct(text: str, start: int, end: int, word: str, capital: bool,
             doc_count: dict[str, int]) -> Problem | None:
    word_low = word.replace("'", "") if word.count("'") > 1 else word
    ranked = rank(text, start, end, word_low, doc_count)
    if capital:
        # A capitalised word at a sentence start may be a name we met only once:
        # flag it only with a confident, ordinary correction.
        if not ranked or len(ranked) > 1 and ranked[0][2] - ranked[1][2] < CAPITAL_MARGIN:
            return None
        if ranked[0][2] < CAPITAL_SCORE:
            return None
    if not ranked or ranked[0][2] < MIN_SCORE:
        # No ordinary word is near: a rare word, a coinage or a foreign one far more
        # often than a slip of the keys (slips land close to a common word).
        return None
    # Every suggestion replaces the same span: the best candidate's (the word alone,
    # or the word joined with a neighbour across a stray space).
    span_start, span_end = ranked[0][1]
    original = text[span_start:span_end]
    shown = [_case_like(original, repl) for repl, span, _ in ranked if span == ranked[0][1]][:5]
    lead = ranked[0][2] - (ranked[1][2] if len(ranked) > 1 else -99.0)
    safe = lead >= SAFE_MARGIN and " " not in shown[0] or (
        " " in shown[0] and len(ranked) == 1)
    msg = f"possible misspelling {original!r}: did you mean {shown[0]!r}?"
    return Problem(span_start, span_end, "misspelling", msg, tuple(shown), bool(safe))


def _case_like(original: str, repl: str) -> str:
    if original[:1].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


def rank(text: str, start: int, end: int, word: str,
         doc_count: dict[str, int]) -> list[tuple[str, tuple[int, int], float]]:
    """Corrections for the word at ``start:end`` ranked in context.

    Each item is (replacement, span it replaces, score). Besides the word's own
    candidates, a stray space is considered: the word joined to its neighbour.
    """
    prev_m = _PREV.search(text, max(0, start - 40), start)
    next_m = _NEXT.match(text, end)
    prev = prev_m.group(1).lower() if prev_m else ""
    nxt = next_m.group(1).lower() if next_m else ""
    scored: list[tuple[str, tuple[int, int], float]] = []
    for cand, prior in candidates(word):
        parts = cand.split(" ")
        score = prior + CONTEXT * _context(prev, parts, nxt)
        score += STORY * _log(doc_count.get(cand, 0))
        scored.append((cand, (start, end), score))
    for m, joined, span in (
            (prev_m, prev + word, (prev_m.start(1), end) if prev_m else None),
            (next_m, word + nxt, (start, next_m.end(1)) if next_m else None)):
        if m is None or span is None or "\n\n" in text[span[0]:span[1]]:
            continue
        if not (joined in lx.frequencies() or lx.is_known(joined)):
            continue
        # Joining also explains the neighbour, which otherwise stands as a word of
        # its own: the rarer that neighbour, the likelier the stray space.
        other = m.group(1).lower()
        explained = JOIN_SCALE * (lx.LOG_TOTAL - lx.log_freq(other))
        scored.append((joined, span, W_JOIN + explained + max(lx.log_freq(joined), 3.0)
                       + STORY * _log(doc_count.get(joined, 0))))
    scored.sort(key=lambda t: -t[2])
    return scored


def _cond(a: str, b: str) -> float:
    """log10 P(b | a) under an interpolated bigram model of the bundled counts."""
    ua = lx.word_count(a)
    pb = (lx.word_count(b) + 1) / lx.TOTAL
    if not a or not ua:
        return math.log10(pb)
    return math.log10(LAMBDA * lx.bigram_count(a, b) / ua + (1 - LAMBDA) * pb)


def _context(prev: str, parts: list[str], nxt: str) -> float:
    """How well the candidate fits between its neighbours, relative to its frequency.

    The prior already holds log P(candidate); this adds log P(c|prev) + log P(next|c)
    minus log P(c) - log P(next), i.e. the bigram evidence alone.
    """
    score = 0.0
    words = [prev, *parts, nxt]
    for a, b in zip(words, words[1:], strict=False):
        if not b or not a:
            continue
        score += _cond(a, b) - math.log10((lx.word_count(b) + 1) / lx.TOTAL)
    return score
