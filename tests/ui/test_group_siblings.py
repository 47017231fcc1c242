"""A group's siblings (one post_group_id, the same content on several platforms) are visible
from any of them, in the detail and the list, and a caption edit can go to the siblings that
share it, after a confirmation that lists them."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import TextArea

from dashtui.compose import Compose, create_group
from dashtui.domain.platforms import Platform
from dashtui.ui.editor.screen import open_editor
from dashtui.ui.screens.detail import DetailScreen
from dashtui.ui.screens.modals import ConfirmScreen
from dashtui.ui.widgets.post_table import PostTable

from .conftest import NOW, screen_text, settle


async def _group(app, pilot, **kw) -> dict:
    await settle(pilot)
    compose = Compose(app.session.brand.id,
                      [Platform.INSTAGRAM, Platform.TWITTER, Platform.LINKEDIN],
                      "Cold brw is back", timestamp=NOW + timedelta(days=1, minutes=7), **kw)
    outcomes = await create_group(app.session.edits, compose)
    await settle(pilot)
    return {p: o.post for p, o in outcomes.items()}


async def test_the_detail_and_the_list_show_the_siblings(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        posts = await _group(app, pilot)
        ig = posts[Platform.INSTAGRAM]
        app.push_screen(DetailScreen(ig))
        await settle(pilot)
        text = screen_text(app)
        assert "3 posts: Instagram" in text and f"#{ig.id} (this)" in text
        assert f"X #{posts[Platform.TWITTER].id}" in text
        assert f"LinkedIn #{posts[Platform.LINKEDIN].id}" in text
        await pilot.press("escape", "2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        assert {(p.platform.value, p.id) for p in posts.values()} <= table._grouped


async def test_a_caption_fix_goes_to_the_siblings_that_share_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        posts = await _group(app, pilot, variants={Platform.LINKEDIN: "Our own LinkedIn text"})
        ig, x = posts[Platform.INSTAGRAM], posts[Platform.TWITTER]
        screen = open_editor(app, ig)
        await settle(pilot)
        screen.query_one("#caption", TextArea).text = "Cold brew is back"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # the diff
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "Use the new caption on 1 sibling in this group too?" in text
        assert f"X #{x.id}" in text and "has its own text" in text
        await pilot.press("y")
        await settle(pilot)
        stored = app.sandbox_app.state.sandbox.posts
        assert stored[x.id].data["tweet_status"] == "Cold brew is back"
        assert stored[posts[Platform.LINKEDIN].id].data["text"] == "Our own LinkedIn text"
        assert app.session.outbox.pending() == []
        # one undo takes the siblings' change back
        await pilot.press("u")
        await settle(pilot)
        assert stored[x.id].data["tweet_status"] == "Cold brw is back"
