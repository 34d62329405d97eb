"""Cast packs: canonical fandom character names (placeholder until issue 4 lands)."""

from __future__ import annotations

from ..document import Document


def apply_cast_pack(doc: Document) -> Document:
    """Give characters their canonical names from a fandom pack (none yet)."""
    return doc
