"""The ``ficlens/1`` JSON contract (documented in ``docs/json-contract.md``).

Keys listed there never move or change meaning within ``ficlens/1``; new keys may be
added. Everything is plain JSON types so scripts in any language can read it.
"""

from __future__ import annotations

from typing import Any

from ..document import SCHEMA, Document, Evidence


def _evidence(items: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [{"start": e.start, "end": e.end, "reason": e.reason} for e in items]


def _quotes(doc: Document) -> list[dict[str, Any]]:
    by_utt = {u.id: u for u in doc.utterances}
    out = []
    for q in doc.quotes:
        u = by_utt.get(q.utterance)
        out.append({
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "utterance": q.utterance,
            "speaker": u.speaker if u else None,
            "addressees": list(u.addressees) if u else [],
        })
    return out


def to_dict(doc: Document) -> dict[str, Any]:
    """The whole analysis as a JSON-ready dict (see docs/json-contract.md)."""
    from .. import __version__

    src = doc.source
    out: dict[str, Any] = {
        "ficlens": __version__,
        "schema": SCHEMA,
        "source": {
            "path": src.path,
            "format": src.format,
            "encoding": src.encoding,
            "metadata": dict(src.metadata),
            "notes": [{"kind": n.kind, "text": n.text, "chapter": n.chapter} for n in src.notes],
        },
        "text": doc.text,
        "words": doc.words,
        "counts": {
            "paragraphs": len(doc.paragraphs),
            "sentences": len(doc.sentences),
            "tokens": len(doc.tokens),
        },
        "chapters": [{"start": c.start, "end": c.end, "title": c.title} for c in doc.chapters],
        "scenes": [{"start": s.start, "end": s.end, "chapter": s.chapter, "pov": s.pov}
                   for s in doc.scenes],
        "characters": [
            {
                "id": c.id,
                "name": c.name,
                "aliases": list(c.aliases),
                "variants": list(c.variants),
                "mentions": c.mentions,
                "pronouns": c.pronouns,
                "gender": c.gender,
                "canonical": c.canonical,
            }
            for c in doc.characters
        ],
        "mentions": [{"start": m.start, "end": m.end, "character": m.character, "kind": m.kind}
                     for m in doc.mentions],
        "quotes": _quotes(doc),
        "utterances": [
            {"id": u.id, "quotes": list(u.quotes), "speaker": u.speaker,
             "addressees": list(u.addressees), "kind": u.kind, "confidence": u.confidence}
            for u in doc.utterances
        ],
        "narration": ({"person": doc.narration.person, "pov": doc.narration.pov}
                      if doc.narration else None),
        "fandom": doc.fandom,
        "interactions": [
            {"a": i.a, "b": i.b, "cooccurrence": i.cooccurrence, "conversation": i.conversation,
             "physical": i.physical, "romantic": i.romantic, "platonic": i.platonic}
            for i in doc.interactions
        ],
        "relationships": [
            {"tag": r.tag, "characters": list(r.characters), "kind": r.kind,
             "strength": r.strength, "evidence": _evidence(r.evidence)}
            for r in doc.relationships
        ],
        "rating": ({"rating": doc.rating.rating, "scores": dict(doc.rating.scores),
                    "evidence": _evidence(doc.rating.evidence)} if doc.rating else None),
        "warnings": [{"warning": w.warning, "evidence": _evidence(w.evidence)}
                     for w in doc.warnings],
        "tags": None,
        "proofread": None,
    }
    if doc.tags is not None:
        t = doc.tags
        out["tags"] = {
            "fandoms": list(t.fandoms), "rating": t.rating, "warnings": list(t.warnings),
            "categories": list(t.categories), "relationships": list(t.relationships),
            "characters": list(t.characters), "additional": list(t.additional),
        }
    if doc.proofread is not None:
        out["proofread"] = [
            {"start": p.start, "end": p.end, "kind": p.kind, "message": p.message,
             "suggestions": list(p.suggestions), "safe": p.safe}
            for p in doc.proofread
        ]
    return out
