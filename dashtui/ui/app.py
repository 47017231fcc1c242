"""The Textual app: modes, global keys, background refresh, command palette."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState
from textual.worker_manager import WorkerManager

from ..accounts import AccountBrand
from ..errors import (AuthError, ConnectionFailed, BackendError, TimedOut, ForbiddenError,
                          MalformedResponse, ServerError)
from ..session import Session
from ..store.cache import PostRow
from .actions import FLUSH_EVERY, WriteActions
from .alerts import TuiAlerts
from .approval_actions import ApprovalActions
from .filter_state import PostFilter
from .live import LiveState
from .screens.base import BaseScreen
from .screens.calendar import CalendarScreen
from .zone_toggle import ZoneToggle

# Only the calendar is imported up front: it is the first paint. Every other screen is
# imported when first opened, which keeps start-up close to a bare Textual app's.


def _styled(screen: Screen) -> Screen:
    """A mode's new screen, marked as styled with the app's current CSS. Textual starts a
    screen's CSS count at -1, so the first screen of each mode makes the app re-parse all of
    its CSS (and parse it once more after, its cache cleared): ~10 ms at start, for nothing,
    as the screen is styled when it mounts. A theme change later still restyles it."""
    screen._css_update_count = screen.app._css_update_count
    return screen


def _calendar_screen() -> Screen:
    return _styled(CalendarScreen())


def _lazy(module: str, name: str):
    """A mode's screen factory that imports the screen when the mode is first opened."""
    def make() -> Screen:
        from importlib import import_module

        return _styled(getattr(import_module(module, __package__), name)())
    return make


class _ReportingWorkers(WorkerManager):
    """The app's worker manager (widgets and screens share it), so every worker ends here.

    Workers run with exit_on_error=False and catch the errors they expect (BackendError);
    anything else used to vanish. Textual calls `_remove_worker` once a worker's task is
    done, whatever its end: the one place to see every failure.
    """

    def _remove_worker(self, worker: Worker) -> None:
        super()._remove_worker(worker)
        if worker.state == WorkerState.ERROR and not worker.exit_on_error \
                and worker.error is not None:
            app = self._app
            if isinstance(app, DashApp) and app.is_running:
                app.call_later(app.worker_failed, worker)


# what a worker was doing, for the error panel's "while ..." (name -> words)
_DOING = {
    "perform": "a change from the list", "reschedule_to": "rescheduling posts",
    "duplicate": "duplicating a post", "new_post": "starting a new post",
    "action_undo": "undoing the last change", "action_redo": "redoing the last undo",
    "flush_outbox": "sending queued changes",
    "load_brands": "loading the brands", "refresh_window": "refreshing posts",
    "send": "saving the post", "keep_mine": "saving the post over a newer version",
    "action_undo_entry": "undoing a journal entry",
}


def worker_doing(worker: Worker) -> str:
    """`a change from the list (delete)`: the worker's purpose, with its label when its
    first argument is one (perform's)."""
    doing = _DOING.get(worker.name, worker.name.replace("_", " ") or "background work")
    label = re.match(r"^\w+\('([^'\\]{1,60})'", worker.description or "")
    return f"{doing} ({label.group(1)})" if label else doing


# errors that stop dashtui working as a whole get the error panel, not a passing toast
_APP_WIDE = (AuthError, ForbiddenError, ConnectionFailed, TimedOut, ServerError,
             MalformedResponse)
STALE_AFTER = 60.0  # seconds before moving to a period refreshes it again


def _commands_provider():
    from .command_line import CommandsProvider

    return CommandsProvider


class DashApp(ZoneToggle, LiveState, WriteActions, ApprovalActions, TuiAlerts, App):
    TITLE = "dashtui"
    CSS_PATH = "dashtui.tcss"
    MODES = {"calendar": _calendar_screen,
             "posts": _lazy(".screens.posts", "PostsScreen"),
             "failed": _lazy(".screens.failed", "FailedScreen"),
             "pending": _lazy(".screens.pending", "PendingScreen"),
             "views": _lazy(".screens.views", "ViewsScreen"),
             "approvals": _lazy(".screens.approvals", "ApprovalsScreen"),
             "journal": _lazy(".screens.journal", "JournalScreen")}
    DEFAULT_MODE = "calendar"
    # the `:` commands in ctrl+p too; a callable, so the module loads with the palette
    COMMANDS = App.COMMANDS | {lambda: _commands_provider()}
    BINDINGS = [
        # the footer has room for the screen's own keys; modes are in help and the palette
        Binding("1", "switch_mode('calendar')", "Calendar", id="app.calendar", show=False),
        Binding("2", "switch_mode('posts')", "Posts", id="app.posts", show=False),
        Binding("3", "switch_mode('failed')", "Failed posts", id="app.failed", show=False),
        Binding("4", "switch_mode('pending')", "Pending writes", id="app.pending",
                show=False),
        Binding("5", "open_views", "Saved views", id="app.views", show=False),
        Binding("6", "switch_mode('approvals')", "Approvals", id="app.approvals",
                show=False),
        Binding("J", "switch_mode('journal')", "Journal of writes", id="app.journal",
                show=False, tooltip="Every write and its answer, kept across restarts; undo any"),
        Binding("L", "api_log", "API log", id="app.api_log", show=False,
                tooltip="The recent calls to the service: method, path, status, time"),
        Binding("b", "pick_brand", "Brand", id="app.brand", show=False),
        Binding("r", "refresh", "Refresh", id="app.refresh", show=False),
        Binding("u", "undo", "Undo", id="app.undo", show=False),
        Binding("U", "redo", "Redo", id="app.redo", show=False),
        Binding("z", "toggle_zone", "Local/brand time", id="app.zone", show=False,
                tooltip="Show times in the brand's own zone, or back in the local one"),
        Binding("i", "legend", "Legend", id="app.legend", show=False,
                tooltip="What each glyph means"),
        Binding("colon", "command_line", "Command line", id="app.command_line", show=False),
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
    # the post filter the calendar and the list share (ui/filter_state.py), in words
    filter_label: reactive[str] = reactive("")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._workers = _ReportingWorkers(self)  # before any worker starts: see the class
        self.session = session
        self.animation_level = "none"  # over SSH nothing should animate
        self.focus_date: date = self.today()
        self.post_filter = PostFilter()  # shared by the calendar and the list
        self._filter_label_timer = None
        self._set_header_state(initial=True)  # the first frame already counts from the cache
        self._refreshed: dict[tuple, float] = {}
        # the brand picker's lines for the config's other accounts (set by ui/launch.py);
        # picking one ends this app with `switch_to` set, and the launcher opens that one
        self.other_accounts: Callable[[], list[AccountBrand]] = lambda: []
        self.switch_to: AccountBrand | None = None
        self.restore_offer_for: str | None = None  # the buffer key being offered back
        if session.config.keymap:
            self.set_keymap(session.config.keymap)

    def today(self) -> date:
        return self.session.now().astimezone(self.session.zone).date()

    def on_mount(self) -> None:
        for notice in self.session.cache.notices:
            self.notify(notice.text, title="Cache rebuilt", severity="warning", timeout=10)
        for text in self.session.outbox.notices:  # also shown atop the pending writes (4)
            self.notify(text, title="Outbox damaged", severity="error", timeout=30,
                        markup=False)
        if self.session.brands and self.session.brand_problem:
            self.call_after_refresh(self.ask_brand)
        self.set_interval(FLUSH_EVERY, self.flush_outbox)
        # a dialog or the editor closing may have queued a write or fixed a failure
        self.screen_change_signal.subscribe(self, lambda _screen: self._set_header_state())

    def on_ready(self) -> None:
        self.call_after_refresh(self._after_frames, self._start_background)

    def _after_frames(self, callback: Callable[[], object], tries: int = 50) -> None:
        """Run `callback` once Textual shows frames. It holds every frame while a batch is
        open (its start-up, then the footer's first recompose), and a batch waits for
        whatever runs meanwhile: the first network calls import httpx, ~150 ms that kept the
        first frame off a real terminal. Headless runs (tests) see no difference."""
        if self._batch_count and tries:  # Textual's own count; no public way to ask
            self.set_timer(0.01, lambda: self._after_frames(callback, tries - 1))
            return
        callback()

    def _start_background(self) -> None:
        """The network's first calls, queued writes and the restore check: after the first
        frame, never before it."""
        if not self.session.brands:
            self.load_brands()
        else:
            self.refresh_current()
        self.flush_outbox()
        self.offer_restore()
        self.start_auto_refresh()

    def offer_restore(self) -> None:
        """After a crash or a dropped SSH session: offer the unsaved editor buffer back."""
        if not self.session.outbox.buffers():
            return  # nearly always: the editor (and pydantic) stay unloaded until used
        from .editor.restore import restore_offer  # not on the first-paint path

        restore_offer(self)

    async def on_unmount(self) -> None:
        await self.session.backend.aclose()
        self.close_alerts()
        self.session.cache.close()
        self.session.outbox.close()
        self.session.close_journal()

    def update_header(self) -> None:
        """Re-read the header's state from the session (the headers repaint on change)."""
        self._set_header_state()

    def reload_screen(self) -> None:
        if isinstance(self.screen, BaseScreen):
            self.screen.reload()
        self._set_header_state()

    # -- data -----------------------------------------------------------------------------
    @work(exclusive=True, group="brands", exit_on_error=False)
    async def load_brands(self) -> None:
        try:
            await self.session.load_brands()
        except BackendError as exc:
            self.show_error(exc, "loading the brands this token reaches (/api/self)")
            return
        self.reload_screen()
        if self.session.brand_problem:
            self.ask_brand()
            return
        self.refresh_current()
        self.refresh_on_call()

    def ask_brand(self) -> None:
        """The brand asked for does not exist (any more): say so, and let the user pick."""
        self.notify(self.session.brand_problem or "", title="No such brand",
                    severity="error", timeout=15, markup=False)
        self.action_pick_brand()

    def screen_window(self) -> tuple[datetime, datetime] | None:
        """The period the current screen shows (None: a dialog, or nothing to refresh)."""
        screen = self.screen
        return screen.window() if isinstance(screen, BaseScreen) else None

    def refresh_current(self) -> None:
        window = self.screen_window()
        if window:
            self.refresh_window(*window)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def refresh_window(self, start: datetime, end: datetime, *,
                             only_if_stale: bool = False, undated: bool | None = None) -> None:
        brand = self.session.brand
        if brand is None:
            return
        key = (brand.id, start, end)
        if only_if_stale and time.monotonic() - self._refreshed.get(key, -1e9) < STALE_AFTER:
            return
        self.refreshing += 1
        try:
            result = await self.session.refresh(start, end)  # the window; undated below
        except BackendError as exc:
            self.show_error(exc, "refreshing posts")
            return
        finally:
            self.refreshing -= 1
        if result is None:
            return
        self.note_results([result])
        self._refreshed[key] = time.monotonic()
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
        # drafts without a time: the first refresh of a brand this run, or `r` (undated=True)
        if result.landed and self.session.wants_undated(undated):
            self.refresh_undated(brand.id)

    @work(exclusive=True, group="undated", exit_on_error=False)
    async def refresh_undated(self, brand_id: int) -> None:
        """The brand's drafts without a time, in their own worker after the window landed:
        however they fail, the window's posts stay."""
        from ..store.sync import UNDATED_REFUSED

        if self.session.brand is None or self.session.brand.id != brand_id:
            return
        result = await self.session.refresh_undated()
        if result is None:
            return
        if result.undated_refused:  # said once: the session never asks again this run
            self.notify(UNDATED_REFUSED, title="Drafts without a time", severity="warning",
                        timeout=15, markup=False)
        elif result.undated_failed and not self._app_wide(result.undated_failed.values()):
            names = ", ".join(p.value for p in result.undated_failed)
            first = next(iter(result.undated_failed.values()))
            self.notify(f"{names}: {first}", title="Drafts without a time did not refresh; "
                        "showing cached ones", severity="warning", timeout=12, markup=False)
        self.reload_screen()

    @staticmethod
    def _app_wide(errors) -> bool:
        kinds = {type(e) for e in errors}
        return len(kinds) == 1 and issubclass(kinds.pop(), _APP_WIDE)

    def worker_failed(self, worker: Worker) -> None:
        """A worker ended with an exception it did not handle."""
        self.internal_error(worker.error, worker_doing(worker))

    def internal_error(self, error: BaseException, context: str) -> None:
        """An exception nobody expected: the error panel, as an internal error, with a
        traceback to copy (the token scrubbed out). A BackendError that got this far gets
        the usual treatment."""
        from .screens.error_panel import ErrorPanel

        if isinstance(error, BackendError):
            self.show_error(error, context)
            return
        if isinstance(self.screen, ErrorPanel):  # one panel at a time; say the next one
            self.notify(f"Also: {type(error).__name__} while {context}", severity="error",
                        title="Internal error", markup=False)
            return
        scrub = getattr(self.session.backend, "scrub", None)
        self.push_screen(ErrorPanel(error, context, scrub=scrub))

    def show_error(self, error: BackendError, context: str) -> None:
        """A panel for errors that stop the app working; a toast for the rest."""
        from .screens.error_panel import ErrorPanel

        if isinstance(error, _APP_WIDE):
            if not isinstance(self.screen, ErrorPanel):
                self.push_screen(ErrorPanel(error, context))
        else:
            self.notify(str(error), title=f"{self.session.service} error", severity="error", timeout=10,
                        markup=False)

    def set_post_filter(self, new: PostFilter) -> None:
        """The filter the calendar and the list share (`f`, `s`, `p`, `/`, or a command):
        the current screen shows it at once, the other when it is next shown."""
        if new == self.post_filter:
            return
        old, self.post_filter = self.post_filter, new
        if (old.platforms, old.statuses) != (new.platforms, new.statuses) or not new.text:
            self.filter_label = new.describe(short=True)
        else:  # typing: the header (which reads the session) follows once the keys pause
            if self._filter_label_timer is not None:
                self._filter_label_timer.stop()
            self._filter_label_timer = self.set_timer(0.3, self.show_filter_label)
        screen = self.screen
        if isinstance(screen, BaseScreen):
            screen.filter_changed()

    def show_filter_label(self) -> None:
        """The header's filter, now (a search box is left: no need to wait for a pause)."""
        if self._filter_label_timer is not None:
            self._filter_label_timer.stop()
            self._filter_label_timer = None
        self.filter_label = self.post_filter.describe(short=True)

    # -- navigation -----------------------------------------------------------------------
    def show_day(self, day: date, hour: int | None = None) -> None:
        """The list narrowed to a day (or one hour of it, from the week grid)."""
        self.focus_date = day
        self.switch_mode("posts")
        from .screens.posts import PostsScreen  # loaded by the switch above

        if isinstance(self.screen, PostsScreen):
            self.screen.show_day(day, hour)

    def edit_row(self, row: PostRow) -> None:
        post = self.session.post(row)
        if post is None:
            self.notify("That post is no longer in the cache", severity="warning")
            return
        from .editor.screen import open_editor

        open_editor(self, post)

    def show_detail(self, row: PostRow) -> None:
        post = self.session.post(row)
        if post is None:
            self.notify("That post is no longer in the cache", severity="warning")
            return
        from .screens.detail import DetailScreen

        self.push_screen(DetailScreen(post))

    # -- actions --------------------------------------------------------------------------
    def action_open_views(self) -> None:
        from .screens.views import switch_to_views

        switch_to_views(self)

    def action_refresh(self) -> None:
        window = self.screen_window()
        if window:
            self.refresh_window(*window, undated=True)
        else:
            self.notify("Nothing to refresh on this screen")

    def action_pick_brand(self) -> None:
        others = self.other_accounts()
        if not self.session.brands and not others:
            self.notify("No brands known yet; loading them", severity="warning")
            self.load_brands()
            return

        from .screens.pickers import BrandPicker

        self.push_screen(BrandPicker(self.session.brands, self.session.brand, others),
                         self.choose_brand)

    def choose_brand(self, brand) -> None:
        """Open a brand (or another account's) picked by `b` or typed at `:brand`."""
        if isinstance(brand, AccountBrand):
            self.open_account(brand)
        elif brand is not None and (self.session.brand is None
                                    or brand.id != self.session.brand.id):
            self.session.set_brand(brand)
            self.reload_screen()
            self.refresh_current()
            self.refresh_on_call(others=False)

    def open_account(self, choice: AccountBrand) -> None:
        """Leave this account for another: its writes stay queued in its own outbox and go
        out the next time it opens (the launcher opens the chosen account right away)."""
        account = self.session.config.find_account(choice.account)
        if account is None:
            return
        if not account.token_value() and not self.session.demo:
            self.notify(f"{choice.account} has no token: set `token` or `token_env` in its "
                        "[[accounts]] entry", severity="error", markup=False)
            return
        pending = self.session.outbox.count()

        def go(yes: bool | None = True) -> None:
            if yes:
                self.switch_to = choice
                self.exit()

        if not pending:
            go()
            return
        from .screens.modals import ConfirmScreen

        writes = f"{pending} write{'s' * (pending != 1)}"
        service = self.session.backend.capabilities.label
        self.push_screen(ConfirmScreen(
            f"Open {choice.account} with {writes} not yet on {service}?",
            [f"{writes} of this account {'is' if pending == 1 else 'are'} still queued.",
             "They stay in its outbox and are sent when this account opens again."],
            "Open"), go)

    def action_api_log(self) -> None:
        from .screens.api_log import ApiLogScreen

        if isinstance(self.screen, ApiLogScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(ApiLogScreen(self.session.zone))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        from .screens.help import screen_keys

        keys = screen_keys(self, screen)
        title = (screen.HELP_TITLE if isinstance(screen, BaseScreen) else "") \
            or screen.__class__.__name__
        self.push_screen(HelpScreen(title, keys))

    def action_command_line(self) -> None:
        from .command_line import CommandLine, open_command_line

        if not isinstance(self.screen, CommandLine):
            open_command_line(self)

    def action_legend(self) -> None:
        from .screens.legend import LegendScreen

        if not isinstance(self.screen, LegendScreen):
            self.push_screen(LegendScreen())

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
