"""Writes: outbox first, only changed fields, conflicts shown, nothing lost, nothing doubled."""

from __future__ import annotations

from dashtui.backends.dash.client import DashClient
from dashtui.domain.posts import new_post, parse_post, post_body
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Conflict, Queued, Rejected, Saved, Writer

from .conftest import BRAND

WHEN = "2026-04-01T10:00:00+00:00"


async def _seed_post(client: DashClient, text: str = "first words") -> object:
    return await client.create_post("twitter", new_post(
        "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
        tweet_status=text))


def _writer(tmp_path, client):
    return Writer(client, Cache(tmp_path / "cache.db"), Outbox(tmp_path / "outbox.db"))


async def test_update_sends_only_the_changed_fields(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed_post(client)
        writer = _writer(tmp_path, client)
        outcome = await writer.update(post, {"tweet_status": "better words"})
        assert isinstance(outcome, Saved)
        assert outcome.post.caption == "better words"
        assert writer.cache.get("twitter", post.id).caption == "better words"
        assert writer.outbox.count() == 0
        server = await client.get_post("twitter", post.id)
        assert server.caption == "better words" and server.timestamp == post.timestamp
    patch = [p for m, p in sandbox.seen if m == "PATCH"]
    assert len(patch) == 1


async def test_a_colleagues_change_is_a_conflict_not_an_overwrite(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed_post(client)
        await client.update_post("twitter", post.id, {"tweet_status": "colleague's words"})
        writer = _writer(tmp_path, client)
        outcome = await writer.update(post, {"tweet_status": "my words"})
        assert isinstance(outcome, Conflict)
        assert outcome.server.caption == "colleague's words"
        assert (await client.get_post("twitter", post.id)).caption == "colleague's words"
        assert writer.outbox.count() == 1  # still mine to keep or drop
        kept = await writer.send(outcome.write, force=True)
        assert isinstance(kept, Saved) and kept.post.caption == "my words"
        assert writer.outbox.count() == 0


async def test_a_422_returns_the_field_errors(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed_post(client)
        writer = _writer(tmp_path, client)
        outcome = await writer.update(post, {"caption": "wrong field for X"})
        assert isinstance(outcome, Rejected)
        assert "caption" in outcome.field_errors
        assert writer.outbox.count() == 0


async def test_an_edit_made_offline_survives_a_restart_and_lands_later(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed_post(client)
    sandbox.faults(path="/scheduler/", error_rate=1.0)
    async with sandbox.client(clock) as client:
        outcome = await _writer(tmp_path, client).update(post, {"tweet_status": "offline"})
        assert isinstance(outcome, Queued)
        assert "503" in outcome.reason or "failed" in outcome.reason
    # the app closes; later it starts again and the sandbox is back
    sandbox.control("DELETE", "faults")
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        assert writer.outbox.count() == 1
        [landed] = await writer.flush(due_only=False)
        assert isinstance(landed, Saved)
        assert (await client.get_post("twitter", post.id)).caption == "offline"
        assert writer.outbox.count() == 0


async def test_a_create_whose_answer_is_lost_is_not_doubled(sandbox, clock, tmp_path):
    sandbox.faults(path="/scheduler/twitter", method="POST", drop_next=1, after=True)
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        body = post_body(new_post("twitter", status="SCHEDULED", auto_publish=True,
                                  timestamp=WHEN, tweet_status="launch day"))
        first = await writer.create("twitter", BRAND, body)
        assert isinstance(first, Queued)
        [retried] = await writer.flush(due_only=False)
        assert isinstance(retried, Saved) and retried.post.caption == "launch day"
        posts = [p for p in sandbox.state.posts.values() if p.platform == "twitter"]
        assert len(posts) == 1
    assert sandbox.hits("POST", "/scheduler/twitter") == 1


async def test_delete_then_recreate_from_snapshot(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed_post(client, "keep me")
        writer = _writer(tmp_path, client)
        writer.cache.upsert([post])
        gone = await writer.delete(post)
        assert isinstance(gone, Saved) and gone.post is None
        assert writer.cache.get("twitter", post.id) is None
        back = await writer.recreate(parse_post("twitter", post.to_json()))
        assert isinstance(back, Saved)
        assert back.post.id != post.id and back.post.caption == "keep me"


async def test_a_second_change_to_a_queued_post_is_folded_into_one_write(sandbox, clock,
                                                                         tmp_path):
    async with sandbox.client(clock) as client:
        post = await _seed_post(client)
    sandbox.faults(path="/scheduler/", error_rate=1.0)
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        assert isinstance(await writer.update(post, {"tweet_status": "one"}), Queued)
        assert isinstance(await writer.update(post, {"timestamp": "2026-04-02T10:00:00Z"}),
                          Queued)
        [write] = writer.outbox.pending()
        assert write.body == {"tweet_status": "one", "timestamp": "2026-04-02T10:00:00Z"}
    sandbox.control("DELETE", "faults")
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        [landed] = await writer.flush(due_only=False)
        assert isinstance(landed, Saved)
        assert landed.post.caption == "one" and landed.post.timestamp.day == 2
