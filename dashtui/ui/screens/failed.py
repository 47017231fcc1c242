"""Mode 3, the on-call view: what failed and why, grouped by cause, fixable many at once.

Top: the causes (count, oldest, platforms, cause). Middle: the posts of the cause under the
cursor. Bottom: the post under that cursor (full error, live link, what the rules say now).
It paints from the cache at once and refreshes the window (last `failed_days` days and the
next 24 hours) in a worker, so keys never wait on the network. Focus starts on the causes
with the biggest one highlighted: `3` `R` `y` retries it.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...api.errors import DashError
from ...domain.failures import FailureGroup, group_failures
from ..textsafe import one_line
from ..widgets.failed_groups import GroupList
from ..widgets.failed_posts import FailedPosts, post_story
from ..widgets.post_table import PostTable
from .base import BaseScreen
from .failed_actions import FailedActions

# on both lists: with the causes focused they act on the whole cause, with the posts
# focused on the marked posts (or the one under the cursor)
ACTION_KEYS = [
    Binding("R", "screen.retry", "Retry", id="failed.retry",
            tooltip="Publish again now (status AUTOPUBLISHING)"),
    Binding("S", "screen.reschedule", "Reschedule", id="failed.reschedule"),
    Binding("e", "screen.edit_retry", "Edit+retry", id="failed.edit",
            tooltip="Open the editor with the status set to publish now"),
    Binding("d", "screen.draft", "To draft", id="failed.draft", show=False),
    Binding("x", "screen.delete", "Delete", id="failed.delete", show=False),
    Binding("A", "screen.toggle_brands", "All brands", id="failed.all_brands"),
    Binding("r", "screen.refresh_failed", "Refresh", id="failed.refresh", show=False),
]


class Causes(GroupList):
    BINDINGS = ACTION_KEYS


class FailedList(FailedPosts):
    BINDINGS = ACTION_KEYS


class FailedScreen(FailedActions, BaseScreen):
    HELP_TITLE = "Failed posts"
    DEFAULT_CSS = """
    FailedScreen FailedList { height: 1fr; min-height: 3; }
    FailedScreen #story-pane {
        height: 30%; min-height: 4; padding: 0 1;
        border-top: solid $error 50%; background: $surface;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.all_brands = False
        self.refreshing = False
        self._refreshed_for: tuple | None = None  # (brand id, all brands) last refreshed

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Causes(id="groups")
        yield FailedList(self.session.zone, brand_name=self.session.brand_name,
                         id="failed-posts")
        with VerticalScroll(id="story-pane", can_focus=False):
            yield Static("", id="story")
        yield from self.compose_footer()

    @property
    def groups(self) -> Causes:
        return self.query_one(Causes)

    @property
    def posts(self) -> FailedList:
        return self.query_one(FailedList)

    def on_mount(self) -> None:
        self.groups.focus()
        self.reload()

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.is_mounted:
            return
        session = self.session
        rows = session.failed_rows(self.all_brands)
        groups = group_failures(rows)
        days = session.config.failed_days
        self.groups.empty_message = (
            f"Nothing failed in the last {days} day{'s' * (days != 1)}, and nothing is stuck "
            "in the next 24 hours.")
        self.posts.show_brand = self.all_brands
        before = self.groups.cursor_group
        self.groups.set_groups(groups, session.now())
        after = self.groups.cursor_group
        if self.posts.has_focus and (before is None or after is None
                                     or before.cause != after.cause):
            # the cause the user was in is gone (all fixed): the posts below now belong to
            # another cause they never picked, so a key must not act on them from there
            self.groups.focus()
        self._show_group(after)
        self.posts.set_pending(session.pending_keys())
        self._set_status(len(rows), len(groups))
        wanted = (session.brand.id if session.brand else None, self.all_brands)
        if wanted != self._refreshed_for:  # first show, another brand (b), or A
            self._refreshed_for = wanted
            self.refresh_in_background()

    def _set_status(self, count: int, causes: int) -> None:
        session = self.session
        if self.all_brands:
            scope = f"all {len(session.brands)} brands"
        else:
            scope = one_line(session.brand.name) if session.brand else "no brand"
        bits = [f"{count} post{'s' * (count != 1)} in {causes} cause{'s' * (causes != 1)}",
                f"last {session.config.failed_days} d + next 24 h", scope]
        if self.refreshing:
            bits.insert(0, "refreshing…")
        self.set_status(" · ".join(bits))

    @work(exclusive=True, group="failed-refresh", exit_on_error=False)
    async def refresh_in_background(self) -> None:
        session, app = self.session, self.app
        self.refreshing = app.refreshing = True
        app.update_header()
        self.reload()  # says "refreshing…"
        try:
            results = await session.refresh_failed(self.all_brands)
        except DashError as exc:
            self.notify(str(exc), title="Refresh failed", severity="error", timeout=10,
                        markup=False)
            results = []
        finally:
            self.refreshing = app.refreshing = False
        lines = [f"{session.brand_name(r.brand_id)} {p.value}: {err}"
                 for r in results for p, err in r.failed.items()]
        if lines:
            self.notify("\n".join(lines), title=f"{len(lines)} platform(s) did not refresh; "
                        "showing cached posts for them", severity="warning", timeout=12,
                        markup=False)
        self.reload()
        app.failed_count = session.failed_count()
        app.update_header()

    # -- what is shown -----------------------------------------------------------------------
    def _show_group(self, group: FailureGroup | None) -> None:
        self.posts.set_rows(list(group.items) if group else [])
        self._show_story()

    def _show_story(self) -> None:
        row = self.posts.cursor_row
        post = self.session.cache.get(row.platform, row.id) if row else None
        story = post_story(post, row, brand=self.session.brand_name(row.brand_id) if row
                           else "", zone=self.session.zone, check=self.session.check)
        self.query_one("#story", Static).update(story)

    def on_group_list_highlighted(self, event: GroupList.Highlighted) -> None:
        self._show_group(event.group)

    def on_group_list_entered(self, event: GroupList.Entered) -> None:
        self.posts.focus()

    def on_post_table_highlighted(self, event: PostTable.Highlighted) -> None:
        self._show_story()

    def on_post_table_opened(self, event: PostTable.Opened) -> None:
        if event.row is not None:
            self.app.show_detail(event.row)

    # -- keys --------------------------------------------------------------------------------
    def action_focus_groups(self) -> None:
        if self.posts.marked:  # esc first drops the marks, as in the list
            self.posts.clear_marks()
        else:
            self.groups.focus()

    def action_toggle_brands(self) -> None:
        self.all_brands = not self.all_brands
        self.reload()  # paints from the cache, then refreshes the other brands

    def action_refresh_failed(self) -> None:
        if self.refreshing:
            self.notify("Already refreshing")
            return
        self.refresh_in_background()
