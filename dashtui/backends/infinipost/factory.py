"""What dashtui/backends/__init__.py (the factory) calls for Infinipost, so it needs no
knowledge of this package beyond these names. Imports stay inside the functions: httpx,
pydantic and Starlette are not on the start-up path."""

from __future__ import annotations

from datetime import datetime
from typing import Any

DEMO_ROOT = "http://infinipost-sandbox.invalid/v1"  # never resolved: the in-process ASGI app


def demo_sandbox(*, now: datetime | None = None, seed: int = 7, profile: str = "strict"
                 ) -> Any:
    """The sandbox app with its demo data; with `now`, its clock is frozen there."""
    from .sandbox.app import demo_app

    return demo_app(now=now, seed=seed, profile=profile)


def demo_backend(app: Any, *, workspace: str = "Glow Studio (demo)") -> Any:
    """An InfinipostClient over an in-process sandbox app (no network)."""
    import httpx

    from .client import InfinipostClient
    from .sandbox.app import DEMO_TOKEN

    return InfinipostClient(DEMO_TOKEN, DEMO_ROOT, workspace=workspace,
                            transport=httpx.ASGITransport(app=app))


def run_sandbox(**options: Any) -> None:
    """`dashtui sandbox --backend infinipost` (host, port=8767, profile, seed, token)."""
    from .sandbox.app import run_sandbox as run

    run(**options)
