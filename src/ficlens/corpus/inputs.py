"""Turn the INPUT arguments of ``ficlens batch`` into works, lazily, in a stable order.

A work is ``{id, source, name, metadata}`` plus a way to get its bytes. Ids are stable
across reruns of the same command: a file's path as given (directories: the directory
argument joined with the path inside it), ``archive.zip:member`` for zip members, the
``--id-column`` value or ``table.csv#row`` for table rows. Errors about the arguments
themselves (missing path, missing column) are raised before any work starts; a work
that cannot be read becomes a failed work, not an error of the run.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .extras import require_extra

WORK_EXTENSIONS = (".txt", ".html", ".htm", ".epub", ".docx")
TABLE_EXTENSIONS = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
ZIP_MEMBER_LIMIT = 50 * 1024 * 1024


@dataclass
class WorkInput:
    """One work to analyse; ``read()`` gives its bytes or raises OSError/ValueError."""

    id: str
    source: str
    name: str
    read: Callable[[], bytes]
    metadata: dict[str, Any] = field(default_factory=dict)


def _file_reader(path: Path) -> Callable[[], bytes]:
    from ..read import MAX_BYTES

    def read() -> bytes:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(f"file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MB")
        return path.read_bytes()

    return read


def _posix(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def _iter_dir(arg: str, root: Path) -> Iterator[WorkInput]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if fn.startswith("."):
                continue
            p = Path(dirpath) / fn
            if p.suffix.lower() in WORK_EXTENSIONS or p.suffix.lower() == ".zip":
                found.append(p)
    for p in found:
        wid = _posix(os.path.join(arg, os.path.relpath(p, root)))
        if p.suffix.lower() == ".zip":
            yield from _iter_zip(wid, p)
        else:
            yield WorkInput(wid, str(p.resolve()), p.name, _file_reader(p))


def _iter_zip(arg: str, path: Path) -> Iterator[WorkInput]:
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir()
                 and os.path.splitext(i.filename)[1].lower() in WORK_EXTENSIONS
                 and not os.path.basename(i.filename).startswith(".")]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        reason = f"not a readable zip archive ({exc})"

        def broken() -> bytes:
            raise ValueError(reason)

        yield WorkInput(_posix(arg), str(path.resolve()), path.name, broken)
        return
    for info in sorted(infos, key=lambda i: i.filename):
        def read(info: zipfile.ZipInfo = info) -> bytes:
            if info.file_size > ZIP_MEMBER_LIMIT:
                raise ValueError(f"member unpacks to {info.file_size / 1e6:.0f} MB")
            with zf.open(info) as fh:
                data = fh.read(ZIP_MEMBER_LIMIT + 1)
            if len(data) > ZIP_MEMBER_LIMIT:
                raise ValueError("member unpacks to more than it claims (zip bomb?)")
            return data

        yield WorkInput(f"{_posix(arg)}:{info.filename}", f"{path.resolve()}:{info.filename}",
                        os.path.basename(info.filename), read)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _rows_csv(path: Path, delimiter: str) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def _rows_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                row = {"__error__": f"line {n} is not JSON"}
            if not isinstance(row, dict):
                row = {"__error__": f"line {n} is not a JSON object"}
            yield row


def _rows_parquet(path: Path) -> Iterator[dict[str, Any]]:
    require_extra("reading Parquet tables", "pyarrow")
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds
        raise ConfigError(f"{path}: not a readable Parquet file ({exc})") from None
    for batch in pf.iter_batches(batch_size=256):
        yield from batch.to_pylist()


def _table_columns(path: Path, ext: str) -> list[str] | None:
    """The column names when the format knows them before reading rows."""
    if ext in (".csv", ".tsv"):
        csv.field_size_limit(sys.maxsize)
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
            return next(csv.reader(fh, delimiter="\t" if ext == ".tsv" else ","), [])
    if ext == ".parquet":
        require_extra("reading Parquet tables", "pyarrow")
        import pyarrow.parquet as pq

        try:
            return list(pq.read_schema(path).names)
        except Exception as exc:  # noqa: BLE001
            raise ConfigError(f"{path}: not a readable Parquet file ({exc})") from None
    return None


def _check_table(arg: str, path: Path, text_col: str, id_col: str | None) -> None:
    """Raise before any work starts when a table lacks the columns asked for."""
    cols = _table_columns(path, path.suffix.lower())
    if cols is not None:
        for col in (text_col, id_col):
            if col and col not in cols:
                raise ConfigError(f"{arg}: no column {col!r} (columns: {', '.join(cols[:20])}); "
                                  "choose with --text-column / --id-column")


def _iter_table(arg: str, path: Path, text_col: str, id_col: str | None) -> Iterator[WorkInput]:
    ext = path.suffix.lower()
    if ext in (".csv", ".tsv"):
        rows: Iterator[dict[str, Any]] = _rows_csv(path, "\t" if ext == ".tsv" else ",")
    elif ext == ".parquet":
        rows = _rows_parquet(path)
    else:
        rows = _rows_jsonl(path)
    base = _posix(arg)
    for n, row in enumerate(rows, 1):
        problem = row.pop("__error__", None)
        if problem is None and text_col not in row:
            problem = f"row {n} has no {text_col!r} field"
        text = row.pop(text_col, None)
        ident = row.get(id_col) if id_col else None
        wid = f"{base}#{ident}" if ident not in (None, "") else f"{base}#{n}"
        meta = {k: _plain(v) for k, v in row.items() if k != id_col}
        if id_col and ident not in (None, ""):
            meta[id_col] = _plain(ident)

        def read(text: Any = text, problem: str | None = problem) -> bytes:
            if problem:
                raise ValueError(problem)
            if isinstance(text, bytes):
                return text
            return ("" if text is None else str(text)).encode("utf-8")

        yield WorkInput(wid, f"{path.resolve()}#{n}", f"{path.name}#{n}", read, meta)


def check_inputs(args: list[str]) -> None:
    """Fail early, in one line, on an argument that names nothing."""
    if not args:
        raise ConfigError("no INPUT given: name files, directories, zip archives or tables")
    for arg in args:
        if not os.path.exists(arg):
            raise ConfigError(f"{arg}: no such file or directory")


def iter_works(args: list[str], *, text_column: str = "text",
               id_column: str | None = None) -> Iterator[WorkInput]:
    """Every work named by the arguments, in argument order, then sorted path order."""
    check_inputs(args)
    for arg in args:
        if Path(arg).is_file() and Path(arg).suffix.lower() in TABLE_EXTENSIONS:
            _check_table(arg, Path(arg), text_column, id_column)
    return _iter_works(args, text_column, id_column)


def _iter_works(args: list[str], text_column: str, id_column: str | None) -> Iterator[WorkInput]:
    seen: dict[str, int] = {}
    for arg in args:
        path = Path(arg)
        ext = path.suffix.lower()
        if path.is_dir():
            items: Iterator[WorkInput] = _iter_dir(arg, path)
        elif ext == ".zip":
            items = _iter_zip(arg, path)
        elif ext in TABLE_EXTENSIONS:
            items = _iter_table(arg, path, text_column, id_column)
        else:
            items = iter([WorkInput(_posix(arg), str(path.resolve()), path.name, _file_reader(path))])
        for item in items:
            # Two rows with the same id column value: keep both, the later one suffixed.
            if item.id in seen:
                seen[item.id] += 1
                item.id = f"{item.id}~{seen[item.id]}"
            else:
                seen[item.id] = 1
            yield item


def read_work(item: WorkInput) -> tuple[bytes | None, str | None]:
    """The work's bytes, or None and a one-line reason it cannot be read."""
    try:
        return item.read(), None
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        msg = getattr(exc, "strerror", None) or str(exc)
        return None, f"{item.name}: cannot read ({msg})"
    except Exception as exc:  # noqa: BLE001 - zlib errors and the like from a broken zip
        return None, f"{item.name}: cannot read ({type(exc).__name__}: {exc})"

