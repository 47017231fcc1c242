"""Snapshots (SVG) of the compose editor (several platforms, one group) at 80x24 and 120x40.

Baselines: tests/ui/__snapshots__/test_compose_snapshots/. Repeatable as the editor's (frozen
clock, fresh cache, workers awaited, cursors frozen).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from dashtui.ui.editor.compose import open_compose

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


def composing(platforms: str, caption: str, variants: dict[str, str] | None = None,
              tab: str | None = None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        screen = open_compose(pilot.app)
        await settle(pilot)
        screen.query_one("#platforms", Input).value = platforms
        await settle(pilot)
        screen.query_one("#caption", TextArea).text = caption
        for platform, text in (variants or {}).items():
            screen.query_one(f"#variant-{platform}", TextArea).text = text
        await settle(pilot)
        if tab:
            from textual.widgets import TabbedContent

            screen.query_one(TabbedContent).active = f"tab-{tab}"
        screen.query_one("#caption", TextArea).focus()
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestCompose:
    def test_four_platforms_x_variant_over_the_limit(self, snap_compare, make_app, size):
        """IG, X, LinkedIn, Pinterest; X's own text is over 280; Pinterest lacks its title
        and board: the overview and the tab labels say so."""
        assert snap_compare(make_app(), terminal_size=size, run_before=composing(
            "ig x li pi", "Cold brew is back at every Ember & Oak shop this week.",
            {"twitter": "Cold brew is back! " * 16}, tab="twitter"))
