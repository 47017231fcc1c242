"""The Infinipost sandbox as one ASGI app: the API under /v1 (as at api.infinipost.co/v1),
the test harness under /_sandbox (control.py).

Every request first goes through `pipeline`: injected faults, the bearer key (sk_test_ /
sk_live_; a test key reaches at most 10 accounts), and a publisher tick.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from dashtui.sandbox_kit import state as kit
from dashtui.sandbox_kit.faults import DroppedConnection
from dashtui.sandbox_kit.pipeline import before_handler, respond, run_handler

from . import catalog, control, posts
from .errors import ApiError, JSONResponse, dumps, error_body
from .faults import Faults, parse_config
from .profile import STRICT, Profile, get_profile
from .publisher import Publisher
from .state import DEMO_TOKEN, SandboxState

__all__ = ["DEMO_TOKEN", "build_demo_state", "create_app", "demo_app", "run_sandbox"]


@dataclass
class Runtime(kit.Runtime):
    state: SandboxState
    publisher: Publisher = field(default_factory=Publisher)
    faults: Faults = field(default_factory=Faults)
    profile: Profile = STRICT

    def commit(self) -> None:
        self.save()


log = logging.getLogger("dashtui.backends.infinipost.sandbox")
log.addHandler(logging.NullHandler())  # in-process under a TUI: never Python's stderr


def _auth_error(scope: dict[str, Any], token: str) -> tuple[str, str] | None:
    header = next((v.decode("latin-1").strip() for k, v in scope.get("headers", [])
                   if k == b"authorization"), None)
    if not header:
        return "unauthorized", "Missing API key: send Authorization: Bearer sk_..."
    if header[:7].lower() != "bearer ":
        return "unauthenticated", "Authorization must be a Bearer API key"
    key = header[7:].strip()
    if not key.startswith(("sk_test_", "sk_live_")):
        return "invalid_api_key", "Invalid API key format"
    if key != token:
        return "invalid_api_key", "Invalid API key"
    return None


async def pipeline(rt: Runtime, scope: dict[str, Any], receive: Any, send: Any,
                   inner: Any, raw_send: Any = None) -> None:
    """`raw_send`: the server's own send, whose transport a drop closes."""
    raw_send = raw_send or send
    path, method = scope.get("path", ""), scope.get("method", "GET")
    decision = rt.faults.decide(method, path)
    if await before_handler(decision, raw_send):
        return
    act, rule = decision.action, decision.rule
    if act == "fail" and rule is not None:
        return await respond(send, rule.fail_status, dumps(error_body(
            rule.fail_code, "Internal server error" if rule.fail_code == "internal"
            else f"Injected {rule.fail_code}")))
    denied = _auth_error(scope, rt.token)
    if denied is not None:
        return await respond(send, 401, dumps(error_body(*denied)))
    rt.tick()
    return await run_handler(decision, scope, receive, send, inner, raw_send)


class SandboxApp(Starlette):
    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        started = False

        async def tracked(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await pipeline(self.state.runtime, scope, receive, tracked, super().__call__,
                           raw_send=send)
        except DroppedConnection:
            raise
        except Exception:  # a sandbox bug: a 500 in Infinipost's shape, never a raw error
            # (Starlette answers 500 and then re-raises, which an in-process client
            # would otherwise see as an exception of its own)
            log.exception("sandbox bug")
            if not started:
                await respond(send, 500, dumps(error_body("internal",
                                                           "Internal server error")))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
    return JSONResponse(error_body(code, str(exc.detail)), exc.status_code)


async def _server_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(error_body("internal", "Internal server error"), 500)


def build_demo_state(seed: int = 7, now: datetime | None = None) -> SandboxState:
    from .demo import build_demo_state as build

    return build(seed=seed, now=now)


def create_app(state: SandboxState | None = None, *, token: str = DEMO_TOKEN,
               profile: Profile | str = "strict", seed: int = 7, fail_rate: float = 0.0,
               faults: dict[str, Any] | None = None, state_file: Path | None = None
               ) -> Starlette:
    """The sandbox app (`app.state.runtime.state` is the live SandboxState). Without a
    state, the demo's (build_demo_state(seed)); a state_file that exists wins and is saved
    after every write."""
    if state_file is not None and Path(state_file).exists():
        state = SandboxState.load(Path(state_file))
    elif state is None:
        state = build_demo_state(seed=seed)
    rules, errors = parse_config(faults)
    if errors:
        raise ValueError(f"invalid faults: {errors}")
    runtime = Runtime(state=state, token=token, state_file=state_file,
                      publisher=Publisher(seed=seed, fail_rate=fail_rate),
                      faults=Faults(rules, seed=seed), profile=get_profile(profile))
    app = SandboxApp(
        routes=[Mount("/v1", routes=[*catalog.ROUTES, *posts.ROUTES]),
                Mount("/_sandbox", routes=control.ROUTES)],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error,
                            Exception: _server_error})
    app.state.runtime = runtime
    app.state.sandbox = state
    return app


def demo_app(*, now: datetime | None = None, seed: int = 7, profile: str = "strict"
             ) -> Starlette:
    """The demo's app (`--demo`): its data built around `now`, and with `now` the clock
    frozen there (snapshots and tests see the same screen every run)."""
    state = build_demo_state(seed=seed, now=now)
    if now is not None:
        state.frozen_at = now.isoformat()
    return create_app(state, token=DEMO_TOKEN, profile=profile, seed=seed)


def run_sandbox(host: str = "127.0.0.1", port: int = 8767, profile: str = "strict",
                seed: int = 7, token: str = DEMO_TOKEN, state_file: Path | None = None,
                fail_rate: float = 0.0) -> None:
    """Serve in the foreground until interrupted (API at http://host:port/v1)."""
    from dashtui.sandbox_kit.server import warn_unless_loopback

    from .server import serve_forever

    warn_unless_loopback(host, f"warning: the Infinipost sandbox is listening on {host}, "
                         "not loopback")
    print(f"Infinipost sandbox ({profile}): API at http://{host}:{port}/v1, key {token}",
          file=sys.stderr)
    serve_forever(create_app(token=token, profile=profile, seed=seed, fail_rate=fail_rate,
                             state_file=state_file), host=host, port=port)
