"""The local SQLite cache of each brand's scheduled posts.

Screens paint from here before the network answers. The file holds nothing that can't be
fetched again, so a corrupt or outdated one is moved aside and rebuilt, never a crash. Pending
writes live in a separate file (outbox.py): losing the cache must never lose an edit.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..domain.platforms import Platform
from . import sqlite_files

if TYPE_CHECKING:  # the models load pydantic: the first frame reads rows, not posts
    from ..domain.posts import Post

# bump when a column is added or what a cached column counts changes (the cache is rebuilt):
# 2 added `odd`; 3 keyed posts by backend (issue 11): an older cache is rebuilt from the
# service (it holds nothing that can't be fetched again; the outbox, apart, keeps its writes);
# 4: `findings` is the errors, or minus the warnings (✗2 / ⚠1), no longer all of them
SCHEMA_VERSION = 4

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    backend TEXT NOT NULL DEFAULT 'dash',  -- Backend.name: ids are only unique per service
    platform TEXT NOT NULL,
    id INTEGER NOT NULL,
    brand_id INTEGER NOT NULL,
    status TEXT,
    ts INTEGER,                -- scheduled time, UTC epoch seconds, NULL for undated drafts
    updated_at TEXT,
    caption TEXT NOT NULL DEFAULT '',
    media_count INTEGER NOT NULL DEFAULT 0,
    approval TEXT,
    error TEXT,
    findings INTEGER NOT NULL DEFAULT 0,
    odd INTEGER NOT NULL DEFAULT 0,  -- values Dash sent that dashtui could not read
    json TEXT NOT NULL,
    PRIMARY KEY (backend, platform, id)
);
CREATE INDEX IF NOT EXISTS posts_brand_ts ON posts (brand_id, ts);
CREATE TABLE IF NOT EXISTS windows (
    brand_id INTEGER NOT NULL,
    platform TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    synced_at REAL NOT NULL,
    PRIMARY KEY (brand_id, platform, start, end)
);
"""

# every column, in the order _row gives them (inserts name them: the table's order may differ)
_ALL_COLUMNS = "backend, platform, id, brand_id, status, ts, updated_at, caption, media_count, " \
               "approval, error, findings, odd, json"
_INSERT = f"INSERT OR REPLACE INTO posts ({_ALL_COLUMNS}) VALUES ({','.join('?' * 14)})"

ROW_COLUMNS = "platform, id, brand_id, status, ts, updated_at, caption, media_count, approval, " \
              "error, findings, odd"


class PostRow(NamedTuple):
    """What lists and the calendar need of a post, without parsing its JSON."""

    platform: str
    id: int
    brand_id: int
    status: str | None
    ts: int | None  # UTC epoch seconds
    updated_at: str | None
    caption: str
    media_count: int
    approval: str | None
    error: str | None
    findings: int
    odd: int = 0  # values Dash sent that the model could not read (Post.unparsed)

    @property
    def when(self) -> datetime | None:
        return None if self.ts is None else datetime.fromtimestamp(self.ts, timezone.utc)

    @property
    def key(self) -> tuple[str, int]:
        return (self.platform, self.id)


# how many rule findings a post has; the store is told by the caller (keeps rules out of I/O)
FindingCounter = Callable[["Post"], int]


def _interned(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)


def _epoch(dt: datetime | None) -> int | None:
    return None if dt is None else int(dt.timestamp())


@dataclass
class CacheNotice:
    """Something the user should hear about, e.g. a corrupt file that was set aside."""

    text: str


class Cache:
    """One SQLite file; posts of every brand, partitioned by brand_id."""

    def __init__(self, path: Path, count_findings: FindingCounter | None = None, *,
                 backend: str = "dash") -> None:
        self.path = path
        self.backend = backend  # Backend.name: the posts written here are keyed by it
        self.count_findings = count_findings or (lambda post: 0)
        self.notices: list[CacheNotice] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        # The page check reads the whole file (~75 ms at 100,000 posts, before the first
        # frame), so a file left exactly as a clean close wrote it is not checked again. The
        # stamp goes at once: after a crash, or another dashtui still writing, it is checked.
        self._check_pages = not self._closed_clean()
        self._stamp.unlink(missing_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            self._check_pages = True
            self.db = self._rebuild(f"unreadable ({exc})")

    # -- opening, checking, rebuilding -------------------------------------------------------
    @property
    def _stamp(self) -> Path:
        return self.path.with_name(self.path.name + ".clean")

    def _file_state(self) -> str | None:
        """Size and modification time of the file, or None while it has a write-ahead log
        (a connection is open, or one ended without a checkpoint)."""
        if Path(f"{self.path}-wal").exists():
            return None
        try:
            st = self.path.stat()
        except OSError:
            return None
        return f"{st.st_size} {st.st_mtime_ns}"

    def _closed_clean(self) -> bool:
        try:
            stamp = self._stamp.read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return False
        return stamp == self._file_state()

    def _open(self) -> sqlite3.Connection:
        db = sqlite_files.connect(self.path)
        try:
            if self._check_pages:
                sqlite_files.check(db)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            version = self._version(db)
            if version is not None and version != SCHEMA_VERSION:
                db.close()
                return self._rebuild(f"from an older dashtui (schema {version})", quiet=True)
            with db:
                db.execute("BEGIN IMMEDIATE")
                for stmt in filter(str.strip, SCHEMA.split(";")):
                    db.execute(stmt)
                db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                           (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @staticmethod
    def _version(db: sqlite3.Connection) -> int | None:
        has_meta = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not has_meta:
            return None
        row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else None

    def _rebuild(self, why: str, *, quiet: bool = False) -> sqlite3.Connection:
        aside = sqlite_files.move_aside(self.path)
        if not quiet:
            self.notices.append(CacheNotice(
                f"The local cache was {why}; it was moved to {aside.name} and is being rebuilt "
                "from Dash."))
        return self._open()

    def close(self) -> None:
        self.db.close()  # the last connection's close checkpoints and removes the log
        state = self._file_state()
        if state is not None:
            try:
                self._stamp.write_text(state, "ascii")
            except OSError:
                pass  # no stamp: the next start checks the pages, as it always did

    # -- writes -----------------------------------------------------------------------------
    @staticmethod
    def _json(post: Post) -> str:
        if post.unparsed:  # kept as Dash sent them, so the next read sees them again
            return json.dumps(post.raw_json(), ensure_ascii=False)
        # pydantic-core writes JSON natively: several times faster than to_json + json.dumps
        return post.model_dump_json(exclude_unset=True, by_alias=True)

    def _row(self, post: Post, body: str | None = None) -> tuple:
        platform = post.platform.value
        return (
            self.backend, platform, post.id, post.brand_id, post.status, _epoch(post.timestamp),
            post.updated_at.isoformat() if post.updated_at else None,
            post.caption, len(post.media_ids), post.approval_status, post.error_text or None,
            self.count_findings(post), len(post.unparsed),
            body if body is not None else self._json(post),
        )

    def upsert(self, posts: Iterable[Post]) -> None:
        rows = [self._row(p) for p in posts if p.id is not None and p.brand_id is not None]
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                _INSERT, rows)

    def remove(self, platform: str, post_id: int) -> None:
        with self.db:
            self.db.execute("DELETE FROM posts WHERE backend=? AND platform=? AND id=?",
                            (self.backend, platform, post_id))

    def replace_window(self, brand_id: int, platform: Platform | str, start: datetime,
                       end: datetime, posts: Sequence[Post]) -> int:
        """Make the cache's view of [start, end) for one platform equal to `posts`.

        Posts the server no longer returns in that window are removed; returns how many.
        """
        lo, hi = _epoch(start), _epoch(end)
        return self._replace(brand_id, Platform(platform).value, "ts >= ? AND ts < ?",
                             (lo, hi), posts, window=(lo, hi))

    def replace_undated(self, brand_id: int, platform: Platform | str,
                        posts: Sequence[Post]) -> int:
        """The same for drafts that have no time."""
        return self._replace(brand_id, Platform(platform).value, "ts IS NULL", (), posts)

    def _replace(self, brand_id: int, platform: str, cond: str, cond_args: tuple,
                 posts: Sequence[Post], window: tuple | None = None) -> int:
        keep = [p.id for p in posts if p.id is not None]
        # most of a refresh is posts nobody touched: same JSON as cached, nothing to redo
        cached = dict(self.db.execute(
            f"SELECT id, json FROM posts WHERE backend=? AND brand_id=? AND platform=? AND "
            f"({cond})", (self.backend, brand_id, platform, *cond_args)))
        rows = []
        for p in posts:
            if p.id is None:
                continue
            body = self._json(p)
            if cached.get(p.id) != body:
                rows.append(self._row(p, body))
        # NOT IN (NULL) matches nothing, so an empty answer needs no id clause at all
        kept = f"AND id NOT IN ({','.join('?' * len(keep))})" if keep else ""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            cur = self.db.execute(
                f"DELETE FROM posts WHERE backend=? AND brand_id=? AND platform=? AND ({cond}) "
                f"{kept}", (self.backend, brand_id, platform, *cond_args, *keep))
            self.db.executemany(
                _INSERT, rows)
            if window is not None:
                self.db.execute("INSERT OR REPLACE INTO windows VALUES (?,?,?,?,?)",
                                (brand_id, platform, *window, time.time()))
        return cur.rowcount

    # -- reads ------------------------------------------------------------------------------
    def rows(self, brand_ids: Sequence[int], start: datetime | None = None,
             end: datetime | None = None, *, undated: bool = True,
             statuses: Sequence[str] | None = None) -> list[PostRow]:
        """Posts of the brands, in time order, optionally bounded to [start, end)."""
        return list(self.iter_rows(brand_ids, start, end, undated=undated, statuses=statuses))

    def iter_rows(self, brand_ids: Sequence[int], start: datetime | None = None,
                  end: datetime | None = None, *, undated: bool = True,
                  statuses: Sequence[str] | None = None) -> Iterator[PostRow]:
        """The same, one at a time: a big list need never hold every full caption at once."""
        where = [f"brand_id IN ({','.join('?' * len(brand_ids))})"]
        args: list = list(brand_ids)
        if start is not None and end is not None:
            where.append("((ts >= ? AND ts < ?)" + (" OR ts IS NULL)" if undated else ")"))
            args += [_epoch(start), _epoch(end)]
        if statuses:
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            args += list(statuses)
        sql = (f"SELECT {ROW_COLUMNS} FROM posts WHERE {' AND '.join(where)} "
               "ORDER BY ts IS NULL, ts, platform, id")
        # sqlite3 makes a fresh str per value: ten platforms and a dozen statuses repeated
        # over 100,000 rows are worth sharing
        intern = _interned
        for p, i, b, st, ts, up, cap, mc, ap, err, f, odd in self.db.execute(sql, args):
            yield PostRow(intern(p), i, b, intern(st), ts, up, cap, mc, intern(ap), err, f, odd)

    def posts_with(self, brand_ids: Sequence[int], start: datetime, end: datetime, *,
                   statuses: Sequence[str], contains: str, undated: bool = True
                   ) -> list[Post]:
        """Whole posts of the brands in [start, end) (and undated) in these statuses whose
        JSON holds `contains`: a cheap text test before parsing (the approvals view parses
        only posts that mention APPROVAL_REQUIRED)."""
        from ..domain.posts import parse_post

        where = (f"backend=? AND brand_id IN ({','.join('?' * len(brand_ids))}) AND "
                 f"status IN ({','.join('?' * len(statuses))}) AND "
                 "((ts >= ? AND ts < ?)" + (" OR ts IS NULL)" if undated else ")") +
                 " AND instr(json, ?) > 0")
        args = [self.backend, *brand_ids, *statuses, _epoch(start), _epoch(end), contains]
        return [parse_post(p, json.loads(body)) for p, body in self.db.execute(
            f"SELECT platform, json FROM posts WHERE {where} ORDER BY ts IS NULL, ts", args)]

    def get(self, platform: Platform | str, post_id: int) -> Post | None:
        row = self.db.execute("SELECT json FROM posts WHERE platform=? AND id=?",
                              (Platform(platform).value, post_id)).fetchone()
        from ..domain.posts import parse_post

        return parse_post(platform, json.loads(row[0])) if row else None

    # -- groups (post_group_id: the same content on several platforms) ---------------------
    def group_rows(self, post_group_id: str) -> list[PostRow]:
        """Every cached post of one group, in time and platform order."""
        sql = (f"SELECT {ROW_COLUMNS} FROM posts WHERE backend=? AND "
               "json_extract(json, '$.post_group_id') = ? ORDER BY ts, platform, id")
        return [PostRow(*r) for r in self.db.execute(sql, (self.backend, post_group_id))]

    def grouped_keys(self, brand_ids: Sequence[int], start: datetime, end: datetime
                     ) -> dict[tuple[str, int], int]:
        """(platform, id) -> group size, for the window's posts whose group has siblings
        in the window too (siblings share their time, so the window finds them)."""
        marks = ",".join("?" * len(brand_ids))
        sql = (f"WITH w AS (SELECT platform, id, json_extract(json, '$.post_group_id') AS g "
               f"FROM posts WHERE backend=? AND brand_id IN ({marks}) AND "
               "((ts >= ? AND ts < ?) OR ts IS NULL)), "
               "n AS (SELECT g, COUNT(*) AS size FROM w WHERE g IS NOT NULL GROUP BY g "
               "HAVING COUNT(*) > 1) SELECT w.platform, w.id, n.size FROM w JOIN n USING (g)")
        args = (self.backend, *brand_ids, _epoch(start), _epoch(end))
        return {(p, i): size for p, i, size in self.db.execute(sql, args)}

    def caption(self, platform: str, post_id: int) -> str | None:
        """One post's caption, for a list that keeps none in memory."""
        row = self.db.execute("SELECT caption FROM posts WHERE platform=? AND id=?",
                              (platform, post_id)).fetchone()
        return row[0] if row else None

    def count(self, brand_id: int | None = None) -> int:
        if brand_id is None:
            return self.db.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM posts WHERE brand_id=?",
                               (brand_id,)).fetchone()[0]

    def meta_get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def meta_set(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def last_synced(self, brand_id: int, platform: str | None = None) -> float | None:
        """When any window of this brand (of one platform) was last refreshed (epoch s)."""
        if platform is None:
            row = self.db.execute("SELECT MAX(synced_at) FROM windows WHERE brand_id=?",
                                  (brand_id,)).fetchone()
        else:
            row = self.db.execute("SELECT MAX(synced_at) FROM windows WHERE brand_id=? AND "
                                  "platform=?", (brand_id, platform)).fetchone()
        return row[0] if row and row[0] is not None else None
