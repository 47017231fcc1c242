"""The example requests of the seeds, as published, are accepted: the guide's (seed 003) for
all ten platforms, TikTok's full create body (seed 001) and its PATCH body (seed 000).

Only the media ids are swapped for ones in this sandbox's Library, and placeholders that the
docs' own schema would refuse (`"<string>"` for a URL, brand 1) are made real. The clock is
frozen at 2026-03-01, so the guide's March 2026 timestamps are in the future.
"""

from __future__ import annotations

import pytest

from .conftest import World

IMG, VID = "IMG", "VID"

GUIDE = {
    "instagram": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                  "caption": "Launching our new product today!",
                  "first_comment": "Let us know what you think 👇", "media_ids": [IMG],
                  "post_type": "FEED", "timestamp": "2026-03-10T15:00:00Z"},
    "twitter": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                "timestamp": "2026-03-10T15:00:00Z",
                "tweet_status": "Launching something new today 🚀"},
    "facebook": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                 "message": "Check out our newest launch!", "media_ids": [IMG],
                 "timestamp": "2026-03-10T15:00:00Z",
                 "first_comment": "Drop your thoughts below!", "post_type": "POST"},
    "tiktok": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
               "text": "Behind the scenes of our launch", "media_ids": [VID],
               "timestamp": "2026-03-10T15:00:00Z", "disable_comment": False,
               "disable_duet": False, "disable_stitch": False},
    "threads": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                "text": "Something exciting is coming.", "media_ids": [IMG],
                "timestamp": "2026-03-10T15:00:00Z"},
    "linkedin": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                 "text": "We're excited to share our newest launch.", "media_ids": [IMG],
                 "timestamp": "2026-03-10T15:00:00Z"},
    "youtube": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                "title": "Product Launch", "description": "Watch our newest launch announcement.",
                "media_ids": [VID], "timestamp": "2026-03-10T15:00:00Z",
                "declared_made_for_kids": "false"},
    "snapchat": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                 "media_ids": [IMG], "timestamp": "2026-03-12T16:05:00.000Z",
                 "post_type": "STORY"},
    "pinterest": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                  "media_ids": [IMG], "link": "https://example.com/products/linen-oversized-blazer",
                  "meta": {"pinterestBoard": {
                      "description": "", "id": "123456789012345678",
                      "name": "Spring Style Inspiration",
                      "preview_url": "https://example.com/board-preview.jpg", "protected": False},
                           "title": "Oversized Linen Blazer Outfit Ideas"},
                  "note": "Lightweight linen blazer styled three ways for spring. Perfect "
                          "layering piece for everyday outfits.",
                  "timestamp": "2026-03-12T20:45:00.000Z"},
    "bluesky": {"auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
                "media_ids": [IMG, IMG, IMG, IMG], "timestamp": "2026-03-12T22:30:00.000Z",
                "text": "A few recent favorites from our spring inspiration board."},
}
SPOTLIGHT = {"brand_id": 144, "status": "SCHEDULED", "media_ids": [VID],
             "timestamp": "2026-03-12T18:00:00.000Z",
             "description": "3 quick ways to style oversized sweaters this fall 🍂",
             "post_type": "SPOTLIGHT", "save_to_profile": True, "locale": "en_US"}

# seed 001 (TikTok create), the curl body verbatim but for the placeholders noted above
TIKTOK_CREATE = {
    "brand_id": 1, "auto_publish": True, "text": "<string>", "media_ids": [1],
    "timestamp": "2023-11-07T05:31:56Z", "disable_comment": False, "disable_duet": False,
    "disable_stitch": False, "thumbnail_offset": 1,
    "approval_requests": [{"requested_by_user_id": 123, "review_user_id": 123}],
    "board_ids": [1], "callback_socket_id": "<string>", "campaign_ids": [1],
    "content_tag_ids": [1], "duplicate_to_brand_ids": [1],
    "post_group_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "sort_index": 123,
    "thumbnail_url": "<string>", "title": None,
}
# seed 000 (TikTok PATCH)
TIKTOK_PATCH = {
    "approval_requests": [{"requested_by_user_id": 123, "review_user_id": 123}],
    "auto_publish": True, "board_ids": [1], "callback_socket_id": "<string>",
    "campaign_ids": [1], "content_tag_ids": [1], "disable_comment": False,
    "disable_duet": False, "disable_stitch": False, "duplicate_to_brand_ids": [1],
    "media_ids": [1], "post_group_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "sort_index": 123, "text": "<string>", "thumbnail_offset": 1, "thumbnail_url": "<string>",
    "timestamp": "2023-11-07T05:31:56Z", "title": None,
}


def localise(body: dict, world: World) -> dict:
    out = dict(body)
    if "media_ids" in out:
        images, videos = iter(world.img), iter(world.vid)
        out["media_ids"] = [next(images) if m == IMG else next(videos) if m == VID else m
                            for m in out["media_ids"]]
    return out


@pytest.mark.parametrize("platform", list(GUIDE))
async def test_guide_example_is_accepted(client, world, platform):
    body = localise(GUIDE[platform], world)
    r = await client.post(f"/scheduler/{platform}/scheduled_posts?media_v2=true", json=body)
    assert r.status_code == 201, r.text
    post = r.json()
    assert post["status"] == "SCHEDULED" and post["brand_id"] == 144
    assert post["has_scheduled_time"] is True
    assert [m["id"] for m in post["media"]] == post["media_ids"] == body["media_ids"] \
        if "media_ids" in body else post["media_ids"] == []
    for key, value in body.items():
        if key not in ("timestamp", "declared_made_for_kids"):
            assert post[key] == value, key
    assert post["timestamp"].endswith("+00:00")


async def test_guide_spotlight_example_is_accepted(client, world):
    r = await client.post("/scheduler/snapchat/scheduled_posts?media_v2=true",
                          json=localise(SPOTLIGHT, world))
    assert r.status_code == 201, r.text
    assert r.json()["auto_publish"] is True  # left out of the guide's example


async def test_guide_response_has_the_documented_keys(client, world):
    r = await client.post("/scheduler/bluesky/scheduled_posts?media_v2=true",
                          json=localise(GUIDE["bluesky"], world))
    documented = {"approval_policy", "approval_requests", "approval_status", "auto_publish",
                  "auto_publish_error", "brand_id", "created_at", "has_scheduled_time", "id",
                  "live_post_url", "media", "media_ids", "status", "timestamp", "updated_at"}
    post = r.json()
    assert documented <= set(post)
    assert {"num_of_approvals_required", "post_group_id"} <= set(post)
    assert len(post["created_at"]) == len("2026-03-12T20:34:11.048341+00:00")
    media_keys = {"brand_id", "created_at", "id", "meta", "predictions", "source",
                  "source_created_at", "source_id", "source_type", "type", "updated_at",
                  "variants"}
    assert all(set(m) == media_keys and m["type"] == "IMAGE" for m in post["media"])
    assert list(post) == sorted(post)  # Flask sorts keys


async def test_tiktok_seed_create_and_patch_bodies_are_accepted(client, world, state):
    body = localise(dict(TIKTOK_CREATE, brand_id=144, media_ids=[VID],
                         timestamp="2026-03-11T05:31:56Z", duplicate_to_brand_ids=[2000],
                         thumbnail_url="https://example.com/thumb.jpg"), world)
    r = await client.post("/scheduler/tiktok/scheduled_posts?media_v2=true", json=body)
    assert r.status_code == 201, r.text
    post = r.json()
    assert post["status"] == "DRAFT"  # no status sent
    assert post["approval_requests"][0]["requested_by_user_id"] == 123
    assert {"id", "post_id", "brand_id", "created_at", "updated_at", "deleted_at"} <= set(
        post["approval_requests"][0])
    patch = dict(TIKTOK_PATCH, media_ids=[world.vid[1]], duplicate_to_brand_ids=[2000],
                 timestamp="2026-03-11T05:31:56Z", thumbnail_url="https://example.com/t.jpg")
    r = await client.patch(f"/scheduler/tiktok/scheduled_posts/{post['id']}?media_v2=true",
                           json=patch)
    assert r.status_code == 200, r.text
    assert r.json()["media_ids"] == [world.vid[1]]
    # the TikTok PATCH body has every create field except brand_id
    r = await client.patch(f"/scheduler/tiktok/scheduled_posts/{post['id']}",
                           json={"brand_id": 144})
    assert r.status_code == 422 and r.json()["errors"]["json"] == {"brand_id": ["Unknown field."]}


async def test_seed_placeholders_the_schema_refuses(client, world):
    body = localise(dict(TIKTOK_CREATE, brand_id=144, media_ids=[VID],
                         duplicate_to_brand_ids=[2000]), world)
    r = await client.post("/scheduler/tiktok/scheduled_posts", json=body)
    assert r.json()["errors"]["json"] == {"thumbnail_url": ["Not a valid URL."]}
