"""Doubled words, a few missing words and a few real-word confusions, by patterns.

Why patterns and so few: a real word in the wrong place ("loose" for "lose") passes
every dictionary, and a general model would flag published prose all the time. Each
pattern here is one that edited novels (LitBank's) practically never contain, so a
match is nearly always a slip; the evaluation (``ficlens eval proofread``) counts how
often each fires on those novels.
"""

from __future__ import annotations

import re

from ..document import Problem

# Words that may stand twice on purpose: "had had", "that that", "very very", "no no".
REDUPLICABLE = frozenset("""
had that is very really so no yes her in you oh ah ha he hee ho bye now well come go knock tut far
long many more much little again on out over round away there here yeah yay la blah dum
boom bang tick tock hush please help wait stop run why what who quick quickly
""".split())

FUNCTION_WORDS = frozenset("""
the a an to of in on at for with and but or as by from into is was are were be been he she
it they we you i his her my your their our its this that not if when then than so
""".split())

_DOUBLED = re.compile(r"\b([A-Za-z]+)([ \t]+|[ \t]*\n[ \t]*)(\1)\b", re.IGNORECASE)


def _doubled(text: str) -> list[Problem]:
    out = []
    for m in _DOUBLED.finditer(text):
        word = m.group(1)
        if word.lower() in REDUPLICABLE or m.group(3) != word and m.group(3) != word.lower():
            continue
        if len(word) == 1 and word.lower() not in ("a", "i"):
            continue
        if word.lower() not in FUNCTION_WORDS:
            continue  # "Odin Odin", "pregnant pregnant PREGNANT": repeated on purpose
        out.append(Problem(m.start(), m.end(), "doubled_word", f"{word!r} is written twice",
                           (word,), True))
    return out


# (pattern, suggestion builder, message). Group 1 is the text to replace.
_MISSING = [
    (re.compile(r"\b([Ii]t (?:was|felt) if)\b"),
     lambda s: s[: s.rindex(" if")] + " as if", "'as' is missing: 'as if'"),
    (re.compile(r"\b((?:looked|seemed|sounded|acted) if)\b(?! (?:he|she|they|I|we|you) (?:could|would|should|might)\b)"),
     lambda s: s.replace(" if", " as if"), "'as' is missing: 'as if'"),
    (re.compile(r"\b(in front (?:me|him|her|them|us))\b"),
     lambda s: s.replace("front ", "front of "), "'of' is missing: 'in front of'"),
    (re.compile(r"\b(all of sudden)\b"), lambda s: "all of a sudden",
     "'a' is missing: 'all of a sudden'"),
]

_CONFUSIONS = [
    (re.compile(r"\b((?:could|would|should|must|might|may) of)\b(?! (?:course|it|them|the|his|her|which|that)\b)"),
     lambda s: s.replace(" of", " have"), "after 'could', 'would', 'should': 'have', not 'of'"),
    (re.compile(r"\b([Yy]our welcome)\b(?=[.!,])"), lambda s: s[0] + "ou're welcome",
     "'your' is possessive; 'you're' is 'you are'"),
    (re.compile(r"\b([Yy]our (?:gonna|not(?= (?!being\b|having\b))|so(?= (?!called\b))|being so|such an?))\b"),
     lambda s: s[0] + "ou're" + s[4:], "'your' is possessive; 'you're' is 'you are'"),
    (re.compile(r"\b([Tt]heir (?:is|are|was|were|isn't|aren't|wasn't|weren't)) (?!\w+ed\b)"),
     lambda s: s[0] + "here" + s[5:], "'their' is possessive; 'there is/was'"),
    (re.compile(r"\b([Tt]here own)\b"), lambda s: s[0] + "heir own",
     "'there' is a place; the possessive is 'their'"),
    (re.compile(r"\b([Tt]hey're (?:own|car|house|room|parents|friends))\b"),
     lambda s: s[0] + "heir" + s[7:], "'they're' is 'they are'; the possessive is 'their'"),
    (re.compile(r"\b((?:more|less|rather|better|worse|bigger|smaller|older|younger|taller|shorter|faster|slower|stronger|smarter|greater) then (?:I|me|him|her|them|us|you|he|she|they|we|ever|usual|before|a|an))\b"),
     lambda s: s.replace(" then ", " than "), "in a comparison: 'than', not 'then'"),
    (re.compile(r"\b((?:to|not|will|would|could|might|gonna|can't|don't|didn't|won't) loose (?:my|his|her|your|their|our) (?:mind|temper|job|cool|nerve|patience|virginity|life|way))\b"),
     lambda s: s.replace("loose", "lose"), "'loose' is not tight; to misplace is 'lose'"),
    (re.compile(r"\b(loose (?:track|sight|control|consciousness) of)\b"),
     lambda s: s.replace("loose", "lose"), "'loose' is not tight; to misplace is 'lose'"),
]


# Literal strings each pattern's match must contain: the text is searched for these
# with str.find (fast), and the pattern is run only in a small window around a hit.
# (Running thirteen regexes over a novel costs ~0.7 s; this costs a few ms.)
_ANCHORS = [
    ("t was if", "t felt if"), ("ed if",), ("n front ",), ("of sudden",),
    ("ld of ", "st of ", "ht of ", "ay of "), ("our welcome",),
    ("our gonna", "our not", "our so", "our being", "our such"),
    ("heir is", "heir are", "heir was", "heir were", "heir isn", "heir aren", "heir wasn",
     "heir weren"),
    ("here own",), ("hey're ",), (" then ",), (" loose ",), ("loose ",),
]
_TABLES = [(rx, fix, msg, "missing_word") for rx, fix, msg in _MISSING] + [
    (rx, fix, msg, "confusion") for rx, fix, msg in _CONFUSIONS]
assert len(_ANCHORS) == len(_TABLES)


def _anchored(text: str, rx: re.Pattern[str], anchors: tuple[str, ...]) -> list[re.Match[str]]:
    found: dict[int, re.Match[str]] = {}
    n = len(text)
    for anchor in anchors:
        k = text.find(anchor)
        while k >= 0:
            a = max(0, k - 30)
            b = min(n, k + len(anchor) + 60)
            while b < n and not text[b].isspace():
                b += 1
            for m in rx.finditer(text, a, b):
                found.setdefault(m.start(), m)
            k = text.find(anchor, k + 1)
    return [found[k] for k in sorted(found)]


def _patterns(text: str) -> list[Problem]:
    out = []
    for (rx, fix, msg, kind), anchors in zip(_TABLES, _ANCHORS, strict=True):
        for hit in _anchored(text, rx, anchors):
            found = hit.group(1)
            out.append(Problem(hit.start(1), hit.end(1), kind, msg, (fix(found),), False))
    return out


def check(text: str) -> list[Problem]:
    return _doubled(text) + _patterns(text)
