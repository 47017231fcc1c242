"""What a retry can fix: which problem posts go back to AUTOPUBLISHING, and which must not.

A retry sends AUTOPUBLISHING. That is safe for FAILED and EXPIRED posts: nothing went live.
It is not safe for the other problem statuses, which a retry leaves out and says why:
USERS_NOTIFIED (the team was told to post by hand and may already have done so),
MISSING_APPROVALS (publishing would go around the approval flow) and PARTIALLY_FAILED (the
post is live; publishing again posts it twice). The first two can still be published on
purpose with a separate action that names the risk; a partially failed post never is.

Some failures a retry cannot fix at all, e.g. an expired access token: Dash needs the account
reconnected first. Those are named per account so the question says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .posts import RETRYABLE_STATUSES

RETRYABLE = RETRYABLE_STATUSES
# statuses a retry leaves out, with why; publishable only on purpose (see RISKY)
SKIP_REASONS = {
    "USERS_NOTIFIED": "may already be posted by hand",
    "MISSING_APPROVALS": "awaiting approval",
    "PARTIALLY_FAILED": "already live",
}
# what publishing them anyway risks, for the explicit action's question
RISKY = {
    "USERS_NOTIFIED": "the team was notified to post it by hand; if someone already did, "
                      "it goes out twice",
    "MISSING_APPROVALS": "it has not been approved; publishing skips the approval",
}

_TOKEN = re.compile(
    r"access[ _-]?token|token (?:has )?expired|expired token|invalid (?:oauth|access|auth)"
    r"|re-?connect the account|re-?authori[sz]e|session (?:has been )?invalidated"
    r"|oauth(?:exception)?\b.*(?:expired|invalid)", re.IGNORECASE)
_ACCOUNT = re.compile(r"\baccount\s+(?:#|id\s*)?([\w.@-]*\d[\w.@-]*)", re.IGNORECASE)

def token_advice(service: str = "Dash") -> str:
    """What a retry can't fix, in the words of the service the account is connected in."""
    return f"access token expired: reconnect the account in {service} first"


def is_token_error(error: str | None) -> bool:
    """The post failed because the network no longer accepts the account's login."""
    return bool(error) and bool(_TOKEN.search(error or ""))


def account_of(error: str | None) -> str | None:
    """The account an error names (`account 4711`), if it names one."""
    m = _ACCOUNT.search(error or "")
    return m.group(1).rstrip(".") if m else None


@dataclass
class Account:
    """One account whose token errors a retry cannot fix: brand, platform, the account."""

    brand_id: int | None
    platform: str
    account: str | None
    items: list = field(default_factory=list)


@dataclass
class RetryPlan:
    """A retry split three ways; `items` are anything with status, error, platform, brand_id."""

    send: list = field(default_factory=list)  # FAILED / EXPIRED: retry these
    risky: list = field(default_factory=list)  # USERS_NOTIFIED / MISSING_APPROVALS
    never: list = field(default_factory=list)  # PARTIALLY_FAILED (and anything else)
    token: list[Account] = field(default_factory=list)  # among `send`: needs a reconnect

    @property
    def skipped(self) -> list:
        return self.risky + self.never

    @property
    def token_items(self) -> list:
        return [i for a in self.token for i in a.items]

    def skip_line(self) -> str | None:
        """`2 skipped: may already be posted by hand / awaiting approval`."""
        if not self.skipped:
            return None
        statuses = {str(item.status) for item in self.skipped}
        reasons = [why for status, why in SKIP_REASONS.items() if status in statuses]
        reasons += sorted(f"{_words(s)}, not retryable" for s in statuses - SKIP_REASONS.keys())
        return f"{len(self.skipped)} skipped: {' / '.join(reasons)}"


def _words(status) -> str:
    return str(status or "unknown").replace("_", " ").lower()


def plan_retry(items: Iterable, style: str = "patch_status") -> RetryPlan:
    """`style`: the backend's retry_style. A service's own retry call ("endpoint") re-sends
    only the accounts that failed, so a partly failed post is retried too."""
    retryable = RETRYABLE | {"PARTIALLY_FAILED"} if style == "endpoint" else RETRYABLE
    plan = RetryPlan()
    accounts: dict[tuple, Account] = {}
    for item in items:
        status = str(item.status)
        if status in retryable:
            plan.send.append(item)
            error = item.error_text if hasattr(item, "error_text") else item.error
            if is_token_error(error):
                platform = getattr(item.platform, "value", item.platform)
                key = (item.brand_id, platform, account_of(error))
                accounts.setdefault(key, Account(*key)).items.append(item)
        elif status in RISKY:
            plan.risky.append(item)
        else:
            plan.never.append(item)
    plan.token = list(accounts.values())
    return plan


def token_lines(accounts: Sequence[Account], label, brand_name=None) -> list[str]:
    """One line per account: `Instagram account 4711 (Ember & Oak): 5 posts`.

    `label(platform)` names a platform; `brand_name(id)` a brand (shown when several)."""
    several = len({a.brand_id for a in accounts}) > 1
    lines = []
    for a in accounts:
        who = f"{label(a.platform)} account" + (f" {a.account}" if a.account else "")
        if several and brand_name is not None and a.brand_id is not None:
            who += f" ({brand_name(a.brand_id)})"
        n = len(a.items)
        lines.append(f"  {who}: {n} post{'s' * (n != 1)}")
    return lines
