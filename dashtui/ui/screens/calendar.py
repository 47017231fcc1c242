"""Mode 1: the month grid / week view of a brand's posts."""

from __future__ import annotations

from datetime import date, datetime

from textual.app import ComposeResult
from textual.binding import Binding

from ...domain.timeutil import span
from ..widgets.calendar import CalendarView
from .base import BaseScreen


class CalendarGrid(CalendarView):
    """The calendar widget plus the calendar-only keys (never where the user types)."""

    BINDINGS = [
        Binding("g", "screen.go_to_date", "Go to date", id="calendar.goto"),
        Binding("n", "screen.new_post", "New", id="calendar.new"),
    ]


class CalendarScreen(BaseScreen):
    HELP_TITLE = "Calendar"
    _shown: tuple[date, date] | None = None  # the period last read from the cache

    def compose_body(self) -> ComposeResult:
        yield CalendarGrid(self.session.zone, today=self.app.today, id="calendar")

    @property
    def calendar(self) -> CalendarView:
        return self.query_one(CalendarView)

    def on_mount(self) -> None:
        self.calendar.cursor = self.app.focus_date
        self.calendar.focus()
        self._read()
        self._read_at_mount = True
        # paint from the cache first; the network is asked once the frame is out (the app's
        # on_ready refreshes the window shown)

    def window(self) -> tuple[datetime, datetime]:
        first, last = self.calendar.period()
        return span(first, last, self.session.zone)

    def reload(self) -> None:
        if self.is_mounted:
            self._read()

    def _read(self) -> None:
        """The period's posts from the cache into the calendar (on_mount: before the first
        frame, so it shows them; is_mounted is still False there)."""
        start, end = self.window()
        rows = self.session.rows(start, end, undated=False)
        self.calendar.set_rows(rows)
        first, last = self._shown = self.calendar.period()
        self.set_status(f"{len(rows)} posts {first:%d %b} – {last:%d %b %Y} · "
                        "enter: day's posts · w/m: week/month · g: go to date")

    def on_calendar_view_period_changed(self, event: CalendarView.PeriodChanged) -> None:
        if (event.start, event.end) == self._shown:
            return  # read already (the calendar's first period: on_mount read it)
        self.reload()
        self.app.refresh_window(*self.window(), only_if_stale=True)

    def on_calendar_view_day_selected(self, event: CalendarView.DaySelected) -> None:
        self.app.show_day(event.day)

    def on_screen_suspend(self) -> None:
        self.app.focus_date = self.calendar.cursor

    def on_screen_resume(self) -> None:  # then BaseScreen's (Textual calls both)
        if self.calendar.cursor != self.app.focus_date:
            self.calendar.go_to(self.app.focus_date)

    def action_new_post(self) -> None:
        self.app.new_post(self.calendar.cursor)

    def action_go_to_date(self) -> None:
        from .pickers import GoToDate

        def chosen(day: date | None) -> None:
            if day is not None:
                self.calendar.go_to(day)
                self.app.focus_date = day

        self.app.push_screen(GoToDate(self.app.today()), chosen)
