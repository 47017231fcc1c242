"""Compose once for several platforms (ui/editor/compose.py) against the demo sandbox: one
post per platform in one group, a platform the service refuses stays with its errors, a kill
keeps exactly the unsaved platforms, and nothing is ever created twice."""

from __future__ import annotations

from textual.widgets import Input, TabbedContent, TextArea

from dashtui.domain.platforms import Platform
from dashtui.ui.editor.compose import ComposeScreen, open_compose
from dashtui.ui.screens.modals import ConfirmScreen

from .conftest import messages, screen_text, settle


def _group_posts(app, group_id: str) -> list:
    return [p for p in app.sandbox_app.state.sandbox.posts.values()
            if p.data.get("post_group_id") == group_id]


async def _open(app, pilot, platforms: str = "") -> ComposeScreen:
    await settle(pilot)
    screen = open_compose(app)
    await settle(pilot)
    assert isinstance(app.screen, ComposeScreen)
    if platforms:
        screen.query_one("#platforms", Input).value = platforms
        await settle(pilot)
    return screen


async def test_compose_shows_a_tab_per_platform_with_its_field_name(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "ig x li pi")
        assert screen.compose_state.platforms == [
            Platform.INSTAGRAM, Platform.TWITTER, Platform.LINKEDIN, Platform.PINTEREST]
        screen.query_one("#caption", TextArea).text = "Cold brew is back"
        await settle(pilot)
        text = screen_text(app)
        assert "Instagram" in text and "Pinterest" in text
        tabs = screen.query_one(TabbedContent)
        tabs.active = "tab-twitter"
        await settle(pilot)
        assert "Tweet text for X" in screen_text(app)
        # Pinterest needs its title and board: an error in its tab and the overview
        assert "Pin title" in screen_text(app) or "title" in screen_text(app)


async def _fill_four(app, pilot) -> ComposeScreen:
    """Instagram, X, LinkedIn and Pinterest; X with its own text; Pinterest's title and
    board set. Drafts, so no media are needed."""
    screen = await _open(app, pilot, "instagram, x, linkedin, pinterest")
    screen.query_one("#caption", TextArea).text = "Cold brew is back at every shop"
    screen.query_one("#variant-twitter", TextArea).text = "Cold brew is back. #coldbrew"
    await settle(pilot)
    screen.query_one("#pinterest--title", Input).value = "Cold brew season"
    board = screen.query_one("#pinterest--board")
    await settle(pilot)
    board.value = next(iter(board.boards))
    await settle(pilot)
    assert not screen.errors(), screen.errors()
    return screen


async def test_four_platforms_one_refused_three_created_in_one_group(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await _fill_four(app, pilot)
        group = screen.compose_state.group_id
        brand = app.session.brand.id
        # the board is deleted on Dash meanwhile: the server refuses the Pin, not dashtui
        app.sandbox_app.state.sandbox.boards[brand] = []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        summary = screen_text(app)
        assert "Create 4 posts in one group?" in summary
        assert "X · Tweet text (own variant): Cold brew is back." in summary
        assert "Within 60 minutes of another Instagram" in summary  # collisions said too
        await pilot.press("y")
        await settle(pilot)
        made = _group_posts(app, group)
        assert sorted(p.platform for p in made) == ["instagram", "linkedin", "twitter"]
        by = {p.platform: p.data for p in made}
        assert by["twitter"]["tweet_status"] == "Cold brew is back. #coldbrew"
        assert by["linkedin"]["text"] == by["instagram"]["caption"] == \
            "Cold brew is back at every shop"
        # Pinterest stays, with the server's words, in the same group
        assert app.screen is screen
        assert screen.compose_state.platforms == [Platform.PINTEREST]
        assert screen.compose_state.group_id == group
        assert "refused Pinterest" in messages(app)
        text = screen_text(app)
        assert "not one of this brand's Pinterest boards" in text
        # a kill now would keep exactly Pinterest (the buffer follows every outcome)
        (key, body, _), = app.session.outbox.buffers()
        assert body["compose"]["platforms"] == ["pinterest"]
        assert body["compose"]["group_id"] == group
        assert sorted(body["created"]) == ["instagram", "linkedin", "twitter"]


async def test_fixing_the_refused_one_joins_its_siblings_and_nothing_doubles(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await _fill_four(app, pilot)
        group = screen.compose_state.group_id
        brand = app.session.brand.id
        boards = app.sandbox_app.state.sandbox.boards[brand]
        app.sandbox_app.state.sandbox.boards[brand] = []
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(_group_posts(app, group)) == 3
        app.sandbox_app.state.sandbox.boards[brand] = boards  # the board is back
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Create 1 post in one group?" in screen_text(app)
        assert "Joins the 3 already created" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        made = _group_posts(app, group)
        assert sorted(p.platform for p in made) == [
            "instagram", "linkedin", "pinterest", "twitter"]
        assert not isinstance(app.screen, ComposeScreen)
        assert app.session.outbox.buffers() == []
        assert app.session.outbox.pending() == []


async def test_a_kill_mid_compose_reopens_the_unsaved_platforms(make_app, tmp_path):
    from dashtui.ui.editor.screen import open_editor
    from dashtui.ui.editor.state import pending_buffers

    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await _fill_four(app, pilot)
        brand = app.session.brand.id
        app.sandbox_app.state.sandbox.boards[brand] = []
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        group = screen.compose_state.group_id
        buffer = pending_buffers(app.session)[0]
        from dashtui.ui.editor.restore import UNSAVED, buffer_fate

        fate, why = await buffer_fate(app.session, buffer)  # what the start-up offer says
        assert fate == UNSAVED and "pinterest not saved yet (3 already created)" in why
        screen.finished = True  # as if the process died here: nothing more is written
        app.pop_screen()
        await settle(pilot)
        again = open_editor(app, buffer=buffer)
        await settle(pilot)
        assert isinstance(again, ComposeScreen)
        assert again.compose_state.platforms == [Platform.PINTEREST]
        assert again.compose_state.group_id == group
        assert again.query_one("#pinterest--title", Input).value == "Cold brew season"
        assert "3 created" in screen_text(app)


async def test_n_offers_several_platforms_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()  # the picker: its worker waits for the answer
        await pilot.press("end", "enter")  # the last choice: several platforms at once
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#platforms", Input).has_focus
        await pilot.press(*"ig x")
        await settle(pilot)
        assert app.screen.compose_state.platforms == [Platform.INSTAGRAM, Platform.TWITTER]
        await pilot.press("escape")  # nothing typed but platforms: closes without asking
        await settle(pilot)
        assert not isinstance(app.screen, ComposeScreen)
        assert app.session.outbox.buffers() == []
