"""Browsing with the keyboard against the demo sandbox: calendar, list, detail, help, brands."""

from __future__ import annotations

from dashtui.ui.screens.calendar import CalendarScreen
from dashtui.ui.screens.detail import DetailScreen
from dashtui.ui.screens.help import HelpScreen
from dashtui.ui.screens.posts import PostsScreen
from dashtui.ui.widgets.calendar import CalendarView
from dashtui.ui.widgets.post_table import PostTable

from .conftest import screen_text, settle


async def test_calendar_opens_on_today_with_demo_posts(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "November 2026" in text
        assert "Ember & Oak" in text and "DEMO" in text and "22 failed" in text
        assert "PST" in text
        assert app.query_one(CalendarView).cursor.isoformat() == "2026-11-22"
        assert app.session.cache.count(144) > 100


async def test_calendar_keys_move_and_change_period(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cal = app.query_one(CalendarView)
        await pilot.press("l", "l", "j")
        assert cal.cursor.isoformat() == "2026-12-01"
        await pilot.press("t")
        assert cal.cursor.isoformat() == "2026-11-22"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "December 2026" in screen_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert "October 2026" in screen_text(app)
        await pilot.press("t", "w")
        await settle(pilot)
        assert cal.view == "week"
        await pilot.press("m")
        assert cal.view == "month"


async def test_go_to_date(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.press(*"2027-01-15", "enter")
        await settle(pilot)
        assert app.query_one(CalendarView).cursor.isoformat() == "2027-01-15"
        assert "January 2027" in screen_text(app)


async def test_enter_on_a_day_lists_that_days_posts(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostsScreen)
        table = app.screen.query_one(PostTable)
        days = {r.when.astimezone(app.session.zone).date().isoformat()
                for r in table.visible_rows}
        assert days == {"2026-11-22"}
        assert "Sun 22 Nov 2026" in screen_text(app)
        await pilot.press("escape")  # a day widens back to its month
        await settle(pilot)
        assert "November 2026" in screen_text(app)
        assert table.total_count > len(days)


async def test_list_filters_as_you_type_and_cycles_status_and_platform(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        everything = table.row_count
        await pilot.press("slash", *"cold brew")
        assert 0 < table.row_count < everything
        # a row shows the start of its caption; the match may be further into it
        assert all("cold brew" in app.session.cache.get(r.platform, r.id).caption.lower()
                   for r in table.visible_rows)
        await pilot.press("enter")  # back to the list, filter kept
        assert table.has_focus and table.row_count < everything
        await pilot.press("escape")  # clears it
        assert table.row_count == everything
        await pilot.press("s", "s", "s")  # all -> scheduled -> drafts -> failed
        assert table.row_count and {r.status for r in table.visible_rows} <= {
            "FAILED", "PARTIALLY_FAILED", "EXPIRED"}
        assert "failed" in screen_text(app)
        await pilot.press("p")  # first platform: Instagram
        assert {r.platform for r in table.visible_rows} <= {"instagram"}
        await pilot.press("escape")
        assert table.row_count == everything


async def test_the_cursor_stays_on_its_post_when_a_refresh_lands(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        await pilot.press("j", "j", "j", "j", "j")
        before = table.cursor_row.key
        # a new post lands before it on the server, then a refresh
        first = table.visible_rows[0]
        state = app.sandbox_app.state.sandbox
        clone = dict(state.posts[first.id].data, id=999_999)
        from dashtui.backends.dash.sandbox.state import StoredPost
        state.posts[999_999] = StoredPost(first.platform, clone)
        await pilot.press("r")
        await settle(pilot)
        assert table.total_count == len({r.key for r in table.visible_rows})
        assert table.cursor_row.key == before


async def test_detail_shows_everything_and_copies_the_id(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        await pilot.press("s", "s", "s")  # failed posts carry an error
        row = table.cursor_row
        copied = []
        app.copy_to_clipboard = copied.append
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert f"#{row.id}" in text and "Error" in text and "Checks" in text
        await pilot.press("y")
        assert copied == [str(row.id)]
        await pilot.press("escape")
        assert isinstance(app.screen, PostsScreen)


async def test_help_lists_the_keys_of_the_current_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        # the calendar has filters and search too (the list's, shared), but not its sort
        assert "Go to date" in text and "Open day" in text and "Sort" not in text
        await pilot.press("escape", "2")
        await settle(pilot)
        await pilot.press("f1")
        text = screen_text(app)
        assert "Filter" in text and "Status" in text and "Go to date" not in text


async def test_command_palette_offers_screen_actions_with_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Go to date (g)" in titles and "Refresh (r)" in titles
        assert any(t.startswith("Posts (2)") for t in titles)


async def test_switching_brand_shows_that_brands_posts(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.session.brand.id != 144
        assert app.session.brand.name in screen_text(app)
        assert app.session.cache.count(app.session.brand.id) > 0
        assert isinstance(app.screen, CalendarScreen)
