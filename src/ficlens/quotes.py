"""Quotation detection: the ``quotes`` stage.

Why a paragraph-by-paragraph state machine: dialogue marks pair up inside a paragraph,
except for a quotation that runs on over several paragraphs, which by convention leaves
its closing mark off and reopens the next paragraph. Working per paragraph means that a
stray, unmatched mark costs at most one paragraph instead of flipping every quotation
after it for the rest of the book.

What the stage decides, and where:

* the document's dialogue style (:func:`detect_style`): double marks (straight or curly),
  single marks (British style), and whether lines opening with an em dash are dialogue;
* the direction of each straight mark from its neighbours (:func:`_classify`): a space or
  an opening bracket before and a letter after opens, a letter or punctuation before and a
  space or punctuation after closes;
* apostrophes among single marks: elisions ('em, 'tis, rock 'n' roll), inner apostrophes
  (don't) and plural possessives (the boys') are not quotation marks;
* which spans are one utterance (:func:`_same_utterance`): a quotation split by a short
  speech tag ("Yes," said Tom. "I will.") and a quotation that runs on over paragraphs.

Every ``Quote`` includes its marks; ``Quote.text`` is the words inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document, Quote, Span, Utterance
from .speech import PARTICLE_VERBS, SAYING_VERBS
from .speech import SPEECH_VERBS as _SPEECH_VERBS

# ---------------------------------------------------------------- marks
OPEN, CLOSE, AMBIG, NONE = 1, 2, 3, 0

_DOUBLE_RE = re.compile("[\"\u201c\u201d\u201e]")
_SINGLE_RE = re.compile("['\u2018\u2019\u201a]")
_DOUBLES = "\"\u201c\u201d\u201e"
_SINGLES = "'\u2018\u2019\u201a"
_DASHES = "\u2014\u2015\u2013"
# Characters skipped when looking at a mark's neighbours: Gutenberg _italics_, *emphasis*.
_TRANSPARENT = "_*"
# A mark after these opens (when a non-space follows).
_OPEN_BEFORE = "([{<\u2014\u2013-/:;"
# A mark before these closes.
_CLOSE_AFTER = ",.;:!?)]}>\u2014\u2013-\u2026/"
# Elisions written with a leading apostrophe: not an opening single quote.
_ELISIONS = frozenset(
    "em tis twas twere twill twould cause cos coz cuz til n bout round im ow ere ave alf "
    "e er un ee ud nuff scuse spose kay fraid gainst mongst neath nother s d ll re ve t".split()
)
_WORD_AFTER_RE = re.compile(r"[A-Za-z]+")


def _neighbours(text: str, i: int, start: int, end: int) -> tuple[str, str]:
    """The characters before and after position ``i`` inside the paragraph, skipping
    emphasis markers; "" stands for the paragraph edge."""
    j = i - 1
    while j >= start and text[j] in _TRANSPARENT:
        j -= 1
    k = i + 1
    while k < end and text[k] in _TRANSPARENT:
        k += 1
    return (text[j] if j >= start else ""), (text[k] if k < end else "")


def _classify(text: str, i: int, start: int, end: int, single: bool) -> tuple[int, bool]:
    """Direction of the mark at ``i`` and whether it is a strong closer (after punctuation).

    Why context and not the glyph alone: straight marks have no direction, and many fan
    fiction files mix curly marks of the wrong direction in.
    """
    ch = text[i]
    prev, nxt = _neighbours(text, i, start, end)
    open_ctx = (prev == "" or prev.isspace() or prev in _OPEN_BEFORE
                or prev in _DOUBLES or prev in _SINGLES) and nxt != "" and not nxt.isspace()
    close_ctx = (nxt == "" or nxt.isspace() or nxt in _CLOSE_AFTER
                 or nxt in _DOUBLES or nxt in _SINGLES) and prev != "" and not prev.isspace()
    strong = prev in ",.!?\u2026\u2014\u2013-" or prev in _DOUBLES
    if single:
        if prev.isalnum() and nxt.isalnum():
            return NONE, False  # don't, o'clock
        if open_ctx and ch != "\u2019":
            m = _WORD_AFTER_RE.match(text, i + 1, end)
            if m is not None and m.group().lower() in _ELISIONS and (
                    m.end() >= end or not text[m.end()].isalpha()):
                # 'em, 'tis, rock 'n' roll -- but 'n' followed by a capital is dialogue
                if not (m.group()[0].isupper() and m.group().lower() in {"n", "e", "er", "s", "d", "t"}):
                    return NONE, False
            if nxt.isdigit():
                return NONE, False  # the '90s
            return OPEN, False
        if close_ctx and (ch != "\u2018" or strong):
            # autocorrect turns a closer after a dash the wrong way: 'I ought to-\u2018
            return CLOSE, strong
        if open_ctx:
            return OPEN, False
        return NONE, False
    if ch == "\u201c" or ch == "\u201e":
        return (CLOSE, strong) if close_ctx and not open_ctx else (OPEN, False)
    if ch == "\u201d":
        return (OPEN, False) if open_ctx and not close_ctx else (CLOSE, strong)
    if open_ctx and not close_ctx:
        return OPEN, False
    if close_ctx and not open_ctx:
        return CLOSE, strong
    return AMBIG, strong


# ---------------------------------------------------------------- style
_STRONG_SINGLE_CLOSE_RE = re.compile("[,.!?\u2026\u2014-]['\u2019](?=\\s|$)", re.M)
_STRONG_DOUBLE_CLOSE_RE = re.compile("[,.!?\u2026\u2014-][\"\u201d](?=\\s|$)", re.M)


@dataclass(frozen=True, slots=True)
class Style:
    """How a document marks dialogue."""

    single: bool  # single quotation marks are the dialogue marks (British style)
    dashes: bool  # a paragraph opening with an em dash is a line of dialogue


def _dash_opens(text: str, i: int, end: int) -> bool:
    """A paragraph opening with an em dash (or Joyce's "--") followed by words."""
    ch = text[i]
    if ch in _DASHES:
        k = i + 1
    elif text.startswith("--", i) and not text.startswith("---", i):
        k = i + 2
    else:
        return False
    while k < end and text[k] == " ":
        k += 1
    return k < end and text[k].isalpha()


def detect_style(text: str, paragraphs: tuple[Span, ...] | list[Span]) -> Style:
    """Decide once per document which marks are dialogue marks.

    Paragraphs that open with a mark are the best evidence: a British text opens its
    dialogue paragraphs with single marks, an American one with double marks, and a
    nested quotation rarely opens a paragraph. When few paragraphs open with a mark,
    closing marks right after punctuation ('Yes,' she said) decide: apostrophes and
    nested quotations are never that frequent in a double-quote text.
    """
    open_single = open_double = dash_lines = 0
    for p in paragraphs:
        if p.end <= p.start:
            continue
        ch = text[p.start]
        if ch in _DOUBLES:
            open_double += 1
        elif ch in "'\u2018" and p.start + 1 < p.end and text[p.start + 1].isalpha():
            open_single += 1
        elif _dash_opens(text, p.start, p.end):
            dash_lines += 1
    if open_single + open_double >= 3:
        single = open_single > open_double
    else:
        singles = len(_STRONG_SINGLE_CLOSE_RE.findall(text))
        doubles = len(_STRONG_DOUBLE_CLOSE_RE.findall(text))
        single = singles > doubles and singles >= 2
    dashes = dash_lines >= 3 and dash_lines >= (open_single + open_double) / 2
    return Style(single=single, dashes=dashes)


# ---------------------------------------------------------------- speech tags
# "went on", "broke in": a particle verb tags speech as well as "said" does
SPEECH_VERBS = _SPEECH_VERBS | PARTICLE_VERBS
_TAG_WORD_RE = re.compile(r"[A-Za-z\u2019']+")
_MAX_TAG_WORDS = 30  # one sentence of narration at most
_SHORT_TAG_WORDS = 12


_OWN_TAG_RE = re.compile(
    r"[_*]?\s*(?:(?:he|she|I|they|we|you|[A-Z][\w.\u2019']*(?:\s+[A-Z][\w\u2019']*)?)\s+([a-z]+)"
    r"|([a-z]+)\s+(?:he|she|I|they|we|you|[A-Z][\w.\u2019']*))\b")


def _has_own_tag(after: str) -> bool:
    """The quotation is followed by a speech tag of its own ("Yeah" he said)."""
    m = _OWN_TAG_RE.match(after)
    return m is not None and (m.group(1) or m.group(2) or "") in SPEECH_VERBS


def _other_speaker_tagged(gap: str, after: str) -> bool:
    """The second quotation's own tag names someone the first one's tag does not:
    '"Why," said Mr. Bounderby.  "More's the pity," returned Mrs. Sparsit' is two
    people (a pronoun, "he added", may be the same one going on)."""
    if not _has_own_tag(after):
        return False
    names = _TAG_NAME_RE.findall(after[:60])
    return bool(names) and names[0] not in gap and names[0] not in _PRONOUN_WORDS


_TAG_NAME_RE = re.compile(r"\b(?:Mrs?\.|Miss|Dr\.)?\s*[A-Z][\w\u2019']+")
_PRONOUN_WORDS = frozenset({"He", "She", "I", "They", "We", "You"})


_PRONOUN_SUBJECT_RE = re.compile(r"\b(he|she|He|She)\b")
_NEW_SUBJECT_RE = re.compile(r"\b(?:and|but|while|as|then|when)\s+(he|she)\b")
_GAP_SUBJECT_RE = re.compile(r"^\W*(?:\w+\W+){0,3}?(he|she|He|She|I|[A-Z][a-z\u2019']+)\b")
_JOINED_TAG_RE = re.compile(r"(?:;|\b(?:and|but|while|whilst))\s+(?:Mrs?\.\s+|Miss\s+|Dr\.\s+)?([A-Z][\w\u2019']*)")
_CAP_RE = re.compile(r"\b[A-Z][a-z\u2019']+\b")
_NOT_NAMES = frozenset("The A An But And Then So Now As When While With Yes No Oh Still Just It This That There".split())


def _subject_turns(gap: str, lead: str) -> bool:
    """The narration between two spans makes someone else the subject, so the second
    span is another speaker's: 'He asked her and she just smiled, "well, ..."', or
    'he said "you seem to want this," she had a light tint of blush, "you have no idea."'
    (the sentence leading into the first span had "he", the gap opens with "she" or a name
    and tags nothing).

    Why: fan fiction often writes a whole exchange in one paragraph, with one comma
    between the two people's lines."""
    pron = [m.group(1).lower() for m in _PRONOUN_SUBJECT_RE.finditer(gap)]
    m = _NEW_SUBJECT_RE.search(gap)
    if m and pron and pron[0] != m.group(1):
        return True
    for m in _JOINED_TAG_RE.finditer(gap):
        # 'said the Rabbit's voice; and Alice called out,' / 'said Cecil, while Miss
        # Bartlett, ..., added:': a second clause tags someone new
        head = _TAG_WORD_RE.findall(gap[:m.start()])
        if (m.group(1) not in _NOT_NAMES and m.group(1) not in head
                and any(_is_speech_verb(w) and not w.endswith("ing") for w in _TAG_WORD_RE.findall(gap[m.end():]))
                and any(_is_speech_verb(w) for w in head)):
            return True
    k = max(lead.rfind(c) for c in ".!?\u201d\"")
    lead = lead[k + 1:]
    gap_verb = any(_is_speech_verb(w) for w in _TAG_WORD_RE.findall(gap))
    if gap_verb:
        # 'said Aziz, thinking, "A"; Das thought, "B"': each span has its own named tag
        lead_names = [n for n in _CAP_RE.findall(lead) if n not in _NOT_NAMES and not _is_speech_verb(n)]
        gap_names = [n for n in _CAP_RE.findall(gap) if n not in _NOT_NAMES and not _is_speech_verb(n)]
        return (bool(lead_names) and bool(gap_names) and any(_is_speech_verb(w) for w in _TAG_WORD_RE.findall(lead))
                and not set(gap_names) & set(lead_names))
    # a tag in the gap speaks for the first span too ('she came in, "A," said Tom, "B."')
    lead_p = [x.group(1).lower() for x in _PRONOUN_SUBJECT_RE.finditer(lead)]
    first = _GAP_SUBJECT_RE.match(gap)
    if not lead_p or first is None:
        return False
    subj = first.group(1)
    if subj.lower() in ("he", "she"):
        return subj.lower() != lead_p[-1]
    return subj not in _NOT_NAMES and subj != "I" and not _is_speech_verb(subj)


def _is_speech_tag(gap: str, first_inside: str, after_second: str = "", lead: str = "",
                   second_inside: str = "") -> bool:
    """Whether the narration between two quotation spans of a paragraph is only the
    speech tag of one utterance.

    Why: "Slower," he gasped, "I want this to last." is one thing said; so is
    "Yes," said Tom. "I will." and "It's late," said Anne, looking at the clock. "Come."
    -- but "Hi." She left. "Bye." is two, and so is a second quotation with a tag of
    its own ("It's over." Addison said, sadly. "Yeah" he said.), and so are two lines
    with someone else made the subject between them (:func:`_subject_turns`).
    ``lead`` is the paragraph's narration before the first span.
    """
    g = gap.strip().strip(_TRANSPARENT)
    if not g or "\n\n" in gap:
        return False
    words = _TAG_WORD_RE.findall(g)
    if not words or len(words) > _MAX_TAG_WORDS:
        return False
    if _subject_turns(g, lead):
        return False
    body = g.rstrip(",.;:\u2014\u2013- ")
    if any(c in body for c in ".!?") and not re.search(r"\b(?:Mr|Mrs|Ms|Dr|St)\.", body):
        return False  # more than one sentence of narration
    has_verb = any(_is_speech_verb(w) for w in words)
    first_open = first_inside.rstrip().rstrip(_TRANSPARENT)[-1:] in (",", "\u2014", "\u2013", "-", "")
    if first_open and len(words) <= _SHORT_TAG_WORDS:
        # a sentence of action that is no tag itself, then a span with its own tag:
        # '"Logan, please," kissing her he went on. "I know," he finished' is two;
        # a second span in lower case goes on with the sentence the first broke off
        # ('"I think," She paused. "that we should go."')
        goes_on = second_inside.lstrip(_TRANSPARENT + " ")[:1].islower()
        return (has_verb or g[-1:] in ",\u2014\u2013-" or goes_on) and not (
            g[-1:] == "." and (_other_speaker_tagged(g, after_second)
                               or (not _has_own_tag(" " + g) and _has_own_tag(after_second))))
    if not has_verb or g[-1:] not in ".,:;\u2014\u2013-":
        return False
    if (g[:1].isupper() and g[-1:] in ",:" and len(words) >= 3 and _is_speech_verb(words[-1])
            and not words[-1].endswith("ing") and not _is_speech_verb(words[0])):
        # '"One more." And Frank Churchill was heard to say, "I think ...": a sentence
        # of its own that leads into the second span, after one that ended
        return False
    if len(words) <= 4 and "," not in body:
        return not _other_speaker_tagged(g, after_second)  # a bare tag: "said Tom."
    return not _has_own_tag(after_second)


# ---------------------------------------------------------------- scare quotes and titles
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)[_*]?\s*$")
# words of a line spoken to someone, not of a term set off in marks
_DIALOGUE_WORD_RE = re.compile(
    r"\b(?:I|I['\u2019](?:m|ll|ve|d)|you|you['\u2019](?:re|ll|ve|d)|your|me|my|we|us|okay|ok|yes|yeah|yep|nope|"
    r"thanks|please|hey|hi|sorry)\b", re.IGNORECASE)
_SPEECH_CLOSE = ",.!?\u2026\u2014\u2013-"
_SMALL_WORDS = frozenset("a an the of and or for in on at to by with from de la le du von van".split())


def _is_speech_verb(word: str) -> bool:
    w = word.lower()
    if w in SPEECH_VERBS:
        return True
    if w.endswith("ing") and len(w) > 5:
        stem = w[:-3]
        return stem in SPEECH_VERBS or stem + "e" in SPEECH_VERBS or stem[:-1] in SPEECH_VERBS
    return False


def _is_titlecase(words: list[str]) -> bool:
    """'Measure for Measure', 'The Coach and Horses': every major word capitalised."""
    major = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and bool(major) and all(w[:1].isupper() for w in major)


def is_scare_quote(text: str, para_start: int, start: int, inner: str) -> bool:
    """Marks around a word or title inside narration, not speech.

    Why: 'she was always talking about her "condition"', 'the "History of England"'.
    The marks follow a word of the sentence (not a speech verb, not a comma or colon), and
    the words inside start in lower case, or are a title, or are a short phrase with no
    punctuation of its own. Dialogue after a word ('he shouted "Legs!"') is kept.
    """
    m = _WORD_BEFORE_RE.search(text, max(para_start, start - 40), start)
    if m is None or _is_speech_verb(m.group(1)):
        return False
    core = inner.strip().strip(_TRANSPARENT).strip()
    if not core:
        return False
    words = core.split()
    if core[0].islower():
        # a whole reported sentence ('that "all young people would have their
        # little whims."') is speech more often than not; so is a line that opens in
        # lower case but talks to someone ('she felt his warmth "thanks for this," he
        # had'): a first or second person, or a word of reply or greeting, and a
        # punctuation mark of speech closing it
        bare = core.rstrip(_TRANSPARENT)
        if len(words) > 5 and bare[-1:] in ".!?":
            return False
        return not (bare[-1:] in _SPEECH_CLOSE and _DIALOGUE_WORD_RE.search(core) is not None)
    if len(words) > 5:
        return False
    bare = core.rstrip(_TRANSPARENT)
    return _is_titlecase([w.strip(",.;:!?") for w in words]) or bare[-1:].isalnum()


def _runs_on(text: str, prev: _Raw, r: _Raw) -> bool:
    """The quotation before stopped mid-sentence and a short narration interrupts it:
    "We always seem" -- she hesitated -- "to be interrupted." (lower case is then speech)."""
    end_inner = text[prev.inner_start:prev.inner_end].rstrip().rstrip(_TRANSPARENT)
    if end_inner[-1:] in ".!?":
        return False
    return len(_TAG_WORD_RE.findall(text[prev.end:r.start])) <= 20


# ---------------------------------------------------------------- dash dialogue
_DASH_VERBS = "|".join(sorted(SAYING_VERBS | {"called", "began", "added", "sighed", "laughed"},
                              key=lambda v: (-len(v), v))) + "|went on"
_DASH_WHO = r"(?:he|she|I|they|we|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
_DASH_TAG_RE = re.compile(
    rf"[,!?]\s+(?:{_DASH_WHO}\s+(?:{_DASH_VERBS})|(?:{_DASH_VERBS})\s+{_DASH_WHO})"
    r"(?:\s+[a-z]+ly)?(?:\s+to\s+[\w.]+(?:\s+[A-Z]\w+)?)?\s*[.,:;]"
)


# ---------------------------------------------------------------- the stage
@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    inner_start: int
    inner_end: int
    para: int
    joins_previous: bool = False  # continues the previous span's utterance (next paragraph)


def _scan_paragraph(text: str, pi: int, start: int, end: int, next_start: int | None,
                    style: Style, out: list[_Raw]) -> None:
    """Append the quotation spans of one paragraph to ``out``."""
    single = style.single
    mark_re = _SINGLE_RE if single else _DOUBLE_RE
    marks = [(m.start(), *_classify(text, m.start(), start, end, single))
             for m in mark_re.finditer(text, start, end)]
    marks = [m for m in marks if m[1] != NONE]
    open_at = -1
    nested = False
    joins = bool(out) and out[-1].end == -1  # previous paragraph ran on into this one
    if joins:
        out.pop()
    n = len(marks)
    for k, (i, kind, strong) in enumerate(marks):
        if open_at < 0:
            if kind in (OPEN, AMBIG):
                open_at = i
            continue
        if nested:
            if kind in (CLOSE, AMBIG):
                nested = False
            continue
        if kind == OPEN and text[open_at] in _DOUBLES and not single:
            if (n - k) % 2 == 1:
                # an odd number of marks left: a quotation nested in this one
                # ("But you said "to-morrow". It isn't fair.")
                nested = True
                continue
            # an even number left: the first quotation was never closed
            e = i
            while e > open_at + 1 and text[e - 1].isspace():
                e -= 1
            out.append(_Raw(open_at, e, open_at + 1, e, pi, joins))
            joins = False
            open_at = i
            continue
        if kind == OPEN:
            continue
        if single and not strong and kind == CLOSE:
            # a closer after a letter may be a plural possessive (the boys'):
            # take the last such candidate before the next opener
            later = False
            for j in range(k + 1, n):
                if marks[j][1] == OPEN:
                    break
                if marks[j][1] in (CLOSE, AMBIG):
                    later = True
                    break
            if later:
                continue
        out.append(_Raw(open_at, i + 1, open_at + 1, i, pi, joins))
        joins = False
        open_at = -1
    if open_at >= 0:
        runs_on = next_start is not None and _opens_with_mark(text, next_start, single)
        e = end
        out.append(_Raw(open_at, e, open_at + 1, e, pi, joins))
        if runs_on:
            out.append(_Raw(-1, -1, -1, -1, pi))  # marker: the next paragraph continues it


def _opens_with_mark(text: str, start: int, single: bool) -> bool:
    i = start
    while i < len(text) and text[i] in _TRANSPARENT:
        i += 1
    return i < len(text) and text[i] in (_SINGLES if single else _DOUBLES)


def _scan_dash_paragraph(text: str, pi: int, start: int, end: int, out: list[_Raw]) -> None:
    """A paragraph opening with an em dash: the line up to a speech tag, then the rest."""
    inner = start + (2 if text.startswith("--", start) else 1)
    if text[end - 1] in _DASHES and end - inner <= 12:
        return  # a heading such as "\u2014 I \u2014"
    m = _DASH_TAG_RE.search(text, inner, end)
    if m is None:
        out.append(_Raw(start, end, inner, end, pi))
        return
    out.append(_Raw(start, m.start() + 1, inner, m.start() + 1, pi))
    rest = m.end()
    while rest < end and text[rest].isspace():
        rest += 1
    if rest < end:
        out.append(_Raw(rest, end, rest, end, pi, True))


def _strip_inner(text: str, a: int, b: int) -> str:
    return text[a:b].strip()


def _paragraphs(doc: Document) -> tuple[Span, ...]:
    if doc.paragraphs:
        return doc.paragraphs
    from .segment import detect_layout, paragraphs_and_breaks

    out: list[Span] = []
    layout = detect_layout(doc.text)
    from .document import Chapter

    for ch in doc.chapters or (Chapter(0, len(doc.text)),):
        out.extend(paragraphs_and_breaks(doc.text, ch, layout)[0])
    return tuple(out)


def find_raw_spans(text: str, paragraphs: tuple[Span, ...], style: Style) -> list[_Raw]:
    """All quotation spans in text order, before they are grouped into utterances."""
    raws: list[_Raw] = []
    np_ = len(paragraphs)
    for pi, p in enumerate(paragraphs):
        if p.end <= p.start:
            continue
        nxt = paragraphs[pi + 1].start if pi + 1 < np_ else None
        if style.dashes and _dash_opens(text, p.start, p.end) and not (raws and raws[-1].end == -1):
            _scan_dash_paragraph(text, pi, p.start, p.end, raws)
        else:
            _scan_paragraph(text, pi, p.start, p.end, nxt, style, raws)
    if raws and raws[-1].end == -1:
        raws.pop()
    return raws


def block_paragraphs(text: str, paragraphs: tuple[Span, ...]) -> set[int]:
    """Indices of indented paragraphs in a text whose paragraphs are mostly not indented.

    Why: verse, epigraphs and letters are set off by indentation; marks around them are
    a block quotation, not dialogue. In a text that indents every paragraph, indentation
    means nothing and no paragraph is a block.
    """
    indented = set()
    for i, p in enumerate(paragraphs):
        ls = text.rfind("\n", 0, p.start) + 1
        if p.start - ls >= 2 or (p.start > ls and text[ls] == "\t"):
            indented.add(i)
    if len(indented) > 0.2 * len(paragraphs):
        return set()
    return indented


def find_quotes(doc: Document) -> Document:
    """Fill ``quotes`` and ``utterances`` (speakers are left for the speakers stage)."""
    text = doc.text
    paragraphs = _paragraphs(doc)
    style = detect_style(text, paragraphs)
    raws = find_raw_spans(text, paragraphs, style)
    blocks = block_paragraphs(text, paragraphs)
    quotes: list[Quote] = []
    utterances: list[list[int]] = []
    prev: _Raw | None = None
    prev_kept: _Raw | None = None
    dropped = False
    for r in raws:
        inside = _strip_inner(text, r.inner_start, r.inner_end)
        if not inside and not r.joins_previous:
            # a pair of marks with nothing between quotes nothing; a page of '"' marks
            # would otherwise be a million empty utterances for the later stages
            continue
        if r.para in blocks:
            dropped = True
            continue
        orphan = r.joins_previous and dropped  # what it continued was dropped
        if (not r.joins_previous or orphan) and is_scare_quote(text, paragraphs[r.para].start, r.start, inside):
            if not (prev_kept is not None and prev_kept.para == r.para
                    and _runs_on(text, prev_kept, r)):
                dropped = True
                continue
        dropped = False
        prev_kept = r
        join = prev is not None and not orphan and (
            r.joins_previous
            or (prev.para == r.para and _is_speech_tag(
                text[prev.end:r.start], text[prev.inner_start:prev.inner_end],
                text[r.end:min(r.end + 60, paragraphs[r.para].end)],
                text[max(paragraphs[r.para].start, prev.start - 200):prev.start],
                text[r.inner_start:min(r.inner_end, r.inner_start + 20)])))
        if not join:
            utterances.append([])
        uid = len(utterances) - 1
        utterances[-1].append(len(quotes))
        quotes.append(Quote(r.start, r.end, inside, uid))
        prev = r
    return doc.evolve(
        quotes=tuple(quotes),
        utterances=tuple(Utterance(i, tuple(u)) for i, u in enumerate(utterances)),
    )
