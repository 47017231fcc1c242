"""Input that used to crash or fall back silently: out-of-range times in the editor and the
reschedule prompt are ordinary errors under the field, and nothing is sent."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from dashtui.ui.editor.screen import EditorScreen
from dashtui.ui.screens.modals import TimePrompt

from .conftest import screen_text, settle
from .test_editor import POSTS, open_post, row_text, stored
from .test_quick_actions import _scheduled, _server

OUT_OF_RANGE = ["9999-12-31 23:59", "+999999999w", "0001-01-01 00:00"]


@pytest.mark.parametrize("typed", OUT_OF_RANGE)
async def test_an_out_of_range_time_in_the_editor_is_an_error_under_the_field(make_app, typed):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(app, pilot, "threads")
        before = stored(app, POSTS["threads"])["timestamp"]
        time_box = screen.query_one("#time", Input)
        time_box.focus()
        time_box.value = ""
        await pilot.press(*typed)
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert "out of range" in row_text(app, "time")
        assert "out of range" in screen_text(app)
        await pilot.press("ctrl+s")  # refused: the error is listed, nothing is sent
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert stored(app, POSTS["threads"])["timestamp"] == before


@pytest.mark.parametrize("typed", OUT_OF_RANGE)
async def test_an_out_of_range_time_in_the_reschedule_prompt_is_an_error(make_app, typed):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        before = _server(app, row.id).data["timestamp"]
        await pilot.press("S")
        await pilot.pause()
        await pilot.press(*typed)
        await pilot.pause()
        assert "out of range" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()  # not settle: the reschedule worker waits on this very prompt
        assert app.is_running and isinstance(app.screen, TimePrompt)
        assert "out of range" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert _server(app, row.id).data["timestamp"] == before
