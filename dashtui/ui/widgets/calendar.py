"""CalendarView: a month grid, a week grid (days by hours) and a week agenda, in the user's
zone.

Line API widget: the whole frame (at most a screenful of Strips) is built once per repaint
from per-day aggregates that are cached until `set_rows`, the filter or the zone changes, so
a month of 10,000 posts paints from ~42 dictionary lookups. The week grid's module is only
imported when the week is first shown: the month is the first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from textual.binding import Binding
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ...domain.platforms import Platform
from ...domain.timeutil import shift_month, week_of
from ...store.cache import PostRow
from ..filter_state import PostFilter
from .calendar_data import CalendarData, Key
from .calendar_render import CalStyles, grid_start, grid_weeks, month_lines, week_lines
from .messages import ControlMessage
from .timefmt import LocalClock, Zoned

VIEWS = ("month", "week")
WEEK_LAYOUTS = ("grid", "list")  # the week as days by hours, or as the agenda list


class CalendarView(Zoned, Widget, can_focus=True):
    # month grid: left/right = a day, up/down = a week. Week grid: left/right = a day,
    # up/down = an hour. Week agenda is a vertical list, so up/down there step a day too:
    # the keys follow what is on screen
    BINDINGS = [
        Binding("h,left", "move(-1)", "Previous day", id="calendar.left", show=False),
        Binding("l,right", "move(1)", "Next day", id="calendar.right", show=False),
        Binding("k,up", "move_vertical(-1)", "Up", id="calendar.up", show=False),
        Binding("j,down", "move_vertical(1)", "Down", id="calendar.down", show=False),
        Binding("[", "period(-1)", "Previous period", id="calendar.previous", show=False),
        Binding("]", "period(1)", "Next period", id="calendar.next", show=False),
        Binding("t", "today", "Today", id="calendar.today", show=False),
        Binding("w", "week", "Week", id="calendar.week",
                tooltip="The week: as a grid of days by hours; again, as a list"),
        Binding("m", "set_view('month')", "Month", id="calendar.month", show=False),
        Binding("enter", "select", "Open day", id="calendar.select"),
    ]
    COMPONENT_CLASSES = {
        "calendar--title", "calendar--weekday", "calendar--today", "calendar--cursor",
        "calendar--outside", "calendar--error", "calendar--empty", "calendar--conflict",
        "calendar--dim", "calendar--draft", "calendar--nomatch",
    }
    DEFAULT_CSS = """
    CalendarView {
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .calendar--title { text-style: bold; }
        & > .calendar--weekday { text-style: bold; color: $text-muted; }
        & > .calendar--today { text-style: bold underline; color: $accent; }
        & > .calendar--cursor { text-style: reverse; }
        & > .calendar--outside { color: $text-muted; }
        & > .calendar--error { color: $error; text-style: bold; }
        & > .calendar--empty { color: $text-muted; }
        & > .calendar--conflict { color: $warning; text-style: bold; }
        & > .calendar--dim { color: $text-muted; }
        & > .calendar--draft { text-style: italic; }
        & > .calendar--nomatch { color: $text-disabled; text-style: dim; }
    }
    """

    cursor: reactive[date] = reactive(date(2000, 1, 1), init=False)
    view: reactive[str] = reactive("month", init=False)
    week_layout: reactive[str] = reactive("grid", init=False)
    hour: reactive[int] = reactive(9, init=False)  # the week grid's cursor row

    class _DateMessage(ControlMessage):
        @property
        def calendar(self) -> CalendarView:
            return self._widget

    class _DayMessage(_DateMessage):
        def __init__(self, calendar: CalendarView, day: date) -> None:
            super().__init__(calendar)
            self.day = day

    class DaySelected(_DayMessage):
        """enter on a day."""

    class DayHighlighted(_DayMessage):
        """The cursor moved to another day."""

    class SlotSelected(_DayMessage):
        """enter on an hour of the week grid."""

        def __init__(self, calendar: CalendarView, day: date, hour: int) -> None:
            super().__init__(calendar, day)
            self.hour = hour

    class PeriodChanged(_DateMessage):
        """The visible days changed (start and end inclusive): load that window."""

        def __init__(self, calendar: CalendarView, start: date, end: date) -> None:
            super().__init__(calendar)
            self.start = start
            self.end = end

    def __init__(self, zone: ZoneInfo, today: Callable[[], date], *, id: str | None = None,
                 name: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, name=name, classes=classes)
        self.clock = LocalClock(zone)
        self._today = today
        self._rows: list[PostRow] = []
        self._data: CalendarData | None = None
        self._frame: list[Strip] | None = None
        self._agenda_top = 0
        self._grid_top = 7  # the week grid opens on working hours (week_grid.WORK_START)
        self._last_period: tuple[date, date] | None = None
        self._filter = PostFilter()
        self._found: tuple[tuple, set[Key]] | None = None  # (terms, days) -> posts matched
        # the order of the week grid's lanes: the service's platforms (the screen sets it)
        self.platform_order: list[str] = [p.value for p in Platform]
        self.set_reactive(CalendarView.cursor, today())

    # -- data --------------------------------------------------------------------------------
    def zone_changed(self) -> None:
        self._data = None  # days are local: every post may land on another day
        self._invalidate()

    @property
    def data(self) -> CalendarData:
        if self._data is None:
            f = self._filter
            self._data = CalendarData(self._rows, self.clock,
                                      f.keeps if f.narrows else None)
            self._found = None
        return self._data

    def set_rows(self, rows: list[PostRow]) -> None:
        self._rows = list(rows)
        self._data = None
        self._invalidate()

    @property
    def post_filter(self) -> PostFilter:
        return self._filter

    def set_filter(self, f: PostFilter) -> None:
        """Count only the posts of these platforms and statuses; dim what the text does not
        match (the list's filter: the app shares one)."""
        if f == self._filter:
            return
        if (f.platforms, f.statuses) != (self._filter.platforms, self._filter.statuses):
            self._data = None
        self._filter = f
        self._found = None
        self._invalidate()

    def rows_on(self, day: date) -> list[PostRow]:
        """The posts of one local day the filter keeps, in time order."""
        agg = self.data.get(day)
        return list(agg.rows) if agg is not None else []

    def rows_at(self, day: date, hour: int) -> list[PostRow]:
        """The posts of one local hour of a day (a cell of the week grid)."""
        data = self.data
        return [r for r in self.rows_on(day) if data.hour_of(r.ts) == hour]

    def found(self) -> set[Key] | None:
        """The shown period's posts the `/` words match; None when nothing is searched."""
        terms = self._filter.terms
        if not terms:
            return None
        first, last = self.period()
        key = (tuple(terms), first, last)
        if self._found is None or self._found[0] != key:
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            self._found = (key, self.data.matching(terms, days))
        return self._found[1]

    def matched_days(self) -> set[date] | None:
        """The shown days with a post the `/` words match (None: nothing is searched)."""
        found = self.found()
        if found is None:
            return None
        first, last = self.period()
        days = set()
        for i in range((last - first).days + 1):
            d = first + timedelta(days=i)
            agg = self.data.get(d)
            if agg is not None and any((r.platform, r.id) in found for r in agg.rows):
                days.add(d)
        return days

    @property
    def grid(self) -> bool:
        """The week grid is on screen (not the month, not the agenda)."""
        return self.view == "week" and self.week_layout == "grid"

    def period(self) -> tuple[date, date]:
        """First and last visible day (inclusive): the whole grid in month view."""
        if self.view == "week":
            return week_of(self.cursor)
        first = self.cursor.replace(day=1)
        start = grid_start(first)
        return start, start + timedelta(days=7 * grid_weeks(first) - 1)

    def go_to(self, day: date) -> None:
        self.cursor = day

    # -- reactivity --------------------------------------------------------------------------
    def validate_view(self, view: str) -> str:
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
        return view

    def on_mount(self) -> None:
        self._check_period()

    def watch_cursor(self, old: date, new: date) -> None:
        self.post_message(self.DayHighlighted(self, new))
        self._check_period()
        self._invalidate()

    def watch_view(self) -> None:
        self._agenda_top = 0  # the week opens at its Monday (scrolled only to keep the cursor)
        self._check_period()
        self._invalidate()

    def validate_week_layout(self, layout: str) -> str:
        if layout not in WEEK_LAYOUTS:
            raise ValueError(f"week layout must be one of {WEEK_LAYOUTS}, not {layout!r}")
        return layout

    def watch_week_layout(self) -> None:
        self._agenda_top = 0
        self._invalidate()

    def validate_hour(self, hour: int) -> int:
        return max(0, min(23, hour))

    def watch_hour(self) -> None:
        self._invalidate()

    def _invalidate(self) -> None:
        self._frame = None
        self.refresh()

    def _check_period(self) -> None:
        period = self.period()
        if period != self._last_period:
            self._last_period = period
            self._agenda_top = 0  # another week: start from its Monday
            self.post_message(self.PeriodChanged(self, *period))

    # -- actions -----------------------------------------------------------------------------
    def action_move(self, days: int) -> None:
        self.cursor += timedelta(days=days)

    def action_move_vertical(self, direction: int) -> None:
        if self.grid:
            self.hour += direction
            return
        self.cursor += timedelta(days=direction * (7 if self.view == "month" else 1))

    def action_period(self, direction: int) -> None:
        if self.view == "week":
            # the next week opens at its Monday, as the first week did: the cursor goes there
            # and the agenda starts at the top
            monday, _ = week_of(self.cursor)
            self._agenda_top = 0
            self.cursor = monday + timedelta(days=7 * direction)
        else:
            self.cursor = shift_month(self.cursor, direction)

    def action_today(self) -> None:
        self.cursor = self._today()

    def action_set_view(self, view: str) -> None:
        self.view = view

    def action_week(self) -> None:
        """From the month: the week (as it was last shown, a grid at first). In the week:
        grid and list in turn."""
        if self.view == "week":
            self.week_layout = "list" if self.week_layout == "grid" else "grid"
        else:
            self.view = "week"

    def action_select(self) -> None:
        if self.grid:
            self.post_message(self.SlotSelected(self, self.cursor, self.hour))
        else:
            self.post_message(self.DaySelected(self, self.cursor))

    # -- rendering ---------------------------------------------------------------------------
    def _styles(self) -> CalStyles:
        def part(name: str):
            return self.get_component_rich_style(f"calendar--{name}", partial=True)
        return CalStyles(
            base=self.rich_style, title=part("title"), weekday=part("weekday"),
            today=part("today"), cursor=part("cursor"), outside=part("outside"),
            error=part("error"), empty=part("empty"), conflict=part("conflict"),
            dim=part("dim"), draft=part("draft"), nomatch=part("nomatch"))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = None  # a repaint may follow a style, size or focus change
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if self._frame is None:
            self._frame = self._build_frame()
        if y < len(self._frame):
            return self._frame[y]
        return Strip.blank(self.size.width, self.rich_style)

    def _build_frame(self) -> list[Strip]:
        width, height = self.size
        st = self._styles()
        if self.grid:
            from .week_grid import GridView, grid_lines, lanes_for

            f = self._filter
            view = GridView(self.data, self.period()[0], self.cursor, self.hour, self._today(),
                            lanes_for(self.data, f.platforms, self.platform_order),
                            self.found(), f.describe(short=True))
            strips, self._grid_top = grid_lines(view, width, height, st, self._grid_top)
            return strips
        if self.view == "week":
            start = self.period()[0]
            strips, self._agenda_top = week_lines(
                self.data, start, self.cursor, self._today(), self.clock, width, height, st,
                self._agenda_top, self.found())
            return strips
        return month_lines(self.data, self.cursor.replace(day=1), self.cursor, self._today(),
                           width, height, st, self.matched_days())
