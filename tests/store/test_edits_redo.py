"""Redo: what undo took back comes back, can be undone again, and a new write ends it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from dashtui.edits import Edits
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Writer

WHEN = datetime(2026, 4, 1, 10, tzinfo=timezone.utc)


def _edits(client, tmp_path) -> Edits:
    writer = Writer(client, Cache(tmp_path / "c.db"), Outbox(tmp_path / "o.db"))
    return Edits(writer, writer.outbox, clock=lambda: WHEN - timedelta(days=30))


async def _post(client, text: str):
    return await client.create_post("twitter", {
        "brand_id": 144, "status": "SCHEDULED", "timestamp": WHEN.isoformat(),
        "tweet_status": text})


async def test_redo_puts_an_undone_edit_back_and_undo_takes_it_again(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        edits = _edits(client, tmp_path)
        post = await _post(client, "before")
        await edits.save(post, {"tweet_status": "after"})
        await edits.undo()
        assert sandbox.state.posts[post.id].data["tweet_status"] == "before"
        assert edits.can_redo and not edits.can_undo
        summary, results = await edits.redo()
        assert summary.startswith("Redid edit: 1 of 1") and all(r.ok for r in results)
        assert sandbox.state.posts[post.id].data["tweet_status"] == "after"
        assert edits.can_undo and not edits.can_redo
        await edits.undo()
        assert sandbox.state.posts[post.id].data["tweet_status"] == "before"


async def test_redo_of_an_undone_delete_deletes_the_recreated_post(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        edits = _edits(client, tmp_path)
        post = await _post(client, "gone twice")
        await edits.delete([post])
        await edits.undo()  # back, with a new id
        back = [p for p in sandbox.state.posts.values()
                if p.data.get("tweet_status") == "gone twice"]
        assert len(back) == 1
        await edits.redo()
        assert not [p for p in sandbox.state.posts.values()
                    if p.data.get("tweet_status") == "gone twice"]
        await edits.undo()  # and back once more
        assert len([p for p in sandbox.state.posts.values()
                    if p.data.get("tweet_status") == "gone twice"]) == 1


async def test_a_new_write_after_undo_ends_redo(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        edits = _edits(client, tmp_path)
        post = await _post(client, "one")
        await edits.reschedule([post], by=timedelta(hours=1), label="move")
        await edits.undo()
        assert edits.can_redo
        current = edits.writer.cache.get(post.platform, post.id)
        assert (await edits.save(current, {"tweet_status": "two"})).__class__.__name__ == "Saved"
        assert not edits.can_redo
        summary, results = await edits.redo()
        assert summary == "Nothing to redo" and results == []
        assert sandbox.state.posts[post.id].data["timestamp"][:16] == "2026-04-01T10:00"
