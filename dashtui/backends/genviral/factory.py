"""What dashtui/backends/__init__.py (the factory) calls for Genviral, so it needs no
knowledge of this package beyond these four names. Imports stay inside the functions:
httpx, pydantic and Starlette are not on the start-up path."""

from __future__ import annotations

from datetime import datetime
from typing import Any

DEMO_ROOT = "http://genviral-sandbox.invalid"  # never resolved: the in-process ASGI app


def client(token: str, root: str | None = None, *, workspace: str | None = None,
           timeout: float = 15.0) -> Any:
    """A GenviralClient for a configured account (root None: the real API)."""
    from .client import DEFAULT_ROOT, GenviralClient

    return GenviralClient(token, root or DEFAULT_ROOT, workspace=workspace, timeout=timeout)


def demo_sandbox(*, now: datetime | None = None, seed: int = 7, profile: str = "strict",
                 fail_rate: float = 0.1) -> Any:
    """The sandbox app with its demo data; with `now`, its clock is frozen there."""
    from .sandbox import DEMO_TOKEN
    from .sandbox.app import create_app
    from .sandbox.demo import build_demo_state

    state = build_demo_state(seed=seed, now=now)
    if now is not None:
        state.frozen_at = now.isoformat()
    return create_app(state, token=DEMO_TOKEN, profile=profile, seed=seed,
                      fail_rate=fail_rate)


def demo_backend(app: Any, *, workspace: str = "Sunny Bakes (demo)") -> Any:
    """A GenviralClient over an in-process sandbox app (no network)."""
    import httpx

    from .client import GenviralClient
    from .sandbox import DEMO_TOKEN

    return GenviralClient(DEMO_TOKEN, DEMO_ROOT, workspace=workspace,
                          transport=httpx.ASGITransport(app=app))


def run_sandbox(**options: Any) -> None:
    """`dashtui sandbox --backend genviral` (host, port=8766, profile, seed, token, fail_rate)."""
    from .sandbox.app import run_sandbox as run

    run(**options)
