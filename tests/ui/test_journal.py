"""The journal screen (J) and the API log pane (L), over the demo sandbox, at 80x24."""

from __future__ import annotations

from dashtui.config import Config
from dashtui.ui.launch import build_demo_app
from dashtui.ui.screens.api_log import ApiLogScreen
from dashtui.ui.screens.conflict import ConflictScreen
from dashtui.ui.screens.journal import JournalScreen
from dashtui.ui.screens.modals import ConfirmScreen

from .conftest import NOW, ZONE, messages, screen_text, settle

BRAND = 144
HOSTILE = "new [bold]words[/] \x1b[31mred\x1b[0m"


def state(app):
    return app.sandbox_app.state.sandbox


def _scheduled(app):
    return next(p for p in state(app).posts.values()
                if p.platform == "facebook" and p.data.get("brand_id") == BRAND
                and p.data.get("status") == "SCHEDULED")


def _app(tmp_path, profile, sandbox=None):
    return build_demo_app(Config(timezone=ZONE), tmp_path, now=NOW, profile=profile,
                          sandbox=sandbox)


async def _save(app) -> tuple[int, str]:
    """A caption edit made through the session, as the editor's save makes it."""
    raw = _scheduled(app)
    before = await app.session.backend.get_post("facebook", raw.data["id"])
    await app.session.edits.save(before, {"message": HOSTILE})
    return raw.data["id"], before.caption


async def _until(pilot, ready, tries: int = 50) -> None:
    """Pause until `ready()` (the undo's worker waits on a dialog: settle would wait too)."""
    for _ in range(tries):
        if ready():
            return
        await pilot.pause(0.05)
    assert ready()


async def test_a_save_is_listed_and_undone_after_a_restart(tmp_path, sandbox_profile):
    first = _app(tmp_path, sandbox_profile)
    async with first.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post_id, old = await _save(first)
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(first.screen, JournalScreen)
        text = screen_text(first)
        assert f"#{post_id}" in text and "message" in text and "✓ done" in text
        assert "\x1b" not in text
        assert "by Dash demo · org " in text  # the account, and who whoami says the token is
        now = next(line for line in text.splitlines() if "now:" in line)
        assert "[bold]words[/] ^[[31mred" in now  # brackets are text, escapes shown as ^[
    # a new app on the same data dir (and the same service): the in-session undo is gone
    again = _app(tmp_path, sandbox_profile, sandbox=first.sandbox_app)
    async with again.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert not again.session.edits.can_undo
        await pilot.press("J")
        await settle(pilot)
        assert f"#{post_id}" in screen_text(again)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert state(again).posts[post_id].data["message"] == old
        assert "put back" in messages(again)
        text = screen_text(again)
        assert "undo #" in text  # the undo is itself journaled, on top
        assert again.session.outbox.count() == 0


async def test_undo_of_a_post_changed_since_shows_both_sides_and_sends_nothing(
        tmp_path, sandbox_profile):
    app = _app(tmp_path, sandbox_profile)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        post_id, _old = await _save(app)
        # a colleague changes the post on the service afterwards
        await app.session.backend.update_post("facebook", post_id,
                                              {"message": "colleague's words"})
        await pilot.press("J")
        await settle(pilot)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await _until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert "colleague's words" in screen_text(app)
        await pilot.press("t")  # take theirs: leave the post as it is
        await settle(pilot)
        assert state(app).posts[post_id].data["message"] == "colleague's words"
        assert "Not undone" in messages(app)
        assert app.session.outbox.count() == 0


async def test_the_api_log_pane_lists_calls_and_never_the_token(tmp_path, sandbox_profile):
    from dashtui.backends import DEMO_TOKEN

    app = _app(tmp_path, sandbox_profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, ApiLogScreen)
        text = screen_text(app)
        assert "GET" in text and "200" in text and "/scheduler/" in text
        assert DEMO_TOKEN not in text and "Bearer" not in text
        await pilot.press("L")
        await pilot.pause()
        assert not isinstance(app.screen, ApiLogScreen)


async def test_the_journal_and_the_log_are_in_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Journal of writes (J)" in titles and "API log (L)" in titles
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert "No writes journaled yet" in screen_text(app)
