"""The saved views screen (5): sections with live counts, a view's posts, `:view NAME`."""

from __future__ import annotations

from dashtui.config import ViewConfig
from dashtui.ui.screens.views import ViewsScreen, open_view, view_names

from .conftest import screen_text, settle


async def test_views_screen_shows_counts(make_app):
    app = make_app(views=[ViewConfig(name="x failed", platforms=["x"], statuses=["failed"],
                                     when="last 7d", brands="all")])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)
        print(screen_text(app))
        assert view_names(app) == ["on-call", "needs approval", "x failed"]
        assert open_view(app, "X FAILED")
        await settle(pilot)
        print(screen_text(app))
