"""Every rule: a valid post passes it, an invalid one fails with the right severity and field."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashtui.domain.platforms import SPECS, Platform
from dashtui.domain.posts import new_post
from dashtui.domain.rules import ERROR, WARNING, Finding, check, errors

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
FUTURE = "2026-03-12T15:00:00Z"
PAST = "2026-03-09T15:00:00Z"

IMAGES = list(range(1, 31))  # media ids 1..30 are images
VIDEOS = list(range(101, 131))  # 101..130 are videos
MEDIA = {**{i: "IMAGE" for i in IMAGES}, **{v: "VIDEO" for v in VIDEOS}}
BOARD = {"description": "", "id": "123456789012345678", "name": "Spring Style Inspiration",
         "preview_url": "https://example.com/board-preview.jpg", "protected": False}

# one valid post per platform, scheduled in the future
VALID: dict[str, dict] = {
    "instagram": {"caption": "Launching today! #launch", "post_type": "FEED", "media_ids": [1],
                  "first_comment": "Tell us 👇"},
    "facebook": {"message": "Check it out", "post_type": "POST", "media_ids": [1],
                 "first_comment": "Thoughts?"},
    "tiktok": {"text": "Behind the scenes", "media_ids": [101]},
    "twitter": {"tweet_status": "Launching something new today 🚀"},
    "threads": {"text": "Something exciting is coming."},
    "linkedin": {"text": "We're excited to share our newest launch."},
    "youtube": {"title": "Product Launch", "description": "Watch it.",
                "declared_made_for_kids": False, "media_ids": [101]},
    "snapchat": {"post_type": "STORY", "media_ids": [1]},
    "pinterest": {"note": "Linen blazer, three ways.", "link": "https://example.com/blazer",
                  "meta": {"title": "Linen Blazer Ideas", "pinterestBoard": BOARD},
                  "media_ids": [1]},
    "bluesky": {"text": "A few favourites.", "media_ids": [1, 2, 3, 4]},
}


def post(platform: str, **changes):
    fields = {"brand_id": 144, "auto_publish": True, "status": "SCHEDULED",
              "timestamp": FUTURE, **VALID[platform]}
    fields.update(changes)
    return new_post(platform, **{k: v for k, v in fields.items() if v is not _DROP})


_DROP = object()  # pass as a value to leave the field out


def run(platform: str, media=None, x_premium=False, **changes) -> list[Finding]:
    return check(post(platform, **changes), MEDIA if media is None else media, now=NOW,
                 x_premium=x_premium)


def findings_for(found: list[Finding], field: str) -> list[Finding]:
    return [f for f in found if f.field == field]


def assert_fails(found, severity, field, code=None):
    hits = [f for f in found if f.field == field and f.severity == severity
            and (code is None or f.code == code)]
    assert hits, f"expected {severity} on {field} ({code}); got {found}"
    assert all(f.message.strip() for f in hits)


def assert_passes(found, field):
    assert findings_for(found, field) == [], found


# -- valid posts pass everything ----------------------------------------------------------------
@pytest.mark.parametrize("platform", list(VALID))
@pytest.mark.parametrize("status, timestamp", [
    ("SCHEDULED", FUTURE), ("AUTOPUBLISHING", None), ("DRAFT", None), ("DRAFT", PAST),
])
def test_valid_posts_have_no_findings(platform, status, timestamp):
    found = run(platform, status=status, timestamp=timestamp)
    if platform == "snapchat" and status == "DRAFT":
        assert found == [Finding(WARNING, "status", found[0].message, "status.no_drafts")]
    else:
        assert found == []


def test_every_platform_has_a_valid_example():
    assert set(VALID) == {p.value for p in Platform}


def test_snapchat_spotlight_example_from_the_guide_passes():
    # GUIDE's Spotlight example leaves auto_publish out
    found = run("snapchat", post_type="SPOTLIGHT", media_ids=[101], auto_publish=_DROP,
                description="3 quick ways to style oversized sweaters this fall 🍂",
                save_to_profile=True, locale="en_US")
    assert found == []


def test_errors_come_first():
    found = run("youtube", title="", auto_publish=False, status="WHATEVER")
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=lambda s: s != ERROR)
    assert errors(found) == [f for f in found if f.severity == ERROR]


# -- status ------------------------------------------------------------------------------------
@pytest.mark.parametrize("platform, changes, code", [
    ("instagram", {"status": None}, "status.missing"),
    ("instagram", {"status": "QUEUED_FOR_REVIEW"}, "status.unknown"),
    ("tiktok", {"status": "scheduled"}, "status.unknown"),
    ("snapchat", {"status": "DRAFT"}, "status.no_drafts"),
])
def test_status_warnings(platform, changes, code):
    assert_fails(run(platform, **changes), WARNING, "status", code)


@pytest.mark.parametrize("status", ["SCHEDULED", "AUTOPUBLISHING", "DRAFT", "FAILED", "POSTED",
                                    "EXPIRED", "USERS_NOTIFIED", "PARTIALLY_FAILED"])
def test_known_statuses_pass(status):
    assert_passes(run("instagram", status=status), "status")


@pytest.mark.parametrize("status", ["SCHEDULED", "AUTOPUBLISHING"])
def test_snapchat_publishing_statuses_pass(status):
    assert_passes(run("snapchat", status=status), "status")


def test_unknown_status_skips_publish_checks():
    # no media, no timestamp: nothing is said about them, the status is the problem
    found = run("tiktok", status="BRAND_NEW", media_ids=[], timestamp=None)
    assert [f.code for f in found] == ["status.unknown"]


# -- post type ---------------------------------------------------------------------------------
@pytest.mark.parametrize("platform", ["instagram", "facebook", "snapchat"])
@pytest.mark.parametrize("value", [None, "", "  "])
def test_post_type_missing(platform, value):
    assert_fails(run(platform, post_type=value), ERROR, "post_type", "post_type.missing")


@pytest.mark.parametrize("platform", ["instagram", "facebook", "snapchat"])
def test_post_type_unknown_is_a_warning(platform):
    found = run(platform, post_type="CAROUSEL_V2")
    assert_fails(found, WARNING, "post_type", "post_type.unknown")
    assert errors(found) == []  # media rules of an unknown type are not guessed


@pytest.mark.parametrize("platform, value, media", [
    ("instagram", "FEED", [1]), ("instagram", "STORY", [1]), ("instagram", "REEL", [101]),
    ("facebook", "POST", []), ("facebook", "REEL", [101]),
    ("snapchat", "STORY", [101]),
])
def test_post_types_pass(platform, value, media):
    assert run(platform, post_type=value, media_ids=media) == []


@pytest.mark.parametrize("platform", ["tiktok", "twitter", "threads", "linkedin", "youtube",
                                      "pinterest", "bluesky"])
def test_post_type_not_needed(platform):
    assert_passes(run(platform), "post_type")


# -- required fields ---------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["SCHEDULED", "DRAFT"])
@pytest.mark.parametrize("platform, field, changes", [
    ("youtube", "title", {"title": None}),
    ("youtube", "title", {"title": "   "}),
    ("youtube", "declared_made_for_kids", {"declared_made_for_kids": None}),
    ("pinterest", "meta.title", {"meta": {"pinterestBoard": BOARD}}),
    ("pinterest", "meta.title", {"meta": {"title": "", "pinterestBoard": BOARD}}),
    ("pinterest", "meta.pinterestBoard", {"meta": {"title": "T"}}),
    ("pinterest", "meta.pinterestBoard", {"meta": {"title": "T", "pinterestBoard": {"id": ""}}}),
    ("pinterest", "meta.title", {"meta": None}),
    ("snapchat", "save_to_profile", {"post_type": "SPOTLIGHT", "media_ids": [101],
                                     "locale": "en_US"}),
    ("snapchat", "locale", {"post_type": "SPOTLIGHT", "media_ids": [101],
                            "save_to_profile": False}),
])
def test_required_fields(platform, field, changes, status):
    assert_fails(run(platform, status=status, **changes), ERROR, field, "required")


@pytest.mark.parametrize("platform, field, changes", [
    ("youtube", "declared_made_for_kids", {"declared_made_for_kids": "false"}),  # GUIDE's string
    ("youtube", "declared_made_for_kids", {"declared_made_for_kids": True}),
    ("snapchat", "save_to_profile", {"post_type": "STORY"}),  # only Spotlight needs them
    ("snapchat", "locale", {"post_type": "STORY"}),
    ("snapchat", "save_to_profile", {"post_type": "SPOTLIGHT", "media_ids": [101],
                                     "save_to_profile": False, "locale": "en_US"}),
])
def test_required_fields_pass(platform, field, changes):
    assert_passes(run(platform, **changes), field)


@pytest.mark.parametrize("locale, ok", [("en_US", True), ("ar_AA", True), ("en-US", False),
                                        ("english", False)])
def test_snapchat_locale_shape(locale, ok):
    found = run("snapchat", post_type="SPOTLIGHT", media_ids=[101], save_to_profile=True,
                locale=locale)
    if ok:
        assert_passes(found, "locale")
    else:
        assert_fails(found, WARNING, "locale", "format")


# -- auto_publish ------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["SCHEDULED", "DRAFT"])
@pytest.mark.parametrize("platform", ["linkedin", "snapchat", "youtube"])
def test_auto_publish_false_refused(platform, status):
    assert_fails(run(platform, auto_publish=False, status=status), ERROR, "auto_publish",
                 "auto_publish.required")


@pytest.mark.parametrize("platform", ["threads", "bluesky"])
def test_auto_publish_false_ignored(platform):
    found = run(platform, auto_publish=False)
    assert_fails(found, WARNING, "auto_publish", "auto_publish.ignored")
    assert errors(found) == []


@pytest.mark.parametrize("platform", ["instagram", "facebook", "tiktok", "twitter", "pinterest"])
@pytest.mark.parametrize("status", ["SCHEDULED", "DRAFT"])
def test_auto_publish_false_allowed(platform, status):
    assert_passes(run(platform, auto_publish=False, first_comment=None, status=status),
                  "auto_publish")


@pytest.mark.parametrize("platform", list(VALID))
@pytest.mark.parametrize("value", [True, _DROP])
def test_auto_publish_true_or_default_passes(platform, value):
    assert_passes(run(platform, auto_publish=value), "auto_publish")


def test_publish_now_without_auto_publish_warns():
    found = run("tiktok", status="AUTOPUBLISHING", timestamp=None, auto_publish=False)
    assert_fails(found, WARNING, "auto_publish", "auto_publish.manual_now")


@pytest.mark.parametrize("platform", ["instagram", "facebook"])
def test_first_comment_needs_auto_publish(platform):
    assert_fails(run(platform, auto_publish=False), ERROR, "first_comment",
                 "first_comment.manual")


@pytest.mark.parametrize("platform", ["instagram", "facebook"])
@pytest.mark.parametrize("changes", [{"auto_publish": True},
                                     {"auto_publish": False, "first_comment": ""},
                                     {"auto_publish": False, "first_comment": None}])
def test_first_comment_passes(platform, changes):
    assert_passes(run(platform, **changes), "first_comment")


# -- timestamp ---------------------------------------------------------------------------------
@pytest.mark.parametrize("platform", list(VALID))
def test_scheduled_needs_a_timestamp(platform):
    assert_fails(run(platform, timestamp=None), ERROR, "timestamp", "timestamp.missing")


@pytest.mark.parametrize("timestamp", [PAST, NOW.isoformat(), "2026-03-10T11:59:59Z",
                                       "2026-03-10T07:30:00-04:00"])  # 11:30 UTC
def test_scheduled_in_the_past(timestamp):
    assert_fails(run("instagram", timestamp=timestamp), ERROR, "timestamp", "timestamp.past")


@pytest.mark.parametrize("status, timestamp", [
    ("SCHEDULED", "2026-03-10T12:00:01Z"), ("SCHEDULED", "2026-03-10T09:00:00-04:00"),
    ("AUTOPUBLISHING", None), ("AUTOPUBLISHING", PAST), ("DRAFT", None), ("DRAFT", PAST),
    ("FAILED", PAST), ("POSTED", PAST),
])
def test_timestamp_passes(status, timestamp):
    assert_passes(run("instagram", status=status, timestamp=timestamp), "timestamp")


def test_now_defaults_to_the_clock_and_naive_now_is_utc():
    soon = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    assert_passes(check(post("instagram", timestamp=soon), MEDIA), "timestamp")
    naive_now = datetime(2026, 3, 12, 16, 0)  # after FUTURE, read as UTC
    found = check(post("instagram"), MEDIA, now=naive_now)
    assert_fails(found, ERROR, "timestamp", "timestamp.past")


# -- media: types, counts, mixing ---------------------------------------------------------------
MEDIA_FAILS = [
    # platform, changes, code
    ("instagram", {"media_ids": IMAGES[:11]}, "media.too_many"),
    ("instagram", {"media_ids": IMAGES[:6] + VIDEOS[:5]}, "media.too_many"),
    ("instagram", {"post_type": "REEL", "media_ids": [1]}, "media.type"),
    ("instagram", {"post_type": "REEL", "media_ids": VIDEOS[:2]}, "media.too_many"),
    ("instagram", {"post_type": "STORY", "media_ids": [1, 2]}, "media.too_many"),
    ("instagram", {"post_type": "STORY", "media_ids": [1, 101]}, "media.too_many"),
    ("instagram", {"post_type": "STORY", "media_ids": IMAGES[:11], "status": "DRAFT"},
     "media.too_many"),
    ("facebook", {"media_ids": IMAGES[:11]}, "media.too_many"),
    ("facebook", {"media_ids": VIDEOS[:2]}, "media.too_many"),
    ("facebook", {"media_ids": [1, 101]}, "media.mixed"),
    ("facebook", {"post_type": "REEL", "media_ids": [1]}, "media.type"),
    ("tiktok", {"media_ids": [1]}, "media.type"),
    ("tiktok", {"media_ids": [1, 101]}, "media.type"),
    ("tiktok", {"media_ids": VIDEOS[:2]}, "media.too_many"),
    ("twitter", {"media_ids": IMAGES[:5]}, "media.too_many"),
    ("twitter", {"media_ids": VIDEOS[:2]}, "media.too_many"),
    ("twitter", {"media_ids": [1, 101]}, "media.mixed"),
    ("threads", {"media_ids": [101]}, "media.type"),
    ("threads", {"media_ids": IMAGES[:21]}, "media.too_many"),
    ("linkedin", {"media_ids": IMAGES[:21]}, "media.too_many"),
    ("linkedin", {"media_ids": VIDEOS[:2]}, "media.too_many"),
    ("linkedin", {"media_ids": [1, 101]}, "media.mixed"),
    ("youtube", {"media_ids": [1]}, "media.type"),
    ("youtube", {"media_ids": VIDEOS[:2]}, "media.too_many"),
    ("snapchat", {"media_ids": [1, 2]}, "media.too_many"),
    ("snapchat", {"media_ids": [1, 101]}, "media.too_many"),
    ("snapchat", {"post_type": "SPOTLIGHT", "media_ids": [1], "save_to_profile": True,
                  "locale": "en_US"}, "media.type"),
    ("pinterest", {"media_ids": [1, 2]}, "media.too_many"),
    ("pinterest", {"media_ids": [1, 101]}, "media.too_many"),
    ("bluesky", {"media_ids": [101]}, "media.type"),
    ("bluesky", {"media_ids": IMAGES[:5]}, "media.too_many"),
]


@pytest.mark.parametrize("platform, changes, code", MEDIA_FAILS)
def test_media_rules_fail(platform, changes, code):
    assert_fails(run(platform, **changes), ERROR, "media_ids", code)


MEDIA_PASSES = [
    ("instagram", {"media_ids": IMAGES[:10]}),
    ("instagram", {"media_ids": IMAGES[:5] + VIDEOS[:5]}),  # feed posts may mix
    ("instagram", {"media_ids": VIDEOS[:10]}),
    ("instagram", {"post_type": "REEL", "media_ids": [101]}),
    ("instagram", {"post_type": "STORY", "media_ids": [101]}),
    ("instagram", {"post_type": "STORY", "media_ids": IMAGES[:3] + [101], "status": "DRAFT"}),
    ("facebook", {"media_ids": IMAGES[:10]}),
    ("facebook", {"media_ids": [101]}),
    ("facebook", {"media_ids": []}),  # caption-only
    ("facebook", {"post_type": "REEL", "media_ids": [101]}),
    ("tiktok", {"media_ids": [101]}),
    ("tiktok", {"media_ids": [], "status": "DRAFT"}),
    ("twitter", {"media_ids": IMAGES[:4]}),
    ("twitter", {"media_ids": [101]}),
    ("twitter", {"media_ids": []}),
    ("threads", {"media_ids": IMAGES[:20]}),
    ("linkedin", {"media_ids": IMAGES[:20]}),
    ("linkedin", {"media_ids": [101]}),
    ("youtube", {"media_ids": [101]}),
    ("snapchat", {"media_ids": [101]}),
    ("snapchat", {"post_type": "SPOTLIGHT", "media_ids": [101], "save_to_profile": True,
                  "locale": "en_US"}),
    ("pinterest", {"media_ids": [101]}),
    ("pinterest", {"media_ids": [], "status": "DRAFT"}),
    ("bluesky", {"media_ids": IMAGES[:4]}),
    ("bluesky", {"media_ids": []}),
    ("instagram", {"media_ids": [], "status": "DRAFT"}),
    ("instagram", {"post_type": "REEL", "media_ids": [], "status": "DRAFT"}),
    ("instagram", {"post_type": "STORY", "media_ids": [], "status": "DRAFT"}),
]


@pytest.mark.parametrize("platform, changes", MEDIA_PASSES)
def test_media_rules_pass(platform, changes):
    assert_passes(run(platform, **changes), "media_ids")


def test_story_hint_mentions_drafts():
    (finding,) = run("instagram", post_type="STORY", media_ids=[1, 2])
    assert "draft" in finding.message


def test_tiktok_image_message():
    (finding,) = run("tiktok", media_ids=[1])
    assert finding.message == "TikTok takes exactly one video; remove the image."


# -- media: required unless draft / caption-only -------------------------------------------------
@pytest.mark.parametrize("status", ["SCHEDULED", "AUTOPUBLISHING"])
@pytest.mark.parametrize("platform, changes", [
    ("instagram", {}), ("instagram", {"post_type": "STORY"}),
    ("instagram", {"post_type": "REEL"}), ("facebook", {"post_type": "REEL"}), ("tiktok", {}),
    ("youtube", {}), ("snapchat", {}),
    ("snapchat", {"post_type": "SPOTLIGHT", "save_to_profile": True, "locale": "en_US"}),
    ("pinterest", {}),
])
def test_media_needed_to_publish(platform, changes, status):
    found = run(platform, media_ids=[], status=status, timestamp=FUTURE, **changes)
    assert_fails(found, ERROR, "media_ids", "media.missing")


@pytest.mark.parametrize("platform, changes", [
    ("youtube", {}), ("snapchat", {}), ("facebook", {"post_type": "REEL"}),
])
def test_media_needed_even_for_drafts(platform, changes):
    found = run(platform, media_ids=[], status="DRAFT", **changes)
    assert_fails(found, ERROR, "media_ids", "media.missing")


def test_expanded_media_counts_when_media_ids_is_empty():
    found = check(post("tiktok", media_ids=[], media=[{"id": 7, "type": "VIDEO"}]), now=NOW)
    assert_passes(found, "media_ids")


# -- media: unknown ids and types ----------------------------------------------------------------
def test_unknown_media_id_warns():
    found = run("tiktok", media_ids=[999])
    assert_fails(found, WARNING, "media_ids", "media.unknown_id")
    assert errors(found) == []


def test_unknown_media_type_warns():
    found = check(post("tiktok", media_ids=[5], media=[{"id": 5, "type": "GIF"}]), now=NOW)
    assert_fails(found, WARNING, "media_ids", "media.unknown_type")


def test_media_types_from_expanded_media_and_any_case():
    p = post("tiktok", media_ids=[5], media=[{"id": 5, "type": "video"}])
    assert check(p, None, now=NOW) == []
    assert run("tiktok", media={101: "video"}) == []


# -- an empty post ------------------------------------------------------------------------------
@pytest.mark.parametrize("platform, field", [
    ("twitter", "tweet_status"), ("threads", "text"), ("linkedin", "text"), ("bluesky", "text"),
    ("facebook", "message"),
])
@pytest.mark.parametrize("text", [None, "", " \n"])
def test_empty_post_cannot_publish(platform, field, text):
    found = run(platform, media_ids=[], **{field: text})
    assert_fails(found, ERROR, field, "post.empty")


@pytest.mark.parametrize("platform, field", [("twitter", "tweet_status"), ("bluesky", "text")])
@pytest.mark.parametrize("changes", [{"status": "DRAFT"}, {"media_ids": [1]}])
def test_empty_text_is_fine_in_drafts_or_with_media(platform, field, changes):
    assert_passes(run(platform, **{field: "", **changes}), field)


# -- text limits ---------------------------------------------------------------------------------
TEXT_FAILS = [
    # platform, changes, severity, field
    ("instagram", {"caption": "a" * 2201}, ERROR, "caption"),
    ("facebook", {"message": "a" * 63207}, ERROR, "message"),
    ("facebook", {"first_comment": "a" * 8001}, ERROR, "first_comment"),
    ("tiktok", {"text": "a" * 2201}, ERROR, "text"),
    ("twitter", {"tweet_status": "a" * 281}, ERROR, "tweet_status"),
    ("twitter", {"tweet_status": "你" * 141}, ERROR, "tweet_status"),
    ("twitter", {"tweet_status": "😀" * 141}, ERROR, "tweet_status"),
    ("threads", {"text": "a" * 501}, ERROR, "text"),
    ("threads", {"text": "😀" * 126}, ERROR, "text"),  # 504 counting emoji as bytes
    ("linkedin", {"text": "a" * 3001}, ERROR, "text"),
    ("youtube", {"title": "a" * 101}, ERROR, "title"),
    ("youtube", {"description": "é" * 2501}, ERROR, "description"),  # 5,002 bytes
    ("snapchat", {"post_type": "SPOTLIGHT", "media_ids": [101], "save_to_profile": True,
                  "locale": "en_US", "description": "a" * 161}, ERROR, "description"),
    ("pinterest", {"meta": {"title": "a" * 101, "pinterestBoard": BOARD}}, ERROR, "meta.title"),
    ("pinterest", {"note": "a" * 501}, WARNING, "note"),
    ("pinterest", {"note": "a" * 801}, ERROR, "note"),
    ("pinterest", {"link": "https://example.com/" + "a" * 2030}, ERROR, "link"),
    ("bluesky", {"text": "a" * 301}, ERROR, "text"),
    ("bluesky", {"text": "👍🏽" * 301}, ERROR, "text"),
]


@pytest.mark.parametrize("platform, changes, severity, field", TEXT_FAILS)
def test_text_too_long(platform, changes, severity, field):
    code = "text.long" if severity == WARNING else "text.too_long"
    assert_fails(run(platform, **changes), severity, field, code)


TEXT_PASSES = [
    ("instagram", {"caption": "a" * 2200}, "caption"),
    ("facebook", {"message": "a" * 63206}, "message"),
    ("facebook", {"first_comment": "a" * 8000}, "first_comment"),
    ("tiktok", {"text": "a" * 2200}, "text"),
    ("twitter", {"tweet_status": "a" * 280}, "tweet_status"),
    ("twitter", {"tweet_status": "你" * 140}, "tweet_status"),
    ("twitter", {"tweet_status": "a" * 250 + " https://example.com/" + "x" * 200}, "tweet_status"),
    ("threads", {"text": "a" * 500}, "text"),
    ("threads", {"text": "😀" * 125}, "text"),
    ("linkedin", {"text": "a" * 3000}, "text"),
    ("youtube", {"title": "a" * 100}, "title"),
    ("youtube", {"description": "é" * 2500}, "description"),
    ("snapchat", {"post_type": "SPOTLIGHT", "media_ids": [101], "save_to_profile": True,
                  "locale": "en_US", "description": "a" * 160}, "description"),
    ("pinterest", {"meta": {"title": "a" * 100, "pinterestBoard": BOARD}}, "meta.title"),
    ("pinterest", {"note": "a" * 500}, "note"),
    ("pinterest", {"link": "https://example.com/" + "a" * 2028}, "link"),
    ("bluesky", {"text": "a" * 300}, "text"),
    ("bluesky", {"text": "👨‍👩‍👧‍👦" * 300}, "text"),  # 2,100 code points
]


@pytest.mark.parametrize("platform, changes, field", TEXT_PASSES)
def test_text_within_limits(platform, changes, field):
    assert_passes(run(platform, **changes), field)


def test_x_premium_limit():
    long = "a" * 1000
    found = run("twitter", tweet_status=long)
    assert_fails(found, ERROR, "tweet_status", "text.too_long")
    assert "Premium" in found[0].message
    assert_passes(run("twitter", tweet_status=long, x_premium=True), "tweet_status")
    assert_fails(run("twitter", tweet_status="a" * 25_001, x_premium=True), ERROR,
                 "tweet_status", "text.too_long")


@pytest.mark.parametrize("field, value", [("title", "Best <b>launch</b>"),
                                          ("description", "1 > 0")])
def test_youtube_angle_brackets(field, value):
    assert_fails(run("youtube", **{field: value}), ERROR, field, "text.forbidden")


@pytest.mark.parametrize("field", ["title", "description"])
def test_youtube_text_without_brackets_passes(field):
    assert_passes(run("youtube", **{field: "Launch day: 3 things (and more) & why"}), field)


def test_snapchat_story_has_no_description():
    assert_fails(run("snapchat", description="hello"), ERROR, "description", "text.not_allowed")


@pytest.mark.parametrize("value", [None, ""])
def test_snapchat_story_without_description_passes(value):
    assert_passes(run("snapchat", description=value), "description")


# -- Instagram hashtags --------------------------------------------------------------------------
def test_instagram_hashtags():
    tags = " ".join(f"#tag{i}" for i in range(31))
    assert_fails(run("instagram", caption=tags), ERROR, "caption", "hashtags.too_many")
    assert_passes(run("instagram", caption=" ".join(f"#tag{i}" for i in range(30))), "caption")


def test_hashtags_only_counted_on_instagram():
    assert_passes(run("tiktok", text=" ".join(f"#t{i}" for i in range(40))), "text")


# -- X threads -----------------------------------------------------------------------------------
def test_x_reply_too_long():
    replies = [{"tweet_status": "ok"}, {"tweet_status": "a" * 281}]
    found = run("twitter", replies=replies)
    assert_fails(found, ERROR, "replies", "replies.too_long")
    assert "Reply 2" in found[0].message


def test_x_thread_too_long_warns():
    assert_fails(run("twitter", replies=[{"tweet_status": "a"}] * 25), WARNING, "replies",
                 "replies.too_many")


@pytest.mark.parametrize("replies", [None, [], [{"tweet_status": "a" * 280}] * 24,
                                     [{"thread_order": 1}]])
def test_x_replies_pass(replies):
    assert_passes(run("twitter", replies=replies), "replies")


# -- duplicating to other brands -----------------------------------------------------------------
def test_duplicate_to_at_most_55_brands():
    assert_fails(run("instagram", duplicate_to_brand_ids=list(range(56))), ERROR,
                 "duplicate_to_brand_ids", "duplicate.too_many")
    assert_passes(run("instagram", duplicate_to_brand_ids=list(range(55))),
                  "duplicate_to_brand_ids")


# -- whatever the server sends, check() answers --------------------------------------------------
json_values = st.none() | st.booleans() | st.integers() | st.text(max_size=20)


@settings(max_examples=200, deadline=None)
@given(platform=st.sampled_from(list(Platform)), status=st.none() | st.text(max_size=20),
       post_type=st.none() | st.text(max_size=20), auto_publish=st.none() | st.booleans(),
       media=st.lists(st.tuples(st.integers(0, 50), st.none() | st.text(max_size=8)),
                      max_size=12),
       caption=st.text(max_size=300),
       extra=st.dictionaries(st.text(alphabet="abc_", max_size=10), json_values, max_size=3))
def test_check_never_crashes(platform, status, post_type, auto_publish, media, caption, extra):
    data = {"status": status, "auto_publish": auto_publish, "media_ids": [i for i, _ in media],
            "media": [{"id": i, "type": t} for i, t in media[::2]], "timestamp": FUTURE}
    if SPECS[platform].post_type_required:
        data["post_type"] = post_type
    p = new_post(platform, **data)
    p.caption = caption
    for key, value in extra.items():  # unknown fields never interfere
        p.set(f"x_{key}", value)
    found = check(p, {i: t for i, t in media[1::2]}, now=NOW)
    assert all(isinstance(f, Finding) and f.severity in (ERROR, WARNING) and f.field
               and f.message for f in found)
