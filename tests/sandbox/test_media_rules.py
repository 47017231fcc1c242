"""Media and publishing-mode rules: Library media ids, media types, counts and mixing per
platform, when media is required, auto_publish and first_comment (reference 5, 7.1, 14)."""

from __future__ import annotations

import pytest

from .conftest import World, json_errors, post


async def test_media_ids_must_be_library_media_ids_of_the_brand(client, world, state):
    upload_row_id = state.media[world.img[0]]["id"]
    for bad in (upload_row_id, world.img_2000, world.vid_999, 12345):
        r = await post(client, "twitter", world.body("twitter", media_ids=[bad]))
        assert list(json_errors(r)) == ["media_ids"]
        assert r.json()["message"] == "Invalid media_id"
    r = await post(client, "twitter", world.body("twitter", media_ids=[world.img[0]]))
    assert r.status_code == 201


@pytest.mark.parametrize("platform,over", [
    ("tiktok", {"media_ids": "img"}), ("youtube", {"media_ids": "img"}),
    ("bluesky", {"media_ids": "vid"}), ("threads", {"media_ids": "vid"}),
    ("snapchat", {"post_type": "SPOTLIGHT", "save_to_profile": True, "locale": "en_US",
                  "media_ids": "img"}),
    ("instagram", {"post_type": "REEL", "media_ids": "img"}),
    ("facebook", {"post_type": "REEL", "media_ids": "img"}),
])
async def test_unsupported_media_type(client, world, platform, over):
    over = dict(over, media_ids=[world.img[0] if over["media_ids"] == "img" else world.vid[0]])
    r = await post(client, platform, world.body(platform, **over))
    assert json_errors(r)["media_ids"][0].startswith("Unsupported media type")
    assert r.json()["message"] == "Unsupported media type"


def _media(world: World, images: int = 0, videos: int = 0) -> list[int]:
    return world.img[:images] + world.vid[:videos]


@pytest.mark.parametrize("platform,over,ok,too_many", [
    ("instagram", {"post_type": "FEED"}, (9, 1), (10, 1)),
    ("instagram", {"post_type": "STORY"}, (1, 0), (1, 1)),
    ("instagram", {"post_type": "REEL"}, (0, 1), (0, 2)),
    ("facebook", {"post_type": "POST"}, (10, 0), (11, 0)),
    ("facebook", {"post_type": "POST"}, (0, 1), (0, 2)),
    ("twitter", {}, (4, 0), (5, 0)),
    ("twitter", {}, (0, 1), (0, 2)),
    ("threads", {}, (20, 0), (21, 0)),
    ("linkedin", {}, (20, 0), (21, 0)),
    ("linkedin", {}, (0, 1), (0, 2)),
    ("tiktok", {}, (0, 1), (0, 2)),
    ("youtube", {}, (0, 1), (0, 2)),
    ("pinterest", {}, (1, 0), (2, 0)),
    ("pinterest", {}, (0, 1), (1, 1)),
    ("bluesky", {}, (4, 0), (5, 0)),
    ("snapchat", {"post_type": "STORY"}, (0, 1), (2, 0)),
])
async def test_media_counts(client, world, platform, over, ok, too_many):
    r = await post(client, platform, world.body(platform, **over, media_ids=_media(world, *ok)))
    assert r.status_code == 201, r.text
    r = await post(client, platform, world.body(platform, **over,
                                                media_ids=_media(world, *too_many)))
    assert list(json_errors(r)) == ["media_ids"]


@pytest.mark.parametrize("platform,over", [
    ("twitter", {}), ("facebook", {"post_type": "POST"}), ("linkedin", {}),
])
async def test_images_and_videos_cannot_be_mixed(client, world, platform, over):
    r = await post(client, platform, world.body(platform, **over, media_ids=_media(world, 1, 1)))
    assert json_errors(r)["media_ids"][0].startswith("Images and videos cannot be mixed")


async def test_instagram_story_takes_several_media_only_as_a_draft(client, world):
    r = await post(client, "instagram", world.body("instagram", post_type="STORY",
                                                   status="DRAFT", media_ids=_media(world, 2, 1)))
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("platform,over", [
    ("instagram", {}), ("tiktok", {}), ("pinterest", {}),
])
async def test_media_required_to_publish_but_not_for_drafts(client, world, platform, over):
    r = await post(client, platform, world.body(platform, media_ids=None))
    assert list(json_errors(r)) == ["media_ids"]
    r = await post(client, platform, world.body(platform, media_ids=None, status="DRAFT"))
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("platform,over", [
    ("youtube", {}), ("snapchat", {}), ("facebook", {"post_type": "REEL"}),
])
async def test_media_required_even_for_drafts(client, world, platform, over):
    r = await post(client, platform, world.body(platform, **over, media_ids=None,
                                                status="DRAFT"))
    assert list(json_errors(r)) == ["media_ids"]


@pytest.mark.parametrize("platform,over", [
    ("twitter", {}), ("threads", {}), ("linkedin", {}), ("bluesky", {}),
    ("facebook", {"post_type": "POST"}),
])
async def test_caption_only_posts(client, world, platform, over):
    r = await post(client, platform, world.body(platform, **over, media_ids=None))
    assert r.status_code == 201, r.text
    assert r.json()["media"] == [] and r.json()["media_ids"] == []


@pytest.mark.parametrize("platform", ["linkedin", "snapchat", "youtube"])
async def test_auto_publish_false_is_refused_where_unsupported(client, world, platform):
    r = await post(client, platform, world.body(platform, auto_publish=False))
    assert list(json_errors(r)) == ["auto_publish"]
    r = await post(client, platform, world.body(platform, auto_publish=False, status="DRAFT"))
    assert list(json_errors(r)) == ["auto_publish"]


@pytest.mark.parametrize("platform", ["threads", "bluesky"])
async def test_auto_publish_false_is_ignored_on_threads_and_bluesky(client, world, platform):
    r = await post(client, platform, world.body(platform, auto_publish=False))
    assert r.status_code == 201 and r.json()["auto_publish"] is True


@pytest.mark.parametrize("platform", ["instagram", "facebook", "tiktok", "twitter",
                                      "pinterest"])
async def test_auto_publish_false_is_fine_elsewhere(client, world, platform):
    r = await post(client, platform, world.body(platform, auto_publish=False))
    assert r.status_code == 201 and r.json()["auto_publish"] is False


@pytest.mark.parametrize("platform", ["instagram", "facebook"])
async def test_first_comment_needs_auto_publish(client, world, platform):
    r = await post(client, platform, world.body(platform, auto_publish=False,
                                                first_comment="First!"))
    assert list(json_errors(r)) == ["first_comment"]
    r = await post(client, platform, world.body(platform, auto_publish=True,
                                                first_comment="First!"))
    assert r.status_code == 201 and r.json()["first_comment"] == "First!"
