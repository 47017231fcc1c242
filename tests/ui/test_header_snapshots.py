"""Snapshots of the header as the terminal narrows, with and without stale platforms, and
of the failed view under NO_COLOR. Accept intended changes with `--snapshot-update`.

"cache from HH:MM" is the wall-clock time of the last sync; it is pinned here so the
pictures repeat.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.session import Session

from .conftest import settle

WIDTHS = [pytest.param((80, 24), id="80x24"), pytest.param((60, 24), id="60x24"),
          pytest.param((40, 24), id="40x24")]


@pytest.fixture(autouse=True)
def _repeatable(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(Session, "clock_text", lambda self, stamp: "08:05")


def stale(*keys: str):
    """Start, then X and Threads answer 500 to the refresh that `r` starts."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.sandbox_app.state.runtime.faults.replace(
            [Rule(path=["/scheduler/twitter", "/scheduler/threads"], error_rate=1.0,
                  error_status=500)])
        for key in ("r", *keys):
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", WIDTHS)
def test_header_all_fresh(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", WIDTHS)
def test_header_with_platforms_not_refreshed(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=stale())


def test_failed_view_no_color_with_platforms_not_checked(snap_compare, make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=stale("3"))
