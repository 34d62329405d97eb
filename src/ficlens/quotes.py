"""Quotation detection (placeholder until the quotes stage lands)."""

from __future__ import annotations

from .document import Document


def find_quotes(doc: Document) -> Document:
    return doc
