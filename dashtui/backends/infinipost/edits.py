"""Domain changes -> Infinipost's PATCH body, domain create bodies -> its create calls, and
the notes (`warnings`) an answer that differs from the ask gets.

The PATCH rules (seed 002, peers.md 3.2): `scheduledTime` is a local wall time with a
`timezone` from the 11 (localtime.py); `contentType` and `contentUrl` go together; an omitted
`soundId` means NO sound, so every PATCH of a TikTok post re-sends the sound it has (or the
one the change picks); removing the sound sends `soundId: null`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from ...domain.platforms import spec
from ...domain.posts import Post
from ...domain.timeutil import parse_stamp
from ...errors import ValidationError
from . import convert as cv
from .localtime import ZONES, AmbiguousTime, same_minute, to_wall

#: domain wire names update_post accepts (plus the platform's caption field)
EDITABLE = frozenset({"timestamp", "timezone", "content_type", "content_urls", "sound_id"})


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, field_errors={field: [message]})


def parse_instant(value: Any, field: str = "timestamp") -> datetime | None:
    if value is None or value == "":
        return None
    when = parse_stamp(value if isinstance(value, datetime) else str(value), naive="utc")
    if when is None:
        raise _invalid(field, f"{str(value)[:40]!r} is not a date and time.")
    return when


def wall_time(instant: datetime, zone: Any) -> str:
    if zone not in ZONES:
        shown = "no time zone" if zone is None else f"the time zone {zone!r}"
        raise _invalid("timezone", f"This post has {shown}; Infinipost needs one of its 11 "
                       f"to take a time: {', '.join(ZONES)}. Pick one.")
    try:
        return to_wall(instant, zone)
    except AmbiguousTime as exc:
        raise _invalid("timestamp", f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None


def content_fields(kind: Any, urls: Any, *, patch: bool) -> dict[str, Any]:
    """contentType + contentUrl, always together. The Edit page spells a slideshow
    `slides`, the create pages `slideshow`."""
    kind = cv.content_type(kind)
    urls = cv.content_urls(urls)
    if kind == cv.VIDEO:
        if len(urls) != 1:
            raise _invalid("content_urls", f"A video post takes exactly one URL, not "
                           f"{len(urls)}.")
        return {"contentType": "video", "contentUrl": urls[0]}
    if kind == cv.SLIDESHOW:
        if not urls:
            raise _invalid("content_urls", "A slideshow needs at least one image URL.")
        return {"contentType": "slides" if patch else "slideshow", "contentUrl": urls}
    if kind is None:
        raise _invalid("content_type", "Choose the content: a video or a slideshow.")
    raise _invalid("content_type", f"Infinipost posts a video or a slideshow, not {kind!r}.")


def patch_body(platform: str, current: Mapping[str, Any], changes: Mapping[str, Any]
               ) -> tuple[dict[str, Any], datetime | None]:
    """The PATCH body for `changes` to the post Infinipost holds as `current` (its raw
    JSON), and the instant asked for when the time is sent (to check the answer)."""
    caption_field = spec(platform).caption_field
    refused = sorted(set(changes) - EDITABLE - {caption_field})
    if refused:
        raise ValidationError(
            f"Infinipost can't change {', '.join(refused)} of a post; only its caption, time, "
            "time zone, content and sound.",
            field_errors={f: ["Infinipost has no way to change this."] for f in refused})
    body: dict[str, Any] = {}
    if caption_field in changes:
        body["caption"] = changes[caption_field] or ""
    asked: datetime | None = None
    if "timestamp" in changes or "timezone" in changes:
        zone = changes["timezone"] if "timezone" in changes else current.get("timezone")
        if "timestamp" in changes:
            asked = parse_instant(changes["timestamp"])
        else:
            asked = parse_instant(current.get("scheduledTime"))
        if asked is None:
            raise _invalid("timestamp", "Infinipost has no unscheduled posts: give the post "
                           "a date and time.")
        body["scheduledTime"] = wall_time(asked, zone)
        body["timezone"] = zone
    if "content_type" in changes or "content_urls" in changes:
        kind = changes.get("content_type", current.get("contentType"))
        urls = changes.get("content_urls", current.get("contentUrl"))
        body.update(content_fields(kind, urls, patch=True))
    if platform == "tiktok":
        sound = changes["sound_id"] if "sound_id" in changes else current.get("soundId")
        if sound not in (None, ""):
            body["soundId"] = sound  # omitted would strip the sound (seed 002)
        elif "sound_id" in changes:
            # removing it: an explicit null, which means "no sound" under either reading
            # of the docs (omitted = none; or omitted = unchanged, null = none)
            body["soundId"] = None
    elif changes.get("sound_id"):
        raise _invalid("sound_id", "Sounds are TikTok only; an Instagram post can't have one.")
    return body, asked


def create_call(platform: str, data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """(path, body) creating the domain post `data` on its one account."""
    account = cv.account_of(data)
    if account is None:
        raise _invalid("account_id", "Pick the Infinipost account this post goes to.")
    caption = data.get(spec(platform).caption_field) or ""
    urls = cv.content_urls(data.get("content_urls"))
    kind = cv.content_type(data.get("content_type")) or (cv.VIDEO if len(urls) == 1 else None)
    content = content_fields(kind, urls, patch=False)
    body: dict[str, Any] = {"accountIds": [account], "caption": caption}
    when = parse_instant(data.get("timestamp"))
    zone = data.get("timezone")
    if when is not None:
        if zone is not None:
            body["scheduledTime"], body["timezone"] = wall_time(when, zone), zone
        else:
            body["scheduledTime"] = when.astimezone(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ")
    elif zone is not None:
        wall_time(datetime.now(timezone.utc), zone)  # refuses a zone outside the 11
        body["timezone"] = zone
    if data.get("slide_duration") is not None:
        body["slideDuration"] = data["slide_duration"]
    sound = data.get("sound_id")
    if not sound:  # the generic endpoint takes no soundId
        return "/posts", {**body, **content}
    if platform != "tiktok":
        raise _invalid("sound_id", "Sounds are TikTok only; an Instagram post can't have one.")
    body["soundId"] = sound
    if content["contentType"] == "video":
        return "/posts/video", {**body, "contentUrl": content["contentUrl"]}
    return "/posts/slideshow", {**body, "contentUrls": content["contentUrl"]}


def warn(post: Post, field: str, code: str, message: str) -> None:
    """A note on the latest write, shown by the UI (`warnings` extra)."""
    post.set("warnings", [*(post.get("warnings") or []),
                          {"field": field, "code": code, "message": message}])


def warn_time(post: Post, asked: datetime | None) -> None:
    """Infinipost answers in UTC: a time other than the one asked (to the minute) is said."""
    if asked is None or post.timestamp is None:
        return
    if not same_minute(post.timestamp, asked.replace(second=0, microsecond=0)):
        warn(post, "timestamp", "timestamp.shifted",
             f"Infinipost scheduled it for {post.timestamp:%Y-%m-%d %H:%M} UTC, not "
             f"{asked:%Y-%m-%d %H:%M} UTC as asked.")


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        when = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return when.astimezone(timezone.utc).isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
