"""Per-day aggregates of posts in the user's zone, built in one pass and cached by the view.

A conflict is two posts of the same brand on the same platform less than the spacing rule
apart (domain/timeutil.SPACING, one hour): the network (or the audience) sees them as a
double post. Different brands are different accounts, so they never conflict with each
other. Conflicts are found among every post given, also those the filter leaves out: a
hidden draft next to a shown post is still a collision to plan around.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from operator import itemgetter

from ...domain.timeutil import SPACING
from ...domain.status import DONE_STATUSES, FAILED_STATUSES, Status
from ...store.cache import PostRow
from .search import haystack, matches
from .timefmt import LocalClock

CONFLICT_SECONDS = SPACING.total_seconds()
Key = tuple[str, int]
Keep = Callable[[str, "str | None"], bool]  # (platform, status) -> shown


class DayAgg:
    """One local day. The counts are tallied on first use: a month grid reads ~42 days, the
    cache may hold a year of them."""

    __slots__ = ("rows", "conflict", "_tally")

    def __init__(self) -> None:
        self.rows: list[PostRow] = []  # time order
        self.conflict = False
        self._tally: tuple[int, int, int, int, dict[str, list[int]]] | None = None

    @property
    def total(self) -> int:
        return len(self.rows)

    def _counts(self) -> tuple[int, int, int, int, dict[str, list[int]]]:
        if self._tally is None:
            posted = failed = scheduled = drafts = 0
            platforms: dict[str, list[int]] = {}  # platform -> [count, failed]
            for r in self.rows:
                bad = r.status in FAILED_STATUSES
                if bad:
                    failed += 1
                elif r.status in DONE_STATUSES:
                    posted += 1
                elif r.status == Status.DRAFT:
                    drafts += 1
                else:
                    scheduled += 1
                counts = platforms.setdefault(r.platform, [0, 0])
                counts[0] += 1
                counts[1] += bad
            self._tally = (posted, failed, scheduled, drafts, platforms)
        return self._tally

    posted = property(lambda self: self._counts()[0])
    failed = property(lambda self: self._counts()[1])  # FAILED, PARTIALLY_FAILED, EXPIRED
    scheduled = property(lambda self: self._counts()[2])  # everything still on its way out
    drafts = property(lambda self: self._counts()[3])

    def platform_order(self) -> list[tuple[str, int, int]]:
        """(platform, count, failed), busiest first, then by name for a stable layout."""
        return sorted(((p, c, f) for p, (c, f) in self._counts()[4].items()),
                      key=lambda t: (-t[1], t[0]))


class CalendarData:
    def __init__(self, rows: list[PostRow], clock: LocalClock, keep: Keep | None = None
                 ) -> None:
        """`keep(platform, status)`: which posts the days count (the shared filter); None
        keeps all of them."""
        self.clock = clock
        self.days: dict[date, DayAgg] = {}
        self.conflicts: set[Key] = set()
        self.undated = 0
        self.platforms: set[str] = set()  # of every post given, shown or not
        self._hay: dict[Key, str] = {}  # search text, made the first time `/` asks
        self._hours: dict[date, list[list[PostRow]]] = {}  # the week grid's rows, by day
        days = self.days
        groups: dict[tuple[int, str], list[PostRow]] = defaultdict(list)
        seen: set[Key] = set()
        dated = []
        for r in rows:
            key = (r.platform, r.id)
            if key in seen:  # a post listed twice must not conflict with itself
                continue
            seen.add(key)
            if r.ts is None:
                if keep is None or keep(r.platform, r.status):
                    self.undated += 1
            else:
                dated.append(r)
        by_number: dict[int, DayAgg] = {}
        for r, n in zip(dated, clock.day_numbers([r.ts for r in dated])):
            groups[(r.brand_id, r.platform)].append(r)
            if keep is not None and not keep(r.platform, r.status):
                continue
            agg = by_number.get(n)
            if agg is None:
                agg = by_number[n] = days[clock.date_of(n)] = DayAgg()
            agg.rows.append(r)
        self.platforms = {platform for _, platform in groups}

        day_of = clock.day
        for group in groups.values():
            group.sort(key=itemgetter(4))  # PostRow.ts
            for a, b in zip(group, group[1:]):
                if b.ts - a.ts < CONFLICT_SECONDS:
                    self.conflicts.add((a.platform, a.id))
                    self.conflicts.add((b.platform, b.id))
                    # a pair can straddle midnight: both days get the marker (those shown)
                    for r in (a, b):
                        agg = days.get(day_of(r.ts))
                        if agg is not None and (keep is None or keep(r.platform, r.status)):
                            agg.conflict = True
        for agg in days.values():
            agg.rows.sort(key=itemgetter(4, 0, 1))  # ts, platform, id

    def get(self, d: date) -> DayAgg | None:
        return self.days.get(d)

    def is_conflict(self, row: PostRow) -> bool:
        return (row.platform, row.id) in self.conflicts

    def matching(self, terms: list[str], days: list[date]) -> set[Key]:
        """The posts of those days that the search words all match (their search text is
        built once per post and kept: typing a word reads the same posts again)."""
        hay = self._hay
        found: set[Key] = set()
        for d in days:
            agg = self.days.get(d)
            for r in agg.rows if agg is not None else ():
                key = (r.platform, r.id)
                text = hay.get(key)
                if text is None:
                    text = hay[key] = haystack(r.caption, r.id, r.platform, r.status)
                if matches(text, terms):
                    found.add(key)
        return found

    def hour_of(self, ts: int) -> int:
        """The local hour (0-23) of a post's time: its row in the week grid."""
        return (ts + self.clock.offset(ts)) % 86400 // 3600

    def hours(self, d: date) -> list[list[PostRow]]:
        """A day's posts by local hour, 24 lists (kept: the grid repaints on every key)."""
        found = self._hours.get(d)
        if found is None:
            found = self._hours[d] = [[] for _ in range(24)]
            agg = self.days.get(d)
            for r in agg.rows if agg is not None else ():
                found[self.hour_of(r.ts)].append(r)
        return found
