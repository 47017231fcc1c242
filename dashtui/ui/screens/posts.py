"""Mode 2: one table of every platform's posts, filtered as you type.

The platform, status and text filters are the app's (`app.post_filter`), shared with the
calendar: what the calendar counts on a day is what the list shows for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from ...domain.timeutil import hour_span, month_of, shift_month, span
from ..filter_state import FilterKeys, PostFilter, filter_bindings
from ..widgets.post_table import PostTable
from ..widgets.search import haystack, matches
from .base import BaseScreen, OpensPosts


class PostList(PostTable):
    """The table plus the list-only keys (they live here, never where the user types)."""

    BINDINGS = [
        Binding("slash", "screen.filter", "Filter", id="posts.filter"),
        *filter_bindings("posts", shown=True),
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
        Binding("A", "screen.request_approval", "Ask for approval", show=False,
                id="posts.request_approval"),
    ]


class PostsScreen(FilterKeys, OpensPosts, BaseScreen):
    HELP_TITLE = "Posts"
    BINDINGS = [Binding("ctrl+x", "export", "Export", id="posts.export"),
                Binding("ctrl+o", "import_csv", "Import CSV", id="posts.import", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None  # a single day when opened from the calendar
        self.hour: int | None = None  # one hour of that day, from the week grid
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
    def show_day(self, day: date | None, hour: int | None = None) -> None:
        """One day (or one hour of it), as the calendar counted it. The platforms and
        statuses are the calendar's too, so they stay; a search word that matches nothing
        there is cleared (and named), so "3 posts" on the calendar never opens as "0 of 3"."""
        self.day = day
        self.hour = hour if day is not None else None
        if day is not None:
            self.app.focus_date = day
        dropped = self._drop_text() if day is not None else ""  # mounted or not: the
        # filter is the app's, so a list opened for the first time has it too
        if self.is_mounted:
            self.reload()
            self.app.refresh_window(*self.window(), only_if_stale=True)
        if dropped:
            self.notify(f"No post of {self._period_label()} matches “{dropped}”: showing "
                        "them all (cleared the search)", markup=False)

    def _drop_text(self) -> str:
        """Clears the search when no post of the period shown matches it; returns it."""
        f = self.post_filter
        if not f.terms:
            return ""
        terms = f.terms
        for r in self.session.iter_rows(*self.window(), undated=False):
            if f.keeps(r.platform, r.status) and matches(
                    haystack(r.caption, r.id, r.platform, r.status), terms):
                return ""
        self.app.set_post_filter(f.but(text=""))
        return f.text.strip()

    def _days(self) -> tuple[date, date]:
        if self.day is not None:
            return self.day, self.day
        return month_of(self.app.focus_date)

    def window(self) -> tuple[datetime, datetime]:
        if self.day is not None and self.hour is not None:
            return hour_span(self.day, self.hour, self.session.zone)
        return span(*self._days(), self.session.zone)

    def _period_label(self) -> str:
        first, _ = self._days()
        if self.day and self.hour is not None:
            return f"{first:%a %d %b %Y} {self.hour:02d}:00–{(self.hour + 1) % 24:02d}:00"
        return f"{first:%a %d %b %Y}" if self.day else f"{first:%B %Y}"

    def action_period(self, step: int) -> None:
        if self.day is not None and self.hour is not None:  # the next (previous) hour
            hour = self.hour + step
            self.day += timedelta(days=hour // 24)
            self.hour = hour % 24
            self.app.focus_date = self.day
        elif self.day is not None:
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
        if self.session.brand is not None:  # ⧉ on posts with siblings in their group
            self.table.set_grouped(self.session.cache.grouped_keys(
                [self.session.brand.id], *self.window()))
        self._apply_filter()

    def _apply_filter(self) -> None:
        """Shows the app's filter: the search box follows it (the calendar may have set it)."""
        f = self.post_filter
        box = self.filter_input
        if box.value != f.text:
            with box.prevent(Input.Changed):
                box.value = f.text
        if f.text and not box.display:
            box.display = True
        self.table.set_filter(f.text, set(f.statuses) or None, set(f.platforms) or None)
        shown, total = self.table.row_count, self.table.total_count
        bits = [self._period_label(), f"{shown} of {total} posts"]
        if f.text:
            bits.append(f"filter “{f.text}”")
        if f.statuses:
            bits.append(", ".join(f.status_words()))
        if f.platforms:
            bits.append(", ".join(f.platform_words()))
        bits.append("by updated" if self.sort_updated else "by time")
        self.set_status(" · ".join(bits))

    def filter_changed(self) -> None:
        if self.is_mounted:
            self._apply_filter()

    # -- keys ------------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.app.set_post_filter(self.post_filter.but(text=event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self._leave_filter()

    def key_escape(self) -> None:
        if self.filter_input.has_focus:
            self._leave_filter()

    def _leave_filter(self) -> None:
        self.app.show_filter_label()
        if not self.filter_input.value:
            self.filter_input.display = False
        self.table.focus()

    def action_clear_filter(self) -> None:
        """esc: drops the filter (the calendar's too: it is one filter); again, an hour
        widens to its day, a day to its month."""
        changed = self.post_filter.active
        self.filter_input.display = False
        if changed:
            self.app.set_post_filter(PostFilter())
        elif self.hour is not None:
            self.show_day(self.day)
        elif self.day is not None:
            self.show_day(None)

    def action_toggle_sort(self) -> None:
        self.sort_updated = not self.sort_updated
        self.table.set_sort("updated" if self.sort_updated else "time",
                            descending=self.sort_updated)
        self._apply_filter()

    # -- quick actions: on the marked posts, else the one under the cursor ----------------
    def _targets(self) -> list:
        from ..actions import marked_or_cursor

        keys = marked_or_cursor(self.table)
        posts = [self.session.cache.get(platform, pid) for platform, pid in sorted(keys)]
        return [p for p in posts if p is not None]

    def _on_targets(self, act: Callable[[list], object]) -> None:
        if posts := self._targets():
            act(posts)

    def action_shift(self, minutes: int) -> None:
        self._on_targets(lambda posts: self.app.shift_posts(posts, timedelta(minutes=minutes)))

    def action_reschedule(self) -> None:
        self._on_targets(self.app.reschedule_to)

    def action_retry(self) -> None:
        if self.app.guard_write("Retrying") and (posts := self._targets()):
            from .failed_actions import retry_posts

            self.run_worker(retry_posts(self.app, posts), group="writes", exit_on_error=False)

    def action_delete(self) -> None:
        self._on_targets(self.app.delete_posts)

    def action_publish(self) -> None:
        self._on_targets(self.app.publish_now)

    def action_draft(self) -> None:
        self._on_targets(self.app.back_to_draft)

    def action_request_approval(self) -> None:
        if not self.app.approvals_unavailable() and (posts := self._targets()):
            self.app.request_approval(posts)

    def action_duplicate(self) -> None:
        row = self.table.cursor_row
        post = row and self.session.cache.get(row.platform, row.id)
        if post is not None:
            self.app.duplicate(post)

    def action_new_post(self) -> None:
        self.app.new_post(self.day, self.hour)

    def action_import_csv(self) -> None:
        """A CSV file's rows, checked and previewed, then created (importer/)."""
        from .import_csv import ImportScreen

        if self.session.read_only:
            self.notify("Read-only: importing is off", severity="warning")
            return
        self.app.push_screen(ImportScreen(), lambda created: self.reload() if created
                             else None)

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
