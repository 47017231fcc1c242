"""The sandbox's data: accounts, posts and sounds as plain dicts, exactly as the API serves
them (timestamps as UTC `...Z` strings), plus a movable clock."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

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
    if not isinstance(text, str) or not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else None


@dataclass
class SandboxState:
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # accountId -> account
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)  # postId -> post
    sounds: dict[str, dict[str, Any]] = field(default_factory=dict)  # soundId -> sound
    next_id: int = 100_000
    clock_offset: float = 0.0
    frozen_at: str | None = None

    def now(self) -> datetime:
        if self.frozen_at:
            return datetime.fromisoformat(self.frozen_at)
        return datetime.now(timezone.utc) + timedelta(seconds=self.clock_offset)

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

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump(self.to_json(), fh)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> SandboxState:
        return cls.from_json(json.loads(path.read_text()))
