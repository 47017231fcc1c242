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
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashtui.sandbox_kit import control as kit

from .envelope import ApiError, JSONResponse, invalid
from .faults import parse_config
from .profile import OPTIONS, PROFILES
from .publisher import parse_outcomes
from .state import parse_time

PLANS = ("creator", "professional", "business", "scheduler", "none")


_rt = kit.runtime


async def _body(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except ValueError:
        raise ApiError(400, "invalid_json", "Request body is not valid JSON.") from None


def _when(value: Any) -> datetime:
    when = parse_time(value)
    if when is None or when.tzinfo is None:
        raise invalid("set: an ISO datetime with an offset.")
    return when


def _invalid(errors: Any) -> Exception:
    return invalid(json.dumps(errors))


async def clock(request: Request) -> Response:
    return await kit.clock(
        request, _body, JSONResponse, when=_when,
        seconds=kit.plain_seconds(lambda: invalid("advance: a number of seconds.")),
        reject=lambda: invalid('Send {"set": iso}, {"advance": seconds}, {"freeze": bool} or '
                               '{"reset": true}.'))


async def tick(request: Request) -> Response:
    return JSONResponse(kit.tick_json(_rt(request)))


async def faults(request: Request) -> Response:
    return JSONResponse(await kit.configure_faults(request, _body, parse_config, _invalid))


async def outcomes(request: Request) -> Response:
    return JSONResponse(await kit.configure_outcomes(request, _body, parse_outcomes, _invalid))


async def publisher(request: Request) -> Response:
    pub = _rt(request).publisher
    if request.method == "POST":
        return JSONResponse(kit.set_publisher(
            pub, await _body(request), reject_body=lambda: invalid("fail_rate and/or seed."),
            reject_rate=lambda: invalid("fail_rate: a number from 0 to 1.")))
    return JSONResponse(kit.publisher_json(pub))


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


ROUTES = kit.harness_routes(clock, tick, faults, outcomes, publisher, profile, force_post,
                            dump_state, Route("/plan", plan, methods=["GET", "POST"]),
                            Route("/delete_errors", delete_errors, methods=["POST"]))
