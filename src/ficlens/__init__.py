"""ficlens: read a story and tell what is in it.

The public surface is small on purpose: :func:`analyze`, :class:`Pipeline` (run, skip,
insert and time stages; add your own), :func:`load_json` and the document types.
"""

from __future__ import annotations

from .document import SCHEMA, Document
from .errors import CastPackError, ConfigError, FiclensError, InputError, UnsupportedFormatError
from .pipeline import Analysis, Pipeline, Stage, analyze, load, load_json

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Analysis",
    "CastPackError",
    "ConfigError",
    "Document",
    "FiclensError",
    "InputError",
    "Pipeline",
    "Stage",
    "UnsupportedFormatError",
    "__version__",
    "analyze",
    "load",
    "load_json",
]
