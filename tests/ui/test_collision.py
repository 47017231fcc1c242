"""The editor warns before saving into a collision: another post of the brand on the same
platform within the hour (domain/timeutil.SPACING, the calendar's conflict rule)."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, TextArea

from dashtui.domain.platforms import Platform
from dashtui.ui.editor.screen import open_editor
from dashtui.ui.screens.diff import DiffScreen

from .conftest import NOW, screen_text, settle


def _scheduled_instagram(app):
    rows = app.session.cache.rows([app.session.brand.id], NOW + timedelta(hours=2),
                                  NOW + timedelta(days=14), undated=False)
    return next(r for r in rows if r.platform == "instagram" and r.status == "SCHEDULED")


async def test_a_new_post_next_to_another_on_its_platform_is_warned(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        other = _scheduled_instagram(app)
        screen = open_editor(app, platform=Platform.INSTAGRAM)
        await settle(pilot)
        at = (other.when + timedelta(minutes=20)).astimezone(app.session.zone)
        screen.query_one("#time", Input).value = f"{at:%Y-%m-%d %H:%M}"
        screen.query_one("#caption", TextArea).text = "Cold brew, again"
        await settle(pilot)
        row = str(screen.query_one("#row-time").query_one(".findings").render())
        assert "Within 60 minutes of another Instagram post" in row and f"#{other.id}" in row
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert "Within 60 minutes of another Instagram post" in screen_text(app)
        # an hour and more away: no warning
        await pilot.press("escape")
        await settle(pilot)
        at = (other.when + timedelta(minutes=61)).astimezone(app.session.zone)
        screen.query_one("#time", Input).value = f"{at:%Y-%m-%d %H:%M}"
        await settle(pilot)
        row = str(screen.query_one("#row-time").query_one(".findings").render())
        assert "Within 60 minutes" not in row
