"""Fault injection, as the Dash sandbox has it: the bad network and bad days a client must
survive. A config is one flat rule or {"rules": [...]}; each rule may be scoped by `path`
(substring or list of substrings of the URL path) and `method`, and adds:

  latency_ms             to every matching request
  fail_next / fail_rate  an error answer: `fail_status` (default 500) with `fail_code`
                         (default "internal") in Infinipost's error shape
  malformed_next         the handler runs, the JSON body is cut short
  drop_next / drop_rate  the connection closes without an answer
  hang_next              no answer for `hang_seconds` (default 600)
  after                  drops and hangs happen after the handler ran: the write is
                         committed, the client never hears of it

`*_next` counters count down per rule; rates draw from one random.Random(seed).
/_sandbox/* is never affected.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, fields
from typing import Any

import httpx

KINDS = ("hang", "drop", "fail", "malformed")  # precedence, highest first


class DroppedConnection(httpx.RemoteProtocolError):
    """In-process (httpx.ASGITransport) stand-in for a closed socket."""


@dataclass
class Rule:
    path: list[str] | None = None
    method: list[str] | None = None
    latency_ms: float = 0.0
    fail_next: int = 0
    fail_rate: float = 0.0
    fail_status: int = 500
    fail_code: str = "internal"
    malformed_next: int = 0
    drop_next: int = 0
    drop_rate: float = 0.0
    hang_next: int = 0
    hang_seconds: float = 600.0
    after: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.method and method.upper() not in self.method:
            return False
        return not self.path or any(p in path for p in self.path)

    def fires(self, kind: str, rng: random.Random) -> bool:
        left = getattr(self, f"{kind}_next")
        if left > 0:
            setattr(self, f"{kind}_next", left - 1)
            return True
        rate = getattr(self, f"{kind}_rate", 0.0)
        return rate > 0 and rng.random() < rate

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_FIELDS = {f.name for f in fields(Rule)}


def parse_rule(raw: Any) -> tuple[Rule | None, dict[str, str]]:
    if not isinstance(raw, dict):
        return None, {"rule": "must be an object"}
    errors: dict[str, str] = {}
    kw: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _FIELDS:
            errors[key] = "unknown field"
        elif key in ("path", "method"):
            value = [value] if isinstance(value, str) else value
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                errors[key] = "a string or a list of strings"
            else:
                kw[key] = [v.upper() for v in value] if key == "method" else value
        elif key == "after":
            if not isinstance(value, bool):
                errors[key] = "true or false"
            else:
                kw[key] = value
        elif key == "fail_code":
            if not isinstance(value, str):
                errors[key] = "a string"
            else:
                kw[key] = value
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            errors[key] = "a number >= 0"
        elif key.endswith("_rate") and value > 1:
            errors[key] = "at most 1"
        else:
            kw[key] = int(value) if key.endswith(("_next", "_status")) else float(value)
    return (None if errors else Rule(**kw)), errors


def parse_config(raw: Any) -> tuple[list[Rule], dict[str, Any]]:
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
        return rules, errors
    rule, errs = parse_rule(raw)
    return ([rule] if rule else []), errs


@dataclass
class Faults:
    rules: list[Rule] = field(default_factory=list)
    seed: int = 7

    def __post_init__(self) -> None:
        self.rng = random.Random(f"faults:{self.seed}")

    def replace(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.rng = random.Random(f"faults:{self.seed}")

    def decide(self, method: str, path: str) -> tuple[float, str | None, Rule | None]:
        """(latency seconds, action, the rule that fired)."""
        latency, action, fired = 0.0, None, None
        if path.startswith("/_sandbox"):
            return latency, action, fired
        for rule in self.rules:
            if not rule.matches(method, path):
                continue
            latency += rule.latency_ms / 1000.0
            for kind in KINDS:
                if action is not None and KINDS.index(kind) >= KINDS.index(action):
                    break
                if rule.fires(kind, self.rng):
                    action, fired = kind, rule
                    break
        return latency, action, fired

    def to_json(self) -> dict[str, Any]:
        return {"rules": [r.to_json() for r in self.rules], "seed": self.seed}


def mangle(body: bytes) -> bytes:
    return body[: max(1, len(body) // 2)] if len(body) >= 4 else b'{"'
