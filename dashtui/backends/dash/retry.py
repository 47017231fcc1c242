"""When to try a request again, and how long to wait first.

Only idempotent requests are retried here. A POST may have created the post before the
connection dropped, and Dash has no idempotency key, so resending it blindly could double a
post; a PATCH goes through the store's outbox, which retries it after checking `updated_at`.
Sleep and both clocks are injectable so tests never wait.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .errors import ConnectionFailed, DashError, DashTimeout, RateLimitError, ServerError

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4  # attempts in all, the first included
    base_delay: float = 0.5  # seconds before the first retry; doubles each time
    max_delay: float = 8.0  # cap on one backoff wait (not on a server-given reset)
    max_total: float = 30.0  # budget for the whole call, attempts and waits together
    jitter: bool = True  # spread retries so concurrent refreshes don't stampede
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)  # elapsed time
    wall: Callable[[], float] = field(default=time.time, compare=False)  # UNIX time, for resets
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    @classmethod
    def never(cls) -> RetryPolicy:
        return cls(max_attempts=1)

    def backoff(self, failures: int) -> float:
        """Wait after the `failures`-th failed attempt: exponential, capped, half-jittered."""
        delay = min(self.max_delay, self.base_delay * (2 ** max(failures - 1, 0)))
        if self.jitter:
            delay = self.rng.uniform(delay / 2, delay)
        return delay

    def next_delay(self, method: str, error: DashError, attempt: int,
                   elapsed: float) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to give up and raise."""
        if method.upper() not in IDEMPOTENT_METHODS or attempt >= self.max_attempts:
            return None
        if isinstance(error, RateLimitError):
            if error.retry_after is not None:
                delay = max(error.retry_after, 0.0)
                if self.jitter:  # a reset is whole seconds; don't all arrive on the tick
                    delay += self.rng.uniform(0, min(self.base_delay, 1.0))
            else:
                delay = self.backoff(attempt)
        elif isinstance(error, ServerError):
            if error.status not in RETRY_STATUSES:
                return None  # a 500 is a bug on Dash's side, not a passing state
            delay = self.backoff(attempt)
            if error.retry_after is not None:
                delay = max(delay, error.retry_after)
        elif isinstance(error, (ConnectionFailed, DashTimeout)):
            delay = self.backoff(attempt)
        else:
            return None
        if elapsed + delay > self.max_total:
            return None  # the wait would blow the budget: say so now rather than hang
        return delay


def parse_retry_after(value: str | None, now: float) -> float | None:
    """`Retry-After` as seconds from now: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    import email.utils  # nine modules, for a header seldom sent: not at start-up

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(when.timestamp() - now, 0.0)


def parse_reset(value: str | None) -> datetime | None:
    """`x-ratelimit-reset`: UNIX seconds (RL)."""
    if not value:
        return None
    try:
        stamp = float(value.strip())
    except ValueError:
        return None
    if stamp <= 0:
        return None
    try:
        return datetime.fromtimestamp(stamp, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class RateLimit:
    """The last `x-ratelimit-*` headers seen, for the UI's header line."""

    limit: int | None
    remaining: int | None
    reset_at: datetime | None
    seen_at: datetime

    @classmethod
    def from_headers(cls, headers, now: float) -> RateLimit | None:
        limit = _int(headers.get("x-ratelimit-limit"))
        remaining = _int(headers.get("x-ratelimit-remaining"))
        reset_at = parse_reset(headers.get("x-ratelimit-reset"))
        if limit is None and remaining is None and reset_at is None:
            return None
        return cls(limit, remaining, reset_at, datetime.fromtimestamp(now, tz=timezone.utc))

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining <= 0
