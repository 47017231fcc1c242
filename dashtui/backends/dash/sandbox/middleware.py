"""What happens to every request before a route sees it: rate limiting (with the documented
x-ratelimit-* headers), injected faults, bearer auth, and a publisher tick.

The fault steps around these are dashtui.sandbox_kit.pipeline's.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dashtui.sandbox_kit import state as kit
from dashtui.sandbox_kit.faults import html_page
from dashtui.sandbox_kit.pipeline import ASGI, before_handler, bearer, respond, run_handler

from .errors import dumps, error_body, reason
from .faults import Faults
from .profile import STRICT, Profile
from .publisher import Publisher
from .state import SandboxState


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
class Runtime(kit.Runtime):
    """The live sandbox behind one app: state plus everything that isn't persisted."""

    state: SandboxState
    publisher: Publisher = field(default_factory=Publisher)
    faults: Faults = field(default_factory=Faults)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(1000))
    profile: Profile = STRICT  # which reading of the reference's ambiguities (profile.py)

    def commit(self) -> None:
        """After every write: the publisher rescans, and the state file is saved."""
        self.publisher.dirty = True
        self.save()


async def pipeline(rt: Runtime, scope: dict[str, Any], receive: ASGI, send: ASGI,
                   inner: ASGI) -> None:
    path, method = scope.get("path", ""), scope.get("method", "GET")
    if path.startswith("/storage/"):  # the S3 stand-in: signed links, no token, no budget
        return await inner(scope, receive, send)
    control = path.startswith("/_sandbox")
    token = bearer(scope)
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
        return await respond(send, 429, dumps(error_body(
            429, "Rate limit exceeded; retry after x-ratelimit-reset.")),
            [*limits, (b"retry-after", str(wait).encode())])

    decision = rt.faults.decide(method, path)
    if await before_handler(decision, send):
        return
    act, rule = decision.action, decision.rule
    if act == "rate_limit" and rule is not None:
        burst = [(b"x-ratelimit-limit", str(rt.limiter.limit).encode()),
                 (b"x-ratelimit-remaining", b"0"),
                 (b"x-ratelimit-reset", str(int(time.time()) + rule.retry_after).encode()),
                 (b"retry-after", str(rule.retry_after).encode())]
        return await respond(send, 429, dumps(error_body(429)), burst)
    if act == "error" and rule is not None:
        code = rule.error_status
        if rule.error_body == "html":
            return await respond(send, code, html_page(code, reason(code)), limits, b"text/html")
        return await respond(send, code, dumps(error_body(code)), limits)

    if token != rt.token:
        return await respond(send, 401, dumps(error_body(
            401, "Missing or invalid bearer token.")), limits)
    rt.tick()
    return await run_handler(decision, scope, receive, send_limited, inner, send,
                             no_content_body=True)
