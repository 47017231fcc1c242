"""ctrl+e when $EDITOR fails in every way: the app takes the terminal back, says why, keeps the
caption, and goes on answering keys.

`App.suspend` is replaced by a stand-in that behaves like Textual's: it resumes only when its
body ends without an exception (headless Pilot can't hand a terminal over).
"""

from __future__ import annotations

import contextlib

import pytest
from textual.widgets import TextArea

from .conftest import messages, settle
from .test_editor import open_post


@pytest.fixture
def terminal(monkeypatch):
    seen = {"suspended": 0, "resumed": 0}

    @contextlib.contextmanager
    def suspend():
        seen["suspended"] += 1
        yield  # like Textual: an exception here skips the resume below
        seen["resumed"] += 1

    def install(app):
        monkeypatch.setattr(app, "suspend", suspend)
        return seen

    return install


def _editors(tmp_path):
    plain = tmp_path / "not-executable"
    plain.write_text("#!/bin/sh\nexit 0\n")
    plain.chmod(0o644)
    junk = tmp_path / "exec-format"  # executable but no program: exec itself fails
    junk.write_bytes(b"\x7fELF\x00garbage")
    junk.chmod(0o755)
    return {
        "missing": ("/nonexistent", "no such file"),
        "not on PATH": ("no-such-editor-anywhere", "not found on PATH"),
        "not executable": (str(plain), "not executable"),
        "exec fails": (str(junk), "Can't run"),
        "killed": ("sh -c 'kill -KILL $$'", "killed by SIGKILL"),
        "non-zero": ("sh -c 'exit 3'", "exited with code 3"),
        "bad quoting": ("vi 'unclosed", "Can't read the editor command"),
    }


@pytest.mark.parametrize("case", ["missing", "not on PATH", "not executable", "exec fails",
                                  "killed", "non-zero", "bad quoting"])
async def test_a_failing_editor_returns_to_the_editor_with_a_message(make_app, monkeypatch,
                                                                     tmp_path, terminal, case):
    command, said = _editors(tmp_path)[case]
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", command)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "twitter")
        seen = terminal(app)
        before = screen.query_one("#caption", TextArea).text
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert seen["suspended"] == seen["resumed"]  # the terminal came back
        assert app.screen is screen
        assert said in messages(app) and "the caption is unchanged" in messages(app)
        assert screen.query_one("#caption", TextArea).text == before
        # still answering keys: typing lands in the caption, and esc still asks
        await pilot.press("!")
        await settle(pilot)
        assert screen.query_one("#caption", TextArea).text == before + "!"
        assert screen.state.dirty


async def test_the_app_resumes_even_when_ctrl_c_interrupts_the_editor(make_app, monkeypatch,
                                                                      terminal):
    monkeypatch.setenv("VISUAL", "vi")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # what ctrl+c in the handed-over terminal raises here

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_post(app, pilot, "twitter")
        seen = terminal(app)
        monkeypatch.setattr("subprocess.run", interrupted)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert seen == {"suspended": 1, "resumed": 1}
        assert app.screen is screen and "was interrupted" in messages(app)
