"""The one post filter the calendar and the list share: platforms, statuses, search text.

The list hides what does not pass; the calendar counts only what passes the platforms and
statuses, and dims the days (and week slots) where the text matches nothing. Kept apart from
both screens, and free of pydantic, because the calendar reads it before the first frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..domain.platforms import SPECS, Platform, platform_names
from ..domain.status import (FAILED_STATUSES, NEEDS_ACTION_STATUSES, PUBLISHED_STATUSES,
                             SCHEDULED_STATUSES, Status, read_status_words)
from .textsafe import one_line
from .widgets.search import terms_of

if TYPE_CHECKING:  # the app imports the screens that use this
    from .app import DashApp

# the status families a filter offers (`s` cycles through them, the picker ticks several):
# a label and the statuses it shows
STATUS_FILTERS: list[tuple[str, frozenset[str] | None]] = [
    ("all statuses", None),
    ("scheduled", SCHEDULED_STATUSES),
    ("drafts", frozenset({Status.DRAFT})),
    ("failed", FAILED_STATUSES),
    ("needs action", NEEDS_ACTION_STATUSES),
    ("published", PUBLISHED_STATUSES),
]
STATUS_FAMILIES = [(label, statuses) for label, statuses in STATUS_FILTERS if statuses]
PLATFORM_FILTERS: list[Platform | None] = [None, *Platform]


def platform_name(platform: str) -> str:
    try:
        return SPECS[Platform(platform)].label
    except ValueError:
        return one_line(platform)


@dataclass(frozen=True)
class PostFilter:
    """Empty sets mean "all": a filter never hides everything by accident."""

    platforms: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    text: str = ""

    @classmethod
    def of(cls, platforms: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
           text: str = "") -> PostFilter:
        return cls(frozenset(p.lower() for p in platforms or ()),
                   frozenset(s.upper() for s in statuses or ()), text)

    def but(self, **changes) -> PostFilter:
        if "platforms" in changes:
            changes["platforms"] = frozenset(p.lower() for p in changes["platforms"] or ())
        if "statuses" in changes:
            changes["statuses"] = frozenset(s.upper() for s in changes["statuses"] or ())
        return replace(self, **changes)

    @property
    def terms(self) -> list[str]:
        return terms_of(self.text)

    @property
    def narrows(self) -> bool:
        """Platforms or statuses are set: the calendar counts fewer posts."""
        return bool(self.platforms or self.statuses)

    @property
    def active(self) -> bool:
        return self.narrows or bool(self.text.strip())

    def keeps(self, platform: str, status: str | None) -> bool:
        """Passes the platforms and statuses (the text only dims, in the calendar)."""
        return ((not self.platforms or platform in self.platforms)
                and (not self.statuses or status in self.statuses))

    # -- words for the header, the status lines and the calendar's title -------------------
    def status_words(self) -> list[str]:
        """The families ticked ("failed", "drafts"); any status left over by its name."""
        left = set(self.statuses)
        words = []
        for label, family in STATUS_FAMILIES:
            if family <= left:
                words.append(label)
                left -= family
        words += sorted(one_line(s).lower().replace("_", " ") for s in left)
        return words

    def platform_words(self, short: bool = False) -> list[str]:
        order = {p.value: i for i, p in enumerate(Platform)}
        names = sorted(self.platforms, key=lambda p: (order.get(p, 99), p))
        if short:
            from .widgets.postfmt import platform_short
            return [platform_short(p) for p in names]
        return [platform_name(p) for p in names]

    def describe(self, short: bool = False, text: bool = True) -> str:
        """`Instagram, X · failed · “brew”`; "" when nothing is filtered."""
        bits = []
        if self.platforms:
            bits.append((" " if short else ", ").join(self.platform_words(short)))
        if self.statuses:
            bits.append("+".join(self.status_words()) if short
                        else ", ".join(self.status_words()))
        if text and self.text.strip():
            bits.append(f"“{one_line(self.text.strip(), 24 if short else 40)}”")
        return " · ".join(bits)


def parse_filter(text: str) -> PostFilter:
    """`status:failed,drafts platform:ig,x cold brew` -> a PostFilter, for a command line
    (`:filter`). Platforms by value, name or short code; statuses by family ("failed",
    "needs action" as needs_action) or by name (PARTIALLY_FAILED); other words are the
    search. Raises ValueError naming what it does not know."""
    platforms: set[str] = set()
    statuses: set[str] = set()
    words = []
    by_name = {name: p.value for name, p in platform_names().items()}
    for word in text.split():
        key, colon, value = word.partition(":")
        if colon and key.lower() in ("platform", "platforms", "p"):
            for name in filter(None, value.lower().split(",")):
                if name not in by_name:
                    raise ValueError(f"no platform called {name!r}: try ig, x, fb, li, tt, "
                                     "yt, pi, th, bs, sc")
                platforms.add(by_name[name])
        elif colon and key.lower() in ("status", "statuses", "s"):
            names = [n for n in value.split(",") if n and n.lower() not in ("all", "any")]
            statuses |= read_status_words(names)
        else:
            words.append(word)
    return PostFilter.of(platforms, statuses, " ".join(words))


def status_index(statuses: frozenset[str]) -> int | None:
    """Where a set of statuses sits in STATUS_FILTERS (None: several families ticked)."""
    for i, (_, family) in enumerate(STATUS_FILTERS):
        if (family or frozenset()) == statuses:
            return i
    return None


def next_status(statuses: frozenset[str]) -> frozenset[str]:
    """`s`: all -> scheduled -> drafts -> failed -> needs action -> published -> all. From a
    mix ticked in the picker it goes back to all."""
    i = status_index(statuses)
    if i is None:
        return frozenset()
    return STATUS_FILTERS[(i + 1) % len(STATUS_FILTERS)][1] or frozenset()


def next_platform(platforms: frozenset[str]) -> frozenset[str]:
    """`p`: all -> each platform in turn -> all. From several ticked it goes back to all."""
    values = [p.value if p else None for p in PLATFORM_FILTERS]
    current = next(iter(platforms)) if len(platforms) == 1 else None
    if len(platforms) > 1 or current not in values:
        return frozenset()
    nxt = values[(values.index(current) + 1) % len(values)]
    return frozenset({nxt}) if nxt else frozenset()


class FilterKeys:
    """`s`, `p` and `f` on a screen that shows the shared filter (the calendar, the list)."""

    app: DashApp

    @property
    def post_filter(self) -> PostFilter:
        return self.app.post_filter

    def action_cycle_status(self) -> None:
        f = self.post_filter
        self.app.set_post_filter(f.but(statuses=next_status(f.statuses)))

    def action_cycle_platform(self) -> None:
        f = self.post_filter
        self.app.set_post_filter(f.but(platforms=next_platform(f.platforms)))

    def action_pick_filter(self) -> None:
        from .screens.filter_picker import pick_filter

        pick_filter(self.app)


def filter_bindings(prefix: str, *, shown: bool) -> list:
    """The keys of FilterKeys, with ids `prefix.status` etc.; `shown`: `s` and `p` in the
    footer."""
    from textual.binding import Binding

    return [
        Binding("s", "screen.cycle_status", "Status", id=f"{prefix}.status", show=shown),
        Binding("p", "screen.cycle_platform", "Platform", id=f"{prefix}.platform", show=shown),
        Binding("f", "screen.pick_filter", "Filters…", id=f"{prefix}.filters", show=False,
                tooltip="Tick several platforms and statuses: space toggles, enter applies"),
    ]
