"""Write a file so that it is either the old content or the new, never half of either.

Why: ``ficlens analyze -o report.json`` or ``proofread --fix copy.txt`` killed half-way
(Ctrl+C, out of memory, a batch job's time limit) must not leave a truncated file in
place of a good one. The content goes to a temporary file in the same directory (same
file system, so the rename is atomic), is flushed to disk, and replaces the target with
:func:`os.replace`. A target that is not a regular file (``/dev/null``, a named pipe)
is written directly, since it cannot be replaced by renaming.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import ConfigError

__all__ = ["atomic_path", "atomic_write", "atomic_write_bytes", "atomic_write_text"]


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; a one-line ConfigError on failure."""
    target = Path(path)
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write ({exc.strerror})") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ConfigError(f"{path}: is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot write ({exc.strerror})") from None
        return
    directory = target.parent
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = stat.S_IMODE(st.st_mode) if st is not None else _default_mode()
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """:func:`atomic_write_bytes` of ``text`` encoded (UTF-8 unless told)."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Bytes as they are, text as UTF-8."""
    atomic_write_bytes(path, content if isinstance(content, bytes) else content.encode("utf-8"))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary path beside ``path`` for a writer that wants a file name (pyarrow,
    csv); on a clean exit it replaces ``path``, on an exception it is removed."""
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield tmp_name
        os.chmod(tmp_name, _default_mode())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _default_mode() -> int:
    """What ``open(path, "w")`` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
