"""The built-in demo: the client talks to an in-process sandbox, no network, no token."""

from __future__ import annotations

from typing import Any

from .api.client import DashClient
from .api.urls import ServiceURLs

DEMO_TOKEN = "dash-sandbox-token"
DEMO_ROOT = "http://sandbox.invalid"  # never resolved: requests go to the in-process ASGI app


def demo_client(sandbox_app: Any) -> DashClient:
    import httpx

    return DashClient(DEMO_TOKEN, ServiceURLs.from_root(DEMO_ROOT),
                      transport=httpx.ASGITransport(app=sandbox_app))
