"""What did not refresh: per brand and platform, since when, why, and how old its cache is.

Kept by the Session from each SyncResult; the header and the failed view say it until the
platform lands again, so a partial refresh never reads as "synced just now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .errors import (ConnectionFailed, BackendError, TimedOut, MalformedResponse,
                         RateLimitError)
from .domain.platforms import SPECS, Platform


@dataclass(frozen=True)
class Stale:
    brand_id: int
    platform: Platform
    reason: str  # short: "500", "timeout", "offline", "bad answer", "429"
    since: datetime  # first failure in a row (session clock)
    cached_at: float | None  # when this platform's cache last landed (epoch), None if never

    @property
    def label(self) -> str:
        return SPECS[self.platform].label


def short_reason(error: BackendError) -> str:
    """A word or code for a header: the details are in the toast and the error panel."""
    if isinstance(error, RateLimitError):
        return "429"
    if isinstance(error, TimedOut):
        return "timeout"
    if isinstance(error, ConnectionFailed):
        return "offline"
    if isinstance(error, MalformedResponse):
        return "bad answer"
    if error.status:
        return str(error.status)
    return type(error).__name__.removesuffix("Error").lower() or "error"


def join_labels(stale: list[Stale], every: int) -> str:
    """'X, Threads' or 'every platform'."""
    platforms = {s.platform for s in stale}
    if len(platforms) >= every:
        return "every platform"
    return ", ".join(SPECS[p].label for p in Platform if p in platforms)


def reasons(stale: list[Stale]) -> str:
    seen: list[str] = []
    for s in stale:
        if s.reason not in seen:
            seen.append(s.reason)
    return ", ".join(seen)


def oldest_cache(stale: list[Stale]) -> float | None:
    stamps = [s.cached_at for s in stale if s.cached_at is not None]
    return min(stamps) if stamps else None
