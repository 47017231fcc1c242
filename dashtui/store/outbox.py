"""Pending writes and unsaved editor buffers, committed to SQLite before anything is sent.

This file is separate from the cache on purpose: the cache can be thrown away and rebuilt,
this one holds the only copy of what the user typed. So a damaged file is never deleted or
overwritten: it is moved aside, every write still readable in it is copied into a fresh
outbox, and `notices` says so.

A write is in one of three states:
  waiting   queued; the flush sends it when due
  sending   claimed by one run of dashtui, which holds a lease on it until it answers; no
            one else sends it meanwhile. A run that died mid-request leaves it here; the
            next start (or anyone, once the lease ran out) takes it back to waiting.
  decide    needs the user: a conflict, a refusal from a background send, or a create that
            may have reached Dash but could not be looked for. Never sent on its own again.
`sends` counts how many times a send began (committed before the request leaves), so a
restart knows a create may already be on Dash even if no attempt was ever recorded.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import sqlite_files

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
# added after the first release: an older outbox gains them on open
LATER_COLUMNS = {
    "state": "TEXT NOT NULL DEFAULT 'waiting'",
    "lease_owner": "TEXT",
    "lease_until": "REAL NOT NULL DEFAULT 0",
    "sends": "INTEGER NOT NULL DEFAULT 0",
    "decision": "TEXT",
    "base": "TEXT",
    "draft_key": "TEXT",
    # which backend the write goes to (issue 11); every write queued before it went to Dash
    "backend": "TEXT NOT NULL DEFAULT 'dash'",
}
COLUMNS = ("id", "brand_id", "platform", "post_id", "kind", "body", "base_updated_at",
           "created_at", "attempts", "next_attempt", "last_error", *LATER_COLUMNS)

CREATE, UPDATE, DELETE = "create", "update", "delete"
RETRY = "retry"  # the service's own retry call (Genviral's POST /posts/retry)
WAITING, SENDING, DECIDE = "waiting", "sending", "decide"
STATE_LABELS = {WAITING: "waiting", SENDING: "sending", DECIDE: "needs a decision"}
LEASE_SECONDS = 120.0  # longer than any one request (15 s timeout); renewed at each step
PROBE_LIMIT = 50_000  # row ids tried one by one when a damaged table can't be scanned


@dataclass
class Write:
    """One change waiting to reach Dash."""

    id: int
    brand_id: int
    platform: str
    post_id: int | None  # None for a create until it lands
    kind: str  # create | update | delete | retry
    body: dict[str, Any]  # create: the whole post; update: only the changed fields
    base_updated_at: str | None  # the server's updated_at when the edit began
    created_at: float
    attempts: int = 0
    next_attempt: float = 0.0
    last_error: str | None = None
    state: str = WAITING
    lease_owner: str | None = None
    lease_until: float = 0.0
    sends: int = 0  # sends begun: > 0 means Dash may have it already
    decision: dict[str, Any] | None = None  # why it waits for the user (state decide)
    base: dict[str, Any] | None = None  # update: the post as the edit began (for the diff)
    draft_key: str | None = None  # the editor buffer this create came from
    backend: str = "dash"  # the backend it goes to (Backend.name)

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


def _load(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _write(row: dict[str, Any]) -> Write:
    data = {k: row.get(k) for k in COLUMNS if k in row}
    for key in ("body", "decision", "base"):
        data[key] = _load(data.get(key))
    data["state"] = data.get("state") or WAITING
    for key, default in (("attempts", 0), ("next_attempt", 0.0), ("sends", 0),
                         ("lease_until", 0.0)):
        if data.get(key) is None:
            data[key] = default
    return Write(**data)


def _owner_alive(owner: str | None) -> bool:
    """Is the run that holds a lease still there? Only answerable on this host."""
    try:
        host, pid, _ = (owner or "").split(":", 2)
        pid_n = int(pid)
    except ValueError:
        return False
    if host != socket.gethostname():
        return True  # can't tell: trust the lease
    if pid_n == os.getpid():
        return True
    try:
        os.kill(pid_n, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Outbox:
    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time,
                 backend: str = "dash") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.backend = backend  # this outbox lists and counts only that backend's writes
        self.clock = clock
        # one owner per open outbox: two runs (or two sessions in one process) never share
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.notices: list[str] = []
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            self.db = self._replace_damaged(str(exc))
        self.recovered = self.recover()

    # -- opening ----------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        db = sqlite_files.connect(self.path)
        try:
            sqlite_files.check(db)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")  # this is the only copy: fsync it
            with db:
                db.execute("BEGIN IMMEDIATE")
                for stmt in filter(str.strip, SCHEMA.split(";")):
                    db.execute(stmt)
                have = {r[1] for r in db.execute("PRAGMA table_info(writes)")}
                for name, decl in LATER_COLUMNS.items():
                    if name not in have:
                        db.execute(f"ALTER TABLE writes ADD COLUMN {name} {decl}")
                if "sends" not in have:
                    # an older run kept no such count: any queued create may have reached
                    # Dash, so each is looked for before it is sent
                    db.execute("UPDATE writes SET sends=1 WHERE kind=?", (CREATE,))
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _replace_damaged(self, why: str) -> sqlite3.Connection:
        aside = sqlite_files.move_aside(self.path)
        writes, buffers = salvage(aside)
        db = self._open()
        with db:
            for w in writes:
                state = WAITING if w.get("state") == SENDING else (w.get("state") or WAITING)
                row = {**{k: w.get(k) for k in COLUMNS}, "state": state, "lease_owner": None,
                       "lease_until": 0.0}
                for key, default in (("attempts", 0), ("next_attempt", 0.0), ("sends", 0),
                                     ("created_at", self.clock()), ("backend", "dash")):
                    if row.get(key) is None:
                        row[key] = default
                db.execute(f"INSERT INTO writes ({','.join(COLUMNS)}) VALUES "
                           f"({','.join('?' * len(COLUMNS))})", [row[k] for k in COLUMNS])
            for key, body, saved_at in buffers:
                db.execute("INSERT OR REPLACE INTO buffers VALUES (?,?,?)", (key, body, saved_at))
        found = (f"{len(writes)} queued write(s) and {len(buffers)} unsaved editor buffer(s) "
                 "could still be read and were copied into a new outbox; they will be sent"
                 if writes or buffers else
                 "nothing could be read from it, so writes queued in it were not recovered")
        self.notices.append(
            f"The outbox of queued writes was damaged ({why}). It was moved aside, not "
            f"deleted, to {aside}; {found}.")
        return db

    def close(self) -> None:
        self.db.close()

    # -- writes -----------------------------------------------------------------------------
    def add(self, *, brand_id: int, platform: str, kind: str, body: dict[str, Any],
            post_id: int | None = None, base_updated_at: str | None = None,
            base: dict[str, Any] | None = None, draft_key: str | None = None) -> Write:
        now = self.clock()
        with self.db:
            cur = self.db.execute(
                "INSERT INTO writes (brand_id, platform, post_id, kind, body, base_updated_at,"
                " created_at, base, draft_key, backend) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (brand_id, platform, post_id, kind, _dump(body), base_updated_at, now,
                 _dump(base), draft_key, self.backend))
        return Write(cur.lastrowid, brand_id, platform, post_id, kind, body, base_updated_at,
                     now, base=base, draft_key=draft_key, backend=self.backend)

    def _select(self, where: str = "", args: tuple = ()) -> list[Write]:
        where = f"WHERE backend=? AND ({where.removeprefix('WHERE ')})" if where else \
            "WHERE backend=?"
        cur = self.db.execute(f"SELECT {','.join(COLUMNS)} FROM writes {where} ORDER BY id",
                              (self.backend, *args))
        return [_write(dict(zip(COLUMNS, r))) for r in cur]

    def pending(self, brand_id: int | None = None) -> list[Write]:
        """Every queued write, whatever its state, oldest first."""
        if brand_id is None:
            return self._select()
        return self._select("WHERE brand_id=?", (brand_id,))

    def get(self, write_id: int) -> Write | None:
        found = self._select("WHERE id=?", (write_id,))
        return found[0] if found else None

    def count(self, brand_id: int | None = None) -> int:
        if brand_id is None:
            return self.db.execute("SELECT COUNT(*) FROM writes WHERE backend=?",
                                   (self.backend,)).fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM writes WHERE backend=? AND brand_id=?",
                               (self.backend, brand_id)).fetchone()[0]

    def count_deciding(self, brand_id: int | None = None) -> int:
        """Writes that wait for the user (conflicts and the like)."""
        sql, args = "SELECT COUNT(*) FROM writes WHERE backend=? AND state=?", (
            self.backend, DECIDE)
        if brand_id is not None:
            sql, args = sql + " AND brand_id=?", (*args, brand_id)
        return self.db.execute(sql, args).fetchone()[0]

    def for_post(self, platform: str, post_id: int) -> list[Write]:
        return self._select("WHERE platform=? AND post_id=?", (platform, post_id))

    # the editor's restore offer asks: is this new post already queued?
    def find_for_draft(self, draft_key: str) -> list[Write]:
        """Queued creates made from the editor buffer `draft_key` (see Writer.create)."""
        return self._select("WHERE draft_key=?", (draft_key,))

    def find_for_group(self, platform: str, post_group_id: str) -> list[Write]:
        """Queued creates carrying `post_group_id` on `platform`."""
        return [w for w in self._select("WHERE platform=? AND kind=?", (platform, CREATE))
                if w.body.get("post_group_id") == post_group_id]

    # -- the send cycle ---------------------------------------------------------------------
    def claim(self, write: Write, *, decided: bool = False) -> bool:
        """Mark `write` in flight for this run. False if someone else is sending it, it
        waits for a decision (unless `decided`: the user chose to send it), or it is gone."""
        now = self.clock()
        states = (WAITING, DECIDE) if decided else (WAITING,)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            row = self.db.execute("SELECT state, lease_owner, lease_until FROM writes "
                                  "WHERE id=?", (write.id,)).fetchone()
            if row is None:
                return False
            state, owner, until = row
            stale = state == SENDING and (until < now or not _owner_alive(owner))
            if state not in states and not stale:
                return False
            self.db.execute("UPDATE writes SET state=?, lease_owner=?, lease_until=?, "
                            "sends=sends+1, decision=NULL WHERE id=?",
                            (SENDING, self.owner, now + LEASE_SECONDS, write.id))
            sends = self.db.execute("SELECT sends FROM writes WHERE id=?",
                                    (write.id,)).fetchone()[0]
        write.state, write.lease_owner = SENDING, self.owner
        write.lease_until, write.sends, write.decision = now + LEASE_SECONDS, sends, None
        return True

    def renew(self, write: Write) -> None:
        write.lease_until = self.clock() + LEASE_SECONDS
        with self.db:
            self.db.execute("UPDATE writes SET lease_until=? WHERE id=? AND lease_owner=?",
                            (write.lease_until, write.id, self.owner))

    def failed_attempt(self, write: Write, error: str, retry_in: float) -> None:
        """Back to waiting, to be tried again in `retry_in` seconds."""
        write.attempts += 1
        write.last_error = error
        write.next_attempt = self.clock() + retry_in
        write.state, write.lease_owner, write.lease_until = WAITING, None, 0.0
        with self.db:
            self.db.execute("UPDATE writes SET attempts=?, last_error=?, next_attempt=?, "
                            "state=?, lease_owner=NULL, lease_until=0 WHERE id=?",
                            (write.attempts, error, write.next_attempt, WAITING, write.id))

    def needs_decision(self, write: Write, why: str, message: str, *,
                       server: dict[str, Any] | None = None,
                       field_errors: dict[str, list[str]] | None = None) -> None:
        """Park the write for the user: `why` is conflict, refused or unknown."""
        write.state, write.lease_owner, write.lease_until = DECIDE, None, 0.0
        write.decision = {"why": why, "message": message, "server": server,
                          "field_errors": field_errors or {}}
        write.last_error = message
        with self.db:
            self.db.execute("UPDATE writes SET state=?, decision=?, last_error=?, "
                            "lease_owner=NULL, lease_until=0 WHERE id=?",
                            (DECIDE, _dump(write.decision), message, write.id))

    def rebase(self, write: Write, base_updated_at: str | None) -> None:
        """The user chose to keep their change over a newer server version."""
        write.base_updated_at = base_updated_at
        with self.db:
            self.db.execute("UPDATE writes SET base_updated_at=? WHERE id=?",
                            (base_updated_at, write.id))

    def rebase_followers(self, write: Write, updated_at: str | None) -> None:
        """`write` landed: later updates of the same post begun from the same version now
        start from the version it made (our own change is not a conflict)."""
        if write.post_id is None or updated_at is None:
            return
        with self.db:
            self.db.execute(
                "UPDATE writes SET base_updated_at=? WHERE platform=? AND post_id=? AND kind=?"
                " AND id>? AND base_updated_at IS ?",
                (updated_at, write.platform, write.post_id, UPDATE, write.id,
                 write.base_updated_at))

    def take_waiting(self, write: Write) -> bool:
        """Remove a waiting write (to fold it into a newer one); False if it is being sent
        or waits for a decision meanwhile."""
        with self.db:
            cur = self.db.execute("DELETE FROM writes WHERE id=? AND state=?",
                                  (write.id, WAITING))
        return cur.rowcount == 1

    def done(self, write: Write) -> None:
        with self.db:
            self.db.execute("DELETE FROM writes WHERE id=?", (write.id,))

    def recover(self) -> int:
        """Writes left `sending` by a run that is gone (or whose lease ran out) go back to
        waiting; they keep their `sends`, so a create is looked for before it is sent."""
        now = self.clock()
        stale = [w for w in self._select("WHERE state=?", (SENDING,))
                 if w.lease_until < now or not _owner_alive(w.lease_owner)]
        with self.db:
            for w in stale:
                self.db.execute("UPDATE writes SET state=?, lease_owner=NULL, lease_until=0,"
                                " next_attempt=0, last_error=? WHERE id=? AND state=?",
                                (WAITING, "interrupted while sending (dashtui stopped)",
                                 w.id, SENDING))
        return len(stale)

    # -- editor buffers ---------------------------------------------------------------------
    def save_buffer(self, key: str, body: dict[str, Any]) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO buffers VALUES (?,?,?)",
                            (key, json.dumps(body, ensure_ascii=False), self.clock()))

    def buffers(self) -> list[tuple[str, dict[str, Any], float]]:
        return [(k, json.loads(b), t) for k, b, t in
                self.db.execute("SELECT key, body, saved_at FROM buffers ORDER BY saved_at")]

    def drop_buffer(self, key: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM buffers WHERE key=?", (key,))


# -- reading what is left of a damaged outbox ----------------------------------------------
def salvage(path: Path) -> tuple[list[dict[str, Any]], list[tuple[str, str, float]]]:
    """Every write row and buffer still readable in the (moved-aside) file at `path`.

    It reads a copy, so the damaged file itself stays byte for byte as it was (SQLite would
    otherwise checkpoint or roll back into it). A table that can't be scanned is read row by
    row, so one bad page loses only the rows on it.
    """
    with tempfile.TemporaryDirectory(prefix="dashtui-salvage-") as tmp:
        copy = Path(tmp) / "outbox.sqlite3"
        for suffix in sqlite_files.SIDE_FILES:
            src = Path(str(path) + suffix)
            if src.exists():
                shutil.copyfile(src, Path(str(copy) + suffix))
        try:
            db = sqlite3.connect(copy)
            # a truncated file's header claims more pages than are left; SQLite refuses it
            # unless told to read what is there (this is a throwaway copy, never written)
            db.execute("PRAGMA writable_schema = ON")
        except sqlite3.DatabaseError:
            return [], []
        try:
            writes = [r for r in _rows(db, "writes") if _readable_write(r)]
            buffers = [(r["key"], r["body"], r["saved_at"]) for r in _rows(db, "buffers")
                       if _readable_buffer(r)]
        finally:
            db.close()
    return writes, buffers


def _rows(db: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    try:
        cur = db.execute(f"SELECT rowid AS _rowid, * FROM {table}")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    except sqlite3.DatabaseError:
        pass
    try:
        cur = db.execute(f"SELECT rowid AS _rowid, * FROM {table} WHERE rowid=-1")
        names = [d[0] for d in cur.description]
    except sqlite3.DatabaseError:
        return []  # not even the schema is readable
    found, misses = [], 0
    for rowid in range(1, PROBE_LIMIT):
        try:
            row = db.execute(f"SELECT rowid AS _rowid, * FROM {table} WHERE rowid=?",
                             (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            row, misses = None, 0  # a bad page: rows further on may still be fine
            continue
        if row is None:
            misses += 1
            if misses > 2000:  # well past the last id ever given
                break
            continue
        misses = 0
        found.append(dict(zip(names, row)))
    return found


def _readable_write(row: dict[str, Any]) -> bool:
    try:
        body = json.loads(row["body"])
        for key in ("decision", "base"):
            if row.get(key) is not None:
                json.loads(row[key])
        return (isinstance(body, dict) and row["kind"] in (CREATE, UPDATE, DELETE, RETRY)
                and isinstance(row["platform"], str) and isinstance(row["brand_id"], int))
    except (KeyError, TypeError, ValueError):
        return False


def _readable_buffer(row: dict[str, Any]) -> bool:
    try:
        return isinstance(row["key"], str) and isinstance(json.loads(row["body"]), dict)
    except (KeyError, TypeError, ValueError):
        return False
