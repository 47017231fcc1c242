"""Transport failures over real sockets on 127.0.0.1: refused, dropped, hung, garbled."""

from __future__ import annotations

import traceback

import pytest

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.errors import ConnectionFailed, DashTimeout, MalformedResponse
from dashtui.backends.dash.urls import ServiceURLs

from .conftest import TOKEN


def client_for(root: str, clock, **kw) -> DashClient:
    kw.setdefault("retry", clock.policy())
    return DashClient(TOKEN, ServiceURLs.from_root(root), **kw)


def no_token(err: BaseException) -> None:
    for text in (str(err), repr(err), repr(err.args), "".join(traceback.format_exception(err))):
        assert TOKEN not in text


async def test_connection_refused(closed_port, clock):
    async with client_for(f"http://127.0.0.1:{closed_port}", clock) as client:
        with pytest.raises(ConnectionFailed) as info:
            await client.whoami()
    err = info.value
    assert str(err).startswith(f"Can't reach 127.0.0.1:{closed_port} (connection refused). "
                               "Check your network or api_root.")
    assert err.attempts == 4 and len(clock.sleeps) == 3  # GET: retried, then given up
    assert not err.maybe_applied
    no_token(err)


async def test_dropped_connection(raw_server, clock):
    server = raw_server("drop")
    async with client_for(server.url, clock) as client:
        with pytest.raises(ConnectionFailed, match="connection dropped") as info:
            await client.get_post("twitter", 1)
        assert server.hits == 4
        with pytest.raises(ConnectionFailed):
            await client.create_post("twitter", {"brand_id": 1, "tweet_status": "x"})
        assert server.hits == 5  # the POST went once
    assert info.value.maybe_applied
    no_token(info.value)


async def test_hang_times_out(raw_server, clock):
    server = raw_server("hang")
    async with client_for(server.url, clock, timeout=0.3,
                          retry=clock.policy(max_attempts=2)) as client:
        with pytest.raises(DashTimeout) as info:
            await client.get_post("twitter", 1)
    assert server.hits == 2
    assert str(info.value).startswith(f"127.0.0.1:{server.url.rsplit(':', 1)[1]} didn't answer "
                                      "within 0.3 s")
    no_token(info.value)


@pytest.mark.parametrize("raw,match", [
    (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 6\r\n\r\n{oops}",
     "expected JSON"),
    (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<h1>Hello</h1",
     "got text/html"),
])
async def test_malformed_json(raw_server, clock, raw, match):
    server = raw_server(raw)
    async with client_for(server.url, clock) as client:
        with pytest.raises(MalformedResponse, match=match) as info:
            await client.whoami()
    assert server.hits == 1 and info.value.status == 200  # not retried
    no_token(info.value)


async def test_truncated_body_is_a_dropped_connection(raw_server, clock):
    raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"a\""
    server = raw_server(raw)
    async with client_for(server.url, clock, retry=clock.policy(max_attempts=2)) as client:
        with pytest.raises(ConnectionFailed, match="dropped"):
            await client.whoami()
    assert server.hits == 2
