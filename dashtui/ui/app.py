"""The Textual app: modes, global keys, background refresh, command palette."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from ..api.errors import (AuthError, ConnectionFailed, DashError, DashTimeout, ForbiddenError,
                          MalformedResponse, ServerError)
from ..session import Session
from ..store.cache import PostRow
from ..store.sync import SyncResult
from .actions import FLUSH_EVERY, WriteActions
from .header import HeaderBar
from .screens.calendar import CalendarScreen

# Only the calendar is imported up front: it is the first paint. Every other screen is
# imported when first opened, which keeps start-up close to a bare Textual app's.


def _posts_screen() -> Screen:
    from .screens.posts import PostsScreen

    return PostsScreen()


def _failed_screen() -> Screen:
    from .screens.failed import FailedScreen

    return FailedScreen()

# errors that stop dashtui working as a whole get the error panel, not a passing toast
_APP_WIDE = (AuthError, ForbiddenError, ConnectionFailed, DashTimeout, ServerError,
             MalformedResponse)
STALE_AFTER = 60.0  # seconds before moving to a period refreshes it again
AUTO_TICK = 5.0  # seconds between checks whether an auto-refresh is due (session clock)
MAX_BACKOFF = 8  # while Dash is down, auto-refresh waits up to 8 intervals
RATE_RESERVE = 20  # requests left for the user's own keys and writes


class DashApp(WriteActions, App):
    TITLE = "dashtui"
    CSS_PATH = "dashtui.tcss"
    MODES = {"calendar": CalendarScreen, "posts": _posts_screen, "failed": _failed_screen}
    DEFAULT_MODE = "calendar"
    BINDINGS = [
        # the footer has room for the screen's own keys; modes are in help and the palette
        Binding("1", "switch_mode('calendar')", "Calendar", id="app.calendar", show=False),
        Binding("2", "switch_mode('posts')", "Posts", id="app.posts", show=False),
        Binding("3", "switch_mode('failed')", "Failed posts", id="app.failed", show=False),
        Binding("b", "pick_brand", "Brand", id="app.brand", show=False),
        Binding("r", "refresh", "Refresh", id="app.refresh", show=False),
        Binding("u", "undo", "Undo", id="app.undo", show=False),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("f1", "help", "Help", show=False, id="app.help_f1"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    # the header's state: every HeaderBar watches these and repaints itself
    refreshing: reactive[int] = reactive(0)  # refreshes under way (two can run at once)
    failed_count: reactive[int] = reactive(0)  # the brand's on-call window, as mode 3 counts
    other_failed: reactive[tuple[int, int]] = reactive((0, 0))  # (posts, brands) elsewhere
    stale: reactive[tuple] = reactive(())  # the brand's platforms that did not refresh
    pending: reactive[int] = reactive(0)  # writes of the brand not yet on Dash
    freshness: reactive[str] = reactive("")  # "synced 2 min ago", re-read on every tick

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.animation_level = "none"  # over SSH nothing should animate
        self.focus_date: date = self.today()
        self._next_auto: datetime | None = None
        self._auto_backoff = 1
        self._auto_running = False
        self._asking_quit = False
        self._set_header_state(initial=True)  # the first frame already counts from the cache
        self._refreshed: dict[tuple, float] = {}
        self._undated_done: set[int] = set()
        if session.config.keymap:
            self.set_keymap(session.config.keymap)

    def today(self) -> date:
        return self.session.now().astimezone(self.session.zone).date()

    def on_mount(self) -> None:
        for notice in self.session.cache.notices:
            self.notify(notice.text, title="Cache rebuilt", severity="warning", timeout=10)
        if not self.session.brands:
            self.load_brands()
        self.set_interval(FLUSH_EVERY, self.flush_outbox)
        self.flush_outbox()
        self.call_after_refresh(self.offer_restore)
        # a dialog or the editor closing may have queued a write or fixed a failure
        self.screen_change_signal.subscribe(self, lambda _screen: self._set_header_state())
        self.start_auto_refresh()

    def offer_restore(self) -> None:
        """After a crash or a dropped SSH session: offer the unsaved editor buffer back."""
        try:
            from .screens.editor import restore_offer
        except ImportError:  # the editor is not there yet
            return
        restore_offer(self)

    async def on_unmount(self) -> None:
        await self.session.client.aclose()
        self.session.cache.close()
        self.session.outbox.close()

    def update_header(self) -> None:
        """Re-read the header's state from the session (the headers repaint on change)."""
        self._set_header_state()

    def reload_screen(self) -> None:
        reload = getattr(self.screen, "reload", None)
        if reload:
            reload()
        self._set_header_state()

    # -- the header's state, the on-call refresh and auto-refresh -----------------------------
    def _set_header_state(self, initial: bool = False) -> None:
        session = self.session
        values = {"failed_count": session.failed_count(),
                  "other_failed": session.other_failures(),
                  "stale": tuple(session.stale_platforms()),
                  "pending": session.pending_writes(),
                  "freshness": session.freshness()}
        for name, value in values.items():
            if initial:
                self.set_reactive(getattr(DashApp, name), value)
            else:
                setattr(self, name, value)

    def note_results(self, results: Iterable[SyncResult | None]) -> None:
        for result in results:
            if result is not None:
                self.session.note_sync(result)
        self._set_header_state()

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
        limit = getattr(self.session.client, "rate_limit", None)
        if limit is None or limit.remaining is None:
            return True
        if limit.reset_at is not None and limit.reset_at <= datetime.now(timezone.utc):
            return True
        return limit.remaining >= calls + RATE_RESERVE

    def _rate_wait(self) -> timedelta:
        limit = getattr(self.session.client, "rate_limit", None)
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
        except DashError as exc:
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
            window = getattr(self.screen, "_window", None)
            if window and self.rate_room(len(session.sync.platforms)):
                self.refreshing += 1
                try:
                    results.append(await session.refresh(*window()))
                except DashError:
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
            f"Quit with {writes} not yet on Dash?",
            [f"{writes} {'is' if pending == 1 else 'are'} still queued (Dash has not "
             "confirmed them).", "They stay in the outbox and will be sent on the next "
             "start of dashtui."], "Quit"), chosen)

    # -- data -----------------------------------------------------------------------------
    @work(exclusive=True, group="brands", exit_on_error=False)
    async def load_brands(self) -> None:
        try:
            await self.session.load_brands()
        except DashError as exc:
            self.show_error(exc, "loading the brands this token reaches (/api/self)")
            return
        self.reload_screen()
        self.refresh_current()
        self.refresh_on_call()

    def refresh_current(self) -> None:
        window = getattr(self.screen, "_window", None)
        if window:
            self.refresh_window(*window())

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def refresh_window(self, start: datetime, end: datetime, *,
                             only_if_stale: bool = False, undated: bool | None = None) -> None:
        brand = self.session.brand
        if brand is None:
            return
        key = (brand.id, start, end)
        if only_if_stale and time.monotonic() - self._refreshed.get(key, -1e9) < STALE_AFTER:
            return
        if undated is None:  # drafts without a time come with the first refresh of a brand
            undated = brand.id not in self._undated_done
        self.refreshing += 1
        try:
            result = await self.session.refresh(start, end, undated=undated)
        except DashError as exc:
            self.show_error(exc, "refreshing posts")
            return
        finally:
            self.refreshing -= 1
        if result is None:
            return
        self.note_results([result])
        self._refreshed[key] = time.monotonic()
        if undated and len(result.failed) < len(self.session.sync.platforms):
            self._undated_done.add(brand.id)
        if result.failed and not result.landed and self._app_wide(result.failed.values()):
            # nothing landed, for one reason: that is the app's problem, not a platform's
            first = next(iter(result.failed.values()))
            self.show_error(first, f"refreshing {brand.name}; every platform failed the "
                            "same way")
        elif result.failed:
            lines = [f"{p.value}: {err}" for p, err in result.failed.items()]
            self.notify("\n".join(lines), title=f"{len(result.failed)} platform(s) did not "
                        "refresh; showing cached posts for them", severity="warning",
                        timeout=12, markup=False)
        self.reload_screen()

    @staticmethod
    def _app_wide(errors) -> bool:
        kinds = {type(e) for e in errors}
        return len(kinds) == 1 and issubclass(kinds.pop(), _APP_WIDE)

    def show_error(self, error: DashError, context: str) -> None:
        """A panel for errors that stop the app working; a toast for the rest."""
        from .screens.error_panel import ErrorPanel

        if isinstance(error, _APP_WIDE):
            if not isinstance(self.screen, ErrorPanel):
                self.push_screen(ErrorPanel(error, context))
        else:
            self.notify(str(error), title="Dash error", severity="error", timeout=10,
                        markup=False)

    # -- navigation -----------------------------------------------------------------------
    def show_day(self, day: date) -> None:
        self.focus_date = day
        self.switch_mode("posts")
        show_day = getattr(self.screen, "show_day", None)
        if show_day is not None:
            show_day(day)

    def edit_row(self, row: PostRow) -> None:
        post = self.session.post(row)
        if post is None:
            self.notify("That post is no longer in the cache", severity="warning")
            return
        from .screens.editor import open_editor

        open_editor(self, post)

    def show_detail(self, row: PostRow) -> None:
        post = self.session.post(row)
        if post is None:
            self.notify("That post is no longer in the cache", severity="warning")
            return
        from .screens.detail import DetailScreen

        self.push_screen(DetailScreen(post))

    # -- actions --------------------------------------------------------------------------
    def action_refresh(self) -> None:
        window = getattr(self.screen, "_window", None)
        if window:
            self.refresh_window(*window(), undated=True)
        else:
            self.notify("Nothing to refresh on this screen")

    def action_pick_brand(self) -> None:
        if not self.session.brands:
            self.notify("No brands known yet; loading them", severity="warning")
            self.load_brands()
            return

        def chosen(brand) -> None:
            if brand is not None and (self.session.brand is None
                                      or brand.id != self.session.brand.id):
                self.session.set_brand(brand)
                self.reload_screen()
                self.refresh_current()
                self.refresh_on_call(others=False)

        from .screens.pickers import BrandPicker

        self.push_screen(BrandPicker(self.session.brands, self.session.brand), chosen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        keys: list[tuple[str, str]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.id or not binding.description or binding.action in seen:
                continue  # Textual's own (tab, ctrl+c, ...) have no id
            seen.add(binding.action)
            keys.append((self.get_key_display(binding), binding.description))
        title = getattr(screen, "HELP_TITLE", "") or screen.__class__.__name__
        self.push_screen(HelpScreen(title, keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the current screen, with its key, so the palette is a cheat sheet."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.id or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            node, action = active.node, binding.action
            yield SystemCommand(
                f"{binding.description} ({self.get_key_display(binding)})",
                binding.tooltip or f"{binding.description} on this screen",
                lambda node=node, action=action: self.run_action(action, node),
            )
        yield from super().get_system_commands(screen)
