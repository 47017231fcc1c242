"""Infinipost's `{"error": {code, message}}` answers as the neutral errors: every code of
peers.md section 3 over real HTTP where the sandbox can produce it, and each mapping as a
unit."""

from __future__ import annotations

import pytest

from dashtui.backends.infinipost.mapping import api_error
from dashtui.errors import (AuthError, BackendError, ConflictError, ForbiddenError,
                            NotFoundError, RateLimitError, ServerError, ValidationError)

from .conftest import TOKEN, TT


def body(code, message):
    return {"error": {"code": code, "message": message}}


@pytest.mark.parametrize("status, code, message, kind, words", [
    (401, "unauthorized", "Missing API key", AuthError, "rejected the API key"),
    (401, "unauthenticated", "Not signed in", AuthError, "unauthenticated"),
    (401, "invalid_api_key", "Invalid API key", AuthError, "sk_live_"),
    (404, "not_found", "Post not found", NotFoundError, "no post post_1"),
    (400, "missing_required_fields", "Missing required fields: contentUrl", ValidationError,
     "fields are missing"),
    (400, "invalid_url", "Invalid URL: ftp://x", ValidationError, "isn't valid"),
    (500, "internal", "Internal server error", ServerError, "usually temporary"),
    (400, "post_already_posted", "Post Already Posted", ConflictError, "Post Already Posted"),
    (400, "bad_request", "Post Already Posted", ConflictError, "pending-render"),
    (409, None, "Post Already Posted", ConflictError, "Post Already Posted"),
    (400, "invalid_timezone", "Unsupported timezone 'UTC'", ValidationError,
     "invalid_timezone: Unsupported timezone"),
    (418, "teapot", "I'm a teapot", BackendError, "HTTP 418"),
    (429, "rate_limited", "Slow down", RateLimitError, "limiting"),
    (403, "account_limit_reached", "Test keys are limited to 10 accounts", ForbiddenError,
     "10 accounts"),
])
def test_each_code_maps_to_a_neutral_error(status, code, message, kind, words):
    err = api_error(status, body(code, message), method="PATCH",
                    url="https://api.infinipost.co/v1/posts/post_1", what="post post_1")
    assert type(err) is kind
    assert words in err.message and "\n" not in err.message
    assert err.status == status and err.details == body(code, message)


def test_server_errors_may_have_applied_and_are_retryable():
    err = api_error(503, None, method="POST", url="https://x/v1/posts", what="new post")
    assert isinstance(err, ServerError) and err.maybe_applied and err.retryable
    assert "HTTP 503" in err.message


def test_a_bare_string_error_and_a_hostile_message_stay_one_safe_line():
    err = api_error(400, {"error": "bad\x1b[31m\nthing"}, method="GET", url="https://x/v1",
                    what="x")
    assert isinstance(err, ValidationError) and "\x1b" not in err.message
    assert "\n" not in err.message


def test_field_errors_name_the_content_for_invalid_url():
    err = api_error(400, body("invalid_url", "Invalid URL: x"), method="POST",
                    url="https://x/v1/posts", what="new post", noun="post")
    assert err.field_errors == {"content_urls": ["Invalid URL: x"]}
    assert err.message.startswith("Infinipost rejected the post")


# -- over real HTTP ---------------------------------------------------------------------------
async def test_a_wrong_key_is_invalid_api_key(sandbox):
    async with sandbox.client(token="sk_live_wrong-key-123") as ip:
        with pytest.raises(AuthError, match="Invalid API key") as err:
            await ip.whoami()
    assert err.value.status == 401


async def test_a_key_of_no_known_shape_is_refused_by_the_server(sandbox):
    async with sandbox.client(token="pk_nonsense_12345") as ip:
        with pytest.raises(AuthError, match="format"):
            await ip.get_post("tiktok", "post_video")


async def test_no_key_is_refused_before_any_request(sandbox):
    async with sandbox.client(token="") as ip:
        with pytest.raises(AuthError, match="No Infinipost API key"):
            await ip.whoami()
    assert not sandbox.requests()


def test_the_server_says_unauthorized_without_a_key(sandbox):
    resp = sandbox.api("GET", "/posts", token=None)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"


async def test_missing_required_fields_over_http(ip):
    with pytest.raises(ValidationError, match="missing") as err:
        await ip.upload_sound("", "no url")
    assert err.value.status == 400 and "soundUrl" in err.value.message


async def test_invalid_url_over_http(ip, sandbox):
    from dashtui.domain.posts import new_post

    post = new_post("tiktok", brand_id=1, text="x", account_id=TT, content_type="video",
                    content_urls=["notaurl"])
    with pytest.raises(ValidationError, match="URL") as err:
        await ip.create_post("tiktok", post)
    assert "content_urls" in err.value.field_errors


async def test_internal_over_http_is_a_server_error_not_retried_for_a_500(sandbox, ip):
    sandbox.control("POST", "faults", {"path": "/v1/posts/", "fail_next": 1})
    with pytest.raises(ServerError, match="Internal server error"):
        await ip.get_post("tiktok", "post_video")
    assert len(sandbox.requests("GET", "/v1/posts/post_video")) == 1  # a bug, not a blip


async def test_a_503_on_a_read_is_retried(sandbox, ip):
    sandbox.control("POST", "faults", {"path": "/v1/posts/", "fail_next": 2,
                                       "fail_status": 503, "fail_code": "unavailable"})
    assert (await ip.get_post("tiktok", "post_video")).id == "post_video"
    assert len(sandbox.requests("GET", "/v1/posts/post_video")) == 3


async def test_an_unknown_code_is_a_validation_error_with_its_words(ip):
    from dashtui.domain.posts import new_post

    post = new_post("tiktok", brand_id=1, text="x", account_id=TT, content_type="slideshow",
                    content_urls=["https://cdn.test/1.jpg"], slide_duration=5)
    with pytest.raises(ValidationError, match="invalid_slide_duration"):
        await ip.create_post("tiktok", post)


async def test_a_malformed_answer_is_malformed(sandbox, ip):
    from dashtui.errors import MalformedResponse

    sandbox.control("POST", "faults", {"path": "/v1/posts/", "method": "GET",
                                       "malformed_next": 1})
    with pytest.raises(MalformedResponse, match="JSON"):
        await ip.get_post("tiktok", "post_video")


async def test_no_error_ever_shows_the_key(sandbox):
    async with sandbox.client(token="sk_live_wrong-key-123") as ip:
        with pytest.raises(AuthError) as err:
            await ip.whoami()
    text = f"{err.value.message} {err.value.url} {err.value.details}"
    assert "sk_live_wrong-key-123" not in text and TOKEN not in text
