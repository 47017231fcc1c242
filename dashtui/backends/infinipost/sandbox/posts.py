"""POST /posts, /posts/video, /posts/slideshow; GET /posts, /posts/{id}; DELETE /posts
(peers.md 3.1). One post record is made per account: a create answers `{"posts": [...]}`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import edit
from .catalog import account_for, page
from .common import (body_of, check_content, create_time, object_body, render,
                     runtime, token_of)
from .errors import JSONResponse, bad, missing, not_found
from .state import EDITABLE, iso

SLIDE_DURATIONS = (4, 6, 8)
CONTENT_TYPES = {"video": "video", "slideshow": "slideshow", "slides": "slideshow"}


def visible_post(request: Request, post_id: str) -> dict[str, Any]:
    rt = runtime(request)
    post = rt.state.posts.get(post_id)
    if post is None or post.get("accountId") not in rt.state.reachable(token_of(request)):
        raise not_found("Post")
    return post


def _accounts(request: Request, body: dict[str, Any]) -> list[dict[str, Any]]:
    ids = body.get("accountIds")
    if ids is None and body.get("accountId") is not None:
        ids = [body["accountId"]]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise bad("invalid_request", "accountIds must be an array of account ids")
    return [account_for(request, i) for i in dict.fromkeys(ids)]


def _sound(rt: Any, body: dict[str, Any], accounts: list[dict[str, Any]]) -> str | None:
    sound = body.get("soundId")
    if sound is None and body.get("soundUrl") is not None:  # the generic create's way
        url = body["soundUrl"]
        if not isinstance(url, str) or "tiktok.com/" not in url:
            raise bad("invalid_url", "soundUrl must be a TikTok video URL")
        sound = rt.state.new_id("snd")
        rt.state.sounds[sound] = {"soundId": sound, "name": "Sound from URL", "soundUrl": url,
                                  "duration": 15, "createdAt": iso(rt.state.now())}
        return sound
    if sound is None:
        return None
    if sound not in rt.state.sounds:
        raise not_found(f"Sound {str(sound)[:40]}")
    if any(a["platform"] != "tiktok" for a in accounts):
        if rt.profile.sound_tiktok_only:
            raise bad("invalid_sound", "soundId is only applicable for TikTok posts")
        return None
    return sound


async def _create(request: Request, kind: str | None) -> Response:
    rt = runtime(request)
    state, profile = rt.state, rt.profile
    body = object_body(await body_of(request))
    url_key = "contentUrls" if kind == "slideshow" else "contentUrl"
    need = ["accountIds"] if not (body.get("accountIds") or body.get("accountId")) else []
    if kind is None and not body.get("contentType"):
        need.append("contentType")
    if body.get(url_key) in (None, "", []):
        need.append(url_key)
    if need:
        raise missing(*need)
    accounts = _accounts(request, body)
    content_type = kind or CONTENT_TYPES.get(str(body["contentType"]))
    if content_type is None or body.get("contentType") == "slides":
        raise bad("invalid_content_type", "contentType must be video or slideshow")
    content = check_content(content_type == "video", body[url_key],
                            "a slideshow takes an array of image URLs")
    caption = body.get("caption", "")
    if not isinstance(caption, str):
        raise bad("invalid_request", "caption must be a string")
    duration = body.get("slideDuration")
    if duration is not None and (isinstance(duration, bool) or duration not in SLIDE_DURATIONS):
        raise bad("invalid_slide_duration", "slideDuration must be 4, 6 or 8")
    when, zone = create_time(body, state.now(), profile)
    sound = _sound(rt, body, accounts)
    render_video = body.get("renderAsVideo") is True
    made = []
    for account in accounts:
        pid = state.new_id("post")
        post = {
            "postId": pid, "accountId": account["accountId"], "platform": account["platform"],
            "contentType": content_type, "contentUrl": content,
            "thumbnailUrl": f"https://cdn.infinipost.test/thumbs/{pid}.jpg"
            if content_type == "video" else None,
            "caption": caption, "soundId": sound if account["platform"] == "tiktok" else None,
            "timezone": zone, "scheduledTime": iso(when),
            "status": "pending_render" if render_video else profile.new_status,
            "postedAt": None, "createdAt": iso(state.now()),
        }
        if content_type == "slideshow":
            post["slideDuration"] = duration or 4
            post["renderAsVideo"] = render_video
        state.posts[pid] = post
        made.append(render(post))
    rt.commit()
    return JSONResponse({"posts": made}, 201)


async def create_generic(request: Request) -> Response:
    return await _create(request, None)


async def create_video(request: Request) -> Response:
    return await _create(request, "video")


async def create_slideshow(request: Request) -> Response:
    return await _create(request, "slideshow")


async def posts(request: Request) -> Response:
    if request.method == "POST":
        return await create_generic(request)
    if request.method == "DELETE":
        return await delete_many(request)
    rt = runtime(request)
    reachable = set(rt.state.reachable(token_of(request)))
    q = request.query_params
    kind = CONTENT_TYPES.get(q["contentType"], q["contentType"]) if "contentType" in q else None
    items = [p for p in rt.state.posts.values() if p.get("accountId") in reachable
             and ("status" not in q or p.get("status") == q["status"])
             and ("platform" not in q or p.get("platform") == q["platform"])
             and (kind is None or p.get("contentType") == kind)
             and ("accountId" not in q or p.get("accountId") == q["accountId"])]
    return JSONResponse(page(request, [render(p) for p in items], "postId", "posts"))


async def one_post(request: Request) -> Response:
    if request.method == "PATCH":
        return await edit.patch(request, visible_post(request, request.path_params["post_id"]))
    return JSONResponse(render(visible_post(request, request.path_params["post_id"])))


def editable(post: dict[str, Any], profile: Any) -> bool:
    status = post.get("status")
    return status in EDITABLE or (status == "scheduled" and not profile.scheduled_locked)


async def delete_many(request: Request) -> Response:
    rt = runtime(request)
    body = object_body(await body_of(request))
    ids = body.get("postIds")
    if not ids:
        raise missing("postIds")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise bad("invalid_request", "postIds must be an array of post ids")
    reachable = set(rt.state.reachable(token_of(request)))
    deleted, failed = [], []
    for pid in dict.fromkeys(ids):
        post = rt.state.posts.get(pid)
        if post is None or post.get("accountId") not in reachable:
            failed.append({"id": pid, "reason": "Post not found"})
        elif not editable(post, rt.profile):
            failed.append({"id": pid, "reason": "Post Already Posted"})
        else:
            del rt.state.posts[pid]
            deleted.append(pid)
    rt.commit()
    return JSONResponse({"deleted": deleted, "failed": failed,
                         "deletedAt": iso(rt.state.now())})


ROUTES = [
    Route("/posts", posts, methods=["GET", "POST", "DELETE"]),
    Route("/posts/video", create_video, methods=["POST"]),
    Route("/posts/slideshow", create_slideshow, methods=["POST"]),
    Route("/posts/{post_id}", one_post, methods=["GET", "PATCH"]),
]
