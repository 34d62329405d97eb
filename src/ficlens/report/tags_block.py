"""``ficlens tags``: a block to paste into AO3's posting form, in AO3's order.

Why a separate renderer: AO3's form asks Rating, Archive Warning, Category, Fandom,
Relationship, Characters, Additional Tags, in that order and spelling; each line
holds the comma-separated tags for one field.
"""

from __future__ import annotations

from ..document import Document

FIELDS = (
    ("Rating", "rating"),
    ("Archive Warning", "warnings"),
    ("Category", "categories"),
    ("Fandom", "fandoms"),
    ("Relationship", "relationships"),
    ("Characters", "characters"),
    ("Additional Tags", "additional"),
)


def render_tags_block(doc: Document) -> str:
    """One 'Field: tag, tag' line per AO3 field; empty fields are left blank."""
    t = doc.tags
    lines = []
    for label, attr in FIELDS:
        value = getattr(t, attr) if t is not None else None
        if isinstance(value, str):
            items = [value]
        else:
            items = list(value or ())
        lines.append(f"{label}: {', '.join(items)}".rstrip())
    return "\n".join(lines) + "\n"
