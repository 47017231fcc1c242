"""Shared fixtures. Every test runs with its own config, data and cache directories."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """Keep tests away from the user's real config, cache and token."""
    monkeypatch.setenv("DASHTUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("DASHTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DASH_API_TOKEN", raising=False)
    monkeypatch.delenv("DASHTUI_API_ROOT", raising=False)
    monkeypatch.setenv("TZ", "UTC")
