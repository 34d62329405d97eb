"""One colour per character, the same in the cast table, the network and the dialogue.

Why hash the id instead of numbering by rank: a character keeps their colour when the
cast changes (another chapter of the same story, a rerun after a fix), so readers learn
"Meredith is blue" once. The eleven palette colours are far apart and readable on both
a white and a dark page; two characters that hash to the same slot are moved to the
next free one, the better-known character first, so the main cast never shares a
colour. A cast larger than the palette gets hash-derived hues for the rest.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from ..document import Character

# (on a light page, on a dark page)
PALETTE: tuple[tuple[str, str], ...] = (
    ("#1f66b3", "#8ab8ff"),  # blue
    ("#c25400", "#ffab66"),  # orange
    ("#2a7d2a", "#7edc7e"),  # green
    ("#c62839", "#ff8a8a"),  # red
    ("#7e3fb8", "#c9a2ff"),  # purple
    ("#8a5230", "#e3ac8a"),  # brown
    ("#b8327d", "#ff8fcf"),  # pink
    ("#6b6e00", "#d4d65c"),  # olive
    ("#00798a", "#5fd3e3"),  # cyan
    ("#3c44a8", "#a9aeff"),  # indigo
    ("#4d5d6c", "#b4c2d0"),  # slate
)


def _hash(char_id: str) -> int:
    return zlib.crc32(char_id.encode("utf-8"))


def assign_colors(characters: Iterable[Character]) -> dict[str, tuple[str, str]]:
    """Map character id -> (light colour, dark colour); deterministic for a given cast."""
    ordered = sorted(characters, key=lambda c: (-c.mentions, c.id))
    used: set[int] = set()
    out: dict[str, tuple[str, str]] = {}
    for c in ordered:
        if c.id in out:
            continue
        h = _hash(c.id)
        if len(used) < len(PALETTE):
            slot = h % len(PALETTE)
            while slot in used:
                slot = (slot + 1) % len(PALETTE)
            used.add(slot)
            out[c.id] = PALETTE[slot]
        else:
            hue = h % 360
            out[c.id] = (f"hsl({hue},60%,36%)", f"hsl({hue},75%,74%)")
    return out
