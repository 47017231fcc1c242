"""What happens to every request before a route sees it: injected faults, bearer auth, the
plan gate (402 subscription_required, 403 tier_not_allowed), a publisher tick.

It wraps the whole Starlette app so it holds the server's own `send`: that is how a dropped
connection can close the socket under uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from .envelope import ApiError, dumps
from .faults import Faults, failure_code, mangle
from .profile import STRICT, Profile
from .publisher import Publisher
from .state import State

ASGI = Callable[..., Awaitable[None]]
HTML = (b"<html><head><title>{code} Bad Gateway</title></head><body><center><h1>{code} "
        b"Bad Gateway</h1></center></body></html>")


class DroppedConnection(httpx.RemoteProtocolError):
    """In-process (httpx.ASGITransport, no socket to close): raised instead of answering,
    the same error a dropped HTTP connection gives the client. Over real HTTP the socket is
    closed instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class _QuietDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


@dataclass
class Runtime:
    state: State
    token: str
    publisher: Publisher = field(default_factory=Publisher)
    faults: Faults = field(default_factory=Faults)
    profile: Profile = STRICT
    delete_errors: set[str] = field(default_factory=set)  # ids whose delete "fails"
    requests: list[tuple[str, str]] = field(default_factory=list)  # API calls seen

    def commit(self) -> None:
        pass  # nothing persisted; a hook for symmetry with the publisher

    def tick(self) -> list[dict[str, Any]]:
        return self.publisher.tick(self.state, self.state.now())


def _bearer(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            text = value.decode("latin-1").strip()
            return text[7:].strip() if text[:7].lower() == "bearer " else None
    return None


async def _respond(send: ASGI, status: int, body: bytes,
                   content_type: bytes = b"application/json") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _error(rt: Runtime, send: ASGI, err: ApiError) -> None:
    await _respond(send, err.status, dumps(err.body(rt.profile.code_is_word)))


async def _drop(send: ASGI) -> None:
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is not None:
        transport.close()
        for _ in range(3):
            await asyncio.sleep(0)
        return
    raise DroppedConnection("Server disconnected without sending a response.")


async def pipeline(rt: Runtime, scope: dict[str, Any], receive: ASGI, send: ASGI,
                   inner: ASGI) -> None:
    path, method = scope.get("path", ""), scope.get("method", "GET")
    control = path.startswith("/_sandbox")
    token = _bearer(scope)
    if not control:
        rt.requests.append((method, path))
    decision = rt.faults.decide(method, path)
    if decision.latency:
        await asyncio.sleep(decision.latency)
    act, rule = decision.action, decision.rule
    if rule is not None and not rule.after:
        if act == "hang":
            await asyncio.sleep(rule.hang_seconds)
        elif act == "drop":
            return await _drop(send)
    if act == "error" and rule is not None:
        if rule.error_body == "html":
            page = HTML.replace(b"{code}", str(rule.error_status).encode())
            return await _respond(send, rule.error_status, page, b"text/html")
        return await _error(rt, send, ApiError(rule.error_status, failure_code(method, path),
                                               "Internal error (injected)."))
    if act == "fail":
        code = failure_code(method, path)
        return await _error(rt, send, ApiError(500, code, f"{code.replace('_', ' ')} "
                                               "unexpectedly."))
    if token != rt.token:
        return await _error(rt, send, ApiError(401, "unauthorized", "Missing, invalid or "
                                               "revoked API key."))
    if not control:
        plan = rt.state.plan
        if plan == "none":
            return await _error(rt, send, ApiError(
                402, "subscription_required", "An active Creator, Professional or Business "
                "plan is required."))
        if plan == "scheduler":
            return await _error(rt, send, ApiError(
                403, "tier_not_allowed", "The Scheduler tier cannot use the Partner API."))
        rt.tick()
    if act not in ("malformed", "drop", "hang"):
        return await inner(scope, receive, send)
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def capture(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await inner(scope, receive, capture)  # the write is applied...
    if act == "drop":
        return await _drop(send)  # ...and the answer lost
    if act == "hang" and rule is not None:
        await asyncio.sleep(rule.hang_seconds)
    body = b"".join(chunks)
    if act == "malformed":
        body = mangle(body)
    headers = [(k, x) for k, x in start.get("headers", []) if k.lower() != b"content-length"]
    await send({"type": "http.response.start", "status": start.get("status", 500),
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
