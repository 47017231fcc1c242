"""Demo data: a bakery's Genviral workspace. BYO and hosted accounts on eight networks (one
disconnected), posts in every status (and `deleted`, the list example's stray value),
per-account failures with many causes in the networks' own wordings, hostile captions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

from .publisher import FAILURES, url_for
from .state import State, stamp

_CAPS = {  # platform -> (text_only, caption limit for BYO)
    "tiktok": (False, 2200), "instagram": (False, 2200), "facebook": (True, 63206),
    "linkedin": (True, 3000), "x": (True, 280), "youtube": (False, 5000),
    "pinterest": (False, 800), "bluesky": (True, 300),
}
ACCOUNTS = [  # (platform, type, username, status)
    ("tiktok", "byo", "@sunny.bakes", "active"),
    ("tiktok", "hosted", "@sunny.crumbs", "active"),
    ("instagram", "byo", "@sunnybakes", "active"),
    ("instagram", "hosted", "@sunny.daily", "active"),
    ("facebook", "byo", "Sunny Bakes", "active"),
    ("linkedin", "byo", "Sunny Bakes Ltd", "active"),
    ("x", "byo", "@sunnybakes", "active"),
    ("youtube", "byo", "Sunny Bakes TV", "active"),
    ("pinterest", "byo", "sunnybakes", "active"),
    ("bluesky", "byo", "sunnybakes.bsky.social", "active"),
    ("linkedin", "byo", "Old Page", "disconnected"),
]

HOSTILE = {
    "ansi": "\x1b[31mRED ALERT\x1b[0m fresh loaves \x1b[2J\x1b[H cleared your screen?",
    "osc": "Tap \x1b]8;;https://evil.example\x07here\x1b]8;;\x07 \x1b]52;c;ZXZpbA==\x07 "
           "and \x1b]0;pwned title\x07 for croissants",
    "rtl": "\u202eevil.exe\u202c — خبز طازج كل صباح — לחם טרי",
    "zero_width": "zero\u200bwidth\u200d\ufeffjoin\u2060ers everywhere",
    "emoji": "🍞🥐👩‍🍳🇫🇷 new menu 🧁✨ #bakery #sourdough",
    "long": ("Sourdough diary: " + "flour, water, salt, time. " * 200)[:3000],
}
VIDEO = {"type": "video", "url": "https://cdn.sunnybakes.example/reel-01.mp4",
         "size_bytes": 18_000_000, "duration_seconds": 32}
SLIDES = {"type": "slideshow", "images": [
    {"url": f"https://cdn.sunnybakes.example/slide-{i}.jpg"} for i in range(1, 5)]}


def _account(n: int, platform: str, kind: str, username: str, status: str) -> dict[str, Any]:
    text_only, limit = _CAPS[platform]
    if kind == "hosted":
        text_only, limit = False, 500
    return {
        "id": f"a{n:07d}-0000-4000-8000-{n:012d}", "platform": platform, "type": kind,
        "username": username, "display_name": username.lstrip("@"), "status": status,
        "capabilities": {
            "supported_content": ["video", "slideshow"] + (["text_only"] if text_only else []),
            "text_only": text_only, "caption_limit": limit,
            "media_limits": {"video": {"max_mb": 100, "min_seconds": 15, "max_seconds": 60},
                             "slideshow": {"min_images": 1, "max_images": 35, "max_mb": 5}},
            "unsupported_reasons": {} if text_only else
            {"text_only": f"{platform} requires a video or slideshow"},
            "settings_schema": {"type": "object"},
        },
    }


def build_demo_state(seed: int = 7, now: datetime | None = None) -> State:
    rng = random.Random(seed)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(
        second=0, microsecond=0)
    state = State()
    for n, row in enumerate(ACCOUNTS, 1):
        acct = _account(n, *row)
        state.accounts[acct["id"]] = acct
    ids = list(state.accounts)
    by = {(a["platform"], a["type"]): a["id"] for a in state.accounts.values()
          if a["status"] == "active"}
    tt, tth, ig, igh = by["tiktok", "byo"], by["tiktok", "hosted"], by["instagram", "byo"], \
        by["instagram", "hosted"]
    fb, li, x, yt = by["facebook", "byo"], by["linkedin", "byo"], by["x", "byo"], \
        by["youtube", "byo"]
    pin, bs = by["pinterest", "byo"], by["bluesky", "byo"]

    def add(status: str, accounts: list[str], caption: str, when: datetime | None,
            media: Any = VIDEO, states: dict[str, tuple[str, str | None]] | None = None,
            **extra: Any) -> str:
        pid = state.new_id()
        created = (when or now) - timedelta(days=2, minutes=rng.randint(0, 600))
        st: dict[str, dict[str, Any]] = {}
        for aid in accounts:
            s, error = (states or {}).get(aid, (status if status not in ("partial",)
                                                else "posted", None))
            item: dict[str, Any] = {"status": s, "error_message": error}
            if s in ("posted", "failed"):
                item["last_attempted_at"] = stamp(when or now)
            if s == "posted":
                acct = state.accounts[aid]
                item["published_at"] = stamp(when or now)
                item["published_url"] = url_for(acct["platform"], acct["username"], rng)
            st[aid] = item
        state.posts[pid] = {
            "id": pid, "caption": caption, "status": status,
            "scheduled_at": stamp(when) if when else None, "external_id": extra.pop(
                "external_id", None), "source": extra.pop("source", "partner_api"),
            "media": media, "music_url": extra.pop("music_url", None),
            "settings": extra.pop("settings", None), "tiktok": extra.pop("tiktok", None),
            "pinterest": extra.pop("pinterest", None), "accounts": accounts, "states": st,
            "created_at": stamp(created), "updated_at": stamp(created), **extra}
        return pid

    day = timedelta(days=1)
    hour = timedelta(hours=1)
    # scheduled, across the coming two weeks
    for i in range(12):
        when = now + day * (i // 2) + hour * (9 + 4 * (i % 2)) + timedelta(minutes=15)
        accounts = [[tt], [ig, fb], [tt, ig], [li, x], [yt], [pin]][i % 6]
        media = SLIDES if accounts == [pin] else VIDEO
        bread = rng.choice(["rye", "brioche", "focaccia", "babka"])
        add("scheduled", accounts, f"Bake of the day #{i + 1}: {bread} 🍞",
            when, media, pinterest={"tags": ["bread", "baking"]} if pin in accounts else None)
    add("scheduled", [x, bs], HOSTILE["ansi"], now + 3 * day + hour, None)
    add("scheduled", [fb], HOSTILE["osc"], now + 4 * day + 2 * hour, None)
    add("scheduled", [ig], HOSTILE["rtl"], now + 5 * day + 3 * hour)
    add("scheduled", [li], HOSTILE["zero_width"], now + 6 * day, None)
    add("scheduled", [tt, ig], HOSTILE["emoji"], now + 2 * day + 5 * hour,
        settings={"instagram": {"share_to_feed": True}})
    add("scheduled", [fb], HOSTILE["long"], now + 8 * day, None)
    # drafts and the immediate queue
    add("draft", [tt], "Draft: behind the scenes at 4 a.m.", None)
    add("draft", [ig, tt], "Draft: holiday menu teaser", now + 10 * day)
    add("pending", [x], "Doors open in 10 minutes! Queue forming already.", None, None,
        _queued_at=stamp(now))
    # retry: Genviral is sending the failed accounts again
    add("retry", [tt, ig], "Croissant lamination time-lapse", now - 2 * hour,
        states={tt: ("posted", None), ig: ("retry", None)}, _queued_at=stamp(now))
    # failures, one cause per account, worded as each network words them
    causes = [
        ([ig], FAILURES["instagram"][0]),
        ([tt], FAILURES["tiktok"][0]),
        ([fb], FAILURES["facebook"][0]),
        ([yt], FAILURES["youtube"][0]),
        ([x], FAILURES["x"][0]),
        ([pin], FAILURES["pinterest"][0]),
        ([li], FAILURES["linkedin"][0]),
    ]
    for i, (accounts, cause) in enumerate(causes):
        media = SLIDES if accounts == [pin] else (None if accounts in ([x], [li]) else VIDEO)
        add("failed", accounts, f"Weekend special #{i + 1}", now - day * (i + 1) - hour,
            media, states={a: ("failed", cause) for a in accounts})
    add("failed", [ig, igh], "Two Instagram accounts, one expired token",
        now - 3 * hour, states={ig: ("failed", FAILURES["instagram"][0]),
                                igh: ("failed", FAILURES["instagram"][1])})
    # partial: some accounts went out, some did not
    add("partial", [tt, ig, fb], "Grand opening video 🎉", now - 5 * hour,
        states={tt: ("posted", None), ig: ("failed", FAILURES["instagram"][1]),
                fb: ("failed", FAILURES["facebook"][1])})
    add("partial", [x, bs], "Flash sale: 2-for-1 on baguettes", now - 2 * day, None,
        states={x: ("failed", FAILURES["x"][1]), bs: ("posted", None)})
    # posted history
    for i in range(8):
        accounts = [[tt], [ig], [fb, li], [yt], [tth], [x, bs], [igh], [tt, ig]][i]
        media = None if accounts in ([fb, li], [x, bs]) else VIDEO
        add("posted", accounts, f"Throwback #{i + 1} from the bakery archive",
            now - day * (i + 1) - hour * 3, media)
    add("canceled", [tt], "Canceled: the oven broke", now - 4 * day)
    add("deleted", [ig], "A post the list example shows as deleted", now - 6 * day)
    del ids
    return state
