"""Saved views: named queries over posts (brands, platforms, statuses, a relative time window,
text, approval), with the two that come predefined. Pure: no I/O, no Textual, no pydantic.

The config (`[[views]]`, config.py) checks its values with the readers here, so a bad `when`
or an unknown status is an error that names the key. The TUI counts views over the cache
(store/view_rows.py), `dashtui watch` over what it just listed; both through `select`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from .domain.platforms import SPECS, Platform, platform_names
from .domain.status import (DONE_STATUSES, FAILED_STATUSES, NEEDS_ACTION_STATUSES,
                            PROBLEM_STATUSES, PUBLISHED_STATUSES, SCHEDULED_STATUSES, Status,
                            read_status_words)

WHEN_HELP = ("try today, tomorrow, yesterday, this week, next week, last week, this month, "
             "last 24h, next 7d, now, or two of them joined by `to` (last 24h to next 24h)")
# status families a view may name instead of listing statuses (lower case, as typed)
FAMILIES: dict[str, frozenset[str]] = {
    "failed": FAILED_STATUSES,  # FAILED, PARTIALLY_FAILED, EXPIRED
    "needs-action": NEEDS_ACTION_STATUSES,  # MISSING_APPROVALS, USERS_NOTIFIED
    "problem": PROBLEM_STATUSES,  # both: what the on-call screen (3) gathers
    "scheduled": SCHEDULED_STATUSES,
    "published": PUBLISHED_STATUSES,
    "done": DONE_STATUSES,
}
APPROVED = "APPROVED"  # the sandbox's word once a post is approved (the enum is [U])
APPROVAL_REQUIRED = "APPROVAL_REQUIRED"


# -- relative time windows -------------------------------------------------------------------
_UNITS = {"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
          "h": 3600, "hour": 3600, "hours": 3600,
          "d": 86400, "day": 86400, "days": 86400, "w": 604800, "week": 604800,
          "weeks": 604800}
_SPAN = re.compile(r"(last|next)\s*(\d{1,4})\s*([a-z]+)")
_SAMPLE_NOW = datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)  # checks a `to` at parse time


class WhenError(ValueError):
    pass


Resolver = Callable[[datetime, ZoneInfo], tuple[datetime, datetime]]


def _day(offset: int) -> Resolver:
    def resolve(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
        today = now.astimezone(zone).date() + timedelta(days=offset)
        return _midnight(today, zone), _midnight(today + timedelta(days=1), zone)
    return resolve


def _week(offset: int) -> Resolver:
    def resolve(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
        today = now.astimezone(zone).date()
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return _midnight(monday, zone), _midnight(monday + timedelta(days=7), zone)
    return resolve


def _this_month(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    first = now.astimezone(zone).date().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return _midnight(first, zone), _midnight(following, zone)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(timezone.utc)


_NAMED: dict[str, Resolver] = {
    "today": _day(0), "tomorrow": _day(1), "yesterday": _day(-1),
    "this week": _week(0), "next week": _week(1), "last week": _week(-1),
    "this month": _this_month,
    "now": lambda now, zone: (now, now),
}


def _part(text: str) -> Resolver:
    if text in _NAMED:
        return _NAMED[text]
    m = _SPAN.fullmatch(text)
    if not m or m.group(3) not in _UNITS:
        raise WhenError(f"can't read {text!r} as a time window; {WHEN_HELP}")
    length = timedelta(seconds=int(m.group(2)) * _UNITS[m.group(3)])
    if not length:
        raise WhenError(f"{text!r} is an empty window")
    if m.group(1) == "last":
        return lambda now, zone: (now - length, now)
    return lambda now, zone: (now, now + length)


@dataclass(frozen=True)
class When:
    """A window relative to now, as typed: `last 24h`, `this week`, `last 24h to next 24h`."""

    text: str
    first: Resolver = field(compare=False, repr=False)
    last: Resolver = field(compare=False, repr=False)

    def window(self, now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """UTC [start, end)."""
        return self.first(now, zone)[0], self.last(now, zone)[1]


def parse_when(text: Any) -> When:
    if not isinstance(text, str):
        raise WhenError(f"a time window is text; {WHEN_HELP}")
    value = " ".join(text.strip().lower().split())
    parts = value.split(" to ")
    if not value or len(parts) > 2:
        raise WhenError(f"can't read {text!r} as a time window; {WHEN_HELP}")
    first, last = _part(parts[0].strip()), _part(parts[-1].strip())
    when = When(value, first, last)
    start, end = when.window(_SAMPLE_NOW, ZoneInfo("UTC"))
    if end <= start:
        raise WhenError(f"{text!r} ends before it starts: put the earlier window first")
    return when


# -- readers the config uses (each raises ValueError with words for the user) ---------------
def read_platforms(values: list[str]) -> list[str]:
    names = platform_names()
    unknown = [v for v in values if v.strip().lower() not in names]
    if unknown:
        known = ", ".join(spec.label if spec.label.lower() == p.value
                          else f"{spec.label} ({p.value})" for p, spec in SPECS.items())
        raise ValueError(f"unknown platform {', '.join(map(repr, unknown))} (known: {known})")
    return sorted({names[v.strip().lower()].value for v in values},
                  key=[p.value for p in Platform].index)


def read_statuses(values: list[str]) -> list[str]:
    """Statuses in capitals (`FAILED`) and families in lower case (`failed`: FAILED,
    PARTIALLY_FAILED, EXPIRED; `problem`, ...), expanded (domain/status.STATUS_WORDS)."""
    return sorted(read_status_words(values))


def read_brands(value: Any) -> str | list[int | str]:
    """`"all"`, `"current"`, or a list of brand ids / slugs / names."""
    if isinstance(value, str):
        if value.strip().lower() in ("all", "current"):
            return value.strip().lower()
        return [value]
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, list) and value and all(
            isinstance(v, (int, str)) and not isinstance(v, bool) for v in value):
        return list(value)
    raise ValueError('brands is "all", "current", or a list of brand ids, slugs or names')


# -- a view ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class View:
    """A saved view as the screens and the watcher use it (config.ViewConfig, checked)."""

    name: str
    when: When
    brands: str | tuple[int | str, ...] = "current"
    platforms: frozenset[str] = frozenset()  # empty: every platform
    statuses: frozenset[str] = frozenset()  # empty: every status
    text: str = ""
    approval: str = "any"  # "pending": approval required and not yet given
    alert_above: int | None = None
    predefined: bool = False

    def window(self, now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return self.when.window(now, zone)

    def describe(self) -> str:
        """One line: `all brands · IG, X · FAILED · last 24h · “text”`."""
        bits = ["all brands" if self.brands == "all" else "this brand"
                if self.brands == "current" else ", ".join(map(str, self.brands))]
        if self.platforms:
            bits.append(", ".join(SPECS[Platform(p)].short for p in sorted(self.platforms)))
        if self.statuses:
            bits.append(_status_words(self.statuses))
        if self.approval == "pending":
            bits.append("awaiting approval")
        bits.append(self.when.text)
        if self.text:
            bits.append(f"“{self.text}”")
        if self.alert_above is not None:
            bits.append(f"alert above {self.alert_above}")
        return " · ".join(bits)


def _status_words(statuses: frozenset[str]) -> str:
    for name, family in FAMILIES.items():
        if statuses == family:
            return name
    return ", ".join(sorted(statuses))


ON_CALL = "on-call"
NEEDS_APPROVAL = "needs approval"


def predefined() -> list[View]:
    """The on-call window and the posts awaiting approval; a `[[views]]` entry of the same
    name replaces one, `hide = true` removes it."""
    return [
        View(ON_CALL, parse_when("last 24h to next 24h"), "all",
             statuses=FAMILIES["problem"], predefined=True),
        View(NEEDS_APPROVAL, parse_when("next 30d"), "all",
             statuses=frozenset({Status.DRAFT, Status.SCHEDULED}), approval="pending",
             predefined=True),
    ]


def merge_views(configured: Iterable[Any]) -> list[View]:
    """The predefined views (unless replaced or hidden), then the config's, in its order.
    `configured` are config.ViewConfig records."""
    own = {v.name.casefold(): v for v in configured}
    out: list[View] = []
    for view in predefined():
        entry = own.pop(view.name.casefold(), None)
        if entry is None:
            out.append(view)
        elif not entry.hide:
            out.append(from_config(entry, predefined=True))
    out.extend(from_config(v) for v in own.values() if not v.hide)
    return out


def from_config(entry: Any, *, predefined: bool = False) -> View:
    brands = entry.brands if isinstance(entry.brands, str) else tuple(entry.brands)
    return View(entry.name, parse_when(entry.when), brands, frozenset(entry.platforms),
                frozenset(entry.statuses), entry.text.strip(), entry.approval,
                entry.alert_above, predefined)


def find_view(views: Sequence[View], name: str) -> View | None:
    key = " ".join(name.split()).casefold()
    return next((v for v in views if v.name.casefold() == key), None)


# -- matching ---------------------------------------------------------------------------------
class Row(Protocol):
    """What a view reads of a post: a cache PostRow has all of it."""

    platform: str
    id: Any
    brand_id: int
    status: str | None
    ts: int | None
    caption: str
    approval: str | None  # approval_status
    error: str | None


def brand_ids(view: View, current: int | None, known: Sequence[Any]) -> list[int]:
    """The brands a view covers: `known` are Brand records (id, slug, name)."""
    if view.brands == "all":
        return [b.id for b in known]
    if view.brands == "current":
        return [] if current is None else [current]
    out = []
    for key in view.brands:
        text = str(key).strip().lower()
        out += [b.id for b in known if text in (str(b.id), (b.slug or "").lower(),
                                                 b.name.lower())]
    return list(dict.fromkeys(out))


def select(view: View, rows: Iterable[tuple[Row, str | None]], start: datetime,
           end: datetime, brands: Sequence[int]) -> list[Row]:
    """The rows (each with its approval_policy) the view shows, in the given order: dated
    posts in [start, end) of the brands that pass every filter."""
    lo, hi = int(start.timestamp()), int(end.timestamp())
    wanted = set(brands)
    terms = view.text.casefold().split()
    out = []
    for row, policy in rows:
        if row.brand_id not in wanted or row.ts is None or not lo <= row.ts < hi:
            continue
        if view.platforms and row.platform not in view.platforms:
            continue
        if view.statuses and row.status not in view.statuses:
            continue
        if view.approval == "pending" and not awaiting_approval(row.approval, policy):
            continue
        if terms:
            hay = f"{row.caption}\n{row.id}\n{row.platform}\n{row.status or ''}\n" \
                  f"{row.error or ''}".casefold()
            if not all(t in hay for t in terms):
                continue
        out.append(row)
    return out


def awaiting_approval(status: str | None, policy: str | None) -> bool:
    return policy == APPROVAL_REQUIRED and (status or "").upper() != APPROVED
