"""Optional dependencies: import one, or say in one line which extra installs it.

The core install (``pip install ficlens``) is what ``ficlens analyze`` needs. Commands
that need more (``serve``, ``eval litbank``, the spaCy component, training) call
:func:`require` first, so a missing package is a :class:`MissingExtraError` (exit 2,
one line) instead of a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import FiclensError


class MissingExtraError(FiclensError):
    """An optional package is not installed; the message names the extra to install."""


def require(module: str, *, extra: str, purpose: str | None = None) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtraError` naming ``ficlens[extra]``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        what = f" for {purpose}" if purpose else ""
        raise MissingExtraError(
            f"{top} is not installed{what}; install it with: pip install 'ficlens[{extra}]'"
        ) from None


__all__ = ["MissingExtraError", "require"]
