"""The fault rule engine behind each sandbox's /_sandbox/faults.

A config is one flat rule or {"rules": [...]}. A rule may be scoped by `path` (substring, or
list of substrings, of the URL path) and `method`. A sandbox subclasses `Rule` with its own
fault kinds (fields `<kind>_next` and, where it has them, `<kind>_rate`) and says how its
validation errors read with a `Dialect`. `*_next` counters count down per rule; random draws
come from one random.Random(seed), so a given sequence of requests meets the same faults
every run. /_sandbox/* is never affected.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

import httpx


class DroppedConnection(httpx.RemoteProtocolError):
    """Raised in-process (httpx.ASGITransport) where no socket can be closed: to the client
    it is the same error a dropped HTTP connection gives. Over real HTTP the socket is closed
    instead (see pipeline.drop)."""


@dataclass
class Rule:
    """The fields every sandbox has; a subclass adds its own kinds."""

    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {}  # field -> allowed strings
    STRINGS: ClassVar[tuple[str, ...]] = ()  # free-text fields
    INTS: ClassVar[tuple[str, ...]] = ("_next", "_status")  # name endings stored as int
    DIALECT: ClassVar[Dialect]  # how the sandbox words a bad config

    path: list[str] | None = None
    method: list[str] | None = None
    latency_ms: float = 0.0  # added to every matching request
    malformed_next: int = 0  # the handler runs, the JSON body is cut short
    drop_next: int = 0  # the connection closes without a response
    drop_rate: float = 0.0
    hang_next: int = 0  # no answer for `hang_seconds`
    hang_seconds: float = 600.0
    after: bool = False  # drops and hangs after the handler ran: committed, never heard of

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

    @classmethod
    def parse_rule(cls, raw: Any) -> tuple[Rule | None, dict]:
        return parse_rule(cls, cls.DIALECT, raw)

    @classmethod
    def parse_config(cls, raw: Any) -> tuple[list[Rule], dict]:
        return parse_config(cls, cls.DIALECT, raw)


@dataclass
class ErrorRule(Rule):
    """Plus 5xx answers (`error_body` "json" for the service's body, "html" for a proxy's
    page) and random malformed bodies and hangs."""

    CHOICES = {"error_body": ("json", "html")}

    error_rate: float = 0.0
    error_next: int = 0
    error_status: int = 503
    error_body: str = "json"
    malformed_rate: float = 0.0
    hang_rate: float = 0.0


@dataclass(frozen=True)
class Dialect:
    """How one sandbox words a bad fault config (each mimics its service's validation)."""

    not_object: dict[str, Any]
    unknown: str
    scope: str
    boolean: str
    number: str
    at_most_one: str
    choice: str = ""
    text: str = ""
    as_list: bool = True  # messages wrapped in a list (marshmallow style)
    null_scope: bool = False  # `path: null` / `method: null` accepted
    floats: bool = False  # non-int numbers stored as float
    nest_rules: bool = True  # list errors as {"rules": {i: ...}} rather than {i: ...}

    def say(self, message: str) -> Any:
        return [message] if self.as_list else message


def parse_rule(cls: type[Rule], dialect: Dialect, raw: Any) -> tuple[Rule | None, dict]:
    if not isinstance(raw, dict):
        return None, dict(dialect.not_object)
    names = {f.name for f in fields(cls)}
    errors: dict[str, Any] = {}
    kw: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in names:
            errors[key] = dialect.say(dialect.unknown)
        elif key in ("path", "method"):
            value = [value] if isinstance(value, str) else value
            if not ((value is None and dialect.null_scope) or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value))):
                errors[key] = dialect.say(dialect.scope)
            else:
                kw[key] = [v.upper() for v in value] if key == "method" and value else value
        elif key in cls.CHOICES:
            if value not in cls.CHOICES[key]:
                errors[key] = dialect.say(dialect.choice)
            else:
                kw[key] = value
        elif key in cls.STRINGS:
            if not isinstance(value, str):
                errors[key] = dialect.say(dialect.text)
            else:
                kw[key] = value
        elif key == "after":
            if not isinstance(value, bool):
                errors[key] = dialect.say(dialect.boolean)
            else:
                kw[key] = value
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            errors[key] = dialect.say(dialect.number)
        elif key.endswith("_rate") and value > 1:
            errors[key] = dialect.say(dialect.at_most_one)
        elif key.endswith(cls.INTS):
            kw[key] = int(value)
        else:
            kw[key] = float(value) if dialect.floats else value
    return (None if errors else cls(**kw)), errors


def parse_config(cls: type[Rule], dialect: Dialect, raw: Any) -> tuple[list[Rule], dict]:
    """`{"rules": [rule, ...]}`, one flat rule, or {} / null for none."""
    if raw is None or raw == {}:
        return [], {}
    if isinstance(raw, dict) and set(raw) == {"rules"} and isinstance(raw["rules"], list):
        rules, errors = [], {}
        for i, item in enumerate(raw["rules"]):
            rule, errs = parse_rule(cls, dialect, item)
            if errs:
                errors[str(i)] = errs
            else:
                rules.append(rule)
        if errors and dialect.nest_rules:
            errors = {"rules": errors}
        return rules, errors
    rule, errs = parse_rule(cls, dialect, raw)
    return ([rule] if rule else []), errs


@dataclass
class Decision:
    latency: float = 0.0  # seconds
    action: str | None = None  # one of the sandbox's kinds
    rule: Rule | None = None


@dataclass
class Faults:
    rules: list[Rule] = field(default_factory=list)
    seed: int = 7
    kinds: tuple[str, ...] = ()  # the sandbox's fault kinds, by precedence, highest first
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
        kinds = self.kinds
        for rule in self.rules:
            if not rule.matches(method, path):
                continue
            decision.latency += rule.latency_ms / 1000.0
            for kind in kinds:
                if decision.action is not None and \
                        kinds.index(kind) >= kinds.index(decision.action):
                    break  # a stronger fault already won; don't spend this rule's counters
                if rule.fires(kind, self.rng):
                    decision.action, decision.rule = kind, rule
                    break
        return decision

    def to_json(self) -> dict[str, Any]:
        return {"rules": [r.to_json() for r in self.rules], "seed": self.seed}


HTML_5XX = (b"<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>"
            b"{code} {reason}</h1></center>\r\n</body>\r\n</html>\r\n")


def html_page(code: int, reason: str) -> bytes:
    """A proxy's 5xx page, as nginx words it."""
    return HTML_5XX.replace(b"{code}", str(code).encode()).replace(b"{reason}", reason.encode())


def mangle(body: bytes) -> bytes:
    """A body cut off mid-way: what a truncated proxy response looks like."""
    if len(body) < 4:
        return b'{"'
    return body[: max(1, len(body) // 2)]
