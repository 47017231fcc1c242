"""The core's writer (cache + outbox) driving InfinipostClient against the sandbox: edits,
lost creates and conflicts end as they do for Dash. Judged by the sandbox's own state."""

from __future__ import annotations

import pytest

from dashtui.domain.posts import changed_fields, new_post
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Conflict, Queued, Saved, Writer

from .conftest import SOUND, TT


def _writer(tmp_path, client) -> Writer:
    return Writer(client, Cache(tmp_path / "cache.db", backend="infinipost"),
                  Outbox(tmp_path / "outbox.db"))


def _mine(sandbox, caption):
    return [p for p in sandbox.state.posts.values() if p["caption"] == caption]


async def test_an_edit_through_the_outbox_keeps_the_sound(sandbox, tmp_path):
    async with sandbox.client() as ip:
        writer = _writer(tmp_path, ip)
        before = await ip.get_post("tiktok", "post_video")
        after = before.model_copy(deep=True)
        after.caption = "Edited in the editor"
        outcome = await writer.update(before, changed_fields(before, after))
    assert isinstance(outcome, Saved) and not outcome.raced
    assert sandbox.post("post_video")["caption"] == "Edited in the editor"
    assert sandbox.post("post_video")["soundId"] == SOUND
    assert writer.outbox.count() == 0


async def test_a_zone_and_time_edit_through_the_outbox(sandbox, tmp_path):
    async with sandbox.client() as ip:
        writer = _writer(tmp_path, ip)
        before = await ip.get_post("tiktok", "post_utc")
        after = before.model_copy(deep=True)
        after.set("timezone", "Europe/Paris")
        after.timestamp = before.timestamp.replace(hour=18)
        outcome = await writer.update(before, changed_fields(before, after))
    assert isinstance(outcome, Saved)
    held = sandbox.post("post_utc")
    assert (held["timezone"], held["scheduledTime"]) == ("Europe/Paris",
                                                         "2026-03-10T18:00:00.000Z")


@pytest.mark.parametrize("after", [True, False], ids=["lost answer", "never arrived"])
async def test_a_create_meeting_a_drop_makes_one_post(sandbox, tmp_path, after):
    body = new_post("tiktok", text="Launch clip", account_id=TT, content_type="video",
                    content_urls=["https://cdn.test/launch.mp4"], timezone="Europe/Paris",
                    timestamp="2026-03-20T09:00:00+00:00", status="SCHEDULED").to_json()
    sandbox.control("POST", "faults", {"path": "/v1/posts", "method": "POST",
                                       "drop_next": 1, "after": after})
    async with sandbox.client() as ip:
        writer = _writer(tmp_path, ip)
        first = await writer.create("tiktok", 1, body)
        assert isinstance(first, Queued)
        [retried] = await writer.flush(due_only=False)
    assert isinstance(retried, Saved) and retried.post.caption == "Launch clip"
    assert len(_mine(sandbox, "Launch clip")) == 1
    assert len(sandbox.requests("POST", "/v1/posts")) == (1 if after else 2)
    assert writer.outbox.count() == 0


async def test_an_edit_whose_answer_hung_is_not_sent_twice(sandbox, tmp_path):
    sandbox.control("POST", "faults", {"method": "PATCH", "hang_next": 1, "hang_seconds": 3,
                                       "after": True})
    async with sandbox.client(timeout=0.5) as ip:
        writer = _writer(tmp_path, ip)
        before = await ip.get_post("instagram", "post_ig")
        edited = before.model_copy(deep=True)
        edited.caption = "Hung once"
        first = await writer.update(before, changed_fields(before, edited))
        assert isinstance(first, Queued)
        [again] = await writer.flush(due_only=False)
    assert isinstance(again, Saved)
    assert sandbox.post("post_ig")["caption"] == "Hung once"
    assert len(sandbox.requests("PATCH")) == 1


async def test_an_edit_over_someone_elses_change_is_a_conflict(sandbox, tmp_path):
    async with sandbox.client() as ip:
        writer = _writer(tmp_path, ip)
        before = await ip.get_post("tiktok", "post_slides")
        sandbox.post("post_slides")["caption"] = "changed on the phone"
        edited = before.model_copy(deep=True)
        edited.caption = "mine"
        outcome = await writer.update(before, changed_fields(before, edited))
    assert isinstance(outcome, Conflict)
    assert sandbox.post("post_slides")["caption"] == "changed on the phone"
    assert not sandbox.requests("PATCH")
