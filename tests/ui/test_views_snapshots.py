"""Snapshots of the saved views screen (5) at 80x24 and 120x40: the two predefined views and
one of the config's (above its alert_above, so its count is red), the first one's posts.

Baselines: tests/ui/__snapshots__/test_views_snapshots/. The clock is frozen (make_app).
"""

from __future__ import annotations

import pytest

from dashtui.config import ViewConfig

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
VIEWS = [ViewConfig(name="IG this week", platforms=["ig"], when="this week", brands="all",
                    alert_above=3)]


async def open_views(pilot) -> None:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_views_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(views=VIEWS), terminal_size=size, run_before=open_views)
