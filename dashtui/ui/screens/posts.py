"""Mode 2: one table of every platform's posts, filtered as you type."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from ...domain.platforms import SPECS, Platform
from ...domain.posts import (FAILED_STATUSES, NEEDS_ACTION_STATUSES, PUBLISHED_STATUSES,
                             SCHEDULED_STATUSES, Status)
from ...domain.timeutil import month_of, shift_month, span
from ..widgets.post_table import PostTable
from .base import BaseScreen

# what `s` cycles through: a label and the statuses it shows
STATUS_FILTERS: list[tuple[str, frozenset[str] | None]] = [
    ("all statuses", None),
    ("scheduled", SCHEDULED_STATUSES),
    ("drafts", frozenset({Status.DRAFT})),
    ("failed", FAILED_STATUSES),
    ("needs action", NEEDS_ACTION_STATUSES),
    ("published", PUBLISHED_STATUSES),
]
PLATFORM_FILTERS: list[Platform | None] = [None, *Platform]


class PostList(PostTable):
    """The table plus the list-only keys (they live here, never where the user types)."""

    BINDINGS = [
        Binding("slash", "screen.filter", "Filter", id="posts.filter"),
        Binding("s", "screen.cycle_status", "Status", id="posts.status"),
        Binding("p", "screen.cycle_platform", "Platform", id="posts.platform"),
        Binding("o", "screen.toggle_sort", "Sort", id="posts.sort", show=False),
        Binding("left_square_bracket", "screen.period(-1)", "Previous period", id="posts.prev",
                show=False),
        Binding("right_square_bracket", "screen.period(1)", "Next period", id="posts.next",
                show=False),
        Binding("escape", "screen.clear_filter", "Clear filter", show=False,
                id="posts.clear"),
        Binding("greater_than_sign", "screen.shift(1440)", "Reschedule +1 day", show=False,
                id="posts.later_day"),
        Binding("less_than_sign", "screen.shift(-1440)", "Reschedule -1 day", show=False,
                id="posts.earlier_day"),
        Binding("plus", "screen.shift(15)", "Reschedule +15 min", show=False, id="posts.later_15"),
        Binding("minus", "screen.shift(-15)", "Reschedule -15 min", show=False, id="posts.earlier_15"),
        # S reschedules and R retries, here as in the failed view (3): one meaning per key
        Binding("S", "screen.reschedule", "Reschedule to…", show=False, id="posts.reschedule"),
        Binding("R", "screen.retry", "Retry", show=False, id="posts.retry",
                tooltip="Publish the failed and expired ones again; others are left alone"),
        Binding("n", "screen.new_post", "New", id="posts.new"),
        Binding("D", "screen.duplicate", "Duplicate", show=False, id="posts.duplicate"),
        Binding("x", "screen.delete", "Delete", show=False, id="posts.delete"),
        Binding("P", "screen.publish", "Publish now", show=False, id="posts.publish"),
        Binding("d", "screen.draft", "Back to draft", show=False, id="posts.draft"),
    ]


class PostsScreen(BaseScreen):
    HELP_TITLE = "Posts"
    BINDINGS = [Binding("ctrl+x", "export", "Export", id="posts.export")]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None  # a single day when opened from the calendar
        self.status_index = 0
        self.platform_index = 0
        self.sort_updated = False

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="filter: caption, id, platform, status  (enter: done, "
                    "esc: back)", id="filter")
        yield PostList(self.session.zone, id="posts")

    @property
    def table(self) -> PostList:
        return self.query_one(PostList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    def on_mount(self) -> None:
        self.filter_input.display = False
        self.table.focus()
        self.reload()
        self.app.refresh_window(*self.window(), only_if_stale=True)

    # -- the period shown -----------------------------------------------------------------
    def show_day(self, day: date | None) -> None:
        """One day, as the calendar counted it: a filter left from the list is cleared (and
        named), so "3 posts" on the calendar never opens as "0 of 3 posts"."""
        self.day = day
        dropped = self._drop_filters() if day is not None and self.is_mounted else []
        if day is not None:
            self.app.focus_date = day
        if self.is_mounted:
            self.reload()
            self.app.refresh_window(*self.window(), only_if_stale=True)
        if dropped:
            self.notify(f"Showing every post of {day:%a %d %b}, as the calendar counts them; "
                        f"cleared the list's filter ({', '.join(dropped)})", markup=False)

    def _drop_filters(self) -> list[str]:
        """Clears the text, status and platform filters; returns what they were."""
        dropped = []
        if self.filter_input.value:
            dropped.append(f"“{self.filter_input.value}”")
        if self.status_index:
            dropped.append(STATUS_FILTERS[self.status_index][0])
        if self.platform_index:
            dropped.append(SPECS[PLATFORM_FILTERS[self.platform_index]].label)
        self.filter_input.value = ""
        self.filter_input.display = False
        self.status_index = self.platform_index = 0
        if self.screen.focused is None or self.filter_input.has_focus:
            self.table.focus()
        return dropped

    def _days(self) -> tuple[date, date]:
        if self.day is not None:
            return self.day, self.day
        return month_of(self.app.focus_date)

    def window(self) -> tuple[datetime, datetime]:
        return span(*self._days(), self.session.zone)

    def _period_label(self) -> str:
        first, _ = self._days()
        return f"{first:%a %d %b %Y}" if self.day else f"{first:%B %Y}"

    def action_period(self, step: int) -> None:
        if self.day is not None:
            self.day += timedelta(days=step)
            self.app.focus_date = self.day
        else:
            self.app.focus_date = shift_month(self.app.focus_date, step)
        self.reload()
        self.app.refresh_window(*self.window(), only_if_stale=True)

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.is_mounted:
            return
        # undated drafts belong to no period; the month view lists them at the end
        self.table.set_rows(self.session.iter_rows(*self.window(), undated=self.day is None),
                            captions=self.session.cache.caption)
        self.table.set_pending(self.session.pending_keys())
        self._apply_filter()

    def _apply_filter(self) -> None:
        label, statuses = STATUS_FILTERS[self.status_index]
        platform = PLATFORM_FILTERS[self.platform_index]
        text = self.filter_input.value
        self.table.set_filter(text, set(statuses) if statuses else None,
                              {platform.value} if platform else None)
        shown, total = self.table.row_count, self.table.total_count
        bits = [self._period_label(), f"{shown} of {total} posts"]
        if text:
            bits.append(f"filter “{text}”")
        if statuses:
            bits.append(label)
        if platform:
            bits.append(SPECS[platform].label)
        bits.append("by updated" if self.sort_updated else "by time")
        self.set_status(" · ".join(bits))

    # -- keys ------------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self._apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self._leave_filter()

    def key_escape(self) -> None:
        if self.filter_input.has_focus:
            self._leave_filter()

    def _leave_filter(self) -> None:
        if not self.filter_input.value:
            self.filter_input.display = False
        self.table.focus()

    def action_clear_filter(self) -> None:
        changed = bool(self.filter_input.value) or self.status_index or self.platform_index
        self.filter_input.value = ""
        self.filter_input.display = False
        self.status_index = self.platform_index = 0
        if changed:
            self._apply_filter()
        elif self.day is not None:
            self.show_day(None)  # esc again widens a day back to its month

    def set_filters(self, *, status: int = 0, platform: int = 0, text: str = "") -> None:
        """All three filters at once (`:filter`): indexes into STATUS_FILTERS and
        PLATFORM_FILTERS, and the text filter."""
        self.status_index, self.platform_index = status, platform
        self.filter_input.value = text
        self.filter_input.display = bool(text)
        self.table.focus()
        self._apply_filter()

    def action_cycle_status(self) -> None:
        self.status_index = (self.status_index + 1) % len(STATUS_FILTERS)
        self._apply_filter()

    def action_cycle_platform(self) -> None:
        self.platform_index = (self.platform_index + 1) % len(PLATFORM_FILTERS)
        self._apply_filter()

    def action_toggle_sort(self) -> None:
        self.sort_updated = not self.sort_updated
        self.table.set_sort("updated" if self.sort_updated else "time",
                            descending=self.sort_updated)
        self._apply_filter()

    def on_post_table_opened(self, event: PostTable.Opened) -> None:
        self.app.show_detail(event.row)

    def on_post_table_edit_requested(self, event: PostTable.EditRequested) -> None:
        if event.row is not None:
            self.app.edit_row(event.row)

    # -- quick actions: on the marked posts, else the one under the cursor ----------------
    def _targets(self) -> list:
        from ..actions import marked_or_cursor

        keys = marked_or_cursor(self.table)
        posts = [self.session.cache.get(platform, pid) for platform, pid in sorted(keys)]
        return [p for p in posts if p is not None]

    def action_shift(self, minutes: int) -> None:
        if posts := self._targets():
            self.app.shift_posts(posts, timedelta(minutes=minutes))

    def action_reschedule(self) -> None:
        if posts := self._targets():
            self.app.reschedule_to(posts)

    def action_retry(self) -> None:
        if self.app.guard_write("Retrying") and (posts := self._targets()):
            from .failed_actions import retry_posts

            self.run_worker(retry_posts(self.app, posts), group="writes", exit_on_error=False)

    def action_delete(self) -> None:
        if posts := self._targets():
            self.app.delete_posts(posts)

    def action_publish(self) -> None:
        if posts := self._targets():
            self.app.publish_now(posts)

    def action_draft(self) -> None:
        if posts := self._targets():
            self.app.back_to_draft(posts)

    def action_duplicate(self) -> None:
        row = self.table.cursor_row
        post = row and self.session.cache.get(row.platform, row.id)
        if post is not None:
            self.app.duplicate(post)

    def action_new_post(self) -> None:
        self.app.new_post(self.day)

    def action_export(self) -> None:
        """The list as filtered now, to CSV or JSON (by the file's extension)."""
        from .export import ExportPrompt

        rows = self.table.visible_rows
        if not rows:
            self.notify("Nothing to export: the list is empty", severity="warning")
            return
        brand = self.session.brand
        first, _ = self._days()
        default = f"~/dashtui-{brand.slug or brand.id}-{first:%Y-%m}.csv"
        self.app.push_screen(ExportPrompt(default, rows, self.session))
