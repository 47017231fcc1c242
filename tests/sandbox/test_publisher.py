"""The publisher clock: SCHEDULED posts reaching their time, and every outcome."""

from __future__ import annotations

import re

import httpx
import pytest

from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.state import PLATFORMS

from .conftest import AUTH, TOKEN, World, build_state, create

T = "2026-03-10T15:00:00+00:00"


async def at(client, iso: str) -> list[dict]:
    r = await client.post("/_sandbox/clock", json={"set": iso})
    assert r.status_code == 200, r.text
    return r.json()["transitions"]


async def get(client, platform: str, post_id: int) -> dict:
    r = await client.get(f"/scheduler/{platform}/scheduled_posts/{post_id}?media_v2=true")
    assert r.status_code == 200
    return r.json()


async def test_clock_endpoints(client):
    r = await client.get("/_sandbox/clock")
    assert r.json() == {"now": "2026-03-01T12:00:00+00:00", "frozen": True,
                        "offset_seconds": 0.0}
    r = await client.post("/_sandbox/clock", json={"advance": 90})
    assert r.json()["now"] == "2026-03-01T12:01:30+00:00" and r.json()["transitions"] == []
    r = await client.post("/_sandbox/clock", json={"set": "2026-04-01T00:00:00-04:00"})
    assert r.json()["now"] == "2026-04-01T04:00:00+00:00"
    r = await client.post("/_sandbox/clock", json={"freeze": False})
    assert r.json()["frozen"] is False and r.json()["offset_seconds"] != 0
    r = await client.post("/_sandbox/clock", json={"advance": 3600})
    assert r.json()["frozen"] is False
    r = await client.post("/_sandbox/clock", json={"reset": True})
    assert r.json()["offset_seconds"] == 0.0
    for bad in ({}, {"set": "soon"}, {"advance": "x"}, {"jump": 1}, []):
        r = await client.post("/_sandbox/clock", json=bad)
        assert r.status_code == 422 and r.json()["code"] == 422


async def test_scheduled_goes_through_autopublishing_to_posted(client, world: World):
    post = await create(client, world, "instagram", timestamp=T)
    assert await at(client, "2026-03-10T14:59:59Z") == []
    (change,) = await at(client, "2026-03-10T15:00:30Z")
    assert change == {"id": post["id"], "platform": "instagram", "brand_id": 144,
                      "from": "SCHEDULED", "to": "AUTOPUBLISHING"}
    got = await get(client, "instagram", post["id"])  # the next tick finishes it
    assert got["status"] == "POSTED" and got["auto_publish_error"] is None
    assert re.fullmatch(r"https://www\.instagram\.com/p/[\w-]{11}/", got["live_post_url"])
    assert got["updated_at"] > post["updated_at"]


async def test_a_big_clock_jump_publishes_in_one_tick(client, world):
    post = await create(client, world, "twitter", timestamp=T)
    (change,) = await at(client, "2026-03-11T00:00:00Z")
    assert (change["from"], change["to"]) == ("SCHEDULED", "POSTED")
    assert (await get(client, "twitter", post["id"]))["live_post_url"].startswith("https://x.com/")


async def test_publish_now_waits_for_the_next_advance(client, world):
    post = await create(client, world, "linkedin", status="AUTOPUBLISHING", timestamp=None)
    assert (await get(client, "linkedin", post["id"]))["status"] == "AUTOPUBLISHING"
    r = await client.post("/_sandbox/clock", json={"advance": 1})
    assert [(c["id"], c["to"]) for c in r.json()["transitions"]] == [(post["id"], "POSTED")]


@pytest.mark.parametrize("outcome", ["FAILED", "PARTIALLY_FAILED"])
async def test_forced_failures(client, world, outcome):
    post = await create(client, world, "facebook", timestamp=T)
    r = await client.post("/_sandbox/outcomes", json={str(post["id"]): {
        "status": outcome, "error": "Access token expired for account 42."}})
    assert r.status_code == 200 and str(post["id"]) in r.json()
    await at(client, "2026-03-10T16:00:00Z")
    got = await get(client, "facebook", post["id"])
    assert got["status"] == outcome
    assert got["auto_publish_error"] == "Access token expired for account 42."
    if outcome == "FAILED":
        assert got["live_post_url"] is None
    else:
        assert got["live_post_url"].startswith("https://www.facebook.com/")
    assert (await client.get("/_sandbox/outcomes")).json() == {}  # one-shot


async def test_failed_post_rescheduled_publishes_again(client, world):
    post = await create(client, world, "tiktok", timestamp=T)
    await client.post("/_sandbox/outcomes", json={str(post["id"]): {"status": "FAILED"}})
    await at(client, "2026-03-10T16:00:00Z")
    failed = await get(client, "tiktok", post["id"])
    assert failed["status"] == "FAILED" and failed["auto_publish_error"]
    r = await client.patch(f"/scheduler/tiktok/scheduled_posts/{post['id']}",
                           json={"status": "SCHEDULED", "timestamp": "2026-03-10T17:00:00Z"})
    assert r.json()["auto_publish_error"] is None
    await at(client, "2026-03-10T18:00:00Z")
    again = await get(client, "tiktok", post["id"])
    assert again["status"] == "POSTED"
    assert again["live_post_url"].startswith("https://www.tiktok.com/@yourbrand/video/")


async def test_manual_publishing_notifies_users(client, world):
    post = await create(client, world, "instagram", timestamp=T, auto_publish=False)
    (change,) = await at(client, "2026-03-10T15:00:00Z")
    assert change["to"] == "USERS_NOTIFIED"
    got = await get(client, "instagram", post["id"])
    assert got["live_post_url"] is None and got["auto_publish_error"] is None


async def test_missing_approvals_block_publishing(client, world):
    reqs = [{"requested_by_user_id": 1, "review_user_id": 2}]
    blocked = await create(client, world, "twitter", timestamp=T,
                           approval_policy="APPROVAL_REQUIRED", approval_requests=reqs)
    approved = await create(client, world, "twitter", timestamp=T,
                            approval_policy="APPROVAL_REQUIRED", approval_requests=reqs)
    r = await client.post(f"/_sandbox/posts/{approved['id']}", json={"approval_status":
                                                                     "APPROVED"})
    assert r.json()["approval_status"] == "APPROVED"
    changes = {c["id"]: c["to"] for c in await at(client, "2026-03-10T16:00:00Z")}
    assert changes == {blocked["id"]: "MISSING_APPROVALS", approved["id"]: "POSTED"}


async def test_caption_markers_fail_on_purpose(client, world):
    fail = await create(client, world, "bluesky", timestamp=T, text="boom [sandbox:fail]")
    part = await create(client, world, "bluesky", timestamp=T, text="meh [sandbox:partial]")
    await at(client, "2026-03-10T16:00:00Z")
    assert (await get(client, "bluesky", fail["id"]))["status"] == "FAILED"
    got = await get(client, "bluesky", part["id"])
    assert got["status"] == "PARTIALLY_FAILED" and got["live_post_url"] and \
        got["auto_publish_error"]


async def _outcomes(seed: int, fail_rate: float) -> list[tuple[str, str | None]]:
    state = build_state()
    world = World(state)
    app = create_app(state, token=TOKEN, demo=False, seed=seed, fail_rate=fail_rate)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://s",
                                 headers=AUTH) as c:
        ids = [(await create(c, world, p, timestamp=T))["id"] for p in PLATFORMS * 3]
        await at(c, "2026-03-11T00:00:00Z")
        return [(state.posts[i].data["status"], state.posts[i].data["auto_publish_error"])
                for i in ids]


async def test_outcomes_are_deterministic_and_follow_the_fail_rate():
    first = await _outcomes(7, 0.5)
    assert first == await _outcomes(7, 0.5)
    statuses = {s for s, _ in first}
    assert statuses <= {"POSTED", "FAILED", "PARTIALLY_FAILED"} and len(statuses) >= 2
    assert all(s == "POSTED" for s, _ in await _outcomes(7, 0.0))
    assert all(s != "POSTED" and e for s, e in await _outcomes(7, 1.0))


async def test_publisher_settings_at_runtime(client, world):
    r = await client.post("/_sandbox/publisher", json={"fail_rate": 1})
    assert r.json() == {"fail_rate": 1.0, "seed": 7}
    post = await create(client, world, "youtube", timestamp=T)
    await at(client, "2026-03-11T00:00:00Z")
    assert (await get(client, "youtube", post["id"]))["status"] in ("FAILED", "PARTIALLY_FAILED")
    r = await client.post("/_sandbox/publisher", json={"fail_rate": 2})
    assert r.status_code == 422


@pytest.mark.parametrize("platform,pattern", [
    ("facebook", r"https://www\.facebook\.com/\d+/posts/\d+"),
    ("tiktok", r"https://www\.tiktok\.com/@yourbrand/video/\d{19}"),
    ("twitter", r"https://x\.com/yourbrand/status/\d{19}"),
    ("threads", r"https://www\.threads\.net/@yourbrand/post/[\w-]{11}"),
    ("linkedin", r"https://www\.linkedin\.com/feed/update/urn:li:share:\d{19}/"),
    ("youtube", r"https://www\.youtube\.com/watch\?v=[\w-]{11}"),
    ("snapchat", r"https://www\.snapchat\.com/add/yourbrand"),
    ("pinterest", r"https://www\.pinterest\.com/pin/\d{18}/"),
    ("bluesky", r"https://bsky\.app/profile/yourbrand\.bsky\.social/post/[a-z0-9]{13}"),
])
async def test_permalinks_look_like_the_network(client, world, platform, pattern):
    post = await create(client, world, platform, timestamp=T)
    await at(client, "2026-03-11T00:00:00Z")
    assert re.fullmatch(pattern, (await get(client, platform, post["id"]))["live_post_url"])


async def test_tick_endpoint_and_bad_outcomes(client, world):
    r = await client.post("/_sandbox/tick")
    assert r.json() == {"now": "2026-03-01T12:00:00+00:00", "transitions": []}
    r = await client.post("/_sandbox/outcomes", json={"12": {"status": "GREAT"}})
    assert r.status_code == 422
    r = await client.post("/_sandbox/outcomes", json={"x": {"status": "POSTED"}})
    assert r.status_code == 422
    r = await client.delete("/_sandbox/outcomes")
    assert r.json() == {}


async def test_posts_loaded_mid_publish_take_a_minute(client, world, state, app):
    post = await create(client, world, "twitter", status="DRAFT", timestamp=None)
    data = state.posts[post["id"]].data
    data.update(status="AUTOPUBLISHING", timestamp="2026-03-01T12:00:00+00:00")
    app.state.runtime.publisher.dirty = True  # edited behind the API's back
    r = await client.post("/_sandbox/clock", json={"advance": 30})
    assert r.json()["transitions"] == []
    assert (await get(client, "twitter", post["id"]))["status"] == "AUTOPUBLISHING"
    r = await client.post("/_sandbox/clock", json={"advance": 30})
    assert [c["to"] for c in r.json()["transitions"]] == ["POSTED"]
