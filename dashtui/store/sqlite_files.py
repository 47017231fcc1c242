"""What the cache and the outbox share about their SQLite files: checking one, and moving a
damaged one aside (never deleting or overwriting it)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

SIDE_FILES = ("", "-wal", "-shm")  # a WAL database is up to three files


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA busy_timeout = 10000")  # a second dashtui waits instead of failing
    return db


def check(db: sqlite3.Connection) -> None:
    """Raise DatabaseError unless the file reads as a sound database."""
    if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise sqlite3.DatabaseError("integrity check failed")


def move_aside(path: Path) -> Path:
    """Rename the database (and its WAL files) to `<name>.broken-<time>`; returns the new
    path. A name already taken gets a counter, so an earlier broken copy is never replaced."""
    stamp = int(time.time())
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while any(Path(str(aside) + s).exists() for s in SIDE_FILES):
        n += 1
        aside = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    for suffix in SIDE_FILES:
        src = Path(str(path) + suffix)
        if src.exists():
            src.replace(Path(str(aside) + suffix))
    return aside


def open_store(path: Path, schema: str, said: Callable[[Exception, Path], str], *,
               synchronous: str = "NORMAL") -> tuple[sqlite3.Connection, list[str]]:
    """A small WAL store of dashtui's own (journal, alert state): the file as it is, its
    missing tables made; or, when it is not a sound database, a new one, the old moved aside
    (never deleted) and `said(error, aside)` in the notices."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_store(path, schema, synchronous), []
    except sqlite3.DatabaseError as exc:
        aside = move_aside(path)
        return _open_store(path, schema, synchronous), [said(exc, aside)]


def _open_store(path: Path, schema: str, synchronous: str) -> sqlite3.Connection:
    db = connect(path)
    try:
        check(db)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(f"PRAGMA synchronous = {synchronous}")
        db.executescript(schema)  # CREATE ... IF NOT EXISTS: a second process waits, then no-ops
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db
