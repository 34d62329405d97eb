"""What the speaker rules need from a document, computed once and in linear time.

Why a separate pass: every utterance asks the same questions (which paragraph am I
in, who was named just before me, which text around me is narration), so the
answers are indexed here with sorted arrays and ``bisect`` instead of being searched
for again per utterance. Works with whatever the document carries: no paragraphs,
no mentions, no characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..document import Character, Document, Span
from ..gender import gender_of as shared_gender_of
from ..titles import NAME_TITLE_WORDS as _TITLE_WORDS

TOP_CANDIDATES = 4
_PARA_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
_LINE_RE = re.compile(r"[^\n]+")
# A run of capitalised words: candidate proper name ("Mrs. Weston", "Derek Shepherd").
_CAP_RUN_RE = re.compile(r"(?<![\w'\u2019])[A-Z][\w'\u2019-]*\.?(?:[ \t]*\n?[ \t]*[A-Z][\w'\u2019-]*\.?){0,4}")
_THE_RE = re.compile(r"\b[Tt]he\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?")
_CAP_WORD_RE = re.compile(r"[A-Z][\w'\u2019-]*\.?")


def gender_of(c: Character) -> str | None:
    """'male', 'female' or None: the one decision (:func:`ficlens.gender.gender_of`), binary
    because the speaker features compare it with "he"/"she" tags."""
    g = shared_gender_of(c)
    return g if g in ("male", "female") else None


def fallback_paragraphs(text: str) -> tuple[Span, ...]:
    """Paragraphs when the segment stage gave none: blank-line blocks, else lines."""
    if _PARA_BREAK_RE.search(text):
        out = []
        pos = 0
        for m in _PARA_BREAK_RE.finditer(text):
            if m.start() > pos:
                out.append(Span(pos, m.start()))
            pos = m.end()
        if pos < len(text):
            out.append(Span(pos, len(text)))
        return tuple(out)
    return tuple(Span(m.start(), m.end()) for m in _LINE_RE.finditer(text))




def _norm(s: str) -> str:
    return " ".join(s.replace(".", ". ").split()).replace(" .", ".").strip()


class NameMatcher:
    """Finds character names in text by dictionary lookup of capitalised word runs.

    Linear in the text and independent of the cast size (a regex alternation over a
    thousand names would be slow). Used when the characters stage gave no mentions.
    """

    def __init__(self, characters: tuple[Character, ...]) -> None:
        table: dict[str, set[str]] = {}
        mains: dict[str, str] = {}
        for c in characters:
            for n in (c.name, *c.aliases, *c.variants):
                if n and n[:1].isupper():
                    table.setdefault(_norm(n), set()).add(c.id)
            if c.name:
                mains[_norm(c.name)] = c.id
        # single name words ("Bill" for "Bill Gorton", "Mouse" for "The Mouse") when
        # they belong to one character only and are not titles
        parts: dict[str, set[str]] = {}
        for c in characters:
            for n in (c.name, *c.aliases, *c.variants):
                for w in _norm(n).split(" "):
                    if w[:1].isupper() and w.rstrip(".").lower() not in _TITLE_WORDS and len(w) > 1:
                        parts.setdefault(w, set()).add(c.id)
        mister: dict[str, set[str]] = {}
        for c in characters:
            for n in (c.name, *c.aliases, *c.variants):
                ws = _norm(n).split(" ")
                if len(ws) == 2 and ws[0].rstrip(".").lower() == "mr":
                    mister.setdefault(ws[1], set()).add(c.id)
        for w, ids in parts.items():
            if w not in table and len(ids) == 1:
                table[w] = ids
            elif w not in table and len(mister.get(w, ())) == 1:
                # a surname the family shares ("Denham") alone means the one called
                # "Mr. Denham", as the narration of novels uses it
                table[w] = mister[w]
        self.lookup: dict[str, str] = {}
        for k, ids in table.items():
            if k in mains:
                self.lookup[k] = mains[k]
            elif len(ids) == 1:
                self.lookup[k] = next(iter(ids))
        self.max_words = max((k.count(" ") + 1 for k in self.lookup), default=0)
        # common-noun names used in lower case: "The Drummer" -> "the drummer said"
        self.the_lookup: dict[str, str] = {}
        for k, cid in self.lookup.items():
            if k.lower().startswith("the ") and k.count(" ") <= 2:
                self.the_lookup.setdefault(k.lower(), cid)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        if not self.lookup:
            return out
        for run in _CAP_RUN_RE.finditer(text):
            words = [(m.start() + run.start(), m.end() + run.start()) for m in _CAP_WORD_RE.finditer(run.group())]
            i = 0
            while i < len(words):
                hit = None
                for j in range(min(len(words), i + self.max_words), i, -1):
                    s, e = words[i][0], words[j - 1][1]
                    key = _norm(text[s:e])
                    cid = self.lookup.get(key) or (self.lookup.get(key[:-1]) if key.endswith(".") else None)
                    if cid is None and key.endswith(("'s", "\u2019s")) and self.lookup.get(key[:-2]):
                        cid, e = self.lookup[key[:-2]], e - 2  # "Marilla's comment"
                    if cid:
                        if key.endswith(".") and key[:-1] in self.lookup and text[e - 1] == ".":
                            e -= 1
                        hit = (s, e, cid, j)
                        break
                if hit:
                    out.append(hit[:3])
                    i = hit[3]
                else:
                    i += 1
        if self.the_lookup:
            for m in _THE_RE.finditer(text):
                key = " ".join(m.group().lower().split())
                cid = self.the_lookup.get(key)
                if cid is None:
                    key2 = key.rsplit(" ", 1)[0]
                    cid = self.the_lookup.get(key2)
                    if cid is None:
                        continue
                    out.append((m.start(), m.start() + len(m.group().rsplit(None, 1)[0]), cid))
                else:
                    out.append((m.start(), m.end(), cid))
            out.sort()
            dedup: list[tuple[int, int, str]] = []
            for m in out:
                if dedup and m[0] < dedup[-1][1]:
                    continue
                dedup.append(m)
            out = dedup
        return out


class NameWindow:
    """The name mentions ``lo:hi`` of a context: how often each character is named
    there, and the first and last of its mentions of each kind (index 0: outside
    quotations, 1: inside, by ``in_quote``), kept up to date as the window moves.

    Why: every utterance reads the names of the 2,500 characters before it, and a
    crowd puts a hundred names there; moved forward (text order, as the decoder asks),
    the window costs each name once on entering and once on leaving. Moved back, or
    past its end, it is filled again from the new ``lo``."""

    def __init__(self, names: list[tuple[int, int, str]], in_quote: list[bool],
                 kinds: tuple[dict[str, list[int]], dict[str, list[int]]]) -> None:
        self.names, self.in_quote, self.kinds, self.size = names, in_quote, kinds, len(names)
        self.lo = self.hi = 0
        self.count: dict[str, int] = {}
        self.first: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self.last: tuple[dict[str, int], dict[str, int]] = ({}, {})

    def move(self, lo: int, hi: int) -> NameWindow:
        if lo < self.lo or hi < self.hi or lo >= self.hi:
            self.lo = self.hi = lo
            self.count.clear()
            for d in (*self.first, *self.last):
                d.clear()
        names, in_quote, count, first, last = self.names, self.in_quote, self.count, self.first, self.last
        for i in range(self.hi, hi):
            cid = names[i][2]
            k = in_quote[i]
            count[cid] = count.get(cid, 0) + 1
            last[k][cid] = i
            first[k].setdefault(cid, i)
        self.hi = hi
        for i in range(self.lo, lo):
            cid = names[i][2]
            k = in_quote[i]
            n = count[cid] - 1
            if n:
                count[cid] = n
            else:
                del count[cid]
            # i is the earliest mention left in the window: its kind's first for cid
            at = self.kinds[k][cid]
            j = bisect_left(at, i) + 1
            if j < len(at) and at[j] < hi:
                first[k][cid] = at[j]
            else:
                del first[k][cid], last[k][cid]
        self.lo = lo
        return self


@dataclass
class Context:
    """Indexes over one document for the speaker and point-of-view rules."""

    text: str
    paragraphs: tuple[Span, ...]
    para_starts: list[int]
    quote_spans: list[tuple[int, int]]  # sorted (start, end) of every quotation span
    quote_starts: list[int]
    names: list[tuple[int, int, str]]  # sorted name mentions (start, end, char id)
    name_starts: list[int]
    in_quote: list[bool]  # per name mention: inside a quotation?
    gender: dict[str, str | None]
    pron_mentions: dict[int, str] = field(default_factory=dict)  # start -> char id (from characters stage)
    narrator: str | None = None
    mention_count: dict[str, int] = field(default_factory=dict)
    top_characters: tuple[str, ...] = ()  # the most named characters: always candidates
    global_rank: dict[str, int] = field(default_factory=dict)
    scene_starts: list[int] = field(default_factory=list)
    focus: list[str | None] = field(default_factory=list)  # focal character per scene
    anchors: list[dict[str, str]] = field(default_factory=list)  # per scene: gender -> character
    anchor_pos: list[dict[str, int]] = field(default_factory=list)  # where each anchor was settled
    chain: dict[str, tuple[list[int], list[str | None]]] = field(default_factory=dict)  # gendered mentions
    quoted_names: list[bool] | None = field(default=None, repr=False)  # is_quoted of each name's start (made on first use)
    name_index: tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]] | None = field(
        default=None, repr=False)  # per character: its mentions' indices in names (made on first use)
    name_index_size: int = field(default=-1, repr=False)  # len(names) when name_index was made
    unquoted_index: dict[str, list[int]] | None = field(default=None, repr=False)  # see unquoted_name_index
    unquoted_index_size: int = field(default=-1, repr=False)
    per_candidate: dict[str, tuple[float, str | None]] = field(default_factory=dict, repr=False)  # speaker features' cache
    window: NameWindow | None = field(default=None, repr=False)  # see name_window
    shared_rows: dict[tuple, dict[tuple, dict[str, float]]] = field(default_factory=dict, repr=False)  # ditto (read only)

    def last_pronoun(self, gender: str, offset: int) -> int | None:
        """Offset of the last mention of this gender before ``offset`` if it is a pronoun."""
        offs, vals = self.chain.get(gender, ([], []))
        i = bisect_left(offs, offset) - 1
        return offs[i] if i >= 0 and vals[i] is None else None

    def pronoun_chain(self, gender: str, offset: int) -> bool:
        """Is the last mention of this gender before ``offset`` a pronoun (no name since)?"""
        offs, vals = self.chain.get(gender, ([], []))
        i = bisect_left(offs, offset) - 1
        return i >= 0 and vals[i] is None

    def scene_of(self, offset: int) -> int:
        return max(bisect_right(self.scene_starts, offset) - 1, 0)

    def paragraph_of(self, offset: int) -> int:
        i = bisect_right(self.para_starts, offset) - 1
        return max(i, 0)

    def names_between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect_left(self.name_starts, start)
        j = bisect_left(self.name_starts, end)
        return [m for m in self.names[i:j] if m[1] <= end]

    def name_index_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.name_starts, start), bisect_left(self.name_starts, end)

    def names_quoted(self) -> list[bool]:
        """:meth:`is_quoted` of every name mention's start, in ``names`` order (made once:
        a crowd of names must not cost a search per name and utterance)."""
        if self.quoted_names is None or len(self.quoted_names) != len(self.names):
            self.quoted_names = [self.is_quoted(s) for s, _, _ in self.names]
        return self.quoted_names

    def unquoted_name_index(self) -> dict[str, list[int]]:
        """Per character, the indices in ``names`` of its mentions whose start
        :meth:`is_quoted` denies (by :meth:`names_quoted`; made once)."""
        quoted = self.names_quoted()
        if self.unquoted_index is None or self.unquoted_index_size != len(self.names):
            out: dict[str, list[int]] = {}
            for i, ((_, _, cid), q) in enumerate(zip(self.names, quoted, strict=True)):
                if not q:
                    out.setdefault(cid, []).append(i)
            self.unquoted_index = out
            self.unquoted_index_size = len(self.names)
        return self.unquoted_index

    def name_indexes(self) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
        """Per character, the indices in ``names`` of its mentions outside quotations, inside
        them (by ``in_quote``) and all (made once)."""
        if self.name_index is None or self.name_index_size != len(self.names):
            narr: dict[str, list[int]] = {}
            quoted: dict[str, list[int]] = {}
            every: dict[str, list[int]] = {}
            for i, ((_, _, cid), q) in enumerate(zip(self.names, self.in_quote, strict=True)):
                (quoted if q else narr).setdefault(cid, []).append(i)
                every.setdefault(cid, []).append(i)
            self.name_index = (narr, quoted, every)
            self.name_index_size = len(self.names)
        return self.name_index

    def name_window(self, lo: int, hi: int) -> NameWindow:
        """The :class:`NameWindow` of names ``lo:hi`` (one window per context, moved)."""
        if self.window is None or self.window.names is not self.names or self.window.size != len(self.names):
            narr, quoted, _ = self.name_indexes()
            self.window = NameWindow(self.names, self.in_quote, (narr, quoted))
        return self.window.move(lo, hi)

    def is_quoted(self, offset: int) -> bool:
        i = bisect_right(self.quote_starts, offset) - 1
        return i >= 0 and self.quote_spans[i][0] <= offset < self.quote_spans[i][1]


def build_context(doc: Document) -> Context:
    text = doc.text
    paragraphs = doc.paragraphs or fallback_paragraphs(text) or (Span(0, len(text)),)
    quote_spans = sorted((q.start, q.end) for q in doc.quotes)
    quote_starts = [s for s, _ in quote_spans]
    names: list[tuple[int, int, str]] = []
    pron: dict[int, str] = {}
    known = {c.id for c in doc.characters}
    for m in doc.mentions:
        if m.character is None or m.character not in known:
            continue
        if m.kind == "pronoun":
            pron[m.start] = m.character
        elif m.kind == "description":
            # "the girl", "his wife": the coref stage's guesses; as names they cost 0.2
            # points of PDNC dev accuracy (74.0 -> 73.8), so the speaker features skip them
            continue
        else:
            names.append((m.start, m.end, m.character))
    if not names and doc.characters:
        names = NameMatcher(doc.characters).find(text)
    names.sort()
    name_starts = [m[0] for m in names]
    in_quote = []
    qi = 0
    for s, _, _ in names:
        while qi < len(quote_spans) and quote_spans[qi][1] <= s:
            qi += 1
        in_quote.append(qi < len(quote_spans) and quote_spans[qi][0] <= s)
    counts: dict[str, int] = {}
    for (_, _, cid), q in zip(names, in_quote, strict=True):
        if not q:
            counts[cid] = counts.get(cid, 0) + 1
    return Context(
        text=text,
        paragraphs=paragraphs,
        para_starts=[p.start for p in paragraphs],
        quote_spans=quote_spans,
        quote_starts=quote_starts,
        names=names,
        name_starts=name_starts,
        in_quote=in_quote,
        gender={c.id: gender_of(c) for c in doc.characters},
        pron_mentions=pron,
        mention_count=counts,
        top_characters=tuple(sorted(counts, key=lambda c: (-counts[c], c))[:TOP_CANDIDATES]),
        global_rank={c: r for r, c in enumerate(sorted(counts, key=lambda c: (-counts[c], c)))},
    )
