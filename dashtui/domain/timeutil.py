"""Calendar periods in the display zone, as UTC instants for the API and the cache."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

# posts of one brand on one platform less than this apart read as a double post (a burst to
# the network): the calendar marks them as a conflict, a free slot keeps at least this far away
SPACING = timedelta(hours=1)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight of `day` in UTC (zoneinfo resolves DST gaps forward)."""
    return datetime.combine(day, time(0), zone).astimezone(timezone.utc)


def span(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) in UTC covering the local days first..last inclusive."""
    return day_start(first, zone), day_start(last + timedelta(days=1), zone)


def hour_span(day: date, hour: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) in UTC of one local hour of `day` (0-23): the week grid's slot. The
    autumn hour that happens twice is both of them; the spring hour that never happens is
    empty."""
    start = datetime.combine(day, time(hour), zone).astimezone(timezone.utc)
    end = day_start(day + timedelta(days=1), zone) if hour == 23 else \
        datetime.combine(day, time(hour + 1), zone).astimezone(timezone.utc)
    return start, max(start, end)


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first = date(year, month + 1, 1)
    return min(day.replace(year=year, month=month + 1, day=1) + timedelta(days=day.day - 1),
               month_of(first)[1])



def parse_stamp(value: object, naive: str = "keep") -> datetime | None:
    """An ISO 8601 time as the services write it (`Z` for UTC), or None for anything else.

    A time without an offset is kept naive (naive="keep"), read as UTC ("utc"), or refused
    ("none"): each service's documents say which."""
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str) and value:
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if when.tzinfo is None and naive != "keep":
        return when.replace(tzinfo=timezone.utc) if naive == "utc" else None
    return when
