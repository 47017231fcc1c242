"""What the cache and the outbox share about their SQLite files: checking one, and moving a
damaged one aside (never deleting or overwriting it)."""

from __future__ import annotations

import sqlite3
import time
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
