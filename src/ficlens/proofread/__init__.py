"""Proofreading (placeholder until the proofread stage lands)."""

from __future__ import annotations

from ..document import Document


def proofread(doc: Document) -> Document:
    return doc
