"""Snapshot (SVG) tests of every screen over the demo sandbox, at 80x24 and 120x40.

The baselines live in tests/__snapshots__/test_snapshots/. After an intended UI change,
look at the failure report (snapshot_report.html) and accept with
`pytest tests/ui/test_snapshots.py --snapshot-update`.

What keeps them repeatable:
- `make_app` (tests/ui/conftest.py): a fresh cache dir per test and a frozen clock (NOW) in
  both the app and the sandbox; the root conftest pins TZ and the config/data dirs.
- every key is pressed inside `run_before`, with the workers awaited after each step: a
  refresh started by a key (e.g. `2` loads the month) goes over the in-process ASGI
  transport, so the plain `press=` of snap_compare (followed only by short pauses) could
  photograph "refreshing…" or a half-filled table.
- the Input cursor never blinks (Textual 8: `Input._toggle_cursor` is the blink timer's
  callback), so a focused filter box looks the same whenever the picture is taken.
- findings are counted against the session clock, i.e. the frozen NOW.
- the header's "synced just now" compares wall-clock time with the sync time (both real), so
  it holds as long as one test takes under a minute.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

# Key steps; the workers are awaited after each one.
TO_POSTS = ("2",)
FAILED = ("s", "s", "s")  # all -> scheduled -> drafts -> failed


def typed(text: str) -> tuple[str, ...]:
    """Open the list filter, type `text`, and go back to the table with it applied."""
    return ("slash", *text, "enter")


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def steps(*keys: tuple[str, ...]):
    """A run_before that waits for the first load, then presses each step and settles."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for step in keys:
            await pilot.press(*step)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestCalendar:
    def test_month(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=steps())

    def test_week(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=steps(("w",)))

    def test_help(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(("question_mark",)))


@pytest.mark.parametrize("size", SIZES)
class TestPosts:
    def test_filtered(self, snap_compare, make_app, size):
        """`/brew⏎`: the filter box stays open above the table with its text."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(TO_POSTS, typed("brew")))

    def test_failed_status(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(TO_POSTS, FAILED))

    def test_help(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(TO_POSTS, ("question_mark",)))


@pytest.mark.parametrize("size", SIZES)
class TestDetail:
    def test_failed_post(self, snap_compare, make_app, size):
        """X #820121: FAILED with an error text and a caption over X's limit (a finding)."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(TO_POSTS, typed("42 coffees"), FAILED,
                                             ("enter",)))

    def test_markup_caption(self, snap_compare, make_app, size):
        """demo_hostile MARKUP: Rich/Textual markup in a caption must show literally."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(TO_POSTS, typed("flash sale"), ("enter",)))

    def test_escape_sequences_caption(self, snap_compare, make_app, size):
        """demo_hostile ESCAPES: terminal escapes and control characters made visible."""
        assert snap_compare(make_app(), terminal_size=size,
                            run_before=steps(TO_POSTS, typed("red alert"), ("enter",)))
