"""A minimal EPUB (container, package, one XHTML file per chapter) built in memory, for
the tests and ``benchmarks/hostile.py``: real enough for ficlens's reader, small enough
to write by hand."""

from __future__ import annotations

import io
import zipfile


def make_epub(chapters: list[str], title: str = "T") -> bytes:
    """An EPUB whose spine is ``chapters`` (each an XHTML document, or any text)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                   '<rootfile full-path="OEBPS/content.opf" '
                   'media-type="application/oebps-package+xml"/></rootfiles></container>')
        items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
                        for i in range(len(chapters)))
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
        z.writestr("OEBPS/content.opf",
                   '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                   'version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   f"<dc:title>{title}</dc:title></metadata>"
                   f"<manifest>{items}</manifest><spine>{spine}</spine></package>")
        for i, c in enumerate(chapters):
            z.writestr(f"OEBPS/c{i}.xhtml", c)
    return buf.getvalue()
