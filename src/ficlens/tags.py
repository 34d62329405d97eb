"""AO3 tag suggestions (placeholder until the tags stage lands)."""

from __future__ import annotations

from .document import Document


def suggest_tags(doc: Document) -> Document:
    return doc
