"""The scheduler service: /{platform}/scheduled_posts[/{post_id}] for the ten platforms
(reference 6)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import fields as f
from . import posts, rules
from .errors import ApiError, JSONResponse, invalid, not_found
from .library import check_brand
from .paging import page, read_limit_offset
from .profile import Profile, drop_read_only
from .schemas import schema_for
from .state import PLATFORMS, StoredPost

SORTS = ("TIMESTAMP", "-TIMESTAMP", "UPDATED_AT", "-UPDATED_AT")
# [U] whether scheduled-post lists paginate at all; a page is big enough for a month
DEFAULT_LIMIT, MAX_LIMIT = 500, 1000


async def read_json(request: Request) -> Any:
    """webargs' behaviour: an empty body is no data; a body that isn't JSON is a 400."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(400, errors={"json": ["Invalid JSON body."]}) from None


def _rt(request: Request) -> Any:
    return request.app.state.runtime


def _platform(request: Request) -> str:
    platform = request.path_params["platform"]
    if platform not in PLATFORMS:
        raise not_found(f"Unknown platform '{platform}'.")
    return platform


def _profile(request: Request) -> Profile:
    return request.app.state.runtime.profile


def _schema(request: Request, platform: str, *, create: bool) -> dict[str, f.Field]:
    profile = _profile(request)
    return schema_for(platform, create=create, whole_board=profile.whole_board_required)


async def _body(request: Request, platform: str) -> Any:
    body = await read_json(request)
    return body if _profile(request).read_only_refused else drop_read_only(platform, body)


def _find(request: Request, platform: str) -> StoredPost:
    raw = request.path_params["post_id"]
    post_id = int(raw) if raw.isdigit() and len(raw) < 19 else None
    stored = request.app.state.sandbox.posts.get(post_id) if post_id is not None else None
    # a post reached through another platform's path does not exist there
    if stored is None or stored.platform != platform:
        raise not_found(f"Scheduled post {raw} not found.")
    check_brand(request.app.state.sandbox, stored.data.get("brand_id"))
    return stored


def _media_v2(request: Request) -> bool:
    value = request.query_params.get("media_v2")
    if value is None:
        return False
    try:
        return f.Bool().load(value)
    except f.Invalid as exc:
        raise invalid("query", {"media_v2": exc.messages}) from None


def _problems(found: list[rules.Problem]) -> ApiError:
    errors: dict[str, Any] = {}
    for p in found:
        if isinstance(p.message, dict):
            errors[p.field] = p.message
        else:
            errors.setdefault(p.field, []).append(p.message)
    headlines = list(dict.fromkeys(p.headline for p in found if p.headline))
    return invalid("json", errors, "; ".join(headlines) or None)


async def list_posts(request: Request) -> Response:
    platform = _platform(request)
    state, q = request.app.state.sandbox, request.query_params
    errors: dict[str, Any] = {}
    raw_ids = [part.strip() for value in q.getlist("brand_ids") for part in value.split(",")]
    raw_ids = [p for p in raw_ids if p]
    brand_ids: list[int] = []
    profile = _profile(request)
    if not raw_ids:
        errors["brand_ids"] = [f.MISSING_MSG]
    elif len(raw_ids) > 1 and not profile.multi_brand_lists:
        # what a webargs Int field says to "144,2000": one brand per list call
        errors["brand_ids"] = ["Not a valid integer."]
        raw_ids = []
    for i, part in enumerate(raw_ids):
        try:
            brand_ids.append(f.Int(minimum=0).load(part))
        except f.Invalid as exc:
            errors.setdefault("brand_ids", {})[str(i)] = exc.messages
    window = {}
    for name in ("start", "end"):
        if q.get(name):
            window[name] = f.parse_datetime(q[name])
            if window[name] is None:
                errors[name] = ["Not a valid datetime."]
        elif profile.list_window_required:  # [U] GUIDE table B: "Required"
            errors[name] = [f.MISSING_MSG]
    if profile.media_v2_required:  # [U] table B: "Required. Must be set to true"
        if not q.get("media_v2"):
            errors["media_v2"] = [f.MISSING_MSG]
        elif q["media_v2"] not in f.TRUTHY:
            errors["media_v2"] = ["Must be true."]
    sort = q.get("sort") or "TIMESTAMP"
    if sort not in SORTS:
        errors["sort"] = [f"Must be one of: {', '.join(SORTS)}."]
    if errors:
        raise invalid("query", errors)
    limit, offset = read_limit_offset(q, default=DEFAULT_LIMIT, maximum=MAX_LIMIT)
    media_v2 = _media_v2(request)
    for brand in brand_ids:
        check_brand(state, brand)
    start, end = window.get("start"), window.get("end")
    wanted = set(brand_ids)
    found = []
    for stored in state.posts.values():
        data = stored.data
        if stored.platform != platform or data.get("brand_id") not in wanted:
            continue
        when = f.parse_datetime(data.get("timestamp") or "")
        if when is None:
            if start or end:  # [U] undated drafts only when no window is asked for
                continue
        elif (start and when < start) or (end and when > end):
            continue
        found.append((when, stored))
    key = sort.lstrip("-")
    if key == "TIMESTAMP":
        found.sort(key=lambda w: (w[0] is None, w[0].isoformat() if w[0] else "",
                                  w[1].data["id"]))
    else:
        found.sort(key=lambda w: (str(w[1].data.get("updated_at") or ""), w[1].data["id"]))
    if sort.startswith("-"):
        found.reverse()
    items = [posts.render(state, s, media_v2=media_v2) for _, s in found]
    return JSONResponse(page(items, limit, offset, request.url))


async def create_post(request: Request) -> Response:
    platform = _platform(request)
    rt, state = _rt(request), request.app.state.sandbox
    media_v2 = _media_v2(request)
    body = await _body(request, platform)
    data, errors = f.load(_schema(request, platform, create=True), body)
    if errors:
        raise invalid("json", errors)
    check_brand(state, data["brand_id"])
    now = state.now()
    provisional = state.next_post_id + 1
    post = posts.merge(platform, posts.blank(platform, provisional, now), data, now,
                       tick=rt.publisher.tick_no)
    dupes = data.get("duplicate_to_brand_ids") or []
    found = rules.check(platform, {**post, "duplicate_to_brand_ids": dupes}, state, now,
                        creating=True, sent=set(data),
                        any_status=not _profile(request).create_status_strict)
    if found:
        raise _problems(found)
    post_id = state.new_post_id()
    assert post_id == provisional
    stored = StoredPost(platform, post)
    state.posts[post_id] = stored
    posts.duplicate(state, platform, post, dupes, now, tick=rt.publisher.tick_no)
    rt.commit()
    # [U] 200 vs 201 undocumented: 201 Created, as flask-smorest apps usually declare
    return JSONResponse(posts.render(state, stored, media_v2=media_v2), 201)


async def get_post(request: Request) -> Response:
    platform = _platform(request)
    stored = _find(request, platform)
    return JSONResponse(posts.render(request.app.state.sandbox, stored,
                                     media_v2=_media_v2(request)))


async def patch_post(request: Request) -> Response:
    platform = _platform(request)
    rt, state = _rt(request), request.app.state.sandbox
    stored = _find(request, platform)
    media_v2 = _media_v2(request)
    body = await _body(request, platform)
    data, errors = f.load(_schema(request, platform, create=False), body, partial=True)
    if errors:
        raise invalid("json", errors)
    old = stored.data
    status = old.get("status")
    if status in posts.LOCKED:
        # [U] which statuses are editable: live, imported or mid-publish posts are not
        raise ApiError(422, f"Post {old['id']} is {status} and can no longer be edited.")
    if "brand_id" in data and data["brand_id"] != old.get("brand_id"):
        raise invalid("json", {"brand_id": ["A post cannot be moved to another brand."]})
    if not data:
        return JSONResponse(posts.render(state, stored, media_v2=media_v2))
    now = state.now()
    merged = posts.merge(platform, old, data, now, tick=rt.publisher.tick_no)
    dupes = data.get("duplicate_to_brand_ids") or []
    found = rules.check(platform, {**merged, "duplicate_to_brand_ids": dupes}, state, now,
                        creating=False, sent=set(data), old_status=status)
    if found:
        raise _problems(found)
    stored.data = merged
    posts.duplicate(state, platform, merged, dupes, now, tick=rt.publisher.tick_no)
    rt.commit()
    return JSONResponse(posts.render(state, stored, media_v2=media_v2))


async def delete_post(request: Request) -> Response:
    platform = _platform(request)
    rt, state = _rt(request), request.app.state.sandbox
    stored = _find(request, platform)
    if stored.data.get("status") == "AUTOPUBLISHING":
        raise ApiError(422, f"Post {stored.data['id']} is being published and cannot be "
                            "deleted now.")
    del state.posts[int(request.path_params["post_id"])]
    rt.commit()
    # [U] DELETE's status and body are undocumented. Assumption: 204 No Content, empty body
    # (flask-smorest's usual @blp.response(204)). Posted posts may be deleted: that removes
    # them from Dash, not from the network.
    return Response(status_code=204)


ROUTES = [
    Route("/{platform}/scheduled_posts", list_posts, methods=["GET"]),
    Route("/{platform}/scheduled_posts", create_post, methods=["POST"]),
    Route("/{platform}/scheduled_posts/{post_id}", get_post, methods=["GET"]),
    Route("/{platform}/scheduled_posts/{post_id}", patch_post, methods=["PATCH"]),
    Route("/{platform}/scheduled_posts/{post_id}", delete_post, methods=["DELETE"]),
]
