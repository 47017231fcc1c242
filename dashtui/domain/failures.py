"""Grouping failed posts by cause, so the person on call sees five problems, not fifty posts.

The same failure on different posts differs only in ids, URLs and numbers; stripping those
gives a key that puts them in one group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .timeutil import SPACING

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_HEX = re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_QUOTED = re.compile(r"(['\"“‘])[^'\"”’]{1,80}(['\"”’])")
_SPACE = re.compile(r"\s+")

NO_ERROR = "No error text from the service"
# a post sent to several accounts (Genviral) fails per account: its error text is one line per
# failed account, "[account] error". Each line is a cause of its own; the account is a
# particular, like an id, so one cause on many accounts is one group.
_ACCOUNT = re.compile(r"^\[[^\]\n]{1,120}\]\s*")


def per_account(error: str | None) -> list[str]:
    """The failed accounts' lines of an error text: [the text] unless it has several."""
    lines = [line for line in (error or "").split("\n") if line.strip()]
    return lines if len(lines) > 1 else [error or ""]


def cause_key(error: str | None, status: str | None = None) -> str:
    """The error with its particulars replaced: `Media <url> was not reachable (HTTP #)`."""
    text = _ACCOUNT.sub("", (error or "").strip())
    if not text:
        return f"{NO_ERROR} ({(status or 'unknown').replace('_', ' ').lower()})"
    text = _URL.sub("<url>", text)
    text = _UUID.sub("<id>", text)
    text = _HEX.sub("<id>", text)
    text = _QUOTED.sub(r"\1…\2", text)
    text = _NUMBER.sub("#", text)
    return _SPACE.sub(" ", text)


@dataclass
class FailureGroup:
    cause: str
    items: list = field(default_factory=list)  # anything with platform, status, ts, error

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def platforms(self) -> list[str]:
        return sorted({item.platform for item in self.items})

    def oldest(self) -> datetime | None:
        times = [item.when for item in self.items if item.when is not None]
        return min(times) if times else None

    def example(self) -> str:
        """One real error text of the group, for the full story."""
        return next((item.error for item in self.items if item.error), "")


class _Cause:
    """An item seen through one of its failed accounts: `error` is that account's line."""

    def __init__(self, item: Any, error: str) -> None:
        self._item = item
        self.error = error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)


def _one_cause(item: Any, line: str) -> Any:
    replace = getattr(item, "_replace", None)  # a cache row (a NamedTuple) stays one
    return replace(error=line) if replace is not None else _Cause(item, line)


def group_failures(items: Iterable) -> list[FailureGroup]:
    """Groups by normalised cause, biggest first, then oldest first. A post that failed on
    several accounts for different causes is in each of their groups, with that line."""
    groups: dict[str, FailureGroup] = {}
    for whole in items:
        lines = per_account(whole.error)
        placed: set[str] = set()  # one entry per group, however many accounts share it
        for line in lines:
            item = _one_cause(whole, line) if len(lines) > 1 else whole
            key = cause_key(item.error, item.status)
            if key not in placed:
                placed.add(key)
                groups.setdefault(key, FailureGroup(key)).items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: (i.ts is None, i.ts or 0))
    return sorted(groups.values(), key=lambda g: (-g.count, g.oldest() is None,
                                                  g.oldest() or datetime.max))


def age(since: datetime | None, now: datetime) -> str:
    """`3 h`, `2 d`, `in 5 h` for a person scanning a list."""
    if since is None:
        return "—"
    seconds = (now - since).total_seconds()
    ahead = seconds < 0
    seconds = abs(seconds)
    if seconds < 3600:
        text = f"{int(seconds // 60)} min"
    elif seconds < 86400 * 2:
        text = f"{int(seconds // 3600)} h"
    else:
        text = f"{int(seconds // 86400)} d"
    return f"in {text}" if ahead else text


def ago(since: datetime | None, now: datetime) -> str:
    """`5 d ago`, or `in 2 h` for a time still ahead."""
    text = age(since, now)
    return text if text.startswith("in ") or text == "—" else f"{text} ago"




def next_free_slot(taken: Sequence[datetime], after: datetime, *, step_minutes: int = 30,
                   gap: timedelta = SPACING, horizon_days: int = 14) -> datetime:
    """The first half-hour at least 15 minutes after `after` with no post within the gap.

    `taken` are the times of the platform's other posts; spacing posts on one account keeps
    the network from treating them as a burst.
    """
    start = after + timedelta(minutes=15)
    slot = start.replace(second=0, microsecond=0)
    slot += timedelta(minutes=(-slot.minute) % step_minutes)
    end = after + timedelta(days=horizon_days)
    ordered = sorted(taken)
    while slot < end:
        if all(abs(t - slot) >= gap for t in ordered):
            return slot
        slot += timedelta(minutes=step_minutes)
    return slot


def free_slots(posts: Sequence[Any], others: Iterable[Any],
               now: datetime) -> dict[tuple[str, int], datetime]:
    """Each post's next free slot among its brand's other posts on its platform.

    `posts` have `.platform` (a Platform), `.id`, `.brand_id`; `others` are cache rows
    (`.key`, `.brand_id`, `.platform`, `.status`, `.when`) around `now`. Slots are handed out
    in turn and each one joins the taken times, so two posts of one cause never land on the
    same slot. Drafts and other problem posts don't publish at their time, so they don't take
    a slot; the posts being moved don't block their own old times.
    """
    from .posts import PROBLEM_STATUSES, Status  # here: posts.py loads pydantic

    moving = {(p.platform.value, p.id) for p in posts}
    taken: dict[tuple, list[datetime]] = defaultdict(list)
    for row in others:
        if row.key in moving or row.status == Status.DRAFT or \
                row.status in PROBLEM_STATUSES or row.when is None:
            continue
        taken[(row.brand_id, row.platform)].append(row.when)
    plan = {}
    for post in posts:
        times = taken[(post.brand_id, post.platform.value)]
        slot = next_free_slot(times, now)
        times.append(slot)
        plan[(post.platform.value, post.id)] = slot
    return plan
