"""The whole app over a second backend (tests/fake_backend.py: in memory, no HTTP, no
sandbox): calendar, list, an editor save and the failed view work through the Backend
protocol alone."""

from __future__ import annotations

from dashtui.config import Config
from dashtui.ui.launch import build_app
from dashtui.ui.screens.calendar import CalendarScreen
from dashtui.ui.editor.screen import EditorScreen, open_editor
from dashtui.ui.screens.failed import FailedScreen
from dashtui.ui.screens.posts import PostsScreen
from dashtui.ui.widgets.post_table import PostTable

from ..fake_backend import KEY, seeded
from .conftest import NOW, ZONE, messages, screen_text, settle
from .test_editor import save


def fake_app(tmp_path):
    fake = seeded(NOW)
    app = build_app(Config(timezone=ZONE), client=fake, cache_dir=tmp_path,
                    clock=lambda: NOW)
    return app, fake


async def test_calendar_list_editor_and_failed_view_over_a_fake_backend(tmp_path):
    app, fake = fake_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        # the calendar: the fake's brand and its posts, read through the protocol
        assert isinstance(app.screen, CalendarScreen)
        text = screen_text(app)
        assert "Fake Bakery" in text and "November 2026" in text
        assert app.session.cache.count(1) == len(fake.posts)
        assert "whoami" in fake.calls and "list_posts" in fake.calls

        # the list: every post of the window, the failed one among them
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PostsScreen)
        table = app.screen.query_one(PostTable)
        assert table.row_count == len(fake.posts)

        # an editor save lands on the fake "server", with the fake's own conflict version
        target = next(pid for (plat, pid), d in fake.posts.items()
                      if plat == "twitter" and d["status"] == "SCHEDULED"
                      and d["timestamp"] > NOW.isoformat())
        post = await app.session.backend.get_post("twitter", target)
        screen = open_editor(app, post)
        await settle(pilot)
        assert app.screen is screen
        await pilot.press(*" (v2)")  # the cursor starts at the end of the caption
        await settle(pilot)
        await save(pilot)
        assert not isinstance(app.screen, EditorScreen), messages(app)
        assert "Saved" in messages(app)
        assert fake.posts[("twitter", target)]["tweet_status"].endswith(" (v2)")
        assert "update_post" in fake.calls and app.session.outbox.count() == 0
        assert app.session.cache.get("twitter", target).caption.endswith(" (v2)")

        # the failed view gathers the fake's failed post by its cause
        await pilot.press("escape")
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FailedScreen)
        causes = {g.cause: g.count for g in app.screen.groups.groups}
        assert causes == {"The fake network refused the post.": 1}
        assert "The fake network refused the post." in screen_text(app)
    assert fake.closed  # the app closed its backend on the way out


async def test_a_create_over_the_fake_backend_carries_its_idempotency_key(tmp_path):
    """The writer asks the backend to mark a create; a lost answer is then found by the
    backend's own key, not Dash's post_group_id, and is not sent twice."""
    app, fake = fake_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        writer = app.session.writer
        outcome = await writer.create("twitter", 1, {
            "status": "DRAFT", "tweet_status": "New loaf", "timestamp": NOW.isoformat()})
        created = outcome.post
        assert created is not None and fake.posts[("twitter", created.id)][KEY]
        assert "post_group_id" not in fake.posts[("twitter", created.id)]
        # the same write again, as after an answer lost on the way back
        write = outcome.write
        before = len(fake.posts)
        again = app.session.outbox.add(brand_id=1, platform="twitter", kind=write.kind,
                                       body=write.body)
        app.session.outbox.claim(again)  # a send that began and never answered
        app.session.outbox.failed_attempt(again, "no answer", 0)
        found = await writer.send(app.session.outbox.get(again.id))
        assert found.post is not None and found.post.id == created.id
        assert len(fake.posts) == before and "find_lost_create" in fake.calls


async def test_boards_are_asked_once_a_run_and_a_missing_media_is_asked_again(tmp_path):
    """Widgets reach the backend through the session, which keeps the pickers' data."""
    from dashtui.errors import NotFoundError

    app, fake = fake_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        session = app.session
        first = await session.boards(1)
        again = await session.boards(1)
        assert [b.name for b in first] == [b.name for b in again] == ["Recipes"]
        assert fake.calls.count("list_boards") == 1
        await session.boards(1, fresh=True)  # asked for: the backend again
        assert fake.calls.count("list_boards") == 2
        for _ in range(2):  # an error is not remembered: the next look asks again
            try:
                await session.media(1, 99)
            except NotFoundError:
                pass
        assert fake.calls.count("get_media") == 2
