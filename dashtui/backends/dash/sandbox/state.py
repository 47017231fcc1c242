"""The sandbox's data: plain JSON-shaped dicts, exactly as the API serves them.

Deliberately free of dashtui.domain: the sandbox is an independent stand-in for Dash, written
from the reference, so that it and the client can disagree and a test can catch either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from dashtui.sandbox_kit.state import ClockedState

DEFAULT_TOKEN = "dash-sandbox-token"
PLATFORMS = ("instagram", "facebook", "tiktok", "twitter", "threads", "linkedin", "youtube",
             "snapchat", "pinterest", "bluesky")


@dataclass
class StoredPost:
    platform: str
    data: dict[str, Any]  # the post object as GET returns it (media expanded on the way out)


@dataclass
class SandboxState(ClockedState):
    """Everything the sandbox knows. `clock_offset` shifts the publisher clock from real time."""

    organization: dict[str, Any] = field(default_factory=lambda: {"id": 1, "name": "Sandbox Org"})
    brands: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> {id, name, slug}
    accessible_brands: list[int] = field(default_factory=list)  # what the token may touch
    media: dict[int, dict[str, Any]] = field(default_factory=dict)  # media_id -> library object
    boards: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # brand -> boards
    posts: dict[int, StoredPost] = field(default_factory=dict)
    next_post_id: int = 800_000
    next_media_id: int = 650_000_000
    clock_offset: float = 0.0  # seconds added to the wall clock
    frozen_at: str | None = None  # ISO time the clock is pinned to, if set

    def new_post_id(self) -> int:
        self.next_post_id += 1
        return self.next_post_id

    def new_media_id(self) -> int:
        self.next_media_id += 1
        return self.next_media_id

    # -- persistence (--state FILE) ---------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "brands": {str(k): v for k, v in self.brands.items()},
            "accessible_brands": self.accessible_brands,
            "media": {str(k): v for k, v in self.media.items()},
            "boards": {str(k): v for k, v in self.boards.items()},
            "posts": {str(k): {"platform": p.platform, "data": p.data}
                      for k, p in self.posts.items()},
            "next_post_id": self.next_post_id,
            "next_media_id": self.next_media_id,
            "clock_offset": self.clock_offset,
            "frozen_at": self.frozen_at,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SandboxState:
        return cls(
            organization=raw["organization"],
            brands={int(k): v for k, v in raw["brands"].items()},
            accessible_brands=list(raw["accessible_brands"]),
            media={int(k): v for k, v in raw["media"].items()},
            boards={int(k): v for k, v in raw["boards"].items()},
            posts={int(k): StoredPost(v["platform"], v["data"]) for k, v in raw["posts"].items()},
            next_post_id=raw["next_post_id"],
            next_media_id=raw["next_media_id"],
            clock_offset=raw.get("clock_offset", 0.0),
            frozen_at=raw.get("frozen_at"),
        )

def iso(dt: datetime) -> str:
    """Dash's response format: explicit +00:00 offset."""
    return dt.astimezone(timezone.utc).isoformat()
