"""A misspelt binding id in `[keymap]` is a config error that names it and the id meant."""

from __future__ import annotations

import pytest

from dashtui.config import ConfigError, check_keymap
from dashtui.ui.launch import binding_ids


def test_a_misspelt_id_names_it_and_suggests_the_close_one():
    with pytest.raises(ConfigError) as err:
        check_keymap({"posts.reshedule": "T", "app.quit": "ctrl+q"}, binding_ids())
    text = str(err.value)
    assert "keymap.posts.reshedule: unknown binding id; did you mean posts.reschedule?" in text
    assert "keymap.app.quit" not in text


def test_every_misspelt_id_is_listed_not_only_the_first():
    with pytest.raises(ConfigError) as err:
        check_keymap({"app.rdo": "R", "help.dwn": "n", "zzz.qqq": "x"}, binding_ids())
    text = str(err.value)
    assert "keymap.app.rdo: unknown binding id; did you mean app.redo?" in text
    assert "keymap.help.dwn: unknown binding id; did you mean help.down?" in text
    assert "keymap.zzz.qqq: unknown binding id (`?` in dashtui lists" in text


def test_the_new_keys_have_ids_a_keymap_can_name():
    ids = binding_ids()
    assert {"app.redo", "app.legend", "app.command_line", "posts.retry", "posts.reschedule",
            "failed.retry", "failed.reschedule", "help.down", "legend.close",
            "command.complete"} <= ids
    check_keymap({"app.redo": "ctrl+y", "app.legend": "f3"}, ids)  # no error
