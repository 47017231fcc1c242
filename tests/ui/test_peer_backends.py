"""Genviral and Infinipost drive the same app as Dash: `dashtui --demo --backend NAME` opens
on a calendar with posts; the list, an editor save and its undo, the failed view grouped by
cause and a bulk retry work on each, judged by what each sandbox ends up holding."""

from __future__ import annotations

import pytest

from dashtui.config import Config
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.launch import build_demo_app
from dashtui.ui.screens.bulk import BulkScreen
from dashtui.ui.screens.calendar import CalendarScreen
from dashtui.ui.screens.failed import FailedScreen
from dashtui.ui.screens.posts import PostsScreen
from dashtui.ui.widgets.post_table import PostTable

from .conftest import NOW, ZONE, messages, screen_text, settle
from .test_editor import save

KINDS = ["genviral", "infinipost"]
# a scheduled post each sandbox lets the editor change (native status, platform)
EDITABLE = {"genviral": ("scheduled", "tiktok"), "infinipost": ("generated", "tiktok")}


def peer_app(tmp_path, kind: str):
    app = build_demo_app(Config(timezone=ZONE), tmp_path, now=NOW, kind=kind)
    return app, app.sandbox_app.state.runtime.state


def editable(kind: str, state) -> dict:
    status, platform = EDITABLE[kind]
    for post in state.posts.values():
        if post.get("status") != status:
            continue
        if kind == "genviral":
            ids = post["accounts"]
            if len(ids) == 1 and state.accounts[ids[0]]["platform"] == platform:
                return post
        elif post.get("platform") == platform and post.get("scheduledTime", "") > \
                NOW.isoformat():
            return post
    raise AssertionError(f"no editable {platform} post in the {kind} demo")


def post_id(kind: str, post: dict) -> str:
    return post["id"] if kind == "genviral" else post["postId"]


async def wait_bulk(pilot) -> None:
    for _ in range(400):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, BulkScreen) and pilot.app.screen.finished:
            return
    raise AssertionError("the bulk action did not finish")


@pytest.mark.parametrize("kind", KINDS)
async def test_calendar_list_editor_and_undo(tmp_path, kind):
    app, state = peer_app(tmp_path, kind)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        text = screen_text(app)
        label = kind.capitalize()
        assert label in text and "November 2026" in text and "\x1b" not in text
        assert app.session.cache.count(1) > 5

        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PostsScreen)
        assert app.screen.query_one(PostTable).row_count > 5

        target = editable(kind, state)
        pid = post_id(kind, target)
        before = target["caption"]
        post = await app.session.backend.get_post("tiktok", pid)
        screen = open_editor(app, post)
        await settle(pilot)
        assert app.screen is screen and not screen.locked
        text = screen_text(app)
        assert "Auto-publish" not in text and "library media" not in text  # Dash's rows
        await pilot.press(*" (v2)")
        await settle(pilot)
        await save(pilot)
        assert not isinstance(app.screen, EditorScreen), messages(app)
        assert state.posts[pid]["caption"] == before + " (v2)"
        if kind == "infinipost":  # a caption-only edit keeps the sound on the server
            assert state.posts[pid].get("soundId") == target.get("soundId")
        assert app.session.outbox.count() == 0

        await pilot.press("u")
        await settle(pilot)
        assert state.posts[pid]["caption"] == before, messages(app)


@pytest.mark.parametrize("kind", KINDS)
async def test_failed_view_groups_causes_and_retries_the_services_way(tmp_path, kind):
    app, state = peer_app(tmp_path, kind)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FailedScreen)
        groups = app.screen.groups.groups
        assert len(groups) >= 5  # the demo fails for at least five causes
        failed_before = {k for k, p in state.posts.items() if p.get("status") == "failed"}
        count_before = len(state.posts)

        await pilot.press("R")
        await pilot.pause()  # not settle: the retry's worker waits for this question
        await pilot.pause()
        text = screen_text(app)
        assert app.session.backend.capabilities.retry_hint.split(":")[0][:30] in \
            " ".join(text.split())
        await pilot.press("y")
        await wait_bulk(pilot)
        report = screen_text(app)
        assert "done" in report and all(r.ok for r in app.screen.results), report
        await pilot.press("enter")
        await settle(pilot)

        if kind == "genviral":
            # Genviral retried them itself: they left "failed", no post was added
            for item in groups[0].items:
                assert state.posts[item.id]["status"] != "failed"
            assert len(state.posts) == count_before
        else:
            # Infinipost can't retry or edit a failed post: a new copy, the failed kept
            assert len(state.posts) == count_before + len(groups[0].items)
            assert failed_before <= {k for k, p in state.posts.items()
                                     if p.get("status") == "failed"}
            copies = [p for k, p in state.posts.items() if k not in failed_before
                      and p["caption"] == state.posts[groups[0].items[0].id]["caption"]
                      and p.get("status") != "failed"]
            assert copies, "no copy was scheduled"


async def test_a_post_failed_on_two_accounts_shows_in_each_cause(tmp_path):
    """Genviral: per-account failures are grouped by cause, account by account."""
    app, state = peer_app(tmp_path, "genviral")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        by_post: dict[str, set[str]] = {}
        for group in app.screen.groups.groups:
            for item in group.items:
                by_post.setdefault(item.id, set()).add(group.cause)
        several = [pid for pid, causes in by_post.items() if len(causes) > 1]
        assert several, "no post failed on two accounts for two causes in the demo"
        row = next(i for g in app.screen.groups.groups for i in g.items
                   if i.id == several[0])
        post = app.session.cache.get(row.platform, row.id)
        errors = [t["error"] for t in post.get("targets") if t.get("error")]
        assert len(set(errors)) >= 2  # two accounts, two causes: in both groups


async def test_b_lists_every_accounts_brands_and_picking_one_opens_that_account(tmp_path):
    """The demo holds one account per service; `b` offers the others' workspaces, and
    picking one ends this app for the launcher to open that account's."""
    from dashtui.accounts import other_brands

    app = build_demo_app(Config(timezone=ZONE), tmp_path, now=NOW)
    app.other_accounts = lambda: other_brands(app.session.config, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        text = screen_text(app)
        assert "Genviral demo · not opened yet" in text
        assert "Infinipost demo · not opened yet" in text
        await pilot.press(*"genviral", "enter")  # type-ahead: Genviral's line
        await pilot.pause()
    assert app.switch_to is not None and app.switch_to.account == "Genviral demo"
    assert app.switch_to.backend == "genviral"


async def test_infinipost_zone_change_keeps_the_instant_and_says_the_wall_time(tmp_path):
    """The editor offers Infinipost's zones; a new zone is sent with the wall time there,
    and the server holds the same moment (its times come back in UTC)."""
    from textual.widgets import Select

    app, state = peer_app(tmp_path, "infinipost")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        target = editable("infinipost", state)
        pid = post_id("infinipost", target)
        post = await app.session.backend.get_post("tiktok", pid)
        moment = post.timestamp
        open_editor(app, post)
        await settle(pilot)
        zone = app.screen.query_one("#svc-timezone", Select)
        assert "Asia/Tokyo" in [value for _, value in zone._options]
        zone.value = "Asia/Tokyo"
        await settle(pilot)
        assert "post " in screen_text(app) and "JST" in screen_text(app)
        await save(pilot)
        assert not isinstance(app.screen, EditorScreen), messages(app)
        assert state.posts[pid]["timezone"] == "Asia/Tokyo"
        held = await app.session.backend.get_post("tiktok", pid)
        assert held.timestamp == moment
