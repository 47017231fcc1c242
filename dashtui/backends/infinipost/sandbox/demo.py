"""Demo data: a phone farm's week. Seven TikTok and Instagram accounts (one still warming
up, without a username yet), posts in every status (generated, pending_render, the examples'
scheduled, posted, failed with seven causes in varied words, and one status the docs don't
know), videos and slideshows with and without sounds, times in all 11 zones and one post
made in UTC, and hostile captions: terminal escapes, RTL and bidi controls, zero-width
characters, emoji sequences, and captions over the networks' 2,200 limit."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from .publisher import failure, permalink
from .state import ZONES, SandboxState, iso

ACCOUNTS = [
    # (platform, username, status, warmup day)
    ("tiktok", "ember.roasts", "ready", 7),
    ("tiktok", "oakandember_tt", "ready", 7),
    ("tiktok", None, "warming_up", 3),  # TikTok usernames only from day 5
    ("tiktok", "latte.lab", "ready", 7),
    ("instagram", "emberandoak", "ready", 7),
    ("instagram", "emberandoak.events", "ready", 7),
    ("instagram", "oak_wholesale", "created_pending_warmup", 1),
]

HOSTILE = [
    "Roast day \x1b[31mRED ALERT\x1b[0m \x1b[2J\x1b[H cleared? \x1b]52;c;ZXZpbA==\x07 "
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b]0;pwned\x07 #roastday",
    "قهوة إثيوبية جديدة 🫐 \u202bembedded\u202c \u202eevil.exe\u202c.txt \u2067iso\u2069 "
    "קפה חדש מאתיופיה #قهوة",
    "Free\u200b\u200bshipping\u2060today\ufeff soft\u00adhyphen zero\u200cwidth\u200djoin",
    "Family roast 👨‍👩‍👧‍👦☕ 🏳️‍🌈 🏴‍☠️ 🇪🇹🇨🇴 👋🏽 1️⃣#️⃣ ❤️‍🔥 🫶🏾 🧑‍🤝‍🧑",
    "[bold]Flash sale![/bold] [link=https://x.y]all[/link] [@click=app.quit]x[/] $v ${n} {0}",
    ("Long story about our beans. " * 90).strip(),  # ~2,500: over the 2,200 limit
    "Three roasts.\n\n\n\nThree moods.\n.\n.\n\t(tabs)   \n#coffee",
]
PLAIN = ["New single-origin drop: Guji natural ☕", "Pour-over in 30 seconds",
         "Behind the roaster: 5am shift", "Which cup are you? 1, 2 or 3",
         "Latte art fails compilation 😅", "Our green coffee arrives today",
         "Cold brew season is back", "Meet the team: Sam, head roaster"]
SOUNDS = [("Lo-fi morning", "https://www.tiktok.com/@lofi/video/7300000000000000001"),
          ("Trending whistle", "https://www.tiktok.com/@trend/video/7300000000000000002"),
          ("Coffee ASMR", "https://www.tiktok.com/@asmr/video/7300000000000000003")]


def build_demo_state(seed: int = 7, now: datetime | None = None) -> SandboxState:
    rng = random.Random(f"infinipost-demo:{seed}")
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(
        second=0, microsecond=0)
    state = SandboxState()
    for i, (plat, user, status, day) in enumerate(ACCOUNTS):
        acc = state.new_id("acc")
        state.accounts[acc] = {
            "accountId": acc, "platform": plat, "username": user,
            "phoneId": f"phone_{rng.randint(1000, 9999)}", "accountStatus": status,
            "warmupDay": day, "createdAt": iso(now - timedelta(days=30 - i)),
            "partnerUserId": "partner_ember" if i % 2 == 0 else "partner_oak"}
    for name, url in SOUNDS:
        sid = state.new_id("snd")
        state.sounds[sid] = {"soundId": sid, "name": name, "soundUrl": url,
                             "duration": rng.randint(8, 60),
                             "createdAt": iso(now - timedelta(days=20))}
    accounts, sounds = list(state.accounts.values()), list(state.sounds)
    plan = (["posted"] * 14 + ["failed"] * 9 + ["generated"] * 20 + ["pending_render"] * 4
            + ["scheduled"] * 4 + ["publishing"])
    for n, status in enumerate(plan):
        account = accounts[n % len(accounts)]
        past = status in ("posted", "failed")
        when = now + (timedelta(hours=-rng.randint(2, 240)) if past else
                      timedelta(hours=rng.randint(3, 480)))
        when = when.replace(minute=rng.choice([0, 15, 30, 45]))
        if status == "publishing":
            when = now - timedelta(minutes=2)
        slides = n % 3 == 1 or status == "pending_render"
        pid = state.new_id("post")
        caption = HOSTILE[n % len(HOSTILE)] if n % 4 == 0 else rng.choice(PLAIN)
        tiktok = account["platform"] == "tiktok"
        post = {
            "postId": pid, "accountId": account["accountId"], "platform": account["platform"],
            "contentType": "slideshow" if slides else "video",
            "contentUrl": [f"https://cdn.emberandoak.test/slides/{pid}/{k}.jpg"
                           for k in range(1, rng.randint(3, 7))] if slides else
            f"https://cdn.emberandoak.test/videos/{pid}.mp4",
            "thumbnailUrl": None if slides else f"https://cdn.infinipost.test/thumbs/{pid}.jpg",
            "caption": caption,
            "soundId": rng.choice(sounds) if tiktok and n % 2 == 0 else None,
            "timezone": "UTC" if n == 5 else ZONES[n % len(ZONES)],
            "scheduledTime": iso(when), "status": status, "postedAt": None,
            "createdAt": iso(min(when, now) - timedelta(days=rng.randint(1, 5),
                                                        minutes=n)),
        }
        if status == "pending_render":  # made a minute ago: still rendering
            post["createdAt"] = iso(now - timedelta(minutes=1, seconds=n))
        if slides:
            post["slideDuration"] = rng.choice([4, 6, 8])
            post["renderAsVideo"] = status == "pending_render"
        if status == "posted":
            post.update(postedAt=iso(when + timedelta(minutes=1)),
                        postUrl=permalink(post, account, rng))
        elif status == "failed":
            post["failureReason"] = failure(post, account, random.Random(f"{seed}:{n}"))
        state.posts[pid] = post
    return state
