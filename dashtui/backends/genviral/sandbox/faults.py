"""Genviral's fault kinds: the bad network and bad days a real client must survive.

The rule engine is sandbox_kit.faults; on top of its `path` / `method` / `latency_ms` a
Genviral rule can add:

  error_next / error_rate         a 5xx (`error_status`, default 500) with the envelope and
                                  the endpoint's documented code (update_failed, ...), or
                                  `error_body: "html"` for a proxy's page
  malformed_next / malformed_rate the handler runs, the body is cut short
  drop_next / drop_rate           the connection closes with no answer
  hang_next / hang_rate           no answer for `hang_seconds` (default 600)
  fail_next                       the endpoint's documented 500 without running it
  after                           drops and hangs happen after the handler ran: the write
                                  is applied but the client never hears of it
"""

from __future__ import annotations

from dataclasses import dataclass
from dashtui.sandbox_kit import faults as kit
from dashtui.sandbox_kit.faults import Decision, mangle

__all__ = ["KINDS", "Decision", "Faults", "Rule", "failure_code", "mangle", "parse_config",
           "parse_rule"]

KINDS = ("hang", "drop", "fail", "error", "malformed")  # precedence, highest first


@dataclass
class Rule(kit.ErrorRule):
    error_status: int = 500
    fail_next: int = 0


DIALECT = kit.Dialect(
    not_object={"_schema": ["Invalid input type."]}, unknown="Unknown field.",
    scope="Not a string or list of strings.", choice="Must be json or html.",
    boolean="Not a boolean.", number="Must be a number >= 0.", at_most_one="Must be <= 1.")


Rule.DIALECT = DIALECT
parse_rule, parse_config = Rule.parse_rule, Rule.parse_config


@dataclass
class Faults(kit.Faults):
    kinds: tuple[str, ...] = KINDS


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

