"""Refreshing the cache from Dash: ten platform list calls at once, each landing on its own."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..api.errors import DashError
from ..domain.platforms import Platform
from ..domain.posts import Post
from .cache import Cache


@dataclass
class SyncResult:
    brand_id: int
    start: datetime
    end: datetime
    landed: dict[Platform, int] = field(default_factory=dict)  # posts received per platform
    failed: dict[Platform, DashError] = field(default_factory=dict)
    removed: int = 0  # cached posts the server no longer has

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line for the status bar."""
        got = sum(self.landed.values())
        if not self.failed:
            return f"{got} posts from {len(self.landed)} platforms"
        names = ", ".join(p.value for p in self.failed)
        return f"{got} posts from {len(self.landed)} platforms; failed: {names}"


class SyncService:
    """Stale-while-revalidate: screens read the cache; `refresh` updates it in the background."""

    def __init__(self, client, cache: Cache, platforms: Sequence[Platform] = tuple(Platform)):
        self.client = client
        self.cache = cache
        self.platforms = tuple(platforms)

    async def refresh(self, brand_id: int, start: datetime, end: datetime, *,
                      undated: bool = False) -> SyncResult:
        """Refresh [start, end) for every platform concurrently over the one shared client.

        With `undated`, also fetch each platform's unbounded list, which is the only way the
        API returns drafts without a time (reference section 6: they appear only when start
        and end are omitted). That list can be slow on big brands, so it is opt-in.
        """
        result = SyncResult(brand_id, start, end)

        async def one(platform: Platform) -> None:
            try:
                posts = await self.client.list_posts(platform, brand_id, start, end)
                undated_posts: list[Post] = []
                if undated:
                    everything = await self.client.list_posts(platform, brand_id, None, None)
                    undated_posts = [p for p in everything if p.timestamp is None]
            except DashError as exc:
                result.failed[platform] = exc
                return
            result.removed += self.cache.replace_window(brand_id, platform, start, end, posts)
            if undated:
                result.removed += self.cache.replace_undated(brand_id, platform, undated_posts)
            result.landed[platform] = len(posts) + len(undated_posts)

        await asyncio.gather(*(one(p) for p in self.platforms))
        return result
