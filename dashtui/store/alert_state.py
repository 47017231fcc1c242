"""What `dashtui watch` and the open TUI remember about alerts: one SQLite file per account
(`alerts.sqlite3` beside its cache), shared by every dashtui process of that account.

Each alert is a row keyed by what it is about (a post and its cause, or a view crossing its
threshold), written before its command runs:

  pending  -> sending (claimed by one process, attempt n) -> sent
                                                          -> failed (kept; retried next poll)

so an alert is never lost (a failed or interrupted command leaves it to be run again, with
the payload kept here even if the post has left every window since) and never doubled once
the command succeeded (the row says `sent`; another process sees it). The one gap: a process
killed after the command succeeded but before it wrote `sent` runs it again, as attempt n+1
(DASHTUI_ATTEMPT tells the command). A claim older than `stale_after` belongs to a process
that died: it is taken over.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import sqlite_files

SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    key TEXT PRIMARY KEY,        -- post:<backend>:<platform>:<id>:<cause> | view:<name>
    subject TEXT NOT NULL,       -- post:<backend>:<platform>:<id> | view:<name>
    state TEXT NOT NULL,         -- pending | sending | sent | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL,       -- the JSON the command gets on stdin
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    claimed_by INTEGER,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS alerts_subject ON alerts (subject);
"""
KEEP_SENT_DAYS = 30  # a sent alert is forgotten after this long (the post has long moved on)


@dataclass(frozen=True)
class Claimed:
    key: str
    attempt: int
    payload: dict[str, Any]


class AlertState:
    def __init__(self, path: Path) -> None:
        self.path = path
        # FULL: a `sent` must survive a power cut
        self.db, self.notices = sqlite_files.open_store(path, SCHEMA, lambda exc, aside: (
            f"The alert state {path} was unreadable ({exc}); it was moved to {aside.name}: "
            "alerts already sent may be sent again."), synchronous="FULL")

    def close(self) -> None:
        self.db.close()

    # -- recording ----------------------------------------------------------------------
    def add(self, key: str, subject: str, payload: dict[str, Any]) -> bool:
        """Remember a new alert as pending; False when it is already known (any state)."""
        now = time.time()
        with self.db:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO alerts (key, subject, state, payload, created_at, "
                "updated_at) VALUES (?, ?, 'pending', ?, ?, ?)",
                (key, subject, json.dumps(payload, ensure_ascii=False), now, now))
        return cur.rowcount == 1

    def known(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM alerts WHERE key=?", (key,)).fetchone() \
            is not None

    def rearm(self, subject: str) -> int:
        """The post is fine again (or the view back under its threshold): its sent alerts are
        forgotten, so the next failure tells again. Alerts not yet delivered stay."""
        with self.db:
            return self.db.execute("DELETE FROM alerts WHERE subject=? AND state='sent'",
                                   (subject,)).rowcount

    # -- delivering -----------------------------------------------------------------------
    def due(self) -> list[str]:
        """Keys of alerts waiting to be run (pending, failed, or claimed by a dead run)."""
        return [k for (k,) in self.db.execute(
            "SELECT key FROM alerts WHERE state != 'sent' ORDER BY created_at, key")]

    def claim(self, key: str, stale_after: float) -> Claimed | None:
        """Take the alert for this process (None: sent already, or another process is
        running it right now)."""
        now = time.time()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")  # one claimant across processes
            row = self.db.execute("SELECT state, attempts, payload, updated_at FROM alerts "
                                  "WHERE key=?", (key,)).fetchone()
            if row is None or row[0] == "sent":
                return None
            if row[0] == "sending" and now - row[3] < stale_after:
                return None
            self.db.execute("UPDATE alerts SET state='sending', attempts=attempts+1, "
                            "updated_at=?, claimed_by=? WHERE key=?", (now, os.getpid(), key))
        return Claimed(key, row[1] + 1, json.loads(row[2]))

    def finish(self, key: str, ok: bool, error: str | None = None) -> None:
        with self.db:
            self.db.execute("UPDATE alerts SET state=?, updated_at=?, last_error=?, "
                            "claimed_by=NULL WHERE key=?",
                            ("sent" if ok else "failed", time.time(), error, key))

    # -- looking ------------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT key, subject, state, attempts, last_error FROM alerts "
                              "ORDER BY created_at, key")
        return [dict(zip(("key", "subject", "state", "attempts", "last_error"), r))
                for r in cur]

    def prune(self, now: float | None = None) -> int:
        cutoff = (now or time.time()) - KEEP_SENT_DAYS * 86400
        with self.db:
            return self.db.execute("DELETE FROM alerts WHERE state='sent' AND updated_at < ?",
                                   (cutoff,)).rowcount
