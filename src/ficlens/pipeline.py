"""Run the stages in order and wrap the result for callers.

The order is the data flow: each stage reads only what earlier stages added.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .document import Document, frozen_mapping
from .errors import ConfigError

Stage = Callable[[Document], Document]


def _stages() -> list[tuple[str, Stage]]:
    # Imported here so that `import ficlens` stays fast and a CLI error on a bad
    # path is reported before any model is loaded.
    from .characters import find_characters
    from .pov import find_pov
    from .proofread import proofread
    from .quotes import find_quotes
    from .rating import rate
    from .relations import find_relations
    from .segment import segment
    from .speakers import attribute_speakers
    from .tags import suggest_tags

    return [
        ("segment", segment),
        ("quotes", find_quotes),
        ("characters", find_characters),
        ("coref", __import__("ficlens.coref", fromlist=["find_coreference"]).find_coreference),
        ("speakers", attribute_speakers),
        ("pov", find_pov),
        ("relations", find_relations),
        ("rating", rate),
        ("tags", suggest_tags),
        ("proofread", proofread),
    ]


STAGE_NAMES = (
    "segment", "quotes", "characters", "coref", "speakers", "pov",
    "relations", "rating", "tags", "proofread",
)


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyze` returns: the finished document and ways to render it."""

    document: Document

    def to_dict(self) -> dict[str, Any]:
        from .report.json import to_dict

        return to_dict(self.document)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        from .report.text import render_text

        return render_text(self.document)

    def to_html(self) -> str:
        from .report.html import render_html

        return render_html(self.document)


def load(source: str | os.PathLike[str] | bytes, *, name: str | None = None) -> Document:
    """Read a story from a path, raw bytes, or a string of story text."""
    from .read import read_bytes, read_path, read_text

    if isinstance(source, bytes):
        return read_bytes(source, name=name)
    if isinstance(source, os.PathLike):
        return read_path(Path(source))
    if "\n" not in source and len(source) < 4096 and source and os.path.exists(source):
        return read_path(Path(source))
    return read_text(source, name=name)


def run_stages(doc: Document, *, until: str | None = None, skip: tuple[str, ...] = ()) -> Document:
    """Apply the stages in order, stopping after ``until`` if given."""
    unknown = [n for n in (*skip, *([until] if until else [])) if n not in STAGE_NAMES]
    if unknown:
        raise ConfigError(f"unknown stage {unknown[0]!r}; stages are: {', '.join(STAGE_NAMES)}")
    for stage_name, stage in _stages():
        if stage_name not in skip:
            doc = stage(doc)
        if stage_name == until:
            break
    return doc


def analyze(
    source: str | os.PathLike[str] | bytes,
    *,
    fandom: str | None = None,
    cast: str | os.PathLike[str] | None = None,
    until: str | None = None,
    skip: tuple[str, ...] = (),
) -> Analysis:
    """Analyse a story file (path), raw file bytes, or story text.

    A ``str`` naming an existing file is read as that file; any other ``str`` is the
    story text itself. ``fandom`` and ``cast`` choose a cast pack (see
    ``docs/cast-packs.md``). ``until`` stops after a named stage; ``skip`` leaves
    stages out (e.g. ``("proofread",)``).
    """
    doc = load(source)
    options = {"fandom": fandom, "cast": str(cast) if cast is not None else None}
    doc = doc.evolve(options=frozen_mapping({k: v for k, v in options.items() if v is not None}))
    return Analysis(run_stages(doc, until=until, skip=skip))
