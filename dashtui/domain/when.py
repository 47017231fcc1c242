"""Reading a time the way people type it, in their zone, with DST gaps and overlaps called out.

Accepted: `2026-12-01 14:00`, `12-01 14:00`, `14:00`, `9am`, `+2h`, `-15m`, `+1d`,
`tomorrow 9:00`, `today 18:30`, `mon 10:00`, `tomorrow`. Relative offsets count from now;
a bare time of day lands on the post's current day (or today), a bare day keeps its time.

Any of them may name the zone it is typed in, before or after: `09:30 PST`, `brand 09:30`,
`tomorrow 09:30 America/Los_Angeles`, `2026-12-15 09:30 Europe/Paris`, `14:00 +05:30`,
`local 9am` (zones.py says which words name a zone, and what `PST` in July means). Without
one, the field's own zone (the display zone) is meant. "today" and "tomorrow" are days there.

A wall time that a DST change skips (02:30 on a spring-forward night) or repeats (01:30 on a
fall-back night) is refused, with the two ways to say what was meant.

The day part is `parse_day`, the one grammar for a typed day: the editor's time field, the
calendar's `g` (go to date) and the scripts' `--from`/`--to` all read days with it. In a
time, `+15m` is minutes; a day has no minutes, so there `+1m` (or `+1mo`) is a month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from .timeutil import shift_month
from .zones import TypedZone, ZoneWordError, looks_like_zone, read_zone

_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_REL = re.compile(r"([+-])\s*(\d+)\s*(min|m|h|d|w)")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?")
_DATE = re.compile(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})")
_DAY_REL = re.compile(r"([+-])\s*(\d+)\s*(mo|d|w|m)?")
_DAY_OF_MONTH = re.compile(r"\d{1,2}")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

HELP = ("try 2026-12-01 14:00, 14:00, 9am, +2h, -15m, tomorrow 9:00, mon 10:00, "
        "brand 09:30, 09:30 PST")
DAY_HELP = "try 2026-12-01, 12-01, 15, today, tomorrow, mon, +3, -2w, +1m"
# How far from now a typed time may be. Dash documents no limit; a post years away is a typo,
# and datetime overflows near year 9999 (the zone shift alone can cross it).
MAX_YEARS = 10
_SPAN = timedelta(days=round(365.25 * MAX_YEARS))


class WhenError(ValueError):
    pass


@dataclass(frozen=True)
class When:
    utc: datetime
    local: datetime  # in the zone it was typed in
    warning: str | None = None  # DST gap or overlap (localize); an out-of-season abbreviation
    typed_zone: str | None = None  # the zone named in the text ("PST", "brand (...)"), if any


def _time_of_day(text: str) -> time:
    m = _TIME.fullmatch(text)
    if not m:
        raise WhenError(f"can't read {text!r} as a time of day; {HELP}")
    hour, minute, meridiem = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise WhenError(f"{text!r}: hours run 1-12 with am/pm")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif m.group(2) is None:
        raise WhenError(f"{text!r}: write the minutes too, e.g. {hour}:00")
    if hour > 23 or minute > 59:
        raise WhenError(f"{text!r} is not a time of day")
    return time(hour, minute)


def parse_day(text: str, today: date, *, ahead: bool = False, hint: str = DAY_HELP) -> date:
    """A typed day: `2026-12-01`, `12-01`, `15` (day of the month), `today`/`t`, `tomorrow`,
    `yesterday`, `mon`/`monday` (the next one, never today), `+3`/`-3d`, `-2w`, `+1m`/`+1mo`.

    `ahead` (scheduling): a month-day or day of the month already past means the next one
    (`01-15` typed in December is next January); without it (browsing) it stays in this year
    or month. Raises WhenError, also for a day past what a date can hold."""
    value = " ".join(text.strip().lower().split())
    try:
        return _read_day(value, today, ahead, hint)
    except WhenError:
        raise
    except (OverflowError, ValueError) as exc:  # past year 9999, or 02-30
        if isinstance(exc, OverflowError) or "year" in str(exc):
            raise WhenError(f"{value!r} is out of range") from None
        raise WhenError(f"there is no such day as {value!r}") from None


def _read_day(value: str, today: date, ahead: bool, hint: str) -> date:
    if value in ("today", "t"):
        return today
    if value == "tomorrow":
        return today + timedelta(days=1)
    if value == "yesterday":
        return today - timedelta(days=1)
    if value[:3] in _WEEKDAYS and (len(value) == 3 or value.startswith(_WEEKDAY_NAMES)):
        return today + timedelta(days=(_WEEKDAYS.index(value[:3]) - today.weekday()) % 7 or 7)
    if m := _DAY_REL.fullmatch(value):
        if len(m.group(2)) > 6:  # far past any date; int() of a huge string is slow
            raise OverflowError
        n = int(m.group(2)) * (-1 if m.group(1) == "-" else 1)
        unit = m.group(3) or "d"
        if unit in ("m", "mo"):
            return shift_month(today, n)
        return today + timedelta(days=n * (7 if unit == "w" else 1))
    if m := _DATE.fullmatch(value):
        year, month, day = m.groups()
        found = date(int(year) if year else today.year, int(month), int(day))
        if ahead and not year and found < today:
            found = found.replace(year=today.year + 1)
        return found
    if _DAY_OF_MONTH.fullmatch(value):
        found = today.replace(day=int(value))
        if ahead and found < today:
            found = shift_month(today.replace(day=1), 1).replace(day=int(value))
        return found
    raise WhenError(f"can't read {value!r} as a day; {hint}")


def parse_day_in(text: str, *, now: datetime, zone: ZoneInfo,
                 brand_zone: ZoneInfo | None = None, ahead: bool = False) -> date:
    """A typed day that may name a zone (`tomorrow brand`, `today PST`): "today" is the
    day there. `g` (go to date) reads days with it."""
    value = " ".join(text.strip().lower().split()) or "today"
    if " " in value:
        rest, typed = _split_zone(value, zone, brand_zone)
        if typed is not None:
            return parse_day(rest, now.astimezone(typed.zone).date(), ahead=ahead)
    return parse_day(value, now.astimezone(zone).date(), ahead=ahead)


def localize(naive: datetime, zone: ZoneInfo) -> When:
    """Attach `zone` to a wall-clock time, saying so when DST makes it missing or ambiguous."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    back = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        # a gap: the clocks jump over this time; zoneinfo maps it forward
        moved = first.astimezone(timezone.utc).astimezone(zone)
        return When(first.astimezone(timezone.utc), moved,
                    f"{naive:%H:%M} does not exist on {naive:%d %b} in {zone.key} (clocks "
                    f"go forward); it would publish at {moved:%H:%M}")
    if first.utcoffset() != second.utcoffset():
        return When(first.astimezone(timezone.utc), first,
                    f"{naive:%H:%M} happens twice on {naive:%d %b} in {zone.key} (clocks go "
                    f"back); using the first, {first:%H:%M %Z}")
    return When(first.astimezone(timezone.utc), first)


def parse_when(text: str, *, now: datetime, zone: ZoneInfo,
               current: datetime | None = None, brand_zone: ZoneInfo | None = None,
               local_zone: ZoneInfo | None = None) -> When | None:
    """Read `text` typed in `zone` unless it names another (`brand` is `brand_zone`, `local`
    is `local_zone`, default `zone`). None for an empty field (no time). Raises WhenError,
    also for a time more than MAX_YEARS from now (never OverflowError) and for a wall time
    DST skips or repeats."""
    try:
        when = _parse(text, now=now, zone=zone, current=current, brand_zone=brand_zone,
                      local_zone=local_zone or zone)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, WhenError):
            raise
        when = None  # past what a datetime can hold: out of range as well
    else:
        if when is None or abs(when.utc - now) <= _SPAN:
            return when
    raise WhenError(f"{' '.join(text.split())!r} is out of range: pick a time within "
                    f"{MAX_YEARS} years of now")


_GLUED = re.compile(r"(\d{1,2}:\d{2})([+-]\d{2}:?\d{2}|z)$")  # ISO: 14:00z, 14:00+01:00


def _normal(text: str) -> str:
    value = " ".join(text.strip().lower().split())
    if re.match(r"\d{4}-\d{2}-\d{2}t", value):
        value = value.replace("t", " ", 1)
    return _GLUED.sub(r"\1 \2", value)


def _split_zone(value: str, local: ZoneInfo, brand: ZoneInfo | None
                ) -> tuple[str, TypedZone | None]:
    """The text without its zone word (first or last), and the zone it names."""
    parts = value.split(" ")
    first = looks_like_zone(parts[0])
    last = len(parts) > 1 and looks_like_zone(parts[-1])
    if first and last:
        raise WhenError(f"{value!r} names two zones; keep one")
    if not (first or last):
        return value, None
    word = parts[0] if first else parts[-1]
    rest = " ".join(parts[1:] if first else parts[:-1])
    if not rest:
        raise WhenError(f"{value!r} is only a zone: add the time, e.g. {word} 09:30")
    others = rest.split(" ")
    if len(others) > 1 and (looks_like_zone(others[0]) or looks_like_zone(others[-1])):
        raise WhenError(f"{value!r} names two zones; keep one")
    try:
        return rest, read_zone(word, local=local, brand=brand)
    except ZoneWordError as exc:
        raise WhenError(str(exc)) from None


def _parse(text: str, *, now: datetime, zone: ZoneInfo, current: datetime | None,
           brand_zone: ZoneInfo | None = None, local_zone: ZoneInfo | None = None
           ) -> When | None:
    value = _normal(text)
    if not value:
        return None
    value, typed = _split_zone(value, local_zone or zone, brand_zone)
    where: tzinfo = typed.zone if typed else zone
    when = _parse_in(value, text, now=now, zone=where, current=current)
    if typed is None:
        return when
    return When(when.utc, when.local, typed.note(when.utc) or when.warning, typed.label)


def _parse_in(value: str, text: str, *, now: datetime, zone: tzinfo,
              current: datetime | None) -> When:
    rel = _REL.fullmatch(value)
    if rel:
        if len(rel.group(2)) > 12:  # more digits than any offset in range; int() of a huge
            raise OverflowError  # string is slow, and timedelta refuses it anyway
        seconds = int(rel.group(2)) * _UNITS[rel.group(3)]
        moment = now + timedelta(seconds=seconds if rel.group(1) == "+" else -seconds)
        return When(moment.astimezone(timezone.utc), moment.astimezone(zone))
    today = now.astimezone(zone).date()
    base = current.astimezone(zone) if current else None
    parts = value.split(" ")
    if len(parts) == 2:
        day, clock = parse_day(parts[0], today, ahead=True, hint=HELP), _time_of_day(parts[1])
    elif _TIME.fullmatch(value) and (":" in value or value.endswith(("am", "pm"))):
        day, clock = (base.date() if base else today), _time_of_day(value)
    elif _DAY_OF_MONTH.fullmatch(value):  # "14": 14:00 or the 14th? ask, never guess
        raise WhenError(f"{text.strip()!r}: write {value}:00 for a time, or the month too "
                        f"for a day ({today.month:02d}-{value})")
    elif len(parts) == 1:
        day = parse_day(value, today, ahead=True, hint=HELP)
        clock = base.time().replace(second=0, microsecond=0) if base else time(9, 0)
    else:
        raise WhenError(f"can't read {text!r}; {HELP}")
    naive = datetime.combine(day, clock)
    if not isinstance(zone, ZoneInfo):  # a fixed offset: every wall time exists once
        local = naive.replace(tzinfo=zone)
        return When(local.astimezone(timezone.utc), local)
    return strict_localize(naive, zone)


def strict_localize(naive: datetime, zone: ZoneInfo) -> When:
    """`localize`, but a wall time DST skips or repeats is refused, saying how to write
    each meaning (an explicit offset, which the grammar reads)."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    back = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    day = f"{naive:%d %b %Y}"
    if back != naive:
        before = (first.astimezone(timezone.utc) - timedelta(hours=1)).astimezone(zone)
        after = first.astimezone(timezone.utc).astimezone(zone)
        raise WhenError(f"{naive:%H:%M} does not exist on {day} in {zone.key}: the clocks "
                        f"go forward over it. Type {after:%H:%M} (the same instant, "
                        f"{after:%Z}) or {before:%H:%M} (an hour earlier, {before:%Z})")
    if first.utcoffset() != second.utcoffset():
        raise WhenError(
            f"{naive:%H:%M} happens twice on {day} in {zone.key} (the clocks go back). Type "
            f"{naive:%H:%M} {_offset(first)} for the first ({first:%Z}) or {naive:%H:%M} "
            f"{_offset(second)} for the second ({second:%Z})")
    return When(first.astimezone(timezone.utc), first)


def _offset(moment: datetime) -> str:
    off = moment.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
