"""The header's state and what keeps it true: the on-call refresh, auto-refresh, quit.

Mixed into DashApp, which declares the reactive attributes the headers watch (refreshing,
failed_count, other_failed, stale, pending, freshness). Everything here reads the Session;
screens call `run_on_call_refresh` so one counter says "refreshing…" for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from textual import work

from ..errors import BackendError
from ..store.sync import SyncResult

AUTO_TICK = 5.0  # seconds between checks whether an auto-refresh is due (session clock)
MAX_BACKOFF = 8  # while Dash is down, auto-refresh waits up to 8 intervals
RATE_RESERVE = 20  # requests left for the user's own keys and writes


class LiveState:
    """Needs `self.session`, the reactives above and Textual's App API."""

    _next_auto: datetime | None = None
    _auto_backoff = 1
    _auto_running = False
    _asking_quit = False

    def _set_header_state(self, initial: bool = False) -> None:
        session = self.session
        values = {"failed_count": session.failed_count(),
                  "other_failed": session.other_failures(),
                  "stale": tuple(session.stale_platforms()),
                  "pending": session.pending_writes(),
                  "freshness": session.freshness()}
        for name, value in values.items():
            if initial:
                self.set_reactive(getattr(type(self), name), value)
            else:
                setattr(self, name, value)

    def note_results(self, results: Iterable[SyncResult | None]) -> None:
        results = list(results)
        for result in results:
            if result is not None:
                self.session.note_sync(result)
        self._set_header_state()
        self.alerts_after_sync(results)  # ui/alerts.py: new failures run notify_command

    def start_auto_refresh(self) -> None:
        """Right after the first frame, the on-call window; then every few minutes."""
        if self.session.brand is not None:
            self.call_after_refresh(self.refresh_on_call)
        self._schedule_auto()
        self.set_interval(AUTO_TICK, self.auto_refresh_tick)

    def _schedule_auto(self, factor: int = 1) -> None:
        minutes = self.session.config.auto_refresh_minutes
        self._next_auto = self.session.now() + timedelta(minutes=minutes * factor)             if minutes else None

    def rate_room(self, calls: int) -> bool:
        """Whether `calls` more requests leave the reserve of the rate limit untouched."""
        limit = self.session.backend.rate_limit
        if limit is None or limit.remaining is None:
            return True
        if limit.reset_at is not None and limit.reset_at <= datetime.now(timezone.utc):
            return True
        return limit.remaining >= calls + RATE_RESERVE

    def _rate_wait(self) -> timedelta:
        limit = self.session.backend.rate_limit
        if limit is None or limit.reset_at is None:
            return timedelta(0)
        return max(timedelta(0), limit.reset_at - datetime.now(timezone.utc))

    async def run_on_call_refresh(self, all_brands: bool = False, *, others: bool = True
                                  ) -> list[SyncResult]:
        """The brand's on-call window (or every brand's); with `others`, the other brands'
        too, as far as the rate limit allows, for the header's "+N in other brands"."""
        session = self.session
        if session.brand is None:
            return []
        self.refreshing += 1
        results: list[SyncResult] = []
        try:
            results = list(await session.refresh_failed(all_brands))
            self.note_results(results)
            calls = len(session.sync.platforms)
            if others and not all_brands:
                for brand in session.brands:
                    if brand.id == session.brand.id:
                        continue
                    if not self.rate_room(calls):
                        break
                    result = await session.sync.refresh(brand.id, *session.failed_window())
                    results.append(result)
                    self.note_results([result])
        except BackendError as exc:
            self.show_error(exc, "refreshing the on-call window")
        finally:
            self.refreshing -= 1
            self._set_header_state()
        return results

    @work(exclusive=True, group="on-call", exit_on_error=False)
    async def refresh_on_call(self, others: bool = True) -> None:
        await self.run_on_call_refresh(others=others)
        self.reload_screen()

    def auto_refresh_tick(self) -> None:
        # the age moves on, writes were queued or delivered, failures cached meanwhile
        self._set_header_state()
        if self._next_auto is None or self._auto_running or self.session.brand is None:
            return
        if self.session.now() >= self._next_auto:
            self.auto_refresh()

    @work(exclusive=True, group="auto-refresh", exit_on_error=False)
    async def auto_refresh(self) -> None:
        """The on-call window and the visible one; new failures are told, with a bell if
        the config asks. Waits longer while Dash is down or the rate limit is low."""
        session = self.session
        calls = 2 * len(session.sync.platforms)
        if not self.rate_room(calls):
            wait = self._rate_wait()
            self._next_auto = session.now() + max(wait, timedelta(seconds=30))
            return
        self._auto_running = True
        before = session.failed_keys()
        brand = session.brand
        try:
            results = await self.run_on_call_refresh()
            window = self.screen_window()
            if window and self.rate_room(len(session.sync.platforms)):
                self.refreshing += 1
                try:
                    results.append(await session.refresh(*window))
                except BackendError:
                    pass  # said by the stale state of the platforms, from the on-call refresh
                finally:
                    self.refreshing -= 1
                self.note_results(results[-1:])
        finally:
            self._auto_running = False
        own = [r for r in results if r is not None and brand and r.brand_id == brand.id]
        down = bool(own) and not any(r.landed for r in own)
        self._auto_backoff = min(self._auto_backoff * 2, MAX_BACKOFF) if down else 1
        self._schedule_auto(self._auto_backoff)
        self.reload_screen()
        self._tell_new_failures(session.failed_keys() - before)

    def _tell_new_failures(self, new: set) -> None:
        if not new:
            return
        self.notify(f"{len(new)} post(s) failed since the last refresh; 3 shows them",
                    title="New failures", severity="error", timeout=15)
        if self.session.config.bell_on_failure:
            self.bell()

    async def action_quit(self) -> None:
        pending = self.session.outbox.count()
        if not pending:
            self.exit()
            return
        if self._asking_quit:
            return  # `q` again on the question itself
        from .screens.modals import ConfirmScreen

        def chosen(yes: bool | None) -> None:
            self._asking_quit = False
            if yes:
                self.exit()

        self._asking_quit = True

        writes = f"{pending} write{'s' * (pending != 1)}"
        self.push_screen(ConfirmScreen(
            f"Quit with {writes} not yet on {self.session.service}?",
            [f"{writes} {'is' if pending == 1 else 'are'} still queued ({self.session.service} has not "
             "confirmed them).", "They stay in the outbox and will be sent on the next "
             "start of dashtui."], "Quit"), chosen)
