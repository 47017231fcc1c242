"""Snapshots (SVG) of the editor's media library picker at 80x24 and 120x40: for a TikTok
post (video only: images show ✗) with one marked, and filtered for an Instagram post."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from dashtui.ui.editor.screen import open_editor

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


def picking(platform: str, post_id: int, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        post = await pilot.app.session.backend.get_post(platform, post_id)
        screen = open_editor(pilot.app, post)
        await settle(pilot)
        screen.query_one("#media-add", Input).focus()
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_media_picker_tiktok(snap_compare, make_app, size):
    """TikTok takes one video: images are marked ✗ and the highlighted row says why."""
    assert snap_compare(make_app(), terminal_size=size,
                        run_before=picking("tiktok", 811419, "down", "space", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_media_picker_filtered(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size,
                        run_before=picking("instagram", 811211, *"image 90d"))
