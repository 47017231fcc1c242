"""Posts and queued writes are keyed by backend (issue 11): ids are only unique per service.
An older cache is rebuilt (it is only a cache); an older outbox keeps every write, as Dash's."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from dashtui.domain.posts import parse_post
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _post(pid: int, text: str):
    return parse_post("twitter", {"id": pid, "brand_id": 144, "status": "SCHEDULED",
                                  "timestamp": T0.isoformat(), "tweet_status": text})


def test_a_cache_of_schema_2_is_rebuilt_with_the_backend_column(tmp_path):
    path = tmp_path / "c.db"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '2');
        CREATE TABLE posts (platform TEXT NOT NULL, id INTEGER NOT NULL,
            brand_id INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (platform, id));
        INSERT INTO posts VALUES ('twitter', 1, 144, '{}');
    """)
    db.commit()
    db.close()
    cache = Cache(path)
    assert cache.notices == [] and cache.count() == 0  # rebuilt quietly: refetched
    cache.upsert([_post(1, "hello")])
    assert cache.get("twitter", 1).caption == "hello"
    cache.close()
    keys = sqlite3.connect(path).execute("SELECT backend, platform, id FROM posts").fetchall()
    assert keys == [("dash", "twitter", 1)]


def test_two_backends_keep_the_same_platform_and_id_apart(tmp_path):
    path = tmp_path / "c.db"
    dash, other = Cache(path), Cache(path, backend="fake")
    dash.upsert([_post(7, "on dash")])
    other.upsert([_post(7, "on fake")])
    other.remove("twitter", 7)  # removes the fake's post 7 only
    dash.close(), other.close()
    rows = sqlite3.connect(path).execute("SELECT backend, json FROM posts").fetchall()
    assert [(b, "on dash" in j) for b, j in rows] == [("dash", True)]


def test_an_outbox_from_before_the_backend_column_keeps_its_writes_as_dash_ones(tmp_path):
    path = tmp_path / "o.db"
    old = Outbox(path)
    old.add(brand_id=144, platform="twitter", kind="update", post_id=7,
            body={"tweet_status": "queued before the upgrade"})
    old.close()
    db = sqlite3.connect(path)  # as a run before issue 11 left it: no backend column
    db.execute("ALTER TABLE writes DROP COLUMN backend")
    db.commit()
    db.close()
    [write] = Outbox(path).pending()
    assert write.backend == "dash" and write.body == {"tweet_status": "queued before the upgrade"}
    assert Outbox(path, backend="fake").pending() == []  # not another backend's to send
    assert Outbox(path, backend="fake").count() == 0 and Outbox(path).count() == 1


def test_each_backend_sees_only_its_own_queued_writes(tmp_path):
    path = tmp_path / "o.db"
    dash, fake = Outbox(path), Outbox(path, backend="fake")
    mine = fake.add(brand_id=1, platform="twitter", kind="delete", post_id=7, body={})
    dash.add(brand_id=1, platform="twitter", kind="delete", post_id=7, body={})
    assert [w.id for w in fake.pending()] == [mine.id]
    assert [w.id for w in fake.for_post("twitter", 7)] == [mine.id]
    assert fake.get(mine.id).backend == "fake" and len(dash.pending()) == 1
