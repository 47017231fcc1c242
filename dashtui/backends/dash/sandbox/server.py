"""Serving the Dash sandbox over real HTTP (dashtui.sandbox_kit.server does the work)."""

from __future__ import annotations

from typing import Any

from dashtui.sandbox_kit import server as kit
from dashtui.sandbox_kit.server import serve_in_thread

__all__ = ["serve_forever", "serve_in_thread"]


def serve_forever(app: Any, host: str = "127.0.0.1", port: int = 8765) -> None:
    kit.serve_forever(app, host, port)
