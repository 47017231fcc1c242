"""Posts Dash takes no edits to open read-only, saying why; edit-and-retry from the failed
view shows the error being fixed above the form."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from dashtui.domain.platforms import Platform
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.editor.state import pending_buffers

from .conftest import messages, screen_text, settle
from .test_editor import stored


def _one(app, status: str):
    for post_id, item in app.sandbox_app.state.sandbox.posts.items():
        if item.data.get("status") == status and item.data.get("brand_id") == 144:
            return post_id, item
    pytest.skip(f"no {status} post in the demo")


@pytest.mark.parametrize("status, why", [("POSTED", "already live"),
                                         ("IMPORTED", "imported from the network"),
                                         ("AUTOPUBLISHING", "publishing it right now")])
async def test_a_locked_post_opens_read_only_and_says_why(make_app, status, why):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post_id, item = _one(app, status)
        post = await app.session.backend.get_post(Platform(item.platform), post_id)
        assert post.status == status
        screen = open_editor(app, post)
        await settle(pilot)
        text = screen_text(app)
        assert f"Read-only: this post is {status}" in text and why in text
        before = stored(app, post_id).copy()
        caption = screen.query_one("#caption", TextArea)
        caption.focus()
        await pilot.press(*"typed", "ctrl+s")
        await settle(pilot)
        assert "typed" not in caption.text and not screen.state.dirty
        assert "can't be edited; nothing was sent" in messages(app)
        assert stored(app, post_id) == before
        assert not pending_buffers(app.session)
        await pilot.press("escape")  # nothing changed: closes without asking
        await settle(pilot)
        assert not isinstance(app.screen, EditorScreen)


async def test_edit_and_retry_shows_the_error_being_fixed(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        failed = app.screen
        row = failed.posts.cursor_row
        assert row is not None
        post = app.session.cache.get(row.platform, row.id)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        text = screen_text(app)
        assert f"Fixing: {post.status}" in text
        assert post.error_text[:30] in " ".join(text.split())
        assert "Saving sends it to publish now" in text
