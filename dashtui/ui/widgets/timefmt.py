"""UTC epoch seconds -> wall clock in the user's zone, fast enough for 100,000 rows.

`datetime.fromtimestamp(ts, zone)` costs microseconds per call; the calendar groups every
cached post by local day, so the UTC offset is looked up once per 6-hour bucket instead. A
bucket is only cached when its first and last second agree; one holding a transition asks
zoneinfo for every timestamp, so DST days stay exact (no zone changes twice within 6 hours).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# fixed English names: strftime would follow the process locale and break column widths
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_BUCKET = 6 * 3600
NO_TIME = "no time"


class LocalClock:
    """Converts epoch seconds to local dates and labels in one zone."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._offsets: dict[int, int] = {}

    def _utcoffset(self, ts: int) -> int:
        try:
            off = datetime.fromtimestamp(ts, self.zone).utcoffset()
        except (OverflowError, OSError, ValueError):
            return 0  # absurd timestamps still get a label instead of a crash
        return int(off.total_seconds()) if off is not None else 0

    def offset(self, ts: int) -> int:
        """Seconds to add to `ts` to get local wall-clock seconds."""
        bucket = ts // _BUCKET
        off = self._offsets.get(bucket)
        if off is None:
            start = bucket * _BUCKET
            off = self._utcoffset(start)
            if self._utcoffset(start + _BUCKET - 1) != off:
                return self._utcoffset(ts)  # a transition inside this bucket: ask zoneinfo
            self._offsets[bucket] = off
        return off

    def day_numbers(self, stamps: list[int]) -> list[int]:
        """Local day numbers (days since 1970-01-01) of many timestamps: the calendar's hot loop,
        with the bucket lookup inlined."""
        cache, offset, bucket = self._offsets, self.offset, _BUCKET
        out = []
        for ts in stamps:
            off = cache.get(ts // bucket)
            if off is None:
                off = offset(ts)
            out.append((ts + off) // 86400)
        return out

    @staticmethod
    def date_of(day_number: int) -> date:
        return date.fromordinal(_EPOCH_ORDINAL + day_number)

    def day(self, ts: int) -> date:
        return date.fromordinal(_EPOCH_ORDINAL + (ts + self.offset(ts)) // 86400)

    def wall(self, ts: int) -> datetime:
        """Naive local datetime (for labels only)."""
        return datetime(1970, 1, 1) + timedelta(seconds=ts + self.offset(ts))

    def hm(self, ts: int | None) -> str:
        if ts is None:
            return "--:--"
        secs = (ts + self.offset(ts)) % 86400
        return f"{secs // 3600:02d}:{secs % 3600 // 60:02d}"

    def when(self, ts: int | None) -> str:
        """'Mon 23 Nov 14:05' (16 cells), or 'no time' for undated drafts."""
        if ts is None:
            return NO_TIME
        w = self.wall(ts)
        return f"{DAY_NAMES[w.weekday()]} {w.day:2d} {MONTH_ABBR[w.month - 1]} {w:%H:%M}"

    def updated(self, iso: str | None) -> str:
        """'23 Nov 14:05' for an ISO `updated_at`; blank when missing or unreadable."""
        if not iso:
            return ""
        try:
            dt = datetime.fromisoformat(iso)
        except ValueError:
            return ""
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)  # the API's offset-less times are UTC
        w = self.wall(int(dt.timestamp()))
        return f"{w.day:2d} {MONTH_ABBR[w.month - 1]} {w:%H:%M}"


class Zoned:
    """A widget that shows times in one zone and can be switched to another: `clock` labels
    its times; `zone_changed` redraws what the new zone moves."""

    clock: LocalClock

    @property
    def zone(self) -> ZoneInfo:
        return self.clock.zone

    @zone.setter
    def zone(self, zone: ZoneInfo) -> None:
        self.clock = LocalClock(zone)
        self.zone_changed()

    def zone_changed(self) -> None:
        raise NotImplementedError


def day_label(d: date, pad: bool = True) -> str:
    """'Mon 23 Nov'; padded ('Mon  3 Nov') so a column of them lines up."""
    return f"{DAY_NAMES[d.weekday()]} {d.day:{2 if pad else 1}d} {MONTH_ABBR[d.month - 1]}"
