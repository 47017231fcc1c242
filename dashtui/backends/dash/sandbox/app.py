"""The sandbox: a local stand-in for the Dash API, as one ASGI app.

One process serves the four services under path prefixes (the client's `api_root` points at
`<root>/scheduler`, `<root>/library`, `<root>/pinterest`, `<root>/auth`), plus /_sandbox/*
(control.py) for the clock, the publisher and fault injection.

Written from the reference alone: nothing here imports dashtui.domain or dashtui.backends.dash, so
the client and the sandbox can disagree and a test catches whichever one is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from . import control, library, scheduler, storage
from .errors import ApiError, JSONResponse, error_body, not_found
from .faults import Faults, parse_config
from .middleware import RateLimiter, Runtime, pipeline
from .posts import INTERNAL
from .profile import Profile, get_profile
from .publisher import Publisher
from .state import DEFAULT_TOKEN, SandboxState


class SandboxApp(Starlette):
    """A Starlette app whose every HTTP request goes through `pipeline` first, outside
    Starlette's own middleware, so the pipeline holds the server's real `send`."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        await pipeline(self.state.runtime, scope, receive, send, super().__call__)


def _brand_param(request: Request) -> int:
    raw = request.path_params["brand_id"]
    if not raw.isdigit() or len(raw) > 18:
        raise not_found()
    brand_id = int(raw)
    library.check_brand(request.app.state.sandbox, brand_id)
    return brand_id


async def api_self(request: Request) -> Response:
    """[D] GET auth/api/self: brands keyed by slug, accessible_brands as ints (reference 2)."""
    state = request.app.state.sandbox
    org = state.organization
    brands = {}
    for bid in state.accessible_brands:
        brand = state.brands.get(bid, {"id": bid, "name": f"Brand {bid}"})
        slug = brand.get("slug") or f"brand-{bid}"
        brands[slug] = {"id": bid, "name": brand.get("name"), "organization": org,
                        "organization_id": org.get("id")}
    return JSONResponse({"accessible_brands": list(state.accessible_brands), "brands": brands,
                         "organization": org, "organization_id": org.get("id")})


async def media_get(request: Request) -> Response:
    brand_id = _brand_param(request)
    raw = request.path_params["media_id"]
    if not raw.isdigit():
        raise not_found()
    return JSONResponse(library.get_one(request.app.state.sandbox, brand_id, int(raw)))


async def media_create(request: Request) -> Response:
    brand_id = _brand_param(request)
    state = request.app.state.sandbox
    obj = library.register(state, brand_id, await scheduler.read_json(request), state.now(),
                           stored=lambda url: storage.stored_facts(request.app.state.runtime,
                                                                   url))
    request.app.state.runtime.commit()
    return JSONResponse(obj, 201)  # [U] 200 or 201: 201 Created, like the scheduler


async def media_search(request: Request) -> Response:
    brand_id = _brand_param(request)
    body = await scheduler.read_json(request)
    return JSONResponse(library.search(request.app.state.sandbox, brand_id, body,
                                       dict(request.query_params), request.url))


async def boards(request: Request) -> Response:
    """[D] a bare JSON array, not a paging object."""
    return JSONResponse(library.boards(request.app.state.sandbox, _brand_param(request)))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse(error_body(exc.status_code), exc.status_code, headers=exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(error_body(500), 500)


def _empty_state() -> SandboxState:
    state = SandboxState()
    state.brands[144] = {"id": 144, "name": "Sandbox Brand", "slug": "sandbox-brand"}
    state.accessible_brands = [144]
    return state


def create_app(state: SandboxState | None = None, *, token: str = DEFAULT_TOKEN,
               demo: bool = True, seed: int = 7, state_file: Path | None = None,
               faults: dict[str, Any] | None = None, rate_limit: int = 1000,
               fail_rate: float = 0.1, profile: Profile | str | None = None,
               brands: int | None = None) -> Starlette:
    """The sandbox app. `app.state.sandbox` is the live SandboxState.

    state: start from this state (else the demo's, else a one-brand empty state).
    state_file: load it if it exists (it wins over `state`/`demo`); saved after every write.
    faults: initial fault rules (see faults.py). fail_rate: share of publishes that fail.
    profile: "strict" (default) or "lenient", or a Profile (profile.py).
    brands: with the demo, generate this many brands (an agency) instead of the demo's three.
    """
    state_file = Path(state_file) if state_file is not None else None
    if state_file is not None and state_file.exists():
        state = SandboxState.load(state_file)
    elif state is None and demo:
        from .demo import build_demo_state  # written alongside; imported only when needed
        state = build_demo_state(seed=seed, brands=brands)
    elif state is None:
        state = _empty_state()
    rules, errors = parse_config(faults)
    if errors:
        raise ValueError(f"invalid faults: {errors}")
    runtime = Runtime(state=state, token=token, state_file=state_file,
                      publisher=Publisher(seed=seed, fail_rate=fail_rate),
                      faults=Faults(rules, seed=seed), limiter=RateLimiter(rate_limit),
                      profile=get_profile(profile))
    # the tick counter restarts with the process; keep it ahead of any stored tick
    runtime.publisher.tick_no = max([p.data.get(INTERNAL + "tick", 0)
                                     for p in state.posts.values()] + [0])
    app = SandboxApp(
        routes=[
            Mount("/scheduler", routes=scheduler.ROUTES),
            Mount("/library", routes=[
                Route("/brands/{brand_id}/media/v2/{media_id}", media_get, methods=["GET"]),
                Route("/brands/{brand_id}/media/v2", media_search, methods=["PUT"]),
                Route("/brands/{brand_id}/media", media_create, methods=["POST"]),
                Route("/media_upload_url", storage.upload_url, methods=["POST"]),
            ]),
            *storage.ROUTES,  # the S3 stand-in: no bearer token (pipeline)
            Mount("/pinterest", routes=[
                Route("/v5/brands/{brand_id}/boards", boards, methods=["GET"])]),
            Mount("/auth", routes=[Route("/api/self", api_self, methods=["GET"])]),
            Mount("/_sandbox", routes=control.ROUTES),
        ],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error,
                            Exception: _server_error},
    )
    app.state.sandbox = state
    app.state.runtime = runtime
    if state_file is not None:
        runtime.commit()
    return app


def run_sandbox(host: str = "127.0.0.1", port: int = 8765, token: str = DEFAULT_TOKEN,
                state_file: Path | None = None, seed: int = 7, latency_ms: float = 0,
                fail_rate: float = 0.1, error_rate: float = 0.0, rate_limit: int = 1000,
                demo: bool = True, profile: str = "strict", brands: int | None = None
                ) -> None:
    """`dashtui sandbox`: serve in the foreground until interrupted. Loopback by default."""
    from dashtui.sandbox_kit.server import warn_unless_loopback

    from .server import serve_forever

    if brands is not None and brands < 1:
        raise SystemExit("dashtui sandbox: --brands must be at least 1")
    warn_unless_loopback(host, f"warning: the sandbox is listening on {host}, not loopback; "
                         "anyone who can reach it and knows the token can use it")
    faults = {"latency_ms": latency_ms, "error_rate": error_rate} \
        if latency_ms or error_rate else None
    app = create_app(token=token, demo=demo, seed=seed, state_file=state_file, faults=faults,
                     rate_limit=rate_limit, fail_rate=fail_rate, profile=profile, brands=brands)
    serve_forever(app, host=host, port=port)
