"""Every endpoint and every status the sandbox answers, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from dashtui.backends.dash.errors import AuthError, ForbiddenError, NotFoundError, ValidationError
from dashtui.domain.platforms import Platform
from dashtui.domain.posts import (Board, LibraryMedia, PinterestPost, TikTokPost, TwitterPost,
                                  new_post)
from dashtui.backends.dash.sandbox.state import StoredPost

from .conftest import BOARD, BRAND, OTHER_BRAND

UTC = timezone.utc
MARCH, APRIL = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
WHEN = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
GROUP = "5b0c4a43-3b7e-4c0e-9a55-6f1d2b7a9e10"


def tweet(**kw):
    return {"brand_id": BRAND, "status": "SCHEDULED", "auto_publish": True,
            "tweet_status": "Launching today", "timestamp": WHEN, **kw}


async def test_whoami(sandbox):
    async with sandbox.client() as dash:
        me = await dash.whoami()
    assert me.accessible_brands == [BRAND]
    assert me.find_brand("acme").id == BRAND and me.find_brand(OTHER_BRAND) is None
    assert dash.rate_limit.limit == 1000 and dash.rate_limit.remaining == 999


async def test_post_lifecycle(sandbox):
    async with sandbox.client() as dash:
        created = await dash.create_post("twitter", tweet())
        assert isinstance(created, TwitterPost) and created.id and created.status == "SCHEDULED"
        assert created.timestamp == WHEN

        listed = await dash.list_posts("twitter", BRAND, MARCH, APRIL)
        assert [p.id for p in listed] == [created.id]
        assert await dash.list_posts("twitter", BRAND, APRIL, APRIL + timedelta(days=30)) == []
        assert await dash.list_posts("instagram", BRAND, MARCH, APRIL) == []

        got = await dash.get_post("twitter", created.id)
        assert got.caption == "Launching today"

        later = WHEN + timedelta(hours=2)
        updated = await dash.update_post("twitter", created.id,
                                         {"tweet_status": "Launching soon", "timestamp": later})
        assert updated.caption == "Launching soon" and updated.timestamp == later
        assert updated.updated_at >= created.updated_at

        assert await dash.delete_post("twitter", created.id) is None
        with pytest.raises(NotFoundError, match=f"twitter post {created.id}"):
            await dash.get_post("twitter", created.id)
    assert sandbox.hits("PATCH") == 1 and sandbox.hits("DELETE") == 1


async def test_create_from_model(sandbox):
    draft = new_post("twitter", brand_id=BRAND, status="SCHEDULED", auto_publish=True,
                     tweet_status="from a model", timestamp=WHEN, post_group_id=GROUP)
    async with sandbox.client() as dash:
        created = await dash.create_post("twitter", draft)
    assert created.id and created.caption == "from a model" and created.post_group_id == GROUP
    assert sandbox.state.posts[created.id].data["timestamp"].startswith("2026-03-10T15:00:00")


async def test_list_follows_paging(sandbox):
    async with sandbox.client() as dash:
        template = (await dash.create_post("twitter", tweet())).id
    data = sandbox.state.posts[template].data
    for i in range(1, 1101):  # past the sandbox's page size (500) twice
        post_id = sandbox.state.new_post_id()
        sandbox.state.posts[post_id] = StoredPost("twitter", dict(
            data, id=post_id, timestamp=(WHEN + timedelta(minutes=i)).isoformat()))
    sandbox.seen.clear()
    async with sandbox.client() as dash:
        posts = await dash.list_posts("twitter", BRAND, MARCH, APRIL)
    assert len(posts) == 1101 and len({p.id for p in posts}) == 1101
    assert [p.timestamp for p in posts] == sorted(p.timestamp for p in posts)
    assert sandbox.hits("GET", "/scheduled_posts") == 3


async def test_all_platforms_at_once_over_one_client(sandbox):
    sandbox.faults(latency_ms=50)
    async with sandbox.client() as dash:
        await dash.create_post("twitter", tweet())
        results = await asyncio.gather(*(dash.list_posts(p, BRAND, MARCH, APRIL)
                                         for p in Platform))
    counts = {p.value: len(r) for p, r in zip(Platform, results)}
    assert counts["twitter"] == 1 and sum(counts.values()) == 1


async def test_boards(sandbox):
    async with sandbox.client() as dash:
        boards = await dash.list_boards(BRAND)
        assert boards == [Board.model_validate(BOARD)]
        with pytest.raises(ForbiddenError, match=f"brand {OTHER_BRAND}"):
            await dash.list_boards(OTHER_BRAND)


async def test_media_register_get_and_schedule(sandbox):
    async with sandbox.client() as dash:
        media = await dash.register_media(BRAND, "https://example.com/clips/launch.mp4")
        assert isinstance(media, LibraryMedia) and media.kind == "VIDEO"
        assert media.scheduler_id != media.id  # the upload answer carries both ids
        stored = sandbox.state.media[media.scheduler_id]
        assert stored["meta"] == {"filename": "launch.mp4"}  # sent as a JSON string, parsed

        again = await dash.get_media(BRAND, media.scheduler_id)
        assert again.scheduler_id == media.scheduler_id and again.kind == "VIDEO"

        post = await dash.create_post("tiktok", {
            "brand_id": BRAND, "status": "SCHEDULED", "auto_publish": True, "text": "BTS",
            "media_ids": [media.scheduler_id], "timestamp": WHEN})
        assert isinstance(post, TikTokPost) and post.media[0].id == media.scheduler_id

        with pytest.raises(NotFoundError, match="media 1 of brand 144"):
            await dash.get_media(BRAND, 1)
        with pytest.raises(ForbiddenError):
            await dash.get_media(OTHER_BRAND, media.scheduler_id)
        with pytest.raises(ValidationError, match="Dash rejected the media") as info:
            await dash.register_media(BRAND, "https://example.com/file.unknown")
        assert "url" in info.value.field_errors


async def test_pinterest_post_with_board(sandbox):
    async with sandbox.client() as dash:
        board = (await dash.list_boards(BRAND))[0]
        image = await dash.register_media(BRAND, "https://example.com/pin.jpg")
        pin = await dash.create_post("pinterest", {
            "brand_id": BRAND, "status": "SCHEDULED", "auto_publish": True, "note": "Linen",
            "media_ids": [image.scheduler_id], "timestamp": WHEN,
            "meta": {"title": "Blazer ideas", "pinterestBoard": board}})
    assert isinstance(pin, PinterestPost) and pin.board == board and pin.title == "Blazer ideas"


async def test_401_bad_token(sandbox):
    async with sandbox.client(token="not-the-sandbox-token") as dash:
        with pytest.raises(AuthError) as info:
            await dash.whoami()
    assert info.value.status == 401 and "DASH_API_TOKEN" in str(info.value)
    assert "not-the-sandbox-token" not in str(info.value) + repr(info.value)


async def test_403_inaccessible_brand(sandbox):
    async with sandbox.client() as dash:
        with pytest.raises(ForbiddenError) as info:
            await dash.list_posts("twitter", OTHER_BRAND, MARCH, APRIL)
        assert str(info.value).startswith(f"This token can't reach brand {OTHER_BRAND} (403")
        with pytest.raises(ForbiddenError):
            await dash.create_post("twitter", tweet(brand_id=OTHER_BRAND))


async def test_404_wrong_platform_path(sandbox):
    async with sandbox.client() as dash:
        post = await dash.create_post("twitter", tweet())
        with pytest.raises(NotFoundError) as info:
            await dash.get_post("instagram", post.id)
        with pytest.raises(NotFoundError):
            await dash.delete_post("twitter", 123)
    assert info.value.details["status"] == "Not Found"


async def test_422_caption_on_tiktok(sandbox):
    async with sandbox.client() as dash:
        with pytest.raises(ValidationError) as info:
            await dash.create_post("tiktok", {"brand_id": BRAND, "status": "DRAFT",
                                              "caption": "wrong field for TikTok"})
    err = info.value
    assert err.status == 422 and err.method == "POST"
    assert err.field_errors == {"caption": ["Unknown field."]}
    assert str(err) == "Dash rejected the post: Caption: Unknown field."
    assert sandbox.hits("POST") == 1


async def test_422_on_patch_keeps_server_headline(sandbox):
    async with sandbox.client() as dash:
        post = await dash.create_post("twitter", tweet())
        with pytest.raises(ValidationError) as info:
            await dash.update_post("twitter", post.id, {"status": "POSTED"})
    assert "status" in info.value.field_errors
    assert str(info.value).startswith("Dash rejected the post: ")


async def test_patch_sends_only_changes(sandbox):
    async with sandbox.client() as dash:
        post = await dash.create_post("twitter", tweet(post_group_id=GROUP))
        await dash.update_post("twitter", post.id, {"tweet_status": "only this"})
    data = sandbox.state.posts[post.id].data
    assert data["tweet_status"] == "only this" and data["post_group_id"] == GROUP

