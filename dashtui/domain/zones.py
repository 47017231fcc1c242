"""The zone part of a typed time: `PST`, `brand`, `local`, `UTC`, `+05:30`, `Europe/Paris`.

when.py reads the time and the day; this module says which zone a word names.

Abbreviations are a small fixed table, not a guess from the system: the same letters name
different zones around the world (`IST` is India, Ireland and Israel; `CST` is also China), so
only the ones below are read, each with one meaning.

An abbreviation means its fixed offset, all year: `09:30 PST` is 09:30 at UTC-08:00 even in
July, when Los Angeles is on PDT. That is what the letters say, it is what lets `01:30 EDT` and
`01:30 EST` pick one of the two 01:30s of the autumn night, and a time is never shifted by an
hour behind the user's back. When the abbreviation is not the one its home zone uses that day
(PST in July), the time still reads as typed and the answer carries a note saying what the
wall clock in the home zone shows then. For the wall time of a place, type the place
(`America/Los_Angeles`) or `brand`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones


@dataclass(frozen=True)
class Abbreviation:
    name: str  # as people write it: "PST"
    hours: float  # fixed offset from UTC
    home: str  # the zone that uses it, for the "Los Angeles is on PDT then" note


_ABBREVIATIONS = [
    Abbreviation("UTC", 0, "UTC"), Abbreviation("GMT", 0, "Europe/London"),
    Abbreviation("Z", 0, "UTC"),
    Abbreviation("BST", 1, "Europe/London"),  # British Summer Time
    Abbreviation("WET", 0, "Europe/Lisbon"), Abbreviation("WEST", 1, "Europe/Lisbon"),
    Abbreviation("CET", 1, "Europe/Paris"), Abbreviation("CEST", 2, "Europe/Paris"),
    Abbreviation("EET", 2, "Europe/Athens"), Abbreviation("EEST", 3, "Europe/Athens"),
    Abbreviation("EST", -5, "America/New_York"), Abbreviation("EDT", -4, "America/New_York"),
    Abbreviation("CST", -6, "America/Chicago"), Abbreviation("CDT", -5, "America/Chicago"),
    Abbreviation("MST", -7, "America/Denver"), Abbreviation("MDT", -6, "America/Denver"),
    Abbreviation("PST", -8, "America/Los_Angeles"),
    Abbreviation("PDT", -7, "America/Los_Angeles"),
    Abbreviation("AKST", -9, "America/Anchorage"), Abbreviation("AKDT", -8, "America/Anchorage"),
    Abbreviation("HST", -10, "Pacific/Honolulu"),
    Abbreviation("JST", 9, "Asia/Tokyo"), Abbreviation("KST", 9, "Asia/Seoul"),
    Abbreviation("SGT", 8, "Asia/Singapore"),
    Abbreviation("AEST", 10, "Australia/Sydney"), Abbreviation("AEDT", 11, "Australia/Sydney"),
    Abbreviation("NZST", 12, "Pacific/Auckland"), Abbreviation("NZDT", 13, "Pacific/Auckland"),
]
ABBREVIATIONS: dict[str, Abbreviation] = {a.name.lower(): a for a in _ABBREVIATIONS}
BRAND, LOCAL = "brand", "local"
_OFFSET = re.compile(r"(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?")
ZONE_HELP = ("a zone is brand, local, UTC, PST, CET (see `dashtui new --help`), +05:30, "
             "or a place such as America/Los_Angeles")


class ZoneWordError(ValueError):
    pass


@dataclass(frozen=True)
class TypedZone:
    """The zone a time was typed in, and how it was named."""

    zone: tzinfo
    label: str  # "PST", "brand (America/Los_Angeles)", "Europe/Paris", "+05:30"
    abbreviation: Abbreviation | None = None

    @property
    def fixed(self) -> bool:
        """A fixed offset (an abbreviation or +hh:mm): no DST, no gaps, no overlaps."""
        return not isinstance(self.zone, ZoneInfo)

    def note(self, moment: datetime) -> str | None:
        """For an abbreviation out of season: what its home zone's clock shows then."""
        a = self.abbreviation
        if a is None or a.home == "UTC":
            return None
        home = moment.astimezone(ZoneInfo(a.home))
        if home.utcoffset() == timedelta(hours=a.hours):
            return None
        city = a.home.rsplit("/", 1)[-1].replace("_", " ")
        return (f"{a.name} is UTC{_hours(a.hours)} all year; {city} is on "
                f"{home.strftime('%Z')} then, so this is {home:%H:%M} there (type "
                f"{a.home} or `brand` for the wall time there)")


def _hours(hours: float) -> str:
    sign = "-" if hours < 0 else "+"
    whole = abs(hours)
    return f"{sign}{int(whole):02d}:{int(round((whole % 1) * 60)):02d}"


@lru_cache(maxsize=1)
def _iana() -> dict[str, str]:
    """Every IANA name, lower-cased -> as spelled (the typed text is read lower-case)."""
    return {name.lower(): name for name in available_timezones()}


def looks_like_zone(word: str) -> bool:
    """Could `word` (lower-case) be a zone? Cheap: no zone database lookup."""
    return (word in (BRAND, LOCAL) or word in ABBREVIATIONS or "/" in word
            or bool(_OFFSET.fullmatch(word) and (":" in word or word[:3] in ("utc", "gmt")
                                                  or len(word) >= 5)))


def read_zone(word: str, *, local: tzinfo, brand: tzinfo | None) -> TypedZone:
    """The zone `word` (lower-case) names. Raises ZoneWordError with what to type instead."""
    if word == BRAND:
        if brand is None:
            raise ZoneWordError("this brand has no time zone set: add it to the config, "
                                "e.g. [brand_timezones] \"144\" = \"America/Los_Angeles\"")
        return TypedZone(brand, f"brand ({getattr(brand, 'key', brand)})")
    if word == LOCAL:
        return TypedZone(local, getattr(local, "key", str(local)))
    if word in ABBREVIATIONS:
        a = ABBREVIATIONS[word]
        offset = timedelta(hours=a.hours)
        return TypedZone(timezone(offset, a.name), a.name, a)
    if m := _OFFSET.fullmatch(word):
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            raise ZoneWordError(f"{word!r} is not a UTC offset (they run -12:00 to +14:00)")
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if m.group(1) == "-" else 1)
        label = f"{m.group(1)}{hours:02d}:{minutes:02d}"
        return TypedZone(timezone(offset, label), label)
    name = _iana().get(word)
    if name is None:
        raise ZoneWordError(f"{word!r} is not a time zone; {ZONE_HELP}")
    return TypedZone(ZoneInfo(name), name)
