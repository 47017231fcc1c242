"""The core (sync, cache, outbox, undo) over GenviralClient and the sandbox: what a manager
does from the TUI, judged by what the sandbox holds."""

from __future__ import annotations

from datetime import timedelta

from dashtui.domain.platforms import Platform
from dashtui.edits import Edits
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.sync import SyncService
from dashtui.store.writer import Writer

from .conftest import NOW


def _writer(client, tmp_path):
    return Writer(client, Cache(tmp_path / "c.db", backend="genviral"),
                  Outbox(tmp_path / "o.db", backend="genviral"))


async def test_a_refresh_lands_every_platform_from_one_listing(gv, client, tmp_path):
    cache = Cache(tmp_path / "c.db", backend="genviral")
    platforms = [Platform(p) for p in client.capabilities.platforms]
    sync = SyncService(client, cache, platforms)
    result = await sync.refresh(1, NOW - timedelta(days=30), NOW + timedelta(days=30),
                                undated=True)
    assert result.ok, result.summary()
    assert gv.hits("GET", "/posts") == 1
    dated = [p for p in gv.state.posts.values() if p["scheduled_at"]]
    assert cache.count(1) >= len(dated)
    partial = next(p for p in gv.posts_with("partial") if len(p["accounts"]) == 3)
    cached = cache.get("tiktok", partial["id"])
    assert cached is not None and [t["status"] for t in cached.get("targets")] == [
        "posted", "failed", "failed"]


async def test_an_edit_and_its_undo(gv, client, tmp_path):
    writer = _writer(client, tmp_path)
    edits = Edits(writer, writer.outbox)
    target = gv.posts_with("scheduled")[0]
    post = await client.get_post("tiktok", target["id"])
    was = target["scheduled_at"]
    await edits.reschedule([post], by=timedelta(hours=2))
    assert gv.state.posts[target["id"]]["scheduled_at"] != was
    await edits.undo()
    assert gv.state.posts[target["id"]]["scheduled_at"] == was


async def test_a_delete_and_its_undo_make_one_new_post(gv, client, tmp_path):
    writer = _writer(client, tmp_path)
    edits = Edits(writer, writer.outbox)
    target = gv.posts_with("scheduled")[0]
    caption, key = target["caption"], target.get("external_id")
    post = await client.get_post("tiktok", target["id"])
    await edits.delete([post])
    assert gv.hits("POST", "/posts/delete") == 1
    summary, _ = await edits.undo()
    # (a draft here: the sandbox's frozen clock is behind the real one the undo reads)
    again = [p for p in gv.state.posts.values() if p["caption"] == caption
             and p["status"] != "deleted"]
    assert len(again) == 1, summary
    assert again[0]["id"] != target["id"] and again[0]["accounts"] == target["accounts"]
    assert again[0]["external_id"] and again[0]["external_id"] != key


async def test_an_edit_queued_while_genviral_is_down_goes_out_later(gv, client, tmp_path):
    writer = _writer(client, tmp_path)
    target = gv.posts_with("scheduled")[0]
    post = await client.get_post("tiktok", target["id"])
    gv.faults(path="/posts", fail_next=10)
    outcome = await writer.update(post, {"text": "after the outage"})
    assert type(outcome).__name__ == "Queued"
    gv.control("DELETE", "faults")
    [done] = await writer.flush(due_only=False)
    assert type(done).__name__ == "Saved"
    assert gv.state.posts[target["id"]]["caption"] == "after the outage"
