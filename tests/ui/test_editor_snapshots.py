"""Snapshots (SVG) of the editor, its diff and its conflict screen, at 80x24 and 120x40.

Baselines: tests/ui/__snapshots__/test_editor_snapshots/. Accept an intended change with
`pytest tests/ui/test_editor_snapshots.py --snapshot-update` after looking at the report.
Repeatable for the same reasons as test_snapshots.py (frozen clock, fresh cache dir, workers
awaited after every step); here the TextArea's cursor is frozen too.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from dashtui.ui.launch import demo_client
from dashtui.ui.editor.screen import open_editor

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


def editing(platform: str, post_id: int, *steps):
    """Open the editor on a post, then run each step (keys, or a callable on the screen)."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        post = await pilot.app.session.backend.get_post(platform, post_id)
        open_editor(pilot.app, post)
        await settle(pilot)
        for step in steps:
            if callable(step):
                result = step(pilot.app.screen)
                if result is not None:
                    await result
            else:
                await pilot.press(*step)
            await settle(pilot)

    return run_before


def set_value(widget_id: str, value):
    def step(screen) -> None:
        screen.query_one(f"#{widget_id}").value = value

    return step


def changed_on_the_server(platform: str, post_id: int, changes: dict):
    async def step(screen) -> None:
        other = demo_client(screen.app.sandbox_app)
        await other.update_post(platform, post_id, changes)
        await other.aclose()

    return step


@pytest.mark.parametrize("size", SIZES)
class TestEditor:
    def test_instagram(self, snap_compare, make_app, size):
        """#811383: a feed post with two errors from the checks."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=editing("instagram", 811383))

    def test_x_over_the_limit(self, snap_compare, make_app, size):
        """#812609: CJK text counted double, over 280, the counter red."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=editing("twitter", 812609))

    def test_youtube(self, snap_compare, make_app, size):
        """#821164: markup and <> in title and description, shown literally, both refused."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=editing("youtube", 821164))

    def test_pinterest_without_a_title(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=editing("pinterest", 811581, set_value("title", "")))

    def test_snapchat_story_with_a_description(self, snap_compare, make_app, size):
        """SPOTLIGHT -> STORY: locale and save-to-profile go, the description is an error."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=editing("snapchat", 811529,
                                               set_value("post_type", "STORY")))


@pytest.mark.parametrize("size", SIZES)
class TestDiff:
    def test_diff_before_saving(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=editing(
            "twitter", 811813, (*" (v2)",), set_value("status", "DRAFT"), ("ctrl+s",)))


@pytest.mark.parametrize("size", SIZES)
class TestConflict:
    def test_conflict(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=editing(
            "instagram", 811211, (*" mine",),
            changed_on_the_server("instagram", 811211,
                                  {"caption": "theirs", "first_comment": "their comment"}),
            ("ctrl+s",), ("enter",)))

