"""Snapshots of the planning week grid over the demo sandbox, at 80x24 and 120x40.

The demo's week of Sunday 22 November: Instagram's 09:00, 09:35 and 10:15 collide (⚠), the
failures of the week show as ✗ in their platform's lane, the cursor is on today at 09:00.
See test_snapshots.py for what keeps these repeatable.
"""

from __future__ import annotations

import pytest

from .test_snapshots import SIZES, steps, _no_blink  # noqa: F401  (the fixture is autouse)


@pytest.mark.parametrize("size", SIZES)
class TestWeekGrid:
    def test_week_grid(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=steps(("w",)))

    def test_week_grid_filtered(self, snap_compare, make_app, size):
        """`p` (Instagram) then `/theo`: one lane, the hours without Theo dimmed."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(("w",), ("p",), ("slash", *"theo", "enter")))
