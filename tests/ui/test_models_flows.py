"""Issue 8 by keys over the demo: a FAILED post deleted from the failed view comes back with
`u`; a post with an odd value is listed with a warning; the on-call pane checks with the X
Premium setting; a new Snapchat post starts as a draft."""

from __future__ import annotations

from datetime import timedelta

from dashtui.ui.screens.detail import DetailScreen
from dashtui.ui.editor.screen import open_editor
from dashtui.ui.widgets.post_table import PostTable

from .conftest import NOW, messages, screen_text, settle
from .test_failed import finished_bulk, open_failed, sandbox, state, to_cause

BRAND = 144


def _brand_posts(app, platform: str, status: str | None = None) -> list[int]:
    return sorted(pid for pid, s in state(app).posts.items()
                  if s.platform == platform and s.data.get("brand_id") == BRAND
                  and (status is None or s.data.get("status") == status))


async def test_a_failed_post_deleted_from_the_failed_view_comes_back_with_u(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_failed(pilot)
        group = screen.groups.cursor_group
        await pilot.press("enter")  # into the cause's posts
        await pilot.pause()
        row = screen.posts.cursor_row
        gone = dict(state(app).posts[row.id].data)
        assert gone["status"] == "FAILED"
        before = set(state(app).posts)
        await pilot.press("x", "y")
        bulk = await finished_bulk(pilot)
        assert [r.ok for r in bulk.results] == [True], [r.line() for r in bulk.results]
        await pilot.press("enter")
        await settle(pilot)
        assert row.id not in state(app).posts
        await pilot.press("u")
        await settle(pilot)
        made = set(state(app).posts) - before
        assert len(made) == 1, messages(app)
        back = state(app).posts[made.pop()].data
        caption = "tweet_status" if row.platform == "twitter" else None
        for key in ("media_ids", "timestamp", "post_group_id", "brand_id",
                    *(k for k in (caption,) if k)):
            assert back[key] == gone[key], key
        assert back["status"] == "DRAFT"  # a failed post never publishes itself on an undo
        assert "Undid delete: 1 of 1" in messages(app)
        assert "came back as draft" in messages(app)
        assert group is not None


async def test_a_post_dash_sent_an_odd_value_for_is_listed_with_a_warning(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PostTable)
        count = table.total_count
        victim = next(r for r in table.visible_rows if r.platform == "instagram")
        await sandbox(app, f"posts/{victim.id}", {"location_id": 1234567})
        await pilot.press("r")
        await settle(pilot)
        assert table.total_count == count  # the rest of Instagram's page is all there
        row = next(r for r in table.visible_rows if r.id == victim.id)
        assert row.odd == 1
        assert sum(r.odd for r in table.visible_rows) == 1
        table.focus()
        while table.cursor_row.key != row.key:
            await pilot.press("j")
        line = next(ln for ln in screen_text(app).splitlines() if "⚠?" in ln)
        assert str(row.id) in line  # the wide list shows the id beside the mark
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = " ".join(screen_text(app).split())
        assert "Location id: Dash sent 1234567, which dashtui can't read" in text


async def _failed_long_tweet(app, pilot, premium_text: str) -> str:
    pid = _brand_posts(app, "twitter", "SCHEDULED")[0]
    await sandbox(app, f"posts/{pid}", {
        "status": "FAILED", "auto_publish_error": "Sandbox: premium check failure.",
        "tweet_status": premium_text,
        "timestamp": (NOW - timedelta(hours=2)).isoformat()})
    screen = await open_failed(pilot)
    await pilot.press("r")
    await settle(pilot)
    await to_cause(pilot, screen, "Sandbox: premium check failure.")
    await pilot.press("enter")
    await pilot.pause()
    assert screen.posts.cursor_row.id == pid
    return " ".join(screen_text(app).split())


async def test_the_on_call_pane_checks_with_the_x_premium_setting(make_app):
    long = "Our winter menu, explained course by course. " * 9  # ~400 weighted chars
    app = make_app(x_premium=True)
    async with app.run_test(size=(120, 50)) as pilot:
        text = await _failed_long_tweet(app, pilot, long)
        assert "Checks now: ✓ no problems found" in text
    app = make_app()  # the same post, an account without Premium: over 280
    async with app.run_test(size=(120, 50)) as pilot:
        text = await _failed_long_tweet(app, pilot, long)
        assert "Checks now: ✗ tweet_status" in text


async def test_a_new_snapchat_post_starts_as_a_draft_with_the_warning(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = open_editor(app, platform="snapchat", day=NOW.date() + timedelta(days=2))
        await settle(pilot)
        assert screen.state.draft.status == "DRAFT"
        text = " ".join(screen_text(app).split())
        assert "Dash documents no drafts for Snapchat" in text


async def test_an_editor_save_of_an_odd_post_sends_only_what_the_user_changed(make_app):
    from .test_editor import record_patches, save

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pid = _brand_posts(app, "pinterest", "SCHEDULED")[0]
        board = dict(state(app).posts[pid].data["meta"]["pinterestBoard"], name=None)
        odd = {"location_id": 77, "meta": dict(state(app).posts[pid].data["meta"],
                                               pinterestBoard=board)}
        await sandbox(app, f"posts/{pid}", odd)
        post = await app.session.backend.get_post("pinterest", pid)
        assert sorted(u[0] for u in post.unparsed) == ["meta.pinterestBoard.name"]
        sent = record_patches(app)
        open_editor(app, post)
        await settle(pilot)
        await pilot.press("end", *" Pin it.")
        await save(pilot)
        assert len(sent) == 1 and set(sent[0]) == {"note"}, sent
    data = state(app).posts[pid].data
    assert data["note"].endswith(" Pin it.")
    assert data["meta"]["pinterestBoard"] == board  # Dash keeps exactly what it had
    assert data["location_id"] == 77
