"""Keys that mean one thing: S reschedules and R retries in the list as in the failed view, U
redoes, L shows the glyph legend, help lists only the keys that work (with their ids) and
scrolls with j/k, the media list always shows what delete removes."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList

from dashtui.ui.editor.screen import EditorScreen
from dashtui.ui.screens.help import HelpScreen
from dashtui.ui.screens.legend import LegendScreen
from dashtui.ui.screens.modals import ChoiceScreen, TimePrompt
from dashtui.ui.widgets.post_table import PostTable

from .conftest import messages, screen_text, settle
from .test_editor import open_post
from .test_failed import finished_bulk


def _server(app, post_id):
    return app.sandbox_app.state.sandbox.posts.get(post_id)


def _when(app, post_id) -> datetime:
    return datetime.fromisoformat(_server(app, post_id).data["timestamp"])


async def _list(pilot, status_presses: int):
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press(*["s"] * status_presses)  # 1: scheduled, 3: failed
    await pilot.pause()
    return pilot.app.screen.query_one(PostTable)


async def test_R_retries_in_the_list_and_S_reschedules(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _list(pilot, 3)
        failed = [r for r in table.visible_rows if r.status == "FAILED"]
        assert failed
        assert table.move_to(failed[0].key)
        row = table.cursor_row
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "Retry 1 post now?" in app.screen.title_text
        await pilot.press("y")
        await finished_bulk(pilot)  # the same watched run as in the failed view
        await pilot.press("enter")
        await settle(pilot)
        assert _server(app, row.id).data["status"] == "AUTOPUBLISHING"
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, TimePrompt)  # S: a new time, never a retry


async def test_R_on_a_scheduled_post_sends_nothing_and_says_why(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        table = await _list(pilot, 1)
        await pilot.press("G")
        row = table.cursor_row
        await pilot.press("R")
        await settle(pilot)
        assert "Nothing to retry" in messages(app)
        assert _server(app, row.id).data["status"] == "SCHEDULED"


async def test_U_redoes_what_u_undid(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        table = await _list(pilot, 1)
        await pilot.press("G")
        row = table.cursor_row
        before = _when(app, row.id)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert _when(app, row.id) == before
        await pilot.press("U")
        await settle(pilot)
        assert _when(app, row.id) == before + timedelta(days=1)
        assert "Redid move 1 day later" in messages(app)
        await pilot.press("U")
        await settle(pilot)
        assert "Nothing to redo" in messages(app)


async def test_bulk_reschedule_to_a_relative_time_keeps_the_spacing(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _list(pilot, 1)
        await pilot.press("G")
        picked = []
        while len(picked) < 3:  # three posts at three different times
            row = table.cursor_row
            if row.status == "SCHEDULED" and all(row.ts != p.ts for p in picked):
                picked.append(row)
                await pilot.press("space")
            else:
                await pilot.press("k")
        before = {r.id: _when(app, r.id) for r in picked}
        await pilot.press("S")
        await pilot.pause()
        await pilot.press(*"+1d", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "keeping their spacing" in app.screen.title_text
        await pilot.press("y")
        await finished_bulk(pilot)
        await pilot.press("enter")
        await settle(pilot)
        after = {r.id: _when(app, r.id) for r in picked}
        first = min(before.values())
        assert min(after.values()) == app.session.now() + timedelta(days=1)
        assert {pid: after[pid] - min(after.values()) for pid in after} == \
            {pid: before[pid] - first for pid in before}  # not stacked on one minute


async def test_i_shows_the_legend_of_every_glyph(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, LegendScreen)
        text = screen_text(app)
        for glyph in "✓◷✎✗⚠⟳":
            assert glyph in text, glyph
        assert "error: failed" in text and "warning, or a conflict" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, LegendScreen)


async def test_help_shows_ids_only_working_keys_and_scrolls_with_j_k(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _list(pilot, 0)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = [k[2] for k in app.screen.keys]
        assert {"posts.reschedule", "posts.retry", "app.redo", "app.legend",
                "app.command_line"} <= set(ids)
        assert "calendar.goto" not in ids  # the calendar's key does nothing here
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.scroll_y == 0
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert body.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y == 2


async def test_help_in_the_editor_leaves_out_the_app_letters(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_post(app, pilot, "twitter")
        app.action_help()
        await pilot.pause()
        ids = [k[2] for k in app.screen.keys]
        assert "app.quit" not in ids and "app.undo" not in ids  # q and u type there
        assert "app.help_f1" in ids  # f1 still reaches the app


async def test_the_media_list_always_highlights_what_delete_removes(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(app, pilot, "twitter")
        field = screen.query_one("#media-field")
        state = app.sandbox_app.state.sandbox
        a, b = [m for m, o in state.media.items() if o["brand_id"] == 144
                and o.get("media_type") == "IMAGE" and m not in field.ids][:2]
        screen.query_one("#media-add", Input).focus()
        await pilot.press(*str(a), "enter", *str(b), "enter")
        await settle(pilot)
        media = screen.query_one("#media", OptionList)
        assert media.highlighted is not None  # before the list was ever focused
        doomed = field.ids[media.highlighted]
        media.focus()
        await pilot.press("delete")
        await settle(pilot)
        assert doomed not in field.ids
        if field.ids:
            assert media.highlighted is not None
            assert media.highlighted_option.id == str(field.ids[media.highlighted])
        assert isinstance(app.screen, EditorScreen)
