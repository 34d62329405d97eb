"""Speaker and addressee attribution (placeholder until the speakers stage lands)."""

from __future__ import annotations

from ..document import Document


def attribute_speakers(doc: Document) -> Document:
    return doc
