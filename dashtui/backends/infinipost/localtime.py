"""Infinipost's times: edits take a local wall time `YYYY-MM-DDTHH:MM` plus one of 11 zones
(seed 002); answers give UTC.

A UTC instant always has exactly one wall time in a zone, so turning dashtui's UTC timestamp
into what Infinipost takes never meets a DST gap (no instant falls in one). It can meet an
overlap: when clocks go back, one wall time names two instants an hour apart, and a bare
`01:30` cannot say which. Infinipost takes no offset, so the server would pick one for us;
rather than risk the post going out an hour early or late, such a time is refused with a
message saying why (`AmbiguousTime`). The minute is the finest unit the format has: seconds
are dropped (truncated), never rounded up past the chosen minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

#: the zones the Edit Post page lists, in its order
ZONES: tuple[str, ...] = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "Europe/London", "Europe/Paris", "Asia/Tokyo",
    "Asia/Singapore", "Australia/Sydney",
)
ZONE_LABELS: dict[str, str] = dict(zip(ZONES, (
    "Eastern (ET)", "Central (CT)", "Mountain (MT)", "Pacific (PT)", "Alaska (AKT)",
    "Hawaii (HST)", "London (GMT)", "Paris (CET)", "Tokyo (JST)", "Singapore (SGT)",
    "Sydney (AEDT)")))
WALL_FORMAT = "%Y-%m-%dT%H:%M"


class AmbiguousTime(ValueError):
    """The instant's wall time happens twice in the zone (clocks go back)."""


def zone_list() -> str:
    return ", ".join(ZONES)


def to_wall(instant: datetime, zone: str) -> str:
    """The wall time Infinipost takes for `instant` in `zone` (one of ZONES).

    Raises ValueError for a zone outside the list, AmbiguousTime for an overlap.
    """
    if zone not in ZONES:
        raise ValueError(f"{zone!r} is not one of Infinipost's time zones ({zone_list()})")
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    tz = ZoneInfo(zone)
    local = instant.astimezone(tz).replace(second=0, microsecond=0)
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        hour = naive.strftime("%H:%M")
        raise AmbiguousTime(
            f"{hour} on {naive:%Y-%m-%d} happens twice in {zone} (the clocks go back that "
            "night) and Infinipost takes a local time without an offset, so it could go out "
            "an hour off; pick a time outside the repeated hour, or another zone")
    return naive.strftime(WALL_FORMAT)


def from_wall(text: str, zone: str) -> datetime:
    """The UTC instant of a wall time in a zone (the first reading of a repeated hour)."""
    naive = datetime.strptime(text, WALL_FORMAT)
    return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def same_minute(a: datetime, b: datetime) -> bool:
    return abs(a - b) < timedelta(minutes=1)
