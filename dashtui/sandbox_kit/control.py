"""Helpers for each sandbox's /_sandbox/* harness: the runtime behind a request, moving the
sandbox clock, the read / replace / clear shape of the fault and outcome endpoints, the
publisher's knobs. The errors are the sandbox's own: each helper takes a `reject` that
builds the sandbox's 4xx (in its service's error shape) from a message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Reject = Callable[[Any], Exception]


@dataclass
class PublisherKnobs:
    """What /_sandbox/publisher and /_sandbox/outcomes set on a sandbox's publisher, which
    subclasses this with its own `tick`: the share of publishes that fail, the seed of the
    draws, and forced outcomes by post id."""

    seed: int = 7
    fail_rate: float = 0.0
    outcomes: dict[Any, dict[str, Any]] = field(default_factory=dict)

    def scan(self, state: Any, now: datetime, id_key: str = "id") -> list[dict[str, Any]]:
        """A tick of a publisher that looks at every post: each moves on by `advance`, and
        those whose status changed are listed (the control endpoint's `transitions`)."""
        changes = []
        for pid, post in state.posts.items():
            before = post.get("status")
            self.advance(state, pid, post, now)
            if post.get("status") != before:
                self.changed(post, now)
                changes.append({id_key: pid, "from": before, "to": post["status"]})
        return changes

    def advance(self, state: Any, pid: Any, post: dict[str, Any], now: datetime) -> None:
        raise NotImplementedError

    def changed(self, post: dict[str, Any], now: datetime) -> None:
        """A post's status moved on (the service may stamp it)."""

CLOCK_KEYS = {"set", "advance", "freeze", "reset"}


def runtime(request: Request) -> Any:
    return request.app.state.runtime


def clock_json(state: Any) -> dict[str, Any]:
    return {"now": state.now().isoformat(), "frozen": state.frozen_at is not None,
            "offset_seconds": state.clock_offset}


def tick_json(rt: Any) -> dict[str, Any]:
    """Run the publisher now."""
    return {"now": rt.state.now().isoformat(), "transitions": rt.tick()}


def plain_seconds(reject: Callable[[], Exception]) -> Callable[[Any], float]:
    """A JSON number of seconds (not a boolean), else the sandbox's error."""
    def seconds(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise reject()
        return value
    return seconds


def move_clock(state: Any, body: Any, *, reject: Callable[[], Exception],
               when: Callable[[Any], datetime], seconds: Callable[[Any], float]) -> None:
    """{"set": iso[, "freeze": false]} | {"advance": seconds} | {"freeze": bool} |
    {"reset": true}. `when` / `seconds` read a value or raise the sandbox's error; `reject`
    is its error for a body of none of these shapes."""
    if not isinstance(body, dict) or not body or set(body) - CLOCK_KEYS:
        raise reject()
    real = datetime.now(timezone.utc)
    if body.get("reset"):
        state.frozen_at, state.clock_offset = None, 0.0
    if "set" in body:
        state.frozen_at, state.clock_offset = when(body["set"]).isoformat(), 0.0
    if "advance" in body:
        step = seconds(body["advance"])
        if state.frozen_at:
            state.frozen_at = (state.now() + timedelta(seconds=step)).isoformat()
        else:
            state.clock_offset += step
    if "freeze" in body:
        if body["freeze"] and not state.frozen_at:
            state.frozen_at = state.now().isoformat()
        elif not body["freeze"] and state.frozen_at:
            state.clock_offset = (state.now() - real).total_seconds()
            state.frozen_at = None


async def clock(request: Request, read: Callable[[Request], Awaitable[Any]],
                respond: Callable[[Any], Response], **move: Any) -> Response:
    """GET|POST /_sandbox/clock; a move (see move_clock, which gets `move`) is saved and
    the publisher runs: the answer lists its transitions."""
    rt = runtime(request)
    if request.method == "GET":
        return respond(clock_json(rt.state))
    move_clock(rt.state, await read(request), **move)
    rt.commit()
    return respond({**clock_json(rt.state), "transitions": rt.tick()})


async def configure(request: Request, read: Callable[[Request], Awaitable[Any]],
                    parse: Callable[[Any], tuple[Any, Any]], apply: Callable[[Any], None],
                    clear: Callable[[], None], reject: Reject) -> None:
    """POST: parse the body (the sandbox's 4xx with every error) and apply it; DELETE:
    clear; GET: as is."""
    if request.method == "POST":
        parsed, errors = parse(await read(request))
        if errors:
            raise reject(errors)
        apply(parsed)
    elif request.method == "DELETE":
        clear()


async def configure_faults(request: Request, read: Callable[[Request], Awaitable[Any]],
                           parse: Callable[[Any], tuple[Any, Any]], reject: Reject) -> Any:
    """GET|POST|DELETE /_sandbox/faults; returns the rules now in force, as JSON."""
    faults = runtime(request).faults
    await configure(request, read, parse, faults.replace, lambda: faults.replace([]), reject)
    return faults.to_json()


async def configure_outcomes(request: Request, read: Callable[[Request], Awaitable[Any]],
                             parse: Callable[[Any], tuple[Any, Any]], reject: Reject) -> Any:
    """GET|POST|DELETE /_sandbox/outcomes: forced publish outcomes (POST adds)."""
    pub = runtime(request).publisher
    await configure(request, read, parse, pub.outcomes.update, pub.outcomes.clear, reject)
    return pub.outcomes


def set_publisher(pub: Any, body: Any, *, reject_body: Callable[[], Exception],
                  reject_rate: Callable[[], Exception]) -> dict[str, Any]:
    """POST /_sandbox/publisher {"fail_rate": 0..1, "seed": int}; returns both."""
    if not isinstance(body, dict) or set(body) - {"fail_rate", "seed"}:
        raise reject_body()
    rate = body.get("fail_rate", pub.fail_rate)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
        raise reject_rate()
    pub.fail_rate, pub.seed = float(rate), int(body.get("seed", pub.seed))
    return publisher_json(pub)


def publisher_json(pub: Any) -> dict[str, Any]:
    return {"fail_rate": pub.fail_rate, "seed": pub.seed}


# what every sandbox's /_sandbox has, in harness_routes' order: (path, methods)
HARNESS = (("/clock", ["GET", "POST"]), ("/tick", ["POST"]),
           ("/faults", ["GET", "POST", "DELETE"]), ("/outcomes", ["GET", "POST", "DELETE"]),
           ("/publisher", ["GET", "POST"]), ("/profile", ["GET", "POST"]),
           ("/posts/{post_id}", ["POST"]), ("/state", ["GET"]))


def harness_routes(clock: Any, tick: Any, faults: Any, outcomes: Any, publisher: Any,
                   profile: Any, force_post: Any, dump_state: Any, *extra: Route) -> list[Route]:
    """The common routes (HARNESS) to these endpoints, then the sandbox's own."""
    handlers = (clock, tick, faults, outcomes, publisher, profile, force_post, dump_state)
    return [*(Route(path, handler, methods=methods)
              for (path, methods), handler in zip(HARNESS, handlers)), *extra]
