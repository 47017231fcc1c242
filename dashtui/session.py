"""What one run of dashtui works with: config, client, cache, sync, brands, clock.

No Textual here: the screens hold a Session and call it; tests can drive it directly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .api.errors import DashError
from .config import Config
from .domain.posts import PROBLEM_STATUSES, Brand, Post, find_brand
from .edits import Edits
from .store.cache import Cache, PostRow
from .store.outbox import Outbox
from .store.sync import SyncResult, SyncService
from .store.writer import Writer

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def count_findings(post: Post, *, now: datetime | None = None, x_premium: bool = False) -> int:
    from .domain import rules  # not needed for the first paint, which reads counts cached

    return len(rules.check(post, now=now, x_premium=x_premium))


class Session:
    def __init__(self, config: Config, client, cache: Cache, outbox: Outbox, *,
                 demo: bool = False, clock: Clock = utc_now) -> None:
        self.config = config
        self.client = client
        self.cache = cache
        self.outbox = outbox
        self.sync = SyncService(client, cache)
        self.writer = Writer(client, cache, outbox)
        self.edits = Edits(self.writer, outbox)
        self.demo = demo
        self.clock = clock
        self.brands: list[Brand] = self._cached_brands()
        # set when the brand asked for (--brand, `brand =`) is not among the token's: the UI
        # says so and opens the picker instead of quietly opening another brand
        self.brand_problem: str | None = None
        self.brand: Brand | None = self._initial_brand()
        self.last_result: SyncResult | None = None
        self.last_error: DashError | None = None

    # -- settings ---------------------------------------------------------------------------
    @property
    def zone(self) -> ZoneInfo:
        return self.config.zone()

    @property
    def read_only(self) -> bool:
        return self.config.read_only

    def now(self) -> datetime:
        return self.clock()

    # -- brands -----------------------------------------------------------------------------
    def _cached_brands(self) -> list[Brand]:
        raw = self.cache.meta_get("brands")
        return [Brand.model_validate(b) for b in json.loads(raw)] if raw else []

    def _initial_brand(self) -> Brand | None:
        """The brand asked for, else the last one used, else the first. A brand asked for
        that the cached brands don't hold is no brand (and `brand_problem` says why); with
        no brands cached yet, load_brands decides."""
        wanted = self.config.brand
        if wanted is not None:
            found = self.find_brand(wanted)
            if found is None and self.brands:
                self.brand_problem = self._missing_brand(wanted)
            return found
        last = self.cache.meta_get("last_brand")
        return (self.find_brand(last) if last is not None else None) or \
            (self.brands[0] if self.brands else None)

    def _missing_brand(self, wanted: int | str) -> str:
        names = ", ".join(f"{b.name} ({b.slug or b.id})" for b in self.brands) or "none"
        return (f"Brand {str(wanted)!r} (from --brand or the config) is not among the brands "
                f"this token reaches: {names}. Pick one.")

    def find_brand(self, key: int | str | None) -> Brand | None:
        return find_brand(self.brands, key)

    async def load_brands(self) -> list[Brand]:
        """Ask Dash which brands the token reaches; remembered for the next start."""
        me = await self.client.whoami()
        brands = me.brand_list()
        if self.config.brands:
            brands = [b for b in brands if b.id in self.config.brands]
        self.brands = brands
        self.cache.meta_set("brands", json.dumps([b.to_json() for b in brands]))
        current = self.brand and self.find_brand(self.brand.id)
        self.brand_problem = None
        if current is None:
            wanted = self.config.brand
            current = self.find_brand(wanted) if wanted is not None else None
            if current is None and wanted is not None:
                self.brand_problem = self._missing_brand(wanted)  # not another brand quietly
            elif current is None:
                current = brands[0] if brands else None
        self.set_brand(current)
        return brands

    def set_brand(self, brand: Brand | None) -> None:
        self.brand = brand
        if brand is not None:
            self.cache.meta_set("last_brand", str(brand.id))

    # -- posts --------------------------------------------------------------------------------
    def rows(self, start: datetime, end: datetime, *, undated: bool = True,
             statuses: Sequence[str] | None = None) -> list[PostRow]:
        return list(self.iter_rows(start, end, undated=undated, statuses=statuses))

    def iter_rows(self, start: datetime, end: datetime, *, undated: bool = True,
                  statuses: Sequence[str] | None = None) -> Iterator[PostRow]:
        if self.brand is None:
            return iter(())
        return self.cache.iter_rows([self.brand.id], start, end, undated=undated,
                                    statuses=statuses)

    def post(self, row: PostRow) -> Post | None:
        return self.cache.get(row.platform, row.id)

    async def refresh(self, start: datetime, end: datetime, *, undated: bool = False
                      ) -> SyncResult | None:
        if self.brand is None:
            return None
        result = await self.sync.refresh(self.brand.id, start, end, undated=undated)
        self.last_result = result
        return result

    # -- the on-call view -------------------------------------------------------------------
    def failed_window(self) -> tuple[datetime, datetime]:
        """The last `failed_days` days and the next 24 hours."""
        now = self.now()
        return now - timedelta(days=self.config.failed_days), now + timedelta(hours=24)

    def failed_brands(self, all_brands: bool) -> list[Brand]:
        if all_brands:
            return list(self.brands)
        return [self.brand] if self.brand else []

    def failed_rows(self, all_brands: bool = False) -> list[PostRow]:
        brands = self.failed_brands(all_brands)
        if not brands:
            return []
        return self.cache.rows([b.id for b in brands], *self.failed_window(), undated=False,
                               statuses=sorted(PROBLEM_STATUSES))

    def failed_count(self) -> int:
        return len(self.failed_rows())

    async def refresh_failed(self, all_brands: bool = False) -> list[SyncResult]:
        """Refresh the on-call window of the brand (or of every brand)."""
        start, end = self.failed_window()
        results = []
        for brand in self.failed_brands(all_brands):
            results.append(await self.sync.refresh(brand.id, start, end))
        return results

    def brand_name(self, brand_id: int) -> str:
        return next((b.name for b in self.brands if b.id == brand_id), str(brand_id))

    # -- what the header says -----------------------------------------------------------------
    def freshness(self) -> str:
        if self.brand is None:
            return "not synced yet"
        synced = self.cache.last_synced(self.brand.id)
        if synced is None:
            return "not synced yet"
        age = max(0, time.time() - synced)
        if age < 60:
            return "synced just now"
        if age < 3600:
            return f"synced {int(age // 60)} min ago"
        local = datetime.fromtimestamp(synced, self.zone)
        return f"synced {local:%d %b %H:%M}"

    def pending_writes(self) -> int:
        return self.outbox.count(self.brand.id if self.brand else None)

    def pending_keys(self) -> set[tuple[str, int]]:
        """Posts with a write still waiting to reach Dash."""
        return {(w.platform, w.post_id) for w in self.outbox.pending() if w.post_id}
