"""Cast: person mentions, aliases clustered into characters, pronouns."""

from __future__ import annotations

from ..document import Document


def find_characters(doc: Document) -> Document:
    return doc
