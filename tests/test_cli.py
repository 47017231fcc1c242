"""The command line: version, help, config errors, doctor, and the sandbox server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from dashtui import __version__
from dashtui.cli import main
from dashtui.sandbox.app import create_app
from dashtui.sandbox.server import serve_in_thread


def run_cli(*args: str, env: dict | None = None, timeout: float = 60):
    return subprocess.run([sys.executable, "-m", "dashtui.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def test_version_and_help():
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"dashtui {__version__}"
    out = run_cli("--help")
    assert out.returncode == 0
    for word in ("--demo", "sandbox", "doctor", "--read-only", "--brand", "--tz"):
        assert word in out.stdout


@pytest.mark.parametrize("content, expected", [
    ("colour = 'blue'\n", "colour: unknown setting"),
    ("timezone = 'Mars/Olympus'\n", "unknown time zone 'Mars/Olympus'"),
    ("read_only = 'sometimes'\n", "read_only"),
    ("token = \n", "not valid TOML"),
])
def test_a_bad_config_is_a_readable_error_and_exit_2(tmp_path, content, expected):
    config = tmp_path / "config.toml"
    config.write_text(content)
    out = run_cli("--config", str(config), "doctor")
    assert out.returncode == 2
    assert expected in out.stderr
    assert "Traceback" not in out.stderr


def test_a_missing_config_file_named_on_the_command_line(tmp_path):
    out = run_cli("--config", str(tmp_path / "nope.toml"), "doctor")
    assert out.returncode == 2 and "no such config file" in out.stderr


def test_the_tui_refuses_to_start_without_a_token(capsys):
    assert main([]) == 2
    assert "DASH_API_TOKEN" in capsys.readouterr().err


def test_doctor_without_a_token_says_how_to_fix_it(capsys):
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "no API token" in out and "DASH_API_TOKEN" in out and "--demo" in out


@pytest.fixture(scope="module")
def sandbox_url():
    with serve_in_thread(create_app(token="doctor-token-123", seed=7)) as url:
        yield url


def test_doctor_against_a_healthy_sandbox(sandbox_url, monkeypatch, capsys):
    monkeypatch.setenv("DASH_API_TOKEN", "doctor-token-123")
    assert main(["--api-root", sandbox_url, "doctor"]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    assert "3 brand(s)" in out and "Ember & Oak" in out
    for service in ("auth", "scheduler", "pinterest", "library"):
        assert f"[ok  ] {service} service" in out
    assert "doctor-token-123" not in out


def test_doctor_with_a_wrong_token(sandbox_url, monkeypatch, capsys):
    monkeypatch.setenv("DASH_API_TOKEN", "not-the-right-token")
    assert main(["--api-root", sandbox_url, "doctor"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] auth service" in out and "token" in out
    assert "not-the-right-token" not in out


def test_doctor_with_a_brand_the_token_cannot_reach(sandbox_url, monkeypatch, capsys):
    monkeypatch.setenv("DASH_API_TOKEN", "doctor-token-123")
    assert main(["--api-root", sandbox_url, "--brand", "lumen-skin", "doctor"]) == 1
    assert "is not among the token's brands" in capsys.readouterr().out


def test_doctor_when_nothing_listens(monkeypatch, capsys):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    monkeypatch.setenv("DASH_API_TOKEN", "whatever-token")
    assert main(["--api-root", f"http://127.0.0.1:{port}", "doctor"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] auth service" in out and "connection refused" in out.lower()


def test_sandbox_command_serves_on_loopback_and_keeps_state(tmp_path):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    state = tmp_path / "sandbox.json"
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": "Bearer custom-token"}

    def start():
        return subprocess.Popen([sys.executable, "-m", "dashtui.cli", "sandbox", "--port",
                                 str(port), "--token", "custom-token", "--state", str(state)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_up():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                return httpx.get(f"{base}/auth/api/self", headers=auth, timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("sandbox did not start")

    proc = start()
    try:
        me = wait_up()
        assert me.status_code == 200 and 144 in me.json()["accessible_brands"]
        assert httpx.get(f"{base}/auth/api/self", timeout=2).status_code == 401
        created = httpx.post(f"{base}/scheduler/twitter/scheduled_posts", headers=auth,
                             json={"brand_id": 144, "status": "DRAFT", "tweet_status": "kept"},
                             timeout=5)
        assert created.status_code == 201, created.text
        post_id = created.json()["id"]
    finally:
        proc.terminate()
        proc.wait(10)
    proc = start()
    try:
        wait_up()
        again = httpx.get(f"{base}/scheduler/twitter/scheduled_posts/{post_id}", headers=auth,
                          timeout=5)
        assert again.status_code == 200 and again.json()["tweet_status"] == "kept"
    finally:
        proc.terminate()
        proc.wait(10)


def test_only_the_ui_imports_textual():
    code = ("import sys\n"
            "import dashtui.cli, dashtui.config, dashtui.doctor, dashtui.session\n"
            "import dashtui.domain.posts, dashtui.domain.rules, dashtui.domain.text\n"
            "import dashtui.domain.when, dashtui.domain.timeutil\n"
            "import dashtui.api.client, dashtui.store.cache, dashtui.store.sync\n"
            "import dashtui.store.outbox, dashtui.store.writer\n"
            "import dashtui.sandbox.app, dashtui.sandbox.demo\n"
            "import dashtui.scripts, dashtui.report, dashtui.demo, dashtui.edits\n"
            "assert 'textual' not in sys.modules, 'textual imported outside ui/'\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
