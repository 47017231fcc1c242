"""Building a backend: the one place outside a backend package that knows which exist.

The core and the UI call these and get a `dashtui.backend.Backend`; they never import a
backend package themselves (tests/test_layers.py). Each import is inside its function: a
backend's client (httpx, pydantic models) is not on the start-up path.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..config import BACKEND_KINDS as KINDS, BACKEND_LABELS as LABELS

if TYPE_CHECKING:
    from ..backend import Backend
    from ..config import Account, Config

DEMO_TOKEN = "dash-sandbox-token"
DEMO_ROOT = "http://sandbox.invalid"  # never resolved: requests go to the in-process ASGI app
# the demo sandboxes' tokens (each sandbox's own default)
DEMO_TOKENS = {"dash": DEMO_TOKEN, "genviral": "gva_live_demo.sandbox-secret",
               "infinipost": "sk_test_demo_sandbox"}
SANDBOX_PORTS = {"dash": 8765, "genviral": 8766, "infinipost": 8767}


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown backend {kind!r} (known: {', '.join(KINDS)})")
    return kind


def from_account(account: Account, *, timeout: float = 15, transport: Any = None) -> Backend:
    """The backend of one configured account, with its token."""
    token = account.token_value() or ""
    kind = _kind(account.backend)
    if kind == "genviral":
        from .genviral.client import DEFAULT_ROOT, GenviralClient

        return GenviralClient(token, account.api_root or DEFAULT_ROOT, workspace=account.name,
                              timeout=timeout, transport=transport)
    if kind == "infinipost":
        from .infinipost.client import DEFAULT_ROOT as IP_ROOT, InfinipostClient

        return InfinipostClient(token, account.api_root or IP_ROOT, workspace=account.name,
                                timeout=timeout, transport=transport)
    from .dash.client import DashClient
    from .dash.urls import service_urls

    return DashClient(token, service_urls(account), timeout=timeout, transport=transport)


def from_config(config: Config, *, timeout: float = 15) -> Backend:
    """The backend of the account this run opens."""
    return from_account(config.active_account(), timeout=timeout)


def demo_backend(sandbox_app: Any, kind: str = "dash", *, workspace: str | None = None
                 ) -> Backend:
    """A backend over an in-process sandbox app (no network, no token); `workspace` names
    a peer's one workspace (default: the demo's own name)."""
    kind = _kind(kind)
    if kind == "genviral":
        from .genviral import factory as gv

        return gv.demo_backend(sandbox_app, **({"workspace": workspace} if workspace else {}))
    if kind == "infinipost":
        from .infinipost import factory as ip

        return ip.demo_backend(sandbox_app, **({"workspace": workspace} if workspace else {}))
    import httpx

    from .dash.client import DashClient
    from .dash.urls import ServiceURLs

    return DashClient(DEMO_TOKEN, ServiceURLs.from_root(DEMO_ROOT),
                      transport=httpx.ASGITransport(app=sandbox_app))


def demo_sandbox(kind: str = "dash", *, now: datetime | None = None, seed: int = 7,
                 profile: str = "strict", brands: int | None = None) -> Any:
    """A demo sandbox app of `kind` with its demo data; with `now`, its clock is frozen.
    `brands` (Dash only): demo data for that many brands instead of three."""
    kind = _kind(kind)
    if kind == "genviral":
        from .genviral import factory as gv

        return gv.demo_sandbox(now=now, seed=seed, profile=profile)
    if kind == "infinipost":
        from .infinipost import factory as ip

        return ip.demo_sandbox(now=now, seed=seed, profile=profile)
    from .dash.sandbox.app import create_app
    from .dash.sandbox.demo import build_demo_state

    state = build_demo_state(seed=seed, now=now, brands=brands)
    if now is not None:
        state.frozen_at = now.isoformat()
    return create_app(state, token=DEMO_TOKEN, profile=profile)


def demo_sandbox_backend(kind: str = "dash") -> Backend:
    """A backend over a fresh in-process sandbox with the demo data (`--demo` commands)."""
    if _kind(kind) == "dash":
        from .dash.sandbox.app import create_app

        return demo_backend(create_app(token=DEMO_TOKEN))
    return demo_backend(demo_sandbox(kind), kind)


def run_sandbox(kind: str = "dash", **options: Any) -> None:
    """Serve a sandbox (`dashtui sandbox [--backend NAME]`)."""
    kind = _kind(kind)
    if kind == "genviral":
        from .genviral import factory as gv

        return gv.run_sandbox(**options)
    if kind == "infinipost":
        from .infinipost import factory as ip

        return ip.run_sandbox(**options)
    from .dash.sandbox.app import run_sandbox as run

    run(**options)
