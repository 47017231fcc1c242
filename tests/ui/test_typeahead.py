"""Type-ahead in every picker: what is typed narrows the list and highlights the best match."""

from __future__ import annotations

from textual.widgets import OptionList

from dashtui.domain.platforms import Platform
from dashtui.ui.editor.screen import EditorScreen
from dashtui.ui.screens.modals import PickScreen
from dashtui.ui.screens.pickers import BrandPicker
from dashtui.ui.screens.typeahead import Entry, narrow

from .conftest import screen_text, settle


async def test_pi_then_enter_opens_a_pinterest_post(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("p", "i")  # 2 keys, where arrows took 8
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert str(options.highlighted_option.prompt) == "Pinterest"
        assert "typed: pi" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.state.draft.platform == Platform.PINTEREST


async def test_typing_narrows_backspace_widens_esc_clears_then_cancels(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        everything = options.option_count
        await pilot.press("t")  # TikTok, Threads (and Twitter's X has no t first)
        await pilot.pause()
        assert 1 < options.option_count < everything
        await pilot.press("z", "z")
        await pilot.pause()
        assert "nothing matches “tzz”" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert options.option_count == everything
        await pilot.press("l", "i", "escape")  # esc clears what was typed first
        await pilot.pause()
        assert isinstance(app.screen, PickScreen) and options.option_count == everything
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PickScreen)


async def test_brand_picker_takes_part_of_a_name(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BrandPicker)
        await pilot.press(*"trail", "enter")  # a word inside the name
        await settle(pilot)
        assert app.session.brand.name == "Summit Trail Outfitters"


def test_ranking_puts_the_start_of_the_label_first():
    entries = [Entry(w, None, w) for w in ("Snapchat", "Instagram", "Pinterest", "Threads")]
    assert [e.id for e in narrow(entries, "in")] == ["Instagram", "Pinterest"]  # start first
    assert [e.id for e in narrow(entries, "t")] == ["Threads", "Snapchat", "Instagram",
                                                    "Pinterest"]
    assert narrow(entries, "") == entries
