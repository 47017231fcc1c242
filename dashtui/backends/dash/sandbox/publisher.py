"""The publisher: what Dash does at a post's scheduled time (reference 5, inferred).

Runs on every request and on every clock change:
  SCHEDULED, time has come -> MISSING_APPROVALS (approval required, not approved)
                           -> USERS_NOTIFIED    (auto_publish false: a push, no publish)
                           -> AUTOPUBLISHING
  AUTOPUBLISHING -> POSTED | FAILED | PARTIALLY_FAILED, on a later tick once the clock has
                    moved past the moment it started, or in the same tick once a minute of
                    clock has passed (a big clock jump goes straight through). Posts that
                    were AUTOPUBLISHING in loaded data take that full minute.

Outcomes are deterministic: random.Random(seed, post id, attempt) against `fail_rate`,
unless forced for a post (POST /_sandbox/outcomes) or marked in the caption with
`[sandbox:fail]` / `[sandbox:partial]` (handy from the TUI in the demo).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dashtui.sandbox_kit.control import PublisherKnobs

from . import failures
from .fields import parse_datetime
from .posts import INTERNAL, bump, stamp
from .rules import caption_text

PUBLISH_TIME = timedelta(seconds=60)
OUTCOMES = ("POSTED", "FAILED", "PARTIALLY_FAILED")


@dataclass
class Publisher(PublisherKnobs):
    outcomes: dict[int, dict[str, Any]] = field(default_factory=dict)  # by post id
    tick_no: int = 0

    # A full scan of every post costs ~0.1 s at 100,000 posts, too much for every request.
    # So: scan everything only when posts changed (`dirty`, set by every API write, or a
    # different posts dict, count or id counter) or the earliest SCHEDULED time has come;
    # otherwise only look at the posts already AUTOPUBLISHING. Code that edits a stored
    # post in place, behind the API's back, sets `dirty`.
    dirty: bool = True
    next_due: datetime | None = None
    publishing: set[int] = field(default_factory=set)
    _fingerprint: tuple[int, int, int] = (-1, -1, -1)

    def tick(self, state: Any, now: datetime) -> list[dict[str, Any]]:
        self.tick_no += 1
        fingerprint = (id(state.posts), len(state.posts), state.next_post_id)
        full = self.dirty or fingerprint != self._fingerprint or (
            self.next_due is not None and now >= self.next_due)
        if full:
            candidates = list(state.posts)
            self.dirty, self._fingerprint, self.next_due = False, fingerprint, None
            self.publishing = set()
        else:
            candidates = [pid for pid in self.publishing if pid in state.posts]
        changes = []
        for pid in candidates:
            stored = state.posts[pid]
            change = self._step(pid, stored, state, now)
            if change:
                changes.append(change)
            status = stored.data.get("status")
            if status == "AUTOPUBLISHING":
                self.publishing.add(pid)
            else:
                self.publishing.discard(pid)
                if full and status == "SCHEDULED":
                    when = parse_datetime(stored.data.get("timestamp") or "")
                    if when is not None and (self.next_due is None or when < self.next_due):
                        self.next_due = when
        return sorted(changes, key=lambda c: c["id"])

    def _step(self, pid: int, stored: Any, state: Any, now: datetime
              ) -> dict[str, Any] | None:
        data = stored.data
        before = data.get("status")
        if before == "SCHEDULED":
            when = parse_datetime(data.get("timestamp") or "")
            if when is None or when > now:
                return None
            data["status"] = _gate(data) or "AUTOPUBLISHING"
            if data["status"] == "AUTOPUBLISHING":
                data[INTERNAL + "since"] = stamp(when)
                data[INTERNAL + "tick"] = self.tick_no
        if data.get("status") == "AUTOPUBLISHING" and self._due(data, now):
            self._finish(pid, stored.platform, data, state)
        if data.get("status") == before:
            return None
        data["updated_at"] = bump(data.get("updated_at"), now)
        return {"id": pid, "platform": stored.platform, "brand_id": data.get("brand_id"),
                "from": before, "to": data["status"]}

    def _due(self, data: dict[str, Any], now: datetime) -> bool:
        since = (parse_datetime(data.get(INTERNAL + "since") or "")
                 or parse_datetime(data.get("timestamp") or "")
                 or parse_datetime(data.get("updated_at") or "") or now)
        # posts that arrived AUTOPUBLISHING from outside (demo data, a forced status) have no
        # tick: they take the full minute, so a fresh demo still shows them publishing
        started_earlier = data.get(INTERNAL + "tick", self.tick_no) < self.tick_no
        return now - since >= PUBLISH_TIME or (started_earlier and now > since)

    def _finish(self, pid: int, platform: str, data: dict[str, Any], state: Any) -> None:
        data.pop(INTERNAL + "since", None)
        data.pop(INTERNAL + "tick", None)
        gated = _gate(data)
        if gated:
            data["status"] = gated
            return
        attempt = data.get(INTERNAL + "attempts", 0)
        data[INTERNAL + "attempts"] = attempt + 1
        rng = random.Random(f"{self.seed}:{pid}:{attempt}")
        status, error, url = self._outcome(pid, platform, data, rng)
        if status != "FAILED":
            brand = state.brands.get(data.get("brand_id"), {})
            url = url or permalink(platform, data, brand.get("slug") or "brand", rng)
        data.update(status=status, auto_publish_error=error,
                    live_post_url=url if status != "FAILED" else None)

    def _outcome(self, pid: int, platform: str, data: dict[str, Any], rng: random.Random
                 ) -> tuple[str, str | None, str | None]:
        forced = self.outcomes.get(pid)
        if forced is not None:
            if not forced.get("sticky"):
                del self.outcomes[pid]
            status = forced["status"]
            error = forced.get("error")
            if status != "POSTED" and not error:
                error = failures.pick(platform, rng)[0]
            return status, error if status != "POSTED" else None, forced.get("live_post_url")
        text = caption_text(data)
        if "[sandbox:fail]" in text:
            return "FAILED", failures.pick(platform, rng)[0], None
        if "[sandbox:partial]" in text:
            return "PARTIALLY_FAILED", "Post published, but part of it failed: " \
                "the first comment was blocked by the network.", None
        if rng.random() < self.fail_rate:
            error, partial = failures.pick(platform, rng)
            return ("PARTIALLY_FAILED" if partial else "FAILED"), error, None
        return "POSTED", None, None


def _gate(data: dict[str, Any]) -> str | None:
    """Why a due post does not publish itself, if it doesn't."""
    if data.get("approval_policy") == "APPROVAL_REQUIRED" and \
            data.get("approval_status") != "APPROVED":
        return "MISSING_APPROVALS"
    if data.get("auto_publish") is False:
        return "USERS_NOTIFIED"
    return None


def permalink(platform: str, data: dict[str, Any], slug: str, rng: random.Random) -> str:
    """A realistic network permalink for a published post."""
    handle = slug.replace("-", "").replace("_", "")[:24] or "brand"
    digits = lambda n: str(rng.randint(10 ** (n - 1), 10 ** n - 1))  # noqa: E731
    code = lambda n, extra="": "".join(  # noqa: E731
        rng.choice(string.ascii_letters + string.digits + extra) for _ in range(n))
    kind = data.get("post_type")
    if platform == "instagram":
        if kind == "STORY":
            return f"https://www.instagram.com/stories/{handle}/{digits(19)}/"
        return f"https://www.instagram.com/{'reel' if kind == 'REEL' else 'p'}/{code(11, '_-')}/"
    if platform == "facebook":
        if kind == "REEL":
            return f"https://www.facebook.com/reel/{digits(16)}"
        return f"https://www.facebook.com/{digits(15)}/posts/{digits(16)}"
    return {
        "tiktok": f"https://www.tiktok.com/@{handle}/video/{digits(19)}",
        "twitter": f"https://x.com/{handle}/status/{digits(19)}",
        "threads": f"https://www.threads.net/@{handle}/post/{code(11, '_-')}",
        "linkedin": f"https://www.linkedin.com/feed/update/urn:li:share:{digits(19)}/",
        "youtube": f"https://www.youtube.com/watch?v={code(11, '_-')}",
        "snapchat": (f"https://www.snapchat.com/spotlight/{code(24)}" if kind == "SPOTLIGHT"
                     else f"https://www.snapchat.com/add/{handle}"),
        "pinterest": f"https://www.pinterest.com/pin/{digits(18)}/",
        "bluesky": f"https://bsky.app/profile/{handle}.bsky.social/post/"
                   f"{code(13, '').lower()}",
    }.get(platform, f"https://example.com/{platform}/{digits(12)}")


def parse_outcomes(body: Any) -> tuple[dict[int, dict[str, Any]], dict[str, Any]]:
    """Body of POST /_sandbox/outcomes: {"<post_id>": {"status", "error"?, "live_post_url"?,
    "sticky"?}}. Returns (outcomes, errors)."""
    if not isinstance(body, dict):
        return {}, {"_schema": ["Invalid input type."]}
    out, errors = {}, {}
    for key, spec in body.items():
        if not str(key).isdigit():
            errors[str(key)] = ["Not a valid post id."]
        elif not isinstance(spec, dict) or spec.get("status") not in OUTCOMES:
            errors[str(key)] = {"status": [f"Must be one of: {', '.join(OUTCOMES)}."]}
        elif set(spec) - {"status", "error", "live_post_url", "sticky"}:
            errors[str(key)] = {k: ["Unknown field."] for k in set(spec) -
                                {"status", "error", "live_post_url", "sticky"}}
        else:
            out[int(key)] = dict(spec)
    return out, errors
