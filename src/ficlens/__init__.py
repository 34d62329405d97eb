"""ficlens: read a story and tell what is in it.

The public surface is small on purpose: :func:`analyze` and the document types.
"""

from __future__ import annotations

from .document import SCHEMA, Document
from .errors import CastPackError, ConfigError, FiclensError, InputError, UnsupportedFormatError
from .pipeline import Analysis, analyze

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Analysis",
    "CastPackError",
    "ConfigError",
    "Document",
    "FiclensError",
    "InputError",
    "UnsupportedFormatError",
    "__version__",
    "analyze",
]
