"""The ``ficlens/1`` JSON contract (documented in ``docs/json-contract.md``).

Keys listed there never move or change meaning within ``ficlens/1``; new keys may be
added. Everything is plain JSON types so scripts in any language can read it.
"""

from __future__ import annotations

from typing import Any

from ..document import (
    SCHEMA,
    Chapter,
    Character,
    Document,
    Evidence,
    Interaction,
    Mention,
    Narration,
    Note,
    Problem,
    Quote,
    Rating,
    Relationship,
    Scene,
    Source,
    Tags,
    Utterance,
    Warning,
    frozen_mapping,
)


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
    if doc.extras:
        out["extras"] = {name: value for name, value in doc.extras.items()}
    return out


def _ev(items: list[dict[str, Any]] | None) -> tuple[Evidence, ...]:
    return tuple(Evidence(e["start"], e["end"], e["reason"]) for e in items or ())


def from_dict(data: dict[str, Any]) -> Document:
    """The document a ``ficlens/1`` dict describes (the inverse of :func:`to_dict`).

    Paragraph, sentence and token spans are not in the JSON (only their counts); they
    are recomputed from the text when the counts say segmentation ran.
    """
    from ..errors import InputError

    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise InputError(f"not {SCHEMA} JSON (schema: {found!r})")
    try:
        return _from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"malformed {SCHEMA} JSON ({type(exc).__name__}: {exc})") from None


def _from_dict(data: dict[str, Any]) -> Document:
    src = data["source"]
    source = Source(src["path"], src["format"], src.get("metadata") or {},
                    tuple(Note(n["kind"], n["text"], n["chapter"]) for n in src.get("notes", ())),
                    src.get("encoding"))
    text = data["text"]
    doc = Document(text=text, source=source,
                   chapters=tuple(Chapter(c["start"], c["end"], c["title"])
                                  for c in data["chapters"]))
    counts = data.get("counts") or {}
    if any(counts.get(k) for k in ("paragraphs", "sentences", "tokens")):
        from ..segment import segment

        seg = segment(doc)
        doc = doc.evolve(paragraphs=seg.paragraphs, sentences=seg.sentences, tokens=seg.tokens)
    rating = data.get("rating")
    tags = data.get("tags")
    narration = data.get("narration")
    proof = data.get("proofread")
    return doc.evolve(
        scenes=tuple(Scene(s["start"], s["end"], s["chapter"], s["pov"]) for s in data["scenes"]),
        quotes=tuple(Quote(q["start"], q["end"], q["text"], q["utterance"])
                     for q in data["quotes"]),
        utterances=tuple(Utterance(u["id"], tuple(u["quotes"]), u["speaker"],
                                   tuple(u["addressees"]), u["kind"], u["confidence"])
                         for u in data["utterances"]),
        mentions=tuple(Mention(m["start"], m["end"], m["character"], m["kind"])
                       for m in data["mentions"]),
        characters=tuple(Character(c["id"], c["name"], tuple(c["aliases"]), c["mentions"],
                                   c["pronouns"], tuple(c["variants"]), c["canonical"],
                                   c["gender"]) for c in data["characters"]),
        narration=Narration(narration["person"], narration["pov"]) if narration else None,
        interactions=tuple(Interaction(i["a"], i["b"], i["cooccurrence"], i["conversation"],
                                       i["physical"], i["romantic"], i["platonic"])
                           for i in data["interactions"]),
        relationships=tuple(Relationship(r["tag"], tuple(r["characters"]), r["kind"],
                                         r["strength"], _ev(r["evidence"]))
                            for r in data["relationships"]),
        fandom=data.get("fandom"),
        rating=Rating(rating["rating"], frozen_mapping(rating["scores"]), _ev(rating["evidence"]))
        if rating else None,
        warnings=tuple(Warning(w["warning"], _ev(w["evidence"])) for w in data["warnings"]),
        tags=Tags(**{k: (v if k == "rating" else tuple(v)) for k, v in tags.items()})
        if tags is not None else None,
        proofread=tuple(Problem(p["start"], p["end"], p["kind"], p["message"],
                                tuple(p["suggestions"]), p["safe"]) for p in proof)
        if proof is not None else None,
        extras=frozen_mapping(data.get("extras") or {}),
    )
