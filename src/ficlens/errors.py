"""Exceptions users can catch, in one hierarchy (httpx-style).

Every message is one line a person can act on; the CLI prints it as is and exits 2.
"""

from __future__ import annotations


class FiclensError(Exception):
    """Base class of every error ficlens raises on purpose."""


class InputError(FiclensError):
    """The input cannot be read as a story (missing, empty, binary, too big, corrupt)."""


class UnsupportedFormatError(InputError):
    """The file is of a kind ficlens does not read."""


class CastPackError(FiclensError):
    """A cast pack file is malformed; the message names the file and line."""


class ConfigError(FiclensError):
    """An option has a value ficlens cannot use (unknown fandom, bad format name)."""


class ModelError(FiclensError):
    """A shipped model file is missing, corrupt or built for other features."""
