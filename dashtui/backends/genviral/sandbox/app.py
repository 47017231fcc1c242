"""The Genviral sandbox as one ASGI app: the Partner API at the root (so a client's root is
the server's base URL) and under /api/partner/v1 (as the real one), plus /_sandbox/*.
Written from the reference alone (see __init__)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from . import DEMO_TOKEN, control, posts
from .envelope import ApiError
from .faults import Faults
from .middleware import Runtime, pipeline
from .profile import Profile, get_profile
from .publisher import Publisher
from .state import State

API_PREFIX = "/api/partner/v1"


class SandboxApp(Starlette):
    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        await pipeline(self.state.runtime, scope, receive, send, super().__call__)


def create_app(state: State | None = None, *, token: str = DEMO_TOKEN,
               profile: Profile | str = "strict", seed: int = 7,
               fail_rate: float = 0.0) -> Starlette:
    """The sandbox; `app.state.runtime` holds the live state, faults, publisher, profile.
    Without `state`, the demo data (demo.build_demo_state)."""
    if state is None:
        from .demo import build_demo_state

        state = build_demo_state(seed=seed)
    runtime = Runtime(state=state, token=token, publisher=Publisher(seed=seed,
                                                                   fail_rate=fail_rate),
                      faults=Faults(seed=seed), profile=get_profile(profile))

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return exc.response(request.app.state.runtime.profile.code_is_word)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "error")
        return ApiError(exc.status_code, code, str(exc.detail)).response(
            request.app.state.runtime.profile.code_is_word)

    async def server_error(request: Request, exc: Exception) -> Response:
        return ApiError(500, "internal_error", "Unexpected server error.").response(
            request.app.state.runtime.profile.code_is_word)

    app = SandboxApp(
        routes=[Mount("/_sandbox", routes=control.ROUTES),
                Mount(API_PREFIX, routes=posts.ROUTES), *posts.ROUTES],
        exception_handlers={ApiError: api_error, HTTPException: http_error,
                            Exception: server_error})
    app.state.runtime = runtime
    app.state.sandbox = state
    return app


@contextmanager
def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run `app` under uvicorn in a background thread; yields its base URL."""
    from dashtui.sandbox_kit.server import serve_in_thread as serve  # uvicorn only when served

    with serve(app, host, port, name="Genviral sandbox") as url:
        yield url


def run_sandbox(host: str = "127.0.0.1", port: int = 8766, profile: str = "strict",
                seed: int = 7, token: str = DEMO_TOKEN, fail_rate: float = 0.1) -> None:
    """`dashtui sandbox --backend genviral`: serve in the foreground. Loopback by default."""
    from dashtui.sandbox_kit.server import serve_forever, warn_unless_loopback

    warn_unless_loopback(host, f"warning: the Genviral sandbox listens on {host}, not loopback")
    serve_forever(create_app(token=token, profile=profile, seed=seed, fail_rate=fail_rate),
                  host, port)
