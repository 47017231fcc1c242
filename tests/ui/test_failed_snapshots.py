"""Snapshots of the on-call view (mode 3) and of a bulk action's report, at 80x24 and 120x40.

Baselines: tests/ui/__snapshots__/test_failed_snapshots/; accept an intended change with
`pytest tests/ui/test_failed_snapshots.py --snapshot-update`. The clock is frozen (make_app),
the "oldest" column and the rule checks count from it; every key is followed by awaiting
the workers (see test_snapshots.py for why), except inside a bulk action, whose worker waits
for the report to be closed: there we wait for the report to be finished instead.
"""

from __future__ import annotations

import pytest

from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.ui.screens.bulk import BulkScreen

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def steps(*keys: tuple[str, ...]):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for step in keys:
            await pilot.press(*step)
            await settle(pilot)

    return run_before


async def bulk_retry_with_faults(pilot) -> None:
    """`3` `R` `y` on the biggest cause while half the PATCHes get a 500 (queued)."""
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    pilot.app.sandbox_app.state.runtime.faults.replace(
        [Rule(method=["PATCH"], error_rate=0.5, error_status=500)])
    await pilot.press("R")
    await pilot.pause()
    await pilot.press("y")
    for _ in range(400):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, BulkScreen) and pilot.app.screen.finished:
            break
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
class TestFailed:
    def test_grouped(self, snap_compare, make_app, size):
        """The causes, the biggest highlighted; its posts; the first post's story."""
        assert snap_compare(make_app(), terminal_size=size, run_before=steps(("3",)))

    def test_posts_focused(self, snap_compare, make_app, size):
        """tab into the posts of the second cause (partial failures: a live link), second
        post selected, the first one marked."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(("3",), ("j",), ("tab",), ("space",)))

    def test_all_brands(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=steps(("3",), ("A",)))

    def test_bulk_report(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=bulk_retry_with_faults)
