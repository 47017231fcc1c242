"""InfinipostClient's writes against the sandbox over real HTTP: edits (sound, local times,
DST, content), refusals, bulk delete, creates and lost creates."""

from __future__ import annotations

import pytest

from dashtui.domain.posts import new_post
from dashtui.errors import (BackendError, ConflictError, ConnectionFailed, NotFoundError,
                            TimedOut, ValidationError)

from .conftest import IG, SOUND, SOUND2, TT, utc


# -- the sound is never silently dropped ---------------------------------------------------
async def test_a_caption_only_edit_keeps_the_sound(sandbox, ip):
    post = await ip.update_post("tiktok", "post_video", {"text": "Fresh words only"})
    held = sandbox.post("post_video")
    assert held["caption"] == "Fresh words only"
    assert held["soundId"] == SOUND  # what the SERVER holds
    assert sandbox.sent("PATCH", "/v1/posts/post_video") == {"caption": "Fresh words only",
                                                              "soundId": SOUND}
    assert post.get("sound_id") == SOUND and post.caption == "Fresh words only"


async def test_the_sound_sent_is_the_one_the_server_holds_now(sandbox, ip):
    stale = await ip.get_post("tiktok", "post_video")
    sandbox.post("post_video")["soundId"] = SOUND2  # someone changed it since
    await ip.update_post("tiktok", stale.id, {"text": "x"})
    assert sandbox.post("post_video")["soundId"] == SOUND2


async def test_a_sound_can_be_changed_and_removed(sandbox, ip):
    await ip.update_post("tiktok", "post_video", {"sound_id": SOUND2})
    assert sandbox.post("post_video")["soundId"] == SOUND2
    await ip.update_post("tiktok", "post_video", {"sound_id": None})
    assert sandbox.post("post_video")["soundId"] is None
    assert sandbox.sent("PATCH", "/v1/posts/post_video") == {"soundId": None}


async def test_an_instagram_edit_sends_no_sound_and_refuses_one(sandbox, ip):
    await ip.update_post("instagram", "post_ig", {"caption": "IG words"})
    assert sandbox.sent("PATCH", "/v1/posts/post_ig") == {"caption": "IG words"}
    with pytest.raises(ValidationError, match="TikTok only") as err:
        await ip.update_post("instagram", "post_ig", {"sound_id": SOUND})
    assert "sound_id" in err.value.field_errors


# -- time: local wall time + zone out, UTC back --------------------------------------------
async def test_a_time_edit_goes_as_local_wall_time_in_the_posts_zone(sandbox, ip):
    post = await ip.update_post("tiktok", "post_video",
                                {"timestamp": "2026-03-20T18:30:00+00:00"})
    # New York is on EDT (UTC-4) after 8 March 2026
    assert sandbox.sent("PATCH", "/v1/posts/post_video") == {
        "scheduledTime": "2026-03-20T14:30", "timezone": "America/New_York",
        "soundId": SOUND}
    assert sandbox.post("post_video")["scheduledTime"] == "2026-03-20T18:30:00.000Z"
    assert post.timestamp == utc("2026-03-20T18:30:00+00:00")
    assert post.get("warnings") is None


@pytest.mark.parametrize("instant, wall", [
    ("2026-03-08T06:59:00+00:00", "2026-03-08T01:59"),  # last minute of EST
    ("2026-03-08T07:00:00+00:00", "2026-03-08T03:00"),  # first of EDT: 02:xx never exists
    ("2026-03-08T07:30:00+00:00", "2026-03-08T03:30"),
])
async def test_a_time_next_to_the_spring_gap_reads_back_as_the_same_instant(sandbox, ip,
                                                                           instant, wall):
    post = await ip.update_post("tiktok", "post_video", {"timestamp": instant})
    assert sandbox.sent("PATCH", "/v1/posts/post_video")["scheduledTime"] == wall
    assert post.timestamp == utc(instant)


@pytest.mark.parametrize("instant", ["2026-11-01T05:30:00+00:00",  # 01:30 EDT
                                     "2026-11-01T06:30:00+00:00"])  # 01:30 EST
async def test_a_time_in_the_repeated_autumn_hour_is_refused_before_sending(sandbox, ip,
                                                                           instant):
    with pytest.raises(ValidationError, match="happens twice") as err:
        await ip.update_post("tiktok", "post_video", {"timestamp": instant})
    assert "timestamp" in err.value.field_errors
    assert not sandbox.requests("PATCH")


async def test_sydney_a_southern_zone_converts_too(sandbox, ip):
    await ip.update_post("tiktok", "post_video", {"timestamp": "2026-04-05T15:30:00+00:00",
                                                  "timezone": "Australia/Sydney"})
    # 5 April 2026: Sydney left daylight time at 03:00 local that morning (now UTC+10)
    assert sandbox.sent("PATCH", "/v1/posts/post_video")["scheduledTime"] == \
        "2026-04-06T01:30"
    assert sandbox.post("post_video")["scheduledTime"] == "2026-04-05T15:30:00.000Z"


async def test_changing_only_the_zone_keeps_the_instant(sandbox, ip):
    post = await ip.update_post("tiktok", "post_video", {"timezone": "Europe/London"})
    assert sandbox.sent("PATCH", "/v1/posts/post_video")["scheduledTime"] == \
        "2026-03-10T14:00"  # London is on GMT in early March
    assert post.get("timezone") == "Europe/London"
    assert post.timestamp == utc("2026-03-10T14:00:00+00:00")


async def test_a_post_without_one_of_the_11_zones_must_pick_one(sandbox, ip):
    with pytest.raises(ValidationError, match="one of its 11") as err:
        await ip.update_post("tiktok", "post_utc", {"timestamp": "2026-03-12T10:00:00Z"})
    assert "timezone" in err.value.field_errors and not sandbox.requests("PATCH")
    post = await ip.update_post("tiktok", "post_utc", {"timestamp": "2026-03-12T10:00:00Z",
                                                       "timezone": "Asia/Tokyo"})
    assert sandbox.sent("PATCH", "/v1/posts/post_utc")["scheduledTime"] == "2026-03-12T19:00"
    assert post.timestamp == utc("2026-03-12T10:00:00+00:00")


async def test_unscheduling_is_refused(ip):
    with pytest.raises(ValidationError, match="no unscheduled posts"):
        await ip.update_post("tiktok", "post_video", {"timestamp": None})


# -- content: contentType and contentUrl together ------------------------------------------
async def test_changing_the_urls_sends_the_type_too(sandbox, ip):
    await ip.update_post("tiktok", "post_video", {"content_urls": ["https://cdn.test/n.mp4"]})
    sent = sandbox.sent("PATCH", "/v1/posts/post_video")
    assert (sent["contentType"], sent["contentUrl"]) == ("video", "https://cdn.test/n.mp4")
    assert sent["soundId"] == SOUND


async def test_a_video_becomes_a_slideshow(sandbox, ip):
    urls = ["https://cdn.test/1.jpg", "https://cdn.test/2.jpg"]
    post = await ip.update_post("instagram", "post_ig", {"content_type": "slideshow",
                                                         "content_urls": urls})
    sent = sandbox.sent("PATCH", "/v1/posts/post_ig")
    assert (sent["contentType"], sent["contentUrl"]) == ("slides", urls)
    assert sandbox.post("post_ig")["contentUrl"] == urls
    assert post.get("content_type") == "slideshow" and post.get("content_urls") == urls


async def test_a_video_with_two_urls_is_refused_locally(sandbox, ip):
    with pytest.raises(ValidationError, match="exactly one URL"):
        await ip.update_post("tiktok", "post_video",
                             {"content_urls": ["https://a.test/1.mp4", "https://a.test/2.mp4"]})
    assert not sandbox.requests("PATCH")


async def test_a_bad_url_is_invalid_url(ip):
    with pytest.raises(ValidationError, match="URL") as err:
        await ip.update_post("tiktok", "post_video", {"content_urls": ["ftp://nope/x.mp4"]})
    assert "content_urls" in err.value.field_errors and err.value.status == 400


async def test_a_field_infinipost_cannot_change_is_named(sandbox, ip):
    with pytest.raises(ValidationError, match="status") as err:
        await ip.update_post("tiktok", "post_video", {"status": "POSTED", "text": "x"})
    assert set(err.value.field_errors) == {"status"} and not sandbox.requests("PATCH")


# -- refusals -------------------------------------------------------------------------------
@pytest.mark.parametrize("pid, platform", [("post_posted", "tiktok"),
                                           ("post_failed", "instagram")])
async def test_posted_and_failed_posts_refuse_edits(sandbox, ip, pid, platform):
    field = "text" if platform == "tiktok" else "caption"
    with pytest.raises(ConflictError, match="Post Already Posted"):
        await ip.update_post(platform, pid, {field: "too late"})
    assert sandbox.post(pid)["caption"] == f"caption of {pid}"
    locked = await ip.get_post(platform, pid)
    assert "Post Already Posted" in ip.locked_reason(locked)


async def test_editable_posts_are_not_locked(ip):
    for pid in ("post_video", "post_pending", "post_scheduled"):
        assert ip.locked_reason(await ip.get_post("tiktok", pid)) is None


async def test_an_edit_of_a_missing_post_is_not_found(ip):
    with pytest.raises(NotFoundError):
        await ip.update_post("tiktok", "post_missing", {"text": "x"})


async def test_retry_is_not_an_infinipost_call(ip):
    with pytest.raises(ValidationError, match="no retry"):
        await ip.retry_posts("tiktok", ["post_failed"])


# -- bulk delete ----------------------------------------------------------------------------
async def test_bulk_delete_reports_each_id(sandbox, ip):
    out = await ip.delete_posts("tiktok", ["post_video", "post_posted", "post_nope",
                                           "post_pending"])
    assert out["post_video"] is None and out["post_pending"] is None
    assert isinstance(out["post_posted"], ConflictError)
    assert isinstance(out["post_nope"], NotFoundError)
    assert "post_video" not in sandbox.state.posts and "post_posted" in sandbox.state.posts
    assert sandbox.sent("DELETE", "/v1/posts") == {"postIds": ["post_video", "post_posted",
                                                               "post_nope", "post_pending"]}
    assert len(sandbox.requests("DELETE")) == 1


async def test_delete_post_raises_its_own_error(ip):
    await ip.delete_post("tiktok", "post_slides")
    with pytest.raises(ConflictError, match="post_failed"):
        await ip.delete_post("instagram", "post_failed")


async def test_a_failed_bulk_call_is_every_ids_error(sandbox, ip):
    sandbox.control("POST", "faults", {"method": "DELETE", "fail_next": 1})
    out = await ip.delete_posts("tiktok", ["post_video", "post_slides"])
    assert all(isinstance(e, BackendError) and e.maybe_applied for e in out.values())


# -- create -----------------------------------------------------------------------------------
def _tiktok(**kw):
    fields = {"text": "Brand new", "timestamp": "2026-03-15T16:00:00+00:00",
              "content_type": "video", "content_urls": ["https://cdn.test/new.mp4"],
              "timezone": "Europe/Paris", "targets": [{"account_id": TT}], **kw}
    return new_post("tiktok", brand_id=1, **fields)


async def test_a_create_with_a_sound_goes_to_the_video_endpoint(sandbox, ip):
    post = await ip.create_post("tiktok", _tiktok(sound_id=SOUND))
    sent = sandbox.sent("POST", "/v1/posts/video")
    assert sent["accountIds"] == [TT] and sent["soundId"] == SOUND
    assert (sent["scheduledTime"], sent["timezone"]) == ("2026-03-15T17:00", "Europe/Paris")
    held = sandbox.post(post.id)
    assert held["soundId"] == SOUND and held["scheduledTime"] == "2026-03-15T16:00:00.000Z"
    assert post.timestamp == utc("2026-03-15T16:00:00+00:00")
    assert post.status in ("SCHEDULED",) and post.get("account_id") == TT


async def test_a_slideshow_create_without_sound_uses_the_generic_endpoint(sandbox, ip):
    urls = ["https://cdn.test/s1.jpg", "https://cdn.test/s2.jpg"]
    body = new_post("instagram", brand_id=1, caption="Carousel", account_id=IG,
                    content_type="slideshow", content_urls=urls, slide_duration=6,
                    timestamp="2026-03-16T09:00:00+00:00").to_json()
    post = await ip.create_post("instagram", body)
    sent = sandbox.sent("POST", "/v1/posts")
    assert sent["contentType"] == "slideshow" and sent["contentUrl"] == urls
    assert sent["scheduledTime"] == "2026-03-16T09:00:00Z" and "timezone" not in sent
    assert post.get("content_urls") == urls and post.get("slide_duration") == 6
    assert post.caption == "Carousel" and post.platform.value == "instagram"


async def test_a_tiktok_slideshow_with_a_sound_goes_to_the_slideshow_endpoint(sandbox, ip):
    urls = ["https://cdn.test/t1.jpg"]
    post = await ip.create_post("tiktok", _tiktok(content_type="slideshow",
                                                  content_urls=urls, sound_id=SOUND2))
    sent = sandbox.sent("POST", "/v1/posts/slideshow")
    assert sent["contentUrls"] == urls and sent["soundId"] == SOUND2
    assert sandbox.post(post.id)["contentType"] == "slideshow"


async def test_a_create_needs_an_account(ip):
    body = _tiktok().to_json()
    del body["targets"]
    with pytest.raises(ValidationError, match="account") as err:
        await ip.create_post("tiktok", body)
    assert "account_id" in err.value.field_errors


async def test_a_create_on_an_unknown_account_is_not_found(ip):
    with pytest.raises(NotFoundError, match="acc_zzz"):
        await ip.create_post("tiktok", _tiktok(targets=[{"account_id": "acc_zzz"}]))


async def test_a_create_for_the_wrong_platform_is_refused(ip):
    await ip.whoami()
    with pytest.raises(ValidationError, match="instagram"):
        await ip.create_post("tiktok", _tiktok(targets=[{"account_id": IG}]))


async def test_prepare_create_adds_nothing_that_is_sent(ip):
    body = _tiktok().to_json()
    queued = ip.prepare_create(body)
    assert queued["account_id"] == TT
    assert set(queued) - set(body) == {"account_id"}


async def test_a_create_whose_answer_was_lost_is_found_and_not_doubled(sandbox, ip):
    body = ip.prepare_create(_tiktok(text="Lost in transit").to_json())
    sandbox.control("POST", "faults", {"path": "/v1/posts", "method": "POST",
                                       "drop_next": 1, "after": True})
    with pytest.raises(ConnectionFailed) as err:
        await ip.create_post("tiktok", body)
    assert err.value.maybe_applied
    found = await ip.find_lost_create("tiktok", 1, body)
    assert found is not None and found.caption == "Lost in transit"
    assert [p["postId"] for p in sandbox.state.posts.values()
            if p["caption"] == "Lost in transit"] == [found.id]


async def test_a_create_that_never_landed_is_not_found(sandbox, ip):
    body = ip.prepare_create(_tiktok(text="Never arrived").to_json())
    sandbox.control("POST", "faults", {"path": "/v1/posts", "method": "POST",
                                       "drop_next": 1})
    with pytest.raises(ConnectionFailed):
        await ip.create_post("tiktok", body)
    assert await ip.find_lost_create("tiktok", 1, body) is None


async def test_a_lost_create_is_matched_on_time_too(sandbox, ip):
    await ip.create_post("tiktok", _tiktok(text="Same words"))
    later = _tiktok(text="Same words", timestamp="2026-03-15T18:00:00+00:00").to_json()
    assert await ip.find_lost_create("tiktok", 1, later) is None
    near = _tiktok(text="Same words", timestamp="2026-03-15T16:00:30+00:00").to_json()
    assert (await ip.find_lost_create("tiktok", 1, near)).caption == "Same words"


async def test_a_write_that_hangs_times_out_as_maybe_applied(sandbox):
    sandbox.control("POST", "faults", {"method": "PATCH", "hang_next": 1, "hang_seconds": 5,
                                       "after": True})
    async with sandbox.client(timeout=0.5) as ip:
        with pytest.raises(TimedOut) as err:
            await ip.update_post("tiktok", "post_video", {"text": "slow"})
    assert err.value.maybe_applied
    assert sandbox.post("post_video")["caption"] == "slow"  # it landed
    assert len(sandbox.requests("PATCH")) == 1  # and was not sent twice


async def test_an_answer_with_another_time_than_asked_is_a_warning():
    import httpx

    from dashtui.backends.infinipost.client import InfinipostClient

    from .conftest import TOKEN

    held = {"postId": "post_1", "accountId": TT, "platform": "tiktok", "status": "generated",
            "contentType": "video", "contentUrl": "https://cdn.test/v.mp4", "caption": "c",
            "soundId": SOUND, "timezone": "America/New_York",
            "scheduledTime": "2026-03-10T14:00:00.000Z"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":  # a server that reads the wall time an hour off
            return httpx.Response(200, json={**held, "scheduledTime": "2026-03-20T19:30:00Z"})
        return httpx.Response(200, json=held)

    async with InfinipostClient(TOKEN, "https://ip.test/v1",
                                transport=httpx.MockTransport(handler)) as ip:
        post = await ip.update_post("tiktok", "post_1", {"timestamp": "2026-03-20T18:30:00Z"})
    [warning] = post.get("warnings")
    assert warning["field"] == "timestamp" and "19:30" in warning["message"]


async def test_a_draft_is_refused_so_a_recreated_post_never_publishes_itself(sandbox, ip):
    from datetime import datetime, timezone

    from dashtui.domain.posts import create_body

    failed = await ip.get_post("instagram", "post_failed")
    body = create_body(failed, datetime(2026, 3, 1, 12, tzinfo=timezone.utc))
    assert body["status"] == "DRAFT"
    with pytest.raises(ValidationError, match="no drafts"):
        await ip.create_post("instagram", ip.prepare_create({**body, "brand_id": 1}))
    assert not sandbox.requests("POST")


async def test_a_deleted_post_comes_back_from_its_snapshot(sandbox, ip):
    from datetime import datetime, timezone

    from dashtui.domain.posts import create_body

    snapshot = await ip.get_post("tiktok", "post_video")
    await ip.delete_post("tiktok", "post_video")
    body = ip.prepare_create({**create_body(snapshot, datetime(2026, 3, 1, 12,
                                                               tzinfo=timezone.utc)),
                              "brand_id": 1})
    back = await ip.create_post("tiktok", body)
    held = sandbox.post(back.id)
    assert (held["caption"], held["soundId"], held["timezone"], held["scheduledTime"]) == (
        "caption of post_video", SOUND, "America/New_York", "2026-03-10T14:00:00.000Z")
    assert held["contentUrl"] == "https://cdn.test/post_video.mp4"


async def test_the_version_moves_when_the_publisher_does(sandbox, ip):
    before = await ip.get_post("tiktok", "post_video")
    assert ip.same_version(await ip.get_post("tiktok", "post_video"),
                           ip.conflict_version(before))
    sandbox.control("POST", "clock", {"advance": 10 * 86400})
    after = await ip.get_post("tiktok", "post_video")
    assert after.status == "POSTED"
    assert not ip.same_version(after, ip.conflict_version(before))
