"""The `:` command line: commands, completion, history across a restart, errors in place,
and the same commands in the palette."""

from __future__ import annotations

from datetime import date

from dashtui.ui.command_line import CommandLine, CommandsProvider
from dashtui.ui.commands import COMMANDS, CommandError, completions, parse
from dashtui.ui.screens.calendar import CalendarScreen
from dashtui.ui.screens.posts import PostsScreen
from dashtui.ui.widgets.calendar import CalendarView

from .conftest import screen_text, settle


async def _type(pilot, line: str) -> None:
    await pilot.press("colon")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandLine)
    await pilot.press(*line)


async def _run(pilot, line: str) -> None:
    await _type(pilot, line)
    await pilot.press("enter")
    await settle(pilot)


async def test_goto_moves_the_calendar(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _run(pilot, "goto 2026-12-15")
        assert isinstance(app.screen, CalendarScreen)
        assert app.query_one(CalendarView).cursor == date(2026, 12, 15)
        assert "December 2026" in screen_text(app)


async def test_filter_with_short_aliases_opens_the_list_filtered(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _run(pilot, "filter status:failed platform:ig")
        screen = app.screen
        assert isinstance(screen, PostsScreen)
        rows = screen.table.visible_rows
        assert rows and {r.platform for r in rows} == {"instagram"}
        assert all(r.status in ("FAILED", "EXPIRED", "PARTIALLY_FAILED") for r in rows)
        assert "failed · Instagram" in screen_text(app)


async def test_brand_by_part_of_its_name(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.session.brand.name != "Summit Trail Outfitters"
        await _run(pilot, "brand summit")
        assert app.session.brand.name == "Summit Trail Outfitters"


async def test_export_writes_the_list(make_app, tmp_path):
    app = make_app()
    target = tmp_path / "nov.csv"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _run(pilot, f"export {target}")
        assert isinstance(app.screen, PostsScreen)
    text = target.read_text(encoding="utf-8")
    assert text.count("\n") > 10 and "instagram" in text


async def test_an_unknown_command_is_said_in_place_with_a_suggestion(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _run(pilot, "gotoo 12-15")
        assert isinstance(app.screen, CommandLine)
        text = screen_text(app)
        assert "unknown command :gotoo; did you mean :goto?" in text
        assert app.screen.input.value == ":gotoo 12-15"  # kept, to fix
        await pilot.press("escape")
        assert isinstance(app.screen, CalendarScreen)


async def test_a_bad_argument_is_said_in_place(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _run(pilot, "filter status:nope")
        assert isinstance(app.screen, CommandLine)
        assert "no status called 'nope'" in screen_text(app)
        await pilot.press("escape")
        await _run(pilot, "goto someday")
        assert isinstance(app.screen, CommandLine)
        assert app.screen.input.value == ":goto someday"
        await pilot.press("escape")
        await _run(pilot, "brand nosuchbrand")
        assert "no brand “nosuchbrand”" in screen_text(app)


async def test_tab_completes_commands_and_arguments(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _type(pilot, "fi")
        await pilot.press("tab")
        assert app.screen.input.value == ":filter "
        await pilot.press(*"st", "tab")
        assert app.screen.input.value == ":filter status:"
        await pilot.press(*"fa", "tab")
        assert app.screen.input.value == ":filter status:failed"
        await pilot.press("escape")
        await _type(pilot, "brand su")
        await pilot.press("tab")
        assert app.screen.input.value == ":brand Summit Trail Outfitters"


async def test_history_walks_back_and_survives_a_restart(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _run(pilot, "goto 2026-12-15")
        await _run(pilot, "goto 2027-01-02")
    again = make_app()  # the same data dir (tmp_path): a restart
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await pilot.pause()
        await pilot.press("up")
        assert again.screen.input.value == ":goto 2027-01-02"
        await pilot.press("up")
        assert again.screen.input.value == ":goto 2026-12-15"
        await pilot.press("down", "down")
        assert again.screen.input.value == ":"
        await pilot.press("up", "enter")
        await settle(pilot)
        assert again.query_one(CalendarView).cursor == date(2027, 1, 2)


async def test_each_command_is_in_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = CommandsProvider(app.screen)
        found = [hit.text async for hit in provider.search("filter")]
        assert ":filter status:failed platform:ig" in found
        shown = [str(hit.display) async for hit in provider.discover()]
        assert len(shown) == len(COMMANDS) and ":brand NAME" in shown


def test_the_registry_says_what_is_wrong():
    try:
        parse(":frobnicate")
    except CommandError as exc:
        assert "unknown command :frobnicate" in str(exc)
    else:
        raise AssertionError("an unknown command parsed")
    assert parse(":q")[0].name == "quit" and parse(":f status:failed")[0].name == "filter"
    assert completions(None, ":ex") == [":export "]


async def test_ctrl_p_finds_a_command_and_opens_the_line_with_it(make_app):
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*":goto")
        for _ in range(50):
            await pilot.pause(0.05)
            if ":goto DAY" in screen_text(app):
                break
        assert ":goto DAY" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CommandLine)
        assert app.screen.input.value == ":goto "


async def test_view_opens_a_saved_view_by_name_and_completes_it(make_app):
    from dashtui.ui.screens.views import ViewsScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _type(pilot, "view on")
        await pilot.press("tab")
        assert app.screen.input.value == ":view on-call"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)
        assert "on-call" in screen_text(app)


async def test_an_unknown_view_is_said_in_place_with_the_names(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _run(pilot, "view nosuch")
        assert isinstance(app.screen, CommandLine)
        assert "no view “nosuch”" in screen_text(app) and "on-call" in screen_text(app)


async def test_the_screens_without_a_view_name_open_by_command(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _run(pilot, "journal")
        assert app.current_mode == "journal"
        await _run(pilot, "approvals")
        assert app.current_mode == "approvals"
