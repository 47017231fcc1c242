"""Which import rows became which posts: so a re-run after an interruption creates only the
rows not yet created.

A row is known by its key (content + occurrence, rows.py) within one brand of one backend,
so a re-saved or corrected file still recognises the rows it already made. The ledger is
written before each send (`begin`, with the exact body queued) and after it (`created`):
between the two, the outbox entry (found by its draft_key) or the service itself
(`find_lost_create` with that body) tells whether the post exists.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    backend TEXT NOT NULL,
    brand_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    state TEXT NOT NULL,
    platform TEXT NOT NULL,
    body TEXT NOT NULL,
    post_id TEXT,
    file_digest TEXT,
    file_name TEXT,
    line INTEGER,
    message TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (backend, brand_id, key)
);
CREATE TABLE IF NOT EXISTS media (
    backend TEXT NOT NULL,
    brand_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    media_id INTEGER NOT NULL,
    kind TEXT,
    PRIMARY KEY (backend, brand_id, url)
)
"""
SENDING, CREATED, REFUSED = "sending", "created", "refused"
LEDGER_FILE = "imports.sqlite3"  # in the account's data dir, beside its outbox


@dataclass
class Entry:
    key: str
    state: str
    platform: str
    body: dict[str, Any]
    post_id: str | None
    file_name: str | None
    line: int | None
    message: str | None


def draft_key(backend: str, brand_id: int, key: str) -> str:
    """The outbox draft_key of a row's create: how a queued create is found again."""
    return f"import:{backend}:{brand_id}:{key}"


class Ledger:
    def __init__(self, path: Path, backend: str, brand_id: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.backend, self.brand_id = backend, brand_id
        self.db = sqlite3.connect(path, timeout=10)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")  # a lost row here could double a post
        with self.db:
            for stmt in filter(str.strip, SCHEMA.split(";")):
                self.db.execute(stmt)

    def close(self) -> None:
        self.db.close()

    def get(self, key: str) -> Entry | None:
        row = self.db.execute(
            "SELECT key, state, platform, body, post_id, file_name, line, message FROM rows "
            "WHERE backend=? AND brand_id=? AND key=?",
            (self.backend, self.brand_id, key)).fetchone()
        if row is None:
            return None
        return Entry(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6],
                     row[7])

    def _put(self, key: str, state: str, platform: str, body: dict[str, Any], *,
             post_id: Any = None, file_name: str | None = None, digest: str | None = None,
             line: int | None = None, message: str | None = None) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (self.backend, self.brand_id, key, state, platform,
                 json.dumps(body, ensure_ascii=False),
                 None if post_id is None else str(post_id), digest, file_name, line,
                 message, time.time()))

    def begin(self, key: str, platform: str, body: dict[str, Any], *, file_name: str,
              digest: str, line: int) -> None:
        self._put(key, SENDING, platform, body, file_name=file_name, digest=digest, line=line)

    def created(self, entry_key: str, post_id: Any) -> None:
        with self.db:
            self.db.execute("UPDATE rows SET state=?, post_id=?, message=NULL, updated_at=? "
                            "WHERE backend=? AND brand_id=? AND key=?",
                            (CREATED, str(post_id), time.time(), self.backend, self.brand_id,
                             entry_key))

    def refused(self, entry_key: str, message: str) -> None:
        with self.db:
            self.db.execute("UPDATE rows SET state=?, message=?, updated_at=? "
                            "WHERE backend=? AND brand_id=? AND key=?",
                            (REFUSED, message, time.time(), self.backend, self.brand_id,
                             entry_key))

    # -- media registered from URLs: once per brand and URL ---------------------------------
    def media(self, url: str) -> tuple[int, str | None] | None:
        row = self.db.execute("SELECT media_id, kind FROM media WHERE backend=? AND "
                              "brand_id=? AND url=?",
                              (self.backend, self.brand_id, url)).fetchone()
        return (row[0], row[1]) if row else None

    def add_media(self, url: str, media_id: int, kind: str | None) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO media VALUES (?,?,?,?,?)",
                            (self.backend, self.brand_id, url, media_id, kind))


def already_created(rows: Any, ledger: Ledger) -> dict[str, str]:
    """key -> post id of the rows of an ImportFile an earlier run created."""
    out = {}
    for row in rows.rows:
        entry = ledger.get(row.key)
        if entry is not None and entry.state == CREATED:
            out[row.key] = str(entry.post_id)
    return out
