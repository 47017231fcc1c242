"""Exactly once: a hang or a drop (before or after the server's handler) on a create or an
update, with the flush running meanwhile, ends with one post on the server and an empty
outbox, or with a conflict the user is shown. Judged by the sandbox's own state."""

from __future__ import annotations

import asyncio

import pytest

from dashtui.domain.posts import new_post, post_body
from dashtui.store.cache import Cache
from dashtui.store.outbox import DECIDE, SENDING, WAITING, Outbox
from dashtui.store.writer import Conflict, Queued, Saved, Unsure, Writer

from .conftest import BRAND

WHEN = "2026-04-01T10:00:00+00:00"
GROUP = "6f1c2b8e-3d4a-4f6b-9c1d-2e3f4a5b6c7d"
FAULTS = {
    "hang before": {"hang_next": 1},
    "hang after": {"hang_next": 1, "after": True},
    "drop before": {"drop_next": 1},
    "drop after": {"drop_next": 1, "after": True},
}


def _writer(tmp_path, client) -> Writer:
    return Writer(client, Cache(tmp_path / "cache.db"), Outbox(tmp_path / "outbox.db"))


def _posts(sandbox, caption: str) -> list[dict]:
    return [p.data for p in sandbox.state.posts.values()
            if p.platform == "twitter" and p.data.get("tweet_status") == caption]


def _body(text: str, when: str | None = WHEN) -> dict:
    fields = {"status": "SCHEDULED", "auto_publish": True, "timestamp": when} if when else \
        {"status": "DRAFT"}
    return post_body(new_post("twitter", tweet_status=text, **fields))


async def _while_in_flight(writer: Writer, call) -> tuple[object, list]:
    """Run `call` and, while its write is marked in flight, a flush. Returns both results."""
    task = asyncio.ensure_future(call)
    flushed: list | None = None  # None: the write was never seen in flight
    for _ in range(500):
        if task.done():
            break
        if any(w.state == SENDING for w in writer.outbox.pending()):
            flushed = await writer.flush(due_only=False)
            break
        await asyncio.sleep(0.01)
    return await task, flushed


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
async def test_a_create_meeting_a_fault_makes_one_post(sandbox, clock, tmp_path, fault):
    sandbox.faults(path="/scheduler/twitter", method="POST", **fault)
    async with sandbox.client(clock, timeout=0.5) as client:
        writer = _writer(tmp_path, client)
        first, flushed = await _while_in_flight(
            writer, writer.create("twitter", BRAND, _body("launch day")))
        if "hang_next" in fault:  # (a drop answers at once: nothing to overlap)
            assert flushed == []  # the flush ran meanwhile and left the write alone
        assert isinstance(first, Queued)
        [write] = writer.outbox.pending()
        assert write.state == WAITING and write.sends == 1
        [retried] = await writer.flush(due_only=False)
        assert isinstance(retried, Saved) and retried.post.caption == "launch day"
        assert writer.outbox.count() == 0
        assert await writer.flush(due_only=False) == []
    assert len(_posts(sandbox, "launch day")) == 1
    # the retry looked first; it created again only when the first never reached the handler
    assert sandbox.hits("POST", "/scheduler/twitter") == (1 if fault.get("after") else 2)


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
async def test_an_update_meeting_a_fault_lands_once(sandbox, clock, tmp_path, fault):
    async with sandbox.client(clock) as client:
        post = await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
            tweet_status="first words"))
    sandbox.faults(path=f"/scheduler/twitter/scheduled_posts/{post.id}", method="PATCH",
                   **fault)
    async with sandbox.client(clock, timeout=0.5) as client:
        writer = _writer(tmp_path, client)
        first, flushed = await _while_in_flight(
            writer, writer.update(post, {"tweet_status": "better words"}))
        if "hang_next" in fault:
            assert flushed == []
        assert isinstance(first, Queued)
        # the retry sees its own change on Dash (after) or sends it (before): no conflict
        [retried] = await writer.flush(due_only=False)
        assert isinstance(retried, Saved), retried
        assert writer.outbox.count() == 0
    assert [p["id"] for p in _posts(sandbox, "better words")] == [post.id]
    assert sandbox.hits("PATCH") == (1 if fault.get("after") else 2)


async def test_a_retried_update_meeting_someone_elses_change_waits_for_the_user(
        sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
            tweet_status="first words"))
    sandbox.faults(path="/scheduler/twitter", method="PATCH", drop_next=1, after=True)
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        assert isinstance(await writer.update(post, {"tweet_status": "mine"}), Queued)
        sandbox.control("POST", f"posts/{post.id}", {"tweet_status": "a colleague's"})
        [outcome] = await writer.flush(due_only=False)
        assert isinstance(outcome, Conflict)
        assert outcome.server.caption == "a colleague's"
        [write] = writer.outbox.pending()
        assert write.state == DECIDE and write.decision["why"] == "conflict"
        assert writer.outbox.count_deciding() == 1
        before = len(sandbox.seen)
        assert await writer.flush(due_only=False) == []  # not re-checked behind the user's back
        assert len(sandbox.seen) == before
        # the user keeps theirs
        kept = await writer.send(write, force=True)
        assert isinstance(kept, Saved) and writer.outbox.count() == 0
    assert _posts(sandbox, "mine")


async def test_a_second_save_while_the_first_hangs_sends_no_second_patch(sandbox, clock,
                                                                         tmp_path):
    async with sandbox.client(clock) as client:
        post = await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
            tweet_status="first words"))
    sandbox.faults(path="/scheduler/twitter", method="PATCH", hang_next=1, after=True)
    async with sandbox.client(clock, timeout=0.5) as client:
        writer = _writer(tmp_path, client)

        async def twice():
            first = asyncio.ensure_future(writer.update(post, {"tweet_status": "retry"}))
            while not any(w.state == SENDING for w in writer.outbox.pending()):
                await asyncio.sleep(0.01)
            second = await writer.update(post, {"tweet_status": "retry"})
            return await first, second

        first, second = await twice()
        assert isinstance(first, Queued) and isinstance(second, Queued)
        assert "still being sent" in second.reason
        assert writer.outbox.count() == 2
        outcomes = await writer.flush(due_only=False)
        assert [type(o) for o in outcomes] == [Saved, Saved]
        assert writer.outbox.count() == 0
    assert sandbox.hits("PATCH") == 1


async def test_a_create_given_a_group_keeps_it(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        body = {**_body("sibling"), "post_group_id": GROUP}
        saved = await writer.create("twitter", BRAND, body)
        assert isinstance(saved, Saved)
    [stored] = _posts(sandbox, "sibling")
    assert stored["post_group_id"] == GROUP


async def test_a_lost_create_is_found_by_group_platform_and_time_not_group_alone(
        sandbox, clock, tmp_path):
    """A sibling with the same group at another time is not taken for the lost create."""
    async with sandbox.client(clock) as client:
        await client.create_post("twitter", {**_body("older sibling", "2026-04-01T12:00:00Z"),
                                              "brand_id": BRAND, "post_group_id": GROUP})
    sandbox.faults(path="/scheduler/twitter", method="POST", drop_next=1)
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        body = {**_body("lost one"), "post_group_id": GROUP}
        assert isinstance(await writer.create("twitter", BRAND, body), Queued)
        [retried] = await writer.flush(due_only=False)
        assert isinstance(retried, Saved) and retried.post.caption == "lost one"
    assert len(_posts(sandbox, "lost one")) == 1


async def test_a_lost_create_that_cannot_be_looked_for_asks_instead_of_posting_again(
        sandbox, clock, tmp_path):
    """Where Dash refuses the unbounded list a draft without a time needs, dashtui cannot
    know whether the create landed: it waits for the user."""
    sandbox.faults(path="/scheduler/twitter", method="POST", drop_next=1, after=True)
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        assert isinstance(await writer.create("twitter", BRAND, _body("undated", None)),
                          Queued)
        sandbox.faults(path="/scheduler/twitter", method="GET", error_next=5,
                       error_status=422)
        [outcome] = await writer.flush(due_only=False)
        assert isinstance(outcome, Unsure) and "could not check" in outcome.reason
        [write] = writer.outbox.pending()
        assert write.state == DECIDE and write.decision["why"] == "unknown"
        assert await writer.flush(due_only=False) == []
    assert len(_posts(sandbox, "undated")) == 1


# -- killed between send and answer ---------------------------------------------------------
SEND_AND_WAIT = """
import asyncio, json, sys
from pathlib import Path
from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.domain.posts import parse_post
from dashtui.store.cache import Cache
from dashtui.store.outbox import Outbox
from dashtui.store.writer import Writer

async def main():
    base, token, folder, job = sys.argv[1:5]
    job = json.loads(job)
    async with DashClient(token, ServiceURLs.from_root(base), timeout=120) as client:
        writer = Writer(client, Cache(Path(folder) / "cache.db"),
                        Outbox(Path(folder) / "outbox.db"))
        if job["kind"] == "create":
            await writer.create("twitter", job["brand_id"], job["body"])
        else:
            await writer.update(parse_post("twitter", job["post"]), job["changes"])
    print("answered", flush=True)

asyncio.run(main())
"""


async def _kill_mid_request(sandbox, tmp_path, job: dict, landed) -> None:
    """Run the write in a child process; SIGKILL it once the request is at the server
    (and, with `landed`, once the server has applied it)."""
    import json
    import os
    import signal
    import subprocess
    import sys

    from .conftest import SANDBOX_TOKEN

    proc = subprocess.Popen(
        [sys.executable, "-c", SEND_AND_WAIT, sandbox.base, SANDBOX_TOKEN, str(tmp_path),
         json.dumps(job)], env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    method = "POST" if job["kind"] == "create" else "PATCH"
    try:
        for _ in range(3000):
            if sandbox.hits(method, "/scheduler/twitter") and (landed is None or landed()):
                break
            assert proc.poll() is None, proc.communicate()
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("the request never reached the sandbox")
        await asyncio.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL and b"answered" not in out


@pytest.mark.parametrize("after", [False, True], ids=["hang before", "hang after"])
async def test_killed_mid_create_the_restart_makes_exactly_one_post(sandbox, clock, tmp_path,
                                                                    after):
    sandbox.faults(path="/scheduler/twitter", method="POST", hang_next=1, after=after)
    await _kill_mid_request(
        sandbox, tmp_path, {"kind": "create", "brand_id": BRAND, "body": _body("killed")},
        (lambda: _posts(sandbox, "killed")) if after else None)
    assert len(_posts(sandbox, "killed")) == (1 if after else 0)
    # the app starts again on the same outbox: the dead run's in-flight mark is recovered
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        assert writer.outbox.recovered == 1
        [write] = writer.outbox.pending()
        assert write.state == WAITING and write.attempts == 0 and write.sends == 1
        [outcome] = await writer.flush(due_only=False)
        assert isinstance(outcome, Saved)
        assert writer.outbox.count() == 0
    assert len(_posts(sandbox, "killed")) == 1


async def test_killed_mid_update_the_restart_settles_without_a_conflict(sandbox, clock,
                                                                        tmp_path):
    async with sandbox.client(clock) as client:
        post = await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
            tweet_status="first words"))
    sandbox.faults(path="/scheduler/twitter", method="PATCH", hang_next=1, after=True)
    await _kill_mid_request(
        sandbox, tmp_path, {"kind": "update", "post": post.to_json(),
                            "changes": {"tweet_status": "killed edit"}},
        lambda: _posts(sandbox, "killed edit"))
    async with sandbox.client(clock) as client:
        writer = _writer(tmp_path, client)
        [outcome] = await writer.flush(due_only=False)
        assert isinstance(outcome, Saved) and outcome.post.caption == "killed edit"
        assert writer.outbox.count() == 0
    assert sandbox.hits("PATCH") == 1
    assert [p["id"] for p in _posts(sandbox, "killed edit")] == [post.id]


# -- the overwrite window -------------------------------------------------------------------
async def test_a_change_made_between_the_check_and_the_patch_is_reported(sandbox, clock,
                                                                         tmp_path):
    from dashtui.edits import Edits

    async with sandbox.client(clock) as client:
        post = await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
            tweet_status="first words"))
        real = client.update_post

        async def colleague_first(platform, post_id, changes):
            # someone on Dash moves the post and rewrites it while our PATCH is on its way
            sandbox.control("POST", f"posts/{post_id}", {"timestamp": "2026-04-03T10:00:00Z",
                                                         "tweet_status": "their words"})
            return await real(platform, post_id, changes)

        client.update_post = colleague_first
        writer = _writer(tmp_path, client)
        edits = Edits(writer, writer.outbox)
        saved = await edits.save(post, {"tweet_status": "my words"})
        assert isinstance(saved, Saved)
        assert list(saved.raced) == ["timestamp"]  # the field I did not touch
        assert saved.raced["timestamp"][1].startswith("2026-04-03T10:00:00")
        client.update_post = real
        # undo puts back what Dash had just before my PATCH, keeping their new time
        summary, [result] = await edits.undo()
        assert result.ok, summary
        server = await client.get_post("twitter", post.id)
        assert server.caption == "first words"
        assert server.timestamp.day == 3


async def test_a_patch_with_no_change_meanwhile_reports_no_race(sandbox, clock, tmp_path):
    async with sandbox.client(clock) as client:
        post = await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True, timestamp=WHEN,
            tweet_status="first words"))
        saved = await _writer(tmp_path, client).update(post, {"tweet_status": "my words",
                                                              "timestamp": "2026-04-02T10:00:00Z"})
        assert isinstance(saved, Saved) and saved.raced == {}
