"""Lexicons that find passages which drive an AO3 rating or archive warning.

Why lexicons: a rating is decided by a few passages (a sex scene, a killing, a
string of swearing). A weighted word list finds those passages in one regex pass,
explains itself ("explicit sexual content: 'cock'") and gives the classifier
features that transfer across fandoms, which a bag of words over 500 works does not.

Each entry is ``(pattern, weight)``; weights say how strongly one hit points at the
category (3 = unambiguous, 0.5 = only suggestive when it comes in numbers).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_PRON = r"(?:her|him|me|you|them)"
_POSS = r"(?:her|his|my|your|their)"

LEXICONS: dict[str, tuple[tuple[str, float], ...]] = {
    # explicit sexual vocabulary and the acts themselves
    "sexual": (
        (r"cocks?", 3), (r"pussy", 3), (r"clit(?:oris|s)?", 3), (r"cunt", 2),
        (r"cum(?:s|ming|med)?", 3), (r"orgasm\w*", 3), (r"erections?", 3), (r"hard-on", 3),
        (r"penetrat\w*", 2), (r"ejaculat\w*", 3), (r"semen", 3), (r"dildos?", 3),
        (r"vibrator", 2), (r"blow ?jobs?", 3), (r"hand ?jobs?", 3), (r"cunnilingus", 3),
        (r"fellatio", 3), (r"masturbat\w*", 3), (r"(?-i:dick)s?", 2), (r"shaft", 1),
        (r"nipples?", 2), (r"breasts?", 1.5), (r"thrust(?:s|ed|ing)?", 1.5),
        (r"moan(?:s|ed|ing)?", 1), (r"naked", 1), (r"nude", 1), (r"arous(?:al|ed)", 1.5),
        (r"inside (?:of )?" + _PRON, 2), (r"between " + _POSS + r" (?:legs|thighs)", 2),
        (r"panties", 1.5), (r"underwear", 0.5), (r"lube", 2), (r"condoms?", 2),
        (r"sex", 1), (r"fuck(?:ed|ing)? " + _PRON, 2), (r"made love", 2),
        (r"making love", 2), (r"make love", 2), (r"climax(?:ed|ing)?", 1.5),
        (r"(?:his|her) (?:length|folds|entrance)", 2), (r"hips", 0.5), (r"thighs", 0.5),
        (r"slick", 0.5), (r"grind(?:s|ed|ing)?", 1), (r"bucked", 1), (r"fly", 0.3),
    ),
    # profanity
    "language": (
        (r"fuck\w*", 2), (r"motherfuck\w*", 2), (r"shit\w*", 1.5), (r"bullshit", 1.5),
        (r"bitch\w*", 1.5), (r"bastards?", 1), (r"assholes?", 1.5), (r"goddamn\w*", 1),
        (r"damn\w*", 0.5), (r"crap", 0.5), (r"piss\w*", 0.5), (r"cunt", 2),
        (r"(?-i:dick)(?:head)?", 1), (r"jackass", 1), (r"dumbass", 1),
    ),
    # graphic violence and injury
    "violence": (
        (r"blood(?:y|ied)?", 1), (r"bleed\w*", 1), (r"stabb?\w*", 2), (r"slash\w*", 1),
        (r"gutted", 2), (r"knife", 0.5), (r"knives", 0.5), (r"blade", 0.5), (r"sword", 0.5),
        (r"guns?", 0.5), (r"shot (?:him|her|them|me|you)", 2), (r"shoot\w*", 1),
        (r"kill(?:s|ed|ing|er)?", 1), (r"murder\w*", 1.5), (r"corpses?", 1.5),
        (r"wound(?:s|ed)?", 1), (r"punch\w*", 1), (r"kick(?:s|ed)?", 0.5),
        (r"beat(?:en|ing)", 1), (r"scream\w*", 0.5), (r"gore", 2), (r"tortur\w*", 2),
        (r"mutilat\w*", 3), (r"decapitat\w*", 3), (r"entrails", 3), (r"intestines", 2),
        (r"skull", 1), (r"slit " + _POSS + r" throat", 3), (r"strangl\w*", 2),
        (r"chok(?:e|ed|ing)", 1), (r"bruis\w*", 0.5), (r"broken bones?", 2),
        (r"brains", 1), (r"flesh", 0.5), (r"bullets?", 1), (r"massacre", 2),
    ),
    # death of a person
    "death": (
        (r"died", 1.5), (r"dies", 1), (r"dead", 1), (r"death", 1), (r"dying", 1),
        (r"corpses?", 1.5), (r"funerals?", 2), (r"graves?", 1), (r"killed", 1.5),
        (r"last breath", 3), (r"passed away", 2), (r"stopped breathing", 3),
        (r"no pulse", 3), (r"buried", 1), (r"mourn\w*", 1), (r"grief", 1), (r"grieving", 1),
        (r"body bag", 3), (r"coffin", 2), (r"casket", 2), (r"eulogy", 2), (r"afterlife", 1),
    ),
    # non-consent
    "noncon": (
        (r"rap(?:e|ed|es|ing|ist)", 3), (r"non-?con\w*", 3), (r"dub-?con\w*", 2),
        (r"without " + _POSS + r" consent", 3), (r"against " + _POSS + r" will", 2),
        (r"forced (?:himself|herself|themselves) (?:on|into)", 3), (r"molest\w*", 3),
        (r"assault\w*", 1), (r"didn't want (?:it|this)", 1), (r"pinned " + _PRON + r" down", 1),
        (r"said no", 1), (r"(?:please )?stop,? please", 1), (r"consent\w*", 1),
    ),
    # a minor's age
    "underage": (
        (r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)[- ]years?[- ]old", 3),
        (r"(?:1[0-7]|[5-9])[- ]years?[- ]old", 3), (r"middle school", 2), (r"high school", 1),
        (r"teen(?:age|ager|agers)?", 1), (r"minors?", 1), (r"underage", 3),
        (r"little (?:girl|boy)", 1), (r"child(?:hood)?", 0.5), (r"puberty", 2),
        (r"freshman", 1), (r"sophomore", 1),
    ),
}

CATEGORIES: tuple[str, ...] = tuple(LEXICONS)

REASONS = {
    "sexual": "explicit sexual content",
    "language": "strong language",
    "violence": "violence",
    "death": "death",
    "noncon": "non-consent",
    "underage": "a minor",
}


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    weight: float
    term: str


_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _is_phrase(pattern: str) -> bool:
    return " " in pattern


_START = re.compile(r"[A-Za-z0-9]+")


def _first_segment(pattern: str) -> str:
    """The part of a phrase pattern before its first top-level space, hyphen or class."""
    depth = 0
    for i, ch in enumerate(pattern):
        escaped = i > 0 and pattern[i - 1] == "\\"
        if ch == "(" and not escaped:
            depth += 1
        elif ch == ")" and not escaped:
            depth -= 1
        elif depth == 0 and ch in " [-'":
            return pattern[:i]
    return pattern


@lru_cache(maxsize=1)
def _compiled() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str] | None,
                         dict[str, tuple[str, float]], re.Pattern[str] | None]:
    """Per category: one-word patterns (tested once per distinct word); one regex of
    all multi-word phrases, tried only where a word that can start one stands; group
    name -> (category, weight)."""
    words: dict[str, re.Pattern[str]] = {}
    phrase_alts: list[str] = []
    starts: list[str] = []
    groups: dict[str, tuple[str, float]] = {}
    for ci, (cat, entries) in enumerate(LEXICONS.items()):
        alts = []
        for i, (p, w) in enumerate(entries):
            name = f"c{ci}_{i}"
            groups[name] = (cat, w)
            if _is_phrase(p):
                phrase_alts.append(f"(?P<{name}>{p})")
                starts.append(f"(?:{_first_segment(p)})")
            else:
                alts.append(f"(?P<{name}>{p})")
        words[cat] = re.compile("|".join(alts), re.IGNORECASE)
    if not phrase_alts:
        return words, None, groups, None
    phrases = re.compile(r"(?:" + "|".join(phrase_alts) + r")\b", re.IGNORECASE)
    return words, phrases, groups, re.compile("|".join(starts), re.IGNORECASE)


def scan(text: str) -> dict[str, list[Hit]]:
    """Every lexicon hit in the text, by category.

    Why this shape: one regex with hundreds of alternatives tried at every offset is
    slow on a novel; instead each distinct word is tested once against the one-word
    patterns (a novel has ~15k distinct words), and only the few multi-word phrases
    run as a regex.
    """
    words, phrases, groups, starts = _compiled()
    found: dict[str, list[Hit]] = {cat: [] for cat in LEXICONS}
    verdict: dict[str, list[tuple[str, float, int]]] = {}

    def judge(token: str) -> list[tuple[str, float, int]]:
        out = []
        for cat, rx in words.items():
            m = rx.fullmatch(token)
            if m and m.lastgroup:
                out.append((cat, groups[m.lastgroup][1], 0))
        if not out and "-" in token:  # "blood-soaked": judge the parts
            offset = 0
            for part in token.split("-"):
                for cat, rx in words.items():
                    m = rx.fullmatch(part)
                    if m and m.lastgroup:
                        out.append((cat, groups[m.lastgroup][1], offset))
                offset += len(part) + 1
        return out

    for m in _TOKEN.finditer(text):
        token = m.group(0)
        v = verdict.get(token)
        if v is None:
            v = verdict[token] = judge(token)
        for cat, weight, offset in v:
            if offset or "-" in token and not words[cat].fullmatch(token):
                part_end = token.find("-", offset)
                end = m.start() + (part_end if part_end != -1 else len(token))
                found[cat].append(Hit(m.start() + offset, end, weight,
                                      text[m.start() + offset:end]))
            else:
                found[cat].append(Hit(m.start(), m.end(), weight, token))
    if phrases is not None and starts is not None:
        can_start: dict[str, bool] = {}
        last_end = -1
        for t in _START.finditer(text):
            word = t.group(0)
            ok = can_start.get(word)
            if ok is None:
                ok = can_start[word] = starts.fullmatch(word) is not None
            if not ok or t.start() < last_end:
                continue
            m = phrases.match(text, t.start())
            if m and m.lastgroup:
                cat, weight = groups[m.lastgroup]
                found[cat].append(Hit(m.start(), m.end(), weight, m.group(0)))
                last_end = m.end()
    for hits in found.values():
        hits.sort(key=lambda h: h.start)
    return found


def passages(text: str, paragraphs: Sequence[tuple[int, int]] = (),
             max_chars: int = 1200) -> list[tuple[int, int]]:
    """Paragraph spans, with very long paragraphs cut into ~``max_chars`` windows.

    Why cut: a whole chapter typed as one paragraph would otherwise be one passage,
    and evidence would point at all of it.
    """
    spans = list(paragraphs)
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > max_chars * 1.5:
            cut = text.rfind(". ", s + max_chars // 2, s + max_chars)
            cut = cut + 2 if cut != -1 else s + max_chars
            out.append((s, cut))
            s = cut
        if e > s:
            out.append((s, e))
    return out


def passage_scores(hits: Sequence[Hit], spans: Sequence[tuple[int, int]]) -> list[float]:
    """Sum of hit weights per passage (hits bucketed by start offset)."""
    starts = [s for s, _e in spans]
    scores = [0.0] * len(spans)
    for h in hits:
        i = bisect_right(starts, h.start) - 1
        if 0 <= i < len(spans) and h.start < spans[i][1]:
            scores[i] += h.weight
    return scores
