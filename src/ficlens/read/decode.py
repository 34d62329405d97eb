"""Bytes to text: find the encoding, refuse binary, normalise line ends.

Why this order: a strict UTF-8 decode that succeeds is almost never wrong, while
statistical detectors guess badly on short texts; so BOMs first, then UTF-16 without a
BOM (its NUL bytes are unmistakable), then strict UTF-8, then Windows-1252 when every
non-ASCII character it yields is one Western prose uses (curly quotes, dashes, accented
letters), and only then charset-normalizer. cp1252 beats Latin-1 because Word and old
Windows editors wrote cp1252, and the two agree on every byte Latin-1 prints.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError, UnsupportedFormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Files people mistake for stories: name them so the message says what to do.
_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) or other Office file; save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"BOOKMOBI", "a MOBI e-book; convert it to EPUB"),
)
_MOBI_OFFSET = 60

# Control characters that never appear in text files (tab, newlines, form feed excepted).
_CONTROL_RE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_TEXT_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WESTERN_OK = set(
    "‘’‚“”„–—…•€™ ¡¢£¤¥¦§¨©ª«¬­®¯°±²³´µ¶·¸¹º»¼½¾¿×÷ˆ˜‹›†‡‰Œœ" "ŠšŽžŸƒ"
)


def _label(name: str | None) -> str:
    return name or "the input"


def sniff_binary(data: bytes, name: str | None = None) -> None:
    """Raise for well-known binary formats, before any decoding is tried."""
    for magic, what in _MAGIC:
        if data.startswith(magic) and not (magic == b"MZ" and data[2:3].isalpha()):
            raise UnsupportedFormatError(
                f"{_label(name)}: this is {what}; ficlens reads .txt, .html, .epub and .docx"
            )
    if data[_MOBI_OFFSET:_MOBI_OFFSET + 8] in (b"BOOKMOBI", b"TEXtREAd"):
        raise UnsupportedFormatError(
            f"{_label(name)}: this is a MOBI e-book; convert it to EPUB (e.g. with Calibre)"
        )


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit on one side of most byte pairs.

    Text in UTF-16 that is mostly Latin script has a NUL in every other byte; binary
    files have NULs scattered on both sides.
    """
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _western(text: str) -> bool:
    """True when the text reads as Western European prose decoded right.

    Every non-ASCII character must be one such prose uses, and accented letters must be
    the exception among letters: Cyrillic or Greek bytes read as cp1252 also come out as
    accented Latin letters, but then nearly every letter is one.
    """
    bad = seen = accented = 0
    for ch in text:
        if ord(ch) < 128:
            continue
        seen += 1
        if "À" <= ch <= "ÿ" and ch not in "×÷":
            accented += 1
        elif ch not in _WESTERN_OK:
            bad += 1
    if not seen or bad > seen * 0.02:
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    return accented <= 0.25 * max(1, letters)


def detect_and_decode(data: bytes, name: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding that gave it.

    Raises :class:`InputError` for binary data and for bytes no encoding explains.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                raise InputError(f"{_label(name)}: starts with a {enc} byte-order mark but is not valid {enc}") from None
    enc16 = utf16_without_bom(data)
    if enc16:
        try:  # a file cut at an odd byte loses only its dangling half character
            return data[: len(data) - len(data) % 2].decode(enc16), enc16
        except UnicodeDecodeError:
            pass  # odd length or broken pairs: judge it as bytes below
    sniff_binary(data, name)
    sample = data[:65536]
    if b"\x00" in sample or len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{_label(name)}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _western(text):
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise InputError(f"{_label(name)}: cannot tell the text encoding (save it as UTF-8)")
    enc = best.encoding
    if enc in ("ascii", "latin_1", "iso8859_15", "cp1252") and text is not None:
        return text, "cp1252"
    try:
        decoded = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{_label(name)}: cannot tell the text encoding (save it as UTF-8)") from None
    if enc == "latin_1":
        enc = "latin-1"
    return decoded, enc


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets mean the same on every platform."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_text(data: bytes, name: str | None = None) -> tuple[str, str]:
    """Decoded, newline-normalised text and its encoding; refuses empty or binary input."""
    text, enc = detect_and_decode(data, name)
    text = normalise_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"{_label(name)}: empty: no text, or only white space")
    if len(_CONTROL_TEXT_RE.findall(text[:65536])) > max(8, min(len(text), 65536) // 100):
        raise InputError(f"{_label(name)}: looks like a binary file, not text")
    return text, enc
