"""The documented limits of a post (seed 004 "Limits", peers.md 2.1-2.3), as the server
would enforce them: caption per target, text-only, video and slideshow, music, TikTok and
Pinterest settings, provider settings, accounts 1-10, scheduled_at."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from .envelope import ApiError, failed, invalid
from .profile import Profile
from .state import State, parse_time, stamp

PROVIDERS = ("x", "instagram", "facebook", "linkedin", "bluesky", "youtube")
CREATE_FIELDS = {"caption", "accounts", "media", "scheduled_at", "external_id", "music_url",
                 "settings", "tiktok", "pinterest", "status"}
PATCH_FIELDS = CREATE_FIELDS - {"status"}
HOSTED = 500
BYO = {"facebook": 63_206, "instagram": 2_200, "tiktok": 2_200, "linkedin": 3_000,
       "pinterest": 800, "youtube": 5_000}
TIKTOK_PHOTO = 4_000
VIDEO_EXT = (".mp4", ".mov", ".m4v", ".avi")
IMAGE_EXT = (".jpg", ".jpeg", ".png")
MB = 1024 * 1024
NOW_WINDOW = timedelta(seconds=30)
MIN_LEAD = timedelta(minutes=2)
MUSIC = re.compile(r"^https://(www\.)?tiktok\.com/@[\w.\-]+/video/\d+/?(\?.*)?$")
URL = re.compile(r"https?://\S+")


def load_json(raw: bytes) -> Any:
    try:
        return json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "invalid_json", "Request body is not valid JSON.") from None


def check_fields(body: Any, allowed: set[str], profile: Profile) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object.")
    unknown = sorted(set(body) - allowed)
    if unknown and profile.reject_unknown_fields:
        raise invalid(f"Unknown field(s): {', '.join(unknown)}.", unknown[0])
    return {k: v for k, v in body.items() if k in allowed}


def resolve_accounts(state: State, items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or any(
            not isinstance(i, dict) or not isinstance(i.get("id"), str) for i in items):
        raise invalid("accounts must be an array of {\"id\": \"<uuid>\"} objects.", "accounts")
    ids = list(dict.fromkeys(i["id"] for i in items))
    if len(ids) > 10:
        raise invalid("accounts accepts at most 10 accounts.", "accounts")
    if not ids:
        raise ApiError(400, "missing_accounts", "At least one account is required.",
                       [{"field": "accounts", "message": "empty"}])
    unknown = [i for i in ids if i not in state.accounts]
    if unknown:
        raise ApiError(400, "unknown_accounts", "One or more accounts are outside the "
                       f"authenticated key scope: {', '.join(unknown)}.",
                       [{"field": "accounts", "message": f"unknown: {', '.join(unknown)}"}])
    usable = [state.accounts[i] for i in ids if state.accounts[i].get("status") == "active"]
    # [infer] disconnected accounts are dropped ("resolved account list ... after
    # validation"); a create or edit that keeps others says so in `warnings`
    if not usable:
        raise ApiError(400, "missing_accounts", "Resolved account list is empty after "
                       "validation (every account is disconnected).",
                       [{"field": "accounts", "message": "no active account"}])
    return usable


def parse_schedule(value: Any, now: datetime, profile: Profile) -> str | None:
    """The stored scheduled_at for a requested one; None = publish now (pending)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid("scheduled_at must be an ISO 8601 string or null.", "scheduled_at")
    when = parse_time(value)
    if when is None:
        raise invalid("scheduled_at is not an ISO 8601 datetime.", "scheduled_at")
    if when.tzinfo is None:
        if not profile.naive_times_utc:
            raise invalid("scheduled_at needs a timezone offset.", "scheduled_at")
        when = when.replace(tzinfo=timezone.utc)
    if abs(when - now) <= NOW_WINDOW:
        return None
    if when < now + MIN_LEAD:
        raise failed("scheduled_at must be at least 2 minutes in the future.", "scheduled_at")
    return stamp(when)


def _x_length(text: str) -> int:
    return len(URL.sub("x" * 23, text))


def caption_limits(caption: str, accounts: list[dict[str, Any]], media: Any,
                   pinterest: Any) -> None:
    kind = media.get("type") if isinstance(media, dict) else None
    tags = pinterest.get("tags") if isinstance(pinterest, dict) else None
    tag_len = sum(len(str(t)) + 2 for t in tags) if isinstance(tags, list) else 0
    for a in accounts:
        platform = a.get("platform")
        name = a.get("username") or a["id"]
        if a.get("type") == "hosted":
            limit, used = HOSTED, len(caption)
        elif platform in BYO:
            limit = TIKTOK_PHOTO if platform == "tiktok" and kind == "slideshow" else \
                BYO[platform]
            used = len(caption.encode()) if platform == "youtube" else len(caption)
            if platform == "pinterest":
                used += tag_len
        else:
            limit = (a.get("capabilities") or {}).get("caption_limit") or 0
            used = _x_length(caption) if platform == "x" else len(caption)
            if not limit:
                continue
        if used > limit:
            unit = "bytes" if platform == "youtube" and a.get("type") != "hosted" else \
                "characters"
            raise failed(f"Caption is too long for {platform} account {name}: {used} "
                         f"{unit}, limit {limit}.", "caption")


def check_media(media: Any, accounts: list[dict[str, Any]]) -> list[dict[str, str]]:
    warnings: list[dict[str, str]] = []
    if media is None:
        refusing = [a for a in accounts
                    if not (a.get("capabilities") or {}).get("text_only")]
        if refusing:
            names = ", ".join(a.get("username") or a["id"] for a in refusing)
            raise failed(f"Text-only posts need every account to support text_only; {names} "
                         "requires media.", "media")
        return warnings
    if not isinstance(media, dict) or media.get("type") not in ("video", "slideshow"):
        raise invalid("media.type must be video or slideshow (or media null).", "media")
    if media["type"] == "video":
        url = media.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise invalid("media.url must be an http(s) URL.", "media.url")
        _reachable(url)
        if not url.lower().split("?")[0].endswith(VIDEO_EXT):
            raise failed("Video must be MP4, MOV, M4V or AVI.", "media.url")
        size, duration = media.get("size_bytes"), media.get("duration_seconds")
        if isinstance(size, (int, float)) and size >= 100 * MB:
            raise failed("Video must be under 100MB.", "media.size_bytes")
        if isinstance(duration, (int, float)):
            if not 15 <= duration <= 60:
                raise failed(f"Video duration {duration:g}s is outside 15-60 seconds.",
                             "media.duration_seconds")
        else:
            warnings.append({"field": "media", "message": "Video duration metadata is "
                             "missing; duration limits could not be checked",
                             "code": "VIDEO_DURATION_MISSING"})
        if not isinstance(size, (int, float)):
            warnings.append({"field": "media", "message": "Video size metadata is missing",
                             "code": "VIDEO_METADATA_MISSING"})
        return warnings
    images = media.get("images")
    if not isinstance(images, list) or not 1 <= len(images) <= 35:
        raise failed("A slideshow needs 1-35 images.", "media.images")
    for image in images:
        url = image.get("url") if isinstance(image, dict) else image
        if not isinstance(url, str):
            raise invalid("Each slideshow image needs a url.", "media.images")
        _reachable(url)
        if not url.lower().split("?")[0].endswith(IMAGE_EXT):
            raise failed("Slideshow images must be JPG, JPEG or PNG.", "media.images")
        size = image.get("size_bytes") if isinstance(image, dict) else None
        if isinstance(size, (int, float)) and size >= 5 * MB:
            raise failed("Each slideshow image must be under 5MB.", "media.images")
    return warnings


def _reachable(url: str) -> None:
    host = url.split("/")[2] if url.count("/") >= 2 else ""
    if host.endswith(".invalid") or "unreachable" in url:
        raise ApiError(400, "media_unreachable", f"Media URL could not be fetched: {url}",
                       [{"field": "media", "message": "unreachable"}])


def check_music(music: Any, accounts: list[dict[str, Any]], profile: Profile) -> None:
    if music is None:
        return
    if not isinstance(music, str):
        raise invalid("music_url must be a string or null.", "music_url")
    platforms = {a.get("platform") for a in accounts}
    if "instagram" in platforms:
        raise failed("music_url is not supported when an Instagram account is selected.",
                     "music_url")
    if profile.music_tiktok_only and platforms != {"tiktok"}:
        raise failed("music_url is TikTok-only.", "music_url")
    if "unreachable" in music:
        raise ApiError(400, "media_unreachable", "Music URL could not be fetched.",
                       [{"field": "music_url", "message": "unreachable"}])
    if not MUSIC.match(music):
        raise ApiError(400, "invalid_music_url", "music_url must be a TikTok post URL.",
                       [{"field": "music_url", "message": "not a TikTok post URL"}])


def check_settings(body: dict[str, Any], accounts: list[dict[str, Any]], media: Any,
                   caption: str, profile: Profile) -> None:
    platforms = {a.get("platform") for a in accounts}
    settings = body.get("settings")
    if settings is not None:
        if not isinstance(settings, dict):
            raise invalid("settings must be an object keyed by provider.", "settings")
        for key, value in settings.items():
            if key not in PROVIDERS:
                raise invalid(f"Unknown provider key settings.{key} (tiktok and pinterest "
                              "go top level).", f"settings.{key}")
            if not isinstance(value, dict):
                raise invalid(f"settings.{key} must be an object.", f"settings.{key}")
            if profile.settings_need_provider and key not in platforms:
                raise invalid(f"settings.{key} given but no {key} account is selected.",
                              f"settings.{key}")
    tiktok = body.get("tiktok")
    if tiktok is not None:
        if not isinstance(tiktok, dict):
            raise invalid("tiktok must be an object or null.", "tiktok")
        if any(a.get("platform") != "tiktok" or a.get("type") != "byo" for a in accounts):
            raise failed("TikTok settings are supported only when every account is a TikTok "
                         "BYO account.", "tiktok")
        kind = media.get("type") if isinstance(media, dict) else None
        if tiktok.get("post_mode") == "MEDIA_UPLOAD" and kind != "slideshow":
            raise failed("tiktok.post_mode MEDIA_UPLOAD is supported only for slideshows.",
                         "tiktok.post_mode")
        if "video_cover_timestamp_ms" in tiktok and (
                kind != "video" or tiktok.get("post_mode") == "MEDIA_UPLOAD"):
            raise failed("tiktok.video_cover_timestamp_ms is for video DIRECT_POST only.",
                         "tiktok.video_cover_timestamp_ms")
    pin = body.get("pinterest")
    if pin is not None:
        if not isinstance(pin, dict):
            raise invalid("pinterest must be an object or null.", "pinterest")
        if "pinterest" not in platforms:
            raise failed("Pinterest settings need at least one Pinterest account.",
                         "pinterest")
        tags = pin.get("tags")
        if tags is not None:
            if not isinstance(tags, list) or len(tags) > 30 or any(
                    not isinstance(t, str) or not 1 <= len(t) <= 100 for t in tags):
                raise failed("pinterest.tags takes up to 30 tags of 1-100 characters.",
                             "pinterest.tags")


def check_post(state: State, profile: Profile, post: dict[str, Any],
               accounts: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Every limit against a whole post (a create, or a stored post with a PATCH applied);
    the warnings of a success."""
    caption = post.get("caption")
    if not isinstance(caption, str) or not caption.strip():
        raise invalid("caption is required.", "caption")
    if any(a.get("platform") == "tiktok" and a.get("type") == "hosted" for a in accounts) \
            and not state.tiktok_virtual_subscription:
        raise ApiError(403, "subscription_required", "Hosted TikTok posting needs an active "
                       "TikTok virtual subscription.")
    external = post.get("external_id")
    if external is not None and (not isinstance(external, str) or not 1 <= len(external)
                                 <= 128):
        raise invalid("external_id must be a string of at most 128 characters.",
                      "external_id")
    warnings = check_media(post.get("media"), accounts)
    check_music(post.get("music_url"), accounts, profile)
    check_settings(post, accounts, post.get("media"), caption, profile)
    caption_limits(caption, accounts, post.get("media"), post.get("pinterest"))
    return warnings
