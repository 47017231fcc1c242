"""The pending writes (mode 4) and a damaged outbox, over the demo sandbox."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from dashtui.domain.posts import new_post, post_body
from dashtui.backends.dash.sandbox.faults import Rule
from dashtui.store.outbox import DECIDE, Outbox
from dashtui.ui.screens.conflict import ConflictScreen
from dashtui.ui.screens.modals import ConfirmScreen
from dashtui.ui.screens.pending import PendingScreen
from tests.store.test_outbox import DAMAGE

from .conftest import messages, screen_text, settle

BRAND = 144


def state(app):
    return app.sandbox_app.state.sandbox


def _captions(app, platform: str, prefix: str) -> list[str]:
    out = []
    for p in state(app).posts.values():
        text = p.data.get("message") or p.data.get("tweet_status") or ""
        if p.platform == platform and text.startswith(prefix):
            out.append(text)
    return out


def _queue_creates(path, n: int) -> list[str]:
    """`n` Facebook drafts queued in the outbox at `path` (long, so they span many pages)."""
    outbox = Outbox(path)
    captions = []
    for i in range(n):
        text = f"recovered {i:02d} " + "words " * 250
        outbox.add(brand_id=BRAND, platform="facebook", kind="create", body={
            **post_body(new_post("facebook", status="DRAFT", post_type="POST", message=text)),
            "brand_id": BRAND, "post_group_id": str(uuid.uuid4())})
        captions.append(text)
    outbox.close()
    return captions


@pytest.mark.parametrize("how", DAMAGE)
async def test_a_damaged_outbox_is_named_and_what_it_held_is_delivered(make_app, tmp_path,
                                                                       how):
    captions = _queue_creates(tmp_path / "outbox.sqlite3", 30)
    DAMAGE[how](tmp_path / "outbox.sqlite3")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        [aside] = [p for p in tmp_path.iterdir() if p.name.startswith("outbox.sqlite3.broken-")
                   and not p.name.endswith(("-wal", "-shm"))]
        assert str(aside) in messages(app)
        delivered = _captions(app, "facebook", "recovered ")
        assert set(delivered) <= set(captions) and len(set(delivered)) == len(delivered)
        if how == "garbage":
            assert delivered == [] and "nothing could be read" in messages(app)
        else:  # every write it could read reached Dash, once each
            import re

            recovered = int(re.search(r"(\d+) queued write\(s\)", messages(app)).group(1))
            assert 0 < recovered == len(delivered)
        assert app.session.outbox.count() == 0
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, PendingScreen)
        assert "moved aside" in screen_text(app)  # and it stays said, at the top


async def _queue_conflict(app) -> tuple[int, str]:
    """An edit queued from an old version of a demo post: a colleague changed it since."""
    post = next(p for p in state(app).posts.values()
                if p.platform == "facebook" and p.data.get("brand_id") == BRAND
                and p.data.get("status") == "SCHEDULED")
    theirs = post.data["message"]
    app.session.outbox.add(brand_id=BRAND, platform="facebook", kind="update",
                           post_id=post.data["id"], body={"message": "my queued words"},
                           base_updated_at="2020-01-01T00:00:00+00:00",
                           base={**post.data, "message": "the words I started from"})
    return post.data["id"], theirs


async def test_a_conflict_found_by_the_flush_is_shown_and_decided(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post_id, theirs = await _queue_conflict(app)
        app.flush_outbox()
        await settle(pilot)
        assert "need your decision" in messages(app)
        assert "1 to decide" in screen_text(app)
        [write] = app.session.outbox.pending()
        assert write.state == DECIDE
        await pilot.press("4")
        await settle(pilot)
        assert "needs a decision" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert "my queued words" in screen_text(app)
        await pilot.press("m")  # keep mine
        await settle(pilot)
        assert app.session.outbox.count() == 0
        assert state(app).posts[post_id].data["message"] == "my queued words"
        assert "to decide" not in screen_text(app)


async def test_take_theirs_from_the_pending_view_leaves_dash_as_it_is(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post_id, theirs = await _queue_conflict(app)
        app.flush_outbox()
        await settle(pilot)
        await pilot.press("4", "enter")
        await pilot.pause()
        await pilot.press("t")
        await settle(pilot)
        assert app.session.outbox.count() == 0
        assert state(app).posts[post_id].data["message"] == theirs


async def test_drop_asks_first_and_resend_delivers(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        runtime = app.sandbox_app.state.runtime
        runtime.faults.replace([Rule(path=["/scheduler/facebook"], method=["POST"],
                                     error_rate=1.0)])
        # a draft with a time: after the 503 the resend can look for it under either
        # profile (strict Dash lists no undated drafts, so those wait for a decision)
        when = (app.session.now() + timedelta(days=2)).isoformat()
        outcome = await app.session.writer.create("facebook", BRAND, post_body(new_post(
            "facebook", status="DRAFT", post_type="POST", timestamp=when,
            message="queued while Dash was down")))
        assert app.session.outbox.count() == 1, outcome
        await pilot.press("4")
        await settle(pilot)
        text = screen_text(app)
        assert "waiting" in text and "new Facebook" in text and "503" in text
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.session.outbox.count() == 1  # nothing dropped without a yes
        runtime.faults.replace([])
        await pilot.press("s")
        await settle(pilot)
        assert app.session.outbox.count() == 0
        assert _captions(app, "facebook", "queued while Dash was down")
        assert "Nothing queued" in screen_text(app)


async def test_drop_with_yes_throws_the_write_away(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.sandbox_app.state.runtime.faults.replace([Rule(path=["/scheduler/facebook"],
                                                           error_rate=1.0)])
        await app.session.writer.create("facebook", BRAND, post_body(new_post(
            "facebook", status="DRAFT", post_type="POST", message="not wanted")))
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.session.outbox.count() == 0
        assert not _captions(app, "facebook", "not wanted")


async def test_a_change_on_dash_during_a_save_is_shown_after_it_and_undoable(make_app):
    from dashtui.backends.dash.sandbox.posts import bump
    from dashtui.ui.screens.conflict import RacedScreen
    from dashtui.ui.editor.screen import EditorScreen, open_editor

    from .test_editor import save

    x_post = 811813
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        post = await app.session.backend.get_post("twitter", x_post)
        original = state(app).posts[x_post].data["tweet_status"]
        real = app.session.backend.update_post

        async def colleague_first(platform, post_id, changes):
            data = state(app).posts[post_id].data
            data["auto_publish"] = not data["auto_publish"]
            data["updated_at"] = bump(data["updated_at"], state(app).now())
            return await real(platform, post_id, changes)

        app.session.backend.update_post = colleague_first
        open_editor(app, post)
        await settle(pilot)
        await pilot.press("end", *" Last call!")
        await save(pilot)
        app.session.backend.update_post = real
        await settle(pilot)
        assert isinstance(app.screen, RacedScreen)
        assert "Auto-publish" in screen_text(app) and "Undo my change" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert not isinstance(app.screen, (RacedScreen, EditorScreen))
        data = state(app).posts[x_post].data
        assert data["tweet_status"] == original
        assert data["auto_publish"] is not post.auto_publish  # the colleague's change stays


async def test_a_write_another_run_is_sending_is_shown_and_left_alone(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.sandbox_app.state.runtime.faults.replace([Rule(path=["/scheduler/facebook"],
                                                           method=["POST"], error_next=1)])
        await app.session.writer.create("facebook", BRAND, post_body(new_post(
            "facebook", status="DRAFT", post_type="POST", message="in another run's hands")))
        other = Outbox(app.session.outbox.path)  # a second dashtui on the same file
        assert other.claim(other.pending()[0])
        app.flush_outbox()
        await settle(pilot)
        assert app.session.outbox.count() == 1
        assert not _captions(app, "facebook", "in another run's hands")
        await pilot.press("4")
        await settle(pilot)
        assert "sending" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert "being sent right now" in messages(app)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.session.outbox.count() == 1  # not dropped under the other run's feet
        assert not _captions(app, "facebook", "in another run's hands")


async def test_the_apps_flush_leaves_a_slow_create_alone(make_app):
    """The 20-second flush fires while a create waits for its (slow) answer: one post."""
    import asyncio

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.sandbox_app.state.runtime.faults.replace([Rule(
            path=["/scheduler/facebook"], method=["POST"], hang_next=1, hang_seconds=1.0,
            after=True)])
        saving = asyncio.ensure_future(app.session.edits.create(new_post(
            "facebook", status="DRAFT", post_type="POST", message="slow answer"), BRAND))
        while not _captions(app, "facebook", "slow answer"):  # Dash has it; no answer yet
            await asyncio.sleep(0.01)
        assert app.session.outbox.pending()[0].state == "sending"
        app.flush_outbox()
        await app.workers.wait_for_complete()
        assert not saving.done()
        outcome = await saving
        await settle(pilot)
        assert outcome.post is not None and outcome.post.caption == "slow answer"
        assert len(_captions(app, "facebook", "slow answer")) == 1
        assert app.session.outbox.count() == 0


async def test_a_change_refused_in_the_background_opens_in_the_editor_to_fix(make_app):
    from dashtui.ui.editor.screen import EditorScreen

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        row = next(r for r in app.session.cache.rows([BRAND])
                   if r.platform == "twitter" and r.status == "SCHEDULED")
        app.session.outbox.add(brand_id=BRAND, platform="twitter", kind="update",
                               post_id=row.id,
                               body={"timestamp": "2020-01-01T09:00:00Z"},  # in the past
                               base_updated_at=row.updated_at)
        app.flush_outbox()
        await settle(pilot)
        [write] = app.session.outbox.pending()
        assert write.state == DECIDE and write.decision["why"] == "refused"
        assert "need your decision" in messages(app)
        await pilot.press("4")
        await settle(pilot)
        assert "refused" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.state.draft.timestamp.year == 2020  # the queued change, to fix
        assert app.session.outbox.count() == 0  # the editor (and its buffer) holds it now
        assert any(b[1]["key"] == app.screen.state.key for b in app.session.outbox.buffers())
