"""What the sandbox holds: the workspace's accounts and plan, posts, idempotency keys, the
clock. Posts are stored in Genviral's own shape (plus `_` keys the API never shows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from dashtui.sandbox_kit.state import read_stamp


parse_time = read_stamp  # naive times stay naive: the profile decides what they mean


def stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


@dataclass
class State:
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)  # insertion = creation
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # external_id -> (id, hash)
    hashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha -> (id, created)
    workspace: dict[str, Any] = field(default_factory=lambda: {
        "id": "ws_sandbox", "name": "Sandbox Studio", "slug": "sandbox-studio"})
    # creator / professional / business use the API; "none" -> 402, "scheduler" -> 403
    plan: str = "creator"
    tiktok_virtual_subscription: bool = True  # hosted TikTok needs it (403 otherwise)
    frozen_at: str | None = None
    clock_offset: float = 0.0
    next_id: int = 1

    def now(self) -> datetime:
        if self.frozen_at:
            return parse_time(self.frozen_at) or datetime.now(timezone.utc)
        return datetime.now(timezone.utc) + timedelta(seconds=self.clock_offset)

    def new_id(self) -> str:
        n = self.next_id
        self.next_id += 1
        return f"{n:08x}-5a4d-4b0c-9e11-{n:012x}"

    def to_json(self) -> dict[str, Any]:
        return {"accounts": self.accounts, "posts": self.posts,
                "keys": {k: list(v) for k, v in self.keys.items()},
                "workspace": self.workspace, "plan": self.plan,
                "tiktok_virtual_subscription": self.tiktok_virtual_subscription,
                "frozen_at": self.frozen_at, "clock_offset": self.clock_offset,
                "now": stamp(self.now())}
