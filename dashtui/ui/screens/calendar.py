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

    def compose_body(self) -> ComposeResult:
        yield CalendarGrid(self.session.zone, today=self.app.today, id="calendar")

    @property
    def calendar(self) -> CalendarView:
        return self.query_one(CalendarView)

    def on_mount(self) -> None:
        self.calendar.cursor = self.app.focus_date
        self.calendar.focus()
        self.reload()
        # paint from the cache first; the network is asked once the frame is out
        self.call_after_refresh(lambda: self.app.refresh_window(*self.window()))

    def window(self) -> tuple[datetime, datetime]:
        first, last = self.calendar.period()
        return span(first, last, self.session.zone)

    def reload(self) -> None:
        if not self.is_mounted:
            return
        start, end = self.window()
        rows = self.session.rows(start, end, undated=False)
        self.calendar.set_rows(rows)
        first, last = self.calendar.period()
        self.set_status(f"{len(rows)} posts {first:%d %b} – {last:%d %b %Y} · "
                        "enter: day's posts · w/m: week/month · g: go to date")

    def on_calendar_view_period_changed(self, event: CalendarView.PeriodChanged) -> None:
        self.reload()
        self.app.refresh_window(*self.window(), only_if_stale=True)

    def on_calendar_view_day_selected(self, event: CalendarView.DaySelected) -> None:
        self.app.show_day(event.day)

    def on_screen_suspend(self) -> None:
        self.app.focus_date = self.calendar.cursor

    def on_screen_resume(self) -> None:
        if self.calendar.cursor != self.app.focus_date:
            self.calendar.go_to(self.app.focus_date)
        super().on_screen_resume()

    def action_new_post(self) -> None:
        self.app.new_post(self.calendar.cursor)

    def action_go_to_date(self) -> None:
        from .pickers import GoToDate

        def chosen(day: date | None) -> None:
            if day is not None:
                self.calendar.go_to(day)
                self.app.focus_date = day

        self.app.push_screen(GoToDate(self.app.today()), chosen)
