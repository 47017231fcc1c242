"""Injected faults over real HTTP: retries, give-ups, and what never gets retried.

Sleeps are fake (FakeClock), so a test never waits out a backoff; the sandbox is real.
"""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta, timezone

import pytest

from dashtui.backends.dash.errors import (AuthError, ConnectionFailed, DashTimeout, ForbiddenError,
                                MalformedResponse, NotFoundError, RateLimitError, ServerError,
                                ValidationError)

from .conftest import BRAND, OTHER_BRAND, SANDBOX_TOKEN

UTC = timezone.utc
MARCH, APRIL = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
WHEN = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
TWEET = {"brand_id": BRAND, "status": "SCHEDULED", "auto_publish": True,
         "tweet_status": "hello", "timestamp": WHEN}
LIST = "/twitter/scheduled_posts"


async def seed_post(sandbox) -> int:
    async with sandbox.client() as dash:
        post_id = (await dash.create_post("twitter", TWEET)).id
    sandbox.seen.clear()
    return post_id


# -- GETs ride out a bad patch ------------------------------------------------------------
async def test_503s_then_success(sandbox, real_clock):
    sandbox.faults(error_next=3, path=LIST)
    async with sandbox.client(real_clock) as dash:
        assert await dash.list_posts("twitter", BRAND, MARCH, APRIL) == []
    assert sandbox.hits("GET", LIST) == 4 and real_clock.sleeps == [0.5, 1.0, 2.0]


async def test_503s_give_up_after_max_attempts(sandbox, real_clock):
    sandbox.faults(error_next=10, path=LIST)
    async with sandbox.client(real_clock) as dash:
        with pytest.raises(ServerError) as info:
            await dash.list_posts("twitter", BRAND, MARCH, APRIL)
    assert sandbox.hits("GET", LIST) == 4
    assert info.value.status == 503 and info.value.attempts == 4
    assert str(info.value) == ("Dash's scheduler service failed (503 Service Unavailable). "
                               "This is usually temporary; try again in a minute. "
                               "(gave up after 4 attempts)")


async def test_503_rate_over_many_reads(sandbox, real_clock):
    sandbox.faults(error_rate=0.3, path=LIST)
    async with sandbox.client(real_clock) as dash:
        for _ in range(20):
            assert await dash.list_posts("twitter", BRAND, MARCH, APRIL) == []
    assert 20 < sandbox.hits("GET", LIST) <= 80


async def test_html_502_from_a_proxy(sandbox, real_clock):
    sandbox.faults(error_next=10, error_status=502, error_body="html")
    async with sandbox.client(real_clock, retry=real_clock.policy(max_attempts=2)) as dash:
        with pytest.raises(ServerError, match=r"502 Bad Gateway") as info:
            await dash.whoami()
    assert "<h1>502 Bad Gateway</h1>" in info.value.details["body"]


async def test_429_burst_is_waited_out(sandbox, real_clock):
    sandbox.faults(rate_limit_next=2, retry_after=3)
    async with sandbox.client(real_clock) as dash:
        me = await dash.whoami()
    assert me.accessible_brands == [BRAND]
    assert len(real_clock.sleeps) == 2 and all(s >= 3 for s in real_clock.sleeps)
    assert sandbox.hits("GET") == 3


async def test_429_burst_longer_than_the_policy(sandbox, real_clock):
    sandbox.faults(rate_limit_next=10, retry_after=1)
    async with sandbox.client(real_clock) as dash:
        with pytest.raises(RateLimitError) as info:
            await dash.whoami()
    assert sandbox.hits("GET") == 4 and info.value.attempts == 4
    assert dash.rate_limit.remaining == 0


async def test_real_rate_limit_with_reset(sandbox, real_clock):
    sandbox.control("POST", "ratelimit", {"limit": 2})
    # a budget under the sandbox's minimum Retry-After (1 s): must give up at once
    err = None
    async with sandbox.client(real_clock, retry=real_clock.policy(max_total=0.5)) as dash:
        for _ in range(5):  # 2 per minute window; a window may turn over once meanwhile
            try:
                await dash.whoami()
            except RateLimitError as exc:
                err = exc
                break
    assert err is not None and err.status == 429 and err.attempts == 1
    assert real_clock.sleeps == [] and dash.rate_limit.remaining == 0
    # fixed one-minute windows: the reset is the next minute boundary
    assert err.reset_at.second == 0 and err.reset_at.microsecond == 0
    now = datetime.now(UTC)
    assert now < err.reset_at <= now + timedelta(seconds=61)
    assert 0 < err.retry_after <= 61
    assert f"until {err.reset_at:%H:%M:%S} UTC" in str(err)


async def test_dropped_connections_then_success(sandbox, real_clock):
    sandbox.faults(drop_next=2)
    async with sandbox.client(real_clock) as dash:
        assert (await dash.list_boards(BRAND))[0].name == "Spring Style"
    assert sandbox.hits("GET") == 3


async def test_dropped_connections_give_up(sandbox, real_clock):
    sandbox.faults(drop_next=10)
    async with sandbox.client(real_clock) as dash:
        with pytest.raises(ConnectionFailed, match="connection dropped") as info:
            await dash.whoami()
    assert sandbox.hits("GET") == 4 and info.value.maybe_applied


async def test_hang_times_out(sandbox, real_clock):
    sandbox.faults(hang_next=1, hang_seconds=3)
    async with sandbox.client(real_clock, timeout=0.3,
                              retry=real_clock.policy(max_attempts=1)) as dash:
        with pytest.raises(DashTimeout, match="didn't answer within 0.3 s") as info:
            await dash.whoami()
    assert info.value.status is None and sandbox.hits("GET") == 1


async def test_hang_then_retry_succeeds(sandbox, real_clock):
    sandbox.faults(hang_next=1, hang_seconds=3)
    async with sandbox.client(real_clock, timeout=0.3) as dash:
        assert (await dash.whoami()).accessible_brands == [BRAND]
    assert sandbox.hits("GET") == 2


async def test_malformed_json_is_not_retried(sandbox, real_clock):
    sandbox.faults(malformed_next=1)
    async with sandbox.client(real_clock) as dash:
        with pytest.raises(MalformedResponse, match="expected JSON") as info:
            await dash.list_posts("twitter", BRAND, MARCH, APRIL)
    assert info.value.status == 200 and sandbox.hits("GET") == 1


# -- writes are never resent blindly --------------------------------------------------------
@pytest.mark.parametrize("fault", [dict(error_next=1), dict(rate_limit_next=1),
                                   dict(drop_next=1), dict(drop_next=1, after=True)])
async def test_post_is_sent_once(sandbox, real_clock, fault):
    sandbox.faults(method="POST", **fault)
    async with sandbox.client(real_clock) as dash:
        with pytest.raises((ServerError, RateLimitError, ConnectionFailed)) as info:
            await dash.create_post("twitter", TWEET)
    assert sandbox.hits("POST") == 1 and real_clock.sleeps == []
    assert info.value.retryable
    created = len(sandbox.state.posts)
    assert created == (1 if fault.get("after") else 0)
    if fault.get("after") or "drop_next" in fault:
        assert info.value.maybe_applied  # the store must look before creating again


async def test_patch_is_sent_once(sandbox, real_clock):
    post_id = await seed_post(sandbox)
    sandbox.faults(method="PATCH", error_next=1)
    async with sandbox.client(real_clock) as dash:
        with pytest.raises(ServerError):
            await dash.update_post("twitter", post_id, {"tweet_status": "x"})
    assert sandbox.hits("PATCH") == 1


async def test_delete_whose_answer_was_dropped(sandbox, real_clock):
    post_id = await seed_post(sandbox)
    sandbox.faults(method="DELETE", drop_next=1, after=True)
    async with sandbox.client(real_clock) as dash:
        assert await dash.delete_post("twitter", post_id) is None
    assert sandbox.hits("DELETE") == 2 and post_id not in sandbox.state.posts


# -- the token never leaks, whatever goes wrong ---------------------------------------------
def _bad_brand(dash):
    return dash.list_posts("twitter", OTHER_BRAND, MARCH, APRIL)


SCENARIOS = {
    "401": (AuthError, None, lambda dash: dash.whoami()),
    "403": (ForbiddenError, None, _bad_brand),
    "404": (NotFoundError, None, lambda dash: dash.get_post("twitter", 42)),
    "422": (ValidationError, None, lambda dash: dash.create_post(
        "tiktok", {"brand_id": BRAND, "caption": "x"})),
    "429": (RateLimitError, dict(rate_limit_next=9), lambda dash: dash.whoami()),
    "5xx": (ServerError, dict(error_next=9), lambda dash: dash.whoami()),
    "hang": (DashTimeout, dict(hang_next=9, hang_seconds=1), lambda dash: dash.whoami()),
    "drop": (ConnectionFailed, dict(drop_next=9), lambda dash: dash.whoami()),
    "malformed": (MalformedResponse, dict(malformed_next=9), lambda dash: dash.whoami()),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
async def test_token_never_leaks(sandbox, real_clock, caplog, name):
    cls, fault, call = SCENARIOS[name]
    caplog.set_level(logging.DEBUG)  # httpx and httpcore too
    if fault:
        sandbox.faults(**fault)
    token = "wrong-token-0c7f-never-print" if cls is AuthError else SANDBOX_TOKEN
    async with sandbox.client(real_clock, token=token, timeout=0.3,
                              retry=real_clock.policy(max_attempts=2)) as dash:
        with pytest.raises(cls) as info:
            await call(dash)
    err = info.value
    assert type(err) is cls
    for text in (str(err), repr(err), repr(err.args), repr(err.details), err.url,
                 "".join(traceback.format_exception(err)), caplog.text):
        assert token not in text
    assert err.__cause__ is None and err.__context__ is None
