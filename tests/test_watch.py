"""`dashtui watch --once` against the sandbox over real HTTP: notify_command runs once per
newly failed post and cause, across restarts; thresholds; a failing command is kept."""

from __future__ import annotations

import json
import os
import shlex
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.server import serve_in_thread
from dashtui.backends.dash.sandbox.state import SandboxState
from dashtui.cli import main

TOKEN = "watch-token-SECRET-99"
NOW = datetime.now(timezone.utc).replace(second=0, microsecond=0)  # the alert window is real
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# writes the JSON from stdin and the DASHTUI_* variables as one JSON line per alert
RECORDER = """
import json, os, sys
alert = json.load(sys.stdin)
env = {k: v for k, v in os.environ.items() if k.startswith(("DASHTUI_", "DASH_API"))}
if os.path.exists(sys.argv[2]):
    print("the pager is down", file=sys.stderr)
    sys.exit(3)
with open(sys.argv[1], "a") as out:
    out.write(json.dumps({"stdin": alert, "env": env}) + "\\n")
"""


class World:
    def __init__(self, url: str, tmp: Path) -> None:
        self.url = url
        self.log = tmp / "alerts.jsonl"
        self.broken = tmp / "pager-down"  # while it exists, the command fails
        script = tmp / "record.py"
        script.write_text(RECORDER)
        self.command = " ".join(shlex.quote(str(p)) for p in
                                (sys.executable, script, self.log, self.broken))
        self.config = Path(os.environ["DASHTUI_CONFIG"])
        self.configure()

    def configure(self, extra: str = "") -> None:
        self.config.parent.mkdir(parents=True, exist_ok=True)
        self.config.write_text(f"notify_command = {json.dumps(self.command)}\n{extra}")

    def alerts(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def schedule(self, text: str, minutes: int, platform: str = "twitter") -> int:
        resp = httpx.post(f"{self.url}/scheduler/{platform}/scheduled_posts", headers=AUTH,
                          timeout=5,
                          json={"brand_id": 144, "status": "SCHEDULED", "auto_publish": True,
                                "tweet_status": text,
                                "timestamp": (NOW + timedelta(minutes=minutes)).isoformat()})
        assert resp.status_code == 201, resp.text
        return resp.json()["id"]

    def control(self, path: str, body) -> dict:
        resp = httpx.post(f"{self.url}/_sandbox/{path}", json=body, headers=AUTH, timeout=5)
        resp.raise_for_status()
        return resp.json()

    def fail(self, *posts: tuple[int, str]) -> None:
        """The posts fail with these errors when they come due; then time moves past them."""
        self.control("outcomes", {str(pid): {"status": "FAILED", "error": error}
                                  for pid, error in posts})
        self.control("clock", {"advance": 20 * 60})
        self.control("clock", {"advance": 5 * 60})

    def patch(self, pid: int, body: dict) -> None:
        resp = httpx.patch(f"{self.url}/scheduler/twitter/scheduled_posts/{pid}", json=body,
                           headers=AUTH, timeout=5)
        assert resp.status_code == 200, resp.text


@pytest.fixture
def world(monkeypatch, tmp_path):
    state = SandboxState()
    state.brands = {144: {"id": 144, "name": "Acme Coffee", "slug": "acme"}}
    state.accessible_brands = [144]
    state.frozen_at = NOW.isoformat()
    with serve_in_thread(create_app(state, token=TOKEN, demo=False, fail_rate=0.0)) as url:
        monkeypatch.setenv("DASH_API_TOKEN", TOKEN)
        monkeypatch.setenv("DASHTUI_API_ROOT", url)
        yield World(url, tmp_path)


def test_a_new_failure_is_told_exactly_once_across_restarts(world, capsys):
    first = world.schedule("first", 10)
    second = world.schedule("second", 40)
    world.schedule("fine", 12)
    world.fail((first, "Access token expired for account 1234."))

    assert main(["watch", "--once"]) == 0
    [alert] = world.alerts()
    assert f"#{first}" in capsys.readouterr().out
    assert alert["stdin"]["event"] == "failed"
    assert alert["stdin"]["post"]["id"] == first
    assert alert["stdin"]["post"]["caption"] == "first"
    assert alert["stdin"]["cause"] == "Access token expired for account #."
    env = alert["env"]
    assert env["DASHTUI_POST_ID"] == str(first) and env["DASHTUI_PLATFORM"] == "twitter"
    assert env["DASHTUI_STATUS"] == "FAILED" and env["DASHTUI_BRAND"] == "Acme Coffee"
    assert env["DASHTUI_CAUSE"] == "Access token expired for account #."
    assert env["DASHTUI_ATTEMPT"] == "1" and env["DASHTUI_VIEW"] == ""
    assert "DASH_API_TOKEN" not in env  # the token never reaches the command

    assert main(["watch", "--once"]) == 0  # a restart: remembered, nothing new
    assert len(world.alerts()) == 1

    world.fail((second, "Media https://cdn.example/1.jpg was not reachable (HTTP 404)."))
    assert main(["watch", "--once"]) == 0
    assert [a["stdin"]["post"]["id"] for a in world.alerts()] == [first, second]


def test_a_post_that_fails_again_after_a_retry_is_told_again(world):
    pid = world.schedule("again", 10)
    world.fail((pid, "Boom 1"))
    assert main(["watch", "--once"]) == 0
    world.patch(pid, {"status": "SCHEDULED",
                      "timestamp": (NOW + timedelta(minutes=60)).isoformat()})
    assert main(["watch", "--once"]) == 0  # seen scheduled again: re-armed
    assert len(world.alerts()) == 1
    world.control("outcomes", {str(pid): {"status": "FAILED", "error": "Boom 2"}})
    world.control("clock", {"advance": 40 * 60})
    world.control("clock", {"advance": 5 * 60})
    assert main(["watch", "--once"]) == 0
    assert [a["stdin"]["post"]["id"] for a in world.alerts()] == [pid, pid]


def test_a_failing_command_is_said_kept_and_sent_once_later(world, capsys):
    pid = world.schedule("kept", 10)
    world.fail((pid, "Boom"))
    world.broken.touch()
    assert main(["watch", "--once"]) == 4
    err = capsys.readouterr().err
    assert "notify_command failed" in err and "the pager is down" in err
    assert "exit 3" in err and world.alerts() == []

    assert main(["watch", "--once"]) == 4  # still down: tried again, still kept
    world.broken.unlink()
    assert main(["watch", "--once"]) == 0
    [alert] = world.alerts()
    assert alert["stdin"]["post"]["id"] == pid and alert["env"]["DASHTUI_ATTEMPT"] == "3"
    assert main(["watch", "--once"]) == 0
    assert len(world.alerts()) == 1


def test_a_view_crossing_its_threshold_is_told_once(world):
    world.configure('[[views]]\nname = "X failures"\nplatforms = ["x"]\n'
                    'statuses = ["failed"]\nwhen = "last 24h to next 24h"\nalert_above = 1\n')
    a, b = world.schedule("a", 10), world.schedule("b", 40)
    world.fail((a, "Boom"))
    assert main(["watch", "--once"]) == 0
    assert [x["stdin"]["event"] for x in world.alerts()] == ["failed"]  # 1: not above 1

    world.fail((b, "Bang"))
    assert main(["watch", "--once"]) == 0
    events = [x["stdin"] for x in world.alerts()]
    assert [e["event"] for e in events] == ["failed", "failed", "threshold"]
    crossed = events[-1]
    assert crossed["view"]["name"] == "X failures" and crossed["view"]["count"] == 2
    assert crossed["view"]["threshold"] == 1
    assert sorted(p["id"] for p in crossed["posts"]) == sorted([a, b])
    env = world.alerts()[-1]["env"]
    assert env["DASHTUI_VIEW"] == "X failures" and env["DASHTUI_COUNT"] == "2"

    assert main(["watch", "--once"]) == 0  # still above: not told again
    assert len(world.alerts()) == 3


def test_unreachable_service_exits_3_and_tells_nothing(world, monkeypatch, capsys):
    monkeypatch.setenv("DASHTUI_API_ROOT", "http://127.0.0.1:9")
    assert main(["watch", "--once"]) == 3
    assert "could not poll" in capsys.readouterr().err
    assert world.alerts() == []


def test_watch_without_a_notify_command_says_which_key(world, capsys):
    world.config.write_text("")
    assert main(["watch", "--once"]) == 2
    assert "notify_command is not set" in capsys.readouterr().err


def test_the_loop_polls_until_sigterm_and_stops_cleanly(world):
    import signal
    import subprocess
    import time

    pid = world.schedule("loop", 10)
    world.fail((pid, "Boom"))
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "dashtui.cli", "watch", "--interval", "10"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not world.alerts() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [a["stdin"]["post"]["id"] for a in world.alerts()] == [pid]
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert f"#{pid}" in out.decode()  # flushed as the poll ended
