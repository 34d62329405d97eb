"""Reading the command line's input and writing its output, shared by the commands.

Why a module of its own: ``cli`` and the command modules it dispatches to
(``proofread/command.py``) both need these, and neither should import the other.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

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
    try:
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{out}: cannot write ({exc.strerror})") from None


__all__ = ["read_source", "write_output"]
