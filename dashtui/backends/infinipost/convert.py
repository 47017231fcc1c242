"""Infinipost posts <-> dashtui's domain Posts (BACKENDS.md, peers.md 3.1-3.2).

One Infinipost post is one account's post: `targets` has one entry. Platforms are TikTok
(caption in `text`) and Instagram (`caption`). What Infinipost needs to write a post back
rides along as JSON-safe extras:

  native_status  str        Infinipost's own status, always set ("generated", ...)
  account_id     str        the post's account (accountId)
  targets        [ {account_id, platform, name, status, error, url, published_at} ]
  content_type   "video" | "slideshow" (the Edit page's "slides" and the create pages'
                 "slideshow" are one kind; an unknown kind is kept as sent, lower-cased)
  content_urls   [str]      always a list (contentUrl is a string for videos)
  sound_id       str | None TikTok sound; None = no sound
  timezone       str | None the zone the time was given in (one of localtime.ZONES)
  slide_duration int        only when Infinipost sent slideDuration
  posted_at      str | None ISO UTC time it went live
  warnings       [ {field, message, code} ] dashtui's notes on the latest write
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.platforms import Platform, spec
from ...domain.posts import Post, parse_post

PLATFORMS = (Platform.TIKTOK.value, Platform.INSTAGRAM.value)
BRAND_ID = 1

#: Infinipost status -> domain status. `generated` is a post waiting for its time (Dash's
#: SCHEDULED); the examples' `scheduled` means the same. `pending_render` (content still
#: being rendered) has no Dash equivalent and stays itself. Anything else: upper-cased.
STATUS_MAP = {
    "generated": "SCHEDULED",
    "scheduled": "SCHEDULED",
    "pending_render": "PENDING_RENDER",
    "posted": "POSTED",
    "failed": "FAILED",
}
#: the statuses Infinipost documents as editable and deletable
EDITABLE_NATIVE = frozenset({"generated", "pending_render"})
LOCKED_NATIVE = frozenset({"posted", "failed"})
EDITABLE_DOMAIN = frozenset({"SCHEDULED", "PENDING_RENDER"})

VIDEO, SLIDESHOW = "video", "slideshow"
_CONTENT_TYPES = {"video": VIDEO, "slideshow": SLIDESHOW, "slides": SLIDESHOW}
# failure text and published URL: undocumented field names, the likely ones in order
_ERROR_KEYS = ("error", "failureReason", "failedReason", "errorMessage", "reason")
_URL_KEYS = ("postUrl", "url", "permalink", "publishedUrl")


class Unreadable(ValueError):
    """A post object dashtui can't turn into a domain post (no id, unknown platform)."""


def domain_status(native: Any) -> str | None:
    if not isinstance(native, str) or not native.strip():
        return None
    key = native.strip().lower()
    return STATUS_MAP.get(key, key.upper())


def content_type(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return _CONTENT_TYPES.get(value.strip().lower(), value.strip().lower())


def content_urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return []


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def error_text(data: Mapping[str, Any]) -> str | None:
    for key in _ERROR_KEYS:
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("message") or value.get("reason")
        if _text(value):
            return _text(value)
    return None


def account_name(account: Mapping[str, Any] | None) -> str | None:
    if not account:
        return None
    return _text(account.get("username")) or _text(account.get("name"))


def to_post(data: Any, accounts: Mapping[str, Mapping[str, Any]] | None = None,
            platform: str | None = None) -> Post:
    """The domain post for one Infinipost post object."""
    if not isinstance(data, Mapping):
        raise Unreadable("a post is not an object")
    post_id = data.get("postId", data.get("id"))
    if post_id in (None, ""):
        raise Unreadable("a post has no postId")
    account_id = data.get("accountId")
    account_id = str(account_id) if account_id is not None else None
    account = (accounts or {}).get(account_id or "")
    plat = str(data.get("platform") or platform or (account or {}).get("platform") or "")
    plat = plat.lower()
    if plat not in PLATFORMS:
        raise Unreadable(f"post {post_id} is on {plat or 'no platform'}, not TikTok or "
                         "Instagram")
    native = data.get("status")
    status = domain_status(native)
    error = error_text(data)
    sound = data.get("soundId")
    url = next((_text(data.get(k)) for k in _URL_KEYS if _text(data.get(k))), None)
    posted_at = data.get("postedAt")
    fields: dict[str, Any] = {
        "id": str(post_id), "brand_id": BRAND_ID, "status": status, "auto_publish": True,
        "timestamp": data.get("scheduledTime"),
        "has_scheduled_time": data.get("scheduledTime") is not None,
        "created_at": data.get("createdAt"),
        spec(plat).caption_field: data.get("caption"),
        "thumbnail_url": data.get("thumbnailUrl"),
        "auto_publish_error": error, "live_post_url": url,
        # extras
        "native_status": native if isinstance(native, str) else None,
        "account_id": account_id,
        "targets": [{"account_id": account_id, "platform": plat,
                     "name": account_name(account) or account_id,
                     "status": native if isinstance(native, str) else None,
                     "error": error, "url": url,
                     "published_at": posted_at if isinstance(posted_at, str) else None}],
        "content_type": content_type(data.get("contentType")),
        "content_urls": content_urls(data.get("contentUrl", data.get("contentUrls"))),
        "sound_id": _text(sound) if isinstance(sound, str) else
        (None if sound is None else str(sound)),
        "timezone": _text(data.get("timezone")),
        "posted_at": posted_at if isinstance(posted_at, str) else None,
    }
    if data.get("updatedAt") is not None:
        fields["updated_at"] = data.get("updatedAt")
    if data.get("slideDuration") is not None:
        fields["slide_duration"] = data.get("slideDuration")
    return parse_post(plat, fields)


# -- reading a domain post or body ---------------------------------------------------------
def extra(post: Post, name: str, default: Any = None) -> Any:
    value = post.get(name)
    return default if value is None else value


def native_status(post: Post) -> str | None:
    native = post.get("native_status")
    if isinstance(native, str) and native:
        return native.lower()
    # a post made in dashtui and not yet read back: infer from the domain status
    return {"SCHEDULED": "generated", "PENDING_RENDER": "pending_render", "POSTED": "posted",
            "FAILED": "failed"}.get(post.status or "")


def account_of(post_or_body: Post | Mapping[str, Any]) -> str | None:
    """The one account a domain post/body is for: `targets[0].account_id`, else
    `account_id`."""
    get = post_or_body.get
    targets = get("targets")
    if isinstance(targets, list) and targets and isinstance(targets[0], Mapping):
        acc = targets[0].get("account_id")
        if acc not in (None, ""):
            return str(acc)
    acc = get("account_id")
    return str(acc) if acc not in (None, "") else None
