"""The sandbox's data: accounts, posts and sounds as plain dicts, exactly as the API serves
them (timestamps as UTC `...Z` strings), plus a movable clock."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

from dashtui.sandbox_kit.state import ClockedState, read_stamp

DEMO_TOKEN = "sk_test_demo_sandbox"
TEST_KEY_ACCOUNTS = 10  # "test keys are free but limited to 10 accounts"
PLATFORMS = ("tiktok", "instagram")
# the Edit Post page's list, in its order
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
         "America/Anchorage", "Pacific/Honolulu", "Europe/London", "Europe/Paris",
         "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney")
EDITABLE = ("generated", "pending_render")
STATUSES = ("generated", "pending_render", "scheduled", "posted", "failed")


def iso(dt: datetime) -> str:
    """Infinipost's answer format: UTC with milliseconds and Z."""
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{dt.microsecond // 1000:03d}Z"


def parse_iso(text: Any) -> datetime | None:
    return read_stamp(text, offset_required=True)


@dataclass
class SandboxState(ClockedState):
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # accountId -> account
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)  # postId -> post
    sounds: dict[str, dict[str, Any]] = field(default_factory=dict)  # soundId -> sound
    next_id: int = 100_000
    clock_offset: float = 0.0
    frozen_at: str | None = None

    def new_id(self, prefix: str) -> str:
        self.next_id += 1
        return f"{prefix}_{self.next_id:x}{(self.next_id * 2654435761) % 16 ** 6:06x}"

    def reachable(self, token: str) -> list[str]:
        """Account ids this key may use: a test key only the first ten."""
        ids = list(self.accounts)
        return ids[:TEST_KEY_ACCOUNTS] if token.startswith("sk_test_") else ids

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SandboxState:
        return cls(**raw)
