"""Fault injection, in-process (httpx.ASGITransport) and over real HTTP (uvicorn)."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.server import serve_in_thread
from dashtui.backends.dash.sandbox.state import PLATFORMS

from .conftest import AUTH, TOKEN, WINDOW, World, build_state

TW = "/scheduler/twitter/scheduled_posts"


def make(faults=None):
    state = build_state()
    app = create_app(state, token=TOKEN, demo=False, fail_rate=0.0, faults=faults)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://sandbox",
                               headers=AUTH)
    return app, state, World(state), client


async def set_faults(client, config) -> dict:
    r = await client.post("/_sandbox/faults", json=config)
    assert r.status_code == 200, r.text
    return r.json()


async def test_latency_is_added(client):
    await set_faults(client, {"latency_ms": 120})
    started = time.monotonic()
    r = await client.get("/auth/api/self")
    assert r.status_code == 200 and time.monotonic() - started >= 0.11
    started = time.monotonic()
    await client.get("/_sandbox/clock")  # never faulted
    assert time.monotonic() - started < 0.1


async def test_5xx_scoped_to_two_platforms_leaves_eight(client, world):
    await set_faults(client, {"path": ["/tiktok/", "/youtube/"], "error_rate": 1.0})
    for platform in PLATFORMS:
        r = await client.post(f"/scheduler/{platform}/scheduled_posts",
                              json=world.body(platform))
        if platform in ("tiktok", "youtube"):
            assert r.status_code == 503
            assert r.json() == {"code": 503, "status": "Service Unavailable"}
        else:
            assert r.status_code == 201, (platform, r.text)


async def test_error_next_counts_down_and_can_be_html(client):
    await set_faults(client, {"method": "get", "error_next": 2, "error_status": 502,
                              "error_body": "html"})
    r = await client.get("/auth/api/self")
    assert r.status_code == 502 and r.headers["content-type"].startswith("text/html")
    assert b"502 Bad Gateway" in r.content
    assert (await client.get("/auth/api/self")).status_code == 502
    assert (await client.get("/auth/api/self")).status_code == 200
    assert (await client.get("/_sandbox/faults")).json()["rules"][0]["error_next"] == 0


async def test_rate_limit_burst(client):
    await set_faults(client, {"rate_limit_next": 2, "retry_after": 3})
    for _ in range(2):
        r = await client.get("/auth/api/self")
        assert r.status_code == 429
        assert r.json() == {"code": 429, "status": "Too Many Requests"}
        assert r.headers["retry-after"] == "3" and r.headers["x-ratelimit-remaining"] == "0"
        assert int(r.headers["x-ratelimit-reset"]) >= int(time.time())
    assert (await client.get("/auth/api/self")).status_code == 200


async def test_malformed_body_after_the_write_happened(client, world, state):
    await set_faults(client, {"malformed_next": 1, "method": "POST"})
    r = await client.post(TW, json=world.body("twitter"))
    assert r.status_code == 201
    with pytest.raises(json.JSONDecodeError):
        r.json()
    assert len(state.posts) == 1  # the create was committed; only the answer is broken
    (post_id,) = state.posts
    await set_faults(client, {"malformed_next": 1})
    r = await client.delete(f"{TW}/{post_id}")
    assert r.status_code == 200 and r.content == b'{"'


async def test_dropped_connection_in_process(client, world, state):
    await set_faults(client, {"drop_next": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        await client.post(TW, json=world.body("twitter"))
    assert not state.posts  # dropped before the handler
    await set_faults(client, {"drop_next": 1, "after": True})
    with pytest.raises(httpx.RemoteProtocolError):
        await client.post(TW, json=world.body("twitter"))
    assert len(state.posts) == 1  # committed, but the client never heard
    assert (await client.get(TW, params={"brand_ids": 144, **WINDOW})).status_code == 200


async def test_hang_outlasts_the_client(client):
    await set_faults(client, {"hang_next": 1, "hang_seconds": 30})
    with pytest.raises((asyncio.TimeoutError, TimeoutError)):
        await asyncio.wait_for(client.get("/auth/api/self"), 0.2)
    assert (await client.get("/auth/api/self")).status_code == 200


async def test_random_faults_are_deterministic():
    async def run() -> list[int]:
        _, _, _, client = make({"error_rate": 0.5})
        async with client:
            return [(await client.get("/auth/api/self")).status_code for _ in range(30)]

    first = await run()
    assert first == await run()
    assert {200, 503} == set(first)


async def test_faults_endpoint_reads_replaces_and_clears(client):
    cfg = await set_faults(client, {"rules": [{"path": "/tiktok/", "latency_ms": 5},
                                              {"method": ["POST", "PATCH"], "error_rate": 0.1}]})
    assert [r["path"] for r in cfg["rules"]] == [["/tiktok/"], None]
    assert cfg["rules"][1]["method"] == ["POST", "PATCH"]
    assert (await client.delete("/_sandbox/faults")).json()["rules"] == []
    for bad in ({"latency": 5}, {"error_rate": 2}, {"drop_next": -1}, {"path": 5},
                {"rules": [{"hang_rate": "x"}]}, {"error_body": "xml"}, [1]):
        r = await client.post("/_sandbox/faults", json=bad)
        assert r.status_code == 422, bad
    with pytest.raises(ValueError):
        create_app(build_state(), demo=False, faults={"bogus": 1})


async def test_faults_at_creation():
    _, _, world, client = make({"rules": [{"path": "/instagram/", "error_next": 1}]})
    async with client:
        r = await client.post("/scheduler/instagram/scheduled_posts",
                              json=world.body("instagram"))
        assert r.status_code == 503
        r = await client.post("/scheduler/instagram/scheduled_posts",
                              json=world.body("instagram"))
        assert r.status_code == 201


# -- over real HTTP -------------------------------------------------------------------------

@pytest.fixture
def live():
    app, state, world, _ = make()
    with serve_in_thread(app) as url:
        yield url, app, state, world


def test_real_http_dropped_connection(live):
    url, app, state, world = live
    assert url.startswith("http://127.0.0.1:")
    with httpx.Client(base_url=url, headers=AUTH, timeout=5) as c:
        assert c.post("/_sandbox/faults", json={"drop_next": 1, "method": "POST",
                                                "after": True}).status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            c.post(TW, json=world.body("twitter"))
        assert len(state.posts) == 1
        c.post("/_sandbox/faults", json={"drop_next": 1})
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("/auth/api/self")
        r = c.get("/auth/api/self")  # the server is fine afterwards
        assert r.status_code == 200 and r.headers["x-ratelimit-limit"] == "1000"


def test_real_http_hang_and_malformed(live):
    url, *_ = live
    with httpx.Client(base_url=url, headers=AUTH, timeout=0.3) as c:
        c.post("/_sandbox/faults", json={"hang_next": 1, "hang_seconds": 3})
        with pytest.raises(httpx.ReadTimeout):
            c.get("/auth/api/self")
        c.post("/_sandbox/faults", json={"malformed_next": 1})
        r = c.get("/auth/api/self")
        assert r.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            r.json()
        assert c.get("/auth/api/self").json()["accessible_brands"] == [144, 2000]
