"""Snapshot of the journal screen (J) at 80x24: one save with a hostile caption, its diff
below. The clock is frozen (make_app), and the journal keeps the session's time."""

from __future__ import annotations

from .conftest import settle
from .test_journal import _save


def test_journal_after_a_save(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await _save(pilot.app)
        await pilot.press("J")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
