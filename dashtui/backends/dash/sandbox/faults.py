"""Fault injection: the bad network and bad days a real client has to survive.

A fault config is a list of rules (or one flat rule). Each rule may be scoped by `path`
(substring, or list of substrings, of the URL path) and `method`, and can add:

  latency_ms                      added to every matching request
  error_rate / error_next         5xx answers (`error_status`, default 503; `error_body`
                                  "json" for a smorest body or "html" for a proxy's page)
  rate_limit_next                 the next N matching requests get 429 (`retry_after` s)
  malformed_rate / malformed_next the handler runs, the JSON body is cut short
  drop_rate / drop_next           the connection closes without a response
  hang_rate / hang_next           no answer for `hang_seconds` (default 600)
  after                           drops and hangs happen after the handler ran: the write
                                  is committed but the client never hears of it

`*_next` counters count down per rule. Random draws come from one random.Random(seed), so a
given sequence of requests meets the same faults every run. /_sandbox/* is never affected.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, fields
from typing import Any

import httpx


class DroppedConnection(httpx.RemoteProtocolError):
    """Raised in-process (httpx.ASGITransport) where no socket can be closed: to the client
    it is the same error a dropped HTTP connection gives. Over real HTTP the socket is closed
    instead (see middleware)."""


KINDS = ("hang", "drop", "rate_limit", "error", "malformed")  # precedence, highest first


@dataclass
class Rule:
    path: list[str] | None = None
    method: list[str] | None = None
    latency_ms: float = 0.0
    error_rate: float = 0.0
    error_next: int = 0
    error_status: int = 503
    error_body: str = "json"
    rate_limit_next: int = 0
    retry_after: int = 1
    malformed_rate: float = 0.0
    malformed_next: int = 0
    drop_rate: float = 0.0
    drop_next: int = 0
    hang_rate: float = 0.0
    hang_next: int = 0
    hang_seconds: float = 600.0
    after: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.method and method.upper() not in self.method:
            return False
        return not self.path or any(p in path for p in self.path)

    def fires(self, kind: str, rng: random.Random) -> bool:
        nxt = getattr(self, f"{kind}_next")
        if nxt > 0:
            setattr(self, f"{kind}_next", nxt - 1)
            return True
        rate = getattr(self, f"{kind}_rate", 0.0)
        return rate > 0 and rng.random() < rate

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


RULE_FIELDS = {f.name: f for f in fields(Rule)}


def parse_rule(raw: Any) -> tuple[Rule | None, dict[str, Any]]:
    if not isinstance(raw, dict):
        return None, {"_schema": ["Invalid input type."]}
    errors: dict[str, Any] = {}
    kw: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in RULE_FIELDS:
            errors[key] = ["Unknown field."]
        elif key in ("path", "method"):
            value = [value] if isinstance(value, str) else value
            if value is not None and not (isinstance(value, list)
                                          and all(isinstance(v, str) for v in value)):
                errors[key] = ["Not a valid string or list of strings."]
            else:
                kw[key] = [v.upper() for v in value] if key == "method" and value else value
        elif key == "error_body":
            if value not in ("json", "html"):
                errors[key] = ["Must be one of: json, html."]
            else:
                kw[key] = value
        elif key == "after":
            if not isinstance(value, bool):
                errors[key] = ["Not a valid boolean."]
            else:
                kw[key] = value
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            errors[key] = ["Must be a number greater than or equal to 0."]
        elif key.endswith("_rate") and value > 1:
            errors[key] = ["Must be less than or equal to 1."]
        else:
            kw[key] = int(value) if key.endswith(("_next", "_status", "retry_after")) else value
    return (None if errors else Rule(**kw)), errors


def parse_config(raw: Any) -> tuple[list[Rule], dict[str, Any]]:
    """`{"rules": [rule, ...]}`, one flat rule, or {} / null for none."""
    if raw is None or raw == {}:
        return [], {}
    if isinstance(raw, dict) and set(raw) == {"rules"} and isinstance(raw["rules"], list):
        rules, errors = [], {}
        for i, item in enumerate(raw["rules"]):
            rule, errs = parse_rule(item)
            if errs:
                errors[str(i)] = errs
            else:
                rules.append(rule)
        return rules, ({"rules": errors} if errors else {})
    rule, errs = parse_rule(raw)
    return ([rule] if rule else []), errs


@dataclass
class Decision:
    latency: float = 0.0  # seconds
    action: str | None = None  # one of KINDS
    rule: Rule | None = None


@dataclass
class Faults:
    rules: list[Rule] = field(default_factory=list)
    seed: int = 7
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"faults:{self.seed}")

    def replace(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.rng = random.Random(f"faults:{self.seed}")  # a new config replays from the start

    def decide(self, method: str, path: str) -> Decision:
        decision = Decision()
        if path.startswith("/_sandbox"):
            return decision
        for rule in self.rules:
            if not rule.matches(method, path):
                continue
            decision.latency += rule.latency_ms / 1000.0
            for kind in KINDS:
                if decision.action is not None and \
                        KINDS.index(kind) >= KINDS.index(decision.action):
                    break  # a stronger fault already won; don't spend this rule's counters
                if rule.fires(kind, self.rng):
                    decision.action, decision.rule = kind, rule
                    break
        return decision

    def to_json(self) -> dict[str, Any]:
        return {"rules": [r.to_json() for r in self.rules], "seed": self.seed}


HTML_5XX = (b"<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>"
            b"{code} {reason}</h1></center>\r\n</body>\r\n</html>\r\n")


def mangle(body: bytes) -> bytes:
    """A body cut off mid-way: what a truncated proxy response looks like."""
    if len(body) < 4:
        return b'{"'
    return body[: max(1, len(body) // 2)]
