"""Building a backend: the one place outside a backend package that knows which exist.

The core and the UI call these and get a `dashtui.backend.Backend`; they never import a
backend package themselves (tests/test_layers.py). Each import is inside its function: a
backend's client (httpx, pydantic models) is not on the start-up path.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..backend import Backend
    from ..config import Config

DEMO_TOKEN = "dash-sandbox-token"
DEMO_ROOT = "http://sandbox.invalid"  # never resolved: requests go to the in-process ASGI app


def from_config(config: Config, *, timeout: float = 15) -> Backend:
    """The backend the config names (today always Dash), with the config's token."""
    from .dash.client import DashClient
    from .dash.urls import service_urls

    return DashClient(config.token_value() or "", service_urls(config), timeout=timeout)


def demo_backend(sandbox_app: Any) -> Backend:
    """A backend over an in-process sandbox app (no network, no token)."""
    import httpx

    from .dash.client import DashClient
    from .dash.urls import ServiceURLs

    return DashClient(DEMO_TOKEN, ServiceURLs.from_root(DEMO_ROOT),
                      transport=httpx.ASGITransport(app=sandbox_app))


def demo_sandbox(*, now: datetime | None = None, seed: int = 7, profile: str = "strict",
                 brands: int | None = None) -> Any:
    """The demo's sandbox app with its demo data; with `now`, its clock is frozen there."""
    from .dash.sandbox.app import create_app
    from .dash.sandbox.demo import build_demo_state

    state = build_demo_state(seed=seed, now=now, brands=brands)
    if now is not None:
        state.frozen_at = now.isoformat()
    return create_app(state, token=DEMO_TOKEN, profile=profile)


def demo_sandbox_backend() -> Backend:
    """A backend over a fresh in-process sandbox with the demo data (`--demo` commands)."""
    from .dash.sandbox.app import create_app

    return demo_backend(create_app(token=DEMO_TOKEN))


def run_sandbox(**options: Any) -> None:
    """Serve the sandbox (`dashtui sandbox`)."""
    from .dash.sandbox.app import run_sandbox as run

    run(**options)
