"""/_sandbox/*: the test harness's handles (not part of Genviral). Same bearer token as
the API; never faulted, never plan-gated.

  GET  /_sandbox/clock              -> {now, frozen, offset_seconds}
  POST /_sandbox/clock              {"set": iso} | {"advance": s} | {"freeze": bool} |
                                    {"reset": true} -> clock + {"transitions"}
  POST /_sandbox/tick               run the publisher now
  GET|POST|DELETE /_sandbox/faults  read / replace / clear fault rules (faults.py)
  GET|POST|DELETE /_sandbox/outcomes  forced publish outcomes {"<id>": {"status":
                                    posted|failed|partial, "error"?, "sticky"?}}
  GET|POST /_sandbox/publisher      {"fail_rate": 0..1, "seed": int}
  GET|POST /_sandbox/profile        {"profile": strict|lenient, option: value ...}
  GET|POST /_sandbox/plan           {"plan": creator|professional|business|scheduler|none,
                                    "tiktok_virtual_subscription": bool}
  POST /_sandbox/delete_errors      {"ids": [...]}: their deletes fail (the errors map)
  POST /_sandbox/posts/{id}         merge raw fields into a stored post (no validation)
  GET  /_sandbox/state              everything, as stored
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .envelope import ApiError, JSONResponse, invalid
from .faults import parse_config
from .profile import OPTIONS, PROFILES
from .publisher import parse_outcomes
from .state import parse_time

PLANS = ("creator", "professional", "business", "scheduler", "none")


def _rt(request: Request) -> Any:
    return request.app.state.runtime


async def _body(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except ValueError:
        raise ApiError(400, "invalid_json", "Request body is not valid JSON.") from None


def _clock(rt: Any) -> dict[str, Any]:
    s = rt.state
    return {"now": s.now().isoformat(), "frozen": s.frozen_at is not None,
            "offset_seconds": s.clock_offset}


async def clock(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "GET":
        return JSONResponse(_clock(rt))
    body = await _body(request)
    if not isinstance(body, dict) or not body or set(body) - {"set", "advance", "freeze",
                                                              "reset"}:
        raise invalid('Send {"set": iso}, {"advance": seconds}, {"freeze": bool} or '
                      '{"reset": true}.')
    s, real = rt.state, datetime.now(timezone.utc)
    if body.get("reset"):
        s.frozen_at, s.clock_offset = None, 0.0
    if "set" in body:
        when = parse_time(body["set"])
        if when is None or when.tzinfo is None:
            raise invalid("set: an ISO datetime with an offset.")
        s.frozen_at, s.clock_offset = when.isoformat(), 0.0
    if "advance" in body:
        seconds = body["advance"]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise invalid("advance: a number of seconds.")
        if s.frozen_at:
            s.frozen_at = (s.now() + timedelta(seconds=seconds)).isoformat()
        else:
            s.clock_offset += seconds
    if "freeze" in body:
        if body["freeze"] and not s.frozen_at:
            s.frozen_at = s.now().isoformat()
        elif not body["freeze"] and s.frozen_at:
            s.clock_offset = (s.now() - real).total_seconds()
            s.frozen_at = None
    return JSONResponse({**_clock(rt), "transitions": rt.tick()})


async def tick(request: Request) -> Response:
    rt = _rt(request)
    return JSONResponse({"now": rt.state.now().isoformat(), "transitions": rt.tick()})


async def faults(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "POST":
        rules, errors = parse_config(await _body(request))
        if errors:
            raise invalid(json.dumps(errors))
        rt.faults.replace(rules)
    elif request.method == "DELETE":
        rt.faults.replace([])
    return JSONResponse(rt.faults.to_json())


async def outcomes(request: Request) -> Response:
    pub = _rt(request).publisher
    if request.method == "POST":
        parsed, errors = parse_outcomes(await _body(request))
        if errors:
            raise invalid(json.dumps(errors))
        pub.outcomes.update(parsed)
    elif request.method == "DELETE":
        pub.outcomes.clear()
    return JSONResponse(pub.outcomes)


async def publisher(request: Request) -> Response:
    pub = _rt(request).publisher
    if request.method == "POST":
        body = await _body(request)
        if not isinstance(body, dict) or set(body) - {"fail_rate", "seed"}:
            raise invalid("fail_rate and/or seed.")
        rate = body.get("fail_rate", pub.fail_rate)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise invalid("fail_rate: a number from 0 to 1.")
        pub.fail_rate, pub.seed = float(rate), int(body.get("seed", pub.seed))
    return JSONResponse({"fail_rate": pub.fail_rate, "seed": pub.seed})


async def profile(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "POST":
        body = await _body(request)
        if not isinstance(body, dict) or set(body) - {"profile", *OPTIONS}:
            raise invalid(f"profile ({', '.join(PROFILES)}) and/or options "
                          f"{', '.join(OPTIONS)}.")
        options = {k: x for k, x in body.items() if k != "profile"}
        if "profile" in body and body["profile"] not in PROFILES:
            raise invalid(f"profile: one of {', '.join(PROFILES)}.")
        base = PROFILES[body["profile"]] if "profile" in body else rt.profile
        rt.profile = base.with_options(**options)
    return JSONResponse(rt.profile.to_json())


async def plan(request: Request) -> Response:
    state = _rt(request).state
    if request.method == "POST":
        body = await _body(request)
        if not isinstance(body, dict) or set(body) - {"plan", "tiktok_virtual_subscription"}:
            raise invalid("plan and/or tiktok_virtual_subscription.")
        if "plan" in body:
            if body["plan"] not in PLANS:
                raise invalid(f"plan: one of {', '.join(PLANS)}.")
            state.plan = body["plan"]
        if "tiktok_virtual_subscription" in body:
            state.tiktok_virtual_subscription = bool(body["tiktok_virtual_subscription"])
    return JSONResponse({"plan": state.plan,
                         "tiktok_virtual_subscription": state.tiktok_virtual_subscription})


async def delete_errors(request: Request) -> Response:
    rt = _rt(request)
    body = await _body(request)
    ids = body.get("ids") if isinstance(body, dict) else None
    if not isinstance(ids, list):
        raise invalid('{"ids": [...]}')
    rt.delete_errors = {str(i) for i in ids}
    return JSONResponse({"ids": sorted(rt.delete_errors)})


async def force_post(request: Request) -> Response:
    rt = _rt(request)
    post = rt.state.posts.get(request.path_params["post_id"])
    if post is None:
        raise ApiError(404, "not_found", "Post not found.")
    body = await _body(request)
    if not isinstance(body, dict):
        raise invalid("an object of fields")
    post.update({k: x for k, x in body.items() if k != "id"})
    from .posts import render

    return JSONResponse(render(rt.state, rt, post))


async def dump_state(request: Request) -> Response:
    return JSONResponse(_rt(request).state.to_json())


ROUTES = [
    Route("/clock", clock, methods=["GET", "POST"]),
    Route("/tick", tick, methods=["POST"]),
    Route("/faults", faults, methods=["GET", "POST", "DELETE"]),
    Route("/outcomes", outcomes, methods=["GET", "POST", "DELETE"]),
    Route("/publisher", publisher, methods=["GET", "POST"]),
    Route("/profile", profile, methods=["GET", "POST"]),
    Route("/plan", plan, methods=["GET", "POST"]),
    Route("/delete_errors", delete_errors, methods=["POST"]),
    Route("/posts/{post_id}", force_post, methods=["POST"]),
    Route("/state", dump_state, methods=["GET"]),
]
