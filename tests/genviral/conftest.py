"""The Genviral sandbox served over real HTTP on 127.0.0.1 (uvicorn in a thread), once per
profile for the whole run, with fresh demo data and a frozen clock for every test."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from dashtui.backends.genviral.client import GenviralClient
from dashtui.backends.genviral.sandbox.app import create_app, serve_in_thread
from dashtui.backends.genviral.sandbox.demo import build_demo_state
from dashtui.backends.genviral.sandbox.profile import get_profile

TOKEN = "gva_live_test.SECRET-9f2c-never-print"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def fresh_state():
    state = build_demo_state(seed=7, now=NOW)
    state.frozen_at = NOW.isoformat()
    return state


class Sandbox:
    """One running sandbox: base URL, live runtime, control calls, raw calls, clients."""

    def __init__(self, app: Any, base: str, profile: str) -> None:
        self.app, self.base, self.profile = app, base, profile

    @property
    def rt(self) -> Any:
        return self.app.state.runtime

    @property
    def state(self) -> Any:
        return self.rt.state

    def reset(self) -> None:
        self.rt.state = fresh_state()
        self.app.state.sandbox = self.rt.state
        self.rt.faults.replace([])
        self.rt.publisher.outcomes.clear()
        self.rt.publisher.fail_rate = 0.0
        self.rt.profile = get_profile(self.profile)
        self.rt.delete_errors = set()
        self.rt.requests.clear()

    def account(self, platform: str, kind: str = "byo") -> str:
        return next(a["id"] for a in self.state.accounts.values()
                    if a["platform"] == platform and a["type"] == kind
                    and a["status"] == "active")

    def posts_with(self, status: str) -> list[dict[str, Any]]:
        return [p for p in self.state.posts.values() if p["status"] == status]

    def hits(self, method: str, fragment: str = "") -> int:
        return sum(1 for m, p in self.rt.requests if m == method and fragment in p)

    def control(self, method: str, path: str, body: Any = None) -> Any:
        resp = httpx.request(method, f"{self.base}/_sandbox/{path}", json=body, timeout=5,
                             headers={"Authorization": f"Bearer {TOKEN}"})
        resp.raise_for_status()
        return resp.json()

    def faults(self, **rule: Any) -> None:
        self.control("POST", "faults", rule)

    def raw(self, method: str, path: str, *, token: str = TOKEN, **kw: Any) -> httpx.Response:
        return httpx.request(method, f"{self.base}{path}", timeout=5,
                             headers={"Authorization": f"Bearer {token}",
                                      "Content-Type": "application/json"}, **kw)

    def client(self, token: str = TOKEN, **kw: Any) -> GenviralClient:
        return GenviralClient(token, self.base, workspace="Sunny Bakes", **kw)


@pytest.fixture(scope="session", params=["strict", "lenient"])
def gv_server(request):
    app = create_app(fresh_state(), token=TOKEN, profile=request.param)
    with serve_in_thread(app) as base:
        yield Sandbox(app, base, request.param)


@pytest.fixture(autouse=True)
def _no_read_backoff(monkeypatch):
    from dashtui.backends.genviral import client as module

    monkeypatch.setattr(module, "READ_RETRY_DELAY", 0.0)


@pytest.fixture
def gv(gv_server) -> Sandbox:
    gv_server.reset()
    yield gv_server
    gv_server.reset()


@pytest.fixture
async def client(gv):
    async with gv.client() as c:
        yield c
