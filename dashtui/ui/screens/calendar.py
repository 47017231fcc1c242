"""Mode 1: the month grid / week grid / week agenda of a brand's posts.

It shows the app's shared post filter (app.post_filter): only the platforms and statuses the
list shows are counted, and `/` dims the days (week: the hours) without a match.
"""

from __future__ import annotations

from datetime import date, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget

from ...domain.timeutil import span
from ..filter_state import FilterKeys, PostFilter, filter_bindings
from ..widgets.calendar import CalendarView
from .base import BaseScreen


class CalendarGrid(CalendarView):
    """The calendar widget plus the calendar-only keys (never where the user types)."""

    BINDINGS = [
        Binding("g", "screen.go_to_date", "Go to date", id="calendar.goto"),
        Binding("n", "screen.new_post", "New", id="calendar.new"),
        Binding("slash", "screen.search", "Search", id="calendar.search", show=False,
                tooltip="Dim the days (in the week grid: the hours) with no post matching"),
        *filter_bindings("calendar", shown=False),
        Binding("escape", "screen.clear_filter", "Clear filter", id="calendar.clear",
                show=False),
    ]


class CalendarScreen(FilterKeys, BaseScreen):
    HELP_TITLE = "Calendar"
    _shown: tuple[date, date] | None = None  # the period last read from the cache
    DEFAULT_CSS = """
    CalendarScreen #calendar-search { display: none; }
    CalendarScreen #calendar-search.-shown { display: block; }
    """

    def compose_body(self) -> ComposeResult:
        # the search box is mounted the first time it is needed: Input is not on the first
        # paint's path (its import alone is ~15 ms of a cold start)
        yield CalendarGrid(self.session.zone, today=self.app.today, id="calendar")

    @property
    def calendar(self) -> CalendarView:
        return self.query_one(CalendarView)

    @property
    def search_input(self) -> Widget | None:
        """The `/` box, once it exists."""
        found = self.query("#calendar-search")
        return found.first() if found else None

    def _search_box(self):
        """The `/` box, mounted above the calendar the first time (with the filter's text)."""
        box = self.search_input
        if box is None:
            from textual.widgets import Input

            box = Input(self.post_filter.text, id="calendar-search",
                        placeholder="search: caption, id, platform, status  (enter: done, "
                        "esc: clear)")
            self.mount(box, before=self.calendar)
        return box

    def on_mount(self) -> None:
        cal = self.calendar
        cal.cursor = self.app.focus_date
        cal.platform_order = [p.value for p in self.session.sync.platforms]  # the service's
        cal.set_filter(self.post_filter)
        for name in ("view", "week_layout"):  # the key hints follow what is on screen
            self.watch(cal, name, lambda _value: self._set_status(), init=False)
        cal.focus()
        self._read()
        self._read_at_mount = True
        # paint from the cache first; the network is asked once the frame is out (the app's
        # on_ready refreshes the window shown)

    def window(self) -> tuple[datetime, datetime]:
        first, last = self.calendar.period()
        return span(first, last, self.session.zone)

    def reload(self) -> None:
        if self.is_mounted:
            self._show_filter()
            self._read()

    def _read(self) -> None:
        """The period's posts from the cache into the calendar (on_mount: before the first
        frame, so it shows them; is_mounted is still False there)."""
        start, end = self.window()
        rows = self.session.rows(start, end, undated=False)
        cal = self.calendar
        cal.set_rows(rows)
        self._shown = cal.period()
        self._rows_read = len(rows)
        self._set_status()

    def _set_status(self) -> None:
        cal = self.calendar
        first, last = cal.period()
        days = [d for d in cal.data.days if first <= d <= last]
        counted = sum(cal.data.days[d].total for d in days)
        total = getattr(self, "_rows_read", counted)
        f = self.post_filter
        posts = f"{counted} of {total} posts" if f.narrows else f"{total} posts"
        bits = [f"{posts} {first:%d %b} – {last:%d %b %Y}"]
        matched = cal.matched_days()
        if matched is not None:
            bits.append(f"“{f.text.strip()}” on {len(matched)} day"
                        f"{'s' * (len(matched) != 1)}")
        if f.narrows:
            bits.append(f.describe(text=False))
        if cal.grid:
            bits.append("enter: hour's posts · n: new there · w: list")
        else:
            bits.append("enter: day's posts · w/m: week/month · g: go to date")
        self.set_status(" · ".join(bits))

    # -- the shared filter -------------------------------------------------------------------
    def filter_changed(self) -> None:
        if self.is_mounted:
            self._show_filter()
            self._set_status()

    def _show_filter(self) -> None:
        """The calendar and the search box follow the app's filter (the list may have set
        it while this screen was away)."""
        f = self.post_filter
        box = self._search_box() if f.text else self.search_input
        if box is not None:
            if box.value != f.text:
                with box.prevent(type(box).Changed):
                    box.value = f.text
            box.set_class(bool(f.text) or box.has_focus, "-shown")
        self.calendar.set_filter(f)

    def action_search(self) -> None:
        box = self._search_box()
        box.add_class("-shown")
        self.call_after_refresh(box.focus)  # a box mounted just now takes focus once there

    def on_input_changed(self, event) -> None:
        if event.input.id == "calendar-search":
            self.app.set_post_filter(self.post_filter.but(text=event.value))

    def on_input_submitted(self, event) -> None:
        if event.input.id == "calendar-search":
            self._leave_search()

    def key_escape(self) -> None:
        box = self.search_input
        if box is not None and box.has_focus:  # esc in the box: the search goes, as in the list
            self.app.set_post_filter(self.post_filter.but(text=""))
            self._leave_search()

    def _leave_search(self) -> None:
        self.app.show_filter_label()
        box = self.search_input
        if box is not None:
            box.set_class(bool(box.value), "-shown")
        self.calendar.focus()

    def action_clear_filter(self) -> None:
        if self.post_filter.active:
            self.app.set_post_filter(PostFilter())
        self._leave_search()

    # -- calendar events ---------------------------------------------------------------------
    def on_calendar_view_period_changed(self, event: CalendarView.PeriodChanged) -> None:
        if (event.start, event.end) == self._shown:
            return  # read already (the calendar's first period: on_mount read it)
        self.reload()
        self.app.refresh_window(*self.window(), only_if_stale=True)

    def on_calendar_view_day_selected(self, event: CalendarView.DaySelected) -> None:
        self.app.show_day(event.day)

    def on_calendar_view_slot_selected(self, event: CalendarView.SlotSelected) -> None:
        self.app.show_day(event.day, event.hour)

    def on_screen_suspend(self) -> None:
        self.app.focus_date = self.calendar.cursor

    def on_screen_resume(self) -> None:  # then BaseScreen's (Textual calls both)
        if self.calendar.cursor != self.app.focus_date:
            self.calendar.go_to(self.app.focus_date)

    def action_new_post(self) -> None:
        cal = self.calendar
        self.app.new_post(cal.cursor, cal.hour if cal.grid else None)

    def action_go_to_date(self) -> None:
        from .pickers import GoToDate

        def chosen(day: date | None) -> None:
            if day is not None:
                self.calendar.go_to(day)
                self.app.focus_date = day

        self.app.push_screen(GoToDate(self.app.today()), chosen)
