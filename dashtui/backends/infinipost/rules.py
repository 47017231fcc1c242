"""Infinipost's live rules (peers.md 3.1-3.2, seed 002) and the networks' text limits.

`check(post, accounts, now=...)` returns Findings, errors first. Where Infinipost documents a
refusal (edits of posted/failed posts, zones outside the 11, slideDuration not 4/6/8, soundId
off TikTok, a bad URL) it is an ERROR; where the docs are silent or only hint (the examples'
`scheduled` status, warming-up accounts, image files in a video post) a WARNING.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from ...domain.platforms import spec
from ...domain.posts import Post
from ...domain.rules import ERROR, WARNING, Finding
from ...domain.text import hashtags, measure
from . import convert as cv
from .localtime import AmbiguousTime, ZONES, to_wall

SLIDE_DURATIONS = (4, 6, 8)
# carousel sizes of the networks (Instagram 10 as in dashtui's Instagram spec; TikTok photo
# posts 35): not Infinipost's documented limits, so TikTok's is a warning
MAX_SLIDES = {"instagram": 10, "tiktok": 35}
_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".gif")
_VIDEO_EXT = (".mp4", ".mov", ".m4v", ".webm")


def locked_reason(post: Post) -> str | None:
    """Infinipost's documented rule: only generated or pending_render posts change."""
    native = cv.native_status(post)
    if native == "posted":
        return ("it is already posted; Infinipost only lets generated or pending-render posts "
                "be changed (Post Already Posted)")
    if native == "failed":
        return ("it failed; Infinipost won't edit a failed post (Post Already Posted). Retry "
                "schedules a new copy instead")
    return None


def _ext(url: str) -> str:
    path = urlsplit(url).path.lower()
    return path[path.rfind("."):] if "." in path.rsplit("/", 1)[-1] else ""


def _status(post: Post) -> list[Finding]:
    native = cv.native_status(post)
    reason = locked_reason(post)
    if reason:
        return [Finding(ERROR, "status", f"Infinipost won't change this post: {reason}.",
                        "status.locked")]
    if native and native not in cv.EDITABLE_NATIVE:
        return [Finding(WARNING, "status", f"Infinipost reports the status {native!r}; it "
                        "documents edits only for generated and pending-render posts, so it "
                        "may refuse this one.", "status.unknown")]
    return []


def _time(post: Post, now: datetime) -> list[Finding]:
    zone = post.get("timezone")
    out: list[Finding] = []
    if zone is not None and zone not in ZONES:
        out.append(Finding(ERROR, "timezone", f"Infinipost doesn't take the time zone "
                           f"{zone!r}; pick one of its 11: {', '.join(ZONES)}.",
                           "timezone.unsupported"))
    elif zone is None:
        out.append(Finding(WARNING, "timezone", "This post has no time zone; Infinipost "
                           "needs one of its 11 zones to change the time. Pick one.",
                           "timezone.missing"))
    when = post.timestamp
    if when is None:
        if post.status != "AUTOPUBLISHING":  # publish now: Infinipost's omitted time
            out.append(Finding(ERROR, "timestamp", "Infinipost has no drafts: give the post "
                               "a date and time, or publish it now.", "timestamp.missing"))
        return out
    native = cv.native_status(post)
    # a post still to go out (a new one has no native status yet)
    if (native is None or native in cv.EDITABLE_NATIVE or native == "scheduled") \
            and when <= now:
        out.append(Finding(ERROR, "timestamp", f"The scheduled time ({when:%Y-%m-%d %H:%M} "
                           "UTC) has passed; pick a time in the future.", "timestamp.past"))
    if zone in ZONES:
        try:
            to_wall(when, zone)
        except AmbiguousTime as exc:
            out.append(Finding(ERROR, "timestamp", f"{str(exc)[0].upper()}{str(exc)[1:]}.",
                               "timestamp.ambiguous"))
    return out


def _content(post: Post) -> list[Finding]:
    kind = post.get("content_type")
    urls = post.get("content_urls")
    urls = urls if isinstance(urls, list) else []
    plat = post.platform.value
    out: list[Finding] = []
    if kind not in (cv.VIDEO, cv.SLIDESHOW):
        out.append(Finding(ERROR, "content_type", "Choose the content: a video or a "
                           "slideshow." if kind is None else f"Infinipost posts a video or a "
                           f"slideshow, not {kind!r}.", "content.type"))
    if not urls:
        out.append(Finding(ERROR, "content_urls", "Add the content's URL: one video, or the "
                           "slideshow's images.", "content.missing"))
    for url in urls:
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            out.append(Finding(ERROR, "content_urls", f"{str(url)[:60]!r} is not a web "
                               "address (http or https); Infinipost refuses it (invalid_url).",
                               "content.invalid_url"))
    if kind == cv.VIDEO:
        if len(urls) > 1:
            out.append(Finding(ERROR, "content_urls", f"A video post takes one URL, not "
                               f"{len(urls)}; keep one, or make it a slideshow.",
                               "content.video_count"))
        if urls and _ext(str(urls[0])) in _IMAGE_EXT:
            out.append(Finding(WARNING, "content_urls", "This video post points at an image "
                               "file; make it a slideshow, or use a video URL.",
                               "content.video_is_image"))
    elif kind == cv.SLIDESHOW:
        videos = [u for u in urls if _ext(str(u)) in _VIDEO_EXT]
        if videos:
            out.append(Finding(WARNING, "content_urls", f"A slideshow takes images; "
                               f"{len(videos)} of its URLs look like videos.",
                               "content.slides_are_video"))
        cap = MAX_SLIDES.get(plat)
        if cap and len(urls) > cap:
            out.append(Finding(ERROR if plat == "instagram" else WARNING, "content_urls",
                               f"{spec(plat).label} takes up to {cap} slides; remove "
                               f"{len(urls) - cap}.", "content.too_many"))
    duration = post.get("slide_duration")
    if duration is not None:
        if duration not in SLIDE_DURATIONS:
            out.append(Finding(ERROR, "slide_duration", f"Slides last 4, 6 or 8 seconds, "
                               f"not {duration!r}.", "slide_duration.invalid"))
        elif kind == cv.VIDEO:
            out.append(Finding(WARNING, "slide_duration", "A slide duration only applies to "
                               "slideshows; it is ignored for a video.",
                               "slide_duration.video"))
    return out


def _sound(post: Post) -> list[Finding]:
    if post.get("sound_id") and post.platform.value != "tiktok":
        return [Finding(ERROR, "sound_id", "Sounds are TikTok only; remove the sound from "
                        "this Instagram post.", "sound.not_tiktok")]
    return []


def _text(post: Post) -> list[Finding]:
    sp = spec(post.platform)
    out: list[Finding] = []
    for limit in sp.text_limits:
        m = measure(post, limit)
        if m.over:
            out.append(Finding(ERROR, limit.field, f"{m.label}: cut {m.used - m.limit:,} "
                               f"character{'s' * (m.used - m.limit != 1)}.", "text.too_long"))
    if sp.max_hashtags is not None and (n := hashtags(post.caption)) > sp.max_hashtags:
        out.append(Finding(ERROR, sp.caption_field, f"{sp.label} allows {sp.max_hashtags} "
                           f"hashtags; this caption has {n}. Remove {n - sp.max_hashtags}.",
                           "hashtags.too_many"))
    return out


def _account(post: Post, accounts: Mapping[str, Mapping[str, Any]] | None) -> list[Finding]:
    acc_id = cv.account_of(post)
    if acc_id is None:
        return [Finding(ERROR, "account_id", "Pick the account this post goes to.",
                        "account.missing")]
    if not accounts:
        return []
    account = accounts.get(acc_id)
    if account is None:
        return [Finding(WARNING, "account_id", f"Account {acc_id} isn't among this key's "
                        "accounts; Infinipost may refuse the post.", "account.unknown")]
    out = []
    plat = str(account.get("platform") or "").lower()
    if plat and plat != post.platform.value:
        out.append(Finding(ERROR, "account_id", f"Account {cv.account_name(account) or acc_id} "
                           f"is a {spec(plat).label if plat in cv.PLATFORMS else plat} "
                           f"account, not {spec(post.platform).label}.", "account.platform"))
    state = account.get("accountStatus")
    if state and state != "ready":
        day = account.get("warmupDay")
        when = f" (day {day} of 7)" if isinstance(day, int) else ""
        out.append(Finding(WARNING, "account_id", f"The account is {str(state).replace('_', ' ')}"
                           f"{when}; Infinipost may hold its posts until it is ready.",
                           "account.not_ready"))
    return out


def check(post: Post, accounts: Mapping[str, Mapping[str, Any]] | None = None, *,
          now: datetime | None = None) -> list[Finding]:
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    findings = [*_status(post), *_account(post, accounts), *_time(post, now),
                *_content(post), *_sound(post), *_text(post)]
    return sorted(findings, key=lambda f: f.severity != ERROR)
