"""Candidate speakers of each utterance and the evidence for each of them.

Why features and not one rule chain: the clues disagree often (a tag says "he", the
last two speakers alternate, the paragraph's actor is someone else), and how much
each clue is worth is best measured on annotated novels. Each utterance gets a list
of candidate characters (named nearby, recent speakers, the narrator) with sparse
feature dicts; the features that depend on earlier decisions (who spoke last) are
added while decoding, in :mod:`ficlens.speakers.model`.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter, truediv

from ..document import Document
from .context import Context, NameWindow
from .conversation import conversation_votes, nickname_vocatives
from .lexicon import SPEECH_VERBS_FINITE
from .tags import Item, Tag, find_tag, items_in

WINDOW_BEFORE = 2500  # characters of text before an utterance searched for candidates
WINDOW_AFTER = 300
MAX_NEARBY = 10  # at most this many characters named before an utterance are candidates
MAX_AFTER = 4  # and this many named after it (a roll call must not make every name one)
CROWD_NEARBY = 6  # after a crowd (more than MAX_NEARBY people named in the window): fewer
# "his wife", "her mother": whose relative the speaker is
_KIN_OWNER = {"his ": "male", "her ": "female"}
_VOC_PUNCT = ",\u2014\u2013-!?.;:\u2026"
_LAST_WORD_RE = re.compile(r"(\w+)\W*$")
_NON_SPACE_RE = re.compile(r"\S")
_FIRST_PERSON_RE = re.compile(r"\b(?:I|me|my)\b")
# a narration paragraph ending like this introduces the quotation opening the next one
# ("Mr. Bennet coolly observed," / "began in the following manner:--" / "Mr. Collins began.")
_INTRO_ENDS = (":", ":--", ":\u2014", ":-", ",", ",--", ",\u2014", ".--", ".\u2014", "--", "\u2014", ".")
_SEG = 300  # characters of narration read on each side of a quotation
_GLOBAL_RANK = tuple(f"global_rank{r}" for r in range(6))
_NARR_RANK = tuple(f"narr_rank{r}" for r in range(5))
_TAG_RANK = tuple(f"tag_gender_rank{r}" for r in range(3))
_NOM_RANK = tuple(f"tag_nom_rank{r}" for r in range(3))
_SMALL = 256
_PARA_NAMES_SCAN = 48  # names of a paragraph window read one by one (more: looked up per candidate)
_LOG1P = tuple(math.log1p(n) for n in range(_SMALL))  # math.log1p of small counts, made once
_VOC_OPENERS = frozenset({"oh", "o", "dear", "my", "yes", "no", "well", "ah", "hey", "hi", "hello", "thank", "thanks"})


@dataclass
class UttInfo:
    """Static facts about one utterance (everything that does not depend on decoding)."""

    index: int
    start: int
    end: int
    para: int
    para_last: int
    tags: list[Tag]
    vocatives: list[str]
    quoted_names: set[str]
    actor: str | None  # named subject opening the paragraph's narration before the quote
    actor_gender: str | None  # gender of a pronoun subject opening that narration
    after_actor: str | None
    narration_before: int  # non-space characters of narration between previous utterance and this one
    cache: dict[tuple[str, ...], dict[str, dict[str, float]]] = field(default_factory=dict)
    first_person_quote: bool = False
    lead: int = 0  # non-space characters between the paragraph start and the quotation
    last_subject: str | None = None  # latest character named at a sentence start before the quote
    adj_prev: bool = False  # the previous utterance is the turn just before this one
    prev_vocs: tuple[str, ...] = ()  # names the previous (adjacent) utterance addressed
    next_vocs: tuple[str, ...] = ()  # names the next (adjacent) utterance addressed
    near_subjects: frozenset[str] = frozenset()  # characters named as subject right before the quote or in its tag
    narr_items: list[Item] = field(default_factory=list)  # narration right before the quote (and up to a pronoun tag)
    conv_votes: dict[str, dict[str, float]] = field(default_factory=dict)  # alternation from anchored turns
    conv_participants: frozenset[str] = frozenset()  # tagged speakers and addressees of the conversation


def _vocatives(ctx: Context, start: int, end: int) -> tuple[list[str], set[str]]:
    """Names used to address someone inside a quotation ("Meredith.. what", ", Jane."),
    and every name quoted. Looks only at the characters around each name, so a
    10,000-line quotation costs no more than its names."""
    text = ctx.text
    vocs: list[str] = []
    quoted: set[str] = set()
    for s, e, cid in ctx.names_between(start, end):
        quoted.add(cid)
        left = text[max(start, s - 16):s].rstrip()
        right = text[e:min(end, e + 3)].lstrip()
        # "Jane," / "Oh, Jane" / "My dear Mr. Bennet": up to two opener words after
        # the quotation mark or a punctuation mark
        head = left
        for _ in range(2):
            lw = _LAST_WORD_RE.search(head)
            if lw is None or lw.group(1).lower() not in _VOC_OPENERS:
                break
            head = head[:lw.start()].rstrip()
        opened = head != left and (not head or head[-1] in _VOC_PUNCT + "\"'\u201c\u2018" or head.endswith("--"))
        opens = not left or left[-1] in _VOC_PUNCT or left.endswith("--") or opened
        opens = opens or (left[-1:] in "\"'\u201c\u2018")
        closes = not right or right[0] in _VOC_PUNCT or right[0] in "\"'\u201d\u2019"
        if opens and closes:
            vocs.append(cid)
    return vocs, quoted


def _opening_subject(items: list[Item]) -> tuple[str | None, str | None]:
    """Subject of the first clause of a narration segment: a name or a gendered pronoun."""
    for it in items[:3]:
        if it.kind == "name":
            return it.value, None
        if it.kind == "word":
            if it.value in ("he", "she"):
                return None, "male" if it.value == "he" else "female"
            if it.value in ("i",):
                return None, "first"
            if it.value not in ("then", "and", "but", "so", "now", "when", "as", "after", "finally", "suddenly"):
                break
    # "Taking her hips in his hands, he shifted": a name or pronoun after a leading clause
    for j, it in enumerate(items[:12]):
        if it.kind == "punct" and it.value == ",":
            for nxt in items[j + 1 : j + 3]:
                if nxt.kind == "name":
                    return nxt.value, None
                if nxt.kind == "word" and nxt.value in ("he", "she"):
                    return None, "male" if nxt.value == "he" else "female"
            break
    return None, None


_CONNECTIVES = frozenset({"then", "and", "but", "so", "now", "finally", "suddenly", "meanwhile", "still"})
_CLAUSE_BREAK = frozenset({".", "!", "?", ";", ":"})


def _last_clause_subjects(ctx: Context, items: list[Item]) -> set[str]:
    """Characters named at a clause start in the last sentence of ``items``.

    Why: "he said" in a scene told from one man's side is that man, unless another
    man was just the subject ("Finn turned. 'Go,' he said" is Finn): only the
    sentence right before the quotation counts, not every man named nearby."""
    k = len(items)
    while k > 0 and items[k - 1].kind == "punct":
        k -= 1
    lo = k
    while lo > 0 and not (items[lo - 1].kind == "punct" and items[lo - 1].value in _CLAUSE_BREAK):
        lo -= 1
    out: set[str] = set()
    at_start = True
    for it in items[lo:k]:
        if it.kind == "name":
            if at_start and not ctx.is_quoted(it.start):
                out.add(it.value)
            at_start = False
        elif it.kind == "punct":
            at_start = it.value == ","
        else:
            at_start = at_start and it.value in _CONNECTIVES
    return out


def _last_subject(ctx: Context, items: list[Item]) -> str | None:
    """The latest character named at the start of a sentence (the current topic)."""
    best = None
    at_start = True
    for it in items:
        if it.kind == "name":
            if at_start and not ctx.is_quoted(it.start):
                best = it.value
            at_start = False
        elif it.kind == "punct":
            at_start = it.value in ".!?;" or (at_start and it.value == ",")
        else:
            at_start = at_start and it.value in _CONNECTIVES
    return best


_SUBJ = {"he": "male", "she": "female"}
_OBJ = {"him": "male", "her": "female"}


def switched_to(ctx: Context, items: list[Item], gender: str, referent: str | None) -> bool:
    """Did the narration before a pronoun tag switch its subject to ``referent`` (the
    coref stage's link for the tag's "he"/"she")?

    "Finn looked at him, and he smiled": a named clause subject, an object pronoun the
    coref stage links to ``referent``, then an explicit subject pronoun, which English
    would drop if the subject stayed Finn; a later name opening a clause ends the
    switch. Nothing is resolved here: the links are the coref stage's (one resolver);
    this only recognises the configuration, which PDNC shows too rarely for the
    trained weights to learn (see :data:`ficlens.speakers.model.FIXED_WEIGHTS`).
    """
    if referent is None:
        return False
    switched = False
    named: str | None = None
    obj: str | None = None
    at_start = True
    for it in items:
        if it.kind == "name":
            if at_start and not ctx.is_quoted(it.start) and ctx.gender.get(it.value) == gender:
                named, obj, switched = it.value, None, False
            at_start = False
        elif it.kind == "punct":
            if it.value in ".!?;":
                named, obj = None, None
            at_start = it.value in ".!?;,:"
        else:
            w = it.value
            if at_start and _SUBJ.get(w) == gender:
                if named is not None and obj == referent and named != referent:
                    switched = True
                named, obj = None, None
            elif _OBJ.get(w) == gender and named is not None:
                obj = ctx.pron_mentions.get(it.start)
            at_start = at_start and w in _CONNECTIVES
    return switched


_PRON_SUBJECT_RE = re.compile(r"\b([Hh]e|[Ss]he)\b[ \t]+(?:[a-z]+ly[ \t]+)?(?:just[ \t]+)?[a-z]")


_TAIL_WORDS_RE = re.compile(r"[A-Za-z]+")


def _intro_tag(tail: str) -> bool:
    """'Mrs. Elton, speaking louder, said,' / 'replied thus,' / 'accosted her with,' closing a paragraph: a tag
    that leads into the next paragraph's quotation, even after a quotation of its own."""
    if not tail.endswith(","):
        return False
    words = _TAIL_WORDS_RE.findall(tail[-30:])
    return bool(words) and (words[-1] in SPEECH_VERBS_FINITE or words[-1] == "with" or (
        len(words) > 1 and words[-2] in SPEECH_VERBS_FINITE and words[-1].islower()))


def _beat_pronoun_before(ctx: Context, start: int) -> str | None:
    """The coref link of the last he/she subject in the sentence running into the quotation."""
    lo = start
    text = ctx.text
    while lo > 0 and start - lo < 300 and text[lo - 1] not in ".!?\n\u201d\"":
        lo -= 1
    last = None
    for m in _PRON_SUBJECT_RE.finditer(text, lo, start):
        last = m
    return ctx.pron_mentions.get(last.start(1)) if last else None


def _attached_before(text: str, start: int) -> bool:
    """The quotation at ``start`` continues a narration sentence (no stop before its mark)."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and (text[i].isalpha() or text[i] in ",:")


def _detached_after(ctx: Context, end: int, start: int) -> bool:
    """Does the quotation close a sentence that the next one does not continue, while
    the narration before it leads into it?

    Why: in '..., Jane taking out the letter, said, "This is from Caroline." She then
    read...' the tag is before the quotation; "She then read" is the next sentence.
    """
    text = ctx.text
    inner = text[max(start, end - 3):end].rstrip("\"'\u201d\u2019 ")
    if not inner.endswith("."):
        return False
    nxt = text[end:end + 40].lstrip()
    lead = text[max(0, start - 6):start].rstrip()
    return nxt[:1].isupper() and lead.endswith((",", ":", "--", "\u2014", "."))


def utterance_infos(doc: Document, ctx: Context) -> list[UttInfo]:
    """One :class:`UttInfo` per utterance of ``doc``, in text order."""
    quotes = doc.quotes
    utts = []
    for u in doc.utterances:
        spans = sorted((quotes[i].start, quotes[i].end) for i in u.quotes if 0 <= i < len(quotes))
        utts.append((spans, u))
    infos: list[UttInfo] = []
    qstarts = ctx.quote_starts
    qspans = ctx.quote_spans
    prev_end = 0
    # the same stretch of narration is read again and again (one turn's "after" is the
    # next one's "before"; every turn of a paragraph reads its opening): the last few
    # stretches' items are kept (the lists are only read)
    memo: dict[tuple[int, int], list[Item]] = {}

    text, name_starts = ctx.text, ctx.name_starts

    def items(a: int, b: int) -> list[Item]:
        # leading white space holds no token (and, checked, no name): "before" from the
        # paragraph start and the narration since the last quotation across a paragraph
        # break read the same stretch, under one key
        m = _NON_SPACE_RE.search(text, a, b)
        a2 = m.start() if m else b
        if a2 != a and bisect_left(name_starts, a) == bisect_left(name_starts, a2):
            a = a2
        got = memo.get((a, b))
        if got is None:
            if len(memo) >= 64:
                memo.clear()
            got = memo[a, b] = items_in(ctx, a, b)
        return got

    for idx, (spans, _u) in enumerate(utts):
        if not spans:
            infos.append(UttInfo(idx, 0, 0, 0, 0, [], [], set(), None, None, None, 0))
            continue
        start, end = spans[0][0], spans[-1][1]
        p0 = ctx.paragraph_of(start)
        p1 = ctx.paragraph_of(max(start, end - 1))
        para0, para1 = ctx.paragraphs[p0], ctx.paragraphs[p1]
        # narration before: from paragraph start or the previous quote in it
        k = bisect_left(qstarts, start) - 1
        b_start = para0.start
        if k >= 0 and qspans[k][1] > b_start:
            b_start = min(qspans[k][1], start)
        k2 = bisect_left(qstarts, end)
        a_end = para1.end if para1.end > end else end
        if k2 < len(qstarts) and qstarts[k2] < a_end:
            a_end = qstarts[k2]
        before = items(max(b_start, start - _SEG), start)
        if not before and p0 > 0:
            # 'Lady Catherine began in the following manner:--' closing the paragraph
            # before: a tag introducing the quotation that opens this one
            pp = ctx.paragraphs[p0 - 1]
            tail = ctx.text[max(pp.start, pp.end - _SEG):pp.end].rstrip()
            if tail.endswith(_INTRO_ENDS) and not ctx.is_quoted(len(tail) + max(pp.start, pp.end - _SEG) - 1):
                k3 = bisect_left(qstarts, pp.end) - 1
                quoted_para = k3 >= 0 and qspans[k3][1] > pp.start
                # after a quotation, only a colon introduces the next one ('"Hi," said
                # Derek.' is that quotation's own tag)
                if not quoted_para or tail.endswith((":", ":--", ":\u2014", ":-")) or _intro_tag(tail):
                    lo = max(pp.start, pp.end - _SEG, qspans[k3][1] if k3 >= 0 else 0)
                    before = items(lo, pp.end)
        after = items(end, min(a_end, end + _SEG))
        between: list[Item] = []
        for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
            between.extend(items(e1, min(s2, e1 + _SEG)))
        tags = []
        for side, its in (("between", between), ("after", after), ("before", before)):
            t = find_tag(its, side)
            if t:
                tags.append(t)
        if len(tags) > 1 and tags[-1].side == "before" and tags[0].side == "after" and _detached_after(ctx, end, start):
            tags.insert(0, tags.pop())
        vocs: list[str] = []
        quoted: set[str] = set()
        first_person = False
        for s, e in spans:
            v, q = _vocatives(ctx, s, e)
            vocs.extend(v)
            quoted |= q
            first_person = first_person or _FIRST_PERSON_RE.search(ctx.text, s, min(e, s + 2000)) is not None
        # the paragraph's actor: subject of the narration opening the paragraph
        if b_start == para0.start and start - b_start <= _SEG:
            para_items = before
        else:
            para_items = items(para0.start, min(start, para0.start + 150))
        actor, actor_gender = _opening_subject(para_items)
        last_subject = _last_subject(ctx, before)
        if last_subject is None and p0 > 0:
            prev_para = ctx.paragraphs[p0 - 1]
            last_subject = _last_subject(ctx, items(max(prev_para.start, prev_para.end - _SEG), prev_para.end))
        after_actor, _ = _opening_subject(after)
        narr_items = items(max(prev_end, start - _SEG), start)
        near = _last_clause_subjects(ctx, narr_items)
        for t in tags[:1]:
            if t.subject_kind == "pronoun":
                tag_lead = [i for i in (before if t.side == "before" else after) if i.start < t.subject_start]
                near |= _last_clause_subjects(ctx, tag_lead)
                if t.side != "before":
                    narr_items = narr_items + tag_lead
        gap = ctx.text[max(prev_end, start - 400):start]
        narration = len("".join(gap.split()))
        infos.append(
            UttInfo(idx, start, end, p0, p1, tags, vocs, quoted, actor, actor_gender, after_actor, narration,
                    first_person_quote=first_person, last_subject=last_subject, near_subjects=frozenset(near),
                    narr_items=narr_items,
                   lead=len("".join(ctx.text[para0.start:min(start, para0.start + 200)].split())))
        )
        prev_end = end
    nickname_vocatives(ctx, infos, [sp for sp, _ in utts])
    link_neighbours(infos)
    conversation_votes(infos)
    return infos


def link_neighbours(infos: list[UttInfo]) -> None:
    """Mark turns that follow each other with no narration between (a conversation)."""
    ordered = sorted((i for i in infos if i.end > i.start), key=lambda i: i.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        # a new turn: the next paragraph opens with the quotation, and only the
        # previous turn's own speech tag (if any) lies between them
        new_turn = b.para == a.para_last + 1 and b.lead < 3
        if (b.narration_before < 40 or new_turn) and b.para - a.para_last <= 1 and b.para != a.para_last:
            b.adj_prev = True
            b.prev_vocs = tuple(a.vocatives)
            a.next_vocs = tuple(b.vocatives)


def _recency(ctx: Context, start: int, end: int) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """For names near an utterance: distance of last narration mention, of last quoted mention, counts."""
    lo, hi = ctx.name_index_range(max(0, start - WINDOW_BEFORE), start)
    names = ctx.names[lo:hi]
    quoted = ctx.in_quote[lo:hi]
    # (comprehensions and a C-level count instead of one Python loop: a dict keeps a
    # key where it was first inserted and the value last assigned, exactly as the loop did)
    count: dict[str, int] = Counter(map(itemgetter(2), names))
    last_narr = {cid: start - s for (s, _, cid), q in zip(names, quoted, strict=True) if not q}
    last_quoted = {cid: start - s for (s, _, cid), q in zip(names, quoted, strict=True) if q} if any(quoted) else {}
    return last_narr, last_quoted, count


def _nearest_named(ctx: Context, start: int, limit: int = MAX_NEARBY) -> set[str]:
    """The ``MAX_NEARBY`` characters named last before ``start`` (within the window),
    nearest first by (distance of the last mention, id): read backwards from
    ``start``, so a crowd costs the names up to the tenth person, not the window."""
    lo, hi = ctx.name_index_range(max(0, start - WINDOW_BEFORE), start)
    names = ctx.names
    seen: dict[str, int] = {}
    cut = None
    for i in range(hi - 1, lo - 1, -1):
        s, _, cid = names[i]
        if cut is not None and start - s > cut:
            break
        if cid not in seen:
            seen[cid] = start - s
            if cut is None and len(seen) == limit:
                cut = start - s  # only ties with the last can still take a place
    return {c for _, c in sorted([(d, c) for c, d in seen.items()])[:limit]}


def _window_recency(window: NameWindow, start: int, ids: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """:func:`_recency`'s first two dicts kept to ``ids`` (in the same order: of each one's
    first mention of that kind in the window), read from the moving window."""
    names = window.names
    out = []
    for first, last in zip(window.first, window.last, strict=True):
        found = sorted([(first[cid], cid, start - names[last[cid]][0]) for cid in ids if cid in first])
        out.append({c: d for _, c, d in found})
    return out[0], out[1]


def _para_named(ctx: Context, ids: set[str], lo: int, hi: int, end: int) -> set[str]:
    """Those of ``ids`` with a mention among names ``lo:hi`` that is not quoted and
    ends by ``end``, read from the per-character lists of mentions."""
    index = ctx.unquoted_name_index()
    names = ctx.names
    out = set()
    for cid in ids:
        at = index.get(cid)
        if at:
            j = bisect_left(at, lo)
            while j < len(at) and at[j] < hi:
                if names[at[j]][1] <= end:
                    out.add(cid)
                    break
                j += 1
    return out


def _nearest_any(ctx: Context, last_narr: dict[str, int], last_quoted: dict[str, int], gender: str | None) -> str | None:
    """The nearest person of ``gender`` counting names inside quotations too: in a
    tight point of view the other party may be named only when spoken to
    ("Meredith... what does this mean?"), never in the narration."""
    best: tuple[int, str] | None = None
    for c in set(last_narr) | set(last_quoted):
        if ctx.gender.get(c) == gender:
            k_ = (min(last_narr.get(c, WINDOW_BEFORE), last_quoted.get(c, WINDOW_BEFORE)), c)
            if best is None or k_ < best:
                best = k_
    return None if best is None else best[1]


def static_candidates(ctx: Context, info: UttInfo, extra: list[str] | tuple[str, ...] = ()) -> dict[str, dict[str, float]]:
    """Candidates named near the utterance (and ``extra`` ones: recent speakers, the
    narrator), with the features that need no decoding history. Cached per utterance,
    since both decoding passes ask for the same candidates."""
    key = tuple(sorted(set(extra)))
    cached = info.cache.get(key)
    if cached is None:
        cached = info.cache[key] = _static_candidates(ctx, info, key)
    return cached


def _row_start(nf: tuple[float, str] | None, quoted_before: bool, n: int,
               per: tuple[float, str | None], named_after: bool, para_named: bool) -> dict[str, float]:
    """The first features of a candidate's row, in their order (both the shared rows of
    a crowd and the general ones start so): nearest mention in the narration, named in a
    quotation before, counts, named just after, named in the paragraph."""
    f: dict[str, float] = {}
    if nf is not None:
        f["narr_dist"] = nf[0]
        f[nf[1]] = 1.0
    else:
        f["no_narr_mention"] = 1.0
    if quoted_before:
        f["quoted_before"] = 1.0
    f["count"] = _LOG1P[n] if n < _SMALL else math.log1p(n)
    f["global_count"] = per[0]
    if named_after:
        f["named_after"] = 1.0
    if para_named:
        f["para_named"] = 1.0
    return f


def _static_candidates(ctx: Context, info: UttInfo, extra: tuple[str, ...],
                       plain: bool = False) -> dict[str, dict[str, float]]:
    """``plain``: every candidate through the general code (the crowd's shortcut off;
    for tests, the result must be the same)."""
    start, end = info.start, info.end
    w_lo, w_hi = ctx.name_index_range(max(0, start - WINDOW_BEFORE), start)
    window = ctx.name_window(w_lo, w_hi)
    crowd = len(window.count) > MAX_NEARBY
    if crowd:
        # a crowd named just before (a list of names, a roll call): only the nearest
        # ones are candidates, so the cost per utterance stays bounded (issue #14);
        # their recency and counts are read from the moving window, not from the names
        # of the window one by one
        nearby = _nearest_named(ctx, start, CROWD_NEARBY)
        last_narr, last_quoted = _window_recency(window, start, nearby)
        count = window.count
    else:
        last_narr, last_quoted, count = _recency(ctx, start, end)
        nearby = set(last_narr) | set(last_quoted)
    # the first MAX_AFTER people named just after
    after_names: set[str] = set()
    a_end = end + WINDOW_AFTER
    a_lo, a_hi = ctx.name_index_range(end, a_end)
    for m in ctx.names[a_lo:a_hi]:
        if m[1] <= a_end:
            after_names.add(m[2])
            if len(after_names) == MAX_AFTER:
                break
    para = ctx.paragraphs[info.para]
    # (a window of the paragraph: one paragraph of a thousand quotations must not make
    # every utterance read all of it)
    # (who is quoted read from a list made once, not looked up per name)
    p_end = min(ctx.paragraphs[info.para_last].end, end + WINDOW_BEFORE)
    p_lo, p_hi = ctx.name_index_range(max(para.start, start - WINDOW_BEFORE), p_end)
    cands: dict[str, dict[str, float]] = {}
    ids = nearby | after_names | set(info.vocatives) | set(extra)
    # (after a crowd, the most named characters only when named in the window)
    ids.update(ctx.top_characters if not crowd else (c for c in ctx.top_characters if c in count))
    ids.update(info.conv_votes)
    for t in info.tags:
        if t.subject:
            ids.add(t.subject)
    si = ctx.scene_of(start) if ctx.scene_starts else -1
    focus = ctx.focus[si] if 0 <= si < len(ctx.focus) else None
    if focus is not None and ctx.gender.get(focus) in ("male", "female"):
        # "he"/"she" since the last named person of the focal character's gender are
        # mentions of the focal character (the scene is told from that side)
        pos = ctx.last_pronoun(ctx.gender[focus], start)  # type: ignore[arg-type]
        if pos is not None and start - pos <= WINDOW_BEFORE:
            last_narr[focus] = min(last_narr.get(focus, WINDOW_BEFORE), start - pos)
    by_recency = sorted(last_narr, key=last_narr.get)
    # gender-wise recency ranks for pronoun tags
    by_gender: dict[str | None, list[str]] = {}
    for cid in by_recency:
        by_gender.setdefault(ctx.gender.get(cid), []).append(cid)
    t0 = info.tags[0] if info.tags else None
    if focus is not None and t0 is not None and t0.subject_kind == "pronoun":
        fg = ctx.gender.get(focus)
        if fg == t0.gender and ctx.pronoun_chain(fg, t0.subject_start):
            # the "he"s since the last named man belong to the focal character: he is
            # the most recent man mentioned, whoever was named last
            lst = [c for c in by_gender.get(fg, []) if c != focus]
            by_gender[fg] = [focus, *lst]
    g_rank = {cid: r for lst in by_gender.values() for r, cid in enumerate(lst)}
    # who the first tag's "he"/"she" is: the coref stage's link (the one pronoun resolver)
    referent, switch = None, False
    if t0 is not None and t0.subject_kind == "pronoun" and t0.gender in ("male", "female"):
        referent = ctx.pron_mentions.get(t0.subject_start)
        switch = switched_to(ctx, info.narr_items, t0.gender, referent)
    anchors = dict(ctx.anchors[si]) if 0 <= si < len(ctx.anchors) else {}
    apos = ctx.anchor_pos[si] if 0 <= si < len(ctx.anchor_pos) else {}
    for g_, pos in apos.items():
        if pos >= start:  # settled only later in the scene: not known yet here
            anchors.pop(g_, None)
    if focus:
        ids.add(focus)
    ids.update(anchors.values())
    # what does not depend on the candidate, read once per utterance
    no_tags = not info.tags
    attached = no_tags and _attached_before(ctx.text, info.start)
    beat_pron = _beat_pronoun_before(ctx, info.start) if attached and ctx.pron_mentions else None
    gender_of, mention_count, global_rank = ctx.gender.get, ctx.mention_count.get, ctx.global_rank.get
    conv_votes = info.conv_votes
    conv_two = len(info.conv_participants) >= 2
    # (the utterance's facts as locals, and every test that does not depend on the
    # candidate made here: the loop runs once per candidate, a crowd's twenty per line)
    vocatives, quoted_names, actor, after_actor = set(info.vocatives), info.quoted_names, info.actor, info.after_actor
    actor_gender, last_subject = info.actor_gender, info.last_subject
    prev_vocs, next_vocs, participants = info.prev_vocs, info.next_vocs, info.conv_participants
    beat_after = not info.tags and info.lead == 0
    per_cid = ctx.per_candidate  # (global_count, global rank feature) of each character
    near_before = info.near_subjects if attached else frozenset()
    actor_g = actor_gender if actor_gender in ("male", "female") else None
    actor_chain = actor_g is not None and focus is not None and ctx.pronoun_chain(actor_g, start)
    actor_anchor = anchors.get(actor_g) if actor_g is not None else None
    t = info.tags[0] if info.tags else None
    t_name = t_gendered = t_pron = t_nominal = t_chain = False
    t_subject = t_gender = t_addr = t_coref = t_only_quoted = t_anchor = t_owner = None
    tag_name_side = ""
    rank_keys: tuple[str, ...] = ()
    rivals: set[str] = set()
    t_last_subject = False
    if t is not None:
        t_name = t.subject_kind == "name"
        t_pron = t.subject_kind == "pronoun"
        t_nominal = t.subject_kind == "nominal"
        t_subject, t_gender, t_addr = t.subject, t.gender, t.addressee
        tag_name_side = f"tag_name_{t.side}"
        t_gendered = not t_name and t_gender in ("male", "female")
        t_last_subject = not t_name
        if t_gendered:
            t_coref = ctx.pron_mentions.get(t.subject_start)
            t_anchor = anchors.get(t_gender)
            t_chain = focus is not None and ctx.pronoun_chain(t_gender, t.subject_start)  # type: ignore[arg-type]
            t_only_quoted = _nearest_any(ctx, last_narr, last_quoted, t_gender) if not by_gender.get(t_gender) else None
            rank_keys = _NOM_RANK if t_nominal else _TAG_RANK
            if t_pron:
                rivals = {c for c in info.near_subjects if c != focus and ctx.gender.get(c) == t_gender}
        if t_nominal:
            t_owner = _KIN_OWNER.get(ctx.text[t.subject_start:t.subject_start + 4].lower())
    if plain or p_hi - p_lo <= _PARA_NAMES_SCAN:
        para_names = {m[2] for m, q in zip(ctx.names[p_lo:p_hi], ctx.names_quoted()[p_lo:p_hi], strict=True)
                      if not q and m[1] <= p_end}
    else:
        # a long paragraph named by a crowd: each candidate's own mentions are looked up
        para_names = _para_named(ctx, ids, p_lo, p_hi, p_end)
    # the candidates any feature after "para_named" singles out (the rest of a crowd
    # takes the short way below, which adds the same features in the same order)
    if plain:
        special: set[str | None] = set(ids)
    else:
        special = {actor, after_actor, beat_pron, actor_anchor, focus, last_subject, t_subject, t_addr,
                   t_coref, t_anchor, t_only_quoted, referent}
        special.update(vocatives, quoted_names, near_before, rivals, prev_vocs, next_vocs, conv_votes)
    # (each one's distance feature and recency rank key, element-wise by map)
    dists = map(math.log1p, map(truediv, map(last_narr.__getitem__, by_recency), repeat(50.0)))
    rank_names = chain(_NARR_RANK, repeat(_NARR_RANK[4]))
    narr_feats = dict(zip(by_recency, zip(dists, rank_names, strict=False), strict=False))
    # the short way's rows are shared: one object per different row, kept on the context
    # by what decides it (a crowd's twenty candidates per line have a few hundred
    # different rows in all: each is built once, and the decoder knows it by its id)
    shared = ctx.shared_rows.setdefault(
        (actor_g, t is not None, t_name, t_gendered, t_gender, t_nominal, rank_keys, t_owner, no_tags, conv_two), {})
    for cid in sorted(ids):
        g = gender_of(cid)
        nf = narr_feats.get(cid)
        quoted_before = cid in last_quoted
        n = count.get(cid, 0)
        per = per_cid.get(cid)
        if per is None:
            gr = global_rank(cid)
            per = per_cid[cid] = (math.log1p(mention_count(cid, 0)) / 5.0,
                                  None if gr is None else _GLOBAL_RANK[min(gr, 5)])
        named_after = cid in after_names
        para_named = cid in para_names
        if cid not in special:
            rank = g_rank.get(cid)
            row_key = (nf, quoted_before, n, per, named_after, para_named, g, rank, cid in participants)
            f = shared.get(row_key)  # type: ignore[assignment]
            if f is None:
                f = shared[row_key] = _row_start(nf, quoted_before, n, per, named_after, para_named)
                if actor_g is not None and g == actor_g:
                    f["actor_gender"] = 1.0
                    if rank == 0:
                        f["actor_gender_rank0"] = 1.0
                if t is not None:
                    if t_name:
                        f["tag_other_name"] = 1.0
                    elif t_gendered:
                        if g == t_gender:
                            f["tag_gender"] = 1.0
                            if rank is not None and rank < 3:
                                f[rank_keys[rank]] = 1.0
                        elif g is None:
                            f["tag_gender_unknown"] = 1.0
                        else:
                            f["tag_gender_mismatch"] = 1.0
                        if t_nominal:
                            f["tag_nominal"] = 1.0
                    if t_owner is not None and g == t_owner and rank == 0:
                        f["tag_kin_owner"] = 1.0
                if no_tags:
                    f["no_tag"] = 1.0
                if per[1] is not None:
                    f[per[1]] = 1.0
                if conv_two:
                    f["conv_participant" if cid in participants else "conv_outsider"] = 1.0
            cands[cid] = f
            continue
        f = _row_start(nf, quoted_before, n, per, named_after, para_named)
        if cid in vocatives:
            f["vocative"] = 1.0
        elif cid in quoted_names:
            f["named_in_quote"] = 1.0
        if actor == cid:
            f["actor"] = 1.0
        if after_actor == cid:
            f["after_actor"] = 1.0
            if beat_after:
                # '"He's not lying!" Ben defended Klaus.': an untagged line that opens its
                # paragraph, followed by a beat whose subject is named (fan fiction's
                # favourite way to say who speaks)
                f["beat_after"] = 1.0
        if cid in near_before:
            # 'Logan was next to her "yep it sure is half-pint."': the narration runs into
            # the quotation with no stop; its subject speaks
            f["beat_before"] = 1.0
        if beat_pron is not None and beat_pron == cid:
            # the same beat with a pronoun subject ('she just smiled, "well..."'), read
            # through the coref stage's link (the same after the quotation measured nothing)
            f["beat_before_coref"] = 1.0
        if actor_g is not None and g == actor_g:
            f["actor_gender"] = 1.0
            if cid == focus:
                f["actor_focus"] = 1.0
                if actor_chain:
                    f["actor_chain"] = 1.0
            if actor_anchor == cid:
                f["actor_anchor"] = 1.0
            if g_rank.get(cid) == 0:
                f["actor_gender_rank0"] = 1.0
        if t is not None:
            if t_name:
                if t_subject == cid:
                    f["tag_name"] = 1.0
                    f[tag_name_side] = 1.0
                else:
                    f["tag_other_name"] = 1.0
            elif t_gendered:
                if t_coref == cid:
                    f["tag_coref"] = 1.0
                if g == t_gender:
                    f["tag_gender"] = 1.0
                    if cid == focus:
                        f["tag_gender_focus"] = 1.0
                    if t_anchor == cid:
                        f["tag_gender_anchor"] = 1.0
                    if cid == focus and t_chain:
                        # "he said" after a run of "he"s in a scene told from his side
                        f["tag_gender_chain"] = 1.0
                    if t_only_quoted == cid:
                        f["tag_gender_only_quoted"] = 1.0
                    if t_pron:
                        if cid == referent:
                            f["tag_antecedent"] = 1.0
                            if switch:
                                f["tag_switch_referent"] = 1.0
                        if cid in rivals:
                            f["tag_near_subject"] = 1.0
                        elif cid == focus and not rivals:
                            # the focal character, with no other man (woman) just the subject
                            f["tag_focus_free"] = 1.0
                    r = g_rank.get(cid)
                    if r is not None and r < 3:
                        f[rank_keys[r]] = 1.0
                elif g is None:
                    f["tag_gender_unknown"] = 1.0
                else:
                    f["tag_gender_mismatch"] = 1.0
                if t_nominal:
                    f["tag_nominal"] = 1.0
            # "cried her mother": the one "her" points at (the nearest woman) is
            # the one speaker it cannot be
            if t_owner is not None and g == t_owner and g_rank.get(cid) == 0:
                f["tag_kin_owner"] = 1.0
            if t_addr == cid:
                f["tag_addressee"] = 1.0
        if no_tags:
            f["no_tag"] = 1.0
        if cid == focus:
            f["focus"] = 1.0
        if cid == last_subject:
            f["last_subject"] = 1.0
            if t_last_subject and t_gender == g:
                f["tag_gender_last_subject"] = 1.0
            if actor_gender == g:
                f["actor_gender_last_subject"] = 1.0
        if cid in prev_vocs:
            f["prev_voc_adj"] = 1.0
        if cid in next_vocs:
            f["next_voc_adj"] = 1.0
        if per[1] is not None:
            f[per[1]] = 1.0
        cv = conv_votes.get(cid)
        if cv:
            f.update(cv)
        if conv_two:
            f["conv_participant" if cid in participants else "conv_outsider"] = 1.0
        cands[cid] = f
    return cands


def dynamic_touched(
    history: list[str | None],
    prev_addressees: tuple[str, ...],
    narrator: str | None,
    ahead: tuple[tuple[str | None, float, bool], ...] = (),
) -> set[str | None]:
    """The only candidates :func:`dynamic_features` can add a feature to (keep the two
    in step): every other candidate's row is its static features unchanged, so the
    decoder skips the copy for it (a crowd of candidates costs no turn-taking work)."""
    return {*history[-6:], *prev_addressees, narrator, *(a[0] for a in ahead)}


def dynamic_features(
    f: dict[str, float],
    cid: str,
    info: UttInfo,
    prev: UttInfo | None,
    history: list[str | None],
    prev_addressees: tuple[str, ...],
    narrator: str | None,
    ahead: tuple[tuple[str | None, float, bool], ...] = (),
) -> dict[str, float]:
    """Features that depend on the speakers already chosen: turn-taking and narrator."""
    f = dict(f)
    adjacent = prev is not None and info.narration_before < 40 and info.para - prev.para_last <= 1
    same_para = prev is not None and prev.para_last == info.para
    p1 = history[-1] if history else None
    p2 = history[-2] if len(history) > 1 else None
    if p1 == cid:
        f["prev_spk"] = 1.0
        if adjacent:
            f["prev_spk_adj"] = 1.0
        if same_para:
            # one speaker going on in one paragraph, unless much narration intervenes
            # (fan fiction often puts a whole scene in one paragraph)
            f["prev_spk_same_para" if info.narration_before < 150 else "prev_spk_same_para_far"] = 1.0
    if p2 == cid and p1 != cid:
        f["prev2_spk"] = 1.0
        if adjacent:
            f["prev2_spk_adj"] = 1.0
            if "no_tag" in f:
                f["prev2_adj_notag"] = 1.0
    if cid in prev_addressees:
        f["prev_addressee"] = 1.0
        if adjacent:
            f["prev_addressee_adj"] = 1.0
    if cid in history[-6:]:
        f["recent_speaker"] = 1.0
    if "tag_gender" in f:
        if p1 == cid:
            f["tag_gender_prev"] = 1.0
        if p2 == cid:
            f["tag_gender_prev2"] = 1.0
        if cid in prev_addressees:
            f["tag_gender_prev_addr"] = 1.0
    if "tag_nominal" in f and p2 == cid:
        f["tag_nom_prev2"] = 1.0
    # second pass: the first pass's speakers of the next two turns (alternation backwards)
    if ahead:
        n1, c1, adj1 = ahead[0]
        if n1 == cid and adj1:
            f["next_spk_adj"] = c1
        if len(ahead) > 1:
            n2, c2, adj2 = ahead[1]
            if n2 == cid and adj1 and adj2 and n1 != cid:
                f["next2_spk_adj"] = c2
                if "no_tag" in f:
                    f["next2_adj_notag"] = c2
    if narrator is not None and cid == narrator:
        f["narrator"] = 1.0
        t = info.tags[0] if info.tags else None
        if t is not None and t.gender == "first":
            f["tag_first"] = 1.0
    return f


def dynamic_rows(
    pairs: list[tuple[str, dict[str, float]]],
    info: UttInfo,
    prev: UttInfo | None,
    history: list[str | None],
    prev_addressees: tuple[str, ...],
    narrator: str | None,
    ahead: tuple[tuple[str | None, float, bool], ...] = (),
) -> list[dict[str, float]]:
    """:func:`dynamic_features` of several (candidate, static row) pairs of one utterance:
    the same rows (keys in the same order), with what does not depend on the candidate
    worked out once (the decoder extends the rows of the recent speakers of every line)."""
    adjacent = prev is not None and info.narration_before < 40 and info.para - prev.para_last <= 1
    same_para = prev is not None and prev.para_last == info.para
    same_para_key = "prev_spk_same_para" if info.narration_before < 150 else "prev_spk_same_para_far"
    p1 = history[-1] if history else None
    p2 = history[-2] if len(history) > 1 else None
    recent = history[-6:]
    n1 = c1 = adj1 = n2 = c2 = adj2 = None
    if ahead:
        n1, c1, adj1 = ahead[0]
        if len(ahead) > 1:
            n2, c2, adj2 = ahead[1]
    t = info.tags[0] if info.tags else None
    first_tag = t is not None and t.gender == "first"
    out = []
    for cid, f in pairs:
        f = dict(f)
        if p1 == cid:
            f["prev_spk"] = 1.0
            if adjacent:
                f["prev_spk_adj"] = 1.0
            if same_para:
                f[same_para_key] = 1.0
        if p2 == cid and p1 != cid:
            f["prev2_spk"] = 1.0
            if adjacent:
                f["prev2_spk_adj"] = 1.0
                if "no_tag" in f:
                    f["prev2_adj_notag"] = 1.0
        addressed = cid in prev_addressees
        if addressed:
            f["prev_addressee"] = 1.0
            if adjacent:
                f["prev_addressee_adj"] = 1.0
        if cid in recent:
            f["recent_speaker"] = 1.0
        if "tag_gender" in f:
            if p1 == cid:
                f["tag_gender_prev"] = 1.0
            if p2 == cid:
                f["tag_gender_prev2"] = 1.0
            if addressed:
                f["tag_gender_prev_addr"] = 1.0
        if "tag_nominal" in f and p2 == cid:
            f["tag_nom_prev2"] = 1.0
        if ahead:
            if n1 == cid and adj1:
                f["next_spk_adj"] = c1  # type: ignore[assignment]
            if n2 == cid and adj1 and adj2 and n1 != cid:
                f["next2_spk_adj"] = c2  # type: ignore[assignment]
                if "no_tag" in f:
                    f["next2_adj_notag"] = c2  # type: ignore[assignment]
        if narrator is not None and cid == narrator:
            f["narrator"] = 1.0
            if first_tag:
                f["tag_first"] = 1.0
        out.append(f)
    return out
