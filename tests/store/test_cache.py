"""The SQLite cache: reconcile windows, survive corruption and old schemas, share safely."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from dashtui.domain.posts import parse_post
from dashtui.store.cache import SCHEMA_VERSION, Cache

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _post(pid: int, *, platform="instagram", brand=144, days=1, status="SCHEDULED", **extra):
    data = {"id": pid, "brand_id": brand, "status": status, "media_ids": [1],
            "timestamp": None if days is None else (T0 + timedelta(days=days)).isoformat()}
    field = {"instagram": "caption", "twitter": "tweet_status"}.get(platform, "text")
    data[field] = extra.pop("text", f"post {pid}")
    data.update(extra)
    return parse_post(platform, data)


def test_rows_are_in_time_order_with_undated_last(tmp_path):
    cache = Cache(tmp_path / "c.db")
    cache.upsert([_post(3, days=5), _post(1, days=None, status="DRAFT"), _post(2, days=2)])
    assert [r.id for r in cache.rows([144])] == [2, 3, 1]
    window = cache.rows([144], T0, T0 + timedelta(days=3), undated=False)
    assert [r.id for r in window] == [2]


def test_full_post_round_trips_with_unknown_fields(tmp_path):
    cache = Cache(tmp_path / "c.db")
    cache.upsert([_post(7, text="[bold]x\x1b[31m 🎉", brand_new_field={"a": [1, 2]})])
    post = cache.get("instagram", 7)
    assert post.caption == "[bold]x\x1b[31m 🎉"
    assert post.to_json()["brand_new_field"] == {"a": [1, 2]}


def test_replace_window_removes_posts_gone_from_the_server(tmp_path):
    cache = Cache(tmp_path / "c.db")
    cache.upsert([_post(1, days=1), _post(2, days=2), _post(3, days=40),
                  _post(4, days=2, platform="twitter"), _post(5, days=2, brand=2000)])
    removed = cache.replace_window(144, "instagram", T0, T0 + timedelta(days=30),
                                   [_post(2, days=2, text="edited")])
    assert removed == 1
    ids = {(r.platform, r.id) for r in cache.rows([144, 2000])}
    # outside the window, another platform and another brand are untouched
    assert ids == {("instagram", 2), ("instagram", 3), ("twitter", 4), ("instagram", 5)}
    assert cache.get("instagram", 2).caption == "edited"
    assert cache.last_synced(144) is not None and cache.last_synced(2000) is None


def test_empty_answer_clears_the_window(tmp_path):
    cache = Cache(tmp_path / "c.db")
    cache.upsert([_post(1), _post(2)])
    assert cache.replace_window(144, "instagram", T0, T0 + timedelta(days=30), []) == 2
    assert cache.rows([144]) == []


def test_undated_drafts_reconciled_separately(tmp_path):
    cache = Cache(tmp_path / "c.db")
    cache.upsert([_post(1, days=None, status="DRAFT"), _post(2, days=None, status="DRAFT"),
                  _post(3, days=1)])
    assert cache.replace_undated(144, "instagram", [_post(2, days=None, status="DRAFT")]) == 1
    assert [r.id for r in cache.rows([144])] == [3, 2]


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path):
    path = tmp_path / "c.db"
    path.write_bytes(b"this is not sqlite" * 500)
    cache = Cache(path)
    assert cache.notices and "moved to" in cache.notices[0].text
    assert list(tmp_path.glob("c.db.broken-*"))
    cache.upsert([_post(1)])
    assert cache.count() == 1


def test_truncated_database_is_recovered(tmp_path):
    path = tmp_path / "c.db"
    cache = Cache(path)
    cache.upsert([_post(i, days=i % 20) for i in range(1, 400)])
    cache.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a crash or full disk cut it short
    rebuilt = Cache(path)
    assert rebuilt.notices
    assert rebuilt.count() == 0


def test_old_schema_is_rebuilt_quietly(tmp_path):
    path = tmp_path / "c.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION - 1),))
    db.execute("CREATE TABLE posts (id INTEGER)")
    db.commit()
    db.close()
    cache = Cache(path)
    assert cache.notices == []
    cache.upsert([_post(1)])
    assert cache.count() == 1


def _writer(path: str, start: int) -> None:
    cache = Cache(Path(path))
    for i in range(start, start + 200):
        cache.upsert([_post(i, days=i % 30)])
        if i % 50 == 0:
            cache.replace_window(144, "twitter", T0, T0 + timedelta(days=30), [])
    cache.close()


def test_two_processes_share_one_cache(tmp_path):
    path = tmp_path / "c.db"
    Cache(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), n)) for n in (1, 1001)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = Cache(path)
    assert cache.notices == []
    assert cache.count() == 400
    assert cache.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _filled(path: Path) -> Cache:
    cache = Cache(path)
    cache.upsert([_post(i, days=i % 20, text=f"post {i} " + "x" * 300) for i in range(1, 400)])
    return cache


def _damage_a_page(path: Path) -> None:
    """Garbage over one page in the middle of the posts: the header and the schema still
    read, so only the page check can tell."""
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle:middle + page] = b"\x5a" * page
    path.write_bytes(bytes(data))


def test_a_page_damaged_after_a_clean_close_is_still_found(tmp_path):
    path = tmp_path / "c.db"
    _filled(path).close()
    assert (tmp_path / "c.db.clean").exists()
    _damage_a_page(path)  # the file changed since its clean close: checked again
    rebuilt = Cache(path)
    assert rebuilt.notices and "moved to" in rebuilt.notices[0].text
    assert list(tmp_path.glob("c.db.broken-*"))
    assert rebuilt.count() == 0


def test_only_a_file_left_as_its_clean_close_wrote_it_skips_the_page_check(tmp_path,
                                                                         monkeypatch):
    from dashtui.store import sqlite_files

    checked = []
    real_check = sqlite_files.check
    monkeypatch.setattr(sqlite_files, "check", lambda db: (checked.append(1), real_check(db)))
    path = tmp_path / "c.db"
    _filled(path).close()
    checked.clear()
    reopened = Cache(path)
    assert checked == [] and reopened.count() == 399
    # while it is open (or after a crash) there is no stamp: the next start checks
    assert not (tmp_path / "c.db.clean").exists()
    crashed_run = reopened  # never closed
    Cache(path).db.close()
    assert checked == [1]
    crashed_run.close()
