"""BookNLP-compatible output: ``NAME.tokens``, ``NAME.entities``, ``NAME.quotes``, ``NAME.book``.

Why: people who would switch to ficlens already have scripts that read BookNLP's
files. These are written with BookNLP's file names, headers, column order and value
conventions (tab-separated, token ids counted over the whole document, end tokens
inclusive, ``None`` where a quotation has no speaker), so such scripts run unchanged.
Columns ficlens does not compute get a fixed placeholder, listed in
``docs/booknlp-export.md``: ``_`` for lemma, POS tags and dependency relation, the
token's own id as its syntactic head, ``O`` for event, and empty ``agent``,
``patient``, ``mod`` and ``poss`` lists in ``.book``.

``byte_onset``/``byte_offset`` are character offsets into the story text (as
BookNLP's are into its input, despite the name), ``end`` exclusive.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..atomic import atomic_write_text
from ..document import Document, Span

TOKENS_HEADER = ("paragraph_ID", "sentence_ID", "token_ID_within_sentence",
                 "token_ID_within_document", "word", "lemma", "byte_onset", "byte_offset",
                 "POS_tag", "fine_POS_tag", "dependency_relation", "syntactic_head_ID", "event")
ENTITIES_HEADER = ("COREF", "start_token", "end_token", "prop", "cat", "text")
QUOTES_HEADER = ("quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase",
                 "char_id", "quote")
PLACEHOLDER = "_"
NO_EVENT = "O"
PROP = {"name": "PROP", "pronoun": "PRON", "nominal": "NOM"}
PRONOUN_SETS = {"he/him": "he/him/his", "she/her": "she/her", "they/them": "they/them/their"}
BOOKNLP_GENDERS = ("he/him/his", "she/her", "they/them/their", "xe/xem/xir", "ze/zem/zir/hir")
_SPACE = re.compile(r"\s+")


def _clean(s: str) -> str:
    """One field of a tab-separated line: no tabs or line breaks inside."""
    return _SPACE.sub(" ", s).strip()


def _containing(spans: Sequence[Span], starts: list[int], pos: int) -> int:
    """Index of the span containing ``pos`` (else the last one starting before it)."""
    return max(0, bisect_right(starts, pos) - 1) if spans else 0


class _Ids:
    """BookNLP's integer character ids: ``c7`` -> 7; other ids get fresh numbers."""

    def __init__(self, doc: Document) -> None:
        self.map: dict[str, int] = {}
        used = {int(c.id[1:]) for c in doc.characters if re.fullmatch(r"c\d+", c.id)}
        self._next = max(used, default=0) + 1
        for c in doc.characters:
            self.get(c.id)

    def get(self, char_id: str) -> int:
        if char_id not in self.map:
            if re.fullmatch(r"c\d+", char_id):
                self.map[char_id] = int(char_id[1:])
            else:
                self.map[char_id] = self._next
                self._next += 1
        return self.map[char_id]

    def fresh(self) -> int:
        self._next += 1
        return self._next - 1


def booknlp_files(doc: Document) -> dict[str, str]:
    """The four files' contents, keyed by extension (``tokens``, ``entities``,
    ``quotes``, ``book``)."""
    text = doc.text
    tokens = doc.tokens
    tok_starts = [t.start for t in tokens]
    tok_ends = [t.end for t in tokens]
    par_starts = [p.start for p in doc.paragraphs]
    sent_starts = [s.start for s in doc.sentences]

    def first_token(start: int) -> int:  # first token ending after start
        return min(bisect_right(tok_ends, start), max(len(tokens) - 1, 0))

    def last_token(end: int) -> int:  # last token starting before end
        return max(bisect_right(tok_starts, end - 1) - 1, 0)

    # .tokens
    lines = ["\t".join(TOKENS_HEADER)]
    prev_sent, in_sent = -1, 0
    for i, t in enumerate(tokens):
        p = _containing(doc.paragraphs, par_starts, t.start)
        s = _containing(doc.sentences, sent_starts, t.start)
        in_sent = in_sent + 1 if s == prev_sent else 0
        prev_sent = s
        lines.append("\t".join(map(str, (p, s, in_sent, i, _clean(text[t.start:t.end]),
                                          PLACEHOLDER, t.start, t.end, PLACEHOLDER,
                                          PLACEHOLDER, PLACEHOLDER, i, NO_EVENT))))
    tokens_file = "\n".join(lines) + "\n"

    # .entities (sorted by position, as BookNLP sorts them)
    ids = _Ids(doc)
    entities: list[tuple[int, int, int, str, str]] = []
    mention_tokens: dict[int, tuple[int, int]] = {}
    for k, m in enumerate(doc.mentions):
        if not tokens or m.end <= m.start:
            continue
        a, b = first_token(m.start), last_token(m.end)
        if b < a:
            b = a
        mention_tokens[k] = (a, b)
        coref = ids.get(m.character) if m.character is not None else ids.fresh()
        entities.append((a, b, coref, PROP.get(m.kind, "NOM"), _clean(text[m.start:m.end])))
    entities.sort(key=lambda e: (e[0], e[1]))
    lines = ["\t".join(ENTITIES_HEADER)]
    lines += [f"{coref}\t{a}\t{b}\t{prop}\tPER\t{phrase}" for a, b, coref, prop, phrase in entities]
    entities_file = "\n".join(lines) + "\n"

    # .quotes: one line per quotation span; the speaker's mention nearest the quotation
    by_char: dict[str, list[int]] = {}
    for k in sorted(mention_tokens, key=lambda k: doc.mentions[k].start):
        m = doc.mentions[k]
        if m.character is not None:
            by_char.setdefault(m.character, []).append(k)
    char_starts = {c: [doc.mentions[k].start for k in ks] for c, ks in by_char.items()}
    utt = {u.id: u for u in doc.utterances}
    lines = ["\t".join(QUOTES_HEADER)]
    for q in doc.quotes:
        if not tokens:
            break
        qa, qb = first_token(q.start), last_token(q.end)
        u = utt.get(q.utterance)
        speaker = u.speaker if u else None
        ms = me = phrase = char = "None"
        if speaker is not None:
            char = str(ids.get(speaker))
            ks, starts = by_char.get(speaker, []), char_starts.get(speaker, [])
            near = []  # the speaker's last mention before the quotation, first after it
            i = bisect_left(starts, q.start)
            if i > 0:
                near.append((q.start - doc.mentions[ks[i - 1]].end, ks[i - 1]))
            j = bisect_left(starts, q.end)
            if j < len(ks):
                near.append((starts[j] - q.end, ks[j]))
            if near:
                k = min(near)[1]
                ms, me = map(str, mention_tokens[k])
                phrase = _clean(text[doc.mentions[k].start:doc.mentions[k].end])
        words = " ".join(_clean(text[t.start:t.end]) for t in tokens[qa:qb + 1])
        lines.append("\t".join((str(qa), str(qb), ms, me, phrase, char, words)))
    quotes_file = "\n".join(lines) + "\n"

    # .book
    counts: Counter[str] = Counter()
    forms: dict[str, dict[str, Counter[str]]] = {}
    for m in doc.mentions:
        if m.character is None:
            continue
        counts[m.character] += 1
        kind = {"name": "proper", "pronoun": "pronoun"}.get(m.kind, "common")
        forms.setdefault(m.character, {"proper": Counter(), "common": Counter(),
                                       "pronoun": Counter()})[kind][text[m.start:m.end]] += 1
    characters = []
    for c in sorted(doc.characters, key=lambda c: (-counts[c.id], ids.get(c.id))):
        f = forms.get(c.id, {"proper": Counter(), "common": Counter(), "pronoun": Counter()})
        g = None
        if c.pronouns in PRONOUN_SETS:
            chosen = PRONOUN_SETS[c.pronouns]
            g = {"inference": {k: (1.0 if k == chosen else 0.0) for k in BOOKNLP_GENDERS},
                 "argmax": chosen, "max": 1.0, "total": float(sum(f["pronoun"].values()))}
        characters.append({
            "agent": [], "patient": [], "mod": [], "poss": [],
            "id": ids.get(c.id), "g": g, "count": counts[c.id],
            "mentions": {k: [{"c": n, "n": w} for w, n in f[k].most_common()]
                         for k in ("proper", "common", "pronoun")},
        })
    book_file = json.dumps({"characters": characters})
    return {"tokens": tokens_file, "entities": entities_file, "quotes": quotes_file,
            "book": book_file}


def write_booknlp(doc: Document, folder: str | os.PathLike[str], name: str) -> list[Path]:
    """Write ``folder/name.{tokens,entities,quotes,book}`` (each atomically)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ext, content in booknlp_files(doc).items():
        target = out / f"{name}.{ext}"
        atomic_write_text(target, content)
        written.append(target)
    return written


__all__ = ["ENTITIES_HEADER", "QUOTES_HEADER", "TOKENS_HEADER", "booknlp_files", "write_booknlp"]
