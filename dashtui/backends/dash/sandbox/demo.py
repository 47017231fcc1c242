"""The sandbox's demo data: what a newcomer first sees (`dashtui --demo`) and what screenshots
are made from; plus a bulk generator for benchmarks.

    build_demo_state(seed=7, now=None, token_brands=None, brands=None) -> SandboxState
    build_bulk_state(n_posts, seed=1, now=None) -> SandboxState

Determinism: same seed and same `now`, the same JSON. The calendar skeleton (which days,
times, platforms, texts and media) depends only on the seed and the date of `now` (in each
brand's own zone), except at the edges of the now +- 8 weeks window; what has happened to each
post (status, error, created_at/updated_at, post ids) and the hand-placed on-call posts of the
first brand (failures of the last days, the next 24 hours, posts publishing right now) are
placed against `now` itself. Posts are coherent with `now`, not with the wall clock: a sandbox
serving a demo built for a fixed `now` should pin its clock there (`frozen_at`).
Content lives in demo_brands.py (brands, topics), demo_hostile.py (hard captions),
demo_media.py (library, boards, permalinks), demo_plan.py (the calendar), demo_posts.py
(post objects) and demo_bulk.py (benchmark data).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from dashtui.backends.dash.sandbox.demo_brands import ACCESSIBLE, ALL_BRANDS, EMBER, ORGANIZATION, DemoBrand
from dashtui.backends.dash.sandbox.demo_bulk import build_bulk_state
from dashtui.backends.dash.sandbox.demo_media import build_boards, build_library
from dashtui.backends.dash.sandbox.demo_plan import WINDOW, Builder, brand_rng, error_like
from dashtui.backends.dash.sandbox.demo_posts import FIRST_COMMENT, Plan, coherent_error, finalize, utc_now
from dashtui.backends.dash.sandbox.state import SandboxState, StoredPost

__all__ = ["build_demo_state", "build_bulk_state", "DEMO_BRAND_IDS", "HIDDEN_BRAND_ID",
           "WINDOW"]

DEMO_BRAND_IDS = tuple(b.id for b in ACCESSIBLE)  # (144, 2000, 3100)
HIDDEN_BRAND_ID = ALL_BRANDS[-1].id  # 4200: exists, but the demo token cannot reach it
MIN_FAILED_FIRST_BRAND = 28
LIBRARY_SIZES = {144: (60, 18, 8), 2000: (40, 12, 8), 3100: (40, 10, 8), 4200: (10, 4, 2)}
FAIL_RATE = {144: 0.07}
AGENCY_FIRST_ID = 5001  # generated brands (an agency's clients): 5001, 5002, ...


def agency_brands(n: int) -> tuple[DemoBrand, ...]:
    """`n` reachable brands: the demo's three, then copies of them under new ids and names
    (each with its own library, boards and posts), for agency-scale runs and benchmarks."""
    if n < 1:
        raise ValueError("brands must be at least 1")
    out = list(ACCESSIBLE[:n])
    for i in range(len(out), n):
        template = ACCESSIBLE[i % len(ACCESSIBLE)]
        number = i + 1
        out.append(dataclasses.replace(
            template, id=AGENCY_FIRST_ID + i - len(ACCESSIBLE),
            name=f"{template.name} ({number:02d})", slug=f"{template.slug}-{number:02d}"))
    return tuple(out)


def _specials(bld: Builder) -> tuple[list[Plan], tuple[datetime, str]]:
    """Hand-placed posts of the first brand, relative to `now`: what the on-call sees.
    Also returns the Instagram incident (since when, error) that _incident applies."""
    rng = brand_rng(bld.seed, bld.brand, "specials")
    now = bld.now
    base = now.replace(minute=now.minute - now.minute % 5, second=0, microsecond=0)
    minute = now.replace(second=0, microsecond=0)

    def at(minutes: float) -> datetime:
        return base + timedelta(minutes=minutes)

    day, hour = 1440, 60
    token_error = error_like("instagram", "Access token expired", rng)
    spec: list[tuple] = [
        # (platform, post_type, time, status, options)
        ("instagram", "FEED", minute, "AUTOPUBLISHING", {}),
        ("linkedin", None, minute - timedelta(minutes=1), "AUTOPUBLISHING", {}),
        # the next 24 hours
        ("instagram", "REEL", at(35), "SCHEDULED", {"approval": "pending"}),
        ("instagram", "FEED", at(75), "SCHEDULED", {}),  # same network, 40 minutes apart
        ("twitter", None, at(110), "SCHEDULED", {}),
        ("tiktok", None, at(4 * hour), "SCHEDULED", {}),
        ("facebook", "POST", at(400), "SCHEDULED", {"auto": False}),
        ("pinterest", None, at(10 * hour), "SCHEDULED", {}),
        ("bluesky", None, at(15 * hour), "SCHEDULED", {}),
        ("youtube", None, at(1300), "SCHEDULED", {}),
        ("linkedin", None, at(26 * hour), "SCHEDULED", {"approval": "pending"}),
        # an incident: the Instagram token expired yesterday; everything since failed
        ("instagram", "FEED", at(-30 * hour), "FAILED", {"error": token_error}),
        ("instagram", "REEL", at(-20 * hour), "FAILED", {"error": token_error}),
        ("instagram", "STORY", at(-8 * hour), "FAILED", {"error": token_error}),
        ("instagram", "FEED", at(-3 * hour), "FAILED", {"error": token_error}),
        # other causes over the last week
        ("tiktok", None, at(-50 * hour), "FAILED", {"hint": "could not be processed"}),
        ("pinterest", None, at(-4 * day), "FAILED", {"hint": "no longer exists"}),
        ("twitter", None, at(-2 * day - 120), "PARTIALLY_FAILED", {"hint": "Thread partially"}),
        ("facebook", "POST", at(-6 * day), "PARTIALLY_FAILED", {"hint": "first comment"}),
        ("linkedin", None, at(-5 * day - 300), "FAILED", {"hint": "rate limit"}),
        ("threads", None, at(-3 * day - 200), "FAILED", {"hint": "was not reachable"}),
        ("instagram", "FEED", at(-day - 500), "PARTIALLY_FAILED", {"hint": "first comment"}),
        ("youtube", None, at(-6 * day - 100), "FAILED", {"hint": "could not be processed"}),
        ("facebook", "REEL", at(-9 * hour), "FAILED", {"hint": "rate limit"}),
        # approvals, manual publishing, RSS, imports
        ("instagram", "FEED", at(-6 * hour), "MISSING_APPROVALS", {"approval": "pending"}),
        ("facebook", "POST", at(-2 * day + 60), "MISSING_APPROVALS", {"approval": "pending"}),
        ("instagram", "STORY", at(-5 * hour), "USERS_NOTIFIED", {"auto": False}),
        ("facebook", "POST", at(-9 * day), "EXPIRED", {"auto": False}),
        ("facebook", "POST", at(-4 * day - 30), "SKIPPED", {"rss": True}),
        ("instagram", "REEL", at(-7 * day), "IMPORTED", {"auto": False}),
        # two on the same network within the hour
        ("twitter", None, at(-26 * hour), "POSTED", {}),
        ("twitter", None, at(-26 * hour + 20), "POSTED", {}),
        ("pinterest", None, at(5 * day), "SCHEDULED", {}),
        ("pinterest", None, at(5 * day + 15), "SCHEDULED", {}),
        # a story draft holding several media (allowed only as a draft)
        ("instagram", "STORY", at(3 * day), "DRAFT", {"media": 3}),
    ]
    plans = []
    for platform, post_type, ts, status, opt in spec:
        plan = bld.plan(platform, post_type, ts, rng)
        plan.status, plan.special = status, True
        plan.auto_publish = opt.get("auto")
        plan.approval = opt.get("approval")
        plan.error = opt.get("error") or (error_like(platform, opt["hint"], rng)
                                          if "hint" in opt else None)
        if "media" in opt:
            plan.media_ids = rng.sample(bld.lib.images, opt["media"])
        if platform == "threads" and not plan.media_ids:
            plan.media_ids = [rng.choice(bld.lib.images)]  # the unreachable image
        if opt.get("rss"):
            plan.extra = {"creation_source": "RSS_FEED", "rss_feed_id": 3307,
                          "rss_guid": "https://emberandoak.coffee/blog/?p="
                                      f"{rng.randint(900, 1999)}",
                          "rss_publish_date": (ts - timedelta(hours=2)).isoformat()}
        if status == "PARTIALLY_FAILED" and platform in FIRST_COMMENT:
            plan.first_comment = "Which roast are you trying first? 👇"
        plans.append(plan)
    return plans, (at(-30 * hour), token_error)


def _incident(posts: list[dict], plans: list[Plan], since: datetime, error: str,
              now: datetime) -> None:
    """Every Instagram auto-publish since the token expired failed the same way."""
    for post, plan in zip(posts, plans):
        if (plan.platform == "instagram" and plan.ts is not None and since <= plan.ts <= now
                and post["auto_publish"]
                and post["status"] in ("POSTED", "PARTIALLY_FAILED", "FAILED")):
            post.update(status="FAILED", auto_publish_error=error, live_post_url=None)


def _ensure_failures(posts: list[dict], plans: list[Plan], now: datetime, seed: int,
                     media: dict[int, dict]) -> None:
    """Top the first brand up to MIN_FAILED_FIRST_BRAND failed posts, most recent first."""
    rng = random.Random(f"dashtui-demo:{seed}:ensure-failures")
    failed = sum(p["status"] in ("FAILED", "PARTIALLY_FAILED") for p in posts)
    candidates = [(plan.ts, post, plan) for post, plan in zip(posts, plans)
                  if not plan.special and post["status"] == "POSTED" and post["auto_publish"]
                  and plan.ts is not None and plan.ts > now - timedelta(days=28)]
    candidates.sort(key=lambda c: c[0], reverse=True)
    for _ts, post, plan in candidates[::2]:
        if failed >= MIN_FAILED_FIRST_BRAND:
            break
        kinds = [media[m]["media_type"] for m in post["media_ids"]]
        error, partial = coherent_error(plan.platform, kinds, rng)
        post["auto_publish_error"] = error
        post["status"] = "PARTIALLY_FAILED" if partial else "FAILED"
        if not partial:
            post["live_post_url"] = None
        elif "first comment" in error and post.get("first_comment") is None:
            post["first_comment"] = "Which roast are you trying first? 👇"
        failed += 1


def _assign_ids(state: SandboxState, items: list[tuple[str, dict]], seed: int,
                start: int) -> None:
    """Post ids grow with created_at, with gaps (other customers' posts in between)."""
    rng = random.Random(f"dashtui-demo:{seed}:ids")
    items.sort(key=lambda it: (it[1]["created_at"], it[1]["brand_id"]))
    next_id = start
    for platform, post in items:
        next_id += rng.randint(1, 37)
        post["id"] = next_id
        for req in post["approval_requests"]:
            req["post_id"] = next_id
        state.posts[next_id] = StoredPost(platform, post)
    state.next_post_id = next_id


def build_demo_state(seed: int = 7, now: datetime | None = None,
                     token_brands: Iterable[int] | None = None,
                     brands: int | None = None) -> SandboxState:
    """Three brands the token reaches (144, 2000, 3100) and one it does not (4200), each with a
    media library, Pinterest boards and posts over the 8 weeks either side of `now`.

    brands: reachable brands wanted instead of three (agency_brands); 4200 stays hidden."""
    now = utc_now(now)
    state = SandboxState(organization=dict(ORGANIZATION))
    reachable = ACCESSIBLE if brands is None else agency_brands(brands)
    every = (*reachable, ALL_BRANDS[-1])
    state.accessible_brands = list(tuple(b.id for b in reachable) if token_brands is None
                                   else token_brands)
    ids = [950_680_000, 647_700_000]  # next library row id, next media_id
    items: list[tuple[str, dict]] = []
    for brand in every:
        state.brands[brand.id] = brand.as_json()
        lib = build_library(brand, brand_rng(seed, brand, "library"), now, ids,
                            LIBRARY_SIZES.get(brand.id, (30, 8, 6)))
        state.media.update(lib.media)
        boards = build_boards(brand, brand_rng(seed, brand, "boards"))
        state.boards[brand.id] = boards
        bld = Builder(brand, lib, boards, seed, now)
        plans = bld.skeleton() + bld.hostile()
        incident = None
        if brand is EMBER:
            specials, incident = _specials(bld)
            plans += specials + bld.unscheduled(8)
        elif brand in reachable:
            plans += bld.unscheduled(3)
        rng = brand_rng(seed, brand, "status")
        posts = [finalize(p, now, rng, FAIL_RATE.get(brand.id, 0.03), lib.media) for p in plans]
        if incident:
            _incident(posts, plans, *incident, now)
            _ensure_failures(posts, plans, now, seed, lib.media)
        items += [(plan.platform, post) for plan, post in zip(plans, posts)]
    state.next_media_id = ids[1]
    _assign_ids(state, items, seed, 806_000)
    return state
