"""Infinipost's live rules (rules.py), the status mapping and the local-time conversion as
units: no HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dashtui.backends.infinipost import convert, rules
from dashtui.backends.infinipost.localtime import ZONES, AmbiguousTime, from_wall, to_wall
from dashtui.domain.rules import ERROR, WARNING

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
ACCOUNTS = {
    "acc_tt": {"accountId": "acc_tt", "platform": "tiktok", "username": "ember",
               "accountStatus": "ready", "warmupDay": 7},
    "acc_ig": {"accountId": "acc_ig", "platform": "instagram", "username": "oak",
               "accountStatus": "ready", "warmupDay": 7},
    "acc_warm": {"accountId": "acc_warm", "platform": "tiktok", "username": None,
                 "accountStatus": "warming_up", "warmupDay": 2},
}


def post(platform="tiktok", **kw):
    raw = {"postId": "post_1", "accountId": "acc_tt" if platform == "tiktok" else "acc_ig",
           "platform": platform, "contentType": "video",
           "contentUrl": "https://cdn.test/v.mp4", "caption": "Hello", "soundId": None,
           "timezone": "America/New_York", "scheduledTime": "2026-03-10T14:00:00Z",
           "status": "generated", **kw}
    return convert.to_post(raw, ACCOUNTS)


def codes(p, severity=None):
    return [f.code for f in rules.check(p, ACCOUNTS, now=NOW)
            if severity is None or f.severity == severity]


def test_a_good_post_has_no_findings():
    assert rules.check(post(), ACCOUNTS, now=NOW) == []
    assert rules.check(post("instagram"), ACCOUNTS, now=NOW) == []


@pytest.mark.parametrize("native, domain", [
    ("generated", "SCHEDULED"), ("scheduled", "SCHEDULED"),
    ("pending_render", "PENDING_RENDER"), ("posted", "POSTED"), ("failed", "FAILED"),
    ("Publishing", "PUBLISHING"), (None, None)])
def test_status_mapping(native, domain):
    p = post(status=native)
    assert p.status == domain and p.get("native_status") == native


@pytest.mark.parametrize("native", ["posted", "failed"])
def test_posted_and_failed_are_locked(native):
    p = post(status=native, scheduledTime="2026-02-01T10:00:00Z")
    assert codes(p, ERROR) == ["status.locked"]
    assert "Post Already Posted" in rules.locked_reason(p)


def test_the_examples_scheduled_status_warns_but_is_not_locked():
    p = post(status="scheduled")
    assert rules.locked_reason(p) is None and codes(p) == ["status.unknown"]


def test_a_zone_outside_the_eleven_is_an_error_and_none_a_warning():
    assert codes(post(timezone="UTC"), ERROR) == ["timezone.unsupported"]
    assert codes(post(timezone=None), WARNING) == ["timezone.missing"]


def test_a_past_time_and_no_time():
    assert codes(post(scheduledTime="2026-02-28T10:00:00Z")) == ["timestamp.past"]
    assert "timestamp.missing" in codes(post(scheduledTime=None))


def test_a_time_in_the_repeated_hour_is_flagged():
    found = rules.check(post(scheduledTime="2026-11-01T06:30:00Z"), ACCOUNTS, now=NOW)
    assert [f.code for f in found] == ["timestamp.ambiguous"]
    assert "happens twice in America/New_York" in found[0].message


def test_content_rules():
    assert codes(post(contentType="gif")) == ["content.type"]
    assert codes(post(contentUrl=None)) == ["content.missing"]
    assert codes(post(contentUrl="ftp://x/v.mp4")) == ["content.invalid_url"]
    assert codes(post(contentUrl=["https://a.test/1.mp4", "https://a.test/2.mp4"])) == \
        ["content.video_count"]
    assert codes(post(contentUrl="https://a.test/photo.jpg")) == ["content.video_is_image"]
    slides = ["https://a.test/1.jpg", "https://a.test/2.mp4"]
    assert codes(post(contentType="slides", contentUrl=slides)) == ["content.slides_are_video"]


def test_slide_counts_per_network():
    many = [f"https://a.test/{i}.jpg" for i in range(11)]
    assert codes(post("instagram", contentType="slideshow", contentUrl=many), ERROR) == \
        ["content.too_many"]
    assert codes(post(contentType="slideshow", contentUrl=many)) == []
    assert codes(post(contentType="slideshow", contentUrl=many * 4), WARNING) == \
        ["content.too_many"]


def test_slide_duration_is_4_6_or_8():
    slides = {"contentType": "slideshow", "contentUrl": ["https://a.test/1.jpg"]}
    assert codes(post(**slides, slideDuration=6)) == []
    assert codes(post(**slides, slideDuration=5)) == ["slide_duration.invalid"]
    assert codes(post(slideDuration=4)) == ["slide_duration.video"]


def test_a_sound_is_tiktok_only():
    assert codes(post(soundId="snd_1")) == []
    assert codes(post("instagram", soundId="snd_1")) == ["sound.not_tiktok"]


def test_network_text_limits_and_hashtags():
    long = "x" * 2201
    found = rules.check(post(caption=long), ACCOUNTS, now=NOW)
    assert [f.code for f in found] == ["text.too_long"]
    assert found[0].field == "text" and "2,201/2,200" in found[0].message
    assert codes(post("instagram", caption="y" * 2200)) == []
    tags = " ".join(f"#t{i}" for i in range(31))
    assert codes(post("instagram", caption=tags)) == ["hashtags.too_many"]
    assert codes(post(caption=tags)) == []  # TikTok counts no hashtags


def test_emoji_count_as_characters_on_both_networks():
    assert codes(post(caption="👨‍👩‍👧‍👦" * 300)) == []  # 2,100 code points


def test_account_rules():
    assert codes(post(accountId="acc_warm")) == ["account.not_ready"]
    assert codes(post(accountId="acc_ig")) == ["account.platform"]
    assert codes(post(accountId="acc_other")) == ["account.unknown"]
    p = post()
    p.set("targets", [])
    p.set("account_id", None)
    assert codes(p) == ["account.missing"]


def test_errors_come_first():
    found = rules.check(post(timezone=None, contentUrl="ftp://x"), ACCOUNTS, now=NOW)
    assert [f.severity for f in found] == [ERROR, WARNING]


# -- local time ---------------------------------------------------------------------------------
def test_the_eleven_zones_in_the_docs_order():
    assert ZONES == ("America/New_York", "America/Chicago", "America/Denver",
                     "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
                     "Europe/London", "Europe/Paris", "Asia/Tokyo", "Asia/Singapore",
                     "Australia/Sydney")


@pytest.mark.parametrize("zone", ZONES)
def test_every_quarter_hour_around_the_transitions_round_trips_or_is_refused(zone):
    """A UTC instant has one wall time: it reads back as itself, unless that wall time is
    repeated (then refused, never sent)."""
    # every quarter hour of the seasons 2026's transitions fall in (US 8 Mar / 1 Nov, EU
    # 29 Mar / 25 Oct, Sydney 5 Apr / 4 Oct)
    spring = [datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(minutes=15 * i)
              for i in range(41 * 96)]
    autumn = [datetime(2026, 9, 28, tzinfo=timezone.utc) + timedelta(minutes=15 * i)
              for i in range(39 * 96)]
    refused = 0
    for instant in spring + autumn:
        try:
            wall = to_wall(instant, zone)
        except AmbiguousTime:
            refused += 1
            continue
        assert from_wall(wall, zone) == instant
    # zones with DST repeat one hour a year (4 quarter hours, twice: both instants)
    assert refused in (0, 8)


def test_seconds_are_dropped_not_rounded():
    instant = datetime(2026, 5, 1, 9, 59, 59, tzinfo=timezone.utc)
    assert to_wall(instant, "Europe/London") == "2026-05-01T10:59"


def test_an_unknown_zone_is_refused():
    with pytest.raises(ValueError, match="not one of"):
        to_wall(NOW, "Europe/Berlin")


def test_convert_keeps_urls_a_list_and_names_the_target():
    p = post(contentType="slides", contentUrl=["https://a.test/1.jpg"])
    assert p.get("content_type") == "slideshow" and p.get("content_urls") == \
        ["https://a.test/1.jpg"]
    assert p.get("targets")[0]["name"] == "ember"
    with pytest.raises(convert.Unreadable, match="not TikTok or Instagram"):
        convert.to_post({"postId": "p", "platform": "youtube"})


def test_a_new_post_is_checked_before_it_exists():
    from dashtui.domain.posts import new_post

    fresh = new_post("tiktok", brand_id=1, text="hi", account_id="acc_tt",
                     content_type="video", content_urls=["https://a.test/v.mp4"],
                     timezone="Europe/Paris", timestamp="2026-02-01T10:00:00Z")
    assert codes(fresh) == ["timestamp.past"]
    now_post = new_post("tiktok", brand_id=1, text="hi", account_id="acc_tt",
                        status="AUTOPUBLISHING", content_type="video",
                        content_urls=["https://a.test/v.mp4"], timezone="Europe/Paris")
    assert codes(now_post) == []
    fresh.timestamp = None
    assert codes(fresh) == ["timestamp.missing"]
