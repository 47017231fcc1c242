"""Turning a planned post into a post object exactly as the scheduler API returns it.

A `Plan` is the calendar skeleton of one post (platform, type, time, text, media); `finalize`
decides what happened to it by `now`, coherently with time (§5 of the reference): past posts
are POSTED, FAILED, EXPIRED, ...; future ones SCHEDULED or DRAFT.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from dashtui.backends.dash.sandbox.demo_brands import DemoBrand, Topic
from dashtui.backends.dash.sandbox.demo_media import Library, permalink
from dashtui.backends.dash.sandbox.failures import pick
from dashtui.backends.dash.sandbox.state import iso

# auto_publish:false is rejected (LinkedIn, Snapchat, YouTube) or ignored (Threads, Bluesky)
ALWAYS_AUTO = frozenset({"linkedin", "snapchat", "youtube", "threads", "bluesky"})
POST_TYPES: dict[str, tuple[tuple[str, float], ...]] = {
    "instagram": (("FEED", 0.55), ("REEL", 0.3), ("STORY", 0.15)),
    "facebook": (("POST", 0.8), ("REEL", 0.2)),
    "snapchat": (("STORY", 0.6), ("SPOTLIGHT", 0.4)),
}
DRAFT_WITHOUT_MEDIA = frozenset({"instagram", "tiktok", "pinterest"})
FIRST_COMMENT = frozenset({"instagram", "facebook"})


def coherent_error(platform: str, kinds: list[str], rng: random.Random) -> tuple[str, bool]:
    """failures.pick, re-drawn until the cause fits the post: no "video aspect ratio" on a post
    without video, no unreachable media on a post without media, no "caption too long" on
    ordinary copy (the demo's over-long captions are failed on purpose elsewhere)."""
    text, partial = pick(platform, rng)
    for _ in range(100):
        if not (("exceeds the allowed length" in text)
                or ("aspect ratio" in text and "VIDEO" not in kinds)
                or ("was not reachable" in text and not kinds)):
            break
        text, partial = pick(platform, rng)
    return text, partial


def utc_now(now: datetime | None) -> datetime:
    """`now` as an aware UTC datetime (naive means UTC); the wall clock when None."""
    if now is None:
        return datetime.now(timezone.utc)
    if now.tzinfo is None:
        return now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc)


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def choose_post_type(platform: str, rng: random.Random) -> str | None:
    options = POST_TYPES.get(platform)
    if not options:
        return None
    r = rng.random()
    for name, share in options:
        r -= share
        if r < 0:
            return name
    return options[-1][0]


def choose_media(platform: str, post_type: str | None, lib: Library,
                 rng: random.Random) -> list[int]:
    """Media ids allowed for the platform and post type (reference §7.1)."""
    img, vert, horiz = lib.images, lib.vertical, lib.horizontal
    r = rng.random()

    def images(lo: int, hi: int) -> list[int]:
        return rng.sample(img, rng.randint(lo, hi))

    if platform == "instagram":
        if post_type == "REEL":
            return [rng.choice(vert)]
        if post_type == "STORY":
            return [rng.choice(img if r < 0.6 else vert)]
        if r < 0.3:  # carousel, images and videos mixed
            items = images(2, 9) + rng.sample(vert + horiz, rng.randint(0, 1))
            rng.shuffle(items)
            return items[:10]
        return [rng.choice(img)] if r < 0.85 else [rng.choice(vert + horiz)]
    if platform == "facebook":
        if post_type == "REEL":
            return [rng.choice(vert)]
        if r < 0.25:
            return []  # caption or link post
        if r < 0.45:
            return images(2, 6)
        return [rng.choice(horiz + vert)] if r < 0.6 else [rng.choice(img)]
    if platform == "tiktok":
        return [rng.choice(vert)]
    if platform == "twitter":
        if r < 0.45:
            return []
        if r < 0.8:
            return [rng.choice(img)]
        return images(2, 4) if r < 0.9 else [rng.choice(vert + horiz)]
    if platform == "threads":
        return [] if r < 0.4 else ([rng.choice(img)] if r < 0.85 else images(2, 6))
    if platform == "linkedin":
        if r < 0.35:
            return []
        if r < 0.75:
            return [rng.choice(img)]
        return images(2, 5) if r < 0.9 else [rng.choice(horiz)]
    if platform == "youtube":
        return [rng.choice(horiz if r < 0.8 else vert)]  # the vertical ones are Shorts
    if platform == "snapchat":
        if post_type == "SPOTLIGHT":
            return [rng.choice(vert)]
        return [rng.choice(img if r < 0.5 else vert)]
    if platform == "pinterest":
        return [rng.choice(img if r < 0.85 else vert)]
    if platform == "bluesky":
        return [] if r < 0.4 else ([rng.choice(img)] if r < 0.85 else images(2, 4))
    return []


def _fit(text: str, limit: int) -> str:
    """Cut at a word boundary so len(text) <= limit."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def caption_fields(platform: str, post_type: str | None, brand: DemoBrand, topic: Topic,
                   rng: random.Random, board: dict | None = None) -> dict[str, Any]:
    """The text fields of one platform, written for that network and inside its limits."""
    link = brand.link(topic)
    tags = list(topic.tags)
    rng.shuffle(tags)
    if platform == "instagram":
        if post_type == "STORY":
            return {"caption": ""}
        text = f"{rng.choice(brand.openers)} {topic.body}\n\n{rng.choice(brand.ctas)}"
        if rng.random() < 0.3:
            text += f"\n📸 {rng.choice(brand.mentions)}"
        return {"caption": f"{text}\n.\n.\n{' '.join(tags)}"}
    if platform == "facebook":
        has_link = rng.random() < 0.5
        text = topic.body + (f"\n\nMore: {link}" if not has_link else "")
        return {"message": text, "link": link if has_link else None}
    if platform == "tiktok":
        return {"text": f"{topic.short} {' '.join(tags[:3])} #fyp"}
    if platform == "twitter":
        extra = f" {tags[0]}" if rng.random() < 0.5 else ""
        return {"tweet_status": f"{topic.short} {link}{extra}"}
    if platform == "threads":
        mention = f" {rng.choice(brand.mentions)}" if rng.random() < 0.3 else ""
        return {"text": topic.body + mention}
    if platform == "linkedin":
        return {"text": f"{topic.body}\n\nRead more: {link}\n\n{' '.join(tags[:3])}"}
    if platform == "youtube":
        title = _fit(f"{topic.title} | {brand.name}", 100)
        desc = (f"{topic.body}\n\n▶ {link}\n\nFollow us: @{brand.handle}\n\n"
                "Chapters\n0:00 Intro\n0:20 The story\n2:45 How to join in\n4:10 Thanks for "
                f"watching\n\n{' '.join(tags)}")
        return {"title": title, "description": desc}
    if platform == "snapchat":
        if post_type == "SPOTLIGHT":
            return {"description": _fit(topic.short, 160)}
        return {}
    if platform == "pinterest":
        assert board is not None
        return {"note": _fit(topic.body, 500), "link": link,
                "meta": {"title": _fit(topic.title, 100), "pinterestBoard": dict(board)}}
    if platform == "bluesky":
        return {"text": f"{topic.short}\n\n{link}"}
    return {}


def structural_fields(platform: str, post_type: str | None) -> dict[str, Any]:
    if platform == "instagram":
        out: dict[str, Any] = {"first_comment": None, "post_type": post_type}
        if post_type == "REEL":
            out["share_to_feed"] = True
        return out
    if platform == "facebook":
        return {"first_comment": None, "post_type": post_type}
    if platform == "tiktok":
        return {"disable_comment": False, "disable_duet": False, "disable_stitch": False}
    if platform == "twitter":
        return {"replies": [], "auto_numbering_enabled": False}
    if platform == "youtube":
        return {"declared_made_for_kids": False}
    if platform == "snapchat":
        out = {"post_type": post_type}
        if post_type == "SPOTLIGHT":
            out.update(save_to_profile=True, locale="en_US")
        return out
    return {}


@dataclass
class Plan:
    brand: DemoBrand
    platform: str
    post_type: str | None
    ts: datetime | None
    fields: dict[str, Any]  # caption fields (and Pinterest meta/link)
    media_ids: list[int]
    group: str  # post_group_id
    topic: Topic
    campaign_ids: list[int] = field(default_factory=list)
    content_tag_ids: list[int] = field(default_factory=list)
    board_ids: list[int] = field(default_factory=list)
    sort_index: float | None = None
    # forced outcomes, for hand-placed posts
    status: str | None = None
    auto_publish: bool | None = None
    approval: str | None = None  # "none", "pending", "approved", "unassigned"
    error: str | None = None
    first_comment: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. rss_* provenance
    special: bool = False  # hand-placed: the guarantee pass leaves it alone


def _stamp(dt: datetime, rng: random.Random) -> datetime:
    """A record time with microseconds, as Dash writes them."""
    return dt.replace(microsecond=rng.randint(1, 999_999))


def _approval_requests(plan: Plan, n: int, created: datetime, rng: random.Random) -> list[dict]:
    users = plan.brand.users
    out = []
    for i in range(n):
        at = iso(_stamp(created + timedelta(seconds=5 + i), rng))
        out.append({
            "id": rng.randrange(30_000, 99_999),
            "post_id": None,  # filled in once post ids are assigned
            "brand_id": plan.brand.id,
            "requested_by_user_id": users[0],
            "review_user_id": users[(i + 1) % len(users)],
            "created_at": at,
            "updated_at": at,
            "deleted_at": None,
        })
    return out


def _times(ts: datetime | None, status: str, now: datetime,
           rng: random.Random) -> tuple[datetime, datetime]:
    """created_at <= updated_at < now, coherent with the post's life so far."""
    cap = now - timedelta(milliseconds=1)  # created/updated are strictly before now
    if ts is None or ts > now or status == "DRAFT":
        created = now - timedelta(minutes=rng.uniform(20, 60 * 24 * 21))
        updated = created + (cap - created) * (rng.random() ** 3)
    elif status == "IMPORTED":
        created = min(ts + timedelta(minutes=rng.uniform(10, 360)), cap)
        updated = created
    else:
        created = ts - timedelta(minutes=rng.uniform(90, 60 * 24 * 12))
        updated = min(ts + timedelta(seconds=rng.uniform(2, 95)), cap)
    created = _before(_stamp(created, rng), now, rng)
    updated = _before(_stamp(max(updated, created), rng), now, rng)
    return created, max(created, updated)


def _before(dt: datetime, now: datetime, rng: random.Random) -> datetime:
    """`dt`, or a moment just before `now` if it is not earlier; microseconds never zero."""
    if dt >= now:
        dt = now - timedelta(microseconds=rng.randint(1, 999))
    return dt if dt.microsecond else dt - timedelta(microseconds=1)


def finalize(plan: Plan, now: datetime, rng: random.Random, fail_rate: float,
             media: dict[int, dict]) -> dict[str, Any]:
    """The post object for `plan` as of `now`; `media` is the library (media_id -> object)."""
    p, ts, b = plan.platform, plan.ts, plan.brand
    optional = p not in ALWAYS_AUTO
    status, auto, error, approval = plan.status, plan.auto_publish, plan.error, plan.approval
    media_ids = list(plan.media_ids)
    if approval is None:
        approval = "required" if rng.random() < b.approvals else "none"

    if status is None:
        r = rng.random()
        if ts is None:
            status = "DRAFT"
        elif ts > now:
            far = (ts - now).days
            status = "DRAFT" if (p != "snapchat" and r < 0.05 + far * 0.004) else "SCHEDULED"
            if status == "SCHEDULED" and optional and rng.random() < 0.1:
                auto = False  # a manual post: users are notified at that time
        elif approval == "required" and r < 0.12:
            status = "MISSING_APPROVALS" if now - ts < timedelta(days=21) else "EXPIRED"
            approval = "pending"
        elif optional and r < 0.12:
            auto = False
            if now - ts < timedelta(days=10):
                status = "USERS_NOTIFIED"
            else:
                status = "EXPIRED" if rng.random() < 0.5 else "POSTED"
        elif r < 0.12 + fail_rate:
            status = "FAILED"
        elif r < 0.17 + fail_rate:
            status = "IMPORTED"
            auto = False if optional else True
        elif r < 0.19 + fail_rate:
            status = "SKIPPED"
        else:
            status = "POSTED"

    if auto is None:
        auto = True
        if optional and status == "DRAFT" and rng.random() < 0.15:
            auto = False
    if not optional:
        auto = True

    if status == "DRAFT" and p in DRAFT_WITHOUT_MEDIA and not plan.special and rng.random() < 0.3:
        media_ids = []

    first_comment = plan.first_comment
    if (first_comment is None and p in FIRST_COMMENT and auto and status != "DRAFT"
            and rng.random() < 0.25):
        first_comment = (f"More: {b.link(plan.topic)}" if rng.random() < 0.5
                         else " ".join(plan.topic.tags))

    url = None
    if status in ("FAILED", "PARTIALLY_FAILED") and error is None:
        error, partial = coherent_error(p, [media[m]["media_type"] for m in media_ids], rng)
        status = "PARTIALLY_FAILED" if partial else "FAILED"
    if status == "PARTIALLY_FAILED" and p in FIRST_COMMENT and "first comment" in (error or ""):
        first_comment = first_comment or "Which roast are you trying first? 👇"
    if status in ("POSTED", "PARTIALLY_FAILED", "IMPORTED"):
        url = permalink(p, plan.post_type, b.handle, rng)
    if not auto:
        first_comment = None  # not supported with auto_publish false (§5)

    created, updated = _times(ts, status, now, rng)

    if approval == "required":
        if status == "IMPORTED":
            approval = "none"  # published natively, never went through Dash's approvals
        elif status == "DRAFT":
            approval = "unassigned"
        elif status == "SCHEDULED":
            approval = "pending" if rng.random() < 0.45 else "approved"
        elif status == "MISSING_APPROVALS":
            approval = "pending"
        else:
            approval = "approved"
    if approval == "none":
        policy, a_status, requests, needed = "APPROVAL_NOT_REQUIRED", "UNASSIGNED", [], 0
    elif approval == "unassigned":
        policy, a_status, requests, needed = "APPROVAL_REQUIRED", "UNASSIGNED", [], 1
    else:
        needed = 2 if rng.random() < 0.2 else 1
        requests = _approval_requests(plan, needed, created, rng)
        policy = "APPROVAL_REQUIRED"
        a_status = "PENDING" if approval == "pending" else "APPROVED"

    post: dict[str, Any] = {
        "id": 0,
        "brand_id": b.id,
        "status": status,
        "auto_publish": auto,
        "timestamp": iso(ts) if ts is not None else None,
        "has_scheduled_time": ts is not None,
        "media_ids": media_ids,
        "created_at": iso(created),
        "updated_at": iso(updated),
        "approval_policy": policy,
        "approval_status": a_status,
        "approval_requests": requests,
        "num_of_approvals_required": needed,
        "auto_publish_error": error,
        "live_post_url": url,
        "post_group_id": plan.group,
        "board_ids": list(plan.board_ids),
        "campaign_ids": list(plan.campaign_ids),
        "content_tag_ids": list(plan.content_tag_ids),
        "sort_index": plan.sort_index,
    }
    post.update(structural_fields(p, plan.post_type))
    post.update(plan.fields)
    if "first_comment" in post:
        post["first_comment"] = first_comment
    post.update(plan.extra)
    return post
