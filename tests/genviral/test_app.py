"""The whole app over GenviralClient and its in-process demo sandbox (what `--demo
--backend genviral` will run once the factory is wired): calendar, list, an editor save
with Genviral's checks, and the failed view."""

from __future__ import annotations

from datetime import datetime, timezone

from dashtui.backends.genviral import factory
from dashtui.config import Config
from dashtui.ui.launch import build_app
from dashtui.ui.screens.calendar import CalendarScreen
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.screens.failed import FailedScreen
from dashtui.ui.screens.posts import PostsScreen

from ..ui.conftest import messages, screen_text, settle
from ..ui.test_editor import save

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)
ZONE = "America/Los_Angeles"


def genviral_app(tmp_path):
    sandbox = factory.demo_sandbox(now=NOW, fail_rate=0.0)
    backend = factory.demo_backend(sandbox)
    app = build_app(Config(timezone=ZONE), client=backend, cache_dir=tmp_path,
                    clock=lambda: NOW)
    return app, sandbox.state.runtime.state


async def test_calendar_list_editor_and_failed_view_over_genviral(tmp_path):
    app, state = genviral_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        text = screen_text(app)
        assert "Sunny Bakes" in text and "\x1b" not in text

        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PostsScreen)

        target = next(p for p in state.posts.values() if p["status"] == "scheduled"
                      and len(p["accounts"]) == 1
                      and state.accounts[p["accounts"][0]]["platform"] == "tiktok")
        post = await app.session.backend.get_post("tiktok", target["id"])
        screen = open_editor(app, post)
        await settle(pilot)
        assert app.screen is screen
        await pilot.press(*" (v2)")
        await settle(pilot)
        await save(pilot)
        assert not isinstance(app.screen, EditorScreen), messages(app)
        assert state.posts[target["id"]]["caption"].endswith(" (v2)"), messages(app)
        assert app.session.outbox.count() == 0

        await pilot.press("escape")
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FailedScreen)
        causes = {g.cause for g in app.screen.groups.groups}
        assert len(causes) >= 5, causes
        assert "\x1b" not in screen_text(app)
