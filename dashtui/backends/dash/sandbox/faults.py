"""Dash's fault kinds: the bad network and bad days a real client has to survive.

The rule engine is sandbox_kit.faults; on top of its `path` / `method` / `latency_ms` a
Dash rule can add:

  error_rate / error_next         5xx answers (`error_status`, default 503; `error_body`
                                  "json" for a smorest body or "html" for a proxy's page)
  rate_limit_next                 the next N matching requests get 429 (`retry_after` s)
  malformed_rate / malformed_next the handler runs, the JSON body is cut short
  drop_rate / drop_next           the connection closes without a response
  hang_rate / hang_next           no answer for `hang_seconds` (default 600)
  after                           drops and hangs happen after the handler ran: the write
                                  is committed but the client never hears of it
"""

from __future__ import annotations

from dataclasses import dataclass
from dashtui.sandbox_kit import faults as kit
from dashtui.sandbox_kit.faults import HTML_5XX, Decision, DroppedConnection, mangle

__all__ = ["HTML_5XX", "KINDS", "Decision", "DroppedConnection", "Faults", "Rule", "mangle",
           "parse_config", "parse_rule"]

KINDS = ("hang", "drop", "rate_limit", "error", "malformed")  # precedence, highest first


@dataclass
class Rule(kit.ErrorRule):
    INTS = ("_next", "_status", "retry_after")

    rate_limit_next: int = 0  # the next N matching requests get 429 (`retry_after` s)
    retry_after: int = 1


# marshmallow's wording, as flask-smorest answers a bad body
DIALECT = kit.Dialect(
    not_object={"_schema": ["Invalid input type."]}, unknown="Unknown field.",
    scope="Not a valid string or list of strings.", choice="Must be one of: json, html.",
    boolean="Not a valid boolean.", number="Must be a number greater than or equal to 0.",
    at_most_one="Must be less than or equal to 1.", null_scope=True)


Rule.DIALECT = DIALECT
parse_rule, parse_config = Rule.parse_rule, Rule.parse_config


@dataclass
class Faults(kit.Faults):
    kinds: tuple[str, ...] = KINDS
