"""The batch store: one SQLite file, written by one process, safe to kill at any moment.

Why SQLite: one file, no server, readable by ``sqlite3``, pandas, DuckDB. WAL mode and
one transaction per finished work mean a run killed at any instant (SIGKILL included)
leaves a valid database holding every work committed before it; only works in flight
are lost, and a rerun finds them missing and does them. The schema is in docs/batch.md.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigError

STORE_VERSION = 1

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS works (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,
    reason TEXT,
    duplicate_of TEXT,
    words INTEGER,
    seconds REAL,
    cpu_seconds REAL,
    title TEXT,
    fandom TEXT,
    rating TEXT,
    pov TEXT,
    metadata TEXT,
    analysis TEXT,
    ficlens TEXT NOT NULL,
    finished_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS works_sha256 ON works(sha256);
CREATE TABLE IF NOT EXISTS characters (
    work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    char_id TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT,
    pronouns TEXT,
    canonical TEXT,
    mentions INTEGER,
    lines INTEGER,
    words_spoken INTEGER,
    aliases TEXT,
    PRIMARY KEY (work_id, char_id)
);
CREATE INDEX IF NOT EXISTS characters_name ON characters(name);
CREATE TABLE IF NOT EXISTS utterances (
    work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    utterance INTEGER NOT NULL,
    speaker_id TEXT,
    speaker TEXT,
    speaker_gender TEXT,
    addressees TEXT,
    kind TEXT,
    confidence REAL,
    words INTEGER,
    text TEXT,
    PRIMARY KEY (work_id, utterance)
);
CREATE INDEX IF NOT EXISTS utterances_speaker ON utterances(speaker);
CREATE TABLE IF NOT EXISTS relationships (
    work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    tag TEXT,
    kind TEXT,
    strength REAL,
    a TEXT,
    b TEXT,
    characters TEXT,
    PRIMARY KEY (work_id, rank)
);
CREATE INDEX IF NOT EXISTS relationships_ab ON relationships(a, b);
CREATE TABLE IF NOT EXISTS tags (
    work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    kind TEXT NOT NULL,
    tag TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tags_work ON tags(work_id);
CREATE INDEX IF NOT EXISTS tags_tag ON tags(kind, tag);
CREATE TABLE IF NOT EXISTS store_info (key TEXT PRIMARY KEY, value TEXT);
"""

TABLES = ("works", "characters", "utterances", "relationships", "tags")
CHILD_TABLES = TABLES[1:]


def connect(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """Open a store (creating it when ``create``); ConfigError when it is not one."""
    path = Path(path)
    if not create and not path.is_file():
        raise ConfigError(f"{path}: no such store")
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory; --out wants a .sqlite file path")
    try:
        if create:
            con = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.executescript(SCHEMA_SQL)
            con.execute("INSERT OR IGNORE INTO store_info VALUES ('store_version', ?)",
                        (str(STORE_VERSION),))
        else:
            # Readers (stats, export) open read-only: a wrong path is never turned into
            # a database, and a run writing the store meanwhile is not disturbed.
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                                  isolation_level=None)
            con.execute("SELECT 1 FROM works LIMIT 1")
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{path}: not a ficlens store ({exc})") from None
    return con


class Store:
    """The single writer. Every public write is one committed transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = connect(self.path, create=True)

    def close(self) -> None:
        self.con.close()

    def known(self) -> tuple[dict[str, tuple[str, str, str]], dict[str, str], dict[str, str]]:
        """``id -> (sha256, status, version)``, and ``sha256+version -> id`` of the works
        analysed ok and of those that failed (the first of each, duplicates left out)."""
        by_id: dict[str, tuple[str, str, str]] = {}
        ok_sha: dict[str, str] = {}
        failed_sha: dict[str, str] = {}
        for wid, sha, status, version, dup in self.con.execute(
                "SELECT id, sha256, status, ficlens, duplicate_of FROM works ORDER BY finished_at"):
            by_id[wid] = (sha, status, version)
            if dup is None:
                (ok_sha if status == "ok" else failed_sha).setdefault(sha + "\0" + version, wid)
        return by_id, ok_sha, failed_sha

    def write(self, work: dict[str, Any], result: dict[str, Any]) -> None:
        """Record one finished work (replacing an older row for the same id)."""
        rows = result.get("rows") or {}
        from .analyse import classify

        error = result.get("error")
        fandom = rows.get("fandom")
        if not rows.get("fandom_declared"):
            # A table's own fandom column beats the fandom guessed from the cast.
            from .analyse import declared_fandom

            fandom = declared_fandom(work.get("metadata") or {}) or fandom
        values = (
            work["id"], work["source"], work["sha256"], result["status"], error,
            classify(error) if error else None, result.get("duplicate_of"),
            result.get("words"), result.get("seconds"), result.get("cpu_seconds"),
            rows.get("title"), fandom,
            rows.get("rating"), rows.get("pov"),
            json.dumps(work["metadata"], ensure_ascii=False) if work.get("metadata") else None,
            result.get("analysis"), result["ficlens"], time.time(),
        )
        wid = work["id"]
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        try:
            for table in CHILD_TABLES:
                con.execute(f"DELETE FROM {table} WHERE work_id = ?", (wid,))
            con.execute("INSERT OR REPLACE INTO works VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        values)
            if rows and not result.get("duplicate_of"):
                con.executemany("INSERT INTO characters VALUES (?,?,?,?,?,?,?,?,?,?)",
                                [(wid, *r) for r in rows.get("characters", ())])
                con.executemany("INSERT INTO utterances VALUES (?,?,?,?,?,?,?,?,?,?)",
                                [(wid, *r) for r in rows.get("utterances", ())])
                con.executemany("INSERT INTO relationships VALUES (?,?,?,?,?,?,?,?)",
                                [(wid, *r) for r in rows.get("relationships", ())])
                con.executemany("INSERT INTO tags VALUES (?,?,?,?)",
                                [(wid, *r) for r in rows.get("tags", ())])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def iter_table(con: sqlite3.Connection, table: str, batch: int = 1000
               ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
    """A table's rows in batches, with its column names (for export)."""
    if table not in TABLES:
        raise ConfigError(f"unknown table {table!r}")
    cur = con.execute(f"SELECT * FROM {table}")
    cols = [d[0] for d in cur.description]
    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        yield cols, rows
