"""Find and pick fast, over the demo sandbox: `/` in the calendar and the failed view, the
match highlighted in the list, the multi-select filter picker, and the week grid's slots."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input

from dashtui.ui.editor.screen import EditorScreen
from dashtui.ui.screens.failed import FailedScreen
from dashtui.ui.screens.filter_picker import FilterPicker
from dashtui.ui.screens.posts import PostsScreen
from dashtui.ui.widgets.calendar import CalendarView
from dashtui.ui.widgets.failed_groups import GroupList
from dashtui.ui.widgets.post_table import PostTable

from .conftest import screen_text, settle

TODAY = date(2026, 11, 22)  # NOW in Los Angeles


def days_of(cal: CalendarView) -> list[date]:
    first, last = cal.period()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def styled(strip, dim: bool) -> str:
    """The text of a strip's segments that are (or are not) dimmed."""
    return "".join(s.text for s in strip if bool(s.style and s.style.dim) == dim)


async def test_slash_in_the_month_dims_the_days_without_a_match(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cal = app.screen.query_one(CalendarView)
        await pilot.press("slash", *"guji")
        await settle(pilot)
        await pilot.pause(0.4)  # the header follows the typing once the keys pause
        matched = cal.matched_days()
        assert matched and len(matched) < len([d for d in days_of(cal) if cal.rows_on(d)])
        for day in matched:
            assert any("guji" in r.caption.lower() for r in cal.rows_on(day))
        text = screen_text(app)
        assert f"“guji” on {len(matched)} days" in text and "filter: “guji”" in text
        # a matching day's number is drawn bright, the others dimmed
        first = cal.period()[0]
        week_lines = (cal.size.height - 2) // (len(days_of(cal)) // 7)
        def number_dimmed(day: date) -> bool:
            week, col = divmod((day - first).days, 7)
            strip = cal.render_line(2 + week * week_lines)
            label = str(day.day) if day.day != 1 else "1 Nov"
            cells = [s for s in strip if s.text.strip() == label.split()[0]]
            return all(s.style.dim for s in cells)
        hit = min(matched)
        miss = next(d for d in days_of(cal) if d not in matched and d.day > 1
                    and d.month == 11)
        assert not number_dimmed(hit) and number_dimmed(miss)
        await pilot.press("enter")  # back to the calendar, the search kept
        assert cal.has_focus and cal.matched_days() == matched
        await pilot.press("escape")  # clears it
        await settle(pilot)
        assert cal.matched_days() is None and "filter:" not in screen_text(app)


async def test_slash_in_the_week_grid_dims_the_hours_without_a_match(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        cal = app.screen.query_one(CalendarView)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("slash", *"theo", "enter")
        await settle(pilot)
        found = cal.found()
        assert found and all("theo" in app.session.cache.get(*key).caption.lower()
                             for key in found)
        hours = {(app.session.cache.get(*key).timestamp.astimezone(app.session.zone).hour)
                 for key in found}
        week = set(days_of(cal))
        others = [r for d in week for r in cal.rows_on(d) if (r.platform, r.id) not in found]
        assert others  # some posts of the week do not mention Theo
        # every lane letter on screen that is bright belongs to a matching post's hour
        for hour in range(24):
            strip = cal.render_line(3 + hour)
            bright = styled(list(strip)[1:], dim=False).replace("│", "").replace(" ", "")
            letters = [c for c in bright if c.isalpha() or c in "✗⚠"]
            if letters:
                assert hour in hours, (hour, bright)
        assert "on 0 days" not in screen_text(app)


async def test_slash_in_the_failed_view_narrows_causes_and_posts(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FailedScreen)
        groups = screen.query_one(GroupList)
        everything = sum(g.count for g in groups.groups)
        causes = len(groups.groups)
        await pilot.press("slash", *"aspect ratio")
        await settle(pilot)
        assert 0 < len(groups.groups) < causes
        assert all("aspect ratio" in g.cause.lower() or all(
            "aspect ratio" in (i.error or "").lower() + i.caption.lower() for i in g.items)
            for g in groups.groups)
        shown = sum(g.count for g in groups.groups)
        assert f"{shown} of {everything} posts match “aspect ratio”" in screen_text(app)
        # the posts below are the cause's matching ones; R on the cause acts on just those
        posts = screen.query_one("#failed-posts", PostTable)
        assert posts.row_count == groups.cursor_group.count
        await pilot.press("enter")  # leave the box for the causes, search kept
        assert groups.has_focus and len(groups.groups) < causes
        await pilot.press("escape")  # clears it
        await settle(pilot)
        assert len(groups.groups) == causes
        # a word in no failure: an empty state that says so, not "nothing failed"
        await pilot.press("slash", *"zzqx")
        await settle(pilot)
        assert not groups.groups and "No failed post matches “zzqx”" in screen_text(app)


async def test_the_list_highlights_the_match_and_keeps_markup_literal(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash", *"flash sale", "enter")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        assert table.row_count >= 1
        strip = list(table.render_line(1))
        text = "".join(s.text for s in strip)
        assert "[bold]Flash sale![/bold]" in text  # the caption's markup, shown as written
        marked = [s.text for s in strip if s.style and s.style.underline]
        assert marked == ["Flash", "sale"]
        assert all(s.style.bold for s in strip if s.text in marked)  # under the cursor too
        # a status word is highlighted in the status column
        await pilot.press("slash", *(["backspace"] * 10), *"failed", "enter")
        await settle(pilot)
        marked = {s.text for y in range(1, 10) for s in table.render_line(y)
                  if s.style and s.style.underline}
        assert "FAILED" in marked


async def test_the_filter_picker_ticks_several_and_both_screens_follow(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cal = app.screen.query_one(CalendarView)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterPicker)
        # Instagram, then Facebook (two down), then the statuses: drafts and failed
        await pilot.press("space", "j", "space", "l", "j", "space", "j", "space")
        assert app.post_filter.platforms == frozenset()  # nothing applied before enter
        await pilot.press("enter")
        await settle(pilot)
        f = app.post_filter
        assert f.platforms == {"instagram", "facebook"}
        assert f.statuses == {"DRAFT", "FAILED", "PARTIALLY_FAILED", "EXPIRED"}
        rows = [r for d in days_of(cal) for r in cal.rows_on(d)]
        assert rows and {r.platform for r in rows} <= {"instagram", "facebook"}
        assert {r.status for r in rows} <= f.statuses
        assert "IG FB · drafts+failed" in screen_text(app)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        assert {r.platform for r in table.visible_rows} <= {"instagram", "facebook"}
        assert {r.status for r in table.visible_rows} <= f.statuses
        assert "drafts, failed · Instagram, Facebook" in screen_text(app)
        # the picker opens with the ticks as they are; esc leaves them
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert set(picker.query_one("#pick-platforms").selected) == {"instagram", "facebook"}
        await pilot.press("space", "escape")
        await settle(pilot)
        assert app.post_filter == f


async def test_enter_on_an_hour_lists_that_hours_posts_and_n_composes_there(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cal = app.screen.query_one(CalendarView)
        await pilot.press("w")
        await settle(pilot)
        # Sunday 22 at 09:00: the demo's Instagram posts at 09:00 and 09:35 collide
        assert (cal.cursor, cal.hour) == (TODAY, 9)
        here = cal.rows_at(TODAY, 9)
        assert len(here) >= 2 and all(cal.data.is_conflict(r) for r in here
                                      if r.platform == "instagram")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PostsScreen) and (screen.day, screen.hour) == (TODAY, 9)
        table = screen.query_one(PostTable)
        assert sorted(r.key for r in table.visible_rows) == sorted(r.key for r in here)
        assert "Sun 22 Nov 2026 09:00–10:00" in screen_text(app)
        await pilot.press("escape")  # the hour widens to its day
        await settle(pilot)
        assert screen.hour is None and screen.day == TODAY
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("l", "j", "j", "n")  # Monday 23, 11:00
        await pilot.pause()  # (the new-post worker waits for the platform: no settle)
        await pilot.press("enter")  # the first platform of the picker (letters narrow it)
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.query_one("#time", Input).value == "2026-11-23 11:00"
