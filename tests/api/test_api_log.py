"""The API log (the `L` pane) over the sandbox on 127.0.0.1: every call with method, path,
status and duration; never the token, never a header, bodies only when asked for."""

from __future__ import annotations

import pytest

from dashtui.api_log import API_LOG
from dashtui.backends.http_kit import bearer_client
from dashtui.domain.posts import new_post
from dashtui.errors import NotFoundError

from .conftest import BRAND, SANDBOX_TOKEN


@pytest.fixture(autouse=True)
def fresh_log():
    API_LOG.clear()
    API_LOG.include_bodies = False
    yield
    API_LOG.clear()
    API_LOG.include_bodies = False


def _everything() -> str:
    return "\n".join(repr(c) for c in API_LOG.recent())


async def test_calls_are_logged_without_the_token_or_bodies(sandbox, clock):
    async with sandbox.client(clock) as client:
        await client.whoami()
        post = await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="DRAFT", tweet_status="hello log"))
        with pytest.raises(NotFoundError):
            await client.get_post("twitter", 987654321)
    calls = API_LOG.recent()
    assert [c.method for c in calls] == ["GET", "POST", "GET"]  # newest first
    missing, created = calls[0], calls[1]
    assert missing.status == 404 and "/scheduled_posts/987654321" in missing.path
    assert created.status in (200, 201) and "/twitter" in created.path
    assert all(c.ms is not None and c.ms >= 0 and c.at > 0 for c in calls)
    assert "127.0.0.1" in created.host
    text = _everything()
    assert SANDBOX_TOKEN not in text and "Bearer" not in text
    assert "hello log" not in text  # no bodies by default
    assert post.caption == "hello log"


async def test_bodies_when_asked_still_never_the_token(sandbox, clock):
    API_LOG.include_bodies = True
    async with sandbox.client(clock) as client:
        # a caption that carries the token: the log must scrub it anyway
        await client.create_post("twitter", new_post(
            "twitter", brand_id=BRAND, status="DRAFT",
            tweet_status=f"oops {SANDBOX_TOKEN} pasted"))
    [call] = API_LOG.recent()
    assert "oops" in call.request_body and "oops" in call.response_body
    assert SANDBOX_TOKEN not in _everything()


async def test_secret_query_values_are_masked(sandbox):
    async with bearer_client(SANDBOX_TOKEN, "test", 5, None) as http:
        await http.get(f"{sandbox.base}/scheduler/nowhere",
                       params={"api_key": "qs-SECRET-123", "brand_id": BRAND,
                               "cursor": SANDBOX_TOKEN})
    [call] = API_LOG.recent()
    assert call.status == 404 and call.path.startswith("/scheduler/nowhere?")
    assert "brand_id=144" in call.path
    assert "qs-SECRET-123" not in call.path and SANDBOX_TOKEN not in _everything()


async def test_a_call_without_an_answer_stays_marked_so(closed_port):
    import httpx

    async with bearer_client(SANDBOX_TOKEN, "test", 2, None) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(f"http://127.0.0.1:{closed_port}/api/self")
    [call] = API_LOG.recent()
    assert call.status is None and call.path == "/api/self"
