"""Genviral's live checks: what the Partner API would refuse in a post (peers.md 2.2-2.3,
seed 004 "Limits"), per target account, in words a social manager can act on.

`check(post, accounts, now=...)` reads the post's `targets` extra and the account
capabilities of GET /accounts (`accounts`: id -> account, the client's cache). Network text
counting (X weighted, Bluesky graphemes, YouTube bytes) is the shared one of domain/text.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from ...domain.platforms import Platform, TextUnit, X_PREMIUM_LIMIT, spec
from ...domain.posts import Post
from ...domain.rules import ERROR, WARNING, Finding
from ...domain.text import count
from ...errors import one_line
from .convert import IMMUTABLE, platform_of

HOSTED_LIMIT = 500
MIN_LEAD = timedelta(minutes=2)
MAX_ACCOUNTS = 10
MAX_PIN_TAGS = 30
PIN_LIMIT = 800
VIDEO_EXT = (".mp4", ".mov", ".m4v", ".avi")
IMAGE_EXT = (".jpg", ".jpeg", ".png")
MAX_SLIDES = 35

# BYO caption limits per network (seed 004 "Limits"); X and Bluesky by their own counting
_BYO: dict[Platform, tuple[int, TextUnit]] = {
    Platform.FACEBOOK: (63_206, TextUnit.CHARS),
    Platform.INSTAGRAM: (2_200, TextUnit.CHARS),
    Platform.TIKTOK: (2_200, TextUnit.CHARS),  # video; photo posts below
    Platform.LINKEDIN: (3_000, TextUnit.CHARS),
    Platform.PINTEREST: (PIN_LIMIT, TextUnit.CHARS),
    Platform.YOUTUBE: (5_000, TextUnit.BYTES),
    Platform.TWITTER: (280, TextUnit.WEIGHTED),
    Platform.BLUESKY: (300, TextUnit.GRAPHEMES),
    Platform.THREADS: (500, TextUnit.CHARS_EMOJI_BYTES),
}
TIKTOK_PHOTO_LIMIT = 4_000
_UNIT_WORD = {TextUnit.BYTES: "bytes", TextUnit.GRAPHEMES: "characters",
              TextUnit.WEIGHTED: "weighted characters"}


def supports_text_only(account: Mapping[str, Any] | None) -> bool | None:
    """Does GET /accounts say this account takes text-only posts? None: it doesn't say."""
    caps = (account or {}).get("capabilities")
    if not isinstance(caps, Mapping):
        return None
    if isinstance(caps.get("text_only"), bool):
        return caps["text_only"]
    for key in ("supported_content", "content_kinds", "content_types", "supported"):
        kinds = caps.get(key)
        if isinstance(kinds, (list, tuple)):
            return "text_only" in kinds
    return None


def caption_limit(platform: Platform | None, account_type: str | None, media_kind: str | None,
                  account: Mapping[str, Any] | None = None, x_premium: bool = False
                  ) -> tuple[int, TextUnit] | None:
    """The caption limit of one target: hosted 500; BYO per network."""
    if account_type == "hosted":
        return HOSTED_LIMIT, TextUnit.CHARS
    if platform is None or platform not in _BYO:
        return None
    limit, unit = _BYO[platform]
    if platform is Platform.TIKTOK and media_kind == "slideshow":
        limit = TIKTOK_PHOTO_LIMIT
    if platform is Platform.TWITTER and x_premium:
        limit = X_PREMIUM_LIMIT
    caps = (account or {}).get("capabilities")
    own = caps.get("caption_limit") if isinstance(caps, Mapping) else None
    if isinstance(own, int) and 0 < own < limit and unit is TextUnit.CHARS:
        limit = own  # the account says it takes less
    return limit, unit


def pin_tags_length(tags: list[Any]) -> int:
    """What the tags add to a Pinterest description: " #tag" each [infer: the docs say
    only that they are appended]."""
    return sum(len(str(t)) + 2 for t in tags)


def _media_kind(media: Any) -> str | None:
    return str(media.get("type")).lower() if isinstance(media, Mapping) and \
        media.get("type") else None


def _targets(post: Post, accounts: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for t in post.get("targets") or []:
        if not isinstance(t, Mapping):
            t = {"account_id": str(t)}
        known = accounts.get(str(t.get("account_id")), {})
        platform = platform_of(t.get("platform") or known.get("platform"))
        out.append({"id": str(t.get("account_id")), "platform": platform,
                    "type": t.get("type") or known.get("type"), "account": known or None,
                    # names come from the server: one safe line, never escape sequences
                    "label": one_line(f"{spec(platform).label if platform else 'an account'} "
                                      f"{t.get('name') or known.get('username') or ''}")[:60]})
    return out


def _status(post: Post) -> Iterator[Finding]:
    if post.status in IMMUTABLE:
        yield Finding(ERROR, "status", f"Genviral doesn't allow changes to a "
                      f"{str(post.get('native_status') or post.status).lower()} post "
                      "(posted, partial and canceled posts are immutable).",
                      "genviral.immutable")


def _accounts(targets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not targets:
        yield Finding(ERROR, "targets", "Pick at least one account to post to.",
                      "genviral.accounts.none")
    elif len(targets) > MAX_ACCOUNTS:
        yield Finding(ERROR, "targets", f"Genviral posts to at most {MAX_ACCOUNTS} accounts "
                      f"at once; this post has {len(targets)}. Remove "
                      f"{len(targets) - MAX_ACCOUNTS}.", "genviral.accounts.too_many")


def _caption(post: Post, targets: list[dict[str, Any]], x_premium: bool) -> Iterator[Finding]:
    field = spec(post.platform).caption_field
    text = post.caption
    if not text.strip():
        yield Finding(ERROR, field, "Genviral needs a caption; write one.",
                      "genviral.caption.missing")
        return
    kind = _media_kind(post.get("genviral_media"))
    tags = (post.get("pinterest") or {}).get("tags") if isinstance(post.get("pinterest"),
                                                                   Mapping) else None
    extra = pin_tags_length(tags) if isinstance(tags, list) else 0
    seen: set[str] = set()
    for t in targets:
        found = caption_limit(t["platform"], t["type"], kind, t["account"], x_premium)
        if found is None:
            continue
        limit, unit = found
        used = count(text, unit)
        pin = t["platform"] is Platform.PINTEREST and t["type"] != "hosted"
        if pin:
            used += extra
        if used <= limit:
            continue
        word = _UNIT_WORD.get(unit, "characters")
        where = "hosted accounts allow" if t["type"] == "hosted" else f"{t['label']} allows"
        with_tags = " with its tags" if pin and extra else ""
        message = (f"Caption is {used:,} {word}{with_tags}; {where} {limit:,}. "
                   f"Cut {used - limit:,}.")
        if message not in seen:
            seen.add(message)
            yield Finding(ERROR, field, message, "genviral.caption.too_long")


def _schedule(post: Post, now: datetime) -> Iterator[Finding]:
    when = post.timestamp
    if post.status != "SCHEDULED" or when is None:
        return
    if when < now + MIN_LEAD:
        yield Finding(ERROR, "timestamp", "Genviral schedules only at least 2 minutes ahead; "
                      "pick a later time, or publish now.", "genviral.schedule.too_soon")


def _media(post: Post, targets: list[dict[str, Any]]) -> Iterator[Finding]:
    media = post.get("genviral_media")
    if media is None:
        for t in targets:
            ok = supports_text_only(t["account"])
            if ok is False:
                yield Finding(ERROR, "genviral_media", f"{t['label']} needs a video or "
                              "slideshow: Genviral posts text-only only where every account "
                              "supports it.", "genviral.media.text_only")
            elif ok is None:
                yield Finding(WARNING, "genviral_media", f"dashtui doesn't know whether "
                              f"{t['label']} takes text-only posts; Genviral refuses them "
                              "where it doesn't. Refresh the accounts or add media.",
                              "genviral.media.text_only_unknown")
        return
    if not isinstance(media, Mapping):
        yield Finding(ERROR, "genviral_media", "The media isn't a video or a slideshow.",
                      "genviral.media.shape")
        return
    kind = _media_kind(media)
    if kind == "video":
        url = str(media.get("url") or "")
        if not url.lower().split("?")[0].endswith(VIDEO_EXT):
            yield Finding(ERROR, "genviral_media", "Genviral takes MP4, MOV, M4V or AVI "
                          "videos.", "genviral.media.video_type")
        duration = media.get("duration_seconds")
        if isinstance(duration, (int, float)) and not 15 <= duration <= 60:
            yield Finding(ERROR, "genviral_media", f"The video is {duration:g} s; Genviral "
                          "takes 15-60 s.", "genviral.media.duration")
        size = media.get("size_bytes")
        if isinstance(size, (int, float)) and size >= 100 * 1024 * 1024:
            yield Finding(ERROR, "genviral_media", "The video must be under 100 MB.",
                          "genviral.media.size")
    elif kind == "slideshow":
        images = media.get("images") or media.get("urls") or []
        if not 1 <= len(images) <= MAX_SLIDES:
            yield Finding(ERROR, "genviral_media", f"A slideshow has 1-{MAX_SLIDES} images; "
                          f"this one has {len(images)}.", "genviral.media.slides")
        for image in images:
            url = str(image.get("url") if isinstance(image, Mapping) else image)
            if not url.lower().split("?")[0].endswith(IMAGE_EXT):
                yield Finding(ERROR, "genviral_media", "Slideshow images must be JPG, JPEG "
                              "or PNG.", "genviral.media.image_type")
                break
    else:
        yield Finding(ERROR, "genviral_media", f"Genviral takes a video or a slideshow, "
                      f"not {kind!r}.", "genviral.media.kind")


def _music(post: Post, targets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not post.get("music_url"):
        return
    if any(t["platform"] is Platform.INSTAGRAM for t in targets):
        yield Finding(ERROR, "music_url", "Music can't go with Instagram accounts (their API "
                      "has no music); remove the music or the Instagram accounts.",
                      "genviral.music.instagram")
    elif any(t["platform"] is not Platform.TIKTOK for t in targets):
        yield Finding(WARNING, "music_url", "Music is TikTok-only; Genviral may refuse it "
                      "with other networks. Keep only TikTok accounts, or remove the music.",
                      "genviral.music.tiktok_only")


def _settings(post: Post, targets: list[dict[str, Any]]) -> Iterator[Finding]:
    tiktok, pin = post.get("tiktok"), post.get("pinterest")
    if isinstance(tiktok, Mapping) and tiktok:
        if not all(t["platform"] is Platform.TIKTOK and t["type"] != "hosted"
                   for t in targets):
            yield Finding(ERROR, "tiktok", "TikTok settings work only when every account is "
                          "a TikTok BYO account; clear them or change the accounts.",
                          "genviral.tiktok.targets")
        if tiktok.get("post_mode") == "MEDIA_UPLOAD" and \
                _media_kind(post.get("genviral_media")) != "slideshow":
            yield Finding(ERROR, "tiktok", "TikTok MEDIA_UPLOAD is only for slideshows.",
                          "genviral.tiktok.post_mode")
    if isinstance(pin, Mapping) and pin:
        if not any(t["platform"] is Platform.PINTEREST for t in targets):
            yield Finding(ERROR, "pinterest", "Pinterest settings need a Pinterest account "
                          "on the post.", "genviral.pinterest.targets")
        tags = pin.get("tags")
        if isinstance(tags, list):
            if len(tags) > MAX_PIN_TAGS:
                yield Finding(ERROR, "pinterest.tags", f"Pinterest takes {MAX_PIN_TAGS} tags; "
                              f"this post has {len(tags)}.", "genviral.pinterest.tags")
            if any(not 1 <= len(str(t)) <= 100 for t in tags):
                yield Finding(ERROR, "pinterest.tags", "Each Pinterest tag is 1-100 "
                              "characters.", "genviral.pinterest.tag_length")


def check(post: Post, accounts: Mapping[str, Mapping[str, Any]] | None = None, *,
          now: datetime, x_premium: bool = False) -> list[Finding]:
    """Every Genviral rule against `post`, errors first. A post Genviral will not change
    (posted, partial, canceled) gets only that finding: its content can't be fixed."""
    locked = list(_status(post))
    if locked:
        return locked
    targets = _targets(post, accounts or {})
    found = [*_accounts(targets), *_caption(post, targets, x_premium),
             *_schedule(post, now), *_media(post, targets), *_music(post, targets),
             *_settings(post, targets)]
    return sorted(found, key=lambda f: f.severity != ERROR)
