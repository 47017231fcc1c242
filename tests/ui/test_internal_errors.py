"""No exception vanishes: an unexpected error in any worker opens the error panel as an
internal error, saying what was being done, with a traceback to copy and no token in it."""

from __future__ import annotations

import sqlite3

from dashtui.demo import DEMO_TOKEN
from dashtui.ui.screens.bulk import BulkScreen
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.screens.error_panel import ErrorPanel
from dashtui.ui.widgets.post_table import PostTable

from .conftest import screen_text, settle
from .test_editor import stored

X_POST = 811813  # a scheduled X post of brand 144 that passes every check


def break_the_outbox(app, monkeypatch) -> list[int]:
    """Every write's first step (the outbox row) fails the way a full disk or a locked file
    makes SQLite fail; the message quotes the token, as a careless library might."""
    calls: list[int] = []

    def add(**kw):
        calls.append(1)
        raise sqlite3.OperationalError(f"disk I/O error (opened with {DEMO_TOKEN})")

    monkeypatch.setattr(app.session.outbox, "add", add)
    return calls


def copied(app, monkeypatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", texts.append)
    return texts


def assert_internal_panel(app, doing: str) -> ErrorPanel:
    assert isinstance(app.screen, ErrorPanel), type(app.screen).__name__
    text = screen_text(app)
    assert "Internal error in dashtui" in text
    assert "OperationalError" in text and doing in text
    assert DEMO_TOKEN not in text
    return app.screen


async def test_a_sqlite_error_in_an_editor_save_opens_the_panel(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        original = stored(app, X_POST)["tweet_status"]
        open_editor(app, await app.session.backend.get_post("twitter", X_POST))
        await settle(pilot)
        await pilot.press("end", *" Doors at 8.")
        calls = break_the_outbox(app, monkeypatch)
        clip = copied(app, monkeypatch)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # confirm the diff
        await settle(pilot)
        assert calls, "the save never reached the outbox"
        panel = assert_internal_panel(app, "saving the post")
        await pilot.press("y")
        [details] = clip
        assert "Traceback" in details and "sqlite3.OperationalError" in details
        assert "while: saving the post" in details
        assert DEMO_TOKEN not in details and "***" in details
        assert panel.internal
        await pilot.press("escape")  # back to the editor, the text still there
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert "Doors at 8." in screen_text(app)
    assert stored(app, X_POST)["tweet_status"] == original  # nothing was sent


async def test_a_sqlite_error_in_a_bulk_action_opens_the_panel(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        first = table.cursor_row
        await pilot.press("space", "j", "space")
        second = table.cursor_row
        calls = break_the_outbox(app, monkeypatch)
        clip = copied(app, monkeypatch)
        await pilot.press("x")  # delete the two marked posts
        await pilot.pause()  # (the worker waits on the question: no settle here)
        await pilot.press("y")
        # every bulk action runs in the bulk screen, which stays open over the report
        for _ in range(40):
            if isinstance(app.screen, ErrorPanel):
                break
            await pilot.pause(0.1)
        assert calls
        assert_internal_panel(app, "Delete: 2 posts")
        await pilot.press("y")
        [details] = clip
        assert "Traceback" in details and DEMO_TOKEN not in details
        await pilot.press("escape")  # back to the report, which names both posts
        await pilot.pause()
        assert isinstance(app.screen, BulkScreen)
        text = screen_text(app)
        assert "unexpected error" in text and DEMO_TOKEN not in text
        state = app.sandbox_app.state.sandbox
        assert first.id in state.posts and second.id in state.posts  # none deleted


async def test_a_bug_in_any_worker_opens_the_panel(make_app, monkeypatch):
    """Not only writes: the refresh worker too (one handler for every worker)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        async def broken(*args, **kw):
            raise KeyError("windows")

        monkeypatch.setattr(app.session, "refresh", broken)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ErrorPanel)
        text = screen_text(app)
        assert "KeyError" in text and "refreshing posts" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ErrorPanel)  # and the app goes on
        assert app.is_running
