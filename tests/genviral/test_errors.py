"""Every error code of peers.md 2.5 reached on the sandbox over HTTP and mapped onto the
neutral errors, with a message a social manager can act on; and the transport failures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dashtui.backends.genviral.envelope import error_for, unwrap
from dashtui.errors import (AuthError, BackendError, ConflictError, ConnectionFailed,
                            ForbiddenError, MalformedResponse, NotFoundError, ServerError,
                            TimedOut, ValidationError)

from .conftest import NOW, TOKEN

WHEN = (NOW + timedelta(days=1)).isoformat()
VIDEO = {"type": "video", "url": "https://cdn.example.com/a.mp4", "size_bytes": 10,
         "duration_seconds": 20}


def _create(gv, **body):
    base = {"caption": "hello", "accounts": [{"id": gv.account("tiktok")}], "media": VIDEO,
            "scheduled_at": WHEN}
    return gv.raw("POST", "/posts", json={**base, **body})


def _mapped(resp):
    with pytest.raises(BackendError) as info:
        unwrap(resp, "the post", "text")
    return info.value


def test_invalid_json(gv):
    err = _mapped(gv.raw("POST", "/posts", content=b"{not json"))
    assert isinstance(err, ValidationError) and err.status == 400
    assert "invalid_json" in str(err) and "dashtui bug" in str(err)


def test_invalid_payload(gv):
    err = _mapped(_create(gv, accounts="nope"))
    assert isinstance(err, ValidationError) and err.status == 422
    assert "invalid_payload" in str(err)


def test_unknown_provider_settings_fail_closed(gv):
    err = _mapped(_create(gv, settings={"myspace": {}}))
    assert isinstance(err, ValidationError) and err.status == 422


def test_unknown_accounts(gv):
    err = _mapped(_create(gv, accounts=[{"id": "nobody"}]))
    assert isinstance(err, ValidationError) and err.status == 400
    assert "unknown_accounts" in str(err) and "targets" in err.field_errors
    assert "workspace" in str(err)


def test_missing_accounts(gv):
    err = _mapped(_create(gv, accounts=[]))
    assert "missing_accounts" in str(err) and "targets" in err.field_errors
    disconnected = next(a["id"] for a in gv.state.accounts.values()
                        if a["status"] == "disconnected")
    err = _mapped(_create(gv, accounts=[{"id": disconnected}], media=None))
    assert "missing_accounts" in str(err)


def test_more_than_ten_accounts(gv):
    ids = [{"id": a} for a in gv.state.accounts][:10] + [{"id": "x"}]
    err = _mapped(_create(gv, accounts=ids))
    assert isinstance(err, ValidationError) and err.status == 422


@pytest.mark.parametrize("body, field", [
    ({"caption": "x" * 2201}, "text"),  # TikTok BYO video: 2,200
    ({"scheduled_at": (NOW + timedelta(seconds=100)).isoformat()}, "timestamp"),
    ({"media": None}, "genviral_media"),  # TikTok needs media
])
def test_validation_failed(gv, body, field):
    err = _mapped(_create(gv, **body))
    assert isinstance(err, ValidationError) and err.status == 400
    assert "validation_failed" in str(err) and field in err.field_errors


@pytest.mark.parametrize("body, words", [
    ({"tiktok": {"privacy_level": "SELF_ONLY"}, "accounts": "TT+IG"}, "TikTok BYO"),
    ({"tiktok": {"post_mode": "MEDIA_UPLOAD"}}, "slideshows"),
    ({"pinterest": {"tags": ["a"]}}, "Pinterest account"),
    ({"pinterest": {"tags": ["t"] * 31}, "accounts": "PIN"}, "30 tags"),
    ({"caption": "c" * 790, "pinterest": {"tags": ["bread", "baking"]}, "accounts": "PIN",
      "media": {"type": "slideshow", "images": [{"url": "https://c.example.com/1.jpg"}]}},
     "too long"),
    ({"media": {**VIDEO, "duration_seconds": 75}}, "15-60"),
    ({"media": {**VIDEO, "size_bytes": 120 * 1024 * 1024}}, "100MB"),
    ({"media": {"type": "slideshow", "images": ["https://c.example.com/1.gif"]}}, "JPG"),
    ({"media": {"type": "slideshow", "images": [
        f"https://c.example.com/{i}.png" for i in range(36)]}}, "1-35"),
])
def test_validation_failed_for_settings_and_media(gv, body, words):
    accounts = {"TT+IG": [{"id": gv.account("tiktok")}, {"id": gv.account("instagram")}],
                "PIN": [{"id": gv.account("pinterest")}]}
    if "accounts" in body:
        body = {**body, "accounts": accounts[body["accounts"]]}
    err = _mapped(_create(gv, **body))
    assert isinstance(err, ValidationError) and "validation_failed" in str(err)
    assert words in str(err)


def test_hosted_accounts_cap_captions_at_500(gv):
    err = _mapped(_create(gv, caption="y" * 501,
                          accounts=[{"id": gv.account("tiktok", "hosted")}]))
    assert "validation_failed" in str(err) and "text" in err.field_errors
    ok = _create(gv, caption="y" * 500, accounts=[{"id": gv.account("tiktok", "hosted")}])
    assert ok.status_code in (200, 201)


def test_youtube_counts_bytes(gv):
    yt = [{"id": gv.account("youtube")}]
    assert _create(gv, caption="é" * 2500, accounts=yt).status_code in (200, 201)
    err = _mapped(_create(gv, caption="é" * 2501, accounts=yt))
    assert "validation_failed" in str(err)


def test_music_is_refused_with_instagram(gv):
    err = _mapped(_create(gv, accounts=[{"id": gv.account("tiktok")},
                                        {"id": gv.account("instagram")}],
                          music_url="https://www.tiktok.com/@genviral/video/1234567890"))
    assert "validation_failed" in str(err) and "music_url" in err.field_errors


def test_invalid_music_url(gv):
    err = _mapped(_create(gv, music_url="https://example.com/song.mp3"))
    assert "invalid_music_url" in str(err) and "music_url" in err.field_errors
    assert "TikTok post URL" in str(err)


def test_media_unreachable(gv):
    err = _mapped(_create(gv, media={**VIDEO, "url": "https://cdn.invalid/a.mp4"}))
    assert "media_unreachable" in str(err) and "genviral_media" in err.field_errors
    assert "public" in str(err)


def test_401_is_an_auth_error_that_never_shows_the_key(gv):
    err = _mapped(gv.raw("GET", "/accounts", token="gva_live_wrong.key-0000"))
    assert isinstance(err, AuthError) and err.status == 401
    assert "gva_live_" in str(err)  # the hint names the key format...
    assert TOKEN not in str(err) and TOKEN not in repr(err.details)  # ...never the key


async def test_402_subscription_required(gv, client):
    gv.control("POST", "plan", {"plan": "none"})
    with pytest.raises(ForbiddenError) as info:
        await client.whoami()
    assert info.value.status == 402
    assert "Genviral needs a Creator, Professional or Business plan for the API" in \
        str(info.value)


async def test_403_tier_not_allowed(gv, client):
    gv.control("POST", "plan", {"plan": "scheduler"})
    with pytest.raises(ForbiddenError) as info:
        await client.list_posts("tiktok", 1, None, None)
    assert info.value.status == 403 and "Scheduler tier" in str(info.value)


def test_403_subscription_required_for_hosted_tiktok(gv):
    gv.control("POST", "plan", {"tiktok_virtual_subscription": False})
    err = _mapped(_create(gv, accounts=[{"id": gv.account("tiktok", "hosted")}]))
    assert isinstance(err, ForbiddenError) and err.status == 403
    assert "TikTok virtual subscription" in str(err)


def test_409_external_id_immutable(gv):
    target = gv.posts_with("scheduled")[0]
    err = _mapped(gv.raw("PATCH", f"/posts/{target['id']}", json={"external_id": "x"}))
    assert isinstance(err, ConflictError) and "can't be changed" in str(err)


def test_409_create_failed(gv):
    assert _create(gv, external_id="k1").status_code in (200, 201)
    err = _mapped(_create(gv, external_id="k1", caption="other"))
    assert isinstance(err, ConflictError) and "idempotency key" in str(err)


def test_404_not_found(gv):
    err = _mapped(gv.raw("PATCH", "/posts/missing", json={"caption": "x"}))
    assert isinstance(err, NotFoundError) and err.status == 404


def test_too_many_post_ids(gv):
    err = _mapped(gv.raw("POST", "/posts/retry", json={"post_ids": [str(i)
                                                                     for i in range(21)]}))
    assert isinstance(err, ValidationError) and "too_many_post_ids" in str(err)
    err = _mapped(gv.raw("POST", "/posts/delete", json={"postIds": [str(i)
                                                                     for i in range(51)]}))
    assert "too_many_post_ids" in str(err)


@pytest.mark.parametrize("method, path, code", [
    ("PATCH", "/posts/ID", "update_failed"), ("GET", "/posts/ID", "get_failed"),
    ("POST", "/posts/retry", "retry_failed"), ("POST", "/posts/delete", "bulk_delete_failed"),
    ("GET", "/accounts", "accounts_failed"),
])
async def test_500s_are_server_errors_that_may_have_applied(gv, client, method, path, code):
    target = gv.posts_with("failed")[0]["id"]
    gv.faults(path=path.replace("/ID", ""), method=method, fail_next=3)
    calls = {
        "update_failed": lambda: client.update_post("tiktok", target, {"text": "x"}),
        "get_failed": lambda: client.get_post("tiktok", target),
        "accounts_failed": lambda: client.whoami(),
    }
    if code in calls:
        with pytest.raises(ServerError) as info:
            await calls[code]()
        err = info.value
    else:
        report = await (client.retry_posts("tiktok", [target]) if code == "retry_failed"
                        else client.delete_posts("tiktok", [target]))
        err = report[target]
        assert isinstance(err, ServerError)
    assert err.status == 500 and code in str(err) and err.retryable and err.maybe_applied
    assert "try again in a minute" in str(err)


async def test_a_dropped_answer_is_a_connection_failure_that_may_have_applied(gv, client):
    gv.faults(path="/posts", method="PATCH", drop_next=1, after=True)
    target = gv.posts_with("scheduled")[0]
    with pytest.raises(ConnectionFailed) as info:
        await client.update_post("tiktok", target["id"], {"text": "landed"})
    assert info.value.maybe_applied and gv.state.posts[target["id"]]["caption"] == "landed"


async def test_a_hang_times_out(gv):
    gv.faults(path="/posts", hang_next=1, hang_seconds=5)
    async with gv.client(timeout=0.3) as client:
        with pytest.raises(TimedOut) as info:
            await client.update_post("tiktok", gv.posts_with("scheduled")[0]["id"],
                                     {"text": "x"})
    assert info.value.maybe_applied


async def test_reads_are_retried_once_the_network_recovers(gv, client):
    gv.faults(path="/posts", method="GET", drop_next=1)
    assert await client.list_posts("tiktok", 1, None, None)
    assert gv.hits("GET", "/posts") == 2


async def test_a_cut_off_answer_is_malformed(gv, client):
    gv.faults(path="/posts", method="GET", malformed_next=1)
    with pytest.raises(MalformedResponse):
        await client.get_post("tiktok", gv.posts_with("failed")[0]["id"])


async def test_a_proxy_page_is_a_server_error(gv, client):
    gv.faults(path="/posts", method="GET", error_next=3, error_status=502, error_body="html")
    with pytest.raises(ServerError) as info:
        await client.get_post("tiktok", gv.posts_with("failed")[0]["id"])
    assert info.value.status == 502


async def test_no_key_is_an_auth_error_before_any_request(gv):
    async with gv.client(token="") as client:
        with pytest.raises(AuthError):
            await client.whoami()
    assert gv.hits("GET") == 0


def test_the_mapping_covers_both_envelope_readings():
    word = error_for(402, {"ok": False, "code": "subscription_required", "message": "x"},
                     method="GET", url="u", what="w")
    number = error_for(402, {"ok": False, "code": 402, "error": "subscription_required",
                             "message": "x"}, method="GET", url="u", what="w")
    assert type(word) is type(number) is ForbiddenError and str(word) == str(number)
    ok_false = error_for(400, {"ok": False, "code": "validation_failed",
                               "message": "Post is immutable (status posted)"},
                         method="PATCH", url="u", what="post 1")
    assert isinstance(ok_false, ConflictError)


async def test_in_process_the_demo_path_works_and_a_drop_is_still_a_drop():
    """What `--demo --backend genviral` does: the client over httpx.ASGITransport."""
    import httpx

    from dashtui.backends.genviral.client import GenviralClient
    from dashtui.backends.genviral.sandbox import DEMO_TOKEN
    from dashtui.backends.genviral.sandbox.app import create_app
    from dashtui.backends.genviral.sandbox.faults import parse_config

    app = create_app()
    async with GenviralClient(DEMO_TOKEN, "http://sandbox.invalid",
                              transport=httpx.ASGITransport(app=app)) as client:
        assert (await client.whoami()).brand_list()
        target = next(p for p in app.state.runtime.state.posts.values()
                      if p["status"] == "scheduled")
        rules, _ = parse_config({"path": "/posts", "method": "PATCH", "drop_next": 1,
                                 "after": True})
        app.state.runtime.faults.replace(rules)
        with pytest.raises(ConnectionFailed) as info:
            await client.update_post("tiktok", target["id"], {"text": "landed"})
        assert info.value.maybe_applied and target["caption"] == "landed"


def test_ok_false_inside_a_200_is_still_an_error():
    import httpx

    request = httpx.Request("GET", "https://www.genviral.io/api/partner/v1/posts/1")
    resp = httpx.Response(200, json={"ok": False, "code": 404, "error": "not_found",
                                     "message": "Post not found."}, request=request)
    with pytest.raises(NotFoundError):
        unwrap(resp, "post 1")
    html = httpx.Response(200, text="<html>login</html>", request=request)
    with pytest.raises(MalformedResponse) as info:
        unwrap(html, "post 1")
    assert "envelope" in str(info.value)
