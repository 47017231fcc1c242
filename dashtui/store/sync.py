"""Refreshing the cache from Dash: ten platform list calls at once, each landing on its own.

Two kinds of list, kept apart so one can never cost the other:
- the window: each platform's posts in [start, end], written to the cache as it lands;
- the undated drafts: only an unbounded list (no start/end) returns posts without a time,
  and some servers refuse such a list outright (the reference has a table that says
  start/end are required). It is fetched separately, with its own timeout, and its failure
  is reported apart from the window's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

from ..backend import Backend
from ..errors import BackendError, TimedOut, ValidationError
from ..domain.platforms import Platform
from .cache import Cache

if TYPE_CHECKING:  # the models load pydantic: not before the first frame
    from ..domain.posts import Post

UNDATED_TIMEOUT = 30.0  # seconds for all platforms' unbounded lists together
UNDATED_REFUSED = ("Drafts without a time cannot be listed on this account: Dash requires a "
                   "start and end for every list. Every other post is shown.")

Answer: TypeAlias = "list[Post] | BackendError"  # one brand's posts on one platform, or what kept them


@dataclass
class SyncResult:
    brand_id: int
    start: datetime
    end: datetime
    landed: dict[Platform, int] = field(default_factory=dict)  # window posts per platform
    failed: dict[Platform, BackendError] = field(default_factory=dict)  # window failures only
    removed: int = 0  # cached posts the server no longer has
    # drafts without a time (only when asked for): per platform, apart from the window
    undated_landed: dict[Platform, int] = field(default_factory=dict)
    undated_failed: dict[Platform, BackendError] = field(default_factory=dict)
    undated_refused: bool = False  # the server refuses unbounded lists (needs start/end)

    @property
    def ok(self) -> bool:
        """Every platform's window landed (undated drafts are reported on their own)."""
        return not self.failed

    @property
    def stale(self) -> tuple[Platform, ...]:
        """Platforms whose window did not refresh: the cache still shows their old posts."""
        return tuple(self.failed)

    def summary(self) -> str:
        """One line for the status bar."""
        got = sum(self.landed.values()) + sum(self.undated_landed.values())
        text = f"{got} posts from {len(self.landed)} platforms"
        if self.failed:
            text += "; failed: " + ", ".join(p.value for p in self.failed)
        if self.undated_refused:
            text += "; drafts without a time cannot be listed"
        elif self.undated_failed:
            text += "; undated drafts failed: " + ", ".join(p.value for p in self.undated_failed)
        return text


class SyncService:
    """Stale-while-revalidate: screens read the cache; `refresh` updates it in the background.

    Without a cache it only lists (`list_window`): the scripts' failed report reads Dash
    through the same loop the cache is refreshed by."""

    def __init__(self, backend: Backend, cache: Cache | None = None,
                 platforms: Sequence[Platform] | None = None,
                 *, undated_timeout: float = UNDATED_TIMEOUT):
        self.backend = backend
        self.cache = cache
        if platforms is None:  # the ones the service has: Infinipost's two, Dash's ten
            caps = getattr(backend, "capabilities", None)
            platforms = [Platform(p) for p in getattr(caps, "platforms", ())] or list(Platform)
        self.platforms = tuple(platforms)
        self.undated_timeout = undated_timeout

    async def refresh(self, brand_id: int, start: datetime, end: datetime, *,
                      undated: bool = False) -> SyncResult:
        """Refresh [start, end) for every platform concurrently over the one shared client;
        each platform's window lands on its own. With `undated`, then fetch the drafts
        without a time (refresh_undated), whose failure never touches the window."""
        result = SyncResult(brand_id, start, end)
        await self.list_window([brand_id], start, end,
                               lambda _brand, platform, answer: self._land(result, platform,
                                                                           answer))
        if undated:
            await self.refresh_undated(brand_id, result)
        return result

    async def _list(self, platform: Platform, brand_id: int, start: datetime | None,
                    end: datetime | None, failed: dict[Platform, BackendError]) -> list | None:
        """One platform's list, or None with the error kept in `failed`."""
        try:
            return await self.backend.list_posts(platform, brand_id, start, end)
        except BackendError as exc:
            failed[platform] = exc
            return None

    async def list_window(self, brand_ids: Sequence[int], start: datetime, end: datetime,
                          land: Callable[[int, Platform, Answer], None]) -> None:
        """The one listing loop: every platform at once over the shared client; for one brand
        a list call per platform, for many as few as the backend allows
        (list_posts_by_brand, which falls back to one per brand where refused). Each brand's
        answer goes to `land` as its platform lands, so one failure never holds up another."""
        brands = list(dict.fromkeys(brand_ids))

        async def one(platform: Platform) -> None:
            answers: dict[int, Answer]
            if len(brands) == 1:
                try:
                    answers = {brands[0]: await self.backend.list_posts(platform, brands[0],
                                                                        start, end)}
                except BackendError as exc:
                    answers = {brands[0]: exc}
            else:
                answers = dict(await self.backend.list_posts_by_brand(platform, brands, start,
                                                                      end))
            for brand, answer in answers.items():
                land(brand, platform, answer)

        if brands:
            await asyncio.gather(*(one(p) for p in self.platforms))

    def _land(self, result: SyncResult, platform: Platform, answer: Answer) -> None:
        if isinstance(answer, BackendError):
            result.failed[platform] = answer
            return
        result.removed += self._cache().replace_window(result.brand_id, platform,
                                                       result.start, result.end, answer)
        result.landed[platform] = len(answer)

    def _cache(self) -> Cache:
        if self.cache is None:
            raise RuntimeError("this SyncService has no cache: it can only list_window")
        return self.cache

    async def refresh_undated(self, brand_id: int, result: SyncResult) -> SyncResult:
        """Each platform's drafts without a time, into `result`'s undated fields. A platform
        that fails (or runs past the timeout) keeps its cached undated drafts."""

        async def one(platform: Platform) -> None:
            everything = await self._list(platform, brand_id, None, None, result.undated_failed)
            if everything is None:
                return
            undated = [p for p in everything if p.timestamp is None]
            result.removed += self._cache().replace_undated(brand_id, platform, undated)
            result.undated_landed[platform] = len(undated)

        tasks = {p: asyncio.ensure_future(one(p)) for p in self.platforms}
        done, pending = await asyncio.wait(tasks.values(), timeout=self.undated_timeout)
        for platform, task in tasks.items():
            if task in pending:
                task.cancel()
                result.undated_failed[platform] = TimedOut(
                    f"{platform.value} drafts without a time: no answer in "
                    f"{self.undated_timeout:g} s")
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            task.result()  # a bug (not a BackendError) is not swallowed
        # every platform refused the unbounded list as a bad request: a server that requires
        # start/end, not a passing failure
        result.undated_refused = bool(result.undated_failed) and not result.undated_landed \
            and all(isinstance(e, ValidationError) for e in result.undated_failed.values())
        return result

    async def refresh_brands(self, brand_ids: Sequence[int], start: datetime, end: datetime
                             ) -> list[SyncResult]:
        """The window of many brands (all-brands on-call): one list call per platform for
        many brands, falling back to one per brand where the server refuses (the client's
        list_posts_by_brand). One result per brand, in the order given."""
        results = {b: SyncResult(b, start, end) for b in dict.fromkeys(brand_ids)}
        await self.list_window(list(results), start, end,
                               lambda brand, platform, answer: self._land(results[brand],
                                                                          platform, answer))
        return list(results.values())
