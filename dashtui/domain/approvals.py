"""Which posts wait for an approval, whether it can still land in time, and what a request
for one sends. Pure: the approvals view, a saved view ("needs approval") and tests use it.

What the reference says (dash-api.md sections 4, 5): `approval_policy` is APPROVAL_REQUIRED
or APPROVAL_NOT_REQUIRED; `approval_requests` items are sent as `{requested_by_user_id,
review_user_id}` and come back with `id, post_id, brand_id, created_at, updated_at,
deleted_at`; `approval_status` is a string whose only documented value is UNASSIGNED; a
post whose approvals are incomplete at publish time goes MISSING_APPROVALS. How an approval
is given (approve/reject endpoints) is not documented.

Decisions where it is silent: approvals are complete when `approval_status` is APPROVED
(the only word that can mean it; the sandbox sets it); a PATCH of `approval_requests`
replaces the list, so a request sends the post's current requests plus the new ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .status import ApprovalPolicy, Status

REQUIRED = ApprovalPolicy.APPROVAL_REQUIRED.value
NOT_REQUIRED = ApprovalPolicy.APPROVAL_NOT_REQUIRED.value
APPROVED = frozenset({"APPROVED"})  # [U] the approval_status enum: only UNASSIGNED is seen
DEFAULT_LEAD = timedelta(hours=1)
# not yet out, or held back for want of approval: what the approvals view lists
WAITING = frozenset({Status.DRAFT, Status.SCHEDULED, Status.MISSING_APPROVALS})
# what a request item is sent as (reference 4); the rest of an item is the server's
REQUEST_FIELDS = ("requested_by_user_id", "review_user_id")
NO_APPROVE_API = ("Dash's API has no documented approve or reject call, so dashtui cannot "
                  "give or refuse an approval: approve (or reject) in Dash's web app, then "
                  "r refreshes")
MISSING = "will go MISSING_APPROVALS"


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def requires_approval(post: Any) -> bool:
    return post.approval_policy == REQUIRED


def approved(post: Any) -> bool:
    return (post.approval_status or "").upper() in APPROVED


def needs_approval(post: Any) -> bool:
    """Policy APPROVAL_REQUIRED, approvals not complete, and not published or gone."""
    return requires_approval(post) and not approved(post) and post.status in WAITING


def _ids(post: Any, name: str) -> tuple[int, ...]:
    out: dict[int, None] = {}
    for item in post.approval_requests or ():
        value = _get(item, name)
        if isinstance(value, int) and not isinstance(value, bool):
            out[value] = None
    return tuple(out)


def reviewers(post: Any) -> tuple[int, ...]:
    """The users asked to review, in the order asked, each once."""
    return _ids(post, "review_user_id")


def requesters(post: Any) -> tuple[int, ...]:
    return _ids(post, "requested_by_user_id")


def request_shape(items: Iterable[Any] | None) -> list[dict[str, int]]:
    """Request items as a create or PATCH takes them: only the two request fields, both set
    (an item missing one could not be sent back anyway)."""
    out = []
    for item in items or ():
        request = {k: _get(item, k) for k in REQUEST_FIELDS}
        if all(isinstance(v, int) and not isinstance(v, bool) for v in request.values()):
            out.append(request)
    return out


def request_changes(post: Any, review_ids: Sequence[int], requested_by: int
                    ) -> dict[str, Any]:
    """The PATCH that asks `review_ids` to approve `post`: APPROVAL_REQUIRED and its
    requests so far plus one per reviewer not yet asked. Empty: nothing new to send."""
    current = request_shape(post.approval_requests)
    asked = {r["review_user_id"] for r in current}
    new = [{"requested_by_user_id": requested_by, "review_user_id": r}
           for r in dict.fromkeys(review_ids) if r not in asked]
    changes: dict[str, Any] = {}
    if post.approval_policy != REQUIRED:
        changes["approval_policy"] = REQUIRED
    if new:
        changes["approval_requests"] = current + new
    return changes


# -- in time or late ---------------------------------------------------------------------------
def duration(span: timedelta) -> str:
    """`45 min`, `3 h 10 min`, `2 d 4 h` (whole minutes, rounded down)."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def short_duration(span: timedelta | None) -> str:
    """The list's cell: `45m`, `3h10m`, `2d4h`, `past`, `—` without a time."""
    if span is None:
        return "—"
    if span.total_seconds() <= 0:
        return "past"
    return duration(span).replace(" min", "m").replace(" h", "h").replace(" d", "d") \
        .replace(" ", "")


@dataclass(frozen=True)
class ApprovalItem:
    """One post of the approvals view: how long until its time, and whether the approval
    can still land before it (`late`, with `reason`)."""

    post: Any
    left: timedelta | None  # until the post's time; None for a draft without one
    late: bool
    reason: str  # why it is late ("" when it is not)
    note: str = ""  # what else to know (no reviewer asked yet, a draft does not publish)

    @property
    def reviewers(self) -> tuple[int, ...]:
        return reviewers(self.post)


def assess(post: Any, now: datetime, lead: timedelta = DEFAULT_LEAD) -> ApprovalItem:
    """How a post that needs approval stands at `now`, given the time approvers need."""
    when = post.timestamp
    left = None if when is None else when - now
    asked = bool(reviewers(post))
    note = "" if asked else "no reviewer asked yet: A asks"
    if post.status == Status.MISSING_APPROVALS:
        return ApprovalItem(post, left, True, "went MISSING_APPROVALS at its time: approve "
                            "it in Dash's web app, then reschedule it (S)", note)
    if post.status == Status.DRAFT:
        return ApprovalItem(post, left, False, "",
                            "a draft: it does not publish, so nothing expires yet"
                            + ("; no reviewer asked" if not asked else ""))
    if left is None:
        return ApprovalItem(post, left, False, "", note)
    if left.total_seconds() <= 0:
        return ApprovalItem(post, left, True, f"its time has passed unapproved: {MISSING}",
                            note)
    if left < lead:
        return ApprovalItem(post, left, True, f"{duration(left)} left, under the "
                            f"{duration(lead)} approvers need: {MISSING} unless approved "
                            "in time", note)
    return ApprovalItem(post, left, False, "", note)


def approval_queue(posts: Iterable[Any], now: datetime, lead: timedelta = DEFAULT_LEAD
                   ) -> list[ApprovalItem]:
    """The posts that need approval, soonest first (undated drafts last), each assessed."""
    items = [assess(p, now, lead) for p in posts if needs_approval(p)]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(items, key=lambda i: (i.post.timestamp is None, i.post.timestamp or far,
                                        str(i.post.platform), str(i.post.id)))


# -- typed user ids ------------------------------------------------------------------------------
class UserIdError(ValueError):
    """A reviewer list that can't be read; the message names the bad part."""


def parse_user_ids(text: str, names: Mapping[int, str] | None = None) -> list[int]:
    """`12 34, 56` -> [12, 34, 56]. A word that is a known person's name (any case, or the
    start of exactly one name) stands for their id. Dash user ids are integers >= 0."""
    names = names or {}
    out: list[int] = []
    for word in filter(None, re.split(r"[\s,;]+", text.strip())):
        if word.isascii() and word.isdigit():
            out.append(int(word))
            continue
        if word.startswith("-") and word[1:].isdigit():
            raise UserIdError(f"{word!r}: a user id is a whole number, 0 or more")
        low = word.casefold()
        exact = [i for i, n in names.items() if n.casefold() == low]
        starts = [i for i, n in names.items() if n.casefold().startswith(low)]
        found = exact or starts
        if len(found) == 1:
            out.append(found[0])
        elif found:
            who = ", ".join(f"{names[i]} ({i})" for i in found[:4])
            raise UserIdError(f"{word!r} could be {who}: type more of the name, or the id")
        else:
            raise UserIdError(f"{word!r} is not a user id (a whole number)"
                              + (" nor a known name" if names else ""))
    return list(dict.fromkeys(out))
