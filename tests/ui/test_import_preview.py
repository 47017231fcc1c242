"""The TUI's CSV import: ctrl+o in the list, a preview of every row, enter creates them."""

from __future__ import annotations

from dashtui.ui.screens.import_csv import ImportScreen

from .conftest import screen_text, settle

CSV = (
    "platform,text,time,status,post_type\n"
    "twitter,Imported from a file \x1b[31m,2026-12-01 09:30,SCHEDULED,\n"   # line 2
    "instagram,no post type,2026-12-01 10:00,SCHEDULED,\n"                  # line 3
    'bluesky,"two\nlines",2026-12-01 11:00 UTC,SCHEDULED,\n'                # lines 4-5
)


def _posts(app, marker: str) -> list[dict]:
    state = app.sandbox_app.state.sandbox
    return [p.data for p in state.posts.values()
            if marker in (p.data.get("tweet_status") or p.data.get("text") or "")]


async def test_import_preview_then_create(make_app, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(CSV, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert any(c.title == "Import CSV (^o)"
                   for c in app.get_system_commands(app.screen))  # in the palette too
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        await pilot.click("#import-path")
        app.screen.query_one("#import-path").value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "✓ 2     X  12-01 09:30 SCHEDULED Imported from a file ^[[31m" in text
        assert "✗ 3     IG 12-01 10:00" in text and "✓ 4-5   BS 12-01 03:00" in text
        assert "Instagram needs a post type" in text
        assert "2 to create, 1 with errors" in text
        assert "\x1b" not in text and "^[[31m" in text  # the cell's escape is shown, not obeyed
        assert "enter creates 2 post(s) (1 ✗ row(s) are left out)" in text
        assert _posts(app, "Imported from a file") == []  # the preview sent nothing
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "2 created, 1 bad of 3 row(s)" in text
        assert len(_posts(app, "Imported from a file")) == 1
        assert len(_posts(app, "two\nlines")) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        # the same file again: every good row is recognised, nothing is created twice
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#import-path").value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "0 to create" in text and "2 already done" in text
        assert "nothing to create" in text


async def test_a_file_it_cannot_use_is_said_in_the_dialog(make_app, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("platform,txt\nX,hi\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        field = app.screen.query_one("#import-path")
        field.value = str(tmp_path / "missing.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert "can't read" in screen_text(app) and "No such file" in screen_text(app)
        field.value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        assert "'txt' (did you mean 'text'?)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
