"""Config that used to be ignored or fall back silently: a misspelt `[keymap]` binding id is
a config error naming it (exit 2 from the CLI); a brand that does not exist opens the picker
with a message instead of another brand."""

from __future__ import annotations

import json

import pytest

from dashtui.cli import main
from dashtui.config import ConfigError
from dashtui.ui.screens.pickers import BrandPicker

from .conftest import messages, settle


def test_an_unknown_binding_id_is_a_config_error_naming_it(make_app):
    with pytest.raises(ConfigError) as err:
        make_app(keymap={"posts.nwe": "N", "app.quit": "ctrl+q"})
    text = str(err.value)
    assert "keymap.posts.nwe: unknown binding id" in text
    assert "posts.new" in text  # the ids that do exist there
    assert "keymap.app.quit" not in text  # a real id is no error


async def test_a_known_binding_id_still_rebinds(make_app):
    app = make_app(keymap={"app.failed": "F"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert app.current_mode == "failed"


def test_the_cli_refuses_a_misspelt_binding_with_exit_2(tmp_path, monkeypatch, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"editor.sav" = "ctrl+w"\n')
    monkeypatch.setenv("DASHTUI_CONFIG", str(config))
    assert main(["--demo"]) == 2
    err = capsys.readouterr().err
    assert "keymap.editor.sav: unknown binding id" in err and "editor.save" in err


async def test_an_unknown_brand_opens_the_picker_with_a_message(make_app):
    app = make_app(brand="no-such-brand")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrandPicker)
        said = messages(app)
        assert "'no-such-brand'" in said and "Ember & Oak" in said
        assert app.session.brand is None  # not some other brand, quietly


async def test_a_configured_brand_missing_from_the_cached_brands_asks_too(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert first.session.brands  # now cached
        cached = json.loads(first.session.cache.meta_get("brands"))
    assert cached
    second = make_app(brand="gone-brand")
    async with second.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(second.screen, BrandPicker)
        assert "'gone-brand'" in messages(second) and second.session.brand is None
        await pilot.press("enter")
        await settle(pilot)
        assert second.session.brand is not None
