"""The publisher clock: what Genviral does with a post when its time comes [infer: the docs
give the statuses, not the timing].

  scheduled, time has come -> pending (each account pending)
  pending / retry, PUBLISH_DELAY after it was queued -> each account that is pending or
      retry is published: posted (with a URL) or failed (with an error message); the post
      becomes posted (all accounts posted), failed (none) or partial (some)

Outcomes are deterministic: random.Random(seed, post, account, attempt) against
`fail_rate`, unless forced (POST /_sandbox/outcomes) or marked in the caption with
`[sandbox:fail]` / `[sandbox:partial]`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dashtui.sandbox_kit.control import PublisherKnobs

from .state import State, parse_time, stamp

PUBLISH_DELAY = timedelta(seconds=30)
OUTCOMES = ("posted", "failed", "partial")

# per-account failures, worded as the networks word them (more than five causes)
FAILURES = {
    "instagram": ["Instagram access token has expired. Reconnect the account in Genviral.",
                  "Media upload failed: Instagram could not process the video (code 2207026)."],
    "tiktok": ["TikTok rejected the video: duration exceeds the account's limit.",
               "tiktok api error: spam_risk_too_many_posts"],
    "facebook": ["(#200) Requires pages_manage_posts permission to manage the object",
                 "Facebook: session has been invalidated because the user changed their "
                 "password."],
    "linkedin": ["LinkedIn API returned 429 Too Many Requests; try again later."],
    "youtube": ["YouTube: quotaExceeded - The request cannot be completed because you have "
                "exceeded your quota."],
    "pinterest": ["Pinterest: board not found or you do not have access to it."],
    "x": ["X API: 187 Status is a duplicate.",
          "x: 403 Forbidden - You are not permitted to perform this action."],
    "bluesky": ["Bluesky: RateLimitExceeded (createRecord)"],
}
GENERIC = "Media URL returned HTTP 403 when Genviral fetched it."


def failure_for(platform: str | None, rng: random.Random) -> str:
    return rng.choice(FAILURES.get(platform or "", [GENERIC]) + [GENERIC])


def url_for(platform: str | None, username: str | None, rng: random.Random) -> str:
    handle = (username or "account").lstrip("@")
    n = str(rng.randint(10 ** 17, 10 ** 18 - 1))
    return {
        "tiktok": f"https://www.tiktok.com/@{handle}/video/{n}",
        "instagram": f"https://www.instagram.com/p/{n[:11]}/",
        "facebook": f"https://www.facebook.com/{handle}/posts/{n}",
        "x": f"https://x.com/{handle}/status/{n}",
        "linkedin": f"https://www.linkedin.com/feed/update/urn:li:share:{n}/",
        "youtube": f"https://www.youtube.com/watch?v={n[:11]}",
        "pinterest": f"https://www.pinterest.com/pin/{n}/",
        "bluesky": f"https://bsky.app/profile/{handle}/post/{n[:13]}",
    }.get(platform or "", f"https://example.com/{n}")


@dataclass
class Publisher(PublisherKnobs):
    """Moves due posts on: scheduled -> pending -> posted / failed / partial, per account."""

    def tick(self, state: State, now: datetime) -> list[dict[str, Any]]:
        return self.scan(state, now)

    def advance(self, state: State, pid: str, post: dict[str, Any], now: datetime) -> None:
        if post.get("status") == "scheduled":
            when = parse_time(post.get("scheduled_at"))
            if when is not None and when <= now:
                post["status"] = "pending"
                post["_queued_at"] = stamp(when)
                for st in post["states"].values():
                    if st.get("status") in ("scheduled", None):
                        st["status"] = "pending"
        if post.get("status") in ("pending", "retry"):
            queued = parse_time(post.get("_queued_at")) or now
            if now - queued >= PUBLISH_DELAY:
                self._publish(state, pid, post, now)

    def changed(self, post: dict[str, Any], now: datetime) -> None:
        post["updated_at"] = stamp(now)

    def _publish(self, state: State, pid: str, post: dict[str, Any], now: datetime) -> None:
        attempt = post.get("_attempts", 0)
        post["_attempts"] = attempt + 1
        forced = self.outcomes.get(pid)
        if forced is not None and not forced.get("sticky"):
            del self.outcomes[pid]
        caption = post.get("caption") or ""
        due = [a for a, st in post["states"].items()
               if st.get("status") in ("pending", "retry", None)]
        for i, aid in enumerate(due):
            acct = state.accounts.get(aid, {})
            rng = random.Random(f"{self.seed}:{pid}:{aid}:{attempt}")
            if forced is not None:
                kind = forced["status"]
                fails = kind == "failed" or (kind == "partial" and i > 0)
            elif "[sandbox:fail]" in caption:
                fails = True
            elif "[sandbox:partial]" in caption:
                fails = i > 0
            else:
                fails = rng.random() < self.fail_rate
            st = post["states"][aid]
            st["last_attempted_at"] = stamp(now)
            if fails:
                error = (forced or {}).get("error") or failure_for(acct.get("platform"), rng)
                st.update(status="failed", error_message=error, published_url=None)
            else:
                st.update(status="posted", error_message=None, published_at=stamp(now),
                          published_url=url_for(acct.get("platform"), acct.get("username"),
                                                rng))
        post.pop("_queued_at", None)
        statuses = [st.get("status") for st in post["states"].values()]
        if all(s == "posted" for s in statuses):
            post["status"] = "posted"
        elif any(s == "posted" for s in statuses):
            post["status"] = "partial"
        else:
            post["status"] = "failed"


def parse_outcomes(body: Any) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """{"<post id>": {"status": posted|failed|partial, "error"?, "sticky"?}}."""
    if not isinstance(body, dict):
        return {}, {"_schema": ["Invalid input type."]}
    out, errors = {}, {}
    for key, spec in body.items():
        if not isinstance(spec, dict) or spec.get("status") not in OUTCOMES:
            errors[str(key)] = [f"status must be one of {', '.join(OUTCOMES)}"]
        elif set(spec) - {"status", "error", "sticky"}:
            errors[str(key)] = ["unknown field"]
        else:
            out[str(key)] = dict(spec)
    return out, errors
