"""Fault injection: the bad network and bad days a real client must survive.

A config is one flat rule or {"rules": [...]}. A rule may be scoped by `path` (substring or
list of substrings of the URL path) and `method`, and adds:

  latency_ms                      to every matching request
  error_next / error_rate         a 5xx (`error_status`, default 500) with the envelope and
                                  the endpoint's documented code (update_failed, ...), or
                                  `error_body: "html"` for a proxy's page
  malformed_next / malformed_rate the handler runs, the body is cut short
  drop_next / drop_rate           the connection closes with no answer
  hang_next / hang_rate           no answer for `hang_seconds` (default 600)
  fail_next                       the endpoint's documented 500 without running it
  after                           drops and hangs happen after the handler ran: the write
                                  is applied but the client never hears of it

`*_next` count down per rule; random draws come from one random.Random(seed).
/_sandbox/* is never affected.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, fields
from typing import Any

KINDS = ("hang", "drop", "fail", "error", "malformed")  # precedence, highest first


@dataclass
class Rule:
    path: list[str] | None = None
    method: list[str] | None = None
    latency_ms: float = 0.0
    error_rate: float = 0.0
    error_next: int = 0
    error_status: int = 500
    error_body: str = "json"
    fail_next: int = 0
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


RULE_FIELDS = {f.name for f in fields(Rule)}


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
            if not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
                errors[key] = ["Not a string or list of strings."]
            else:
                kw[key] = [x.upper() for x in value] if key == "method" else value
        elif key == "error_body":
            if value not in ("json", "html"):
                errors[key] = ["Must be json or html."]
            else:
                kw[key] = value
        elif key == "after":
            if not isinstance(value, bool):
                errors[key] = ["Not a boolean."]
            else:
                kw[key] = value
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            errors[key] = ["Must be a number >= 0."]
        elif key.endswith("_rate") and value > 1:
            errors[key] = ["Must be <= 1."]
        else:
            kw[key] = int(value) if key.endswith(("_next", "_status")) else value
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
        return rules, ({"rules": errors} if errors else {})
    rule, errs = parse_rule(raw)
    return ([rule] if rule else []), errs


@dataclass
class Decision:
    latency: float = 0.0
    action: str | None = None
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
        self.rng = random.Random(f"faults:{self.seed}")

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
                    break
                if rule.fires(kind, self.rng):
                    decision.action, decision.rule = kind, rule
                    break
        return decision

    def to_json(self) -> dict[str, Any]:
        return {"rules": [r.to_json() for r in self.rules], "seed": self.seed}


def failure_code(method: str, path: str) -> str:
    """The documented 500 code of the endpoint behind a request."""
    tail = path.rstrip("/").rsplit("/posts", 1)[-1] if "/posts" in path else ""
    if path.endswith("/accounts"):
        return "accounts_failed"
    if tail == "/retry":
        return "retry_failed"
    if tail == "/delete":
        return "bulk_delete_failed"
    if method == "PATCH":
        return "update_failed"
    if method == "POST":
        return "create_failed"
    return "get_failed" if tail else "list_failed"


def mangle(body: bytes) -> bytes:
    return body[: max(1, len(body) // 2)] if len(body) >= 4 else b'{"'
