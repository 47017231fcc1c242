"""A server that echoes the token everywhere (body, headers, a `paging.next` link's path and
query, a redirect, a host name): the token is nowhere in the error, its str/repr, the logs,
the error panel's text or what `y` copies.

Over real HTTP on 127.0.0.1: page one of a list answers with a next link carrying the token
(under a query name no secret-looking filter would catch); page two answers in one of the
ways below, each echoing the token back.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.errors import DashError
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.backends.dash.sandbox.server import serve_in_thread

from .conftest import TOKEN


def _echo_body(status: int) -> dict:
    return {"code": status, "status": f"Echo {TOKEN}", "message": f"bad token {TOKEN}",
            "description": TOKEN,
            "errors": {"json": {"caption": [f"Bearer {TOKEN}"], TOKEN: ["as a key"]}}}


def _headers() -> dict[str, str]:
    return {"x-echo": TOKEN, "www-authenticate": f'Bearer realm="{TOKEN}"'}


async def _page(request: Request) -> Response:
    mode = request.path_params["mode"]
    if "cursor" not in request.query_params:
        # page one: a next link with the token in its path and under an innocent query name
        if mode == "elsewhere":
            nxt = f"http://{TOKEN}.example.com/next?cursor={TOKEN}"
        else:
            nxt = f"/{mode}/scheduler/twitter/scheduled_posts?cursor={quote(TOKEN)}&p={TOKEN}"
        return JSONResponse({"data": [], "paging": {"next": nxt}}, headers=_headers())
    if mode == "redirect":
        return Response(status_code=302, headers={**_headers(),
                                                  "location": f"https://{TOKEN}.evil/x"})
    if mode == "garbage":
        return Response(f"<html>{TOKEN}</html>", status_code=200, headers=_headers(),
                        media_type="text/html")
    if mode == "badpost":
        return JSONResponse({"data": [{"id": TOKEN, "brand_id": TOKEN}]}, headers=_headers())
    return JSONResponse(_echo_body(int(mode)), status_code=int(mode), headers=_headers())


_APP = Starlette(routes=[Route("/{mode}/scheduler/{platform}/scheduled_posts", _page)])
MODES = ["401", "403", "404", "409", "422", "429", "500", "418", "redirect", "garbage",
         "badpost", "elsewhere"]


@pytest.fixture(scope="module")
def echo_server():
    with serve_in_thread(_APP) as base:
        yield base


async def _error_from(base: str, mode: str, clock) -> DashError:
    client = DashClient(TOKEN, ServiceURLs.from_root(f"{base}/{mode}"),
                        retry=clock.policy(max_attempts=2))
    try:
        with pytest.raises(DashError) as info:
            await client.list_posts("twitter", 144, None, None)
    finally:
        await client.aclose()
    return info.value


def _assert_hidden(text: str) -> None:
    low = text.lower()
    for form in (TOKEN, quote(TOKEN, safe="")):
        assert form.lower() not in low, text


@pytest.mark.parametrize("mode", MODES)
async def test_token_echoed_everywhere_is_nowhere_in_the_error(echo_server, clock, caplog,
                                                               mode):
    caplog.set_level(logging.DEBUG)
    error = await _error_from(echo_server, mode, clock)
    assert error.url or mode == "elsewhere"  # the request is named (with *** for the token)
    _assert_hidden(str(error))
    _assert_hidden(repr(error))
    _assert_hidden(repr(vars(error)))  # url, details, field errors, server message
    _assert_hidden(caplog.text)
    if mode not in ("elsewhere",):
        assert "***" in error.url or "***" in repr(error.details)


async def test_the_error_panel_and_its_copy_hide_the_token(echo_server, clock):
    from textual.app import App

    from dashtui.ui.screens.error_panel import ErrorPanel

    from ..ui.conftest import screen_text

    errors = [await _error_from(echo_server, mode, clock) for mode in ("422", "500",
                                                                       "garbage")]

    class Host(App):
        pass

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        for error in errors:
            await app.push_screen(ErrorPanel(error, "refreshing posts"))
            await pilot.pause()
            text = screen_text(app)
            assert "request: GET" in text  # the details are there, only the token is not
            _assert_hidden(text)
            await pilot.press("y")
            await pilot.pause()
            assert "server said" in app.clipboard
            _assert_hidden(app.clipboard)
            app.pop_screen()
            await pilot.pause()
