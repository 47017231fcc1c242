"""POST /posts/retry and POST /posts/delete: per-id reports, chunks, account subsets."""

from __future__ import annotations

import copy
from datetime import timedelta

from dashtui.errors import ConflictError, NotFoundError, ServerError

from .conftest import NOW


def _clone(gv, template: dict, n: int) -> list[str]:
    """n copies of a stored post (new ids), straight into the sandbox's state."""
    ids = []
    for _ in range(n):
        pid = gv.state.new_id()
        gv.state.posts[pid] = {**copy.deepcopy(template), "id": pid}
        ids.append(pid)
    return ids


async def test_retry_sends_failed_posts_again_with_a_per_id_report(gv, client):
    failed = gv.posts_with("failed")[0]["id"]
    partial = gv.posts_with("partial")[0]["id"]
    posted = gv.posts_with("posted")[0]["id"]
    report = await client.retry_posts("tiktok", [failed, partial, posted, "nope"])
    assert report[failed] is None and report[partial] is None
    assert isinstance(report[posted], ConflictError) and "posted" in str(report[posted])
    assert isinstance(report["nope"], NotFoundError)
    assert gv.state.posts[failed]["status"] == "retry"
    stored = gv.state.posts[partial]
    assert {st["status"] for st in stored["states"].values()} == {"posted", "retry"}


async def test_retry_of_some_accounts_only(gv, client):
    post = next(p for p in gv.posts_with("failed") if len(p["accounts"]) == 2)
    first, second = post["accounts"]
    report = await client.retry_posts("instagram", [post["id"]], account_ids=[second])
    assert report[post["id"]] is None
    states = gv.state.posts[post["id"]]["states"]
    assert states[first]["status"] == "failed" and states[second]["status"] == "retry"


async def test_retry_goes_in_chunks_of_twenty(gv, client):
    ids = _clone(gv, gv.posts_with("failed")[0], 45)
    report = await client.retry_posts("tiktok", ids)
    assert all(v is None for v in report.values()) and len(report) == 45
    assert gv.hits("POST", "/posts/retry") == 3


async def test_retried_posts_publish_on_the_clock(gv, client):
    failed = gv.posts_with("failed")[0]["id"]
    gv.control("POST", "outcomes", {failed: {"status": "posted"}})
    await client.retry_posts("tiktok", [failed])
    gv.control("POST", "clock", {"advance": 60})
    post = await client.get_post("tiktok", failed)
    assert post.status == "POSTED" and post.live_post_url


async def test_delete_reports_each_id(gv, client):
    scheduled = gv.posts_with("scheduled")[0]["id"]
    posted = gv.posts_with("posted")[0]["id"]
    canceled = gv.posts_with("canceled")[0]["id"]
    broken = gv.posts_with("draft")[0]["id"]
    gv.control("POST", "delete_errors", {"ids": [broken]})
    report = await client.delete_posts("tiktok", [scheduled, posted, canceled, broken,
                                                  "gone-already"])
    assert report[scheduled] is None and report["gone-already"] is None  # skipped: gone
    for pid in (posted, canceled):
        assert isinstance(report[pid], ConflictError)
    assert "posted" in str(report[posted]) and "canceled" in str(report[canceled])
    assert isinstance(report[broken], ServerError) and "Database delete failed" in \
        str(report[broken])
    remaining = gv.state.posts.get(scheduled)
    assert remaining is None or remaining["status"] == "deleted"  # lenient keeps it so
    assert gv.hits("POST", "/posts/delete") == 1


async def test_delete_goes_in_chunks_of_fifty(gv, client):
    ids = _clone(gv, gv.posts_with("scheduled")[0], 120)
    report = await client.delete_posts("tiktok", ids + ids[:5])  # duplicates once
    assert len(report) == 120 and all(v is None for v in report.values())
    assert gv.hits("POST", "/posts/delete") == 3


async def test_delete_post_uses_the_bulk_endpoint(gv, client):
    target = gv.posts_with("draft")[0]["id"]
    await client.delete_post("tiktok", target)
    assert gv.hits("POST", "/posts/delete") == 1 and gv.hits("DELETE") == 0
    posted = gv.posts_with("posted")[0]["id"]
    try:
        await client.delete_post("tiktok", posted)
    except ConflictError as exc:
        assert "posted" in str(exc)
    else:
        raise AssertionError("a posted post was deleted")


async def test_the_sandbox_accepts_post_ids_as_well_as_postIds(gv):
    target = gv.posts_with("draft")[0]["id"]
    resp = gv.raw("POST", "/posts/delete", json={"post_ids": [target, target]})
    assert resp.status_code == 200 and resp.json()["data"]["deletedIds"] == [target]


async def test_a_failed_post_edited_for_tomorrow_is_scheduled_again(gv, client):
    target = gv.posts_with("failed")[0]["id"]
    post = await client.update_post("instagram", target,
                                    {"timestamp": (NOW + timedelta(days=1)).isoformat()})
    assert post.status == "SCHEDULED"
