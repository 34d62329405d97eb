"""Reading the command line's input and writing its output, shared by the commands.

Why a module of its own: ``cli`` and the command modules it dispatches to
(``proofread/command.py``) both need these, and neither should import the other.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from .atomic import atomic_write
from .errors import ConfigError


def read_source(path: str) -> str | bytes | Path:
    if path == "-":
        data = sys.stdin.buffer.read()
        return data
    return Path(path)


def write_output(content: str | bytes, out: str | None, inputs: Sequence[str] = ()) -> None:
    if out is None or out == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    target = Path(out)
    for given in inputs:
        if given != "-" and Path(given).exists() and target.exists() and target.resolve() == Path(given).resolve():
            raise ConfigError(f"{out}: refusing to overwrite the input file")
    if target.is_dir():
        raise ConfigError(f"{out}: is a directory")
    atomic_write(target, content)  # a killed run leaves the old file, never half a new one


__all__ = ["read_source", "write_output"]
