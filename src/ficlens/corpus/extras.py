"""One line telling which extra to install, instead of an ImportError traceback."""

from __future__ import annotations

import importlib.util

from ..errors import ConfigError

EXTRA_HINT = "pip install 'ficlens[corpus]'"


def have(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require_extra(what: str, *modules: str) -> None:
    """ConfigError (exit 2) naming the [corpus] extra when a module it provides is missing."""
    missing = [m for m in modules if not have(m)]
    if missing:
        raise ConfigError(f"{what} needs the [corpus] extra ({', '.join(missing)} missing): "
                          f"{EXTRA_HINT}")
