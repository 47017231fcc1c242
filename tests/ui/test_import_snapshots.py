"""SVG snapshot of the CSV import preview at 80x24 (baseline in
tests/ui/__snapshots__/test_import_snapshots/): every row's mark, its problems and the
enter/esc hint stay on screen."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from .conftest import settle
from .test_import_preview import CSV


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def test_import_preview(snap_compare, make_app, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(CSV, encoding="utf-8")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        pilot.app.screen.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
