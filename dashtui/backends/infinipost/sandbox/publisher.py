"""The publisher clock: what Infinipost does when a post's time comes (inferred; the
reference documents the statuses, not the transitions).

On every request and clock change:
  pending_render, rendered (RENDER_SECONDS after it was made) -> generated
  generated | scheduled, scheduledTime has come              -> posted | failed
  pending_render whose time has come                         -> rendered and published in
                                                                one go

Outcomes are deterministic: random.Random(seed, post id) against `fail_rate`, unless forced
(POST /_sandbox/outcomes) or marked in the caption (`[sandbox:fail]`). A failure carries its
cause in `failureReason` (an undocumented field name: Infinipost's docs show none).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from dashtui.sandbox_kit.control import PublisherKnobs

from .state import iso, parse_iso

RENDER_SECONDS = 600  # how long a render takes
OUTCOMES = ("posted", "failed")

# (platforms or None for both, wordings): at least five causes, each in varied words
CAUSES: list[tuple[frozenset[str] | None, tuple[str, ...]]] = [
    (None, ("Session expired on phone {phone}: log the account back in on the device.",
            "Device {phone} reported the app logged out (session expired); re-login needed.")),
    (None, ("Content download failed: {url} returned HTTP 403.",
            "Could not fetch content from {url} (HTTP 404 Not Found).")),
    (None, ("Phone {phone} was offline at the scheduled time; the post was not sent.",
            "No heartbeat from device {phone} for {n} minutes: post skipped.")),
    (frozenset({"instagram"}), (
        "Instagram rejected the media: aspect ratio {a}:1 is outside 4:5 to 1.91:1.",
        "Media rejected by Instagram (unsupported aspect ratio {a}:1).")),
    (frozenset({"tiktok"}), (
        "Sound {sound} is not available in this account's region.",
        "TikTok removed sound {sound}: it is no longer available.")),
    (None, ("Caption rejected: contains the banned hashtag #{tag}.",
            "The network blocked the caption (restricted hashtag #{tag}).")),
    (None, ("Account still warming up (day {d} of 7): posting is blocked until it is ready.",
            "Posting not allowed during warmup (day {d}/7).")),
]


def failure(post: dict[str, Any], account: dict[str, Any], rng: random.Random) -> str:
    options = [w for plats, w in CAUSES if (plats is None or post.get("platform") in plats)
               and (post.get("soundId") or "{sound}" not in w[0])]
    wording = rng.choice(rng.choice(options))
    url = post.get("contentUrl")
    url = url[0] if isinstance(url, list) and url else url
    return wording.format(phone=account.get("phoneId") or "unknown", url=url or "the content",
                          n=rng.randint(12, 180), a=rng.choice(["2.4", "3", "0.5"]),
                          sound=post.get("soundId") or "snd_unknown",
                          tag=rng.choice(["followforfollow", "like4like", "freegiveaway"]),
                          d=account.get("warmupDay") or rng.randint(1, 4))


def permalink(post: dict[str, Any], account: dict[str, Any], rng: random.Random) -> str:
    handle = account.get("username") or "user"
    if post.get("platform") == "instagram":
        code = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(11))
        return f"https://www.instagram.com/p/{code}/"
    return f"https://www.tiktok.com/@{handle}/video/{rng.randint(10 ** 18, 10 ** 19 - 1)}"


@dataclass
class Publisher(PublisherKnobs):
    """Moves posts on: render, then publish when due."""

    def tick(self, state: Any, now: Any) -> list[dict[str, Any]]:
        return self.scan(state, now, id_key="postId")

    def advance(self, state: Any, pid: str, post: dict[str, Any], now: Any) -> None:
        if post.get("status") == "pending_render":
            made = parse_iso(post.get("createdAt"))
            if made is not None and now - made >= timedelta(seconds=RENDER_SECONDS):
                post["status"] = "generated"
        if post.get("status") in ("generated", "scheduled", "pending_render"):
            when = parse_iso(post.get("scheduledTime"))
            if when is not None and when <= now:
                self._publish(pid, post, state, now)

    def _publish(self, pid: str, post: dict[str, Any], state: Any, now: Any) -> None:
        account = state.accounts.get(post.get("accountId"), {})
        rng = random.Random(f"{self.seed}:{pid}")
        forced = self.outcomes.pop(pid, None)
        if forced is not None:
            status, reason = forced["status"], forced.get("reason")
        elif "[sandbox:fail]" in (post.get("caption") or ""):
            status, reason = "failed", None
        else:
            status = "failed" if rng.random() < self.fail_rate else "posted"
            reason = None
        if status == "failed":
            post.update(status="failed", failureReason=reason or failure(post, account, rng),
                        postedAt=None)
        else:
            post.update(status="posted", postedAt=iso(now), failureReason=None,
                        postUrl=permalink(post, account, rng))


def parse_outcomes(body: Any) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """{"<postId>": {"status": "posted"|"failed", "reason"?}}."""
    if not isinstance(body, dict):
        return {}, {"body": "must be an object"}
    out, errors = {}, {}
    for key, spec in body.items():
        if not isinstance(spec, dict) or spec.get("status") not in OUTCOMES or \
                set(spec) - {"status", "reason"}:
            errors[str(key)] = "expected {status: posted|failed, reason?}"
        else:
            out[str(key)] = dict(spec)
    return out, errors
