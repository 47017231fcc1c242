"""Nothing typed is lost, tried from outside: the real app in a pseudo-terminal against a
sandbox on 127.0.0.1, killed (SIGKILL) 0.1 s after the last keystroke, or hung up (SIGHUP);
on restart the text is offered back."""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.config import Config
from dashtui.store.outbox import Outbox
from dashtui.ui.launch import build_app
from dashtui.ui.editor.dialogs import RestoreOffer

from .conftest import ZONE, screen_text, settle

TOKEN = "kill-test-SECRET-0b1c2d3e"
TYPED = " zq9"


@pytest.fixture(scope="module")
def sandbox_url():
    from dashtui.backends.dash.sandbox.app import create_app
    from dashtui.backends.dash.sandbox.demo import build_demo_state
    from dashtui.backends.dash.sandbox.server import serve_in_thread

    app = create_app(build_demo_state(seed=7), token=TOKEN)
    with serve_in_thread(app) as base:
        yield base


class Terminal:
    """The app under a pty of 80x24; its output drained (and kept) by a thread."""

    def __init__(self, url: str, data: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "DASH_API_TOKEN": TOKEN, "DASHTUI_DATA_DIR": str(data),
               "DASHTUI_CONFIG": str(data / "no-config.toml"), "TERM": "xterm-256color",
               "TZ": ZONE, "PYTHONPATH": os.pathsep.join(sys.path)}
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dashtui.cli", "--api-root", url, "--tz", ZONE],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            cwd=str(data))
        os.close(slave)
        self.output = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.output += chunk

    def size(self) -> int:
        with self.lock:
            return len(self.output)

    def tail(self, mark: int) -> bytes:
        with self.lock:
            return bytes(self.output[mark:])

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, check, what: str, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while not check():
            assert self.proc.poll() is None, f"the app exited while waiting for {what}"
            assert time.monotonic() < deadline, f"gave up waiting for {what}"
            time.sleep(0.05)

    def wait_quiet_output_after(self, mark: int) -> None:
        """Until the app has painted something after `mark` (it read the keys)."""
        self.wait_for(lambda: self.size() > mark, "a repaint")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        os.close(self.master)


def _buffers(data: Path) -> list:
    path = data / "outbox.sqlite3"
    if not path.exists():
        return []
    box = Outbox(path)
    try:
        return box.buffers()
    finally:
        box.close()


def _typed_into_buffer(data: Path, text: str) -> bool:
    return any(text in str(body.get("draft")) for _, body, _ in _buffers(data))


def _cached_posts(data: Path) -> int:
    import sqlite3

    path = data / "cache.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    except sqlite3.Error:
        return 0


def _edit_and_type(term: Terminal, data: Path) -> None:
    # conditions, not sleeps, wherever the app can be slow (two cores, many tests)
    term.wait_for(lambda: _cached_posts(data) > 0, "the first refresh")
    mark = term.size()
    term.send("2")
    term.wait_for(lambda: b"Filter" in term.tail(mark), "the list")  # its footer
    time.sleep(0.5)
    mark = term.size()
    term.send("s")  # scheduled posts only, the last one (later in the month): editable
    term.wait_for(lambda: term.size() > mark, "the filtered list")
    time.sleep(0.5)
    mark = term.size()
    term.send("G")
    term.wait_for(lambda: term.size() > mark, "the cursor on the last post")
    time.sleep(0.3)
    mark = term.size()
    term.send("e")
    term.wait_for(lambda: b"no changes yet" in term.tail(mark), "the editor")
    assert b"Read-only" not in term.tail(mark)
    # the first key proves the editor is writing; the rest is the race
    term.send(TYPED[0])
    term.wait_for(lambda: _typed_into_buffer(data, TYPED[0]), "the editor's buffer")
    mark = term.size()
    for key in TYPED[1:]:
        term.send(key)
    term.wait_quiet_output_after(mark)


async def _offered_back(url: str, data: Path) -> tuple[str, str]:
    """(the offer's text, the caption once reopened)."""
    config = Config(api_root=url, timezone=ZONE, token=TOKEN)
    client = DashClient(TOKEN, ServiceURLs.from_root(url))
    app = build_app(config, client=client, cache_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(40):
            if isinstance(app.screen, RestoreOffer):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, RestoreOffer), screen_text(app)
        offer = screen_text(app)
        await pilot.press("enter")  # "Reopen it" has the focus
        await settle(pilot)
        return offer, app.screen.query_one("#caption", TextArea).text


@pytest.mark.parametrize("how", ["SIGKILL", "SIGHUP", "SIGTERM"])
async def test_a_kill_right_after_typing_keeps_the_text(sandbox_url, tmp_path, how):
    term = Terminal(sandbox_url, tmp_path)
    try:
        _edit_and_type(term, tmp_path)
        time.sleep(0.1)
        os.killpg(term.proc.pid, getattr(signal, how))
        term.proc.wait(timeout=20)
    finally:
        term.close()
    assert _typed_into_buffer(tmp_path, TYPED)
    offer, caption = await _offered_back(sandbox_url, tmp_path)
    assert "Unsaved edit found" in offer and "not saved" in offer
    assert caption.endswith(TYPED)
