"""A day opened from the calendar lists what the calendar counted for it."""

from __future__ import annotations

from datetime import timedelta

from dashtui.ui.screens.posts import PostsScreen
from dashtui.ui.widgets.calendar import CalendarView

from .conftest import messages, screen_text, settle


async def test_a_day_from_the_calendar_is_not_narrowed_by_the_lists_filter(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p", "s")  # the list narrowed to Instagram, scheduled
        app.clear_notifications()  # a toast (strict: no undated drafts) covers the status line
        await settle(pilot)
        assert "Instagram" in screen_text(app) and "scheduled" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        cal = app.screen.query_one(CalendarView)
        # a day with posts of several platforms and statuses
        first, last = cal.period()
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        day = next(d for d in days if len({(r.platform, r.status) for r in cal.rows_on(d)}) > 2)
        counted = len(cal.rows_on(day))
        cal.go_to(day)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostsScreen) and app.screen.day == day
        assert app.screen.table.row_count == counted
        assert f"{day:%a %d %b %Y} · {counted} of {counted} posts" in screen_text(app)
        assert "cleared the list's filter (scheduled, Instagram)" in messages(app)
