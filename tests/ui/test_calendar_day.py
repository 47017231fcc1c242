"""A day opened from the calendar lists what the calendar counted for it: one filter."""

from __future__ import annotations

from datetime import timedelta

from dashtui.domain.status import SCHEDULED_STATUSES
from dashtui.ui.screens.posts import PostsScreen
from dashtui.ui.widgets.calendar import CalendarView

from .conftest import messages, screen_text, settle


def days_of(cal: CalendarView):
    first, last = cal.period()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


async def test_the_calendar_counts_what_the_lists_filter_shows(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        cal = app.screen.query_one(CalendarView)
        everything = sum(len(cal.rows_on(d)) for d in days_of(cal))
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p", "s")  # the list narrowed to Instagram, scheduled
        app.clear_notifications()  # a toast (strict: no undated drafts) covers the status line
        await settle(pilot)
        assert "Instagram" in screen_text(app) and "scheduled" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        text = screen_text(app)
        assert "filter: IG · scheduled" in text  # the header names the filter on every screen
        rows = [r for d in days_of(cal) for r in cal.rows_on(d)]
        assert 0 < len(rows) < everything
        assert {r.platform for r in rows} == {"instagram"}
        assert {r.status for r in rows} <= SCHEDULED_STATUSES
        assert f"{len(rows)} of " in text and "Instagram · scheduled" in text
        day = next(d for d in days_of(cal) if cal.rows_on(d))
        counted = len(cal.rows_on(day))
        cal.go_to(day)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostsScreen) and app.screen.day == day
        assert app.screen.table.row_count == counted  # the filter stays: the counts agree
        assert f"{day:%a %d %b %Y} · {counted} of " in screen_text(app)
        await pilot.press("escape")  # clears the filter, for both screens
        await settle(pilot)
        assert "filter:" not in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert sum(len(cal.rows_on(d)) for d in days_of(cal)) == everything


async def test_a_search_that_matches_nothing_on_the_day_opened_is_cleared(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        cal = app.screen.query_one(CalendarView)
        await pilot.press("slash", *"guji", "enter")
        await settle(pilot)
        matched = cal.matched_days()
        assert matched and len(matched) < len(days_of(cal))
        empty = next(d for d in days_of(cal) if cal.rows_on(d) and d not in matched)
        cal.go_to(empty)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostsScreen)
        assert app.screen.table.row_count == len(cal.rows_on(empty))
        assert "cleared the search" in messages(app) and "guji" in messages(app)
        assert app.post_filter.text == ""
