"""Undo of a delete re-creates posts in the shape a create accepts: every demo post of every
demo brand deleted and brought back through Edits/Writer against the sandbox over HTTP, with
the request bodies recorded and read, and the outcome read from the sandbox's own state."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.domain.platforms import Platform
from dashtui.domain.posts import (APPROVAL_REQUEST_FIELDS, READ_ONLY_FIELDS, Status,
                                  create_body, parse_post)
from dashtui.edits import Edits, map_caption
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Saved, Writer

from .conftest import SANDBOX_TOKEN

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)  # the ui tests' demo moment


class RecordingTransport(httpx.AsyncHTTPTransport):
    """Real HTTP, with every create body kept for the test to read."""

    def __init__(self) -> None:
        super().__init__()
        self.creates: list[tuple[str, dict]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/scheduled_posts"):
            self.creates.append((request.url.path.split("/")[-2], json.loads(request.content)))
        return await super().handle_async_request(request)


@pytest.fixture
def demo():
    from dashtui.backends.dash.sandbox.app import create_app
    from dashtui.backends.dash.sandbox.demo import build_demo_state
    from dashtui.backends.dash.sandbox.server import serve_in_thread

    state = build_demo_state(seed=7, now=NOW)
    state.frozen_at = NOW.isoformat()
    app = create_app(state, token=SANDBOX_TOKEN, rate_limit=1_000_000)
    with serve_in_thread(app) as base:
        yield state, ServiceURLs.from_root(base)


def _content(platform: str, data: dict) -> tuple:
    """What must come back: platform, brand, caption, media in order, time, group."""
    post = parse_post(platform, data)
    return (platform, post.brand_id, post.caption, tuple(post.media_ids), post.timestamp,
            post.post_group_id)


def _assert_request_shape(body: dict) -> None:
    assert not set(body) & READ_ONLY_FIELDS, sorted(set(body) & READ_ONLY_FIELDS)
    assert body["status"] in (Status.DRAFT, Status.SCHEDULED)
    for item in body.get("approval_requests", []):
        assert set(item) == set(APPROVAL_REQUEST_FIELDS), item


async def test_every_demo_post_deleted_and_undone_comes_back(demo, tmp_path):
    state, urls = demo
    brands = list(state.accessible_brands)
    assert len(brands) == 3
    before = {pid: (s.platform, json.loads(json.dumps(s.data))) for pid, s in state.posts.items()
              if s.data.get("brand_id") in brands}
    approvals = sum(bool(d.get("approval_requests")) for _, d in before.values())
    unwritable = Counter(d.get("status") for _, d in before.values()
                         if d.get("status") not in ("DRAFT", "SCHEDULED", "AUTOPUBLISHING"))
    # the demo must hold what used to be refused, or this test proves nothing
    assert approvals and unwritable["FAILED"] and unwritable["POSTED"]
    transport = RecordingTransport()
    async with DashClient(SANDBOX_TOKEN, urls, transport=transport) as client:
        writer = Writer(client, Cache(tmp_path / "c.db"), Outbox(tmp_path / "o.db"))
        edits = Edits(writer, writer.outbox, clock=lambda: NOW)
        posts = [await client.get_post(platform, pid) for pid, (platform, _) in before.items()]
        deleted = await edits.delete(posts)
        gone = {r.post.id for r in deleted if r.ok}
        # the sandbox refuses to delete a post that is being published: those stay put
        assert all(state.posts[r.post.id].data["status"] == "AUTOPUBLISHING"
                   for r in deleted if not r.ok)
        assert len(gone) > 0.9 * len(posts)
        assert not gone & set(state.posts)
        summary, results = await edits.undo()
    refused = [r.line() for r in results if not r.ok]
    assert refused == [], refused[:5]
    assert len(results) == len(gone)
    assert len(transport.creates) == len(gone)
    for _, body in transport.creates:
        _assert_request_shape(body)
    # judged by what the sandbox holds now: the same content, each in its own group
    wanted = Counter(_content(p, d) for pid, (p, d) in before.items() if pid in gone)
    made = {pid: s for pid, s in state.posts.items()
            if pid not in before and s.data.get("brand_id") in brands}
    now_there = Counter(_content(s.platform, s.data) for s in made.values())
    assert now_there - wanted == Counter() and wanted - now_there == Counter(), (
        list((now_there - wanted).items())[:2], list((wanted - now_there).items())[:2])
    assert len(made) == len(gone)
    assert "came back as draft" in summary


def _read(platform: str, **data) -> object:
    base = {"id": 9, "brand_id": 144, "created_at": "2026-11-01T10:00:00+00:00",
            "updated_at": "2026-11-01T10:00:00+00:00", "has_scheduled_time": True,
            "media": [{"id": 5, "type": "IMAGE"}], "media_ids": [5], "approval_status": "PENDING",
            "num_of_approvals_required": 1, "live_post_url": None, "auto_publish_error": None,
            "post_group_id": "4d7a3c0e-3b1f-4a45-9d56-2f1a7c9e8b10"}
    return parse_post(platform, {**base, **data})


@pytest.mark.parametrize("status, hours, expected", [
    ("SCHEDULED", 5, "SCHEDULED"),  # still ahead: scheduled again
    ("SCHEDULED", -5, "DRAFT"),  # its time passed while it was deleted
    ("FAILED", 5, "DRAFT"), ("FAILED", -5, "DRAFT"),
    ("POSTED", -5, "DRAFT"), ("EXPIRED", -5, "DRAFT"), ("USERS_NOTIFIED", -1, "DRAFT"),
    ("MISSING_APPROVALS", 5, "DRAFT"), ("AUTOPUBLISHING", 0, "DRAFT"), ("DRAFT", 5, "DRAFT"),
])
def test_create_body_takes_a_writable_status(status, hours, expected):
    post = _read("twitter", status=status, tweet_status="hi",
                 timestamp=(NOW + timedelta(hours=hours)).isoformat(),
                 auto_publish_error="boom" if status == "FAILED" else None,
                 approval_requests=[{"id": 901, "post_id": 9, "brand_id": 144,
                                     "created_at": "2026-11-01T10:00:00+00:00",
                                     "deleted_at": None, "requested_by_user_id": 3,
                                     "review_user_id": 4}])
    body = create_body(post, NOW)
    assert body["status"] == expected
    _assert_request_shape(body)
    assert body["approval_requests"] == [{"requested_by_user_id": 3, "review_user_id": 4}]
    assert body["post_group_id"] == post.post_group_id
    assert body["media_ids"] == [5] and body["tweet_status"] == "hi"
    assert datetime.fromisoformat(body["timestamp"]) == post.timestamp


async def test_a_recreate_and_a_copy_keep_the_group_a_new_post_gets_one(sandbox, clock,
                                                                        tmp_path):
    group = "4d7a3c0e-3b1f-4a45-9d56-2f1a7c9e8b10"
    async with sandbox.client(clock) as client:
        writer = Writer(client, Cache(tmp_path / "c.db"), Outbox(tmp_path / "o.db"))
        edits = Edits(writer, writer.outbox, clock=lambda: datetime(2026, 3, 1, 12,
                                                                   tzinfo=timezone.utc))
        when = datetime(2026, 4, 1, 10, tzinfo=timezone.utc)
        source = await client.create_post("twitter", {
            "brand_id": 144, "status": "SCHEDULED", "timestamp": when.isoformat(),
            "tweet_status": "one message", "post_group_id": group})
        assert source.post_group_id == group
        # a copy to another network joins the source's group
        copy = await edits.create(map_caption(source, Platform.THREADS), 144)
        assert isinstance(copy, Saved) and copy.post.post_group_id == group
        # a delete and its undo: back in the same group, still scheduled (time ahead)
        [gone] = await edits.delete([source])
        assert gone.ok
        _, [back] = await edits.undo()
        assert back.ok and back.outcome.post.post_group_id == group
        assert back.outcome.post.status == "SCHEDULED" and back.outcome.post.timestamp == when
        # a brand-new post gets a group of its own
        from dashtui.domain.posts import new_post

        fresh = await edits.create(new_post("twitter", status="DRAFT", tweet_status="new"), 144)
        assert isinstance(fresh, Saved)
        assert fresh.post.post_group_id and fresh.post.post_group_id != group
    groups = Counter(p.data.get("post_group_id") for p in sandbox.state.posts.values())
    assert groups[group] == 2
