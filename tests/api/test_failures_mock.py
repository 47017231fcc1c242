"""Error mapping, retries and secrecy, against httpx.MockTransport and a fake clock."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timezone

import httpx
import pytest

from dashtui.backends.dash.errors import (AuthError, ConflictError, ConnectionFailed, DashError,
                                DashTimeout, ForbiddenError, MalformedResponse, NotFoundError,
                                RateLimitError, ServerError, ValidationError)
from dashtui.backends.dash.retry import RetryPolicy

from .conftest import TOKEN, smorest

JAN, FEB = datetime(2026, 1, 1), datetime(2026, 2, 1)
POST = {"id": 1, "tweet_status": "hi"}


def answer(status, body=None, **headers):
    return lambda req: httpx.Response(status, json=body, headers=headers)


def script(*steps):
    """Answer requests in order; a step is a Response or an exception class to raise."""
    it = iter(steps)

    def handler(req):
        step = next(it)
        if isinstance(step, type) and issubclass(step, Exception):
            raise step(f"simulated failure carrying {TOKEN}", request=req)
        return step

    return handler


def assert_secret_kept(err: BaseException) -> None:
    texts = [str(err), repr(err), repr(err.args), "".join(traceback.format_exception(err)),
             repr(getattr(err, "details", None)), getattr(err, "url", "")]
    for text in texts:
        assert TOKEN not in text, text
    assert err.__cause__ is None and err.__context__ is None


# -- each status maps to its class, with a message a person can act on ---------------------
@pytest.mark.parametrize("status,body,cls,words", [
    (401, smorest(401, "Unauthorized"), AuthError, "DASH_API_TOKEN"),
    (403, smorest(403, "Forbidden"), ForbiddenError, "can't reach brand 144"),
    (404, smorest(404, "Not Found"), NotFoundError, "Not found: twitter posts of brand 144"),
    (409, smorest(409, "Conflict", message="Post is publishing"), ConflictError,
     "Post is publishing"),
    (422, smorest(422, "Unprocessable Entity", errors={"query": {"start": ["Not a valid "
                                                                           "datetime."]}}),
     ValidationError, "Start: Not a valid datetime."),
    (500, smorest(500, "Internal Server Error"), ServerError, "usually temporary"),
    (405, smorest(405, "Method Not Allowed"), DashError, "405 Method Not Allowed"),
])
async def test_status_mapping(mock_client, status, body, cls, words):
    client, rec = mock_client(answer(status, body))
    with pytest.raises(cls) as info:
        await client.list_posts("twitter", 144, JAN, FEB)
    err = info.value
    assert type(err) is cls and err.status == status and err.method == "GET"
    assert words in str(err) and "\n" not in str(err)
    assert err.url.startswith("https://scheduler.dashsocial.com/twitter/scheduled_posts")
    assert err.details == body
    assert len(rec.requests) == 1  # none of these is retried


async def test_status_without_a_reason_phrase_is_still_named(mock_client):
    """An HTTP/1.1 status line may end after the number: the message names the status anyway."""
    client, _ = mock_client(lambda req: httpx.Response(
        404, json=smorest(404, "Not Found"), extensions={"reason_phrase": b""}))
    with pytest.raises(NotFoundError, match=r"\(404 Not Found\)"):
        await client.list_posts("twitter", 144, JAN, FEB)


async def test_validation_error_fields_and_message(mock_client):
    body = smorest(422, "Unprocessable Entity",
                   errors={"json": {"tweet_status": ["Unknown field."],
                                    "meta": {"title": ["Missing data for required field."]}}})
    client, _ = mock_client(answer(422, body))
    with pytest.raises(ValidationError) as info:
        await client.create_post("twitter", {"brand_id": 144, "tweet_status": "x"})
    err = info.value
    assert str(err).startswith("Dash rejected the post: Tweet text: Unknown field.")
    assert err.field_errors == {"tweet_status": ["Unknown field."],
                                "meta.title": ["Missing data for required field."]}
    assert err.server_message is None


async def test_validation_prefers_message_then_description(mock_client):
    body = smorest(422, "Unprocessable Entity", message="Invalid media_id",
                   errors={"json": {"media_ids": ["Invalid media_id"]}})
    client, _ = mock_client(answer(422, body))
    with pytest.raises(ValidationError) as info:
        await client.update_post("tiktok", 5, {"media_ids": [1]})
    assert str(info.value) == "Dash rejected the post: Invalid media_id"
    assert info.value.server_message == "Invalid media_id"
    assert info.value.field_errors == {"media_ids": ["Invalid media_id"]}

    client, _ = mock_client(answer(400, {"description": "Missing timestamp"}))
    with pytest.raises(ValidationError, match="Dash rejected the post: Missing timestamp"):
        await client.create_post("twitter", {"status": "SCHEDULED"})


async def test_conflict_on_patch(mock_client):
    client, rec = mock_client(answer(409, smorest(409, "Conflict")))
    with pytest.raises(ConflictError) as info:
        await client.update_post("twitter", 806262, {"tweet_status": "x"})
    assert "twitter post 806262" in str(info.value) and "Reload" in str(info.value)
    assert len(rec.requests) == 1


async def test_redirect_is_reported_not_followed(mock_client):
    client, rec = mock_client(lambda req: httpx.Response(
        301, headers={"location": "https://elsewhere.example/api/self"}))
    with pytest.raises(DashError, match="redirected .* elsewhere.example. Check api_root"):
        await client.whoami()
    assert len(rec.requests) == 1


async def test_connection_refused_message(mock_client):
    client, _ = mock_client(script(httpx.ConnectError, httpx.ConnectError, httpx.ConnectError,
                                   httpx.ConnectError))
    with pytest.raises(ConnectionFailed) as info:
        await client.whoami()
    assert str(info.value).startswith("Can't reach auth.dashsocial.com (connection failed).")
    assert info.value.status is None and not info.value.maybe_applied

    def refused(req):
        raise httpx.ConnectError("[Errno 111] Connection refused", request=req)

    client, _ = mock_client(refused, retry=RetryPolicy.never())
    with pytest.raises(ConnectionFailed) as info:
        await client.list_posts("twitter", 144, JAN, FEB)
    assert str(info.value) == ("Can't reach scheduler.dashsocial.com (connection refused). "
                               "Check your network or api_root.")


async def test_missing_or_unsendable_token_fails_before_sending(mock_client):
    for token in ("", "   ", "abc\ndef", "tökén"):
        client, rec = mock_client(answer(200, {}), token=token)
        with pytest.raises(AuthError, match="DASH_API_TOKEN") as info:
            await client.whoami()
        assert rec.requests == [] and info.value.status is None
        if token.strip():
            assert token not in str(info.value) and token not in repr(info.value)


# -- retries ----------------------------------------------------------------------------
async def test_get_retries_503_then_succeeds(mock_client, clock):
    client, rec = mock_client(script(httpx.Response(503), httpx.Response(503),
                                     httpx.Response(200, json=POST)))
    post = await client.get_post("twitter", 1)
    assert post.id == 1 and len(rec.requests) == 3
    assert clock.sleeps == [0.5, 1.0]


async def test_get_gives_up_after_max_attempts(mock_client, clock):
    client, rec = mock_client(answer(503, smorest(503, "Service Unavailable")))
    with pytest.raises(ServerError) as info:
        await client.get_post("twitter", 1)
    assert len(rec.requests) == 4 and clock.sleeps == [0.5, 1.0, 2.0]
    assert info.value.attempts == 4 and "gave up after 4 attempts" in str(info.value)


async def test_retries_connection_errors_and_timeouts(mock_client, clock):
    client, rec = mock_client(script(httpx.ConnectError, httpx.ReadTimeout,
                                     httpx.RemoteProtocolError, httpx.Response(200, json=POST)))
    assert (await client.get_post("twitter", 1)).id == 1
    assert len(rec.requests) == 4


async def test_429_waits_for_reset(mock_client, clock):
    reset = str(int(clock.wall() + 3))
    client, rec = mock_client(script(
        httpx.Response(429, json=smorest(429, "Too Many Requests"),
                       headers={"x-ratelimit-reset": reset, "x-ratelimit-remaining": "0",
                                "x-ratelimit-limit": "1000"}),
        httpx.Response(200, json=POST)))
    await client.get_post("twitter", 1)
    assert clock.sleeps == [3] and len(rec.requests) == 2


async def test_429_honours_retry_after(mock_client, clock):
    client, _ = mock_client(script(httpx.Response(429, headers={"retry-after": "2"}),
                                   httpx.Response(200, json=POST)))
    await client.get_post("twitter", 1)
    assert clock.sleeps == [2]


async def test_429_beyond_budget_raises_at_once(mock_client, clock):
    reset = int(clock.wall() + 120)
    client, rec = mock_client(answer(429, smorest(429, "Too Many Requests"),
                                     **{"x-ratelimit-reset": str(reset)}))
    with pytest.raises(RateLimitError) as info:
        await client.get_post("twitter", 1)
    err = info.value
    assert len(rec.requests) == 1 and clock.sleeps == []
    assert err.reset_at == datetime.fromtimestamp(reset, tz=timezone.utc)
    assert err.retry_after == pytest.approx(120)
    assert "rate-limiting this token until" in str(err) and "in 120 s" in str(err)
    assert client.rate_limit.reset_at == err.reset_at


async def test_total_budget_bounds_retries(mock_client, clock):
    client, rec = mock_client(answer(503), retry=clock.policy(max_attempts=10, max_total=3))
    with pytest.raises(ServerError):
        await client.get_post("twitter", 1)
    assert sum(clock.sleeps) <= 3 and len(rec.requests) == 3  # 0.5 + 1.0, then 2.0 is too far


@pytest.mark.parametrize("method", ["create", "update"])
@pytest.mark.parametrize("failure", [httpx.Response(503), httpx.Response(429), httpx.ReadError,
                                     httpx.ConnectError, httpx.ReadTimeout])
async def test_post_and_patch_are_never_retried(mock_client, clock, method, failure):
    client, rec = mock_client(script(failure, httpx.Response(200, json=POST)))
    with pytest.raises(DashError) as info:
        if method == "create":
            await client.create_post("twitter", {"brand_id": 1, "tweet_status": "x"})
        else:
            await client.update_post("twitter", 1, {"tweet_status": "x"})
    assert len(rec.requests) == 1 and clock.sleeps == []
    assert info.value.retryable  # the outbox keeps it queued


async def test_dropped_create_says_it_may_have_gone_through(mock_client):
    client, _ = mock_client(script(httpx.ReadError))
    with pytest.raises(ConnectionFailed) as info:
        await client.create_post("twitter", {"brand_id": 1, "tweet_status": "x"})
    assert info.value.maybe_applied and "connection dropped" in str(info.value)
    client, _ = mock_client(script(httpx.ReadTimeout))
    with pytest.raises(DashTimeout) as info:
        await client.create_post("twitter", {"brand_id": 1, "tweet_status": "x"})
    assert info.value.maybe_applied and "didn't answer within 15 s" in str(info.value)


async def test_delete_whose_answer_was_lost_then_404_counts_as_done(mock_client):
    client, rec = mock_client(script(httpx.ReadError, httpx.Response(404)))
    assert await client.delete_post("twitter", 1) is None
    assert len(rec.requests) == 2
    client, _ = mock_client(answer(404, smorest(404, "Not Found")))
    with pytest.raises(NotFoundError, match="twitter post 1"):
        await client.delete_post("twitter", 1)


# -- the token never leaks --------------------------------------------------------------
def _echo(status):
    body = smorest(status, "Echo", message=f"bad token {TOKEN}",
                   errors={"json": {"x": [f"Bearer {TOKEN}"]}})
    return answer(status, body, **{"x-echo": TOKEN})


TRIGGERS = {
    AuthError: _echo(401), ForbiddenError: _echo(403), NotFoundError: _echo(404),
    ConflictError: _echo(409), ValidationError: _echo(422), RateLimitError: _echo(429),
    ServerError: _echo(503), DashError: _echo(418),
    DashTimeout: script(*[httpx.ReadTimeout] * 4),
    ConnectionFailed: script(*[httpx.ConnectError] * 4),
    MalformedResponse: lambda req: httpx.Response(200, content=f"<p>{TOKEN}</p>".encode()),
}


@pytest.mark.parametrize("cls", list(TRIGGERS), ids=lambda c: c.__name__)
async def test_token_absent_from_every_error(mock_client, caplog, cls):
    caplog.set_level(logging.DEBUG)
    client, _ = mock_client(TRIGGERS[cls])
    with pytest.raises(cls) as info:
        await client.get_post("twitter", 1)
    assert type(info.value) is cls
    assert_secret_kept(info.value)
    assert TOKEN not in caplog.text
    assert any(r.name == "dashtui.backends.dash" for r in caplog.records)


async def test_logs_name_method_path_and_status(mock_client, caplog):
    caplog.set_level(logging.DEBUG, logger="dashtui.backends.dash")
    client, _ = mock_client(answer(200, POST))
    await client.get_post("twitter", 7)
    line = [r.getMessage() for r in caplog.records if r.name == "dashtui.backends.dash"][0]
    assert line.startswith("GET /twitter/scheduled_posts/7 -> 200")
    assert TOKEN not in caplog.text and "media_v2" not in line
