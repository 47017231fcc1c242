"""What the client sends and how it reads answers, against httpx.MockTransport."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from dashtui.backends.dash.errors import MalformedResponse
from dashtui.domain.posts import InstagramPost, TwitterPost, new_post

from .conftest import TOKEN

UTC = timezone.utc
POST = {"id": 806262, "brand_id": 144, "status": "SCHEDULED", "auto_publish": True,
        "timestamp": "2026-03-12T22:45:00+00:00", "tweet_status": "hi", "brand_new": 1}
SELF = {"accessible_brands": [144],
        "brands": {"your-brand": {"id": 144, "name": "Your Brand",
                                  "organization": {"id": 1, "name": "Org"},
                                  "organization_id": 1}},
        "organization": {"id": 1, "name": "Org"}, "organization_id": 1}


def ok(data, status=200, **headers):
    return lambda req: httpx.Response(status, json=data, headers=headers)


async def test_whoami_sends_bearer_and_user_agent(mock_client):
    client, rec = mock_client(ok(SELF))
    me = await client.whoami()
    req = rec.requests[0]
    assert req.method == "GET" and str(req.url) == "https://auth.dashsocial.com/api/self"
    assert req.headers["authorization"] == f"Bearer {TOKEN}"
    assert req.headers["user-agent"].startswith("dashtui/")
    assert me.accessible_brands == [144] and me.find_brand("your-brand").id == 144


async def test_list_posts_query_and_parsing(mock_client):
    client, rec = mock_client(ok({"data": [POST]}))
    start = datetime(2026, 3, 22, 0, 0, tzinfo=timezone(timedelta(hours=-4)))
    posts = await client.list_posts("twitter", 144, start, start + timedelta(days=7))
    url = rec.requests[0].url
    assert url.path == "/twitter/scheduled_posts"
    assert dict(url.params) == {"brand_ids": "144", "start": "2026-03-22T04:00:00+00:00",
                                "end": "2026-03-29T04:00:00+00:00", "sort": "TIMESTAMP",
                                "media_v2": "true"}
    assert isinstance(posts[0], TwitterPost) and posts[0].caption == "hi"
    assert posts[0].model_extra["brand_new"] == 1  # unknown fields survive


async def test_list_posts_follows_paging_until_null(mock_client):
    def handler(req):
        offset = int(req.url.params.get("offset", 0))
        nxt = (f"https://scheduler.dashsocial.com/twitter/scheduled_posts?brand_ids=144"
               f"&limit=2&offset={offset + 2}") if offset < 4 else None
        items = [dict(POST, id=offset + i) for i in range(2)]
        return httpx.Response(200, json={"data": items,
                                         "paging": {"count": 6, "previous": None, "next": nxt}})

    client, rec = mock_client(handler)
    posts = await client.list_posts("twitter", 144, datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert [p.id for p in posts] == [0, 1, 2, 3, 4, 5]
    assert len(rec.requests) == 3


async def test_list_posts_accepts_relative_next_and_dedupes(mock_client):
    pages = iter([{"data": [dict(POST, id=1), dict(POST, id=2)],
                   "paging": {"next": "/twitter/scheduled_posts?offset=2"}},
                  {"data": [dict(POST, id=2, tweet_status="newer")], "paging": {"next": None}}])
    client, rec = mock_client(lambda req: httpx.Response(200, json=next(pages)))
    posts = await client.list_posts("twitter", 144, datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert [(p.id, p.caption) for p in posts] == [(1, "hi"), (2, "newer")]
    assert rec.requests[1].url.host == "scheduler.dashsocial.com"


async def test_paging_to_another_host_is_refused(mock_client):
    body = {"data": [POST], "paging": {"next": "https://evil.example/steal?offset=1"}}
    client, rec = mock_client(ok(body))
    with pytest.raises(MalformedResponse, match="another host"):
        await client.list_posts("twitter", 144, datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert len(rec.requests) == 1


async def test_paging_is_bounded(mock_client):
    def handler(req):
        n = int(req.url.params.get("offset", 0))
        return httpx.Response(200, json={"data": [], "paging": {
            "next": f"https://scheduler.dashsocial.com/x/scheduled_posts?offset={n + 1}"}})

    client, rec = mock_client(handler, max_pages=5)
    with pytest.raises(MalformedResponse, match="past 5 pages"):
        await client.list_posts("twitter", 144, datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert len(rec.requests) == 5


async def test_paging_loop_is_detected(mock_client):
    same = "https://scheduler.dashsocial.com/twitter/scheduled_posts?offset=1"
    client, _ = mock_client(ok({"data": [], "paging": {"next": same}}))
    with pytest.raises(MalformedResponse, match="already read"):
        await client.list_posts("twitter", 144, datetime(2026, 1, 1), datetime(2026, 2, 1))


async def test_get_post(mock_client):
    client, rec = mock_client(ok(dict(POST, caption="c", post_type="FEED")))
    post = await client.get_post("instagram", 806262)
    assert rec.requests[0].url.path == "/instagram/scheduled_posts/806262"
    assert isinstance(post, InstagramPost) and post.caption == "c"


async def test_create_post_from_dict_and_model(mock_client):
    client, rec = mock_client(ok(POST, status=201))
    when = datetime(2026, 3, 10, 17, 0, tzinfo=timezone(timedelta(hours=2)))
    post = await client.create_post("twitter", {"brand_id": 144, "status": "SCHEDULED",
                                                "tweet_status": "hi", "timestamp": when})
    req = rec.requests[0]
    assert req.method == "POST" and req.url.params["media_v2"] == "true"
    assert rec.body()["timestamp"] == "2026-03-10T15:00:00+00:00"
    assert post.id == 806262

    model = new_post("twitter", brand_id=144, tweet_status="x", status="DRAFT")
    model_with_server_fields = model.model_copy(update={"id": 5})
    await client.create_post("twitter", model_with_server_fields)
    assert rec.body() == {"brand_id": 144, "tweet_status": "x", "status": "DRAFT"}


async def test_update_post_sends_only_changes(mock_client):
    client, rec = mock_client(ok(dict(POST, tweet_status="new")))
    post = await client.update_post("twitter", 806262, {"tweet_status": "new"})
    req = rec.requests[0]
    assert req.method == "PATCH" and req.url.path == "/twitter/scheduled_posts/806262"
    assert req.url.params["media_v2"] == "true"
    assert rec.body() == {"tweet_status": "new"}
    assert post.caption == "new"


@pytest.mark.parametrize("status", [200, 202, 204])
async def test_delete_accepts_200_and_204(mock_client, status):
    client, rec = mock_client(lambda req: httpx.Response(status))
    assert await client.delete_post("twitter", 806262) is None
    assert rec.requests[0].method == "DELETE"


async def test_list_boards_bare_array_and_envelope(mock_client):
    board = {"description": "", "id": "123456789012345678", "name": "Spring",
             "preview_url": None, "protected": False}
    client, rec = mock_client(ok([board]))
    boards = await client.list_boards(144)
    assert rec.requests[0].url.path == "/v5/brands/144/boards"
    assert rec.requests[0].url.host == "pinterest.dashsocial.com"
    assert boards[0].id == "123456789012345678"
    client, _ = mock_client(ok({"data": [board]}))
    assert (await client.list_boards(144))[0].name == "Spring"


async def test_get_media(mock_client):
    client, rec = mock_client(ok({"id": 9, "media_id": 650431494, "media_type": "VIDEO"}))
    media = await client.get_media(144, 650431494)
    assert str(rec.requests[0].url) == \
        "https://library-backend.dashsocial.com/brands/144/media/v2/650431494"
    assert media.scheduler_id == 650431494 and media.kind == "VIDEO"


async def test_register_media_sends_meta_as_json_string(mock_client):
    client, rec = mock_client(ok({"id": 950680003, "media_id": 647749496, "meta": {}}))
    media = await client.register_media(144, "https://example.com/a/b/photo.jpg?x=1")
    body = rec.body()
    assert rec.requests[0].url.path == "/brands/144/media"
    assert body["source"] == "UPLOAD" and body["type"] == "UPLOADED"
    assert body["url"] == "https://example.com/a/b/photo.jpg?x=1"
    assert isinstance(body["meta"], str) and json.loads(body["meta"]) == {"filename": "photo.jpg"}
    assert body["source_id"]  # fresh id, so a lost answer can be looked up
    assert datetime.fromisoformat(body["source_created_at"]).tzinfo is not None
    assert media.scheduler_id == 647749496

    await client.register_media(144, "https://e.com/x", source_id="cms-1", filename="f.png")
    assert rec.body()["source_id"] == "cms-1"
    assert json.loads(rec.body()["meta"]) == {"filename": "f.png"}


async def test_rate_limit_state_is_exposed(mock_client):
    client, _ = mock_client(ok(SELF, **{"x-ratelimit-limit": "1000",
                                        "x-ratelimit-remaining": "996",
                                        "x-ratelimit-reset": "1591064298"}))
    assert client.rate_limit is None
    await client.whoami()
    rl = client.rate_limit
    assert (rl.limit, rl.remaining) == (1000, 996)
    assert rl.reset_at == datetime.fromtimestamp(1591064298, tz=UTC)


@pytest.mark.parametrize("body,match", [
    (b"<html>oops</html>", "expected JSON"),
    (b'{"data": [', "expected JSON"),
    (b'{"rows": []}', 'expected {"data"'),
    (b'{"data": ["not a post"]}', "expected a post object"),
    (b'{"data": [{"id": "abc"}]}', "id"),
])
async def test_malformed_list_bodies(mock_client, body, match):
    client, _ = mock_client(lambda req: httpx.Response(200, content=body))
    with pytest.raises(MalformedResponse, match=match) as info:
        await client.list_posts("twitter", 144, datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert info.value.status == 200


async def test_wrong_shape_for_self_and_boards(mock_client):
    client, _ = mock_client(ok([1, 2]))
    with pytest.raises(MalformedResponse):
        await client.whoami()
    client, _ = mock_client(ok({"boards": []}))
    with pytest.raises(MalformedResponse, match="list of boards"):
        await client.list_boards(144)


async def test_repr_hides_token(mock_client):
    client, _ = mock_client(ok(SELF))
    assert TOKEN not in repr(client)
