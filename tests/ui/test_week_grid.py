"""The planning week grid (days by hours, a lane per platform) in the calendar harness."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len

from dashtui.ui.filter_state import PostFilter
from dashtui.ui.widgets.calendar import CalendarView
from dashtui.ui.widgets.week_grid import HOURS, band

from .test_calendar_widget import SAMPLE, at, lines, of_type, post, running

MONDAY = date(2026, 11, 23)
# Monday 23: IG 14:05 + 14:35 (FAILED) collide; X 09:00 posted; Tuesday: one post an hour
# from 09:00 on YouTube, TikTok, LinkedIn, Threads, Bluesky. Lanes: I F T X H L Y B
LANES = "IFTXHLYB"


def grid_cell(cal: CalendarView, day: date, line: int) -> str:
    """A day's cell on one screen line of the week grid, without its rule."""
    width = cal.size.width
    cell_w = (width - 3) // 7
    gutter = width - 7 * cell_w
    col = (day - cal.period()[0]).days
    text = lines(cal)[line]
    start = gutter + col * cell_w + 1
    return text[start:start + cell_w - 1]


def hour_line(cal: CalendarView, hour: int) -> int:
    """The screen line of an hour's row (the grid's gutter shows it)."""
    for y, text in enumerate(lines(cal)):
        if text[:2] == f"{hour:02d}" and text[2:3] in (" ", ":"):
            return y
    raise AssertionError(f"hour {hour} is not on screen")


def lane(cell: str, platform_letter: str) -> str:
    return cell[LANES.index(platform_letter)]


EXTRA = [post(20, at(2026, 11, 24, 9, 50), platform="facebook"),  # 09:50 and 10:20 on
         post(21, at(2026, 11, 24, 10, 20), platform="facebook"),  # FB: across two rows
         post(22, at(2026, 11, 25, 2, 0), platform="facebook")]  # before the band


async def test_w_opens_the_grid_and_it_fits_80x24():
    async with running(SAMPLE + EXTRA) as (app, pilot, cal):
        cal.go_to(MONDAY)
        await pilot.press("w")
        await pilot.pause()
        assert cal.view == "week" and cal.grid
        text = lines(cal)
        assert len(text) == 22 and all(cell_len(t) == 80 for t in text)
        assert text[0].startswith("Week 48 · Mon 23 Nov – Sun 29 Nov 2026")
        # day names with the day's count and ⚠ when it has a collision
        assert grid_cell(cal, MONDAY, 1).split() == ["Mon", "23", "3⚠"]
        assert grid_cell(cal, date(2026, 11, 29), 1).split() == ["Sun", "29", "·"]
        # the lanes' legend and the day's gaps: a platform's letter if it posts that day
        assert grid_cell(cal, MONDAY, 2).rstrip() == "I··X····"
        assert grid_cell(cal, date(2026, 11, 24), 2).rstrip() == "·FT·HLYB"
        # the band opens on working hours and runs to 23:00 (here 06:00, with 22 lines; in
        # the app at 80x24, 07:00); the hours above are folded into one ↑ row
        assert text[3].startswith("↑")
        assert lane(grid_cell(cal, date(2026, 11, 25), 3), "F") == "F"  # 02:00, folded
        assert hour_line(cal, 6) == 4 and hour_line(cal, 23) == 21
        assert "↑" in text[0]
        # an empty slot is a dim dot in every lane: the platform's gap that hour
        assert grid_cell(cal, date(2026, 11, 26), hour_line(cal, 12)).rstrip() == "·" * 8


async def test_same_platform_collisions_are_marked_and_others_are_not():
    async with running(SAMPLE + EXTRA) as (app, pilot, cal):
        cal.go_to(MONDAY)
        await pilot.press("w")
        await pilot.pause()
        # Instagram 14:05 and 14:35, one of them failed: ✗ (errors first) in its lane
        mon14 = grid_cell(cal, MONDAY, hour_line(cal, 14))
        assert lane(mon14, "I") == "✗" and mon14.count("·") == 7
        assert cal.data.is_conflict(SAMPLE[0]) and cal.data.is_conflict(SAMPLE[1])
        # Facebook 09:50 and 10:20: under an hour apart across two rows, both marked ⚠
        tue = date(2026, 11, 24)
        assert lane(grid_cell(cal, tue, hour_line(cal, 9)), "F") == "⚠"
        assert lane(grid_cell(cal, tue, hour_line(cal, 10)), "F") == "⚠"
        # YouTube 09:00 and TikTok 10:00 the same day: other platforms, no mark
        assert lane(grid_cell(cal, tue, hour_line(cal, 9)), "Y") == "Y"
        assert lane(grid_cell(cal, tue, hour_line(cal, 10)), "T") == "T"
        assert "⚠" in grid_cell(cal, tue, 1)
        # X 09:00 on Monday is alone on its platform: its letter
        assert lane(grid_cell(cal, MONDAY, hour_line(cal, 9)), "X") == "X"
        # styles: the collision in the warning colour, the failure in the error colour
        strip = cal.render_line(hour_line(cal, 9))
        conflict = cal.get_component_rich_style("calendar--conflict", partial=True).color
        assert any(s.text == "⚠" and s.style.color == conflict for s in strip)


async def test_a_collision_with_a_post_the_filter_hides_is_still_marked():
    async with running(SAMPLE + EXTRA) as (app, pilot, cal):
        cal.go_to(MONDAY)
        cal.set_filter(PostFilter.of(statuses=["SCHEDULED"]))  # hides the FAILED 14:35
        await pilot.press("w")
        await pilot.pause()
        assert [r.id for r in cal.rows_on(MONDAY)] == [1]
        assert lane(grid_cell(cal, MONDAY, hour_line(cal, 14)), "I") == "⚠"


async def test_cursor_moves_by_cell_and_enter_opens_that_hour():
    async with running(SAMPLE + EXTRA) as (app, pilot, cal):
        cal.go_to(MONDAY)
        await pilot.press("w")
        await pilot.pause()
        assert cal.hour == 9
        await pilot.press("j", "j", "down", "l", "right", "k", "h")
        assert (cal.cursor, cal.hour) == (date(2026, 11, 24), 11)
        reverse = cal.get_component_rich_style("calendar--cursor", partial=True)
        strip = cal.render_line(hour_line(cal, 11))
        shown = "".join(s.text for s in strip if s.style.reverse == reverse.reverse
                        and s.style.reverse)
        assert len(shown) == 10  # exactly one cell, Tuesday's
        await pilot.press("enter")
        await pilot.pause()
        selected = of_type(app, CalendarView.SlotSelected)
        assert [(m.day, m.hour) for m in selected] == [(date(2026, 11, 24), 11)]
        assert [r.id for r in cal.rows_at(date(2026, 11, 24), 11)] == [6]
        # up to 00:00: the band scrolls, the folded row above goes, one below comes
        for _ in range(12):
            await pilot.press("k")
        await pilot.pause()
        assert cal.hour == 0
        text = lines(cal)
        assert hour_line(cal, 0) == 3 and text[-1].startswith("↓")
        assert "↓" in text[0] and "↑" not in text[0]
        await pilot.press("k")
        assert cal.hour == 0  # the first hour stays the first
        # l from Sunday goes to next Monday: another week to load
        for _ in range(5):  # Tuesday to Sunday
            await pilot.press("l")
        await pilot.pause()
        before = len(of_type(app, CalendarView.PeriodChanged))
        await pilot.press("l")
        await pilot.pause()
        assert cal.cursor == date(2026, 11, 30) and cal.grid
        assert len(of_type(app, CalendarView.PeriodChanged)) == before + 1


async def test_w_toggles_grid_and_list_and_m_goes_back_to_the_month():
    async with running() as (app, pilot, cal):
        cal.go_to(MONDAY)
        await pilot.press("w")
        assert cal.grid
        await pilot.press("w")
        assert cal.view == "week" and cal.week_layout == "list"
        assert lines(cal)[1].startswith("Mon 23 Nov  3 posts")
        await pilot.press("m")
        assert cal.view == "month"
        await pilot.press("w")  # the week as it was last shown
        assert cal.week_layout == "list"
        await pilot.press("w")
        assert cal.grid


async def test_120x40_shows_every_hour_and_a_legend():
    async with running(SAMPLE + EXTRA, size=(120, 40)) as (app, pilot, cal):
        cal.go_to(MONDAY)
        await pilot.press("w")
        await pilot.pause()
        text = lines(cal)
        assert all(cell_len(t) == 120 for t in text)
        assert hour_line(cal, 0) == 3 and hour_line(cal, 23) == 26
        assert not any(t.startswith(("↑", "↓")) for t in text)
        assert "↑" not in text[0] and "↓" not in text[0]
        legend = "\n".join(text[27:])
        assert "I Instagram" in legend and "H Threads" in legend and "⚠ same platform" in legend
        assert grid_cell(cal, MONDAY, 1).split() == ["Mon", "23", "Nov", "3⚠"]


async def test_a_platform_filter_gives_the_grid_just_those_lanes():
    async with running(SAMPLE + EXTRA) as (app, pilot, cal):
        cal.go_to(MONDAY)
        cal.set_filter(PostFilter.of(platforms=["instagram", "pinterest"]))
        await pilot.press("w")
        await pilot.pause()
        # two lanes of four cells: codes, with the marks after them
        assert grid_cell(cal, MONDAY, 2).rstrip() == "IG  ·"
        assert grid_cell(cal, MONDAY, hour_line(cal, 14)).rstrip() == "IG✗⚠·"
        assert "IG PI" in lines(cal)[0]  # the title names the filter


def test_band_keeps_the_cursor_hour_on_screen():
    assert band(7, 18, 9) == band(7, 18, 7)  # 07-23 with 00-06 folded above
    b = band(7, 18, 9)
    assert (b.top, b.rows, b.above, b.below) == (7, 17, True, False)
    b = band(7, 18, 3)
    assert (b.top, b.rows, b.above, b.below) == (3, 16, True, True)
    assert b.rows + b.above + b.below == 18
    b = band(3, 18, 0)
    assert (b.top, b.above, b.below) == (0, False, True)
    for room in range(3, 30):
        for cursor in range(HOURS):
            b = band(7, room, cursor)
            assert b.top <= cursor < b.top + b.rows
            assert b.rows + b.above + b.below <= max(room, 1)
            assert b.above == (b.top > 0) and b.below == (b.top + b.rows < HOURS)
