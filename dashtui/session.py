"""What one run of dashtui works with: config, backend, cache, sync, brands, clock.

No Textual here: the screens hold a Session and call it; tests can drive it directly.
"""

from __future__ import annotations

import json
import time
from functools import cached_property
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .backend import Backend, MediaLibrary
from .errors import BackendError
from .config import Config
from .domain.platforms import Platform
from .domain.brands import Brand, find_brand
from .domain.status import PROBLEM_STATUSES
from .freshness import Stale, join_labels, oldest_cache, reasons, short_reason
from .store.cache import Cache, PostRow
from .store.outbox import Outbox
from .store.sync import SyncResult, SyncService

if TYPE_CHECKING:  # the models load pydantic: not before the first frame
    from .domain.posts import Post
    from .edits import Edits
    from .store.journal import Journal
    from .store.writer import Writer

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


Checker = Callable[..., list]


def post_checks(config: Config, clock: Clock, backend: Backend) -> Checker:
    """The one way to check a post: `check(post, media_kinds=None)` with the backend's rules
    (each service checks its own), the settings that change them (X Premium) from the config
    and `now` from the session's clock. The editor, the list's counts, the detail and the
    on-call pane all use it, so none of them can disagree about a post."""

    def check(post: Post, media=None) -> list:
        return backend.check(post, media, now=clock(), x_premium=config.x_premium)

    return check


class Session:
    def __init__(self, config: Config, backend: Backend, cache: Cache, outbox: Outbox, *,
                 demo: bool = False, clock: Clock = utc_now) -> None:
        self.config = config
        self.backend = backend
        self.cache = cache
        self.outbox = outbox
        self.sync = SyncService(backend, cache)
        self.demo = demo
        self.clock = clock
        self.brand_time = False  # show times in the brand's zone instead of the local one
        self.check = post_checks(config, clock, backend)
        self.brands: list[Brand] = self._cached_brands()
        # set when the brand asked for (--brand, `brand =`) is not among the token's: the UI
        # says so and opens the picker instead of quietly opening another brand
        self.brand_problem: str | None = None
        self.brand: Brand | None = self._initial_brand()
        self.last_result: SyncResult | None = None
        self.last_error: BackendError | None = None
        self.undated_done: set[int] = set()  # brands whose undated drafts were asked this run
        self.undated_refused = False  # the server refuses unbounded lists: never ask again
        # platforms whose last refresh failed, per brand, until one lands again
        self.stale: dict[int, dict[Platform, Stale]] = {}
        # pickers' data, asked once per run: the editor reopens often, boards and media
        # metadata rarely change (errors are not kept, so a retry asks again)
        self._boards: dict[int, list] = {}
        self._media: dict[tuple[int, int], object] = {}
        self._library: dict[int, list] = {}  # brand -> newest media (the picker)
        from .api_log import API_LOG

        API_LOG.include_bodies = config.api_log_bodies

    # made when first used (a write, a flush with writes queued): not before the first frame
    @cached_property
    def writer(self) -> Writer:
        from .store.writer import Writer

        return Writer(self.backend, self.cache, self.outbox, self.journal)

    @cached_property
    def journal(self) -> Journal:
        """Every write's answer, kept in the account's data dir beside its outbox."""
        from .store.journal import Journal

        return Journal(self.outbox.path.parent / "journal.sqlite3", backend=self.backend.name,
                       account=self.config.active_account().name,
                       user=self.cache.meta_get("token_user"),
                       clock=lambda: self.clock().timestamp())  # the session's time

    def close_journal(self) -> None:
        if "journal" in self.__dict__:  # opened this run
            self.journal.close()

    @cached_property
    def edits(self) -> Edits:
        from .edits import Edits

        return Edits(self.writer, self.outbox, self.clock)

    # -- settings ---------------------------------------------------------------------------
    @property
    def service(self) -> str:
        """The service's name for messages: "Dash", "Genviral", "Infinipost"."""
        return self.backend.capabilities.label

    @property
    def zone(self) -> ZoneInfo:
        """The display zone: the config's (local), or the brand's own while `brand_time`
        is on (the `z` key) and the brand has one."""
        if self.brand_time:
            brand = self.brand_zone()
            if brand is not None:
                return brand
        return self.config.zone()

    @property
    def local_zone(self) -> ZoneInfo:
        return self.config.zone()

    @property
    def showing_brand_zone(self) -> bool:
        return self.brand_time and self.brand_zone() is not None

    def brand_zone(self, brand_id: int | None = None) -> ZoneInfo | None:
        """The brand's own zone from the config (Dash has none), the current brand's by
        default: what `brand 09:30` means and what the display can switch to."""
        brand = self.find_brand(brand_id) if brand_id is not None else self.brand
        if brand is None:
            return self.config.brand_zone(brand_id) if brand_id is not None else None
        return self.config.brand_zone(brand.id, brand.slug or "")

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
        me = await self.backend.whoami()
        self._note_user(me)
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

    def _note_user(self, me: object) -> None:
        """Who the token is, for the journal's "who" (kept for the next start)."""
        from .store.journal import token_user

        user = token_user(me)
        if user:
            self.cache.meta_set("token_user", user)
            if "journal" in self.__dict__:
                self.journal.user = user

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

    async def refresh(self, start: datetime, end: datetime, *, undated: bool | None = False
                      ) -> SyncResult | None:
        """The brand's window, every platform landing on its own; then, separately, its
        drafts without a time when `wants_undated(undated)` says so (None: only the first
        time this run; True: the user asked)."""
        if self.brand is None:
            return None
        result = await self.sync.refresh(self.brand.id, start, end)
        self.last_result = result
        if self.wants_undated(undated):
            await self.refresh_undated(result)
        return result

    def wants_undated(self, asked: bool | None) -> bool:
        """Whether to fetch the brand's drafts without a time: once per run per brand
        (None), again when the user asks (True), never once the server refused."""
        if self.brand is None or self.undated_refused or asked is False:
            return False
        return asked is True or self.brand.id not in self.undated_done

    async def refresh_undated(self, result: SyncResult | None = None) -> SyncResult | None:
        """The brand's drafts without a time, apart from any window (with a timeout). When
        the server refuses unbounded lists, `result.undated_refused` is set this once and
        dashtui stops asking (sync.UNDATED_REFUSED says so to the user)."""
        if self.brand is None or self.undated_refused:
            return result
        if result is None:
            now = self.now()
            result = SyncResult(self.brand.id, now, now)
        brand_id = self.brand.id
        self.undated_done.add(brand_id)
        try:
            await self.sync.refresh_undated(brand_id, result)
        except BaseException:  # cancelled (brand switched, app closing): not asked after all
            self.undated_done.discard(brand_id)
            raise
        if result.undated_refused:
            self.undated_refused = True
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

    def other_failures(self) -> tuple[int, int]:
        """(failed posts, brands with any) in the on-call window of the other brands, cached."""
        others = [b.id for b in self.brands if self.brand is None or b.id != self.brand.id]
        if not others:
            return 0, 0
        rows = self.cache.rows(others, *self.failed_window(), undated=False,
                               statuses=sorted(PROBLEM_STATUSES))
        return len(rows), len({r.brand_id for r in rows})

    def failed_keys(self, all_brands: bool = True) -> set[tuple[str, int]]:
        """Which posts are failed now (to tell new failures after a refresh)."""
        return {(r.platform, r.id) for r in self.failed_rows(all_brands)}

    async def refresh_failed(self, all_brands: bool = False) -> list[SyncResult]:
        """Refresh the on-call window of the brand, or of every brand: then each platform is
        asked for many brands in one call (one per brand where the server refuses)."""
        start, end = self.failed_window()
        brands = self.failed_brands(all_brands)
        if len(brands) > 1:
            return await self.sync.refresh_brands([b.id for b in brands], start, end)
        return [await self.sync.refresh(b.id, start, end) for b in brands]

    # -- pickers and the library, cached -------------------------------------------------
    async def boards(self, brand_id: int, *, fresh: bool = False) -> list:
        """The brand's Pinterest boards (or the backend's equivalent picker)."""
        if fresh or brand_id not in self._boards:
            self._boards[brand_id] = await self.backend.list_boards(brand_id)
        return self._boards[brand_id]

    async def media(self, brand_id: int, media_id: int):
        """One library item's metadata (kind, file name), asked once per run."""
        key = (brand_id, media_id)
        if key not in self._media:
            self._media[key] = await self.backend.get_media(brand_id, media_id)
        return self._media[key]

    @property
    def library(self) -> MediaLibrary | None:
        """The backend's media library, when it has one (and shows the media field)."""
        b = self.backend
        return b if b.capabilities.platform_fields and isinstance(b, MediaLibrary) else None

    async def library_media(self, brand_id: int, *, fresh: bool = False) -> list:
        """The brand's newest library media (the picker), asked once per run."""
        if self.library is None:
            raise BackendError(f"{self.service} has no media library")
        if fresh or brand_id not in self._library:
            items = await self.library.list_media(brand_id)
            self._library[brand_id] = items
            for item in items:
                self._media[(brand_id, item.scheduler_id)] = item
        return self._library[brand_id]

    def _added(self, brand_id: int, item: object) -> object:
        self._media[(brand_id, item.scheduler_id)] = item  # type: ignore[attr-defined]
        if brand_id in self._library:
            self._library[brand_id].insert(0, item)
        return item

    async def add_media_url(self, brand_id: int, url: str):
        """Register a file by URL in the brand's library; the new media."""
        if self.library is None:
            raise BackendError(f"{self.service} has no media library")
        return self._added(brand_id, await self.library.register_media(brand_id, url))

    async def upload_media(self, brand_id: int, path: str, progress=None):
        """Upload a local file into the brand's library; the new media."""
        if self.library is None:
            raise BackendError(f"{self.service} has no media library")
        return self._added(brand_id, await self.library.upload_media(brand_id, path,
                                                                     progress=progress))

    def brand_name(self, brand_id: int) -> str:
        return next((b.name for b in self.brands if b.id == brand_id), str(brand_id))

    # -- what did not refresh -------------------------------------------------------------------
    def note_sync(self, result: SyncResult) -> None:
        """Remember which platforms failed (since when, why) and which landed again."""
        stale = self.stale.setdefault(result.brand_id, {})
        for platform in result.landed:
            stale.pop(platform, None)
        now = self.now()
        for platform, error in result.failed.items():
            before = stale.get(platform)
            stale[platform] = Stale(result.brand_id, platform, short_reason(error),
                                    before.since if before else now,
                                    self.cache.last_synced(result.brand_id, platform.value))

    def stale_platforms(self, brand_ids: Sequence[int] | None = None) -> list[Stale]:
        """What did not refresh, for the brand (or these brands), in platform order."""
        if brand_ids is None:
            brand_ids = [self.brand.id] if self.brand else []
        order = list(Platform)
        found = [s for b in brand_ids for s in self.stale.get(b, {}).values()]
        return sorted(found, key=lambda s: (s.brand_id, order.index(s.platform)))

    def stale_text(self, stale: Sequence[Stale]) -> str:
        """'X, Threads not refreshed: 500 · cache from 08:05'."""
        if not stale:
            return ""
        items = list(stale)
        text = f"{join_labels(items, len(self.sync.platforms))} not refreshed: {reasons(items)}"
        cached = oldest_cache(items)
        return text + (f" · cache from {self.clock_text(cached)}" if cached else " · no cache")

    def clock_text(self, stamp: float) -> str:
        """08:05 today, 'Mon 08:05' within a week, else '21 Nov 08:05' (display zone)."""
        local = datetime.fromtimestamp(stamp, self.zone)
        age = time.time() - stamp
        if local.date() == datetime.now(self.zone).date():
            return f"{local:%H:%M}"
        return f"{local:%a %H:%M}" if age < 6 * 86400 else f"{local:%d %b %H:%M}"

    # -- what the header says -----------------------------------------------------------------
    def freshness(self) -> str:
        if self.brand is None:
            return "not synced yet"
        synced = self.cache.last_synced(self.brand.id)
        if synced is None:
            return "not synced yet"
        age = max(0, time.time() - synced)  # the cache stamps its windows in wall time
        if age < 60:
            return "synced just now"
        if age < 3600:
            return f"synced {int(age // 60)} min ago"
        return f"synced {self.clock_text(synced)}"

    def pending_writes(self) -> int:
        return self.outbox.count(self.brand.id if self.brand else None)

    def writes_to_decide(self) -> int:
        """Queued writes waiting for the user (a conflict, a refusal, a create that may have
        landed); the header shows the count, the pending view (4) the writes."""
        return self.outbox.count_deciding(self.brand.id if self.brand else None)

    def pending_keys(self) -> set[tuple[str, int]]:
        """Posts with a write still waiting to reach Dash."""
        return {(w.platform, w.post_id) for w in self.outbox.pending() if w.post_id}
