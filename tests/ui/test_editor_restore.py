"""The restore offer asks the outbox and Dash before calling an edit "not saved": a kill in
the middle of a save leaves a buffer whose change is already queued, or already on Dash."""

from __future__ import annotations

from dashtui.domain.platforms import Platform
from dashtui.domain.posts import changed_fields, post_body
from dashtui.store.outbox import CREATE, UPDATE
from dashtui.ui.editor.screen import open_editor
from dashtui.ui.editor.state import pending_buffers
from dashtui.ui.editor.dialogs import RestoreOffer

from .conftest import screen_text, settle
from .test_editor import POSTS, open_post, stored

EDITED = " (kept)"


async def _leave_a_buffer(app, pilot, platform):
    """Type into a post's editor and leave its buffer on disk, as a kill would."""
    screen = await open_post(app, pilot, platform)
    await pilot.press(*EDITED)
    await settle(pilot)
    screen.finished = True  # the process dies here: nothing after this reaches the disk
    assert pending_buffers(app.session)
    return screen.state


async def _offer(app, pilot) -> str:
    await settle(pilot)
    assert isinstance(app.screen, RestoreOffer), screen_text(app)
    return screen_text(app)


async def test_an_edit_already_on_dash_is_offered_as_such(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        state = await _leave_a_buffer(first, pilot, "twitter")
    second = make_app()  # a fresh demo sandbox: the save reaches this one
    # the save reached Dash; its answer (and the buffer's removal) did not come back
    await second.session.backend.update_post("twitter", POSTS["twitter"],
                                            changed_fields(state.original, state.draft))
    async with second.run_test(size=(80, 24)) as pilot:
        text = await _offer(second, pilot)
        assert "Edit already on Dash" in text and "Dash already has this change" in text
        assert "not saved" not in text
        await pilot.press("enter")  # the focus is on dropping the copy
        await settle(pilot)
        assert not pending_buffers(second.session)
        assert stored(second, POSTS["twitter"])["tweet_status"].endswith(EDITED)


async def test_an_edit_already_in_the_outbox_is_offered_as_queued(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        state = await _leave_a_buffer(first, pilot, "threads")
        first.session.outbox.add(brand_id=144, platform="threads", kind=UPDATE,
                                 post_id=POSTS["threads"],
                                 body=changed_fields(state.original, state.draft))
        first.session.outbox.db.execute("PRAGMA wal_checkpoint")
    second = make_app()
    second.flush_outbox = lambda: None  # keep it queued while we look
    async with second.run_test(size=(80, 24)) as pilot:
        text = await _offer(second, pilot)
        assert "Edit already queued" in text and "already queued" in text


async def test_an_edit_neither_queued_nor_on_dash_is_not_saved(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await _leave_a_buffer(first, pilot, "linkedin")
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        text = await _offer(second, pilot)
        assert "Unsaved edit found" in text and "it was not saved" in text


async def test_a_new_post_already_in_the_outbox_is_offered_as_queued(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = open_editor(first, platform=Platform.BLUESKY)
        await settle(pilot)
        await pilot.press(*"a brand new post")
        await settle(pilot)
        screen.finished = True  # killed after the outbox took the create, before the answer
        first.session.outbox.add(brand_id=144, platform="bluesky", kind=CREATE,
                                 body=post_body(screen.state.draft))
        first.session.outbox.db.execute("PRAGMA wal_checkpoint")
    second = make_app()
    second.flush_outbox = lambda: None
    async with second.run_test(size=(80, 24)) as pilot:
        text = await _offer(second, pilot)
        assert "Edit already queued" in text and "new post is already queued" in text
