"""The approvals view (5) over the demo sandbox: what needs approval and what can't get it in
time, asking reviewers in bulk (progress, one undo step) and from the editor, what approve
says, a post whose approval never came reaching its time, and services without approvals."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashtui.domain.approvals import NO_APPROVE_API
from dashtui.ui.screens.approvals import ApprovalsScreen
from dashtui.ui.screens.modals import ConfirmScreen
from dashtui.ui.screens.reviewers import ReviewerPrompt

from .conftest import NOW, messages, screen_text, settle
from .test_failed import finished_bulk, follow_sandbox_clock, sandbox

BRAND = 144
RESPONSE_ITEM = {"id", "post_id", "brand_id", "created_at", "updated_at", "deleted_at",
                 "requested_by_user_id", "review_user_id"}


def _held(app, post_id: int) -> dict:
    return app.sandbox_app.state.sandbox.posts[post_id].data


def _waiting_on_server(app) -> set[int]:
    """What the sandbox itself says needs approval in the view's window (read directly)."""
    start, end = NOW - timedelta(days=7), NOW + timedelta(days=30)
    out = set()
    for pid, stored in app.sandbox_app.state.sandbox.posts.items():
        d = stored.data
        ts = datetime.fromisoformat(d["timestamp"]) if d.get("timestamp") else None
        if d.get("brand_id") == BRAND and d.get("approval_policy") == "APPROVAL_REQUIRED" \
                and d.get("approval_status") != "APPROVED" \
                and d["status"] in ("DRAFT", "SCHEDULED", "MISSING_APPROVALS") \
                and (ts is None or start <= ts < end):
            out.add(pid)
    return out


def _soon_id(app) -> int:
    """The demo's Instagram reel 35 minutes from now, approval pending."""
    return next(pid for pid, s in app.sandbox_app.state.sandbox.posts.items()
                if s.data.get("brand_id") == BRAND and s.data["status"] == "SCHEDULED"
                and s.data.get("approval_policy") == "APPROVAL_REQUIRED"
                and s.data.get("timestamp") and datetime.fromisoformat(s.data["timestamp"])
                == NOW + timedelta(minutes=35))


async def _open(pilot) -> ApprovalsScreen:
    await settle(pilot)
    await pilot.press("6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ApprovalsScreen)
    return pilot.app.screen


def _detail(screen) -> str:
    """The pane under the list (read from the widget: a toast may cover it on screen)."""
    return str(screen.query_one("#approval-detail").content)


async def _to(pilot, screen: ApprovalsScreen, post_id: int) -> None:
    await pilot.press("g")
    while screen.table.cursor_row.id != post_id:
        before = screen.table.cursor_index
        await pilot.press("j")
        assert screen.table.cursor_index != before, f"#{post_id} is not listed"


async def test_the_view_lists_what_needs_approval_and_flags_the_late(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _open(pilot)
        listed = {r.id for r in screen.table.visible_rows}
        assert listed == _waiting_on_server(app) and len(listed) >= 4
        soon = _soon_id(app)
        await _to(pilot, screen, soon)
        text = screen_text(app)
        line = next(l for l in text.splitlines() if "Sun 22 Nov 09:35" in l)
        assert "⚠35m" in line and "SCHEDULED" in line
        assert "⚠ 35 min left, under the 1 h approvers need: will go MISSING_APPROVALS" \
            in _detail(screen)
        status = str(screen.query_one("#status").content)
        assert status.startswith(f"{len(listed)} need approval · ⚠ ")
        assert "late for a 1 h lead (l)" in status
        # a post a day away is in time; a longer lead (l) flags it too
        late_before = sum(i.late for i in screen.items.values())
        for _ in range(4):  # 1 h -> 2 h -> 4 h -> 1 d -> 2 d
            await pilot.press("l")
        assert sum(i.late for i in screen.items.values()) > late_before
        await pilot.press("a")
        await pilot.pause()
        assert NO_APPROVE_API in messages(app)


async def test_bulk_request_lands_the_documented_fields_and_undoes_in_one_step(make_app):
    app = make_app(user_id=77315, user_names={"42": "Ana Lima"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        targets = [r.id for r in screen.table.visible_rows
                   if r.status == "SCHEDULED"][:3]
        before = {pid: [dict(r) for r in _held(app, pid)["approval_requests"]]
                  for pid in targets}
        for pid in targets:
            await _to(pilot, screen, pid)
            await pilot.press("space")
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ReviewerPrompt)
        await pilot.press(*"ana 7")
        await pilot.pause()
        assert "will ask Ana Lima (42), 7; requested by 77315" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ask Ana Lima (42), 7 to approve 3 posts?" in screen_text(app)
        await pilot.press("y")
        bulk = await finished_bulk(pilot)
        assert "3 of 3 done" in screen_text(app)
        assert sorted(r.post.id for r in bulk.results) == sorted(targets)
        for pid in targets:
            held = _held(app, pid)
            assert held["approval_policy"] == "APPROVAL_REQUIRED"
            items = held["approval_requests"]
            assert items[:len(before[pid])] == before[pid]  # those asked before, untouched
            new = items[len(before[pid]):]
            assert [(r["requested_by_user_id"], r["review_user_id"]) for r in new] == \
                [(77315, 42), (77315, 7)]
            assert all(set(r) == RESPONSE_ITEM and r["post_id"] == pid for r in new)
        await pilot.press("enter")
        await settle(pilot)
        for pid in targets:  # the view shows whom each now waits for
            item = next(i for key, i in screen.items.items() if key[1] == pid)
            assert item.reviewers[-2:] == (42, 7)
        await pilot.press("u")
        await settle(pilot)
        for pid in targets:  # one u takes every request back
            pairs = [(r["requested_by_user_id"], r["review_user_id"])
                     for r in _held(app, pid)["approval_requests"]]
            assert pairs == [(r["requested_by_user_id"], r["review_user_id"])
                             for r in before[pid]]
        assert app.session.outbox.count() == 0


async def test_the_prompt_wants_a_requester_and_readable_ids(make_app):
    app = make_app()  # no user_id in the config
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await _to(pilot, screen, _soon_id(app))
        await pilot.press("A")
        await pilot.pause()
        await pilot.press(*"12 x")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewerPrompt)  # nothing sent
        assert "✗ 'x' is not a user id" in screen_text(app)
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewerPrompt)
        assert "✗ requested by: one user id (yours)" in screen_text(app)
        app.screen.query_one("#requested-by").value = "5"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewerPrompt)
        pairs = [(r["requested_by_user_id"], r["review_user_id"])
                 for r in _held(app, _soon_id(app))["approval_requests"]]
        assert pairs[-1] == (5, 12)


async def test_the_editor_asks_reviewers_by_id(make_app):
    app = make_app(user_id=10)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        soon = _soon_id(app)
        asked = [r["review_user_id"] for r in _held(app, soon)["approval_requests"]]
        await _to(pilot, screen, soon)
        await pilot.press("e")
        await settle(pilot)
        box = app.screen.query_one("#reviewers")
        assert box.value == " ".join(map(str, asked))
        box.focus()
        await pilot.press("end", *" 99 zz")
        await pilot.pause()
        assert "✗ Reviewers: 'zz' is not a user id" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        pairs = [(r["requested_by_user_id"], r["review_user_id"])
                 for r in _held(app, soon)["approval_requests"]]
        assert pairs[-1] == (10, 99) and [p[1] for p in pairs] == asked + [99]


async def test_no_approval_by_its_time_goes_missing_and_shows_as_failed(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        soon = _soon_id(app)
        await sandbox(app, "clock", {"advance": 40 * 60})  # past its time, never approved
        follow_sandbox_clock(app)
        assert _held(app, soon)["status"] == "MISSING_APPROVALS"
        await pilot.press("r")
        await settle(pilot)
        await _to(pilot, screen, soon)
        assert "⚠ went MISSING_APPROVALS at its time" in _detail(screen)
        await pilot.press("3")
        await settle(pilot)
        failed = app.screen
        keys = {(r.platform, r.id) for g in failed.groups.groups for r in g.items}
        assert ("instagram", soon) in keys


async def test_a_service_without_approvals_says_so(make_app, tmp_path):
    from dashtui.config import Config
    from dashtui.ui.launch import build_demo_app

    from .conftest import ZONE

    app = build_demo_app(Config(timezone=ZONE), tmp_path / "gv", now=NOW, kind="genviral")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "Approvals are not available for Genviral" in screen_text(app)
        await pilot.press("A")
        await pilot.pause()
        assert "Approvals are not available for Genviral" in messages(app)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewerPrompt)


async def test_a_posted_post_is_not_asked_about(make_app):
    app = make_app(user_id=10)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.table
        while table.cursor_row.status != "POSTED":
            before = table.cursor_index
            await pilot.press("j")
            assert table.cursor_index != before, "no posted post in the month"
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewerPrompt)
        assert "Can't ask for approval: this post is POSTED" in messages(app)
