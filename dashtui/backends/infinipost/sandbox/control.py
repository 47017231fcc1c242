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

from datetime import datetime, timedelta, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import body_of, runtime
from .errors import JSONResponse, bad, not_found
from .faults import parse_config
from .profile import OPTIONS, PROFILES
from .publisher import parse_outcomes
from .state import parse_iso


def _clock(rt: Any) -> dict[str, Any]:
    return {"now": rt.state.now().isoformat(), "frozen": rt.state.frozen_at is not None,
            "offset_seconds": rt.state.clock_offset}


async def clock(request: Request) -> Response:
    rt = runtime(request)
    if request.method == "GET":
        return JSONResponse(_clock(rt))
    body = await body_of(request)
    if not isinstance(body, dict) or not body or set(body) - {"set", "advance", "freeze",
                                                              "reset"}:
        raise bad("invalid_request", 'send {"set": iso}, {"advance": s}, {"freeze": bool} '
                  'or {"reset": true}')
    state = rt.state
    if body.get("reset"):
        state.frozen_at, state.clock_offset = None, 0.0
    if "set" in body:
        when = parse_iso(body["set"])
        if when is None:
            raise bad("invalid_request", "set: an ISO time with an offset")
        state.frozen_at, state.clock_offset = when.isoformat(), 0.0
    if "advance" in body:
        step = body["advance"]
        if isinstance(step, bool) or not isinstance(step, (int, float)):
            raise bad("invalid_request", "advance: seconds")
        if state.frozen_at:
            state.frozen_at = (state.now() + timedelta(seconds=step)).isoformat()
        else:
            state.clock_offset += step
    if "freeze" in body:
        if body["freeze"] and not state.frozen_at:
            state.frozen_at = state.now().isoformat()
        elif not body["freeze"] and state.frozen_at:
            state.clock_offset = (state.now() - datetime.now(timezone.utc)).total_seconds()
            state.frozen_at = None
    rt.commit()
    return JSONResponse({**_clock(rt), "transitions": rt.tick()})


async def tick(request: Request) -> Response:
    rt = runtime(request)
    return JSONResponse({"now": rt.state.now().isoformat(), "transitions": rt.tick()})


async def faults(request: Request) -> Response:
    rt = runtime(request)
    if request.method == "POST":
        rules, errors = parse_config(await body_of(request))
        if errors:
            raise bad("invalid_request", f"faults: {errors}")
        rt.faults.replace(rules)
    elif request.method == "DELETE":
        rt.faults.replace([])
    return JSONResponse(rt.faults.to_json())


async def outcomes(request: Request) -> Response:
    pub = runtime(request).publisher
    if request.method == "POST":
        parsed, errors = parse_outcomes(await body_of(request))
        if errors:
            raise bad("invalid_request", f"outcomes: {errors}")
        pub.outcomes.update(parsed)
    elif request.method == "DELETE":
        pub.outcomes.clear()
    return JSONResponse(pub.outcomes)


async def publisher(request: Request) -> Response:
    pub = runtime(request).publisher
    if request.method == "POST":
        body = await body_of(request)
        if not isinstance(body, dict) or set(body) - {"fail_rate", "seed"}:
            raise bad("invalid_request", "send {fail_rate, seed}")
        rate = body.get("fail_rate", pub.fail_rate)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise bad("invalid_request", "fail_rate: 0 to 1")
        pub.fail_rate, pub.seed = float(rate), int(body.get("seed", pub.seed))
    return JSONResponse({"fail_rate": pub.fail_rate, "seed": pub.seed})


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


ROUTES = [
    Route("/clock", clock, methods=["GET", "POST"]),
    Route("/tick", tick, methods=["POST"]),
    Route("/faults", faults, methods=["GET", "POST", "DELETE"]),
    Route("/outcomes", outcomes, methods=["GET", "POST", "DELETE"]),
    Route("/publisher", publisher, methods=["GET", "POST"]),
    Route("/profile", profile, methods=["GET", "POST"]),
    Route("/posts/{post_id}", force_post, methods=["POST"]),
    Route("/state", dump_state, methods=["GET"]),
]
