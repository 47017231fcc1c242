"""PATCH /posts/{postId}: the Edit Post page (seed 002), read strictly by default.

- only generated / pending_render posts ("Post Already Posted" otherwise)
- scheduledTime is a local wall time YYYY-MM-DDTHH:MM and needs timezone, one of the 11;
  the answer gives scheduledTime in UTC
- contentType (video | slides) and contentUrl come together; a video takes one URL string,
  slides an array of image URLs
- soundId: TikTok only; "If omitted the post will have no TikTok sound attached" (strict:
  exactly that; lenient: omitted keeps it, null removes it)
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .common import (WALL, WALL_SECONDS, body_of, check_content, check_zone,
                     local_to_utc, object_body, render, runtime)
from .errors import ApiError, JSONResponse, bad, missing, not_found
from .state import iso

FIELDS = frozenset({"caption", "scheduledTime", "timezone", "contentType", "contentUrl",
                    "soundId"})


async def patch(request: Request, post: dict[str, Any]) -> Response:
    from .posts import editable

    rt = runtime(request)
    profile, state = rt.profile, rt.state
    body = object_body(await body_of(request))
    if not editable(post, profile):
        raise ApiError(profile.already_posted_status, "post_already_posted",
                       "Post Already Posted")
    unknown = sorted(set(body) - FIELDS)
    if unknown and profile.unknown_fields_refused:
        raise bad("invalid_request", f"Unknown fields: {', '.join(unknown)}")
    update: dict[str, Any] = {}
    if "caption" in body:
        if not isinstance(body["caption"], str):
            raise bad("invalid_request", "caption must be a string")
        update["caption"] = body["caption"]
    if "scheduledTime" in body or "timezone" in body:
        if "timezone" not in body:
            raise missing("timezone")
        if "scheduledTime" not in body:
            raise missing("scheduledTime")
        text, zone = body["scheduledTime"], check_zone(body["timezone"])
        shape = WALL if profile.exact_wall_time else WALL_SECONDS
        if not isinstance(text, str) or not shape.fullmatch(text):
            raise bad("invalid_scheduled_time", "scheduledTime must be a local time like "
                      "2024-04-22T14:00")
        when = local_to_utc(text, zone, refuse_gap=profile.gap_time_refused)
        if when <= state.now():
            raise bad("invalid_scheduled_time", "scheduledTime must be in the future")
        update.update(scheduledTime=iso(when), timezone=zone)
    if "contentType" in body or "contentUrl" in body:
        if "contentType" not in body or "contentUrl" not in body:
            raise missing("contentType" if "contentType" not in body else "contentUrl")
        kinds = ("video", "slides") if profile.edit_slides_only else \
            ("video", "slides", "slideshow")
        kind = body["contentType"]
        if kind not in kinds:
            raise bad("invalid_content_type", f"contentType must be {' or '.join(kinds)}")
        content = check_content(kind == "video", body["contentUrl"],
                                "slides take an array of image URLs")
        update.update(contentType="video" if kind == "video" else "slideshow",
                      contentUrl=content)
        update["thumbnailUrl"] = (f"https://cdn.infinipost.test/thumbs/{post['postId']}-2.jpg"
                                  if kind == "video" else None)
    if "soundId" in body and body["soundId"] is not None:
        sound = body["soundId"]
        if post.get("platform") != "tiktok":
            if profile.sound_tiktok_only:
                raise bad("invalid_sound", "soundId is only applicable for TikTok posts")
        elif sound not in state.sounds:
            raise not_found(f"Sound {str(sound)[:40]}")
        else:
            update["soundId"] = sound
    elif "soundId" in body or profile.omitted_sound_removes:
        update["soundId"] = None
    post.update(update)
    rt.commit()
    return JSONResponse(render(post, edit=True, profile=profile))
