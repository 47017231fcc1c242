"""Approval requests over the sandbox on 127.0.0.1: what the sandbox holds after a request
(the documented fields), exactly once through the outbox, undo, the late flag, and a post
whose approvals never came reaching its time."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashtui.domain.approvals import approval_queue
from dashtui.domain.posts import new_post, post_body
from dashtui.edits import Edits
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Queued, Saved, Writer

from .conftest import BRAND, FROZEN_NOW

NOW = datetime.fromisoformat(FROZEN_NOW)
RESPONSE_ITEM = {"id", "post_id", "brand_id", "created_at", "updated_at", "deleted_at",
                 "requested_by_user_id", "review_user_id"}


def _edits(tmp_path, client) -> Edits:
    writer = Writer(client, Cache(tmp_path / "cache.db"), Outbox(tmp_path / "outbox.db"))
    return Edits(writer, writer.outbox, clock=lambda: NOW)


async def _scheduled(client, text: str, at: timedelta):
    body = post_body(new_post("twitter", tweet_status=text, status="SCHEDULED",
                              auto_publish=True, timestamp=NOW + at))
    return await client.create_post("twitter", {**body, "brand_id": BRAND})


def _held(sandbox, post_id: int) -> dict:
    return sandbox.state.posts[post_id].data


def _pairs(data: dict) -> list[tuple[int, int]]:
    return [(r["requested_by_user_id"], r["review_user_id"]) for r in data["approval_requests"]]


async def test_a_request_lands_with_the_documented_fields_and_undoes(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        edits = _edits(tmp_path, client)
        post = await _scheduled(client, "needs a yes", timedelta(hours=5))
        [result] = await edits.request_approval([post], [12, 34], 10)
        assert result.ok, result.line()
        held = _held(sandbox, post.id)
        assert held["approval_policy"] == "APPROVAL_REQUIRED"
        assert held["approval_status"] == "PENDING"
        assert _pairs(held) == [(10, 12), (10, 34)]
        for item in held["approval_requests"]:
            assert set(item) == RESPONSE_ITEM
            assert item["post_id"] == post.id and item["brand_id"] == BRAND
            assert item["deleted_at"] is None and item["created_at"].endswith("+00:00")
        first_ids = [r["id"] for r in held["approval_requests"]]
        assert len(set(first_ids)) == 2

        # asking one more keeps those asked before (their items unchanged) and adds one
        current = edits.writer.cache.get("twitter", post.id)
        [again] = await edits.request_approval([current], [34, 56], 10)
        assert again.ok
        held = _held(sandbox, post.id)
        assert _pairs(held) == [(10, 12), (10, 34), (10, 56)]
        assert [r["id"] for r in held["approval_requests"]][:2] == first_ids
        # nobody new: nothing is sent at all
        patches = sandbox.hits("PATCH")
        current = edits.writer.cache.get("twitter", post.id)
        [nothing] = await edits.request_approval([current], [12], 10)
        assert not nothing.ok and "asked already" in nothing.line()
        assert sandbox.hits("PATCH") == patches

        summary, _ = await edits.undo()  # the second request
        assert summary == "Undid request approval: 1 of 1 post(s)"
        assert _pairs(_held(sandbox, post.id)) == [(10, 12), (10, 34)]
        await edits.undo()  # the first: not required, nobody asked, as it was
        held = _held(sandbox, post.id)
        assert held["approval_policy"] == "APPROVAL_NOT_REQUIRED"
        assert held["approval_requests"] == [] and held["approval_status"] == "UNASSIGNED"
        assert edits.writer.outbox.count() == 0


async def test_a_request_whose_answer_is_lost_lands_once(sandbox, clock, tmp_path):
    async with sandbox.client(clock, timeout=0.5) as client:
        edits = _edits(tmp_path, client)
        post = await _scheduled(client, "lost answer", timedelta(hours=5))
        sandbox.faults(path="/scheduler/twitter", method="PATCH", drop_next=1, after=True)
        [result] = await edits.request_approval([post], [12], 10)
        assert isinstance(result.outcome, Queued)  # Dash took it, the answer never came
        [retried] = await edits.writer.flush(due_only=False)
        # the retry sees Dash holds the request already: no second PATCH, no conflict
        assert isinstance(retried, Saved)
        assert sandbox.hits("PATCH") == 1
        assert _pairs(_held(sandbox, post.id)) == [(10, 12)]
        assert edits.writer.outbox.count() == 0


async def test_late_approval_is_flagged_and_missing_at_its_time(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        edits = _edits(tmp_path, client)
        soon = await _scheduled(client, "in 30 minutes", timedelta(minutes=30))
        later = await _scheduled(client, "in 3 hours", timedelta(hours=3))
        results = await edits.request_approval([soon, later], [12], 10)
        assert all(r.ok for r in results)
        posts = [await client.get_post("twitter", p.id) for p in (soon, later)]
        queue = approval_queue(posts, NOW)
        assert [(i.post.id, i.late) for i in queue] == [(soon.id, True), (later.id, False)]
        assert queue[0].reason.startswith("30 min left, under the 1 h approvers need: "
                                          "will go MISSING_APPROVALS")

        sandbox.control("POST", f"posts/{later.id}", {"approval_status": "APPROVED"})
        moved = sandbox.control("POST", "clock", {"advance": 4 * 3600})
        to = {t["id"]: t["to"] for t in moved["transitions"]}
        assert to[soon.id] == "MISSING_APPROVALS"
        assert to[later.id] == "AUTOPUBLISHING" or to[later.id] == "POSTED"
        missing = await client.get_post("twitter", soon.id)
        assert missing.status == "MISSING_APPROVALS" and missing.live_post_url is None
        assert (await client.get_post("twitter", later.id)).status != "MISSING_APPROVALS"
