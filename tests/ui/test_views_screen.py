"""The saved views screen (5) on the demo: sections with counts, a view's posts, digits."""

from __future__ import annotations

from dashtui.config import ViewConfig
from dashtui.domain.status import PROBLEM_STATUSES
from dashtui.ui.screens.detail import DetailScreen
from dashtui.ui.screens.help import HelpScreen
from dashtui.ui.screens.views import ViewsScreen, view_names

from .conftest import screen_text, settle


async def test_views_screen_sections_and_their_posts(make_app):
    app = make_app(views=[ViewConfig(name="x failed", platforms=["x"], statuses=["failed"],
                                     when="last 7d", brands="all")])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ViewsScreen)
        assert view_names(app) == ["on-call", "needs approval", "x failed"]
        text = screen_text(app)
        for name in view_names(app):
            assert name in text
        # the highlighted section's count is what the list below it holds
        on_call = screen.sections.cursor_section
        assert on_call.view.name == "on-call" and on_call.count == screen.posts.row_count > 0
        assert {r.status for r in screen.posts.visible_rows} <= PROBLEM_STATUSES

        await pilot.press("2")  # needs approval: its posts with their approval status
        await settle(pilot)
        rows = screen.posts.visible_rows
        assert rows and all(r.approval != "APPROVED" for r in rows)
        assert " approval " in screen_text(app).splitlines()[6]  # the list's header line

        await pilot.press("3")
        await settle(pilot)
        section = screen.sections.cursor_section
        assert section.view.name == "x failed"
        assert {r.platform for r in screen.posts.visible_rows} == {"twitter"}
        assert f"x failed · {section.count} post" in screen_text(app)

        await pilot.press("enter", "enter")  # into the posts, then open one
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.posts.has_focus
        await pilot.press("escape")  # back to the sections
        assert screen.sections.has_focus

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen) and "View 1" in screen_text(app)
