"""Snapshots of the approvals view (5) and the reviewer picker, at 80x24 and 120x40, over
the lenient demo (what `dashtui --demo` shows). See test_snapshots.py for what keeps them
repeatable."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def steps(*keys: str, then_type: str = ""):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if then_type:
            await pilot.press(*then_type)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestApprovals:
    def test_view_on_a_late_post(self, snap_compare, make_app, size):
        """The cursor on the reel due in 35 minutes: flagged, with why, below."""
        assert snap_compare(make_app(user_names={"77318": "Ana Lima"}), terminal_size=size,
                            run_before=steps("6", "j", "j", "j"))

    def test_reviewer_picker(self, snap_compare, make_app, size):
        app = make_app(user_id=77315, user_names={"77318": "Ana Lima"})
        async def run_before(pilot) -> None:
            await steps("6", "j", "j", "j")(pilot)
            await pilot.press("A")
            await pilot.pause()
            await pilot.press(*"ana 12")
            await pilot.pause()
        assert snap_compare(app, terminal_size=size, run_before=run_before)
