"""Edits reached by keys from the list and calendar: undo of an editor save, a create whose
answer is lost, a new post from the calendar, a duplicate to another platform."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, TextArea

from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.screens.modals import PickScreen
from dashtui.ui.widgets.post_table import PostTable

from .conftest import messages, screen_text, settle
from .test_editor import save, stored

X_POST = 811813  # a scheduled X post of brand 144 that passes every check


async def test_undo_after_an_editor_save_puts_the_old_text_back(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        post = await app.session.backend.get_post("twitter", X_POST)
        original = stored(app, X_POST)["tweet_status"]
        open_editor(app, post)
        await settle(pilot)
        await pilot.press("end", *" Last call!")
        await save(pilot)
        assert stored(app, X_POST)["tweet_status"] == original + " Last call!"
        assert not isinstance(app.screen, EditorScreen)
        await pilot.press("u")
        await settle(pilot)
        assert stored(app, X_POST)["tweet_status"] == original
        assert "Undid edit" in messages(app)


async def test_a_create_whose_answer_is_lost_is_not_doubled(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        # Dash stores the post, then the connection drops before the answer arrives
        app.sandbox_app.state.runtime.faults.replace(
            [Rule(path=["/scheduler/bluesky"], method=["POST"], drop_next=1, after=True)])
        open_editor(app, platform="bluesky", day=date(2026, 11, 25))
        await settle(pilot)
        await pilot.press(*"Roastery open house on Saturday")
        before = set(app.sandbox_app.state.sandbox.posts)
        await save(pilot)
        assert "queued" in messages(app).lower()
        assert app.session.pending_writes() == 1
        await app.session.writer.flush(due_only=False)
        made = [pid for pid in set(app.sandbox_app.state.sandbox.posts) - before]
        assert len(made) == 1
        assert stored(app, made[0])["text"] == "Roastery open house on Saturday"
        assert app.session.pending_writes() == 0


async def test_n_on_a_calendar_day_starts_a_post_on_that_day(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", "l", "n")  # two days after today
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("end", "up", "enter")  # Bluesky: the last platform, above compose
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one("#time", Input).value == "2026-11-24 09:00"
        assert "New Bluesky post" in screen_text(app)


async def test_duplicate_to_another_platform_opens_its_editor_with_the_caption(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"pick your rhythm", "enter")
        await settle(pilot)
        row = app.screen.query_one(PostTable).cursor_row
        assert row.platform == "twitter"
        caption = app.session.cache.get(row.platform, row.id).caption
        await pilot.press("D")
        await pilot.pause()
        assert "to Instagram (opens the editor)" in screen_text(app)
        await pilot.press("enter")  # the first choice: Instagram
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one("#caption", TextArea).text == caption
        assert "New Instagram post" in screen_text(app)
