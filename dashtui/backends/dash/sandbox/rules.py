"""Business rules the scheduler applies after the schema (reference 5, 7, 9, 14), run on the
post as it would be stored: the create body, or the stored post with a PATCH merged in.

Each problem names a field (for `errors.json`) and a headline (for `message`): the guide's
"Common Errors" are headlines ("Invalid media_id", "Unsupported media type", ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .fields import MISSING_MSG, parse_datetime
from .library import media_kind

NAMES = {"instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok",
         "twitter": "X", "threads": "Threads", "linkedin": "LinkedIn", "youtube": "YouTube",
         "snapchat": "Snapchat", "pinterest": "Pinterest", "bluesky": "Bluesky"}
SENDABLE = ("AUTOPUBLISHING", "SCHEDULED", "DRAFT")  # [D] the only statuses you send
MUST_AUTO_PUBLISH = {"linkedin", "snapchat", "youtube"}  # [D] false is not supported
FORCED_AUTO_PUBLISH = {"threads", "bluesky"}  # [D] false is ignored, treated as true
FIRST_COMMENT_NEEDS_AUTO = {"instagram", "facebook"}
CAPTION_FIELDS = ("caption", "message", "text", "tweet_status", "description", "note", "title")


@dataclass(frozen=True)
class Media:
    """How one platform/post type takes media (reference 7.1).

    need: "never" (caption-only OK), "publish" (required unless DRAFT), "always".
    """
    kinds: frozenset[str]
    max_images: int = 0
    max_videos: int = 0
    max_total: int | None = None  # when images and videos share one budget
    mix: bool = False
    need: str = "never"
    draft_max_total: int | None = None  # IG stories: several only as a draft


IMG, VID, BOTH = frozenset({"IMAGE"}), frozenset({"VIDEO"}), frozenset({"IMAGE", "VIDEO"})
MEDIA: dict[str, dict[str | None, Media]] = {
    "instagram": {"FEED": Media(BOTH, 10, 10, max_total=10, mix=True, need="publish"),
                  "REEL": Media(VID, 0, 1, need="publish"),
                  "STORY": Media(BOTH, 10, 10, max_total=1, mix=True, need="publish",
                                 draft_max_total=10)},
    "facebook": {"POST": Media(BOTH, 10, 1), "REEL": Media(VID, 0, 1, need="always")},
    "tiktok": {None: Media(VID, 0, 1, need="publish")},
    "twitter": {None: Media(BOTH, 4, 1)},
    # Media Support says images only (20); the comparison table says image+video. The more
    # specific table wins.
    "threads": {None: Media(IMG, 20, 0)},
    "linkedin": {None: Media(BOTH, 20, 1)},
    "youtube": {None: Media(VID, 0, 1, need="always")},
    "snapchat": {"STORY": Media(BOTH, 1, 1, max_total=1, need="always"),
                 "SPOTLIGHT": Media(VID, 0, 1, need="always")},
    "pinterest": {None: Media(BOTH, 1, 1, max_total=1, need="publish")},
    "bluesky": {None: Media(IMG, 4, 0)},
}


@dataclass
class Problem:
    field: str
    message: str | dict[str, Any]
    headline: str | None = None


def _kinds_text(kinds: frozenset[str]) -> str:
    return {IMG: "images only", VID: "video only"}.get(kinds, "images and videos")


def check(platform: str, post: dict[str, Any], state: Any, now: datetime, *,
          creating: bool, sent: set[str], old_status: str | None = None,
          any_status: bool = False) -> list[Problem]:
    """any_status: the lenient profile takes any status on create, stored as sent."""
    out: list[Problem] = []
    status = post.get("status")
    if creating and any_status:
        pass
    elif (creating or ("status" in sent and status != old_status)) and status not in SENDABLE:
        out.append(Problem("status", f"Must be one of: {', '.join(SENDABLE)} (other statuses "
                                     "are set by Dash).", "Invalid status"))
    out += _timestamp(post, now, creating=creating, sent=sent, old_status=old_status)
    out += _auto_publish(platform, post)
    if platform == "snapchat":
        out += _snapchat(post)
    if platform == "pinterest":
        out += _pinterest(post, state)
    out += _media(platform, post, state)
    brand = post.get("brand_id")
    for key in ("cover_image_media_id",):
        mid = post.get(key)
        if mid is not None and (state.media.get(mid) or {}).get("brand_id") != brand:
            out.append(Problem(key, f"Invalid media_id: {mid} is not in brand {brand}'s "
                                    "Library.", "Invalid media_id"))
    bad = [b for b in post.get("duplicate_to_brand_ids") or []
           if b not in state.accessible_brands]
    if bad:
        out.append(Problem("duplicate_to_brand_ids",
                           f"Brands not accessible with this token: {bad}.", "Invalid brand"))
    return out


def _timestamp(post: dict[str, Any], now: datetime, *, creating: bool, sent: set[str],
               old_status: str | None) -> list[Problem]:
    if post.get("status") != "SCHEDULED":
        return []
    if post.get("timestamp") is None:
        return [Problem("timestamp", "Required when status is SCHEDULED.", "Missing timestamp")]
    touched = creating or "timestamp" in sent or old_status != "SCHEDULED"
    when = parse_datetime(post["timestamp"])
    if touched and when is not None and when <= now:
        return [Problem("timestamp", f"Must be in the future (now is {now.isoformat()}).",
                        "Timestamp in the past")]
    return []


def _auto_publish(platform: str, post: dict[str, Any]) -> list[Problem]:
    out = []
    if post.get("auto_publish") is False:
        name = NAMES[platform]
        if platform in MUST_AUTO_PUBLISH:
            out.append(Problem("auto_publish", f"auto_publish false is not supported for "
                                               f"{name}.", "auto_publish must be true"))
        if platform in FIRST_COMMENT_NEEDS_AUTO and post.get("first_comment"):
            out.append(Problem("first_comment", f"first_comment is not supported on {name} "
                                                "when auto_publish is false.",
                               "first_comment requires auto_publish"))
    return out


def _snapchat(post: dict[str, Any]) -> list[Problem]:
    out = []
    if post.get("post_type") == "STORY" and post.get("description"):
        out.append(Problem("description", "Not supported for STORY posts.",
                           "Invalid platform field"))
    if post.get("post_type") == "SPOTLIGHT":
        for name in ("save_to_profile", "locale"):
            if post.get(name) is None:
                out.append(Problem(name, MISSING_MSG))
    return out


def _pinterest(post: dict[str, Any], state: Any) -> list[Problem]:
    board = ((post.get("meta") or {}).get("pinterestBoard") or {})
    known = {str(b.get("id")) for b in state.boards.get(post.get("brand_id"), [])}
    if board and str(board.get("id")) not in known:
        return [Problem("meta", {"pinterestBoard": {"id": [
            f"Board {board.get('id')} is not one of this brand's Pinterest boards."]}},
            "Invalid Pinterest board")]
    return []


def _media(platform: str, post: dict[str, Any], state: Any) -> list[Problem]:
    table = MEDIA[platform]
    post_type = post.get("post_type")
    rule = table.get(post_type) or table.get(None)
    if rule is None:
        return []
    ids = post.get("media_ids") or []
    label = NAMES[platform] + (f" {post_type}" if post_type else "")
    kinds = []
    for mid in ids:
        obj = state.media.get(mid)
        if obj is None or obj.get("brand_id") != post.get("brand_id"):
            return [Problem("media_ids", f"Invalid media_id: {mid} was not uploaded to brand "
                                         f"{post.get('brand_id')}'s Library.",
                            "Invalid media_id")]
        kinds.append(media_kind(obj))
    draft = post.get("status") == "DRAFT"
    if not ids:
        if rule.need == "always" or (rule.need == "publish" and not draft):
            tail = "" if rule.need == "always" else " unless saved as a DRAFT"
            return [Problem("media_ids", f"{label} posts require media{tail}.",
                            "Missing media")]
        return []
    for mid, kind in zip(ids, kinds):
        if kind not in rule.kinds:
            article = "a video" if kind == "VIDEO" else "an image"
            return [Problem("media_ids", f"Unsupported media type: {label} posts support "
                                         f"{_kinds_text(rule.kinds)}; media {mid} is "
                                         f"{article}.", "Unsupported media type")]
    images, videos = kinds.count("IMAGE"), kinds.count("VIDEO")
    if images and videos and not rule.mix:
        return [Problem("media_ids", f"Images and videos cannot be mixed in a {label} post.",
                        "Mixed media not supported")]
    total_cap = rule.draft_max_total if draft and rule.draft_max_total else rule.max_total
    if total_cap is not None and len(ids) > total_cap:
        return [Problem("media_ids", f"{label} posts support at most {total_cap} media "
                                     f"item{'s' if total_cap > 1 else ''}.", "Too many media")]
    if images > rule.max_images or videos > rule.max_videos:
        noun = "images" if images > rule.max_images else "video"
        cap = rule.max_images if noun == "images" else rule.max_videos
        noun = noun if cap != 1 else noun.rstrip("s")
        return [Problem("media_ids", f"{label} posts support at most {cap} {noun}.",
                        "Too many media")]
    return []


def caption_text(post: dict[str, Any]) -> str:
    return " ".join(v for k in CAPTION_FIELDS if isinstance(v := post.get(k), str))
