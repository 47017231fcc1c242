"""Snapshot of the error panel: an expired token against the demo sandbox."""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import Input

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.urls import ServiceURLs
from dashtui.config import Config
from dashtui.demo import DEMO_ROOT
from dashtui.ui.launch import build_app, build_demo_app

from .conftest import NOW, ZONE, settle


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_error_panel_for_an_expired_token(snap_compare, tmp_path, size):
    assert snap_compare(expired_token_app(tmp_path), terminal_size=size, run_before=settle)


def expired_token_app(tmp_path):
    """The app over the demo sandbox with a token the sandbox refuses."""
    sandbox = build_demo_app(Config(timezone=ZONE), tmp_path / "demo", now=NOW).sandbox_app
    expired = DashClient("expired-token-0000", ServiceURLs.from_root(DEMO_ROOT),
                         transport=httpx.ASGITransport(app=sandbox))
    return build_app(Config(timezone=ZONE), client=expired, cache_dir=tmp_path / "app",
                     clock=lambda: NOW)
