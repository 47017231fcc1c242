"""Planning one brand's demo calendar: the skeleton of days, times, platforms, texts and media,
the hostile-caption placements and the unscheduled drafts. Outcomes are decided later, by
demo_posts.finalize, against `now`."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dashtui.backends.dash.sandbox.demo_brands import DemoBrand
from dashtui.backends.dash.sandbox.demo_hostile import placements
from dashtui.backends.dash.sandbox.demo_media import Library
from dashtui.backends.dash.sandbox.demo_posts import (
    Plan, caption_fields, choose_media, choose_post_type, new_uuid,
)
from dashtui.backends.dash.sandbox.failures import pick

WINDOW = timedelta(weeks=8)  # demo posts lie within now +- WINDOW


def brand_rng(seed: int, brand: DemoBrand, part: str) -> random.Random:
    return random.Random(f"dashtui-demo:{seed}:{brand.id}:{part}")


def _weighted_distinct(weights: dict[str, int], k: int, rng: random.Random) -> list[str]:
    """k distinct keys, weighted (Efraimidis-Spirakis)."""
    keyed = sorted(weights, key=lambda p: rng.random() ** (1 / weights[p]), reverse=True)
    return keyed[:k]


def _poisson(mean: float, rng: random.Random) -> int:
    limit, k, prod = math.exp(-mean), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def _quiet_days(seed: int, brand: DemoBrand) -> set[int]:
    """Day offsets with no posts at all: two shared by every brand, three per brand."""
    shared = random.Random(f"dashtui-demo:{seed}:quiet")
    own = brand_rng(seed, brand, "quiet")
    far = [d for d in range(-50, 51) if abs(d) >= 10]
    return set(shared.sample(far, 2)) | set(own.sample(far, 3))


class Builder:
    """Plans for one brand."""

    def __init__(self, brand: DemoBrand, lib: Library, boards: list[dict], seed: int,
                 now: datetime):
        self.brand, self.lib, self.boards, self.now = brand, lib, boards, now
        self.zone = ZoneInfo(brand.zone)
        self.today = now.astimezone(self.zone).date()
        self.seed = seed

    def local(self, day: date, hh: int, mm: int) -> datetime:
        return datetime.combine(day, time(hh, mm), self.zone).astimezone(timezone.utc)

    def plan(self, platform: str, post_type: str | None, ts: datetime | None,
             rng: random.Random, topic_index: int | None = None, group: str | None = None,
             campaign: int | None = None) -> Plan:
        b = self.brand
        idx = rng.randrange(len(b.topics)) if topic_index is None else topic_index
        topic = b.topics[idx]
        board = rng.choice(self.boards) if platform == "pinterest" else None
        fields = caption_fields(platform, post_type, b, topic, rng, board)
        media = choose_media(platform, post_type, self.lib, rng)
        if campaign is None and rng.random() < 0.25:
            campaign = 10_000 + b.id * 10 + idx
        tags = [b.id * 100 + k for k in range(1, 7)]
        return Plan(
            brand=b, platform=platform, post_type=post_type, ts=ts, fields=fields,
            media_ids=media, group=group or new_uuid(rng), topic=topic,
            campaign_ids=[campaign] if campaign else [],
            content_tag_ids=sorted(rng.sample(tags, rng.choice((0, 0, 1, 2)))),
            board_ids=[b.id * 1000 + rng.randint(1, 4)] if rng.random() < 0.15 else [],
        )

    # -- the calendar ---------------------------------------------------------------------
    def skeleton(self) -> list[Plan]:
        b, rng = self.brand, brand_rng(self.seed, self.brand, "skeleton")
        quiet = {self.today + timedelta(days=d) for d in _quiet_days(self.seed, b)}
        lo, hi = self.now - WINDOW, self.now + WINDOW
        plans: list[Plan] = []
        for d in range(-57, 58):
            day = self.today + timedelta(days=d)
            mean = b.volume * (b.weekend if day.weekday() >= 5 else 1.0)
            n = _poisson(mean, rng)
            todays: list[Plan] = []
            used: set[str] = set()
            if n and rng.random() < 0.12:  # a cross-posted campaign: one post_group_id
                k = rng.randint(3, 5)
                platforms = _weighted_distinct(b.platform_weights, k, rng)
                used.update(platforms)
                hh, mm = rng.choice(b.slots)
                t0 = self.local(day, hh, mm)
                idx = rng.randrange(len(b.topics))
                group = new_uuid(rng)
                for i, p in enumerate(platforms):
                    ts = t0 + timedelta(minutes=i * rng.choice((0, 5, 10)))
                    todays.append(self.plan(p, choose_post_type(p, rng), ts, rng, idx, group,
                                            10_000 + b.id * 10 + idx))
            rest = {p: w for p, w in b.platform_weights.items() if p not in used}
            platforms = _weighted_distinct(rest, min(n, len(rest)), rng)
            slots = rng.sample(b.slots, min(len(platforms), len(b.slots)))
            while len(slots) < len(platforms):
                slots.append((rng.randint(7, 21), rng.choice((0, 10, 20, 30, 40, 50))))
            for p, (hh, mm) in zip(platforms, slots):
                todays.append(self.plan(p, choose_post_type(p, rng), self.local(day, hh, mm), rng))
            for plan in todays:
                assert plan.ts is not None
                local_day = plan.ts.astimezone(self.zone).date()
                if lo <= plan.ts <= hi and local_day not in quiet and plan.ts.date() not in quiet:
                    plans.append(plan)
        return plans

    def hostile(self) -> list[Plan]:
        rng = brand_rng(self.seed, self.brand, "hostile")
        plans = []
        for h in placements():
            if h.brand_id != self.brand.id:
                continue
            ts = self.local(self.today + timedelta(days=h.day), h.hour, h.minute)
            plan = self.plan(h.platform, h.post_type, ts, rng)
            if h.platform == "pinterest":
                meta = plan.fields["meta"]
                meta["title"] = h.extra.get("meta_title", meta["title"])
            plan.fields.update(h.fields)
            plan.status, plan.special = h.status, True
            if h.error_hint:
                plan.error = error_like(h.platform, h.error_hint, rng)
            plans.append(plan)
        return plans

    def unscheduled(self, count: int) -> list[Plan]:
        """Drafts with no time yet, ordered by sort_index; some without media."""
        rng = brand_rng(self.seed, self.brand, "unscheduled")
        kinds = [("instagram", "FEED", False), ("tiktok", None, False), ("pinterest", None, False),
                 ("twitter", None, True), ("linkedin", None, True), ("facebook", "POST", True),
                 ("threads", None, True), ("instagram", "REEL", True)]
        plans = []
        for i, (p, pt, keep_media) in enumerate(kinds[:count]):
            plan = self.plan(p, pt, None, rng)
            if not keep_media:
                plan.media_ids = []
            plan.status, plan.special, plan.sort_index = "DRAFT", True, float(i + 1)
            plans.append(plan)
        return plans


def error_like(platform: str, hint: str, rng: random.Random) -> str:
    """A failures.py error for `platform` whose text contains `hint`."""
    for _ in range(500):
        text, _partial = pick(platform, rng)
        if hint in text:
            return text
    raise ValueError(f"no failure cause matching {hint!r} for {platform}")
