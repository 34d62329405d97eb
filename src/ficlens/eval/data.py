"""Where the evaluation data is: ``--data DIR``, else ``$FICLENS_DATA``, else
``../shared/data`` (from the working directory, or next to a source checkout) when it
exists. Works the same from a wheel install: nothing is looked up relative to the
installed package unless that package sits in a checkout beside ``shared/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ConfigError

ENV = "FICLENS_DATA"


def _candidates() -> list[Path]:
    out = [Path.cwd().parent / "shared" / "data"]
    here = Path(__file__).resolve()
    if len(here.parents) > 3 and here.parents[2].name == "src":  # a source checkout
        out.append(here.parents[3].parent / "shared" / "data")
    return out


def default_root() -> Path:
    """The default data folder (may not exist; use :func:`data_root` to be told)."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    for cand in _candidates():
        if cand.is_dir():
            return cand
    return _candidates()[0]


def data_root(given: str | os.PathLike[str] | None = None) -> Path:
    """The shared data folder (with ``litbank/``, ``pdnc/``, ``ao3/``), or a one-line
    :class:`ConfigError` saying how to give it."""
    if given is not None:
        root = Path(given)
        if not root.is_dir():
            raise ConfigError(f"{root}: no such data folder")
        return root
    env = os.environ.get(ENV)
    if env:
        if not Path(env).is_dir():
            raise ConfigError(f"{ENV}={env}: no such data folder")
        return Path(env)
    for cand in _candidates():
        if cand.is_dir():
            return cand
    raise ConfigError("no evaluation data found: give --data DIR or set FICLENS_DATA "
                      "(the folder holding litbank/, pdnc/, ao3/)")


def data_dir(given: str | os.PathLike[str] | None, part: str, marker: str) -> Path:
    """One data set's folder: ``given`` may be the shared folder or the set's own
    (recognised by ``marker`` inside it); without it, ``data_root()/part``."""
    root = data_root(given)
    if (root / marker).exists():
        return root
    if (root / part / marker).exists():
        return root / part
    raise ConfigError(f"{root}: no {part} data here (expected {part}/{marker} inside)")


def tools_dir(data: Path) -> Path:
    """``shared/tools`` next to a ``shared/data`` folder (scorers live there)."""
    for base in (data, *data.parents):
        if (base / "tools").is_dir():
            return base / "tools"
    return data.parent / "tools"
