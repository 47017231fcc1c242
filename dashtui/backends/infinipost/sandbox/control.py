"""/_sandbox/*: the test harness's handles. Not part of Infinipost; same key as the API,
never faulted.

  GET  /_sandbox/clock            -> {"now", "frozen", "offset_seconds"}
  POST /_sandbox/clock            {"set": iso} | {"advance": seconds} | {"freeze": bool}
                                  | {"reset": true} -> clock + {"transitions": [...]}
  POST /_sandbox/tick             run the publisher now -> {"now", "transitions"}
  GET|POST|DELETE /_sandbox/faults      fault rules (faults.py)
  GET|POST|DELETE /_sandbox/outcomes    forced outcomes {"<postId>": {"status", "reason"?}}
  GET|POST /_sandbox/publisher    {"fail_rate": 0..1, "seed": int}
  GET|POST /_sandbox/profile      {"profile": "strict"|"lenient", option: value ...}
  POST /_sandbox/posts/{id}       merge raw fields into a stored post, no validation
  GET  /_sandbox/state            the whole state
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from dashtui.sandbox_kit import control as kit

from .common import body_of, runtime
from .errors import JSONResponse, bad, not_found
from .faults import parse_config
from .profile import OPTIONS, PROFILES
from .publisher import parse_outcomes
from .state import parse_iso


def _when(value: Any) -> datetime:
    when = parse_iso(value)
    if when is None:
        raise bad("invalid_request", "set: an ISO time with an offset")
    return when


async def clock(request: Request) -> Response:
    return await kit.clock(
        request, body_of, JSONResponse, when=_when,
        seconds=kit.plain_seconds(lambda: bad("invalid_request", "advance: seconds")),
        reject=lambda: bad("invalid_request", 'send {"set": iso}, {"advance": s}, '
                           '{"freeze": bool} or {"reset": true}'))


async def tick(request: Request) -> Response:
    return JSONResponse(kit.tick_json(runtime(request)))


async def faults(request: Request) -> Response:
    return JSONResponse(await kit.configure_faults(
        request, body_of, parse_config, lambda e: bad("invalid_request", f"faults: {e}")))


async def outcomes(request: Request) -> Response:
    return JSONResponse(await kit.configure_outcomes(
        request, body_of, parse_outcomes, lambda e: bad("invalid_request", f"outcomes: {e}")))


async def publisher(request: Request) -> Response:
    pub = runtime(request).publisher
    if request.method == "POST":
        return JSONResponse(kit.set_publisher(
            pub, await body_of(request),
            reject_body=lambda: bad("invalid_request", "send {fail_rate, seed}"),
            reject_rate=lambda: bad("invalid_request", "fail_rate: 0 to 1")))
    return JSONResponse(kit.publisher_json(pub))


async def profile(request: Request) -> Response:
    rt = runtime(request)
    if request.method == "POST":
        body = await body_of(request)
        if not isinstance(body, dict):
            raise bad("invalid_request", "send {profile, option: value}")
        body = dict(body)
        base = rt.profile
        if "profile" in body:
            name = body.pop("profile")
            if name not in PROFILES:
                raise bad("invalid_request", f"profile: one of {', '.join(PROFILES)}")
            base = PROFILES[name]
        unknown = set(body) - set(OPTIONS)
        if unknown:
            raise bad("invalid_request", f"unknown options: {', '.join(sorted(unknown))}")
        rt.profile = base.with_options(**body)
    return JSONResponse(rt.profile.to_json())


async def force_post(request: Request) -> Response:
    rt = runtime(request)
    post = rt.state.posts.get(request.path_params["post_id"])
    if post is None:
        raise not_found("Post")
    body = await body_of(request)
    if not isinstance(body, dict):
        raise bad("invalid_request", "send an object of fields")
    post.update({k: v for k, v in body.items() if k != "postId"})
    rt.commit()
    return JSONResponse(post)


async def dump_state(request: Request) -> Response:
    return JSONResponse(runtime(request).state.to_json())


ROUTES = kit.harness_routes(clock, tick, faults, outcomes, publisher, profile, force_post,
                            dump_state)
