"""Fixtures for the API client tests: a fake clock, MockTransport clients, and the sandbox
served over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from dashtui.backends.dash.client import DashClient
from dashtui.backends.dash.retry import RetryPolicy
from dashtui.backends.dash.urls import ServiceURLs

# distinctive, so a leak anywhere is easy to find
TOKEN = "tok-SECRET-5f3a9c1e-do-not-leak"


class FakeClock:
    """Sleep advances time instead of waiting; the wall clock moves with it."""

    def __init__(self, wall: float = 1_780_000_000.0) -> None:
        self.now = 0.0
        self.wall0 = wall
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.wall0 + self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def policy(self, **kw: Any) -> RetryPolicy:
        kw.setdefault("jitter", False)
        return RetryPolicy(sleep=self.sleep, clock=self.clock, wall=self.wall, **kw)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class Recorder:
    """A MockTransport handler that records requests and answers from a script or function."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    def body(self, i: int = -1) -> Any:
        return json.loads(self.requests[i].content)


@pytest.fixture
async def mock_client(clock):
    """`make(handler, **client_kw)` -> (DashClient, Recorder) over an httpx.MockTransport."""
    made: list[DashClient] = []

    def make(handler, *, token: str = TOKEN, **kw: Any) -> tuple[DashClient, Recorder]:
        rec = Recorder(handler)
        kw.setdefault("retry", clock.policy())
        client = DashClient(token, ServiceURLs(), transport=httpx.MockTransport(rec), **kw)
        made.append(client)
        return client, rec

    yield make
    for c in made:
        await c.aclose()


def smorest(code: int, status: str, **extra: Any) -> dict[str, Any]:
    """A flask-smorest error body (reference 10.2)."""
    return {"code": code, "status": status, **extra}


# -- a raw TCP server for transport failures the sandbox may not offer --------------------
class RawServer:
    """Answers every connection on 127.0.0.1 with `behaviour`: "drop" (close after reading
    the request), "hang" (never answer) or bytes to send verbatim."""

    def __init__(self, behaviour: str | bytes) -> None:
        self.behaviour = behaviour
        self.hits = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self._sock.getsockname()[1]

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.settimeout(0.5)
            try:
                conn.recv(65536)
            except OSError:
                pass
            if self.behaviour == "drop":
                conn.close()
            elif self.behaviour == "hang":
                self._conns.append(conn)  # keep it open, say nothing
            else:
                conn.sendall(self.behaviour)
                conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self._conns:
            conn.close()
        self._sock.close()


@pytest.fixture
def raw_server():
    servers: list[RawServer] = []

    def make(behaviour: str | bytes) -> RawServer:
        servers.append(RawServer(behaviour))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: bound, then released."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# -- the sandbox over real HTTP -----------------------------------------------------------
SANDBOX_TOKEN = "sbx-SECRET-7d1e0b44-never-print"
BRAND, OTHER_BRAND = 144, 145  # the token reaches 144 only
FROZEN_NOW = "2026-03-01T12:00:00+00:00"  # before every timestamp the tests schedule
BOARD = {"description": "", "id": "123456789012345678", "name": "Spring Style",
         "preview_url": "https://example.com/board.jpg", "protected": False}


def fresh_state():
    """A small known world: two brands (one out of reach), a board, a frozen clock."""
    from dashtui.backends.dash.sandbox.state import SandboxState

    state = SandboxState()
    state.brands = {BRAND: {"id": BRAND, "name": "Acme", "slug": "acme"},
                    OTHER_BRAND: {"id": OTHER_BRAND, "name": "Elsewhere", "slug": "elsewhere"}}
    state.accessible_brands = [BRAND]
    state.boards = {BRAND: [dict(BOARD)], OTHER_BRAND: [dict(BOARD, id="999")]}
    state.frozen_at = FROZEN_NOW
    return state


class CountingApp:
    """Wraps the sandbox to count the API requests that reached it (not /_sandbox)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[str, str]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/_sandbox"):
            self.seen.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


class Sandbox:
    """Handle on one running sandbox: its URLs, live state, control endpoints, a counter."""

    def __init__(self, counting: CountingApp, base: str, profile: str = "strict") -> None:
        self.counting = counting
        self.app = counting.app
        self.base = base
        self.urls = ServiceURLs.from_root(base)
        self.profile = profile  # "strict" or "lenient": the reading of the docs it takes

    @property
    def state(self) -> Any:
        return self.app.state.sandbox

    @property
    def seen(self) -> list[tuple[str, str]]:
        return self.counting.seen

    def hits(self, method: str, fragment: str = "") -> int:
        return sum(1 for m, p in self.seen if m == method and fragment in p)

    def reset(self) -> None:
        """Fresh data, no faults, the normal rate limit, an empty request log."""
        import dataclasses

        live, fresh = self.state, fresh_state()
        for f in dataclasses.fields(live):  # in place: the app holds this very object
            setattr(live, f.name, getattr(fresh, f.name))
        rt = self.app.state.runtime
        rt.faults.replace([])
        rt.limiter.limit = 1000
        rt.limiter.windows.clear()
        rt.publisher.outcomes.clear()
        from dashtui.backends.dash.sandbox.profile import get_profile

        rt.profile = get_profile(self.profile)  # options a test changed are undone too
        self.seen.clear()

    def control(self, method: str, path: str, body: Any = None) -> Any:
        resp = httpx.request(method, f"{self.base}/_sandbox/{path}", json=body, timeout=5,
                             headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"})
        resp.raise_for_status()
        return resp.json()

    def faults(self, **rule: Any) -> None:
        self.control("POST", "faults", rule)

    def client(self, clock: FakeClock | None = None, token: str = SANDBOX_TOKEN,
               **kw: Any) -> DashClient:
        if clock is not None:
            kw.setdefault("retry", clock.policy())
        return DashClient(token, self.urls, **kw)


@pytest.fixture(scope="session", params=["strict", "lenient"])
def sandbox_server(request):
    """One sandbox per profile for the whole run; every test that uses it runs against both
    readings of the docs (dashtui must work under either)."""
    from dashtui.backends.dash.sandbox.app import create_app
    from dashtui.backends.dash.sandbox.server import serve_in_thread

    app = create_app(fresh_state(), token=SANDBOX_TOKEN, demo=False, seed=7,
                     profile=request.param)
    counting = CountingApp(app)
    with serve_in_thread(counting) as base:
        yield Sandbox(counting, base, request.param)


@pytest.fixture
def sandbox(sandbox_server) -> Sandbox:
    sandbox_server.reset()
    yield sandbox_server
    sandbox_server.reset()


@pytest.fixture
def real_clock() -> FakeClock:
    """Fake sleeps, but a wall clock that agrees with the sandbox's reset headers."""
    import time

    return FakeClock(wall=time.time())
