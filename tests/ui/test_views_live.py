"""The views screen over the sandbox on loopback: a view's count follows the server, and the
TUI's alerts share their memory with `dashtui watch`."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from dashtui.alerts import Origin
from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.server import serve_in_thread
from dashtui.backends.dash.sandbox.state import SandboxState
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.config import Config, ViewConfig
from dashtui.store.alert_state import AlertState
from dashtui.ui.launch import build_app
from dashtui.ui.screens.views import ViewsScreen, open_view
from dashtui.views import merge_views
from dashtui.watch import poll_once

from .conftest import messages, screen_text, settle

TOKEN = "views-live-SECRET-1"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def url():
    state = SandboxState()
    state.brands = {144: {"id": 144, "name": "Acme", "slug": "acme"},
                    145: {"id": 145, "name": "Bolt", "slug": "bolt"}}
    state.accessible_brands = [144, 145]
    state.frozen_at = NOW.isoformat()
    with serve_in_thread(create_app(state, token=TOKEN, demo=False, fail_rate=0.0)) as url:
        yield url


def schedule(url: str, brand: int, text: str, hours: int) -> int:
    resp = httpx.post(f"{url}/scheduler/twitter/scheduled_posts", headers=AUTH, timeout=5,
                      json={"brand_id": brand, "status": "SCHEDULED", "auto_publish": True,
                            "tweet_status": text,
                            "timestamp": (NOW + timedelta(hours=hours)).isoformat()})
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


def set_fields(url: str, pid: int, fields: dict) -> None:
    httpx.post(f"{url}/_sandbox/posts/{pid}", json=fields, headers=AUTH,
               timeout=5).raise_for_status()


def make(url: str, tmp_path, command: str | None = None):
    config = Config(api_root=url, token=TOKEN, timezone="UTC", notify_command=command,
                    views=[ViewConfig(name="X failed", platforms=["x"], statuses=["failed"],
                                      when="next 24h", brands="all")])
    client = DashClient(TOKEN, ServiceURLs.from_root(url))
    return build_app(config, client=client, cache_dir=tmp_path / "data",
                     clock=lambda: NOW), config


def section(app, name: str) -> list[str]:
    """A section's line as words: number, count, name (the cursor's ▶ left out)."""
    line = next(line for line in screen_text(app).splitlines() if name in line)
    return line.replace("▶", " ").split()[:3]


async def test_a_views_count_is_live(url, tmp_path):
    a = schedule(url, 144, "alpha", 2)
    b = schedule(url, 145, "bravo", 3)
    app, _ = make(url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)
        assert section(app, "X failed") == ["3", "0", "X"]

        set_fields(url, b, {"status": "FAILED", "auto_publish_error": "Boom"})
        await pilot.press("r")
        await settle(pilot)
        assert section(app, "X failed") == ["3", "1", "X"]
        await pilot.press("3")  # the digit picks the view, not mode 3
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)
        assert "bravo" in screen_text(app) and "alpha" not in screen_text(app)

        set_fields(url, a, {"status": "FAILED", "auto_publish_error": "Bang"})
        await pilot.press("r")
        await settle(pilot)
        assert section(app, "X failed") == ["3", "2", "X"]
        text = screen_text(app)
        assert "alpha" in text and "bravo" in text and "Bolt" in text  # both brands

        await pilot.press("enter", "e")  # from the section into its posts, then edit
        await settle(pilot)
        assert not isinstance(app.screen, ViewsScreen)


async def test_open_view_by_name_and_escape_back(url, tmp_path):
    app, _ = make(url, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        assert open_view(app, "x FAILED")
        await settle(pilot)
        assert app.screen.sections.cursor_section.view.name == "X failed"
        assert not open_view(app, "nope")
        await pilot.pause()
        assert "No view named 'nope'" in messages(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "posts"


RECORD = "import sys; open(sys.argv[1], 'a').write(sys.stdin.read())"


async def test_tui_and_watch_share_what_was_told(url, tmp_path):
    log = tmp_path / "told.jsonl"
    command = " ".join(shlex.quote(p) for p in (sys.executable, "-c", RECORD, str(log)))
    pid = schedule(url, 144, "alpha", 2)
    set_fields(url, pid, {"status": "FAILED", "auto_publish_error": "Boom"})
    app, config = make(url, tmp_path, command)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(50):  # the command runs in a worker after the first refresh
            if log.exists() and log.read_text():
                break
            await pilot.pause(0.1)
        await settle(pilot)
    told = [json.loads(line) for line in log.read_text().splitlines()]
    assert [t["post"]["id"] for t in told] == [pid]

    # `dashtui watch` on the same account reads the same memory: nothing to tell again
    state = AlertState(tmp_path / "data" / "alerts.sqlite3")
    client = DashClient(TOKEN, ServiceURLs.from_root(url))
    async with client:
        result = await poll_once(client, config, merge_views(config.views), state,
                                 Origin("Dash", "dash", "Dash"), now=NOW)
    state.close()
    assert result.new == [] and result.outcomes == []
    assert len(log.read_text().splitlines()) == 1


async def test_a_failing_command_is_said_in_the_tui(url, tmp_path):
    pid = schedule(url, 144, "alpha", 2)
    set_fields(url, pid, {"status": "FAILED", "auto_publish_error": "Boom"})
    app, _ = make(url, tmp_path, "echo 'no pager here' >&2; exit 7")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        for _ in range(50):
            await settle(pilot)
            if "notify_command failed" in messages(app):
                break
            await pilot.pause(0.1)
        said = messages(app)
    assert "notify_command failed" in said and "exit 7: no pager here" in said
    assert "Kept" in said


async def test_the_tui_tells_a_view_above_its_threshold_once(url, tmp_path):
    log = tmp_path / "told.jsonl"
    command = " ".join(shlex.quote(p) for p in (sys.executable, "-c", RECORD + "+'\\n'",
                                                 str(log)))
    for hours in (2, 3):
        schedule(url, 145, "bravo", hours)
    config = Config(api_root=url, token=TOKEN, timezone="UTC", notify_command=command,
                    views=[ViewConfig(name="busy", platforms=["x"], when="next 24h",
                                      brands="all", alert_above=1)])
    client = DashClient(TOKEN, ServiceURLs.from_root(url))
    app = build_app(config, client=client, cache_dir=tmp_path / "data", clock=lambda: NOW)

    def told() -> list[dict]:
        text = log.read_text() if log.exists() else ""
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        for _ in range(50):
            await settle(pilot)
            if told():
                break
            await pilot.pause(0.1)
        await pilot.press("r")  # counted again, still above: not told again
        await settle(pilot)
        await settle(pilot)
    [alert] = told()
    assert alert["event"] == "threshold" and alert["view"]["name"] == "busy"
    assert alert["view"]["count"] == 2 and {p["brand"] for p in alert["posts"]} == {"Bolt"}
