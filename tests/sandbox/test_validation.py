"""Every documented validation rule: one valid request accepted, one invalid rejected with the
right smorest body (reference 4, 7, 10, 14)."""

from __future__ import annotations

import pytest

from dashtui.backends.dash.sandbox.state import PLATFORMS

from .conftest import BOARD, PAST, World, json_errors, post


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_the_baseline_body_is_valid_everywhere(client, world: World, platform):
    r = await post(client, platform, world.body(platform))
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "SCHEDULED"


@pytest.mark.parametrize("platform,wrong", [
    ("tiktok", "caption"), ("instagram", "text"), ("twitter", "caption"),
    ("facebook", "caption"), ("youtube", "text"), ("bluesky", "tweet_status"),
    ("pinterest", "caption"), ("snapchat", "caption"), ("threads", "message"),
    ("linkedin", "note"),
])
async def test_another_platforms_caption_field_is_an_unknown_field(client, world, platform,
                                                                   wrong):
    r = await post(client, platform, world.body(platform, **{wrong: "hello"}))
    assert json_errors(r) == {wrong: ["Unknown field."]}


@pytest.mark.parametrize("field", ["id", "created_at", "media", "live_post_url", "bogus"])
async def test_read_only_and_made_up_fields_are_unknown(client, world, field):
    r = await post(client, "twitter", world.body("twitter", **{field: 1}))
    assert json_errors(r) == {field: ["Unknown field."]}


async def test_facebook_accepts_what_a_real_rss_client_sends(client, world):
    body = world.body("facebook", shorten_link=False, custom_utms=False, media=[],
                      location=None, video_title="", thumb_offset=None,
                      link_preview={"title": None, "description": None,
                                    "image_media_id": None})
    r = await post(client, "facebook", body)
    assert r.status_code == 201, r.text
    assert "shorten_link" not in r.json() and r.json()["media"] == []


@pytest.mark.parametrize("field,value,message", [
    ("brand_id", "abc", "Not a valid integer."),
    ("brand_id", True, "Not a valid integer."),
    ("brand_id", 1.5, "Not a valid integer."),
    ("auto_publish", "maybe", "Not a valid boolean."),
    ("timestamp", "tomorrow", "Not a valid datetime."),
    ("timestamp", "2026-03-10", "Not a valid datetime."),
    ("status", "LIVE", "Must be one of: AUTOPUBLISHING, DRAFT, EXPIRED, FAILED, IMPORTED, "
                       "MISSING_APPROVALS, PARTIALLY_FAILED, POSTED, SCHEDULED, SKIPPED, "
                       "USERS_NOTIFIED."),
    ("approval_policy", "SOMETIMES", "Must be one of: APPROVAL_REQUIRED, APPROVAL_NOT_REQUIRED."),
    ("creation_source", "API", "Must be one of: RSS_FEED."),
    ("brand_id", -1, "Must be greater than or equal to 0."),
    ("tweet_status", 12, "Not a valid string."),
    ("tweet_status", None, "Field may not be null."),
    ("post_group_id", "not-a-uuid", "Not a valid UUID."),
    ("media_ids", "1,2", "Not a valid list."),
])
async def test_type_and_enum_messages_are_marshmallows(client, world, field, value, message):
    body = world.body("twitter", **{field: value})
    if value is None:
        body[field] = None
    r = await post(client, "twitter", body)
    assert json_errors(r) == {field: [message]}


@pytest.mark.parametrize("field", ["media_ids", "board_ids", "campaign_ids", "content_tag_ids",
                                   "duplicate_to_brand_ids"])
async def test_ids_in_lists_must_be_non_negative(client, world, field):
    r = await post(client, "twitter", world.body("twitter", **{field: [1, -3]}))
    assert json_errors(r) == {field: {"1": ["Must be greater than or equal to 0."]}}
    r = await post(client, "twitter", world.body("twitter", board_ids=[0, 7], campaign_ids=[3],
                                                 content_tag_ids=[]))
    assert r.status_code == 201


async def test_lenient_marshmallow_conversions_are_accepted(client, world):
    r = await post(client, "twitter", world.body("twitter", brand_id="144",
                                                 auto_publish="true"))
    assert r.status_code == 201, r.text
    assert r.json()["brand_id"] == 144 and r.json()["auto_publish"] is True


@pytest.mark.parametrize("value,expected", [("false", False), ("true", True), (False, False)])
async def test_youtube_made_for_kids_takes_booleans_and_their_strings(client, world, value,
                                                                    expected):
    r = await post(client, "youtube", world.body("youtube", declared_made_for_kids=value))
    assert r.status_code == 201 and r.json()["declared_made_for_kids"] is expected
    r = await post(client, "youtube", world.body("youtube", declared_made_for_kids="nope"))
    assert json_errors(r) == {"declared_made_for_kids": ["Not a valid boolean."]}


async def test_duplicate_to_brand_ids_at_most_55_and_write_only(client, world, state):
    r = await post(client, "twitter", world.body("twitter", duplicate_to_brand_ids=[2000] * 56))
    assert json_errors(r) == {"duplicate_to_brand_ids": ["Longer than maximum length 55."]}
    r = await post(client, "twitter", world.body("twitter", duplicate_to_brand_ids=[2000] * 55))
    assert r.status_code == 201
    assert "duplicate_to_brand_ids" not in r.json()
    copies = [p.data for p in state.posts.values() if p.data["brand_id"] == 2000]
    assert len(copies) == 1 and copies[0]["tweet_status"] == "Launching something new"
    r = await post(client, "twitter", world.body("twitter", duplicate_to_brand_ids=[999]))
    assert "duplicate_to_brand_ids" in json_errors(r)


async def test_duplicated_media_is_copied_into_the_target_brand(client, world, state):
    r = await post(client, "instagram", world.body("instagram", duplicate_to_brand_ids=[2000]))
    copy = next(p.data for p in state.posts.values() if p.data["brand_id"] == 2000)
    (mid,) = copy["media_ids"]
    assert mid != world.img[0] and state.media[mid]["brand_id"] == 2000
    assert r.json()["media_ids"] == [world.img[0]]


@pytest.mark.parametrize("platform,missing", [
    ("instagram", "post_type"), ("facebook", "post_type"), ("snapchat", "post_type"),
    ("youtube", "title"), ("youtube", "declared_made_for_kids"), ("pinterest", "meta"),
    ("twitter", "brand_id"),
])
async def test_required_fields(client, world, platform, missing):
    r = await post(client, platform, world.body(platform, **{missing: None}))
    assert json_errors(r) == {missing: ["Missing data for required field."]}


@pytest.mark.parametrize("part", ["title", "pinterestBoard"])
async def test_pinterest_meta_needs_title_and_board_even_for_drafts(client, world, part):
    meta = {"title": "T", "pinterestBoard": dict(BOARD)}
    del meta[part]
    r = await post(client, "pinterest", world.body("pinterest", status="DRAFT", meta=meta,
                                                   media_ids=None, timestamp=None))
    assert json_errors(r) == {"meta": {part: ["Missing data for required field."]}}


async def test_pinterest_board_must_be_one_of_the_brands_boards(client, world):
    board = dict(BOARD, id="111")
    r = await post(client, "pinterest", world.body("pinterest",
                                                   meta={"title": "T", "pinterestBoard": board}))
    assert "pinterestBoard" in json_errors(r)["meta"]
    assert r.json()["message"] == "Invalid Pinterest board"


async def test_snapchat_spotlight_rules(client, world):
    spot = dict(post_type="SPOTLIGHT", media_ids=[world.vid[0]], save_to_profile=True,
                locale="en_US", description="x" * 160)
    r = await post(client, "snapchat", world.body("snapchat", **spot))
    assert r.status_code == 201, r.text
    r = await post(client, "snapchat", world.body("snapchat", **{**spot,
                                                                "description": "x" * 161}))
    assert json_errors(r) == {"description": ["Longer than maximum length 160."]}
    for name in ("save_to_profile", "locale"):
        r = await post(client, "snapchat", world.body("snapchat", **{**spot, name: None}))
        assert json_errors(r) == {name: ["Missing data for required field."]}
    r = await post(client, "snapchat", world.body("snapchat", **{**spot, "locale": "xx_XX"}))
    assert json_errors(r)["locale"][0].startswith("Must be one of: ar_AA, bn_BD")
    r = await post(client, "snapchat", world.body("snapchat", description="Hi"))  # STORY
    assert json_errors(r) == {"description": ["Not supported for STORY posts."]}


async def test_scheduled_needs_a_future_timestamp(client, world):
    r = await post(client, "twitter", world.body("twitter", timestamp=None))
    assert json_errors(r) == {"timestamp": ["Required when status is SCHEDULED."]}
    assert r.json()["message"] == "Missing timestamp"
    r = await post(client, "twitter", world.body("twitter", timestamp=PAST))
    assert list(json_errors(r)) == ["timestamp"]
    r = await post(client, "twitter", world.body("twitter", status="DRAFT", timestamp=PAST))
    assert r.status_code == 201  # a draft may sit anywhere
    r = await post(client, "twitter", world.body("twitter", timestamp="2026-03-10T11:00:00-04:00"))
    assert r.json()["timestamp"] == "2026-03-10T15:00:00+00:00"
    r = await post(client, "twitter", world.body("twitter", timestamp="2026-03-10T15:00:00"))
    assert r.json()["timestamp"] == "2026-03-10T15:00:00+00:00"  # no offset: UTC


async def test_publish_now_needs_no_timestamp(client, world):
    r = await post(client, "twitter", world.body("twitter", status="AUTOPUBLISHING",
                                                 timestamp=None))
    assert r.status_code == 201 and r.json()["status"] == "AUTOPUBLISHING"
    assert r.json()["timestamp"] == "2026-03-01T12:00:00+00:00"


@pytest.mark.parametrize("status", ["POSTED", "FAILED", "IMPORTED", "USERS_NOTIFIED"])
async def test_only_sendable_statuses_on_create(client, world, status):
    r = await post(client, "twitter", world.body("twitter", status=status))
    assert list(json_errors(r)) == ["status"]


async def test_facebook_first_comment_max_8000(client, world):
    r = await post(client, "facebook", world.body("facebook", first_comment="x" * 8001))
    assert json_errors(r) == {"first_comment": ["Longer than maximum length 8000."]}


@pytest.mark.parametrize("platform,field", [
    ("instagram", "caption"), ("twitter", "tweet_status"), ("threads", "text"),
    ("bluesky", "text"), ("linkedin", "text"), ("youtube", "title"),
])
async def test_network_caption_limits_are_not_enforced(client, world, platform, field):
    r = await post(client, platform, world.body(platform, **{field: "é" * 30_000}))
    assert r.status_code == 201, r.text


async def test_errors_are_collected_across_fields(client, world):
    r = await post(client, "instagram", {"brand_id": "x", "post_type": "NOPE", "text": "hi"})
    assert json_errors(r) == {"brand_id": ["Not a valid integer."],
                              "post_type": ["Must be one of: FEED, STORY, REEL."],
                              "text": ["Unknown field."]}


async def test_nested_fields_are_validated(client, world):
    tags = [{"username": "a", "x": 1.5, "y": 0.2}]
    r = await post(client, "instagram", world.body("instagram", user_tags=tags))
    assert json_errors(r) == {"user_tags": {"0": {"x": [
        "Must be greater than or equal to 0 and less than or equal to 1."]}}}
    reqs = [{"requested_by_user_id": 1}]
    r = await post(client, "instagram", world.body("instagram", approval_requests=reqs))
    assert json_errors(r) == {"approval_requests": {"0": {
        "review_user_id": ["Missing data for required field."]}}}
    r = await post(client, "twitter", world.body("twitter", replies=[{"tweet_status": "2/2"}] * 25))
    assert json_errors(r) == {"replies": ["Longer than maximum length 24."]}
