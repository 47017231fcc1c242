"""InfinipostClient against the sandbox over real HTTP: identity, accounts, listing, paging,
reading one post, sounds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest

from dashtui.backend import Backend
from dashtui.backends.infinipost.client import InfinipostClient
from dashtui.domain.platforms import Platform
from dashtui.errors import ForbiddenError, MalformedResponse, NotFoundError

from .conftest import IG, SOUND, TOKEN, TT, TT_WARM, utc


def test_the_client_is_a_backend():
    assert isinstance(InfinipostClient("sk_test_whatever-key"), Backend)


def test_capabilities_say_what_infinipost_can_do():
    caps = InfinipostClient.capabilities
    assert caps.label == "Infinipost" and caps.platforms == ("tiktok", "instagram")
    assert (caps.drafts, caps.approvals, caps.bulk_delete, caps.idempotency_key) == \
        (False, False, True, False)
    assert caps.time_input == "local_with_zone" and caps.retry_style == "copy"
    assert caps.zones[0] == "America/New_York" and caps.zones[-1] == "Australia/Sydney"
    assert len(caps.zones) == 11 and "no retry" in caps.retry_hint
    assert caps.editable_statuses == {"SCHEDULED", "PENDING_RENDER"}


async def test_whoami_is_one_brand_named_after_the_workspace(sandbox):
    async with sandbox.client(workspace="Ember & Oak phones") as ip:
        me = await ip.whoami()
        assert me.accessible_brands == [1]
        [brand] = me.brand_list()
        assert (brand.id, brand.name, brand.slug) == (1, "Ember & Oak phones",
                                                       "ember-oak-phones")
        assert set(ip.accounts) == {TT, TT_WARM, IG}
        assert ip.accounts[TT_WARM]["warmupDay"] == 3
        assert ip.accounts[TT]["phoneId"] == "phone_1"
    assert sandbox.requests("GET", "/v1/accounts")


async def test_get_account_and_a_missing_one(ip):
    account = await ip.get_account(IG)
    assert account["username"] == "emberandoak" and account["accountStatus"] == "ready"
    with pytest.raises(NotFoundError, match="acc_nope"):
        await ip.get_account("acc_nope")


async def test_a_test_key_reaches_ten_accounts_only(sandbox, ip):
    for i in range(10):
        sandbox.state.accounts[f"acc_more{i}"] = {
            "accountId": f"acc_more{i}", "platform": "tiktok", "username": f"u{i}",
            "phoneId": f"p{i}", "accountStatus": "ready", "warmupDay": 7}
    assert len(await ip.list_accounts(fresh=True)) == 10
    with pytest.raises(ForbiddenError, match="10 accounts"):
        await ip.get_account("acc_more9")


async def test_ten_platform_lists_cost_one_listing(sandbox, ip):
    start, end = utc("2026-02-01T00:00:00+00:00"), utc("2026-04-01T00:00:00+00:00")
    found = {p.value: await ip.list_posts(p, 1, start, end) for p in Platform}
    assert len(sandbox.requests("GET", "/v1/posts")) == 1
    assert {k for k, v in found.items() if v} == {"tiktok", "instagram"}
    assert {p.id for p in found["instagram"]} == {"post_ig", "post_failed"}
    assert all(p.platform is Platform.TIKTOK for p in found["tiktok"])
    assert len(found["tiktok"]) == 6


async def test_the_listing_is_read_again_after_a_write_or_when_stale(sandbox):
    now = [0.0]
    async with sandbox.client(clock=lambda: now[0]) as ip:
        await ip.list_posts("tiktok", 1, None, None)
        await ip.list_posts("instagram", 1, None, None)
        now[0] = 5.0  # past the memo's couple of seconds
        await ip.list_posts("tiktok", 1, None, None)
        await ip.update_post("tiktok", "post_video", {"text": "new words"})
        posts = await ip.list_posts("tiktok", 1, None, None)
    assert len(sandbox.requests("GET", "/v1/posts")) == 3 + 1  # + the edit's GET /posts/{id}
    assert next(p for p in posts if p.id == "post_video").caption == "new words"


async def test_concurrent_platform_lists_share_one_walk(sandbox, ip):
    import asyncio

    await asyncio.gather(*(ip.list_posts(p, 1, None, None) for p in Platform))
    assert len([r for r in sandbox.requests("GET", "/v1/posts") if r[1] == "/v1/posts"]) == 1


async def test_the_window_keeps_posts_whose_time_is_in_it(ip):
    posts = await ip.list_posts("tiktok", 1, utc("2026-02-24T00:00:00+00:00"),
                                utc("2026-02-26T00:00:00+00:00"))
    assert [p.id for p in posts] == ["post_posted"]
    assert await ip.list_posts("tiktok", 2, None, None) == []  # only brand 1 exists
    by_brand = await ip.list_posts_by_brand("tiktok", [1, 2], utc("2026-02-24T00:00:00+00:00"),
                                            utc("2026-02-26T00:00:00+00:00"))
    assert [p.id for p in by_brand[1]] == ["post_posted"]
    assert isinstance(by_brand[2], NotFoundError)


async def test_a_post_reads_into_the_domain_with_its_extras(ip):
    await ip.whoami()  # the accounts name the targets
    post = await ip.get_post("tiktok", "post_video")
    assert post.id == "post_video" and post.brand_id == 1 and post.status == "SCHEDULED"
    assert post.caption == "caption of post_video" and post.get("text") == post.caption
    assert post.timestamp == datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc)
    assert post.thumbnail_url == "https://cdn.test/post_video.jpg"
    assert post.get("native_status") == "generated"
    assert post.get("content_type") == "video"
    assert post.get("content_urls") == ["https://cdn.test/post_video.mp4"]
    assert post.get("sound_id") == SOUND and post.get("timezone") == "America/New_York"
    assert post.get("targets") == [{"account_id": TT, "platform": "tiktok",
                                    "name": "ember.roasts", "status": "generated",
                                    "error": None, "url": None, "published_at": None}]
    slides = await ip.get_post("tiktok", "post_slides")
    assert slides.get("content_type") == "slideshow" and len(slides.get("content_urls")) == 2
    assert slides.get("slide_duration") == 4 and slides.get("sound_id") is None


async def test_failed_and_posted_posts_carry_their_outcome(ip):
    failed = await ip.get_post("instagram", "post_failed")
    assert failed.status == "FAILED" and failed.caption == "caption of post_failed"
    assert failed.error_text == "Phone phone_3 was offline at the scheduled time."
    assert failed.get("targets")[0]["error"] == failed.error_text
    posted = await ip.get_post("tiktok", "post_posted")
    assert posted.status == "POSTED"
    assert posted.live_post_url == "https://www.tiktok.com/@ember.roasts/video/1"
    assert posted.get("posted_at") == "2026-02-25T14:01:00.000Z"
    pending = await ip.get_post("tiktok", "post_pending")
    assert pending.status == "PENDING_RENDER"
    assert pending.get("targets")[0]["name"] == TT_WARM  # no username before day 5


async def test_an_unknown_status_is_kept(sandbox, ip):
    sandbox.post("post_video")["status"] = "queued_on_phone"
    post = await ip.get_post("tiktok", "post_video")
    assert post.status == "QUEUED_ON_PHONE" and post.get("native_status") == "queued_on_phone"


async def test_a_missing_post_is_not_found(ip):
    with pytest.raises(NotFoundError, match="post_gone"):
        await ip.get_post("tiktok", "post_gone")


async def test_cursor_paging_reads_every_post_past_a_hundred(sandbox, ip):
    for i in range(230):
        pid = f"post_bulk{i:03d}"
        sandbox.state.posts[pid] = {
            **sandbox.post("post_video"), "postId": pid, "caption": f"bulk {i}",
            "createdAt": f"2026-02-{1 + i % 28:02d}T00:{i // 60:02d}:{i % 60:02d}.000Z"}
    posts = await ip.list_posts("tiktok", 1, None, None)
    assert len({p.id for p in posts}) == 230 + 6
    pages = [r for r in sandbox.requests("GET", "/v1/posts") if r[1] == "/v1/posts"]
    assert len(pages) == 3  # 238 posts, 100 a page


def _mock(pages):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if request.url.path.endswith("/accounts"):
            return httpx.Response(200, json={"accounts": []})
        return httpx.Response(200, json=pages(len(calls), request))

    return calls, httpx.MockTransport(handler)


async def test_a_cursor_that_comes_back_is_a_malformed_answer():
    _, transport = _mock(lambda n, r: {"posts": [], "hasMore": True, "nextCursor": "abc"})
    async with InfinipostClient(TOKEN, "https://ip.test/v1", transport=transport) as ip:
        with pytest.raises(MalformedResponse, match="loop"):
            await ip.list_posts("tiktok", 1, None, None)


async def test_has_more_without_a_cursor_is_a_malformed_answer():
    _, transport = _mock(lambda n, r: {"posts": [], "hasMore": True})
    async with InfinipostClient(TOKEN, "https://ip.test/v1", transport=transport) as ip:
        with pytest.raises(MalformedResponse, match="nextCursor"):
            await ip.list_posts("tiktok", 1, None, None)


async def test_paging_stops_after_max_pages():
    calls, transport = _mock(lambda n, r: {"posts": [], "hasMore": True,
                                           "nextCursor": f"c{n}"})
    async with InfinipostClient(TOKEN, "https://ip.test/v1", transport=transport,
                                max_pages=5) as ip:
        with pytest.raises(MalformedResponse, match="5 pages"):
            await ip.list_posts("tiktok", 1, None, None)
    assert len([c for c in calls if c.url.path.endswith("/posts")]) == 5


async def test_a_post_on_another_platform_or_without_an_id_is_reported():
    _, transport = _mock(lambda n, r: {"posts": [{"platform": "tiktok", "caption": "x"}],
                                       "hasMore": False})
    async with InfinipostClient(TOKEN, "https://ip.test/v1", transport=transport) as ip:
        with pytest.raises(MalformedResponse, match="postId"):
            await ip.list_posts("tiktok", 1, None, None)


async def test_sounds_upload_and_list(sandbox, ip):
    sound = await ip.upload_sound("https://www.tiktok.com/@dj/video/7301", "Morning mix")
    assert sound["soundId"] in sandbox.state.sounds and sound["duration"] > 0
    for i in range(120):
        sandbox.state.sounds[f"snd_x{i}"] = {"soundId": f"snd_x{i}", "name": str(i),
                                             "createdAt": f"2026-01-01T00:{i // 60:02d}:"
                                                          f"{i % 60:02d}.000Z"}
    sounds = await ip.list_sounds()
    assert len({s["soundId"] for s in sounds}) == 2 + 1 + 120


async def test_reads_are_retried_after_a_dropped_connection(sandbox, ip):
    sandbox.control("POST", "faults", {"path": "/v1/posts/", "method": "GET", "drop_next": 1})
    post = await ip.get_post("tiktok", "post_video")
    assert post.id == "post_video"


async def test_boards_and_media_do_not_exist_here(ip):
    assert await ip.list_boards(1) == []
    with pytest.raises(NotFoundError, match="no media library"):
        await ip.get_media(1, 5)


def test_endpoints_and_scrub_hide_the_key():
    ip = InfinipostClient(TOKEN, "https://api.example/v1/")
    assert ip.endpoints() == {"api": "https://api.example/v1"}
    assert TOKEN not in ip.scrub(f"oops {TOKEN}") and TOKEN not in repr(ip)
    assert ip.rate_limit is None


async def test_a_refresh_window_of_a_week_takes_one_request_per_ttl(sandbox, ip):
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    for _ in range(3):
        await ip.list_posts("tiktok", 1, now, now + timedelta(days=30))
    assert len(sandbox.requests("GET", "/v1/accounts")) == 1


async def test_partner_accounts(sandbox, ip):
    sandbox.state.accounts[TT_WARM]["partnerUserId"] = "partner_9"
    [account] = await ip.list_partner_accounts("partner_9")
    assert account["accountId"] == TT_WARM and account["status"] == "warming_up"


async def test_a_listing_begun_before_a_write_is_not_kept(sandbox, ip):
    import asyncio

    await ip.whoami()
    # the page is read (post_slides in it), then its answer is held back while we delete
    sandbox.control("POST", "faults", {"path": "/v1/posts", "method": "GET", "hang_next": 1,
                                       "hang_seconds": 0.4, "after": True})
    listing = asyncio.create_task(ip.list_posts("tiktok", 1, None, None))
    await asyncio.sleep(0.15)
    await ip.delete_posts("tiktok", ["post_slides"])
    assert "post_slides" in {p.id for p in await listing}  # it was read before the delete
    after = await ip.list_posts("tiktok", 1, None, None)
    assert "post_slides" not in {p.id for p in after}


async def test_the_demo_reads_whole_through_the_client():
    """The demo data served over HTTP: every post converts, every status shows, the live
    checks run on each (hostile captions included) without raising."""
    from dashtui.backends.infinipost.sandbox.app import DEMO_TOKEN, demo_app
    from dashtui.backends.infinipost.sandbox.server import serve_in_thread

    now = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
    with serve_in_thread(demo_app(now=now)) as base:
        async with InfinipostClient(DEMO_TOKEN, f"{base}/v1") as ip:
            await ip.whoami()
            posts = [p for plat in Platform for p in await ip.list_posts(plat, 1, None, None)]
            findings = {f.code for p in posts for f in ip.check(p, now=now)}
    assert len(posts) == 52 and ip.listings == 1
    assert {p.status for p in posts} == {"SCHEDULED", "PENDING_RENDER", "POSTED", "FAILED",
                                         "PUBLISHING"}
    assert all(p.error_text for p in posts if p.status == "FAILED")
    assert all(p.live_post_url for p in posts if p.status == "POSTED")
    assert {"status.locked", "text.too_long", "timezone.unsupported",
            "account.not_ready"} <= findings
    named = {t["name"] for p in posts for t in p.get("targets")}
    assert "ember.roasts" in named and "emberandoak" in named
