"""/_sandbox/*: the test harness's handles on the sandbox. Not part of Dash. Same bearer
token as the API; never rate limited or faulted.

  GET  /_sandbox/clock                 -> {"now", "frozen", "offset_seconds"}
  POST /_sandbox/clock                 {"set": iso[, "freeze": false]} | {"advance": seconds}
                                       | {"freeze": bool} | {"reset": true}
                                       -> clock + {"transitions": [...]} (publisher ran)
  POST /_sandbox/tick                  run the publisher now -> {"now", "transitions"}
  GET|POST|DELETE /_sandbox/faults     read / replace / clear the fault rules (faults.py)
  GET|POST|DELETE /_sandbox/outcomes   forced publish outcomes: {"<post_id>": {"status":
                                       "POSTED"|"FAILED"|"PARTIALLY_FAILED", "error"?,
                                       "live_post_url"?, "sticky"?}} (POST adds)
  GET|POST /_sandbox/publisher         {"fail_rate": 0..1, "seed": int}
  POST /_sandbox/ratelimit             {"limit": n} (also resets the windows)
  GET|POST /_sandbox/profile           {"profile": "strict"|"lenient"[, option: bool ...]}
                                       (options of profile.py, e.g. "multi_brand_lists")
  POST /_sandbox/posts/{id}            merge raw fields into a stored post, no validation
                                       (e.g. {"approval_status": "APPROVED"} or a status
                                       the API won't let you set) -> the post
  GET  /_sandbox/state                 the whole state as persisted
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashtui.sandbox_kit import control as kit

from . import fields as f
from . import posts
from .errors import JSONResponse, invalid, not_found
from .faults import parse_config
from .profile import OPTIONS, PROFILES
from .publisher import parse_outcomes
from .scheduler import read_json


_rt = kit.runtime


def _when(value: Any) -> datetime:
    when = f.parse_datetime(value)
    if when is None:
        raise invalid("json", {"set": ["Not a valid datetime."]})
    return when


def _seconds(value: Any) -> float:
    try:
        return f.Number().load(value)
    except f.Invalid as exc:
        raise invalid("json", {"advance": exc.messages}) from None


def _invalid(errors: Any) -> Exception:
    return invalid("json", errors)


async def clock(request: Request) -> Response:
    return await kit.clock(request, read_json, JSONResponse, when=_when, seconds=_seconds,
                           reject=lambda: invalid("json", {"_schema": [
                               'Send {"set": iso}, {"advance": seconds}, {"freeze": bool} '
                               'or {"reset": true}.']}))


async def tick(request: Request) -> Response:
    return JSONResponse(kit.tick_json(_rt(request)))


async def faults(request: Request) -> Response:
    return JSONResponse(await kit.configure_faults(request, read_json, parse_config, _invalid))


async def outcomes(request: Request) -> Response:
    done = await kit.configure_outcomes(request, read_json, parse_outcomes, _invalid)
    return JSONResponse({str(k): v for k, v in done.items()})


async def publisher(request: Request) -> Response:
    pub = _rt(request).publisher
    if request.method == "POST":
        body = await read_json(request)
        schema = {"fail_rate": f.Number(minimum=0, maximum=1), "seed": f.Int()}
        data, errors = f.load(schema, body)
        if errors:
            raise invalid("json", errors)
        pub.fail_rate = data.get("fail_rate", pub.fail_rate)
        pub.seed = data.get("seed", pub.seed)
    return JSONResponse({"fail_rate": pub.fail_rate, "seed": pub.seed})


async def ratelimit(request: Request) -> Response:
    limiter = _rt(request).limiter
    data, errors = f.load({"limit": f.Int(minimum=0)}, await read_json(request))
    if errors:
        raise invalid("json", errors)
    limiter.limit = data.get("limit", limiter.limit)
    limiter.windows.clear()
    return JSONResponse({"limit": limiter.limit})


async def profile(request: Request) -> Response:
    rt = _rt(request)
    if request.method == "POST":
        schema: dict[str, f.Field] = {"profile": f.Enum(tuple(PROFILES))}
        schema.update({name: f.Bool() for name in OPTIONS})
        data, errors = f.load(schema, await read_json(request))
        if errors:
            raise invalid("json", errors)
        base = PROFILES[data.pop("profile")] if "profile" in data else rt.profile
        rt.profile = base.with_options(**data)
    return JSONResponse(rt.profile.to_json())


async def force_post(request: Request) -> Response:
    rt = _rt(request)
    raw = request.path_params["post_id"]
    stored = rt.state.posts.get(int(raw)) if raw.isdigit() else None
    if stored is None:
        raise not_found(f"Post {raw} not found.")
    body = await read_json(request)
    if not isinstance(body, dict):
        raise invalid("json", {"_schema": ["Invalid input type."]})
    stored.data.update({k: v for k, v in body.items() if k != "id"})
    stored.data["updated_at"] = posts.bump(stored.data.get("updated_at"), rt.state.now())
    rt.commit()
    return JSONResponse(posts.render(rt.state, stored, media_v2=True))


async def dump_state(request: Request) -> Response:
    return JSONResponse(_rt(request).state.to_json())


ROUTES = kit.harness_routes(clock, tick, faults, outcomes, publisher, profile, force_post,
                            dump_state, Route("/ratelimit", ratelimit, methods=["POST"]))
