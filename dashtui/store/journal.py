"""The journal: every write dashtui made and what the service answered, kept across restarts.

One SQLite file per account (next to its outbox). An entry is written when a write from the
outbox got its answer: it landed (with the post's version after it, so a later undo can tell
whether anyone changed the post since) or the service refused it (with the status and the
error). Writes still queued are the outbox's business, not the journal's.

Bounded: the newest KEEP_ENTRIES entries of at most KEEP_DAYS days are kept; older ones are
dropped when the file opens and every PRUNE_EVERY entries. A damaged file is moved aside
(never deleted) and a fresh one started; `notices` says so.

No token is stored: bodies and messages are scrubbed of every secret the process knows
(dashtui.errors.scrub) before they are written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import scrub
from . import sqlite_files
from .outbox import CREATE, DELETE, UPDATE, Write

KEEP_ENTRIES = 5000
KEEP_DAYS = 90
PRUNE_EVERY = 100
UNDO_KEY = "undo:"  # an undo's outbox write carries draft_key "undo:<entry id>"

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,          -- when the answer came (epoch seconds)
    backend TEXT NOT NULL,
    account TEXT,              -- the config's account name
    user TEXT,                 -- who the token is, as whoami said (when known)
    brand_id INTEGER,
    platform TEXT NOT NULL,
    post_id INTEGER,           -- a create's new id
    kind TEXT NOT NULL,        -- create | update | delete | retry
    write_id INTEGER,          -- the outbox write it came from
    ok INTEGER NOT NULL,       -- 1: it landed; 0: refused
    status INTEGER,            -- HTTP status of a refusal, when known
    answer TEXT NOT NULL,      -- the service's answer in words
    version TEXT,              -- the post's version after the write (conflict check)
    changes TEXT NOT NULL,     -- update: {field: [before, after]}; create/retry: the body
    post TEXT,                 -- the post after the write; a delete's: the post before it
    undoes INTEGER,            -- this entry undid that one
    undone_by INTEGER          -- that entry undid this one
);
CREATE INDEX IF NOT EXISTS entries_at ON entries (at);
"""
COLUMNS = ("id", "at", "backend", "account", "user", "brand_id", "platform", "post_id", "kind",
           "write_id", "ok", "status", "answer", "version", "changes", "post", "undoes",
           "undone_by")


@dataclass
class Entry:
    id: int
    at: float
    backend: str
    account: str | None
    user: str | None
    brand_id: int | None
    platform: str
    post_id: int | None
    kind: str
    write_id: int | None
    ok: bool
    status: int | None
    answer: str
    version: str | None
    changes: dict[str, Any]
    post: dict[str, Any] | None
    undoes: int | None = None
    undone_by: int | None = None

    @property
    def diff(self) -> dict[str, tuple[Any, Any]]:
        """An update's fields: name -> (before, after)."""
        if self.kind != UPDATE:
            return {}
        return {k: (v[0], v[1]) for k, v in self.changes.items()
                if isinstance(v, list) and len(v) == 2}

    @property
    def what(self) -> str:
        """`caption, timestamp` for an update, else the kind; an undo says so."""
        what = ", ".join(self.diff) if self.kind == UPDATE else self.kind
        return f"undo #{self.undoes}: {what}" if self.undoes else what


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(scrub(value), ensure_ascii=False,
                                                 default=str)


def _entry(row: tuple) -> Entry:
    data = dict(zip(COLUMNS, row))
    data["ok"] = bool(data["ok"])
    data["changes"] = json.loads(data["changes"] or "{}")
    data["post"] = json.loads(data["post"]) if data["post"] else None
    return Entry(**data)


def undo_target(write: Write) -> int | None:
    """The journal entry an outbox write undoes, if it is an undo."""
    key = write.draft_key or ""
    if key.startswith(UNDO_KEY) and key[len(UNDO_KEY):].isdigit():
        return int(key[len(UNDO_KEY):])
    return None


class Journal:
    def __init__(self, path: Path, *, backend: str = "dash", account: str | None = None,
                 user: str | None = None, clock: Callable[[], float] = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.backend = backend
        self.account = account
        self.user = user
        self.clock = clock
        self._since_prune = 0
        self.db, self.notices = sqlite_files.open_store(path, SCHEMA, lambda exc, aside: (
            f"The journal of past writes was damaged ({exc}). It was moved aside, not "
            f"deleted, to {aside}; a new one was started."))
        self.prune()

    def close(self) -> None:
        self.db.close()

    def prune(self) -> None:
        """Keep the newest KEEP_ENTRIES entries of the last KEEP_DAYS days."""
        self._since_prune = 0
        with self.db:
            self.db.execute("DELETE FROM entries WHERE at < ?",
                            (self.clock() - KEEP_DAYS * 86400,))
            self.db.execute("DELETE FROM entries WHERE id <= (SELECT MAX(id) FROM entries) - ?",
                            (KEEP_ENTRIES,))

    # -- writing ----------------------------------------------------------------------------
    def add(self, *, brand_id: int | None, platform: str, post_id: int | None, kind: str,
            write_id: int | None, ok: bool, answer: str, changes: dict[str, Any],
            post: dict[str, Any] | None, status: int | None = None,
            version: str | None = None, undoes: int | None = None) -> Entry:
        now = self.clock()
        values = (now, self.backend, self.account, self.user, brand_id, platform, post_id,
                  kind, write_id, int(ok), status, scrub(answer), version, _dump(changes) or "{}",
                  _dump(post), undoes)
        with self.db:
            cur = self.db.execute(
                f"INSERT INTO entries ({','.join(COLUMNS[1:17])}) VALUES "
                f"({','.join('?' * 16)})", values)
            if undoes is not None and ok:
                self.db.execute("UPDATE entries SET undone_by=? WHERE id=?",
                                (cur.lastrowid, undoes))
        self._since_prune += 1
        if self._since_prune >= PRUNE_EVERY:
            self.prune()
        found = self.get(cur.lastrowid)
        assert found is not None
        return found

    def record(self, write: Write, *, ok: bool, answer: str, post: dict[str, Any] | None,
               checked: dict[str, Any] | None = None, version: str | None = None,
               status: int | None = None) -> Entry:
        """An outbox write's answer. `post`: the post after it (None after a delete or a
        refusal); `checked`: the post as read just before an update was sent."""
        if write.kind == UPDATE:
            # before: the service's version read just before the PATCH (the writer passes
            # it only when the PATCH then went out); else the post as the edit began
            before = checked or write.base or {}
            after = post if ok and post is not None else write.body
            changes: dict[str, Any] = {k: [before.get(k), after.get(k, write.body[k])]
                                       for k in write.body}
        elif write.kind == DELETE:
            changes = {}
        else:  # create, retry: what was sent
            changes = dict(write.body)
        snapshot = write.base if write.kind == DELETE else (post or write.base)
        post_id = write.post_id
        if write.kind == CREATE and post is not None:
            post_id = post.get("id", post_id)
        return self.add(brand_id=write.brand_id, platform=write.platform, post_id=post_id,
                        kind=write.kind, write_id=write.id, ok=ok, answer=answer,
                        changes=changes, post=snapshot, status=status, version=version,
                        undoes=undo_target(write))

    # -- reading ----------------------------------------------------------------------------
    def entries(self, limit: int | None = None) -> list[Entry]:
        """Newest first."""
        sql = f"SELECT {','.join(COLUMNS)} FROM entries WHERE backend=? ORDER BY id DESC"
        args: tuple = (self.backend,)
        if limit is not None:
            sql, args = sql + " LIMIT ?", (*args, limit)
        return [_entry(r) for r in self.db.execute(sql, args)]

    def get(self, entry_id: int) -> Entry | None:
        row = self.db.execute(f"SELECT {','.join(COLUMNS)} FROM entries WHERE id=?",
                              (entry_id,)).fetchone()
        return _entry(row) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM entries WHERE backend=?",
                               (self.backend,)).fetchone()[0]


def token_user(me: Any) -> str | None:
    """Who the token is, from whoami's answer: a user's e-mail or name where the service
    says one (Dash's /api/self documents none), else the organization's name."""
    extra = getattr(me, "model_extra", None) or {}
    user = extra.get("user") if isinstance(extra.get("user"), dict) else {}
    for value in (extra.get("email"), user.get("email"), user.get("name"),
                  extra.get("username"), extra.get("name")):
        if isinstance(value, str) and value.strip():
            return value.strip()[:80]
    org = getattr(me, "organization", None)
    name = getattr(org, "name", None)
    return f"org {name}"[:80] if isinstance(name, str) and name.strip() else None
