"""Infinipost's fault kinds, as the Dash sandbox has them: the bad network and bad days a
client must survive. The rule engine is sandbox_kit.faults; on top of its `path` /
`method` / `latency_ms` an Infinipost rule can add:

  fail_next / fail_rate  an error answer: `fail_status` (default 500) with `fail_code`
                         (default "internal") in Infinipost's error shape
  malformed_next         the handler runs, the JSON body is cut short
  drop_next / drop_rate  the connection closes without an answer
  hang_next              no answer for `hang_seconds` (default 600)
  after                  drops and hangs happen after the handler ran: the write is
                         committed, the client never hears of it
"""

from __future__ import annotations

from dataclasses import dataclass
from dashtui.sandbox_kit import faults as kit
from dashtui.sandbox_kit.faults import DroppedConnection, mangle

__all__ = ["KINDS", "DroppedConnection", "Faults", "Rule", "mangle", "parse_config",
           "parse_rule"]

KINDS = ("hang", "drop", "fail", "malformed")  # precedence, highest first


@dataclass
class Rule(kit.Rule):
    STRINGS = ("fail_code",)

    fail_next: int = 0
    fail_rate: float = 0.0
    fail_status: int = 500
    fail_code: str = "internal"


DIALECT = kit.Dialect(
    not_object={"rule": "must be an object"}, unknown="unknown field",
    scope="a string or a list of strings", boolean="true or false", number="a number >= 0",
    at_most_one="at most 1", text="a string", as_list=False, floats=True, nest_rules=False)


Rule.DIALECT = DIALECT
parse_rule, parse_config = Rule.parse_rule, Rule.parse_config


@dataclass
class Faults(kit.Faults):
    kinds: tuple[str, ...] = KINDS
