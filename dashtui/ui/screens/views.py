"""Mode 5, saved views: each view a section with its live count, the highlighted view's posts
below (gh-dash style). Counted from the cache at every reload, so a refresh that lands moves
the counts; `r` refreshes every brand and window the views cover, inside the rate limit.

Inside this screen the digits pick a view (1 is the first section), not a mode; `esc` goes
back to the mode this screen was opened from. `open_view(app, name)` is what `:view NAME`
calls; `view_names(app)` completes it.
"""

from __future__ import annotations

import time
from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding

from ...errors import BackendError
from ...store.view_rows import view_rows
from ...views import View, brand_ids, find_view, merge_views, select
from ..widgets.failed_posts import failed_columns
from ..widgets.post_render import Column, approval_cell
from ..widgets.post_table import PostTable
from ..widgets.view_sections import Section, ViewSections
from .base import BaseScreen, OpensPosts
from .items_over_posts import ItemsOverPosts

APPROVAL = Column("approval", 8, approval_cell)
STALE_AFTER = 60.0  # seconds: coming back later than this refreshes the views
DIGITS = [Binding(str(n), f"screen.pick({n - 1})", f"View {n}", show=False,
                  id=f"views.pick_{n}") for n in range(1, 10)]


class Sections(ViewSections):
    BINDINGS = [Binding("escape", "screen.back", "Back", id="views.back")]


class ViewPosts(PostTable):
    BINDINGS = [Binding("escape,h,left", "screen.focus_sections", "Views",
                        id="views.posts.back", show=False)]


def all_views(app) -> list[View]:
    return merge_views(app.session.config.views)


def view_names(app) -> list[str]:
    """Every view's name, in section order (for `:view` completion)."""
    return [v.name for v in all_views(app)]


def switch_to_views(app) -> ViewsScreen:
    """Mode 5, remembering the mode it came from (esc goes back there)."""
    before = app.current_mode
    app.switch_mode("views")
    screen = app.screen
    if isinstance(screen, ViewsScreen) and before != "views":
        screen.came_from = before
    return screen


def open_view(app, name: str) -> bool:
    """Show the views screen on the view `name` (any case); False, said, when unknown."""
    views = all_views(app)
    view = find_view(views, name)
    if view is None:
        app.notify(f"No view named {name!r}: the views are "
                   f"{', '.join(v.name for v in views)}", severity="error", markup=False)
        return False
    screen = switch_to_views(app)
    if isinstance(screen, ViewsScreen):
        screen.show(view.name)
    return True


class ViewsScreen(OpensPosts, ItemsOverPosts, BaseScreen):
    HELP_TITLE = "Saved views"
    ITEMS, POSTS = Sections, ViewPosts
    BINDINGS = [*DIGITS,
                Binding("r", "refresh_views", "Refresh", id="views.refresh")]
    DEFAULT_CSS = """
    ViewsScreen ViewPosts { height: 1fr; border-top: solid $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.views: list[View] = []
        self.refreshed: dict[str, bool] = {}  # view name -> its last refresh read everything
        self.came_from: str | None = None
        self._wanted: str | None = None  # a view asked for before the screen mounted
        self._refreshed_at = -1e9  # monotonic time of the last views refresh

    def compose_body(self) -> ComposeResult:
        yield Sections(id="sections")
        yield ViewPosts(self.session.zone, columns=failed_columns(self.session.brand_name),
                        empty_text="No posts in this view", id="view-posts")

    sections = ItemsOverPosts.item_list  # the saved views, by the name the keys read

    def on_mount(self) -> None:
        self.sections.focus()
        self.reload()
        self.refresh_views()
        minutes = self.session.config.auto_refresh_minutes
        if minutes:  # while shown, every brand the views cover, as auto-refresh does
            self.set_interval(minutes * 60, self._auto_refresh)

    def on_screen_resume(self) -> None:
        # (BaseScreen's reload runs too: Textual calls it for each class)
        if time.monotonic() - self._refreshed_at > STALE_AFTER:
            self.refresh_views()

    def _auto_refresh(self) -> None:
        if self.app.screen is self:
            self.refresh_views()

    # -- counting ------------------------------------------------------------------------
    def _brands(self, view: View) -> list[int]:
        session = self.session
        return brand_ids(view, session.brand.id if session.brand else None, session.brands)

    def view_posts(self, view: View) -> list:
        """The view's posts in the cache now."""
        session = self.session
        start, end = view.window(session.now(), session.zone)
        ids = self._brands(view)
        return select(view, view_rows(session.cache, ids, start, end), start, end, ids)

    def counts(self) -> list[tuple[View, list]]:
        return [(v, self.view_posts(v)) for v in self.views]

    def reload(self) -> None:
        if not self.is_mounted:
            return
        self.views = all_views(self.app)
        session = self.session
        sections = []
        for view, rows in self.counts():
            ids = self._brands(view)
            read = any(session.cache.last_synced(b) is not None for b in ids)
            stale = bool(session.stale_platforms(ids)) or not self.refreshed.get(view.name,
                                                                                True)
            sections.append(Section(view, len(rows) if read or rows else None, stale))
        self.sections.set_sections(sections)
        if self._wanted is not None:
            self.show(self._wanted)
        self.show_item(self.sections.cursor_section)

    def show_item(self, section: Section | None) -> None:
        if section is None:
            self.posts.set_rows([])
            self.set_status("No saved views")
            return
        rows = self.view_posts(section.view)
        self.posts.columns = self._columns(section.view)
        self.posts.set_rows(rows, captions=self.session.cache.caption)
        self.posts.set_pending(self.session.pending_keys())
        bits = [section.view.name, f"{len(rows)} post{'s' * (len(rows) != 1)}",
                section.view.describe()]
        if section.count is None:
            bits.append("not read yet: r refreshes")
        elif section.stale:
            bits.append("some lists did not refresh (~)")
        self.set_status(" · ".join(bits))

    def _columns(self, view: View) -> tuple:
        """The failed list's columns; the brand only where the view has several, the
        approval status in a view of posts awaiting approval."""
        many = len(self._brands(view)) > 1
        cols = failed_columns(self.session.brand_name if many else None)
        if view.approval == "pending":
            cols = (*cols[:3], APPROVAL, *cols[3:])
        return cols

    # -- navigation ----------------------------------------------------------------------
    def show(self, name: str) -> None:
        """Put the cursor on the view `name` (once mounted, when not yet)."""
        names = [v.name for v in self.views]
        if not self.is_mounted or name not in names:
            self._wanted = name
            return
        self._wanted = None
        self.sections.select(names.index(name))
        self.sections.focus()

    def action_pick(self, index: int) -> None:
        if index < len(self.views):
            self.sections.select(index)
            self.sections.focus()
        else:
            self.notify(f"There are {len(self.views)} views", severity="warning")

    def action_focus_sections(self) -> None:
        self.sections.focus()

    def action_back(self) -> None:
        self.app.switch_mode(self.came_from or "calendar")

    # -- refreshing ----------------------------------------------------------------------
    def window(self) -> tuple[datetime, datetime] | None:
        """The hull of the views' windows, for the app's auto refresh of the brand."""
        if not self.views:
            return None
        session = self.session
        spans = [v.window(session.now(), session.zone) for v in self.views]
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def action_refresh_views(self) -> None:
        self.refresh_views()

    def refresh_views(self) -> None:
        self._refreshed_at = time.monotonic()
        self.refresh_saved_views()

    @work(exclusive=True, group="views", exit_on_error=False)
    async def refresh_saved_views(self) -> None:
        """Every brand the views cover, over the hull of their windows: one list per
        platform for many brands. Skipped (and said) when the rate limit is low."""
        app, session = self.app, self.session
        window = self.window()
        brands = sorted({b for v in self.views for b in self._brands(v)})
        if window is None or not brands:
            return
        if not app.rate_room(len(session.sync.platforms)):
            self.notify("The rate limit is low: the views show the cache; r tries again",
                        severity="warning")
            return
        app.refreshing += 1
        try:
            results = await session.sync.refresh_brands(brands, *window)
        except BackendError as exc:
            app.show_error(exc, "refreshing the saved views")
            return
        finally:
            app.refreshing -= 1
        app.note_results(results)
        failed = {r.brand_id for r in results if r.failed}
        for view in self.views:
            self.refreshed[view.name] = not failed & set(self._brands(view))
        self.reload()
        counts = [(v, rows) for v, rows in self.counts() if self.refreshed[v.name]]
        app.alert_view_counts(counts)
