"""x-ratelimit-* headers and 429; the state file across two app instances; demo wiring."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.state import SandboxState

from .conftest import AUTH, TOKEN, World, build_state, create


def client_for(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://sandbox",
                             headers=AUTH)


async def test_headers_on_every_response(client):
    for path in ("/auth/api/self", "/nowhere", "/scheduler/twitter/scheduled_posts"):
        r = await client.get(path)
        assert r.headers["x-ratelimit-limit"] == "1000"
        assert int(r.headers["x-ratelimit-remaining"]) < 1000
        assert int(r.headers["x-ratelimit-reset"]) % 60 == 0
    r = await client.get("/auth/api/self", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and "x-ratelimit-remaining" in r.headers


async def test_over_the_limit_is_429_until_the_window_resets():
    app = create_app(build_state(), token=TOKEN, demo=False, rate_limit=3)
    limiter = app.state.runtime.limiter
    now = [1_780_000_010.0]
    limiter.clock = lambda: now[0]
    async with client_for(app) as c:
        remaining = [(await c.get("/auth/api/self")).headers["x-ratelimit-remaining"]
                     for _ in range(3)]
        assert remaining == ["2", "1", "0"]
        await c.get("/_sandbox/clock")  # the harness does not spend the budget
        r = await c.get("/auth/api/self")
        assert r.status_code == 429
        assert r.json()["code"] == 429 and r.json()["status"] == "Too Many Requests"
        assert r.headers["x-ratelimit-reset"] == "1780000020"
        assert r.headers["retry-after"] == "10"
        now[0] += 10
        r = await c.get("/auth/api/self")
        assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "2"
        r = await c.post("/_sandbox/ratelimit", json={"limit": 1})
        assert r.json() == {"limit": 1}
        assert (await c.get("/auth/api/self")).status_code == 200
        assert (await c.get("/auth/api/self")).status_code == 429


async def test_state_file_survives_a_restart(tmp_path):
    path = tmp_path / "sandbox" / "state.json"
    state = build_state()
    world = World(state)
    app = create_app(state, token=TOKEN, demo=False, state_file=path)
    assert path.exists()  # written at start
    async with client_for(app) as c:
        post = await create(c, world, "instagram", first_comment="Hi")
        up = (await c.post("/library/brands/144/media", json={"url": "https://e.com/x.mov"}
                           )).json()
        await c.post("/_sandbox/clock", json={"advance": 60})
    json.loads(path.read_text())  # whole, valid JSON
    again = create_app(token=TOKEN, demo=False, state_file=path)
    async with client_for(again) as c:
        r = await c.get(f"/scheduler/instagram/scheduled_posts/{post['id']}?media_v2=true")
        assert r.status_code == 200
        assert {k: v for k, v in r.json().items()} == post
        r = await c.get(f"/library/brands/144/media/v2/{up['media_id']}")
        assert r.json()["type"] == "VIDEO"
        assert (await c.get("/_sandbox/clock")).json()["now"] == "2026-03-01T12:01:00+00:00"
        second = await create(c, world, "twitter")
        assert second["id"] == post["id"] + 1
        r = await c.delete(f"/scheduler/instagram/scheduled_posts/{post['id']}")
        assert r.status_code == 204
    third = SandboxState.load(path)
    assert set(third.posts) == {second["id"]}


async def test_publisher_changes_are_saved(tmp_path):
    path = tmp_path / "state.json"
    state = build_state()
    world = World(state)
    app = create_app(state, token=TOKEN, demo=False, state_file=path, fail_rate=0.0)
    async with client_for(app) as c:
        post = await create(c, world, "twitter")
        await c.post("/_sandbox/clock", json={"set": "2026-03-11T00:00:00Z"})
    saved = SandboxState.load(path).posts[post["id"]].data
    assert saved["status"] == "POSTED" and saved["live_post_url"]


async def test_empty_state_without_demo():
    app = create_app(demo=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://s",
                                 headers={"Authorization": "Bearer dash-sandbox-token"}) as c:
        r = await c.get("/auth/api/self")
        assert r.json()["accessible_brands"] == [144]


async def test_demo_state_is_served():
    pytest.importorskip("dashtui.backends.dash.sandbox.demo")
    app = create_app(fail_rate=0.0)
    state = app.state.sandbox
    brand = state.accessible_brands[0]
    now = state.now()
    window = {"start": (now - timedelta(days=60)).isoformat(),
              "end": (now + timedelta(days=60)).isoformat()}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://s",
                                 headers={"Authorization": "Bearer dash-sandbox-token"}) as c:
        assert (await c.get("/auth/api/self")).status_code == 200
        for platform in ("instagram", "twitter", "pinterest"):
            r = await c.get(f"/scheduler/{platform}/scheduled_posts",
                            params={"brand_ids": brand, "media_v2": "true", **window})
            assert r.status_code == 200 and r.json()["data"], platform
        r = await c.get(f"/pinterest/v5/brands/{brand}/boards")
        assert r.status_code == 200 and r.json()
