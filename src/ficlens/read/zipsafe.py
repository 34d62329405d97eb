"""Open EPUB and DOCX containers without trusting them.

Why: both formats are zip archives, and a zip can claim small sizes and then inflate to
gigabytes (a zip bomb), or be truncated so that reading fails half-way with a zlib error.
Every read here is capped, both per member and in total, and every failure becomes an
:class:`InputError` with one line that names the file.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ..errors import InputError

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_MEMBERS = 20000
_CHUNK = 1 << 16


class SafeZip:
    """A zip archive whose reads never exceed :data:`MAX_UNZIPPED` bytes in total."""

    def __init__(self, data: bytes, *, name: str | None, what: str, limit: int | None = None) -> None:
        self.label = name or "the input"
        self.what = what
        self.limit = MAX_UNZIPPED if limit is None else limit
        self.used = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
                NotImplementedError, RuntimeError):  # "zip file version 6.5" (found by fuzzing)
            raise InputError(f"{self.label}: corrupt {what} (not a readable zip archive)") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{self.label}: {what} has {len(infos)} files inside; refusing to unpack it")
        total = sum(i.file_size for i in infos)
        if total > self.limit:
            raise self._too_big()
        self.names = {i.filename for i in infos}

    def _too_big(self) -> InputError:
        return InputError(
            f"{self.label}: {self.what} unpacks to more than {self.limit // (1024 * 1024)} MB; "
            "refusing to read it (zip bomb?)"
        )

    def has(self, member: str) -> bool:
        return member in self.names

    def find_suffix(self, suffix: str) -> str | None:
        """The first member whose path ends with ``suffix`` (e.g. "title_page.xhtml")."""
        return next((n for n in sorted(self.names) if n.endswith(suffix)), None)

    def read(self, member: str, *, keep: bool = True) -> bytes:
        """A member's bytes, counted against the total; InputError when missing or broken."""
        if member not in self.names:
            raise InputError(f"{self.label}: corrupt {self.what} ({member} is missing)")
        out = bytearray()
        try:
            with self.zip.open(member) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    if keep:
                        out += chunk
                    self.used += len(chunk)
                    if self.used > self.limit:
                        raise self._too_big()
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            reason = "encrypted" if "encrypted" in str(exc) or "password" in str(exc) else "damaged"
            raise InputError(f"{self.label}: corrupt {self.what} ({member} is {reason})") from None
        return bytes(out)

    def check_all(self) -> None:
        """Inflate every member once (counting, not keeping) so a lying header is caught
        before a library that trusts the archive (python-docx) reads it."""
        for member in sorted(self.names):
            if not member.endswith("/"):
                self.read(member, keep=False)
        self.used = 0
