"""The fault and latency steps every sandbox's request pipeline takes around its own checks
(auth, plans, rate limits).

A sandbox wraps its whole Starlette app (not as a Starlette middleware) so that it sees the
server's own `send`: that is how a dropped connection can close the socket under uvicorn.
Its pipeline then reads:

    decision = rt.faults.decide(method, path)
    if await before_handler(decision, raw_send):
        return                                  # dropped before the handler ran
    ...the sandbox's injected errors, auth, tick...
    return await run_handler(decision, scope, receive, send, inner, raw_send)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from .faults import Decision, DroppedConnection, mangle

ASGI = Callable[..., Awaitable[None]]
SPOILERS = ("malformed", "drop", "hang")  # the kinds that need the handler's answer in hand


class _QuietDrops(logging.Filter):
    """uvicorn logs a traceback for an app exception; an injected drop is not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


def bearer(scope: dict[str, Any]) -> str | None:
    """The token of an `Authorization: Bearer ...` header, None without one."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            text = value.decode("latin-1").strip()
            return text[7:].strip() if text[:7].lower() == "bearer " else None
    return None


async def respond(send: ASGI, status: int, body: bytes,
                  headers: list[tuple[bytes, bytes]] | None = None,
                  content_type: bytes = b"application/json") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


async def drop(send: ASGI) -> None:
    """Close the connection without an answer (in-process: raise what httpx would)."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is not None:  # uvicorn: close the socket, answer nothing
        transport.close()
        for _ in range(3):  # let connection_lost run so uvicorn doesn't try a 500
            await asyncio.sleep(0)
        return
    raise DroppedConnection("Server disconnected without sending a response.")


async def before_handler(decision: Decision, raw_send: ASGI) -> bool:
    """The injected latency, then a hang or drop that is not `after`; True when dropped."""
    if decision.latency:
        await asyncio.sleep(decision.latency)
    act, rule = decision.action, decision.rule
    if rule is not None and not rule.after:
        if act == "hang":
            await asyncio.sleep(rule.hang_seconds)
        elif act == "drop":
            await drop(raw_send)
            return True
    return False


async def run_handler(decision: Decision, scope: dict[str, Any], receive: ASGI, send: ASGI,
                      inner: ASGI, raw_send: ASGI, no_content_body: bool = False) -> None:
    """Run the handler; a malformed, drop or hang fault then spoils its answer: the write
    happens, the client gets half a body, none, or one very late. `no_content_body`: a
    malformed 204 is sent as 200, since a 204 cannot carry the broken body."""
    act, rule = decision.action, decision.rule
    if act not in SPOILERS:
        return await inner(scope, receive, send)
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def capture(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await inner(scope, receive, capture)  # the write happens...
    if act == "drop":
        return await drop(raw_send)  # ...and the answer is lost
    if act == "hang" and rule is not None:
        await asyncio.sleep(rule.hang_seconds)
    body = b"".join(chunks)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    status = start.get("status", 500)
    if act == "malformed":
        body = mangle(body)
        if no_content_body and status == 204:
            status = 200
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
