"""Genviral's live checks (rules.py) on domain posts, without a server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dashtui.backends.genviral import rules
from dashtui.backends.genviral.client import GenviralClient
from dashtui.domain.posts import parse_post
from dashtui.domain.rules import ERROR, WARNING

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
VIDEO = {"type": "video", "url": "https://cdn.example.com/a.mp4", "duration_seconds": 20}


def account(aid, platform, kind="byo", text_only=False):
    return {"id": aid, "platform": platform, "type": kind, "username": f"@{aid}",
            "capabilities": {"text_only": text_only}}


ACCOUNTS = {a["id"]: a for a in [
    account("tt", "tiktok"), account("tth", "tiktok", "hosted"), account("ig", "instagram"),
    account("fb", "facebook", text_only=True), account("li", "linkedin", text_only=True),
    account("x", "x", text_only=True), account("yt", "youtube"), account("pin", "pinterest"),
    account("bs", "bluesky", text_only=True),
]}
PLATFORM = {"tiktok": "tiktok", "instagram": "instagram", "facebook": "facebook",
            "linkedin": "linkedin", "x": "twitter", "youtube": "youtube",
            "pinterest": "pinterest", "bluesky": "bluesky"}


def post(ids, caption="hello", status="SCHEDULED", when=NOW + timedelta(days=1),
         media=VIDEO, **extra):
    first = PLATFORM[ACCOUNTS[ids[0]]["platform"]]
    from dashtui.domain.platforms import spec

    data = {"id": "p1", "brand_id": 1, "status": status,
            "timestamp": when.isoformat() if when else None,
            spec(first).caption_field: caption, "genviral_media": media,
            "targets": [{"account_id": i, "platform": PLATFORM[ACCOUNTS[i]["platform"]],
                         "type": ACCOUNTS[i]["type"], "name": f"@{i}"} for i in ids],
            **extra}
    return parse_post(first, data)


def codes(p, **kw):
    return [f.code for f in rules.check(p, ACCOUNTS, now=NOW, **kw)]


def test_a_clean_post_passes():
    assert codes(post(["tt", "ig"])) == []


@pytest.mark.parametrize("ids, limit", [
    (["fb"], 63_206), (["ig"], 2_200), (["tt"], 2_200), (["li"], 3_000), (["pin"], 800),
    (["tth"], 500),
])
def test_caption_limits_per_target(ids, limit):
    media = None if ids in (["fb"], ["li"]) else VIDEO
    assert "genviral.caption.too_long" not in codes(post(ids, "a" * limit, media=media))
    found = rules.check(post(ids, "a" * (limit + 1), media=media), ACCOUNTS, now=NOW)
    [f] = [f for f in found if f.code == "genviral.caption.too_long"]
    assert f.severity == ERROR and f"{limit:,}" in f.message and "Cut 1." in f.message


def test_tiktok_photo_posts_take_4000():
    slides = {"type": "slideshow", "images": [{"url": "https://c/1.jpg"}]}
    assert "genviral.caption.too_long" not in codes(post(["tt"], "a" * 4000, media=slides))
    assert "genviral.caption.too_long" in codes(post(["tt"], "a" * 4001, media=slides))


def test_the_strictest_target_wins_and_hosted_says_so():
    [f] = [f for f in rules.check(post(["ig", "tth"], "a" * 600), ACCOUNTS, now=NOW)
           if f.code == "genviral.caption.too_long"]
    assert "hosted accounts allow 500" in f.message


def test_youtube_counts_bytes():
    assert "genviral.caption.too_long" not in codes(post(["yt"], "é" * 2500))
    [f] = [f for f in rules.check(post(["yt"], "é" * 2501), ACCOUNTS, now=NOW)
           if f.code == "genviral.caption.too_long"]
    assert "5,002 bytes" in f.message


def test_x_counts_weighted_and_premium_raises_it():
    text = "🍞" * 141  # 282 weighted
    assert "genviral.caption.too_long" in codes(post(["x"], text, media=None))
    assert "genviral.caption.too_long" not in codes(post(["x"], text, media=None),
                                                    x_premium=True)
    assert "genviral.caption.too_long" not in codes(
        post(["x"], "see https://example.com/" + "a" * 300, media=None))  # a link is 23


def test_bluesky_counts_graphemes():
    assert "genviral.caption.too_long" not in codes(post(["bs"], "👩‍🍳" * 300, media=None))
    assert "genviral.caption.too_long" in codes(post(["bs"], "a" * 301, media=None))


def test_pinterest_tags_count_toward_800():
    pin = {"tags": ["bread", "baking"]}  # " #bread #baking": 15
    assert "genviral.caption.too_long" not in codes(post(["pin"], "a" * 785, pinterest=pin))
    found = [f for f in rules.check(post(["pin"], "a" * 786, pinterest=pin), ACCOUNTS,
                                    now=NOW) if f.code == "genviral.caption.too_long"]
    assert found and "with its tags" in found[0].message


def test_pinterest_tag_rules():
    assert "genviral.pinterest.tags" in codes(post(["pin"], pinterest={"tags": ["t"] * 31}))
    assert "genviral.pinterest.tag_length" in codes(post(["pin"],
                                                         pinterest={"tags": ["x" * 101]}))
    assert "genviral.pinterest.targets" in codes(post(["tt"], pinterest={"tags": ["a"]}))


def test_a_schedule_must_be_two_minutes_ahead():
    assert "genviral.schedule.too_soon" in codes(post(["tt"], when=NOW + timedelta(seconds=90)))
    assert "genviral.schedule.too_soon" in codes(post(["tt"], when=NOW - timedelta(hours=1)))
    assert "genviral.schedule.too_soon" not in codes(post(["tt"], when=NOW + timedelta(minutes=2)))
    # publish now and drafts have no such rule
    assert "genviral.schedule.too_soon" not in codes(post(["tt"], status="AUTOPUBLISHING",
                                                         when=None))
    assert "genviral.schedule.too_soon" not in codes(post(["tt"], status="DRAFT",
                                                         when=NOW - timedelta(days=1)))


def test_text_only_needs_every_account_to_support_it():
    assert "genviral.media.text_only" not in codes(post(["x", "fb"], media=None))
    found = [f for f in rules.check(post(["x", "ig"], media=None), ACCOUNTS, now=NOW)
             if f.code == "genviral.media.text_only"]
    assert len(found) == 1 and "@ig" in found[0].message and found[0].severity == ERROR


def test_text_only_with_unknown_capabilities_warns():
    p = post(["x"], media=None)
    [f] = rules.check(p, {}, now=NOW)
    assert f.severity == WARNING and f.code == "genviral.media.text_only_unknown"


def test_music_is_tiktok_only_and_never_with_instagram():
    music = "https://www.tiktok.com/@a/video/1"
    assert codes(post(["tt"], music_url=music)) == []
    assert "genviral.music.instagram" in codes(post(["tt", "ig"], music_url=music))
    [f] = [f for f in rules.check(post(["tt", "fb"], music_url=music), ACCOUNTS, now=NOW)]
    assert f.code == "genviral.music.tiktok_only" and f.severity == WARNING


def test_one_to_ten_accounts():
    assert "genviral.accounts.none" in codes(post(["tt"], targets=[]))
    many = [{"account_id": f"a{i}", "platform": "tiktok"} for i in range(11)]
    assert "genviral.accounts.too_many" in codes(post(["tt"], targets=many))


@pytest.mark.parametrize("status", ["POSTED", "PARTIALLY_FAILED", "CANCELED"])
def test_immutable_statuses_are_errors(status):
    # the only finding: nothing else about a post that can't change is worth fixing
    assert codes(post(["tt"], "a" * 9000, status=status, media=None)) == ["genviral.immutable"]


def test_media_rules():
    assert "genviral.media.video_type" in codes(post(["tt"], media={**VIDEO,
                                                                    "url": "https://c/a.webm"}))
    assert "genviral.media.duration" in codes(post(["tt"], media={**VIDEO,
                                                                  "duration_seconds": 75}))
    slides = {"type": "slideshow", "images": [{"url": f"https://c/{i}.jpg"} for i in range(36)]}
    assert "genviral.media.slides" in codes(post(["tt"], media=slides))
    gif = {"type": "slideshow", "images": [{"url": "https://c/a.gif"}]}
    assert "genviral.media.image_type" in codes(post(["tt"], media=gif))


def test_tiktok_settings_need_all_tiktok_byo():
    assert "genviral.tiktok.targets" in codes(post(["tt", "tth"], tiktok={"a": 1}))
    assert "genviral.tiktok.post_mode" in codes(post(["tt"], tiktok={"post_mode":
                                                                      "MEDIA_UPLOAD"}))


def test_errors_come_first_and_an_empty_caption_is_an_error():
    found = rules.check(post(["x"], "", media=None), {}, now=NOW)
    assert found[0].severity == ERROR and found[0].code == "genviral.caption.missing"
    assert [f.severity for f in found] == sorted((f.severity for f in found),
                                                 key=lambda s: s != ERROR)


def test_the_client_checks_with_its_cached_capabilities():
    client = GenviralClient("gva_live_a.b-secret-1")
    client._accounts = dict(ACCOUNTS)
    assert [f.code for f in client.check(post(["x", "ig"], media=None), now=NOW)] == \
        ["genviral.media.text_only"]

