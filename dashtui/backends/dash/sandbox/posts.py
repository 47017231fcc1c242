"""Scheduled-post objects: building them from a validated body, merging a PATCH, copying to
other brands, and rendering the response (reference 4).

Stored posts are the response dict minus `media` (expanded on the way out) plus a few
`_sandbox_*` keys for the publisher, which never leave the sandbox.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from typing import Any

from . import library
from .rules import FORCED_AUTO_PUBLISH, SENDABLE
from .schemas import PLATFORM_FIELDS, RESPONSE_DEFAULTS, WRITE_ONLY, common
from .state import StoredPost

INTERNAL = "_sandbox_"
LOCKED = ("POSTED", "IMPORTED", "AUTOPUBLISHING")  # [I] no edits once live or publishing


def stamp(dt: datetime) -> str:
    """created_at/updated_at: always with microseconds and +00:00 (reference 4)."""
    return dt.astimezone(timezone.utc).isoformat(timespec="microseconds")


def bump(previous: str | None, now: datetime) -> str:
    """A strictly later updated_at even when the sandbox clock is frozen, so a client's
    conflict check (compare updated_at) always sees a change."""
    if previous:
        try:
            before = datetime.fromisoformat(previous)
            if before >= now:
                now = before + timedelta(microseconds=1)
        except ValueError:
            pass
    return stamp(now)


def blank(platform: str, post_id: int, now: datetime) -> dict[str, Any]:
    post: dict[str, Any] = {
        name: copy.deepcopy(RESPONSE_DEFAULTS.get(name))
        for name in (*common(create=True), *PLATFORM_FIELDS[platform])
        if name not in WRITE_ONLY
    }
    post.update({
        "id": post_id, "status": "DRAFT", "auto_publish": True, "media_ids": [],
        "approval_policy": "APPROVAL_NOT_REQUIRED", "approval_requests": [],
        "approval_status": "UNASSIGNED", "num_of_approvals_required": 0,
        "auto_publish_error": None, "live_post_url": None, "board_ids": [],
        "campaign_ids": [], "content_tag_ids": [], "created_at": stamp(now),
        "updated_at": stamp(now),
    })
    return post


def merge(platform: str, post: dict[str, Any], data: dict[str, Any], now: datetime, *,
          tick: int) -> dict[str, Any]:
    """The post with `data` applied; only sent fields change. Returns a new dict."""
    out = copy.deepcopy(post)
    old_status = post.get("status")
    for key, value in data.items():
        if key not in WRITE_ONLY and key != "approval_requests":
            out[key] = value
    if platform in FORCED_AUTO_PUBLISH:
        out["auto_publish"] = True  # [D] a false is ignored, not rejected
    if "approval_requests" in data:
        # [I] the sent list replaces the post's; a reviewer asked before keeps their item
        # (id, created_at), a new one gets a fresh item
        out["approval_requests"] = _approvals(post, data["approval_requests"], now)
    if _approvals_moved(post, out):
        # [U] approval_status enum: only UNASSIGNED is documented. PENDING while requests
        # are out; APPROVED is set through /_sandbox/posts/{id}. Re-sending the same
        # policy and reviewers leaves an approval standing.
        required = out.get("approval_policy") == "APPROVAL_REQUIRED"
        out["approval_status"] = "PENDING" if required and out["approval_requests"] \
            else "UNASSIGNED"
        out["num_of_approvals_required"] = 1 if required else 0
    status = out.get("status")
    if "status" in data and status != old_status and status in SENDABLE:
        # [I] back to a pending state (a retry): the old outcome no longer applies
        out["auto_publish_error"] = None
        out["live_post_url"] = None
        out.pop(INTERNAL + "since", None)  # (the attempt counter stays: a retry draws anew)
        out.pop(INTERNAL + "tick", None)
    if status == "AUTOPUBLISHING" and ("status" in data and status != old_status):
        if out.get("timestamp") is None:
            out["timestamp"] = now.replace(microsecond=0).isoformat()  # [I] "now"
        out[INTERNAL + "since"] = stamp(now)
        out[INTERNAL + "tick"] = tick
    out["updated_at"] = bump(post.get("updated_at"), now)
    return out


def _pairs(items: Any) -> set[tuple[Any, Any]]:
    return {(r.get("requested_by_user_id"), r.get("review_user_id"))
            for r in items or [] if isinstance(r, dict)}


def _approvals_moved(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return before.get("approval_policy") != after.get("approval_policy") or \
        _pairs(before.get("approval_requests")) != _pairs(after.get("approval_requests"))


def _approvals(post: dict[str, Any], sent: list[dict[str, Any]], now: datetime
               ) -> list[dict[str, Any]]:
    """Response items for a sent list: the documented fields id, post_id, brand_id,
    created_at, updated_at, deleted_at around each request."""
    earlier = {(r.get("requested_by_user_id"), r.get("review_user_id")): r
               for r in post.get("approval_requests") or [] if isinstance(r, dict)}
    next_id = max([int(r.get("id") or 0) for r in earlier.values()]
                  + [int(post["id"]) * 100]) + 1
    out = []
    for req in sent:
        kept = earlier.pop((req.get("requested_by_user_id"), req.get("review_user_id")),
                           None)
        if kept is not None:
            out.append(dict(kept, post_id=post["id"], brand_id=post.get("brand_id")))
            continue
        out.append({"id": next_id, "post_id": post["id"], "brand_id": post.get("brand_id"),
                    "created_at": stamp(now), "updated_at": stamp(now), "deleted_at": None,
                    **req})
        next_id += 1
    return out


def duplicate(state: Any, platform: str, post: dict[str, Any], brand_ids: list[int],
              now: datetime, *, tick: int) -> list[int]:
    """[D] duplicate_to_brand_ids: separate copies in those brands, their media copied into
    each brand's Library. [U] whether the copies' ids are returned: they are not."""
    made = []
    for brand in dict.fromkeys(brand_ids):
        if brand == post.get("brand_id"):
            continue
        pid = state.new_post_id()
        clone = copy.deepcopy(post)
        clone.update(id=pid, brand_id=brand, created_at=stamp(now), updated_at=stamp(now))
        clone["media_ids"] = [m for m in (library.clone_media(state, mid, brand, now)
                                          for mid in post.get("media_ids") or [])
                              if m is not None]
        clone["approval_requests"] = [dict(r, id=pid * 100 + i + 1, post_id=pid, brand_id=brand)
                                      for i, r in enumerate(post.get("approval_requests") or [])]
        if clone.get("status") == "AUTOPUBLISHING":
            clone[INTERNAL + "tick"] = tick
        state.posts[pid] = StoredPost(platform, clone)
        made.append(pid)
    return made


def render(state: Any, stored: StoredPost, *, media_v2: bool) -> dict[str, Any]:
    data = stored.data
    out = {k: v for k, v in data.items() if not k.startswith(INTERNAL) and k not in WRITE_ONLY}
    earlier = {m.get("id"): m for m in data.get("media") or [] if isinstance(m, dict)}
    media = []
    for mid in data.get("media_ids") or []:
        obj = state.media.get(mid)
        if obj is not None:
            media.append(library.v2_item(mid, obj) if media_v2 else
                         library.legacy_item(mid, obj))
        elif mid in earlier:  # stored expanded media without a Library entry (imported data)
            media.append(earlier[mid])
    out["media"] = media
    out["has_scheduled_time"] = data.get("timestamp") is not None
    return out
