"""Bulk benchmark data: one brand, n valid posts spread over the year around `now`.

Fast on purpose (100,000 posts in a couple of seconds): texts and media come from a pool of
pre-planned templates per platform; only time, status and bookkeeping vary per post. Nested
values are copied, never shared, so the sandbox may mutate one post without touching another.
"""

from __future__ import annotations

import gc
import random
from bisect import bisect
from datetime import datetime, time, timedelta, timezone

from dashtui.backends.dash.sandbox.demo_brands import EMBER, ORGANIZATION
from dashtui.backends.dash.sandbox.demo_media import build_boards, build_library, permalink
from dashtui.backends.dash.sandbox.demo_plan import Builder
from dashtui.backends.dash.sandbox.demo_posts import (
    ALWAYS_AUTO, FIRST_COMMENT, choose_post_type, coherent_error, structural_fields, utc_now,
)
from dashtui.backends.dash.sandbox.state import SandboxState, StoredPost

TEMPLATES_PER_PLATFORM = 40
FIRST_BULK_ID = 1_000_001
# uuid4 bit layout: version nibble 4, variant bits 10
_UUID_MASK = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_V4 = (0x4000 << 64) | (0x8000 << 48)


def _copy(value):
    """A deep copy of JSON data, quick for the common case of a list of ids."""
    if isinstance(value, list):
        if any(isinstance(v, (list, dict)) for v in value):
            return [_copy(v) for v in value]
        return value[:]
    if isinstance(value, dict):
        return {k: _copy(v) if isinstance(v, (list, dict)) else v for k, v in value.items()}
    return value


def build_bulk_state(n_posts: int, seed: int = 1, now: datetime | None = None) -> SandboxState:
    """One brand (144) with `n_posts` valid posts, timestamps on a five-minute grid spread
    uniformly over the 365 days starting at midnight UTC 182 days before `now`."""
    # Only new containers are made here, none of them garbage: pausing the cyclic collector
    # saves about a third of the run time at 100,000 posts.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_bulk(n_posts, seed, now)
    finally:
        if was_enabled:
            gc.enable()


def _build_bulk(n_posts: int, seed: int, now: datetime | None) -> SandboxState:
    now = utc_now(now)
    rng = random.Random(f"dashtui-bulk:{seed}")
    brand = EMBER
    state = SandboxState(organization=dict(ORGANIZATION))
    state.brands[brand.id] = brand.as_json()
    state.accessible_brands = [brand.id]
    ids = [950_680_000, 647_700_000]
    lib = build_library(brand, rng, now, ids, (40, 12, 6))
    state.media.update(lib.media)
    state.next_media_id = ids[1]
    boards = build_boards(brand, rng)
    state.boards[brand.id] = boards
    bld = Builder(brand, lib, boards, seed, now)

    platforms = list(brand.platform_weights)
    cum, total = [], 0
    for p in platforms:
        total += brand.platform_weights[p]
        cum.append(total)
    # per template: post type, media kinds, scalar fields, nested fields (copied per post)
    templates: dict[str, list[tuple[str | None, list[str], dict, list[tuple]]]] = {}
    for p in platforms:
        rows = []
        for _ in range(TEMPLATES_PER_PLATFORM):
            post_type = choose_post_type(p, rng)
            plan = bld.plan(p, post_type, None, rng)
            body = {"media_ids": plan.media_ids, "board_ids": plan.board_ids,
                    "campaign_ids": plan.campaign_ids, "content_tag_ids": plan.content_tag_ids,
                    **structural_fields(p, post_type), **plan.fields}
            kinds = [lib.media[m]["media_type"] for m in plan.media_ids]
            flat = {k: v for k, v in body.items() if not isinstance(v, (list, dict))}
            nested = [(k, v) for k, v in body.items() if isinstance(v, (list, dict))]
            rows.append((post_type, kinds, flat, nested))
        templates[p] = rows

    # time as seconds since `base` (midnight UTC, 212 days back), formatted from tables: the
    # datetime round trip per post would dominate the run time
    base = datetime.combine((now - timedelta(days=212)).date(), time(0), timezone.utc)
    first_day = 30  # posts start 30 days after base; created_at may reach back before that
    days = [(base + timedelta(days=d)).date().isoformat() + "T" for d in range(30 + 366 + 2)]
    slots = [f"{m // 60:02d}:{m % 60:02d}:00+00:00" for m in range(0, 1440, 5)]
    now_s = (now - base).total_seconds()
    cap = now_s - 0.001
    steps = 365 * 288  # five-minute slots over a year

    def stamp(sec: float) -> str:
        us_total = int(sec * 1_000_000)
        d, rem = divmod(us_total, 86_400_000_000)
        sec_i, us = divmod(rem, 1_000_000)
        hh, sec_i = divmod(sec_i, 3600)
        mm, sec_i = divmod(sec_i, 60)
        return f"{days[d]}{hh:02d}:{mm:02d}:{sec_i:02d}.{us or 1:06d}+00:00"

    rand, randrange, bits = rng.random, rng.randrange, rng.getrandbits
    posts = state.posts
    for i in range(n_posts):
        p = platforms[bisect(cum, rand() * total)]
        post_type, kinds, flat, nested = templates[p][randrange(TEMPLATES_PER_PLATFORM)]
        k = first_day * 288 + randrange(steps)
        ts_s = k * 300.0
        optional = p not in ALWAYS_AUTO
        auto, error, url, first_comment = True, None, None, None
        r = rand()
        if ts_s > now_s:
            status = "DRAFT" if (r < 0.1 and p != "snapchat") else "SCHEDULED"
            created = now_s - 1200 - rand() * 1_800_000
            updated = created + rand() * (cap - created)
        else:
            if r < 0.86:
                status = "POSTED"
            elif r < 0.91:
                error, partial = coherent_error(p, kinds, rng)
                status = "PARTIALLY_FAILED" if partial else "FAILED"
                if partial and p in FIRST_COMMENT and "first comment" in error:
                    first_comment = "Which roast are you trying first? 👇"
            elif r < 0.95:
                status, auto = "IMPORTED", not optional
            elif r < 0.98 and optional:
                auto = False
                status = "USERS_NOTIFIED" if now_s - ts_s < 864_000 else "EXPIRED"
            else:
                status = "SKIPPED"
            if status in ("POSTED", "PARTIALLY_FAILED", "IMPORTED"):
                url = permalink(p, post_type, brand.handle, rng)
            created = ts_s - 5400 - rand() * 1_000_000
            updated = min(ts_s + 2 + rand() * 90, cap)
        g = "%032x" % ((bits(128) & _UUID_MASK) | _UUID_V4)
        pid = FIRST_BULK_ID + i
        post = {
            "id": pid,
            "brand_id": brand.id,
            "status": status,
            "auto_publish": auto,
            "timestamp": days[k // 288] + slots[k % 288],
            "has_scheduled_time": True,
            "created_at": stamp(created),
            "updated_at": stamp(updated),
            "approval_policy": "APPROVAL_NOT_REQUIRED",
            "approval_status": "UNASSIGNED",
            "approval_requests": [],
            "num_of_approvals_required": 0,
            "auto_publish_error": error,
            "live_post_url": url,
            "post_group_id": f"{g[:8]}-{g[8:12]}-{g[12:16]}-{g[16:20]}-{g[20:]}",
            "sort_index": None,
        }
        post.update(flat)
        for key, value in nested:
            post[key] = _copy(value)
        if "first_comment" in post:
            post["first_comment"] = first_comment
        posts[pid] = StoredPost(p, post)
    state.next_post_id = FIRST_BULK_ID + n_posts - 1
    return state
