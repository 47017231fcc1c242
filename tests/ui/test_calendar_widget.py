"""CalendarView in a harness app shaped like the real one (a header and a footer line)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Static

from dashtui.store.cache import PostRow
from dashtui.domain.timeutil import shift_month, span
from dashtui.ui.widgets.calendar import CalendarView
from dashtui.ui.widgets.calendar_data import CalendarData
from dashtui.ui.widgets.timefmt import LocalClock

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 11, 20)


def at(y, m, d, h, mi=0, zone=PARIS) -> int:
    return int(datetime(y, m, d, h, mi, tzinfo=zone).timestamp())


def post(pid, when, platform="instagram", status="SCHEDULED", caption="hello", brand=1):
    return PostRow(platform, pid, brand, status, when, None, caption, 1, None, None, 0)


SAMPLE = [
    post(1, at(2026, 11, 23, 14, 5), caption="launch [bold]day[/bold]"),
    post(2, at(2026, 11, 23, 14, 35), status="FAILED", caption="日本語 \x1b[2Jboom"),
    post(3, at(2026, 11, 23, 9), platform="twitter", status="POSTED"),
    post(4, at(2026, 11, 24, 9), platform="youtube", status="DRAFT"),
    post(5, at(2026, 11, 24, 10), platform="tiktok"),
    post(6, at(2026, 11, 24, 11), platform="linkedin"),
    post(7, at(2026, 11, 24, 12), platform="threads"),
    post(8, at(2026, 11, 24, 13), platform="bluesky", status="EXPIRED"),
    post(9, None, status="DRAFT"),
]


class Harness(App):
    def __init__(self, zone=PARIS, today=TODAY) -> None:
        super().__init__()
        self.zone, self.today = zone, today
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield Static("header")  # the real app spends a line above and a line below
        yield CalendarView(self.zone, lambda: self.today, id="cal")
        yield Static("footer")


@asynccontextmanager
async def running(rows=SAMPLE, size=(80, 24), **kw):
    app = Harness(**kw)
    async with app.run_test(size=size, message_hook=app.messages.append) as pilot:
        cal = app.query_one(CalendarView)
        cal.set_rows(rows)
        cal.focus()
        await pilot.pause()
        yield app, pilot, cal


def lines(cal: CalendarView) -> list[str]:
    return [cal.render_line(y).text for y in range(cal.size.height)]


def of_type(app, kind) -> list:
    return list({id(m): m for m in app.messages if isinstance(m, kind)}.values())


def cell(cal: CalendarView, day: date, line: int) -> str:
    """Text of one line of a day's cell in the month grid (without its left rule)."""
    start, end = cal.period()
    per_week = (cal.size.height - 2) // (((end - start).days + 1) // 7)
    width = cal.size.width // 7
    week, col = divmod((day - start).days, 7)
    return lines(cal)[2 + week * per_week + line][col * width + 1: (col + 1) * width]


async def test_month_grid_at_80x24():
    async with running() as (app, pilot, cal):
        assert cal.size == (80, 22)
        text = lines(cal)
        assert text[0].strip() == "November 2026  ✎1 undated"
        assert text[1].split() == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        assert all(cell_len(t) == 80 for t in text)
        # Nov 2026 starts on a Sunday: six weeks, 26 Oct .. 6 Dec, all on screen
        assert text[2].startswith("│26")
        assert "│6 " in text[2 + 5 * 3]
        assert cell(cal, date(2026, 11, 23), 0).rstrip().endswith("⚠")  # 14:05 and 14:35 IG
        assert cell(cal, date(2026, 11, 23), 1).strip() == "3 ✓1 ✗1 ◷1"
        assert cell(cal, date(2026, 11, 23), 2).strip() == "IG X"
        assert cell(cal, date(2026, 11, 24), 1).strip() == "5 ✗1 ◷3 ✎1"
        assert cell(cal, date(2026, 11, 24), 2).strip() == "BS LI +3"
        assert cell(cal, date(2026, 11, 25), 1).strip() == "·"
        assert cell(cal, date(2026, 12, 1), 0).strip() == "1 Dec"


async def test_month_styles_cursor_today_errors():
    async with running() as (app, pilot, cal):
        cal.go_to(date(2026, 11, 23))
        await pilot.pause()
        strips = [cal.render_line(y) for y in range(cal.size.height)]
        reversed_text = "".join(s.text for strip in strips for s in strip if s.style.reverse)
        assert "23" in reversed_text and "3 ✓1 ✗1" in reversed_text
        today = [s for strip in strips for s in strip if s.text == "20"]
        assert today and today[0].style.underline and today[0].style.bold
        error = cal.get_component_rich_style("calendar--error", partial=True).color
        failed = [s for strip in strips for s in strip if s.text == " ✗1"]
        assert failed and all(s.style.color == error for s in failed)
        outside = cal.get_component_rich_style("calendar--outside", partial=True).color
        oct26 = [s for s in strips[2] if s.text == "26"]
        assert oct26[0].style.color == outside


async def test_tall_terminal_lists_platforms():
    async with running(size=(120, 40)) as (app, pilot, cal):
        text = "\n".join(lines(cal))
        assert "IG 2 ✗1" in text and "X 1" in text
        assert "BS LI TH TT YT" in text  # five platforms, four free lines: compact


async def test_keys_move_and_period_changed():
    async with running() as (app, pilot, cal):
        first = of_type(app, CalendarView.PeriodChanged)
        assert [(m.start, m.end) for m in first] == [(date(2026, 10, 26), date(2026, 12, 6))]
        await pilot.press("right", "l", "down")
        assert cal.cursor == date(2026, 11, 29)
        assert len(of_type(app, CalendarView.PeriodChanged)) == 1  # same month, same grid
        await pilot.press("j")  # 6 December: the grid follows the cursor into December
        assert cal.cursor == date(2026, 12, 6)
        await pilot.press("left", "h", "up", "k")
        assert cal.cursor == TODAY
        await pilot.press("]")
        assert cal.cursor == date(2026, 12, 20)
        assert cal.period() == (date(2026, 11, 30), date(2027, 1, 3))
        await pilot.press("[", "[")
        assert cal.cursor == date(2026, 10, 20)
        await pilot.press("t")
        assert cal.cursor == TODAY
        await pilot.pause()
        periods = [(m.start, m.end) for m in of_type(app, CalendarView.PeriodChanged)]
        assert periods[1:] == [(date(2026, 11, 30), date(2027, 1, 3)),
                               (date(2026, 10, 26), date(2026, 12, 6)),
                               (date(2026, 11, 30), date(2027, 1, 3)),
                               (date(2026, 10, 26), date(2026, 12, 6)),
                               (date(2026, 9, 28), date(2026, 11, 1)),
                               (date(2026, 10, 26), date(2026, 12, 6))]
        await pilot.press("enter")
        await pilot.pause()
        assert [m.day for m in of_type(app, CalendarView.DaySelected)] == [TODAY]
        assert of_type(app, CalendarView.DayHighlighted)[-1].day == TODAY


async def test_month_jump_clamps_day():
    assert shift_month(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert shift_month(date(2028, 3, 31), -1) == date(2028, 2, 29)
    assert shift_month(date(2026, 12, 15), 1) == date(2027, 1, 15)
    async with running(today=date(2027, 1, 31)) as (app, pilot, cal):
        await pilot.press("]")
        assert cal.cursor == date(2027, 2, 28)
        assert cal.period() == (date(2027, 2, 1), date(2027, 2, 28))  # a four-week month


async def test_week_view_agenda_at_80x24():
    async with running() as (app, pilot, cal):
        cal.go_to(date(2026, 11, 24))
        await pilot.press("w", "w")  # the week grid, then the week as a list
        await pilot.pause()
        assert cal.view == "week" and cal.week_layout == "list"
        assert cal.period() == (date(2026, 11, 23), date(2026, 11, 29))
        assert (of_type(app, CalendarView.PeriodChanged)[-1].start,
                of_type(app, CalendarView.PeriodChanged)[-1].end) == cal.period()
        text = lines(cal)
        assert text[0].startswith("Week 48 · Mon 23 Nov – Sun 29 Nov 2026")
        assert text[1].startswith("Mon 23 Nov  3 posts  ✗1 failed  ⚠ conflict")
        assert text[2].startswith("  09:00 X  ✓   ")
        assert text[3].startswith("  14:05 IG ◷ ⚠ launch [bold]day[/bold]")
        assert text[4].startswith("  14:35 IG ✗ ⚠ 日本語 ^[[2Jboom")
        assert text[5].startswith("Tue 24 Nov  5 posts  ✗1 failed")
        assert any(t.startswith("Sun 29 Nov  ·") for t in text)
        assert all(cell_len(t) == 80 for t in text)
        # the agenda is a vertical list: up/down step one day, ] a week, opened at its Monday
        await pilot.press("down")
        assert cal.cursor == date(2026, 11, 25)
        await pilot.press("]")
        assert cal.cursor == date(2026, 11, 30)
        assert cal.period() == (date(2026, 11, 30), date(2026, 12, 6))
        await pilot.press("m")
        assert cal.view == "month"
        assert cal.period() == (date(2026, 10, 26), date(2026, 12, 6))  # Monday 30 Nov's


async def test_week_view_scrolls_to_cursor_day():
    busy = [post(100 + i, at(2026, 11, 23, 8) + i * 7200, platform="facebook")
            for i in range(30)]  # 30 posts two hours apart: Monday to Wednesday
    async with running(busy + SAMPLE) as (app, pilot, cal):
        cal.go_to(date(2026, 11, 29))
        cal.view, cal.week_layout = "week", "list"
        await pilot.pause()
        text = lines(cal)
        assert any(t.startswith("Sun 29 Nov") for t in text)
        assert "↑" in text[0]
        await pilot.press("t")  # back to Friday 20th: the week before
        cal.go_to(date(2026, 11, 23))
        await pilot.pause()
        assert lines(cal)[1].startswith("Mon 23 Nov")


async def test_next_and_previous_week_open_at_their_monday():
    def busy(first: date) -> list:
        # 30 posts two hours apart from Monday 08:00: the week is taller than the screen
        start = at(first.year, first.month, first.day, 8)
        return [post(200 + i + first.day * 100, start + i * 7200, platform="facebook")
                for i in range(30)]

    rows = busy(date(2026, 11, 23)) + busy(date(2026, 11, 30)) + busy(date(2026, 11, 16))
    async with running(rows) as (app, pilot, cal):
        cal.go_to(date(2026, 11, 29))
        await pilot.press("w", "w")
        await pilot.pause()
        assert "↑" in lines(cal)[0]  # Sunday's posts are on screen: Monday scrolled away
        for key, monday in (("]", date(2026, 11, 30)), ("[", date(2026, 11, 23)),
                            ("[", date(2026, 11, 16))):
            await pilot.press(key)
            await pilot.pause()
            text = lines(cal)
            assert cal.cursor == monday
            assert text[1].startswith(f"Mon {monday:%d %b}"), text[:3]
            assert "↑" not in text[0] and "↓" in text[0]


async def test_wide_week_view_shows_status():
    async with running(size=(120, 40)) as (app, pilot, cal):
        cal.go_to(date(2026, 11, 23))
        await pilot.press("w", "w")
        await pilot.pause()
        assert any("✗ ⚠ FAILED" in t for t in lines(cal))


async def test_bindings_have_ids():
    ids = [b.id for b in CalendarView.BINDINGS]
    assert None not in ids and len(set(ids)) == len(ids)
    assert {"calendar.left", "calendar.next", "calendar.today", "calendar.week"} <= set(ids)


def test_conflicts():
    clock = LocalClock(PARIS)
    rows = [
        post(1, at(2026, 3, 2, 10, 0)),
        post(2, at(2026, 3, 2, 10, 59)),  # 59 minutes after: conflict
        post(3, at(2026, 3, 3, 10, 0)),
        post(4, at(2026, 3, 3, 11, 0)),  # exactly an hour: fine
        post(5, at(2026, 3, 4, 10, 0)),
        post(6, at(2026, 3, 4, 10, 10), platform="twitter"),  # other platform: fine
        post(7, at(2026, 3, 4, 10, 20), brand=2),  # other brand's account: fine
        post(8, at(2026, 3, 5, 23, 40)),
        post(9, at(2026, 3, 6, 0, 20)),  # across midnight: both days
        post(9, at(2026, 3, 6, 0, 20)),  # the same post twice is not a conflict
    ]
    data = CalendarData(rows, clock)
    assert data.conflicts == {("instagram", 1), ("instagram", 2), ("instagram", 8),
                              ("instagram", 9)}
    flags = {d.day: agg.conflict for d, agg in data.days.items()}
    assert flags == {2: True, 3: False, 4: False, 5: True, 6: True}
    assert data.days[date(2026, 3, 6)].total == 1


def test_dst_days_bucket_by_local_date():
    clock = LocalClock(PARIS)
    utc = timezone.utc
    rows = [
        # spring forward, Sunday 29 March 2026: 02:00 -> 03:00 local
        post(1, int(datetime(2026, 3, 28, 22, 30, tzinfo=utc).timestamp())),  # 23:30 Sat
        post(2, int(datetime(2026, 3, 28, 23, 30, tzinfo=utc).timestamp())),  # 00:30 Sun
        post(3, int(datetime(2026, 3, 29, 1, 30, tzinfo=utc).timestamp())),  # 03:30 Sun
        post(4, int(datetime(2026, 3, 29, 21, 59, tzinfo=utc).timestamp())),  # 23:59 Sun
        post(5, int(datetime(2026, 3, 29, 22, 0, tzinfo=utc).timestamp())),  # 00:00 Mon
        # fall back, Sunday 25 October 2026: 03:00 -> 02:00 local
        post(6, int(datetime(2026, 10, 24, 22, 30, tzinfo=utc).timestamp())),  # 00:30 Sun
        post(7, int(datetime(2026, 10, 25, 22, 59, tzinfo=utc).timestamp())),  # 23:59 Sun
        post(8, int(datetime(2026, 10, 25, 23, 0, tzinfo=utc).timestamp())),  # 00:00 Mon
    ]
    data = CalendarData(rows, clock)
    ids = {d: [r.id for r in agg.rows] for d, agg in data.days.items()}
    assert ids == {date(2026, 3, 28): [1], date(2026, 3, 29): [2, 3, 4],
                   date(2026, 3, 30): [5], date(2026, 10, 25): [6, 7],
                   date(2026, 10, 26): [8]}
    assert [clock.hm(r.ts) for r in rows] == [
        "23:30", "00:30", "03:30", "23:59", "00:00", "00:30", "23:59", "00:00"]
    # the bucket cache agrees with zoneinfo every 7 minutes across both transitions
    for start in (datetime(2026, 3, 28, tzinfo=utc), datetime(2026, 10, 24, tzinfo=utc)):
        for step in range(0, 3 * 24 * 60, 7):
            stamp = int((start + timedelta(minutes=step)).timestamp())
            truth = datetime.fromtimestamp(stamp, PARIS)
            assert clock.day(stamp) == truth.date()
            assert clock.hm(stamp) == truth.strftime("%H:%M")
    lo, hi = span(date(2026, 3, 29), date(2026, 3, 29), PARIS)
    assert hi - lo == timedelta(hours=23)


async def test_dst_week_in_view():
    rows = [post(1, int(datetime(2026, 10, 24, 22, 30, tzinfo=timezone.utc).timestamp())),
            post(2, int(datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc).timestamp())),
            post(3, int(datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc).timestamp()))]
    async with running(rows, today=date(2026, 10, 25)) as (app, pilot, cal):
        await pilot.press("w", "w")
        await pilot.pause()
        text = lines(cal)
        sunday = text.index(next(t for t in text if t.startswith("Sun 25 Oct")))
        # 02:30 happens twice that night (CEST, then CET); both are on Sunday, in time order
        assert [t[:13] for t in text[sunday + 1: sunday + 4]] == [
            "  00:30 IG ◷ ", "  02:30 IG ◷ ", "  02:30 IG ◷ "]
        assert [r.id for r in cal.rows_on(date(2026, 10, 25))] == [1, 3, 2]


async def test_zone_change_rebuckets():
    async with running([post(1, at(2026, 11, 23, 0, 30))]) as (app, pilot, cal):
        assert [r.id for r in cal.rows_on(date(2026, 11, 23))] == [1]
        cal.zone = ZoneInfo("America/New_York")  # 18:30 the evening before there
        assert [r.id for r in cal.rows_on(date(2026, 11, 22))] == [1]


async def test_ten_thousand_rows_month_renders():
    base = at(2026, 11, 1, 0)
    rows = [post(i, base + (i * 2677) % (30 * 86400),
                 platform=("instagram", "twitter", "tiktok")[i % 3],
                 status=("SCHEDULED", "POSTED", "FAILED")[i % 3]) for i in range(10_000)]
    async with running(rows) as (app, pilot, cal):
        text = lines(cal)
        counts = sum(int(cell(cal, date(2026, 11, d), 1).split()[0]) for d in range(1, 31))
        assert counts == 10_000
        assert len(text) == 22
