"""Interaction network and pairings (placeholder until the relations stage lands)."""

from __future__ import annotations

from .document import Document


def find_relations(doc: Document) -> Document:
    return doc
