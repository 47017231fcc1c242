"""What every route shares: the runtime behind a request, the body, the key, validation of
URLs, times and zones, and rendering a stored post."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from starlette.requests import Request

from .errors import bad, missing
from .state import ZONES

WALL = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
WALL_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?")


def runtime(request: Request) -> Any:
    return request.app.state.runtime


def token_of(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth[:7].lower() == "bearer " else ""


async def body_of(request: Request) -> Any:
    raw = await request.body()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise bad("invalid_request", "Request body is not valid JSON") from None


def object_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("invalid_request", "Request body must be a JSON object")
    return body


def check_url(url: Any) -> str:
    if not isinstance(url, str):
        raise bad("invalid_url", "Content URLs must be strings")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace()
                                                                      for c in url):
        raise bad("invalid_url", f"Invalid URL: {url[:80]}")
    return url


def check_zone(zone: Any) -> str:
    if zone not in ZONES:
        raise bad("invalid_timezone", f"Unsupported timezone {str(zone)[:40]!r}; use one of "
                  + ", ".join(ZONES))
    return zone


def local_to_utc(text: str, zone: str, *, refuse_gap: bool) -> datetime:
    """A wall time in a zone as UTC: a repeated time reads as its first occurrence; a time
    the clocks skip is refused (strict) or read with the offset before the change."""
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise bad("invalid_scheduled_time", f"Invalid scheduledTime {text[:40]!r}") from None
    tz = ZoneInfo(zone)
    local = naive.replace(tzinfo=tz, fold=0)
    back = local.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    if back != naive and refuse_gap:
        raise bad("invalid_scheduled_time", f"{text} does not exist in {zone} (the clocks "
                  "skip it)")
    return local.astimezone(timezone.utc)


def create_time(body: dict[str, Any], now: datetime, profile: Any) -> tuple[datetime, str]:
    """(scheduled instant, zone) of a create: ISO with an offset, or local + timezone;
    omitted = now."""
    text, zone = body.get("scheduledTime"), body.get("timezone")
    if zone is not None:
        check_zone(zone)
    if text is None:
        return now, zone or "UTC"
    if not isinstance(text, str):
        raise bad("invalid_scheduled_time", "scheduledTime must be a string")
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad("invalid_scheduled_time", f"Invalid scheduledTime {text[:40]!r}") from None
    if parsed.tzinfo is not None:
        return parsed.astimezone(timezone.utc), zone or "UTC"
    if zone is None:
        raise missing("timezone")
    return local_to_utc(text, zone, refuse_gap=profile.gap_time_refused), zone


def render(post: dict[str, Any], *, edit: bool = False, profile: Any = None) -> dict[str, Any]:
    out = dict(post)
    if edit and profile is not None and profile.edit_slides_only and \
            out.get("contentType") == "slideshow":
        out["contentType"] = "slides"  # the Edit page's Response says `video` or `slides`
    return out


def check_content(is_video: bool, content: Any, list_message: str) -> Any:
    """contentUrl: one URL string for a video, else a non-empty list of image URLs
    (`list_message` says so when it is not)."""
    if is_video:
        if not isinstance(content, str):
            raise bad("invalid_content", "contentUrl must be one URL string for a video")
        check_url(content)
        return content
    if not isinstance(content, list) or not content:
        raise bad("invalid_content", list_message)
    return [check_url(u) for u in content]
