"""The app over the in-process demo sandbox, with every clock frozen so screens repeat."""

from __future__ import annotations

import io
from datetime import datetime, timezone

from rich.console import Console

import pytest

from dashtui.config import Config
from dashtui.ui.launch import build_demo_app

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)  # Sunday 09:00 in Los Angeles
ZONE = "America/Los_Angeles"


PROFILES = ("strict", "lenient")


def pytest_generate_tests(metafunc):
    """Every Pilot test runs against both readings of the docs (dashtui must work under
    both). Snapshot modules are not parametrised: their baselines show the lenient demo,
    what `dashtui --demo` shows, so the node ids (and baseline names) stay as they are."""
    if "sandbox_profile" in metafunc.fixturenames and \
            "snapshots" not in metafunc.module.__name__:
        metafunc.parametrize("sandbox_profile", PROFILES, indirect=True)


@pytest.fixture
def sandbox_profile(request) -> str:
    """Which reading of the docs the demo sandbox takes: a parameter, else lenient."""
    return getattr(request, "param", "lenient")


@pytest.fixture
def make_app(tmp_path, sandbox_profile):
    def make(**settings):
        settings.setdefault("timezone", ZONE)
        return build_demo_app(Config(**settings), tmp_path, now=NOW, profile=sandbox_profile)

    return make


async def settle(pilot) -> None:
    """Let background refreshes land and the screen repaint."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the same render export_screenshot uses)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def messages(app) -> str:
    """Every notification so far (run_test(notifications=True)), as `title: message` lines."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)
