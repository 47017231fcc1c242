"""Auth, /api/self, and the flask-smorest error envelope for every kind of failure."""

from __future__ import annotations

import httpx
import pytest

from .conftest import AUTH, BOARD, TOKEN, World

PATHS = [
    ("GET", "/auth/api/self"),
    ("GET", "/scheduler/instagram/scheduled_posts?brand_ids=144"),
    ("POST", "/scheduler/twitter/scheduled_posts"),
    ("GET", "/library/brands/144/media/v2/1"),
    ("GET", "/pinterest/v5/brands/144/boards"),
    ("GET", "/_sandbox/clock"),
]


@pytest.mark.parametrize("method,path", PATHS)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": TOKEN}, {"Authorization": "Basic x"}])
async def test_every_endpoint_needs_the_bearer_token(app, method, path, headers):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app),
                                 base_url="http://sandbox", headers=headers) as c:
        r = await c.request(method, path, json={"tweet_status": "x", "brand_id": 144})
    assert r.status_code == 401
    assert r.json()["code"] == 401 and r.json()["status"] == "Unauthorized"
    assert set(r.json()) <= {"code", "status", "message"}


async def test_api_self_matches_the_documented_shape(client):
    r = await client.get("/auth/api/self")
    assert r.status_code == 200
    org = {"id": 1, "name": "Your Organization"}
    assert r.json() == {
        "accessible_brands": [144, 2000],
        "brands": {
            "your-brand": {"id": 144, "name": "Your Brand", "organization": org,
                           "organization_id": 1},
            "second-brand": {"id": 2000, "name": "Second Brand", "organization": org,
                             "organization_id": 1},
        },
        "organization": org, "organization_id": 1,
    }


async def test_brand_outside_the_token_is_forbidden(client, world: World, state):
    forbidden = [
        client.post("/scheduler/instagram/scheduled_posts", json=world.body(
            "instagram", brand_id=999, media_ids=[world.vid_999], post_type="REEL")),
        client.get("/scheduler/instagram/scheduled_posts?brand_ids=144,999"
                   "&start=2026-03-01T00:00:00Z&end=2026-03-31T00:00:00Z&media_v2=true"),
        client.get(f"/library/brands/999/media/v2/{world.vid_999}"),
        client.put("/library/brands/999/media/v2", json={}),
        client.post("/library/brands/999/media", json={"url": "https://e.com/a.jpg"}),
        client.get("/pinterest/v5/brands/999/boards"),
    ]
    for request in forbidden:
        r = await request
        assert r.status_code == 403, r.text
        assert r.json()["status"] == "Forbidden" and r.json()["code"] == 403
    assert not state.posts  # nothing was created


async def test_a_post_of_an_unreachable_brand_is_forbidden(client, world, state):
    from dashtui.backends.dash.sandbox.state import StoredPost
    state.posts[5] = StoredPost("twitter", {"id": 5, "brand_id": 999, "status": "DRAFT",
                                            "timestamp": None, "media_ids": []})
    assert (await client.get("/scheduler/twitter/scheduled_posts/5")).status_code == 403
    assert (await client.delete("/scheduler/twitter/scheduled_posts/5")).status_code == 403
    assert 5 in state.posts


async def test_unknown_paths_and_methods_use_the_envelope(client):
    r = await client.get("/scheduler/myspace/scheduled_posts?brand_ids=144")
    assert r.status_code == 404 and r.json()["status"] == "Not Found"
    r = await client.get("/nowhere")
    assert r.json() == {"code": 404, "status": "Not Found"}
    r = await client.put("/scheduler/twitter/scheduled_posts/1", json={})
    assert r.status_code == 405 and r.json() == {"code": 405, "status": "Method Not Allowed"}
    for bad in ("abc", "-1", "99999999999999999999999"):
        r = await client.get(f"/scheduler/twitter/scheduled_posts/{bad}")
        assert r.status_code == 404


async def test_body_that_is_not_json_is_a_400(client):
    r = await client.post("/scheduler/twitter/scheduled_posts", content=b"{not json",
                          headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"code": 400, "status": "Bad Request",
                        "errors": {"json": ["Invalid JSON body."]}}


@pytest.mark.parametrize("body", [b"[]", b"null", b"42", b'"text"', b"[1,2]", b"true"])
async def test_json_that_is_not_an_object_is_a_422(client, body):
    r = await client.post("/scheduler/twitter/scheduled_posts", content=body)
    assert r.status_code == 422
    assert r.json()["errors"] == {"json": {"_schema": ["Invalid input type."]}}


@pytest.mark.parametrize("body", [
    b"\xff\xfe\x00garbage", b"[" * 100_000, b'{"brand_id": NaN, "tweet_status": "x"}',
    b'{"brand_id": 1e400}', b'{"tweet_status": "\\ud800"}', b'{"brand_id": {"a": []}}',
    b'{"media_ids": "1,2"}', b'{"timestamp": 12}', b'{"brand_id": 144, "replies": [1]}',
    b'{"brand_id": 99999999999999999999999}', b'{"": 1}', b'{"sort_index": "Infinity"}',
])
async def test_hostile_bodies_never_crash_the_server(client, body):
    r = await client.post("/scheduler/twitter/scheduled_posts", content=body)
    assert r.status_code in (400, 422), r.text
    assert r.json()["code"] == r.status_code


async def test_lone_surrogate_round_trips_without_a_crash(client, world):
    body = b'{"brand_id": 144, "status": "DRAFT", "tweet_status": "a\\ud800b"}'
    r = await client.post("/scheduler/twitter/scheduled_posts", content=body)
    assert r.status_code == 201
    assert r.json()["tweet_status"] == "a\ud800b"


async def test_boards_are_a_bare_array(client):
    r = await client.get("/pinterest/v5/brands/144/boards", headers=AUTH)
    assert r.status_code == 200 and r.json() == [BOARD]
    assert isinstance(r.json()[0]["id"], str)
