"""Point of view (placeholder until the pov stage lands)."""

from __future__ import annotations

from .document import Document


def find_pov(doc: Document) -> Document:
    return doc
