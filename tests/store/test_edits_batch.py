"""Edits.batch: every write inside is one undo step, judged by what the sandbox holds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dashtui.edits import Edits
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Writer

WHEN = datetime(2026, 4, 1, 10, tzinfo=timezone.utc)


async def test_a_batch_is_one_undo_step_even_when_it_is_cut_short(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        writer = Writer(client, Cache(tmp_path / "c.db"), Outbox(tmp_path / "o.db"))
        edits = Edits(writer, writer.outbox, clock=lambda: WHEN - timedelta(days=30))
        posts = [await client.create_post("twitter", {
            "brand_id": 144, "status": "SCHEDULED", "timestamp": WHEN.isoformat(),
            "tweet_status": f"post {n}"}) for n in range(3)]
        with pytest.raises(RuntimeError):  # a bug midway: what landed is still undoable
            with edits.batch():
                for post in posts[:2]:  # one call per post, as BulkScreen makes them
                    await edits.reschedule([post], by=timedelta(hours=1), label="move")
                with edits.batch("inner"):  # a nested batch joins the outer one
                    await edits.delete([posts[2]])
                raise RuntimeError("boom")
        assert len(edits.undo_stack) == 1 and edits.undo_stack[0].label == "move"
        assert {sandbox.state.posts[p.id].data["timestamp"][:16] for p in posts[:2]} == \
            {"2026-04-01T11:00"}
        assert posts[2].id not in sandbox.state.posts
        summary, results = await edits.undo()
        assert summary.startswith("Undid move: 3 of 3") and not edits.undo_stack
    assert {sandbox.state.posts[p.id].data["timestamp"][:16] for p in posts[:2]} == \
        {"2026-04-01T10:00"}
    again = [s for s in sandbox.state.posts.values() if s.data.get("tweet_status") == "post 2"]
    assert len(again) == 1


async def test_a_batch_that_changed_nothing_leaves_no_undo_step(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        writer = Writer(client, Cache(tmp_path / "c.db"), Outbox(tmp_path / "o.db"))
        edits = Edits(writer, writer.outbox)
        post = await client.create_post("twitter", {
            "brand_id": 144, "status": "SCHEDULED", "timestamp": WHEN.isoformat(),
            "tweet_status": "kept"})
        with edits.batch("move"):
            await edits.reschedule([post])  # no time given: skipped, nothing sent
        assert not edits.can_undo
        await edits.save(post, {"tweet_status": "changed"})  # after it: its own step again
        assert [s.label for s in edits.undo_stack] == ["edit"]
