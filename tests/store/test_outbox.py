"""The outbox file: in-flight marks and their lease, and a damaged file set aside, never lost."""

from __future__ import annotations

import sqlite3

import pytest

from dashtui.store.outbox import DECIDE, LEASE_SECONDS, SENDING, WAITING, Outbox


def _add(outbox: Outbox, n: int = 1, caption_size: int = 10) -> list:
    return [outbox.add(brand_id=144, platform="twitter", kind="create",
                       body={"tweet_status": f"post {i} " + "x" * caption_size,
                             "post_group_id": f"g{i}"})
            for i in range(n)]


def test_a_write_in_flight_is_not_claimed_twice_until_its_lease_runs_out(tmp_path):
    now = [1000.0]
    one = Outbox(tmp_path / "o.db", clock=lambda: now[0])
    [write] = _add(one)
    assert one.claim(write)
    # another session on the same file (same process, so its owner looks alive)
    other = Outbox(tmp_path / "o.db", clock=lambda: now[0])
    assert other.recovered == 0
    theirs = other.get(write.id)
    assert theirs.state == SENDING and not other.claim(theirs)
    now[0] += LEASE_SECONDS + 1  # the first session never came back
    assert other.recover() == 1
    theirs = other.get(write.id)
    assert theirs.state == WAITING and theirs.sends == 1
    assert other.claim(theirs) and other.get(write.id).sends == 2


def test_a_write_waiting_for_a_decision_is_claimed_only_when_the_user_decides(tmp_path):
    outbox = Outbox(tmp_path / "o.db")
    [write] = _add(outbox)
    assert outbox.claim(write)
    outbox.needs_decision(write, "conflict", "changed on Dash", server={"id": 1})
    again = outbox.get(write.id)
    assert again.state == DECIDE and again.decision["server"] == {"id": 1}
    assert outbox.count_deciding() == 1
    assert not outbox.claim(again)
    assert outbox.claim(again, decided=True)


def test_an_old_outbox_file_gains_the_new_columns(tmp_path):
    path = tmp_path / "o.db"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE writes (id INTEGER PRIMARY KEY AUTOINCREMENT, brand_id INTEGER NOT NULL,
            platform TEXT NOT NULL, post_id INTEGER, kind TEXT NOT NULL, body TEXT NOT NULL,
            base_updated_at TEXT, created_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, next_attempt REAL NOT NULL DEFAULT 0,
            last_error TEXT);
        INSERT INTO writes (brand_id, platform, kind, body, created_at, attempts)
            VALUES (144, 'twitter', 'create', '{"tweet_status": "old"}', 1.0, 2);
    """)
    db.commit()
    db.close()
    [write] = Outbox(path).pending()
    assert write.state == WAITING and write.attempts == 2 and write.body["tweet_status"] == "old"
    assert write.sends == 1  # no record of whether it was sent: it will be looked for first


def test_the_restore_offer_can_ask_whether_an_edit_is_queued(tmp_path):
    outbox = Outbox(tmp_path / "o.db")
    made = outbox.add(brand_id=144, platform="twitter", kind="create",
                      body={"post_group_id": "g"}, draft_key="144/twitter/new-1")
    edit = outbox.add(brand_id=144, platform="twitter", kind="update", post_id=7, body={})
    assert [w.id for w in outbox.find_for_draft("144/twitter/new-1")] == [made.id]
    assert [w.id for w in outbox.for_post("twitter", 7)] == [edit.id]
    assert [w.id for w in outbox.find_for_group("twitter", "g")] == [made.id]
    assert outbox.find_for_draft("144/twitter/new-2") == []


# -- a damaged file -------------------------------------------------------------------------
def _garbage(path):
    path.write_bytes(b"\x00garbage, not a database\xff" * 400)


def _truncated(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _zeroed_page(path):
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // size
    page = pages - 3  # a leaf near the end: the table's root and schema stay intact
    data[page * size:(page + 1) * size] = bytes(size)
    path.write_bytes(bytes(data))


DAMAGE = {"garbage": _garbage, "truncated": _truncated, "one zeroed page": _zeroed_page}


def damaged_outbox(path, how: str, n: int = 40) -> list[str]:
    """An outbox of `n` queued creates (and a buffer), closed, then damaged `how`."""
    outbox = Outbox(path)
    captions = [w.body["tweet_status"] for w in _add(outbox, n, caption_size=1500)]
    outbox.save_buffer("144/twitter/9", {"typed": "half a sentence"})
    outbox.close()
    DAMAGE[how](path)
    return captions


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_outbox_is_moved_aside_and_what_it_holds_is_recovered(tmp_path, how):
    path = tmp_path / "outbox.sqlite3"
    captions = damaged_outbox(path, how)
    broken = path.read_bytes()
    outbox = Outbox(path)  # no exception: the app can start
    [notice] = outbox.notices
    [aside] = [p for p in tmp_path.iterdir() if ".broken-" in p.name
               and not p.name.endswith(("-wal", "-shm"))]
    assert str(aside) in notice
    assert aside.read_bytes() == broken  # kept exactly as it was, not rewritten
    recovered = [w.body["tweet_status"] for w in outbox.pending()]
    assert set(recovered) <= set(captions)
    if how == "garbage":
        assert recovered == [] and "nothing could be read" in notice
    else:
        assert 0 < len(recovered) < len(captions)
        assert f"{len(recovered)} queued write(s)" in notice
    if how == "one zeroed page":
        assert len(recovered) >= len(captions) - 3  # only the rows on that page are lost
    # the new outbox works like any other
    _add(outbox)
    reopened = Outbox(path)
    assert reopened.notices == [] and reopened.count() == len(recovered) + 1
