"""What happens to every request before a route sees it: injected faults, bearer auth, the
plan gate (402 subscription_required, 403 tier_not_allowed), a publisher tick.

The fault steps around these are dashtui.sandbox_kit.pipeline's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dashtui.sandbox_kit.pipeline import ASGI, before_handler, bearer, respond, run_handler

from .envelope import ApiError, dumps
from .faults import Faults, failure_code
from .profile import STRICT, Profile
from .publisher import Publisher
from .state import State

# the proxy in front of the Partner API words its own page
HTML = (b"<html><head><title>{code} Bad Gateway</title></head><body><center><h1>{code} "
        b"Bad Gateway</h1></center></body></html>")


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


async def _error(rt: Runtime, send: ASGI, err: ApiError) -> None:
    await respond(send, err.status, dumps(err.body(rt.profile.code_is_word)))


async def pipeline(rt: Runtime, scope: dict[str, Any], receive: ASGI, send: ASGI,
                   inner: ASGI) -> None:
    path, method = scope.get("path", ""), scope.get("method", "GET")
    control = path.startswith("/_sandbox")
    token = bearer(scope)
    if not control:
        rt.requests.append((method, path))
    decision = rt.faults.decide(method, path)
    if await before_handler(decision, send):
        return
    act, rule = decision.action, decision.rule
    if act == "error" and rule is not None:
        if rule.error_body == "html":
            page = HTML.replace(b"{code}", str(rule.error_status).encode())
            return await respond(send, rule.error_status, page, content_type=b"text/html")
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
    return await run_handler(decision, scope, receive, send, inner, send)
