"""The command line: version, help, config errors, doctor, and the sandbox server."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shlex
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from dashtui import __version__
from dashtui.cli import main
from dashtui.backends.dash.sandbox.app import create_app
from dashtui.backends.dash.sandbox.server import serve_in_thread


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
            "import dashtui.backends.dash.client, dashtui.store.cache, dashtui.store.sync\n"
            "import dashtui.store.outbox, dashtui.store.writer\n"
            "import dashtui.backends.dash.sandbox.app, dashtui.backends.dash.sandbox.demo\n"
            "import dashtui.scripts, dashtui.report, dashtui.demo, dashtui.edits\n"
            "import dashtui.termsafe\n"
            "assert 'textual' not in sys.modules, 'textual imported outside ui/'\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


# -- global options, README, terminal hygiene ------------------------------------------------

def test_global_options_work_after_the_command(sandbox_url, monkeypatch, capsys):
    monkeypatch.setenv("DASH_API_TOKEN", "doctor-token-123")
    assert main(["doctor", "--api-root", sandbox_url]) == 0
    assert "[ok  ] scheduler service" in capsys.readouterr().out
    # given on both sides of the command: neither is lost to the other's default
    assert main(["--api-root", sandbox_url, "doctor", "--brand", "lumen-skin"]) == 1
    assert "'lumen-skin' is not among the token's brands" in capsys.readouterr().out


def test_doctor_on_the_demo_needs_no_token(capsys):
    assert main(["doctor", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "3 brand(s)" in out and "[ok  ] library service" in out


def _readme_script_lines() -> list[str]:
    """The README lines before-stop runs: `--demo` appended where the line has none."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    lines = []
    for line in readme.splitlines():
        cmd = line.split("#")[0].strip()
        if not re.match(r"dashtui (failed|export|new|import|watch|doctor|--demo [a-z])", cmd):
            continue
        if any(c in cmd for c in "<|>") or "..." in cmd or "--api-root" in cmd:
            continue
        lines.append(cmd if "--demo" in cmd else cmd + " --demo")
    return lines


def test_the_readme_script_commands_run_as_written(tmp_path):
    lines = _readme_script_lines()
    assert any(line.startswith("dashtui failed") for line in lines)
    assert any(line.startswith("dashtui export") for line in lines)
    for line in lines:
        argv = shlex.split(line)[1:]
        out = subprocess.run([sys.executable, "-m", "dashtui.cli", *argv], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60,
                             env={**os.environ, "HOME": str(tmp_path),
                                  "XDG_CONFIG_HOME": str(tmp_path / "c"),
                                  "XDG_DATA_HOME": str(tmp_path / "d")})
        assert out.returncode in (0, 1), f"{line}: {out.stderr}"  # 1: the demo has failures
        for bad in ("unrecognized arguments", "invalid choice", "Traceback"):
            assert bad not in out.stderr, line


def _pty_child(args: list[str], env: dict) -> tuple[subprocess.Popen, int]:
    """dashtui on a pseudo-terminal that is its controlling terminal (so it can hang up)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashtui.cli", *args], stdin=slave, stdout=slave, stderr=slave,
        env={**os.environ, "TERM": "xterm-256color", **env}, start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    return proc, master


def _read(master: int, until, timeout: float = 60) -> bytes:
    """What the terminal received, until `until(received)` or the child closed it."""
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not until(out):
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every copy of the terminal's other side is closed
                break
            if not chunk:
                break
            out += chunk
    return out


def _run_in_pty(args: list[str], home: Path) -> tuple[int, bytes]:
    proc, master = _pty_child(args, {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "c")})
    try:
        out = _read(master, lambda _: False)
        return proc.wait(30), out
    finally:
        os.close(master)


def _hostile_days() -> list[str]:
    # the demo's escape-sequence captions sit today and two days ago in the brand's zone
    today = datetime.now(timezone.utc).date()
    return ["--from", (today - timedelta(days=3)).isoformat(),
            "--to", (today + timedelta(days=2)).isoformat()]


def _no_controls(out: bytes) -> None:
    assert b"\x1b" not in out and b"\x07" not in out
    text = out.decode("utf-8")
    assert not re.search("[\x80-\x9f]", text), "a C1 control reached the terminal"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_export_to_a_terminal_shows_controls_and_a_file_keeps_them(tmp_path):
    rc, out = _run_in_pty(["--demo", "export", *_hostile_days()], tmp_path)
    assert rc == 0
    _no_controls(out)
    assert b"RED ALERT" in out and b"^[]52;c;" in out  # the caption is there, made visible

    raw = tmp_path / "posts.csv"
    rc, out = _run_in_pty(["--demo", "export", *_hostile_days(), "-o", str(raw)], tmp_path)
    assert rc == 0 and b"wrote" in out
    assert "\x1b]52;c;" in raw.read_text(encoding="utf-8")  # files get the raw text


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_json_export_to_a_terminal_stays_json_with_the_same_captions(tmp_path):
    rc, out = _run_in_pty(["export", *_hostile_days(), "--format", "json", "--demo"], tmp_path)
    assert rc == 0
    _no_controls(out)
    on_screen = json.loads(out.decode("utf-8").replace("\r\n", "\n"))
    captions = [p.get("caption") or p.get("text") or "" for p in on_screen]
    # escaped as \uXXXX, so a JSON reader still gets the caption byte for byte
    assert any("\x1b]52;c;" in c and "\x9b31m" in c for c in captions)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "hang-up"])
def test_the_demo_removes_its_directory_when_killed_or_hung_up(tmp_path, how):
    home = tmp_path / "tmp"
    home.mkdir()
    proc, master = _pty_child(["--demo"], {"TMPDIR": str(home), "HOME": str(tmp_path),
                                           "XDG_CONFIG_HOME": str(tmp_path / "c")})
    try:
        started = _read(master, lambda out: b"failed" in out)  # the header is drawn
        assert b"failed" in started, "the demo did not start"
        demo_dirs = list(home.iterdir())
        assert [d.name[:13] for d in demo_dirs] == ["dashtui-demo-"]
        if how == "hang-up":
            os.close(master)  # the terminal goes away: the kernel sends SIGHUP
            master = -1
            # SIGHUP, or the app's read of the dead terminal failing first: it ends either way
            assert proc.wait(30) != 0
        else:
            proc.send_signal(getattr(signal, how))
            after = _read(master, lambda _: False, timeout=30)
            rc = proc.wait(30)
            assert rc == 128 + getattr(signal, how)
            assert b"\x1b[?1049l" in after  # the terminal was given back, not left raw
        assert list(home.iterdir()) == []
    finally:
        if proc.poll() is None:
            proc.kill()
        if master >= 0:
            os.close(master)
