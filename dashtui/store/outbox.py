"""Pending writes and unsaved editor buffers, committed to SQLite before anything is sent.

This file is separate from the cache on purpose: the cache can be thrown away and rebuilt,
this one holds the only copy of what the user typed.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS writes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    brand_id INTEGER NOT NULL,
    platform TEXT NOT NULL,
    post_id INTEGER,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    base_updated_at TEXT,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS buffers (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    saved_at REAL NOT NULL
)
"""

CREATE, UPDATE, DELETE = "create", "update", "delete"


@dataclass
class Write:
    """One change waiting to reach Dash."""

    id: int
    brand_id: int
    platform: str
    post_id: int | None  # None for a create until it lands
    kind: str  # create | update | delete
    body: dict[str, Any]  # create: the whole post; update: only the changed fields
    base_updated_at: str | None  # the server's updated_at when the edit began
    created_at: float
    attempts: int = 0
    next_attempt: float = 0.0
    last_error: str | None = None

    def describe(self) -> str:
        target = f"{self.platform} #{self.post_id}" if self.post_id else f"new {self.platform}"
        return f"{self.kind} {target}"


class Outbox:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=10, isolation_level=None,
                                  check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")  # this is the only copy: fsync it
        for stmt in SCHEMA.split(";"):
            self.db.execute(stmt)

    def close(self) -> None:
        self.db.close()

    # -- writes -----------------------------------------------------------------------------
    def add(self, *, brand_id: int, platform: str, kind: str, body: dict[str, Any],
            post_id: int | None = None, base_updated_at: str | None = None) -> Write:
        now = time.time()
        with self.db:
            cur = self.db.execute(
                "INSERT INTO writes (brand_id, platform, post_id, kind, body, base_updated_at,"
                " created_at) VALUES (?,?,?,?,?,?,?)",
                (brand_id, platform, post_id, kind, json.dumps(body, ensure_ascii=False),
                 base_updated_at, now))
        return Write(cur.lastrowid, brand_id, platform, post_id, kind, body, base_updated_at,
                     now)

    def pending(self, brand_id: int | None = None) -> list[Write]:
        sql = "SELECT * FROM writes" + (" WHERE brand_id=?" if brand_id is not None else "")
        rows = self.db.execute(sql + " ORDER BY id", () if brand_id is None else (brand_id,))
        return [Write(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), *r[6:]) for r in rows]

    def get(self, write_id: int) -> Write | None:
        return next((w for w in self.pending() if w.id == write_id), None)

    def count(self, brand_id: int | None = None) -> int:
        if brand_id is None:
            return self.db.execute("SELECT COUNT(*) FROM writes").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM writes WHERE brand_id=?",
                               (brand_id,)).fetchone()[0]

    def for_post(self, platform: str, post_id: int) -> list[Write]:
        return [w for w in self.pending() if w.platform == platform and w.post_id == post_id]

    def failed_attempt(self, write: Write, error: str, retry_in: float) -> None:
        write.attempts += 1
        write.last_error = error
        write.next_attempt = time.time() + retry_in
        with self.db:
            self.db.execute("UPDATE writes SET attempts=?, last_error=?, next_attempt=? "
                            "WHERE id=?", (write.attempts, error, write.next_attempt, write.id))

    def rebase(self, write: Write, base_updated_at: str | None) -> None:
        """The user chose to keep their change over a newer server version."""
        write.base_updated_at = base_updated_at
        with self.db:
            self.db.execute("UPDATE writes SET base_updated_at=? WHERE id=?",
                            (base_updated_at, write.id))

    def done(self, write: Write) -> None:
        with self.db:
            self.db.execute("DELETE FROM writes WHERE id=?", (write.id,))

    # -- editor buffers ---------------------------------------------------------------------
    def save_buffer(self, key: str, body: dict[str, Any]) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO buffers VALUES (?,?,?)",
                            (key, json.dumps(body, ensure_ascii=False), time.time()))

    def buffers(self) -> list[tuple[str, dict[str, Any], float]]:
        return [(k, json.loads(b), t) for k, b, t in
                self.db.execute("SELECT key, body, saved_at FROM buffers ORDER BY saved_at")]

    def drop_buffer(self, key: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM buffers WHERE key=?", (key,))
