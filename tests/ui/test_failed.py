"""The on-call view (mode 3) over the demo sandbox: causes, bulk retry, partial failures.

Failures are made the way Dash makes them: scheduled posts are given forced outcomes
(/_sandbox/outcomes), the sandbox clock is moved past their time, and the publisher fails
them. The app's clock follows the sandbox clock here, so "now" agrees on both sides.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from dashtui.demo import DEMO_TOKEN
from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.store.writer import Queued
from dashtui.ui.screens.bulk import BulkScreen
from dashtui.ui.screens.error_panel import ErrorPanel
from dashtui.ui.screens.detail import DetailScreen
from dashtui.ui.screens.failed import FailedScreen
from dashtui.ui.screens.modals import ChoiceScreen, ConfirmScreen, PickScreen

from .conftest import NOW, screen_text, settle

BRAND = 144
SIZE = (120, 50)  # tall enough that every cause of the demo brand is on screen at once
# two differ only in numbers and a URL: one cause; the other two are causes of their own
ERRORS = [
    "Upload 3 of 9 stalled at https://cdn.example.com/a/1.mp4 (timeout 30s).",
    "Upload 7 of 12 stalled at https://cdn.example.com/b/22.mp4 (timeout 45s).",
    "Sandbox: the page is not linked to this brand any more.",
    "Sandbox: the network is under maintenance [until further notice].",
]
UPLOAD = "Upload # of # stalled at <url> (timeout #s)."


async def sandbox(app, path: str, body: dict) -> dict:
    """POST to the sandbox's control endpoints, in process."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app.sandbox_app),
                                 base_url="http://sandbox",
                                 headers={"Authorization": f"Bearer {DEMO_TOKEN}"}) as client:
        answer = await client.post(f"/_sandbox/{path}", json=body)
        answer.raise_for_status()
        return answer.json()


def state(app):
    return app.sandbox_app.state.sandbox


def status(app, post_id: int) -> str:
    return state(app).posts[post_id].data["status"]


def follow_sandbox_clock(app) -> None:
    app.session.clock = state(app).now


def _upcoming(app, count: int) -> tuple[list[int], datetime]:
    """The brand's next scheduled posts that will publish themselves (no approval, auto)."""
    now = state(app).now()
    due = []
    for pid, stored in state(app).posts.items():
        d = stored.data
        if d.get("brand_id") != BRAND or d.get("status") != "SCHEDULED" \
                or d.get("auto_publish") is False \
                or d.get("approval_policy") == "APPROVAL_REQUIRED":
            continue
        when = datetime.fromisoformat(d["timestamp"].replace("Z", "+00:00"))
        if when > now:
            due.append((when, pid))
    return [pid for _, pid in sorted(due)[:count]], sorted(due)[count - 1][0]


async def make_failures(app, errors=ERRORS) -> list[int]:
    """Make the next scheduled posts fail with these errors; returns their ids."""
    await sandbox(app, "publisher", {"fail_rate": 0})
    ids, last = _upcoming(app, len(errors))
    await sandbox(app, "outcomes", {str(pid): {"status": "FAILED", "error": error}
                                    for pid, error in zip(ids, errors)})
    ahead = (last - state(app).now()).total_seconds() + 60
    await sandbox(app, "clock", {"advance": ahead})
    await sandbox(app, "clock", {"advance": 60})
    assert all(status(app, pid) == "FAILED" for pid in ids)
    return ids


async def open_failed(pilot) -> FailedScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FailedScreen)
    return pilot.app.screen


async def refresh(pilot) -> None:
    await pilot.press("r")
    await settle(pilot)


async def to_cause(pilot, screen: FailedScreen, cause: str) -> None:
    screen.groups.focus()
    await pilot.press("g")
    for _ in range(len(screen.groups.groups)):
        if screen.groups.cursor_group.cause == cause:
            return
        await pilot.press("j")
    raise AssertionError(f"no cause {cause!r}")


async def finished_bulk(pilot) -> BulkScreen:
    for _ in range(400):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if isinstance(screen, BulkScreen) and screen.finished:
            await pilot.pause()
            return screen
    raise AssertionError("the bulk action did not finish")


def posts_header(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(" time "))


def cause_lines(text: str, cause: str) -> list[str]:
    return [line for line in text.splitlines() if cause in line]


async def test_three_causes_are_three_groups(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        follow_sandbox_clock(app)
        screen = await open_failed(pilot)
        ids = await make_failures(app)
        await refresh(pilot)
        counts = {g.cause: g.count for g in screen.groups.groups}
        assert counts[UPLOAD] == 2
        assert counts["Sandbox: the page is not linked to this brand any more."] == 1
        assert counts["Sandbox: the network is under maintenance [until further notice]."] == 1
        text = screen_text(app)
        upload = cause_lines(text, UPLOAD)
        assert len(upload) == 1 and upload[0].split()[0] == "2"
        # brackets in an error are text, not markup
        assert len(cause_lines(text, "under maintenance [until further notice]")) == 1
        await to_cause(pilot, screen, UPLOAD)
        shown = {row.id for row in screen.posts.visible_rows}
        assert shown == set(ids[:2])
        # the panel shows the real error of the post under the cursor, not the cause
        first = screen.posts.cursor_row.id
        assert ERRORS[ids.index(first)] in screen_text(app)


async def test_bulk_retry_publishes_a_whole_cause(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        follow_sandbox_clock(app)
        screen = await open_failed(pilot)
        ids = (await make_failures(app))[:2]
        await refresh(pilot)
        await to_cause(pilot, screen, UPLOAD)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert "Retry 2 posts now?" in text and all(f"#{pid}" in text for pid in ids)
        await pilot.press("y")
        bulk = await finished_bulk(pilot)
        assert "2 of 2 done" in screen_text(app)
        assert [r.post.id for r in bulk.results] == ids
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in ids)
        await pilot.press("enter")
        await settle(pilot)
        assert UPLOAD not in {g.cause for g in screen.groups.groups}
        assert UPLOAD not in screen_text(app)

        await sandbox(app, "clock", {"advance": 120})
        await refresh(pilot)
        assert all(status(app, pid) == "POSTED" for pid in ids)
        assert all(app.session.cache.get(row_platform(app, pid), pid).status == "POSTED"
                   for pid in ids)
        row = next(r for r in app.session.cache.rows([BRAND]) if r.id == ids[0])
        app.show_detail(row)
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and "POSTED" in screen_text(app)


def row_platform(app, pid: int) -> str:
    return state(app).posts[pid].platform


async def test_partial_failure_of_a_bulk_is_reported_post_by_post(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        group = screen.groups.cursor_group  # the demo's biggest cause
        ids = [item.id for item in group.items]
        assert len(ids) >= 5
        # a 500 keeps the write queued in the outbox (retried later), so each post either
        # lands now or is queued; the report must say which, post by post
        app.sandbox_app.state.runtime.faults.replace(
            [Rule(method=["PATCH"], error_rate=0.5, error_status=500)])
        await pilot.press("R", "y")
        bulk = await finished_bulk(pilot)
        ok = {r.post.id for r in bulk.results if r.ok}
        queued = {r.post.id for r in bulk.results if isinstance(r.outcome, Queued)}
        assert ok and queued and ok | queued == set(ids) and len(bulk.results) == len(ids)
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in ok)
        assert all(status(app, pid) == "FAILED" for pid in queued)
        lines = screen_text(app).splitlines()
        for r in bulk.results:
            mark = "✓" if r.ok else "…"
            assert any(f"{mark} " in line and f"#{r.post.id}" in line for line in lines)
        assert f"{len(ok)} of {len(ids)} done; {len(queued)} queued for retry" in \
            screen_text(app)
        assert {pid for _, pid in app.session.pending_keys()} == queued

        app.sandbox_app.state.runtime.faults.replace([])
        await pilot.press("enter")
        await settle(pilot)
        assert screen.groups.cursor_group.cause == group.cause  # the cursor kept the cause
        assert {r.id for r in screen.groups.cursor_group.items} == queued
        assert "⟳" in screen_text(app)  # the list marks posts with a write still queued
        await pilot.press("R", "y")
        again = await finished_bulk(pilot)
        assert all(r.ok for r in again.results) and len(again.results) == len(queued)
        assert f"{len(queued)} of {len(queued)} done" in screen_text(app)
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in ids)
        assert not app.session.pending_keys()  # the queued writes were folded, not doubled
        await pilot.press("enter")
        await settle(pilot)
        assert group.cause not in {g.cause for g in screen.groups.groups}


async def test_three_keys_from_a_fresh_app_retry_a_post(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        keys = ["3", "R", "y", "enter"]  # the last one only closes the report
        await settle(pilot)
        await pilot.press(keys[0])
        await pilot.pause()
        target = app.screen.groups.cursor_group
        await pilot.press(*keys[1:3])
        bulk = await finished_bulk(pilot)
        await pilot.press(keys[3])
        assert len(keys) < 10
        assert bulk.results and all(r.ok for r in bulk.results)
        assert {r.post.id for r in bulk.results} == {i.id for i in target.items}
        assert all(status(app, i.id) == "AUTOPUBLISHING" for i in target.items)


async def test_all_brands_toggle(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        mine = sum(g.count for g in screen.groups.groups)
        assert "brand" not in posts_header(screen_text(app))
        await pilot.press("A")
        await settle(pilot)
        every = [i for g in screen.groups.groups for i in g.items]
        assert len(every) > mine and {i.brand_id for i in every} > {BRAND}
        text = screen_text(app)
        assert "all 3 brands" in text and "brand" in posts_header(text)
        await pilot.press("A")
        await settle(pilot)
        assert sum(g.count for g in screen.groups.groups) == mine
        assert "Ember & Oak Coffee Roasters" in screen_text(app).splitlines()[-2]


async def test_read_only_refuses(make_app):
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_failed(pilot)
        ids = [i.id for i in screen.groups.cursor_group.items]
        before = [dict(state(app).posts[pid].data) for pid in ids]
        for key in ("R", "S", "e", "d", "x", "tab", "R", "S", "x"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, (ChoiceScreen, PickScreen))
        assert sum("Read-only" in n.title for n in app._notifications) >= 8
        assert [state(app).posts[pid].data for pid in ids] == before


async def test_navigation_and_reschedule_to_free_slots(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        assert app.focused is screen.groups
        await pilot.press("enter")
        assert app.focused is screen.posts
        await pilot.press("shift+tab")
        assert app.focused is screen.groups
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        await pilot.pause()

        # two marked posts on one platform get two different free slots
        group = screen.groups.cursor_group
        same = [i for i in group.items if i.platform == "instagram"][:2]
        assert len(same) == 2
        for item in same:
            assert screen.posts.move_to(item.key)
            await pilot.press("space")
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Reschedule 2 posts?" in screen_text(app)
        undo_before = len(app.session.edits.undo_stack)
        await pilot.press("y")
        bulk = await finished_bulk(pilot)
        assert all(r.ok for r in bulk.results)
        # one post per call, yet one undo step for the whole action
        assert len(app.session.edits.undo_stack) == undo_before + 1
        assert len(app.session.edits.undo_stack[-1].inverses) == 2
        times = [state(app).posts[i.id].data["timestamp"] for i in same]
        assert len(set(times)) == 2
        for item, stamp in zip(same, times):
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            assert when > NOW + timedelta(minutes=14)
            assert status(app, item.id) == "SCHEDULED"
        await pilot.press("enter")
        await settle(pilot)
        assert not {i.key for i in same} & {r.key for g in screen.groups.groups
                                             for r in g.items}


async def test_edit_then_retry_opens_the_editor_set_to_publish_now(make_app):
    from dashtui.ui.editor.screen import EditorScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        row = screen.posts.cursor_row
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.state.original.id == row.id
        assert app.screen.state.draft.status == "AUTOPUBLISHING"
        assert "status" in app.screen.state.changes()
        assert app.screen.query_one("#status").value == "AUTOPUBLISHING"


async def test_empty_state(make_app):
    app = make_app(failed_days=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_failed(pilot)
        for group in list(screen.groups.groups):  # clear the brand's problems server-side
            for item in group.items:
                await sandbox(app, f"posts/{item.id}", {"status": "POSTED"})
        await refresh(pilot)
        assert not screen.groups.groups
        text = screen_text(app)
        assert "Nothing failed in the last 1 day," in text
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)


async def test_fixing_a_whole_cause_from_its_posts_returns_to_the_causes(make_app):
    """Once a cause is gone, the posts pane shows another cause: focus must not stay there,
    or the next R would act on posts the user never picked."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        await pilot.press("G")  # the smallest causes come last
        cause = screen.groups.cursor_group.cause
        await pilot.press("enter", "space", "d")
        await pilot.pause()
        assert "back to draft" in screen_text(app)
        await pilot.press("y")
        await finished_bulk(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert cause not in {g.cause for g in screen.groups.groups}
        assert app.focused is screen.groups


async def test_an_exception_midway_is_reported_and_the_rest_still_go(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        ids = [i.id for i in screen.groups.cursor_group.items]
        real = app.session.edits.set_status

        async def flaky(posts, status, *, progress=None):
            if posts[0].id == ids[1]:
                raise RuntimeError("boom")
            return await real(posts, status, progress=progress)

        monkeypatch.setattr(app.session.edits, "set_status", flaky)
        await pilot.press("R", "y")
        # a bug, not Dash: once the rest have gone, the internal-error panel says so
        for _ in range(400):
            if isinstance(app.screen, ErrorPanel):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, ErrorPanel) and app.screen.internal
        assert "RuntimeError" in screen_text(app)
        await pilot.press("escape")  # back to the report
        bulk = await finished_bulk(pilot)
        assert [r.post.id for r in bulk.results] == ids  # every post has its line
        assert [r.ok for r in bulk.results] == [pid != ids[1] for pid in ids]
        assert f"#{ids[1]}: unexpected error, open it to check: RuntimeError: boom" in \
            screen_text(app)
        assert f"{len(ids) - 1} of {len(ids)} done; 1 not done" in screen_text(app)
        assert status(app, ids[1]) == "FAILED"
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in ids if pid != ids[1])


async def test_esc_stops_a_bulk_after_the_post_in_flight(make_app, monkeypatch):
    import asyncio

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        ids = [i.id for i in screen.groups.cursor_group.items]
        assert len(ids) >= 3
        real = app.session.edits.set_status
        calls: list[list[int]] = []
        release = asyncio.Event()

        async def held(posts, status, *, progress=None):
            calls.append([p.id for p in posts])
            if len(calls) == 2:  # the second post is in flight when escape comes
                await release.wait()
            return await real(posts, status, progress=progress)

        monkeypatch.setattr(app.session.edits, "set_status", held)
        await pilot.press("R", "y")
        while len(calls) < 2:
            await pilot.pause(0.02)
        await pilot.press("escape")  # stop: it does not close while a post is in flight
        assert isinstance(app.screen, BulkScreen) and app.screen.stopping
        release.set()
        bulk = await finished_bulk(pilot)
        assert [r.post.id for r in bulk.results] == ids
        sent = [r.post.id for r in bulk.results if r.ok]
        stopped = [r.post.id for r in bulk.results if not r.ok]
        assert sent == ids[:2] and stopped == ids[2:]  # the one in flight lands
        assert len(calls) == 2  # nothing after it was sent
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in sent)
        assert all(status(app, pid) == "FAILED" for pid in stopped)
        assert "stopped before it was sent" in screen_text(app)


TOKEN = "Access token expired for account #. Reconnect the account in Dash Social settings."


def spy_patches(app, monkeypatch) -> list[tuple[int, dict]]:
    """Every PATCH the app sends (post id, body), recorded on its way to the sandbox."""
    sent: list[tuple[int, dict]] = []
    real = app.session.backend.update_post

    async def update_post(platform, post_id, body):
        sent.append((post_id, dict(body)))
        return await real(platform, post_id, body)

    monkeypatch.setattr(app.session.backend, "update_post", update_post)
    return sent


async def test_retry_leaves_out_posts_a_retry_could_double_or_push_past_approval(
        make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_failed(pilot)
        token = next(g for g in screen.groups.groups if g.cause == TOKEN)
        failed_ids = [i.id for i in token.items]
        # one post of each status a retry must not touch gets the token cause's error
        others = {}
        for wanted in ("USERS_NOTIFIED", "MISSING_APPROVALS", "PARTIALLY_FAILED"):
            row = next(r for g in screen.groups.groups for r in g.items if r.status == wanted)
            others[row.id] = wanted
            await sandbox(app, f"posts/{row.id}", {"auto_publish_error": token.example()})
        await refresh(pilot)
        await to_cause(pilot, screen, TOKEN)
        assert {i.id for i in screen.groups.cursor_group.items} == set(failed_ids) | set(others)
        before = {pid: dict(state(app).posts[pid].data) for pid in others}
        sent = spy_patches(app, monkeypatch)

        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert f"Retry {len(failed_ids)} posts now?" in text
        asked = "\n".join(app.screen.lines)  # what the dialog says, unwrapped
        assert "3 skipped: may already be posted by hand / awaiting approval / already live" \
            in asked and "skipped" in text
        assert "A retry cannot fix these: access token expired: reconnect the account in Dash " \
            "first" in asked
        accounts = {i.platform for i in token.items}
        assert all(f"{'Instagram' if p == 'instagram' else 'Bluesky'} account" in asked
                   for p in accounts)
        assert "Instagram account" in text and "Retry 6 (y)" in text
        assert not any(f"#{pid}" in text for pid in others)
        await pilot.press("y")
        bulk = await finished_bulk(pilot)
        assert sorted(r.post.id for r in bulk.results) == sorted(failed_ids)
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in failed_ids)
        assert {pid for pid, _ in sent} == set(failed_ids)
        assert all(state(app).posts[pid].data == before[pid] for pid in others)
        await pilot.press("enter")
        await settle(pilot)

        # P is the explicit action: it names the risk, Enter alone does not confirm it
        await to_cause(pilot, screen, TOKEN)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        asked = "\n".join(app.screen.lines)
        assert "Publish 2 posts anyway?" in screen_text(app)
        assert "if someone already did, it goes out twice" in asked
        assert "publishing skips the approval" in asked
        await pilot.press("enter")  # the focus is on Cancel
        await settle(pilot)
        assert all(state(app).posts[pid].data == before[pid] for pid in others)
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("y")
        bulk = await finished_bulk(pilot)
        risky = [pid for pid, s in others.items() if s != "PARTIALLY_FAILED"]
        assert sorted(r.post.id for r in bulk.results) == sorted(risky)
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in risky)
        live = next(pid for pid, s in others.items() if s == "PARTIALLY_FAILED")
        assert status(app, live) == "PARTIALLY_FAILED"
        assert live not in {pid for pid, _ in sent}


async def test_retry_of_a_cause_awaiting_approval_sends_nothing(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_failed(pilot)
        cause = next(g.cause for g in screen.groups.groups
                     if {i.status for i in g.items} == {"MISSING_APPROVALS"})
        await to_cause(pilot, screen, cause)
        sent = spy_patches(app, monkeypatch)
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)
        notes = "\n".join(n.message for n in app._notifications)
        assert "Nothing to retry: 3 skipped: awaiting approval · P publishes them anyway" in notes
        assert not sent
        assert all(status(app, i.id) == "MISSING_APPROVALS"
                   for i in screen.groups.cursor_group.items)


async def test_a_bulk_stops_sending_once_dash_is_down_and_queues_the_rest(make_app,
                                                                          monkeypatch):
    from dashtui.ui.screens.bulk import DOWN_AFTER

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_failed(pilot)
        await to_cause(pilot, screen, TOKEN)
        ids = [i.id for i in screen.groups.cursor_group.items]
        assert len(ids) > DOWN_AFTER
        sent = spy_patches(app, monkeypatch)
        app.sandbox_app.state.runtime.faults.replace(
            [Rule(method=["PATCH"], error_rate=1.0, error_status=500)])
        await pilot.press("R", "y")
        bulk = await finished_bulk(pilot)
        assert len(sent) == DOWN_AFTER  # the rest were never sent
        assert all(isinstance(r.outcome, Queued) for r in bulk.results)
        assert [r.post.id for r in bulk.results] == ids
        text = screen_text(app)
        assert "Dash looks down (3 failures in a row): the rest were queued without sending" \
            in text
        assert f"0 of {len(ids)} done; {len(ids)} queued for retry" in text
        assert {pid for _, pid in app.session.pending_keys()} == set(ids)
        assert all(status(app, pid) == "FAILED" for pid in ids)

        app.sandbox_app.state.runtime.faults.replace([])  # Dash is back: the outbox delivers
        await app.session.writer.flush(due_only=False)
        assert all(status(app, pid) == "AUTOPUBLISHING" for pid in ids)
        assert not app.session.pending_keys()
        assert sorted(pid for pid, _ in sent) == sorted(ids + ids[:DOWN_AFTER])


async def test_will_fail_lists_the_next_24_hours_posts_whose_checks_fail_now(make_app,
                                                                            monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_failed(pilot)
        now = app.session.now()
        upcoming = [(pid, s) for pid, s in state(app).posts.items()
                    if s.data.get("brand_id") == BRAND and s.data.get("status") == "SCHEDULED"
                    and now < datetime.fromisoformat(s.data["timestamp"].replace("Z", "+00:00"))
                    < now + timedelta(hours=24)]
        tweet = next(pid for pid, s in upcoming if s.platform == "twitter")
        later = next(pid for pid, s in state(app).posts.items()  # beyond 24 h: not listed
                     if s.platform == "twitter" and s.data.get("brand_id") == BRAND
                     and s.data.get("status") == "SCHEDULED"
                     and datetime.fromisoformat(s.data["timestamp"].replace("Z", "+00:00"))
                     > now + timedelta(days=2))
        for pid in (tweet, later):
            await sandbox(app, f"posts/{pid}", {"tweet_status": "too long " * 60})
        await refresh(pilot)
        await pilot.press("W")
        await settle(pilot)
        listed = {i.id for g in screen.groups.groups for i in g.items}
        assert listed == {tweet}
        cause = screen.groups.cursor_group.cause
        assert cause.startswith("Will fail: Tweet text:")
        text = screen_text(app)
        assert "will fail: 1 scheduled post · next 24 h" in text
        sent = spy_patches(app, monkeypatch)
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen) and not sent
        assert status(app, tweet) == "SCHEDULED"
        await pilot.press("W")
        await settle(pilot)
        assert tweet not in {i.id for g in screen.groups.groups for i in g.items}
        assert "will fail" not in screen_text(app)


async def test_edit_then_retry_does_not_set_publish_now_where_retry_would_not(make_app):
    from dashtui.ui.editor.screen import EditorScreen

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_failed(pilot)
        for wanted, why in (("MISSING_APPROVALS", "awaiting approval"),
                            ("USERS_NOTIFIED", "may already be posted by hand"),
                            ("PARTIALLY_FAILED", "already live")):
            cause = next(g.cause for g in screen.groups.groups
                         if any(i.status == wanted for i in g.items))
            await to_cause(pilot, screen, cause)
            await pilot.press("enter")
            row = next(i for i in screen.groups.cursor_group.items if i.status == wanted)
            assert screen.posts.move_to(row.key)
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, EditorScreen)
            assert app.screen.state.draft.status == wanted
            assert "status" not in app.screen.state.changes()
            assert f"Opened without “publish now”: it is {why}" in \
                "\n".join(n.message for n in app._notifications)
            app.pop_screen()
            await pilot.pause()


def gate(monkeypatch, edits, name: str, hold_id: int):
    """Wrap `edits.<name>` so the call for post `hold_id` waits until released: the test
    presses esc while that post is in flight. Returns (entered, release) events."""
    import asyncio

    entered, release = asyncio.Event(), asyncio.Event()
    real = getattr(edits, name)

    async def gated(posts, *args, **kwargs):
        if posts[0].id == hold_id:
            entered.set()
            await release.wait()
        return await real(posts, *args, **kwargs)

    monkeypatch.setattr(edits, name, gated)
    return entered, release


async def stop_while_in_flight(pilot, entered, release, done_id: int, held_id: int) -> None:
    """Esc while `held_id` is in flight: `done_id` already has its line, `held_id` none."""
    for _ in range(400):
        if entered.is_set():
            break
        await pilot.pause(0.02)
    assert entered.is_set()
    await pilot.pause()
    bulk = pilot.app.screen
    assert isinstance(bulk, BulkScreen)
    lines = str(bulk.query_one("#bulk-text").content).splitlines()  # a line per post landed
    assert len(lines) == 1 and lines[0].startswith("✓") and f"#{done_id}" in lines[0]
    assert f"#{done_id}" in screen_text(pilot.app)
    await pilot.press("escape")
    assert isinstance(pilot.app.screen, BulkScreen) and pilot.app.screen.stopping
    assert not pilot.app.screen.finished  # the post in flight is not cut off
    release.set()


async def test_a_failed_view_bulk_delete_shows_progress_stops_on_esc_and_undoes_at_once(
        make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        follow_sandbox_clock(app)
        screen = await open_failed(pilot)
        ids = await make_failures(app, [ERRORS[0]] * 4)
        await refresh(pilot)
        await to_cause(pilot, screen, UPLOAD)
        ids = [i.id for i in screen.groups.cursor_group.items]
        assert len(ids) >= 4
        platforms = {pid: state(app).posts[pid].platform for pid in ids}
        count, before = len(state(app).posts), set(state(app).posts)
        entered, release = gate(monkeypatch, app.session.edits, "delete", ids[1])
        undo_before = len(app.session.edits.undo_stack)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await stop_while_in_flight(pilot, entered, release, ids[0], ids[1])
        bulk = await finished_bulk(pilot)
        assert [r.post.id for r in bulk.results] == ids
        assert [r.ok for r in bulk.results] == [True, True] + [False] * (len(ids) - 2)
        # the sandbox: the two sent are gone, the rest still there and still failed
        assert ids[0] not in state(app).posts and ids[1] not in state(app).posts
        assert all(status(app, pid) == "FAILED" for pid in ids[2:])
        assert len(state(app).posts) == count - 2
        assert len(app.session.edits.undo_stack) == undo_before + 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")  # one undo brings both back
        await settle(pilot)
        assert len(app.session.edits.undo_stack) == undo_before
        assert "Undid delete: 2 of 2 post(s)" in screen_text(app)  # its results screen
        assert len(state(app).posts) == count
        back = sorted(p.platform for pid, p in state(app).posts.items() if pid not in before)
        assert back == sorted(platforms[pid] for pid in ids[:2])
