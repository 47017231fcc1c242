"""Quick actions from the list: reschedule, bulk, delete, publish, draft, duplicate, undo."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashtui.ui.screens.modals import ConfirmScreen
from dashtui.ui.widgets.post_table import PostTable

from .conftest import messages, screen_text, settle
from .test_failed import finished_bulk



def _server(app, post_id):
    return app.sandbox_app.state.sandbox.posts.get(post_id)


def _when(data) -> datetime:
    return datetime.fromisoformat(data["timestamp"])


async def _scheduled(pilot):
    """Open the list filtered to scheduled posts; returns the table."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("s")  # scheduled
    table = pilot.app.screen.query_one(PostTable)
    # later in the month, so moving a day earlier stays in the future
    await pilot.press("G")
    assert table.cursor_row.status == "SCHEDULED"
    return table


async def test_one_day_later_then_undo(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        before = _when(_server(app, row.id).data)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert _when(_server(app, row.id).data) == before + timedelta(days=1)
        assert "✓" in messages(app)
        await pilot.press("u")
        await settle(pilot)
        assert _when(_server(app, row.id).data) == before
        assert "Undid move 1 day later" in messages(app)


async def test_bulk_reschedule_of_marked_posts_with_one_confirmation(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        await pilot.press("g")
        while table.cursor_row.status != "SCHEDULED":  # publishing right now: locked
            await pilot.press("j")
        marked = [table.cursor_row]
        await pilot.press("space")
        marked.append(table.cursor_row)
        await pilot.press("space")
        marked.append(table.cursor_row)
        await pilot.press("space")
        before = {r.id: _when(_server(app, r.id).data) for r in marked}
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Move 3 posts 15 min later?" in screen_text(app)
        assert app.focused.id == "choice-0"  # moving is not destructive: enter confirms
        await pilot.press("enter")
        bulk = await finished_bulk(pilot)
        text = screen_text(app)
        assert "3 of 3 done" in text and text.count("✓") >= 3
        assert sorted(r.post.id for r in bulk.results) == sorted(r.id for r in marked)
        for post_id, when in before.items():
            assert _when(_server(app, post_id).data) == when + timedelta(minutes=15)
        undo_steps = len(app.session.edits.undo_stack)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")  # one undo for the whole action
        await settle(pilot)
        assert len(app.session.edits.undo_stack) == undo_steps - 1
        for post_id, when in before.items():
            assert _when(_server(app, post_id).data) == when


async def test_a_post_being_published_is_skipped_and_reported(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        table = await _scheduled(pilot)
        await pilot.press("g")
        row = table.cursor_row
        assert row.status == "AUTOPUBLISHING"
        before = dict(_server(app, row.id).data)
        await pilot.press("plus")
        await settle(pilot)
        assert "this post is AUTOPUBLISHING; Dash is publishing it right now" \
            in messages(app)
        assert _server(app, row.id).data == before


async def test_cancelled_confirmation_changes_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert _server(app, row.id) is not None


async def test_delete_then_undo_recreates_with_a_new_id(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        caption = row.caption
        await pilot.press("x")
        await pilot.pause()
        assert "Delete 1 post(s)?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert _server(app, row.id) is None
        assert row.key not in {r.key for r in table.visible_rows}
        await pilot.press("u")
        await settle(pilot)
        assert "re-created with new id" in messages(app)
        again = [p for p in app.sandbox_app.state.sandbox.posts.values()
                 if p.platform == row.platform and p.data.get("id") != row.id
                 and _caption(p) == caption]
        assert len(again) == 1


def _caption(stored) -> str | None:
    for key in ("caption", "message", "text", "tweet_status", "description", "note"):
        if stored.data.get(key) is not None:
            return stored.data[key]
    return None


async def test_publish_now_and_back_to_draft(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        await pilot.press("d")
        await settle(pilot)
        assert _server(app, row.id).data["status"] == "DRAFT"
        await pilot.press("escape", "2")  # the scheduled filter no longer shows it
        await settle(pilot)
        assert table.move_to(row.key)
        await pilot.press("P")
        await pilot.pause()
        assert "Publish 1 post(s) now?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert _server(app, row.id).data["status"] == "AUTOPUBLISHING"


async def test_reschedule_to_a_typed_time(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        await pilot.press("S")
        await pilot.pause()
        await pilot.press(*"2026-12-24 18:30")
        await pilot.pause()
        assert "Thu 24 Dec 2026 18:30" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        # typed in the display zone (Los Angeles), stored in UTC
        assert _server(app, row.id).data["timestamp"].startswith("2026-12-25T02:30:00")


async def test_duplicate_to_another_brand(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        copies_before = sum(1 for p in app.sandbox_app.state.sandbox.posts.values()
                            if p.data.get("brand_id") == 2000)
        await pilot.press("D")
        await pilot.pause()
        text = screen_text(app)
        assert "to brand Summit Trail Outfitters" in text and "to X (opens the editor)" in text
        await pilot.press("end", "enter")  # brands come last, by name: Summit is last
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        copies = sum(1 for p in app.sandbox_app.state.sandbox.posts.values()
                     if p.data.get("brand_id") == 2000)
        assert copies == copies_before + 1
        assert _server(app, row.id) is not None


async def test_read_only_refuses_every_write_key(make_app):
    app = make_app(read_only=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        table = await _scheduled(pilot)
        row = table.cursor_row
        before = dict(_server(app, row.id).data)
        for key in ("greater_than_sign", "plus", "x", "P", "d", "u", "n"):
            await pilot.press(key)
            await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert messages(app).count("Read-only") >= 7
        assert "read-only" in screen_text(app)
        assert _server(app, row.id).data == before


async def test_ctrl_x_exports_the_filtered_list(make_app, tmp_path):
    import csv

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        shown = {r.id for r in table.visible_rows}
        await pilot.press("ctrl+x")
        await pilot.pause()
        target = tmp_path / "out" / "scheduled.csv"
        field = app.screen.query_one("#path")
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        with target.open() as fh:
            rows = list(csv.DictReader(fh))
        assert {int(r["id"]) for r in rows} == shown
        assert {r["status"] for r in rows} <= {"SCHEDULED", "AUTOPUBLISHING"}


async def test_publish_now_never_republishes_a_partially_failed_post(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        row = next(r for r in table.visible_rows if r.status == "PARTIALLY_FAILED")
        assert table.move_to(row.key)
        before = dict(_server(app, row.id).data)
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert "already live" in messages(app)
        assert _server(app, row.id).data == before


async def test_publish_now_leaves_approvals_and_manual_posts_to_their_own_letter(make_app):
    from dashtui.ui.screens.modals import ChoiceScreen

    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        waiting = next(r for r in table.visible_rows if r.status == "MISSING_APPROVALS")
        plain = next(r for r in table.visible_rows if r.status == "SCHEDULED")
        for row in (waiting, plain):
            assert table.move_to(row.key)
            await pilot.press("space")
        before = dict(_server(app, waiting.id).data)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        asked = "\n".join(app.screen.lines)
        text = screen_text(app)
        assert "Publish 1 post(s) now?" in text and "Publish 1 (y)" in text
        assert "1 skipped: awaiting approval" in asked
        assert "publishing skips the approval" in asked and "Publish 2 anyway (a)" in text
        await pilot.press("y")
        await settle(pilot)
        assert _server(app, plain.id).data["status"] == "AUTOPUBLISHING"
        assert _server(app, waiting.id).data == before

        for row in (waiting, plain):  # unmark both: only the waiting post, under the cursor
            assert table.move_to(row.key)
            await pilot.press("space")
        assert not table.marked and table.move_to(waiting.key)
        await pilot.press("P")
        await pilot.pause()
        assert "Publish 1 anyway (a)" in screen_text(app)
        await pilot.press("enter")  # the focused button is Cancel, never the publish
        await settle(pilot)
        assert _server(app, waiting.id).data == before
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)
        assert _server(app, waiting.id).data["status"] == "AUTOPUBLISHING"


async def test_a_bulk_move_while_dash_is_down_queues_the_rest_unsent(make_app, monkeypatch):
    from dashtui.backends.dash.sandbox.faults import Rule
    from dashtui.ui.screens.bulk import DOWN_AFTER

    from .test_failed import spy_patches

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        await pilot.press("g")
        while table.cursor_row.status != "SCHEDULED":
            await pilot.press("j")
        for _ in range(6):
            await pilot.press("space")
        marked = sorted(table.marked)
        before = {pid: _when(_server(app, pid).data) for _, pid in marked}
        sent = spy_patches(app, monkeypatch)
        app.sandbox_app.state.runtime.faults.replace(
            [Rule(method=["PATCH"], error_rate=1.0, error_status=503)])
        await pilot.press("greater_than_sign")
        await pilot.pause()
        await pilot.press("y")
        bulk = await finished_bulk(pilot)
        assert len(sent) == DOWN_AFTER and len(bulk.results) == 6
        assert "the rest were queued without sending" in screen_text(app)
        assert {pid for _, pid in app.session.pending_keys()} == set(before)
        assert all(_when(_server(app, pid).data) == when for pid, when in before.items())

        app.sandbox_app.state.runtime.faults.replace([])
        await app.session.writer.flush(due_only=False)
        assert not app.session.pending_keys()
        for pid, when in before.items():  # each moved once, by exactly one day
            assert _when(_server(app, pid).data) == when + timedelta(days=1)


async def test_a_list_bulk_move_shows_progress_stops_on_esc_and_undoes_at_once(
        make_app, monkeypatch):
    from dashtui.ui.screens.bulk import BulkScreen

    from .test_failed import gate, stop_while_in_flight

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _scheduled(pilot)
        await pilot.press("g")
        while table.cursor_row.status != "SCHEDULED":  # publishing right now: locked
            await pilot.press("j")
        for _ in range(4):
            await pilot.press("space")
        ids = [pid for _, pid in sorted(table.marked)]  # the order the action goes in
        before = {pid: _when(_server(app, pid).data) for pid in ids}
        entered, release = gate(monkeypatch, app.session.edits, "reschedule", ids[1])
        undo_before = len(app.session.edits.undo_stack)
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await stop_while_in_flight(pilot, entered, release, ids[0], ids[1])
        bulk = await finished_bulk(pilot)
        assert isinstance(bulk, BulkScreen)
        assert [r.post.id for r in bulk.results] == ids
        assert [r.ok for r in bulk.results] == [True, True, False, False]
        assert screen_text(app).count("stopped before it was sent") == 2
        # the sandbox: the post in flight landed, the two after it never went
        for pid in ids[:2]:
            assert _when(_server(app, pid).data) == before[pid] + timedelta(minutes=15)
        for pid in ids[2:]:
            assert _when(_server(app, pid).data) == before[pid]
        assert len(app.session.edits.undo_stack) == undo_before + 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")  # one undo puts both back
        await settle(pilot)
        assert len(app.session.edits.undo_stack) == undo_before
        assert all(_when(_server(app, pid).data) == when for pid, when in before.items())
