"""Speaker and addressee attribution: who says each utterance, and to whom.

Pipeline position: after quotes and characters. Reads ``quotes``, ``utterances``,
``characters``, ``mentions`` and ``paragraphs`` (each may be empty) and fills
``Utterance.speaker/addressees/kind/confidence``. In a first-person story it also
sets ``Document.narration`` and, when the text never names the narrator, adds a
"Narrator" character for "I".

How: :mod:`.features` lists candidate speakers per utterance with evidence (speech
tags, vocatives, the paragraph's actor, recency); :mod:`.model` scores them with a
model trained on PDNC (``models/speakers.json``: a linear first pass, then gradient-boosted
trees that also see the first pass's speakers of the neighbouring turns) and decodes in
text order so turn-taking can use the speakers already chosen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..document import Document, Narration, Utterance
from .context import Context, build_context
from .features import UttInfo, utterance_infos
from .focus import scene_focus, scenes_or_whole
from .model import Decision, Weights, decode, load_weights
from .narrator import narration_person, narrator_character

__all__ = ["attribute_speakers", "predict"]


def _ensure_utterances(doc: Document) -> Document:
    """Utterances grouped from ``Quote.utterance`` when the quotes stage gave none."""
    if doc.utterances or not doc.quotes:
        return doc
    groups: dict[int, list[int]] = {}
    for i, q in enumerate(doc.quotes):
        groups.setdefault(q.utterance, []).append(i)
    utts = tuple(Utterance(id=k, quotes=tuple(v)) for k, v in sorted(groups.items()))
    return doc.evolve(utterances=utts)


def _named_narrator(ctx: Context, infos: list[UttInfo]) -> str | None:
    """The character others address by name right next to an "I said" utterance.

    Names that "I" uses to address others count against them: the narrator is
    the one spoken to, not the one spoken about; and a name the narration itself
    uses often is not the narrator's (the narration says "I")."""
    votes: Counter[str] = Counter()
    for i, info in enumerate(infos):
        if info.tags and info.tags[0].gender == "first":
            for j in (i - 1, i + 1):
                if 0 <= j < len(infos) and abs(infos[j].para - info.para) <= 2:
                    votes.update(set(infos[j].vocatives))
            votes.subtract(set(info.vocatives))
    if not votes:
        return None
    # the narrator is named in others' speech but hardly ever in the narration,
    # which says "I": scale each vote by the share of the name's mentions that are quoted
    quoted: Counter[str] = Counter(cid for (_, _, cid), q in zip(ctx.names, ctx.in_quote, strict=True) if q)
    score = {c: n * quoted[c] / (quoted[c] + ctx.mention_count.get(c, 0) or 1) for c, n in votes.items() if n > 0}
    ranked = sorted(score.items(), key=lambda x: (-x[1], x[0]))
    if not ranked:
        return None
    best, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if n >= 2 and n >= 1.5 * second:
        return best
    return None


def add_focus(doc: Document, ctx: Context) -> None:
    """Each scene's focal character and gender anchors, for resolving "he said"."""

    found = scene_focus(doc, ctx)
    ctx.focus, ctx.anchors, ctx.anchor_pos, ctx.chain = found.focus, found.anchors, found.anchor_pos, found.chain
    ctx.scene_starts = [s.start for s in scenes_or_whole(doc)]


def prepare_inputs(doc: Document) -> tuple[Document, Context, list[UttInfo], str | None]:
    """What the model scores: the context, one info per utterance and the first-person
    narrator's id (the document gains the narrator as a character when needed).

    Why one function: the training script prepares PDNC's documents with it too, so the
    model is trained on exactly the inputs it sees at run time.
    """
    ctx = build_context(doc)
    add_focus(doc, ctx)
    infos = utterance_infos(doc, ctx)
    narrator = None
    person = doc.narration.person if doc.narration else narration_person(doc)
    if person == "first":
        chars, narrator = narrator_character(doc, _named_narrator(ctx, infos))
        if chars is not doc.characters:
            doc = doc.evolve(characters=chars)
            ctx.gender.setdefault(narrator, None)
        if doc.narration is None:
            doc = doc.evolve(narration=Narration(person="first", pov=narrator))
    return doc, ctx, infos, narrator


def predict(doc: Document, weights: Weights | None = None) -> tuple[Document, list[Decision]]:
    """Attribute every utterance; returns the (possibly re-cast) document and decisions.

    Exposed for training and evaluation, which need the per-utterance decisions with
    a chosen set of weights (e.g. one cross-validation fold's).
    """
    doc = _ensure_utterances(doc)
    if not doc.utterances:
        return doc, []
    doc, ctx, infos, narrator = prepare_inputs(doc)
    order = sorted(range(len(infos)), key=lambda i: (infos[i].start, i))
    ordered = decode(ctx, [infos[i] for i in order], weights or load_weights(), narrator)
    decisions: list[Decision] = [Decision(None, (), None, None)] * len(infos)
    for i, d in zip(order, ordered, strict=True):
        decisions[i] = d
    return doc, decisions


def attribute_speakers(doc: Document) -> Document:
    """Fill speaker, addressees, kind and confidence of every utterance."""
    doc, decisions = predict(doc)
    if not decisions:
        return doc
    utts = tuple(
        replace(u, speaker=d.speaker, addressees=d.addressees, kind=d.kind, confidence=d.confidence)
        for u, d in zip(doc.utterances, decisions, strict=True)
    )
    from ..coref import link_dialogue

    return link_dialogue(doc.evolve(utterances=utts))
