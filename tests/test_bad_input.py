"""Bad input through the CLI: exit 2, exactly one line on stderr, the file untouched."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

from ficlens.cli import main


def _run(argv, capsys):
    rc = main(argv)
    err = capsys.readouterr().err
    return rc, err


def _assert_one_line_error(rc, err, *words):
    assert rc == 2, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("ficlens: error: ")
    assert "Traceback" not in err
    for word in words:
        assert word in err.lower(), err


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _lying_zip() -> bytes:
    """A zip whose package file claims 10 bytes but inflates to 2 MB, as a bomb's would."""
    import struct

    data = bytearray(_zip({"mimetype": b"application/epub+zip", "META-INF/container.xml": _CONTAINER,
                           "OEBPS/content.opf": b"\0" * (2 * 1024 * 1024)}))
    # Patch the recorded uncompressed size in the third central-directory entry.
    cd = -1
    for _ in range(3):
        cd = data.find(b"PK\x01\x02", cd + 1)
    struct.pack_into("<I", data, cd + 24, 10)
    return bytes(data)


_CONTAINER = (b"<container xmlns='urn:oasis:names:tc:opendocument:xmlns:container'><rootfiles>"
              b"<rootfile full-path='OEBPS/content.opf'/></rootfiles></container>")


CASES = {
    "empty.txt": (b"", ("empty",)),
    "blank.txt": (b"   \n\n\t \r\n", ("empty",)),
    "binary.txt": (bytes(range(256)) * 40, ("binary",)),
    "nul.bin": (b"Hello\x00\x00\x01\x02" * 300, ("binary",)),
    "unknown.txt": (bytes(range(128, 256)) * 20, ("encoding",)),
    "truncated.html": (b"<html><head><title>T</title></head><body><p>", ("no story text",)),
    "scripts.html": (b"<html><body><script>alert(1)</script></body></html>", ("no story text",)),
    "corrupt.epub": (b"PK\x03\x04 this is not really a zip archive at all", ("corrupt", "epub")),
    "notzip.epub": (b"just some text pretending", ("corrupt", "epub")),
    "corrupt.docx": (b"PK\x03\x04\x14\x00garbage", ("corrupt", "docx")),
    "badxml.docx": (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}),
                    ("corrupt", "docx")),
    "nocontainer.epub": (_zip({"hello.txt": b"hi"}), ("corrupt", "epub")),
    "badopf.epub": (_zip({"mimetype": b"application/epub+zip",
                          "META-INF/container.xml": b"<container><rootfiles><rootfile full-path='x.opf'/></rootfiles></container>"}),
                    ("corrupt", "epub")),
    "picture.txt": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, ("png",)),
    "document.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ("pdf",)),
    "other.zip": (_zip({"a.txt": b"hello"}), ("neither epub nor docx",)),
}


@pytest.mark.parametrize("fname", sorted(CASES))
def test_bad_file_is_one_line_exit_2_and_untouched(tmp_path, capsys, fname):
    data, words = CASES[fname]
    path = tmp_path / fname
    path.write_bytes(data)
    rc, err = _run(["analyze", str(path)], capsys)
    _assert_one_line_error(rc, err, *words)
    assert path.read_bytes() == data


def test_zip_bomb_is_refused(tmp_path, capsys, monkeypatch):
    from ficlens.read import zipsafe

    monkeypatch.setattr(zipsafe, "MAX_UNZIPPED", 1024 * 1024)
    data = _zip({"mimetype": b"application/epub+zip", "META-INF/container.xml": _CONTAINER,
                 "OEBPS/content.opf": b"\0" * (2 * 1024 * 1024)})
    path = tmp_path / "bomb.epub"
    path.write_bytes(data)
    rc, err = _run(["analyze", str(path)], capsys)
    _assert_one_line_error(rc, err, "zip bomb")
    assert path.read_bytes() == data


def test_zip_member_that_lies_about_its_size_is_refused(tmp_path, capsys):
    data = _lying_zip()
    path = tmp_path / "liar.epub"
    path.write_bytes(data)
    rc, err = _run(["analyze", str(path)], capsys)
    _assert_one_line_error(rc, err, "corrupt")


def test_declared_sizes_past_the_cap_are_refused_before_reading(tmp_path, capsys):
    import struct

    data = bytearray(_zip({"mimetype": b"application/epub+zip", "META-INF/container.xml": _CONTAINER}))
    cd = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 300 * 1024 * 1024)  # claims 300 MB inflated
    path = tmp_path / "big.epub"
    path.write_bytes(bytes(data))
    rc, err = _run(["analyze", str(path)], capsys)
    _assert_one_line_error(rc, err, "zip bomb")


def test_file_over_50_mb_is_refused_without_reading(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: costs no disk, and no read happens
    rc, err = _run(["analyze", str(path)], capsys)
    _assert_one_line_error(rc, err, "limit is 50 mb")
    assert path.stat().st_size == 51 * 1024 * 1024


def test_directory_is_refused(tmp_path, capsys):
    rc, err = _run(["analyze", str(tmp_path)], capsys)
    _assert_one_line_error(rc, err, "directory")


def test_missing_path_is_refused(tmp_path, capsys):
    rc, err = _run(["analyze", str(tmp_path / "nope.epub")], capsys)
    _assert_one_line_error(rc, err, "no such file")


def test_empty_stdin_is_refused(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    rc, err = _run(["analyze", "-"], capsys)
    _assert_one_line_error(rc, err, "empty")


def test_tags_command_reports_bad_input_the_same_way(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    for command in ("tags",):
        rc, err = _run([command, str(path)], capsys)
        _assert_one_line_error(rc, err, "empty")
