"""AO3 rating and archive warnings (placeholder until the rating stage lands)."""

from __future__ import annotations

from ..document import Document


def rate(doc: Document) -> Document:
    return doc
