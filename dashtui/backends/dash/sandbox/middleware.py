"""What happens to every request before a route sees it: rate limiting (with the documented
x-ratelimit-* headers), injected faults, bearer auth, and a publisher tick.

It wraps the whole Starlette app (not as a Starlette middleware) so that it sees the
server's own `send`: that is how a dropped connection can close the socket under uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import dumps, error_body, reason
from .faults import HTML_5XX, DroppedConnection, Faults, mangle
from .profile import STRICT, Profile
from .publisher import Publisher
from .state import SandboxState

ASGI = Callable[..., Awaitable[None]]


class RateLimiter:
    """[D] a per-minute request budget per key; fixed windows aligned to the minute."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.time) -> None:
        self.limit, self.clock = limit, clock
        self.windows: dict[str, tuple[int, int]] = {}  # key -> (window start, used)

    def _window(self, key: str) -> tuple[int, int]:
        start = int(self.clock() // 60 * 60)
        seen = self.windows.get(key)
        return (start, seen[1]) if seen and seen[0] == start else (start, 0)

    def hit(self, key: str) -> tuple[bool, int, int]:
        start, used = self._window(key)
        used += 1
        self.windows[key] = (start, used)
        return used <= self.limit, max(0, self.limit - used), start + 60

    def peek(self, key: str) -> tuple[int, int]:
        start, used = self._window(key)
        return max(0, self.limit - used), start + 60


@dataclass
class Runtime:
    """The live sandbox behind one app: state plus everything that isn't persisted."""

    state: SandboxState
    token: str
    state_file: Path | None = None
    publisher: Publisher = field(default_factory=Publisher)
    faults: Faults = field(default_factory=Faults)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(1000))
    profile: Profile = STRICT  # which reading of the reference's ambiguities (profile.py)

    def commit(self) -> None:
        """After every write: the publisher rescans, and the state file is saved."""
        self.publisher.dirty = True
        if self.state_file is not None:
            self.state.save(self.state_file)

    def tick(self) -> list[dict[str, Any]]:
        changes = self.publisher.tick(self.state, self.state.now())
        if changes and self.state_file is not None:
            self.state.save(self.state_file)
        return changes


class _QuietDrops(logging.Filter):
    """uvicorn logs a traceback for an app exception; an injected drop is not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


def _bearer(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            text = value.decode("latin-1").strip()
            if text[:7].lower() == "bearer ":
                return text[7:].strip()
            return None
    return None


async def _respond(send: ASGI, status: int, body: bytes, headers: list[tuple[bytes, bytes]],
                   content_type: bytes = b"application/json") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


async def _drop(send: ASGI) -> None:
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is not None:  # uvicorn: close the socket, answer nothing
        transport.close()
        for _ in range(3):  # let connection_lost run so uvicorn doesn't try a 500
            await asyncio.sleep(0)
        return
    raise DroppedConnection("Server disconnected without sending a response.")


async def pipeline(rt: Runtime, scope: dict[str, Any], receive: ASGI, send: ASGI,
                   inner: ASGI) -> None:
    path, method = scope.get("path", ""), scope.get("method", "GET")
    control = path.startswith("/_sandbox")
    token = _bearer(scope)
    key = token or ""
    if control:  # the test harness's own calls don't spend the client's budget
        allowed, (remaining, reset) = True, rt.limiter.peek(key)
    else:
        allowed, remaining, reset = rt.limiter.hit(key)
    limits = [(b"x-ratelimit-limit", str(rt.limiter.limit).encode()),
              (b"x-ratelimit-remaining", str(remaining).encode()),
              (b"x-ratelimit-reset", str(reset).encode())]

    async def send_limited(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *limits]}
        await send(message)

    if not allowed:
        # [U] status and Retry-After are undocumented: 429 and Retry-After are assumptions
        wait = max(1, math.ceil(reset - rt.limiter.clock()))
        return await _respond(send, 429, dumps(error_body(
            429, "Rate limit exceeded; retry after x-ratelimit-reset.")),
            [*limits, (b"retry-after", str(wait).encode())])

    decision = rt.faults.decide(method, path)
    if decision.latency:
        await asyncio.sleep(decision.latency)
    act, rule = decision.action, decision.rule
    if rule is not None and not rule.after:
        if act == "hang":
            await asyncio.sleep(rule.hang_seconds)
        elif act == "drop":
            return await _drop(send)
    if act == "rate_limit" and rule is not None:
        burst = [(b"x-ratelimit-limit", str(rt.limiter.limit).encode()),
                 (b"x-ratelimit-remaining", b"0"),
                 (b"x-ratelimit-reset", str(int(time.time()) + rule.retry_after).encode()),
                 (b"retry-after", str(rule.retry_after).encode())]
        return await _respond(send, 429, dumps(error_body(429)), burst)
    if act == "error" and rule is not None:
        code = rule.error_status
        if rule.error_body == "html":
            page = HTML_5XX.replace(b"{code}", str(code).encode()).replace(
                b"{reason}", reason(code).encode())
            return await _respond(send, code, page, limits, b"text/html")
        return await _respond(send, code, dumps(error_body(code)), limits)

    if token != rt.token:
        return await _respond(send, 401, dumps(error_body(
            401, "Missing or invalid bearer token.")), limits)
    rt.tick()

    if act not in ("malformed", "drop", "hang"):
        return await inner(scope, receive, send_limited)
    # buffer the real response, then spoil it
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def capture(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await inner(scope, receive, capture)
    if act == "drop":
        return await _drop(send)
    if act == "hang" and rule is not None:
        await asyncio.sleep(rule.hang_seconds)
    body = b"".join(chunks)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    status = start.get("status", 500)
    if act == "malformed":
        body = mangle(body)
        status = 200 if status == 204 else status  # a 204 cannot carry the broken body
    await send_limited({"type": "http.response.start", "status": status,
                        "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send_limited({"type": "http.response.body", "body": body})
