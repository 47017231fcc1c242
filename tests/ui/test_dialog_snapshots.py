"""Every dialog keeps its keys on screen at 80x24 with 20 posts listed.

Two kinds of test over the same scenes: Pilot tests that read the screen and assert that each
answer's key (its button or hint) is visible and that nothing that publishes or deletes has
the focus, and SVG snapshots of the scenes (baselines in
tests/ui/__snapshots__/test_dialog_snapshots/; accept an intended change with
`pytest tests/ui/test_dialog_snapshots.py --snapshot-update`).

A dialog opened from a worker keeps that worker waiting for the answer, so after the key
that opens it we pause instead of awaiting the workers (see tests/ui/conftest.py settle).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input

from dashtui.ui.screens.bulk import BulkScreen
from dashtui.ui.screens.modals import ChoiceScreen, PickScreen, TimePrompt
from dashtui.ui.widgets.post_table import PostTable

from .conftest import NOW, screen_text, settle
from .test_failed import BRAND, TOKEN, sandbox, state

SIZE = (80, 24)
MANY = 20


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


async def wait_for(pilot, kind) -> None:
    for _ in range(50):
        await pilot.pause()
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return
    raise AssertionError(f"no {kind.__name__} opened; on {pilot.app.screen!r}")


async def twenty_marked(pilot) -> None:
    """The list of scheduled posts with the first 20 marked."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    table = pilot.app.screen.query_one(PostTable)
    for _ in range(MANY):
        await pilot.press("space")
    assert len(table.marked) == MANY


async def twenty_failed(pilot) -> None:
    """The failed view with 20 posts in the token cause: 14 more posts of the last week
    fail the way the demo's Instagram incident did."""
    app = pilot.app
    await settle(pilot)
    token = next(s.data["auto_publish_error"] for s in state(app).posts.values()
                 if s.data.get("brand_id") == BRAND and s.data.get("status") == "FAILED"
                 and "Access token expired" in (s.data.get("auto_publish_error") or ""))
    posted = sorted(
        (s.data["timestamp"], pid) for pid, s in state(app).posts.items()
        if s.data.get("brand_id") == BRAND and s.data.get("status") == "POSTED"
        and s.data.get("timestamp")
        and s.data["timestamp"] > (NOW - timedelta(days=6)).isoformat())
    for _, pid in posted[-(MANY - 6):]:
        await sandbox(app, f"posts/{pid}", {"status": "FAILED", "auto_publish_error": token,
                                            "live_post_url": None})
    await pilot.press("3")
    await settle(pilot)
    group = app.screen.groups.cursor_group
    assert group.cause == TOKEN and group.count == MANY, (group.cause, group.count)


# -- the scenes (each a run_before) ---------------------------------------------------------
async def delete_twenty(pilot) -> None:
    await twenty_marked(pilot)
    await pilot.press("x")
    await wait_for(pilot, ChoiceScreen)


async def publish_twenty(pilot) -> None:
    await twenty_marked(pilot)
    await pilot.press("P")
    await wait_for(pilot, ChoiceScreen)


async def reschedule_twenty(pilot) -> None:
    await twenty_marked(pilot)
    await pilot.press("S")
    await wait_for(pilot, TimePrompt)
    await pilot.press(*"+2h", "enter")
    await wait_for(pilot, ChoiceScreen)


async def time_prompt(pilot) -> None:
    await twenty_marked(pilot)
    await pilot.press("S")
    await wait_for(pilot, TimePrompt)
    await pilot.press(*"+2h")
    await pilot.pause()


async def retry_twenty(pilot) -> None:
    await twenty_failed(pilot)
    await pilot.press("R")
    await wait_for(pilot, ChoiceScreen)


async def retried_twenty(pilot) -> None:
    await retry_twenty(pilot)
    await pilot.press("y")
    for _ in range(400):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, BulkScreen) and pilot.app.screen.finished:
            break
    await pilot.pause()


async def reschedule_choices(pilot) -> None:
    await twenty_failed(pilot)
    await pilot.press("S")
    await wait_for(pilot, PickScreen)


# what must be on screen in each scene: every answer's key
SCENES = {
    "delete": (delete_twenty, ["Delete 20 post(s)?", "Delete (y)", "Cancel (esc)"]),
    "publish_now": (publish_twenty, ["Publish 20 post(s) now?", "Publish 20 (y)",
                                     "Cancel (esc)"]),
    "reschedule": (reschedule_twenty, ["Reschedule 20 posts from", "Reschedule (y)",
                                       "Cancel (esc)"]),
    "time_prompt": (time_prompt, ["New time for 20 post(s)", "enter sets the time · esc "
                                  "cancels"]),
    "retry": (retry_twenty, ["Retry 20 posts now?", "Retry 20 (y)", "Cancel (esc)"]),
    "retry_running": (retried_twenty, ["20 of 20 done · enter closes"]),
    "reschedule_pick": (reschedule_choices, ["+15 minutes from now", "type a time…",
                                             "type to narrow · enter picks · esc cancels"]),
}
DESTRUCTIVE = {"delete", "publish_now", "retry"}


@pytest.mark.parametrize("scene", sorted(SCENES))
async def test_every_key_of_the_dialog_is_visible_at_80x24(make_app, scene):
    run, wanted = SCENES[scene]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run(pilot)
        text = screen_text(app)
        missing = [w for w in wanted if w not in text]
        assert not missing, f"{missing} not on screen:\n{text}"
        if scene in DESTRUCTIVE:  # enter alone must not confirm
            assert app.focused is not None and app.focused.id == "no"


async def test_the_error_panel_keeps_its_hint_at_80x24(tmp_path):
    from .test_error_snapshots import expired_token_app

    app = expired_token_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "dashtui can't reach Dash" in text
        assert "y copies the details · esc closes" in text


@pytest.mark.parametrize("scene", sorted(SCENES))
def test_snapshot(snap_compare, make_app, scene):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=SCENES[scene][0])
