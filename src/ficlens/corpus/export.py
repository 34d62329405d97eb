"""``ficlens export STORE --format parquet|csv|jsonl -o DIR``: the store's tables as files.

One file per table (works, characters, utterances, relationships, tags), streamed in
batches so memory stays flat, each written to a temporary file beside its target and
moved into place with ``os.replace``: a reader never sees half a file.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..errors import ConfigError
from .extras import require_extra
from .store import TABLES, connect, iter_table

SQL_TO_ARROW = {"INTEGER": "int64", "REAL": "float64", "TEXT": "string"}


def _arrow_schema(con: sqlite3.Connection, table: str) -> Any:
    import pyarrow as pa

    fields = []
    for _, name, decl, *_ in con.execute(f"PRAGMA table_info({table})"):
        kind = SQL_TO_ARROW.get((decl or "TEXT").upper(), "string")
        fields.append(pa.field(name, getattr(pa, kind)()))
    return pa.schema(fields)


def _write_table(con: sqlite3.Connection, table: str, fmt: str, tmp: str) -> None:
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(con, table)
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for cols, rows in iter_table(con, table):
                columns = list(zip(*rows, strict=True))
                writer.write_table(pa.table(
                    {c: pa.array(list(v), type=schema.field(c).type) for c, v in zip(cols, columns, strict=True)},
                    schema=schema))
    elif fmt == "csv":
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            header = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            w.writerow(header)
            for _, rows in iter_table(con, table):
                w.writerows(rows)
    else:
        with open(tmp, "w", encoding="utf-8") as fh:
            for cols, rows in iter_table(con, table):
                for row in rows:
                    fh.write(json.dumps(dict(zip(cols, row, strict=True)), ensure_ascii=False))
                    fh.write("\n")


def export_store(store: str, fmt: str, out_dir: str) -> list[Path]:
    """Write every table of ``store`` into ``out_dir``; returns the paths written."""
    if fmt not in ("parquet", "csv", "jsonl"):
        raise ConfigError(f"unknown export format {fmt!r}; choose parquet, csv or jsonl")
    if fmt == "parquet":
        require_extra("export --format parquet", "pyarrow")
    con = connect(store)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out_dir}: exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{out_dir}: cannot create ({exc.strerror})") from None
    written = []
    try:
        for table in TABLES:
            target = out / f"{table}.{fmt}"
            with atomic_path(target) as tmp:
                _write_table(con, table, fmt, tmp)
            written.append(target)
    finally:
        con.close()
    return written
