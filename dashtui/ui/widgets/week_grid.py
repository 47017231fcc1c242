"""The planning week: days across, hours down, one lane per platform in every cell.

Each day's column is cut into lanes, one per platform, in the same order everywhere, so a
platform reads down a column and across the week: its letter where it has a post that hour,
a dim `·` where it has none (a free slot), `⚠` where two of its posts are closer than the
spacing rule (one hour), `✗` where one failed. The line under the day names is the legend
and the day's gaps at once: a platform's letter if it posts that day, `·` if not.

One row is one hour, the spacing rule's own unit. What does not fit (24 hours in 18 rows at
80x24) scrolls: the band opens on working hours, follows the cursor, and the hours above and
below it are folded into one `↑`/`↓` row each that shows their posts the same way, so no
post is ever off screen without a mark. Pure functions of the data, like calendar_render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.segment import Segment
from textual.strip import Strip

from ...store.cache import PostRow
from .calendar_data import CalendarData, Key
from .calendar_render import NONE, CalStyles, Piece, _strip, fit_pieces
from .postfmt import fit, platform_label, platform_letter, platform_short, status_kind
from .timefmt import DAY_NAMES, MONTH_ABBR, day_label

HOURS = 24
WORK_START = 7  # the band opens here when the day does not fit: 07:00 onwards
HEAD_LINES = 3  # title, day names, lanes


@dataclass(frozen=True)
class Band:
    """The hours on screen: [top, top + rows), with a folded row above and/or below."""

    top: int
    rows: int
    above: bool
    below: bool


def band(top: int, room: int, cursor: int) -> Band:
    """The hour rows for `room` lines that keep the `cursor` hour on screen, scrolled as
    little as possible from `top`."""
    room = max(1, room)
    if room >= HOURS:
        return Band(0, HOURS, False, False)
    if room < 3:  # no room for folded rows: just the cursor's hours
        top = max(0, min(cursor, HOURS - room))
        return Band(top, room, False, False)

    def rows_at(t: int) -> tuple[int, bool, bool]:
        above = t > 0
        n = room - above
        below = t + n < HOURS
        n -= below
        return max(1, min(n, HOURS - t)), above, below

    top = max(0, min(top, HOURS - 1))
    for _ in range(6):  # the folded rows come and go with `top`: settles in two or three
        n = rows_at(top)[0]
        if cursor < top:
            top = cursor
        elif cursor >= top + n:
            top += cursor - (top + n) + 1
        else:
            break
    top = min(top, max(0, HOURS - (room - 1)))  # never blank rows under 23:00
    n, above, below = rows_at(top)
    return Band(top, n, above, below)


def lanes_for(data: CalendarData, platforms: frozenset[str], order: list[str]) -> list[str]:
    """The platforms that get a lane: the filter's when it names some, else every platform
    with a post in the period, in the service's order (unknown ones last)."""
    wanted = set(platforms) if platforms else set(data.platforms)
    rank = {p: i for i, p in enumerate(order)}
    return sorted(wanted, key=lambda p: (rank.get(p, len(rank)), p))


def _lane_text(code: str, marks: str, lw: int) -> str:
    """`code` then its marks in `lw` cells; the marks win when space is short."""
    if not marks:
        return fit(code, lw)
    keep = max(0, lw - len(marks))
    return (code[:keep] + marks)[:lw].ljust(lw)


@dataclass(frozen=True)
class Lanes:
    platforms: list[str]
    width: int  # cells per lane
    shown: int  # lanes that fit; the rest are counted in a "+" at the end

    @classmethod
    def fit(cls, platforms: list[str], cw: int) -> Lanes:
        n = max(1, len(platforms))
        if n <= cw:
            return cls(platforms, max(1, min(4, cw // n)), len(platforms))
        return cls(platforms, 1, max(0, cw - 1))

    def code(self, platform: str) -> str:
        return platform_short(platform) if self.width >= 2 else platform_letter(platform)


def slot_pieces(rows: list[PostRow], lanes: Lanes, data: CalendarData, st: CalStyles,
                found: set[Key] | None) -> list[Piece]:
    """One cell: every lane's state for these posts (one hour, or a folded band)."""
    by_platform: dict[str, list[PostRow]] = {}
    for r in rows:
        by_platform.setdefault(r.platform, []).append(r)
    pieces: list[Piece] = []
    lw = lanes.width
    for p in lanes.platforms[:lanes.shown]:
        posts = by_platform.get(p)
        if not posts:
            pieces.append((fit("·", lw), st.empty))
            continue
        kinds = {status_kind(r.status) for r in posts}
        failed = "error" in kinds
        conflict = any(data.is_conflict(r) for r in posts)
        marks = ("✗" if failed else "") + ("⚠" if conflict else "")
        style = (st.error if failed else st.conflict if conflict
                 else st.dim if kinds == {"dim"} else st.draft if kinds == {"draft"} else NONE)
        if found is not None and not any((r.platform, r.id) in found for r in posts):
            style = st.nomatch
        pieces.append((_lane_text(lanes.code(p), marks, lw), style))
    hidden = [p for p in lanes.platforms[lanes.shown:] if p in by_platform]
    if len(lanes.platforms) > lanes.shown:
        pieces.append(("+" if hidden else " ", st.dim))
    return _merged(pieces)


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Neighbours in one style as one piece: a row of free lanes is one segment, not ten."""
    out: list[Piece] = []
    for text, style in pieces:
        if out and out[-1][1] is style:
            out[-1] = (out[-1][0] + text, style)
        else:
            out.append((text, style))
    return out


def _day_pieces(d: date, rows: list[PostRow], conflict: bool, cw: int, st: CalStyles,
                today: date, dimmed: bool) -> list[Piece]:
    label = f"{DAY_NAMES[d.weekday()]} {d.day}"
    if cw >= 14:
        label += f" {MONTH_ABBR[d.month - 1]}"
    count = f"{len(rows)}" if rows else "·"
    mark = "⚠" if conflict else ""
    gap = " " * max(1, cw - len(label) - len(count) - len(mark))
    base = st.nomatch if dimmed else NONE
    return [(label, st.today if d == today else base), (gap, NONE),
            (count, st.dim if not rows else base), (mark, st.conflict)]


def _strip_pieces(rows: list[PostRow], lanes: Lanes, st: CalStyles) -> list[Piece]:
    """Under a day's name: each lane's code when the platform posts that day, else `·`."""
    present = {r.platform for r in rows}
    pieces: list[Piece] = []
    for p in lanes.platforms[:lanes.shown]:
        if p in present:
            pieces.append((fit(lanes.code(p), lanes.width), NONE))
        else:
            pieces.append((fit("·", lanes.width), st.empty))
    if len(lanes.platforms) > lanes.shown:
        pieces.append(("+" if present - set(lanes.platforms[:lanes.shown]) else " ", st.dim))
    return pieces


@dataclass(frozen=True)
class GridView:
    """What the grid shows: the data and the widget's state it is drawn from."""

    data: CalendarData
    start: date  # the Monday
    cursor: date
    hour: int
    today: date
    lanes: list[str]
    found: set[Key] | None  # posts the `/` words match; None: no search
    title_extra: str = ""  # the filter, in words


def grid_lines(view: GridView, width: int, height: int, st: CalStyles, top: int
               ) -> tuple[list[Strip], int]:
    """The week grid's strips; returns them and the band's new top hour."""
    data = view.data
    days = [view.start + timedelta(days=i) for i in range(7)]
    cell_w = max(3, (width - 3) // 7)
    gutter = max(0, width - 7 * cell_w)
    cw = cell_w - 1  # one column of rule on the left of every cell
    lanes = Lanes.fit(view.lanes, cw)
    day_rows = []
    for d in days:
        agg = data.get(d)
        day_rows.append(list(agg.rows) if agg is not None else [])
    slots = [data.hours(d) for d in days]

    room = height - HEAD_LINES
    legend = _legend(lanes, st) if room >= HOURS + 1 + 2 else []
    b = band(top, room, view.hour)

    last = days[-1]
    title = (f"Week {view.start.isocalendar()[1]} · {day_label(view.start, pad=False)} – "
             f"{day_label(last, pad=False)} {last.year}")
    pieces: list[Piece] = [(title, st.title)]
    if view.title_extra:
        pieces.append((f" · {view.title_extra}", st.conflict))
    arrows = ("↑" if b.above else " ") + ("↓" if b.below else " ")
    strips = [_strip(fit_pieces(pieces, width - 2) + [Segment(arrows, st.dim)], width, st)]

    def row(label: str, cells: list[list[Piece]], label_style=NONE, cursor_col: int = -1
            ) -> Strip:
        segs = [Segment(fit(label, gutter), label_style)] if gutter else []
        for i, cell in enumerate(cells):
            segs.append(Segment("│", st.dim))
            fitted = fit_pieces(cell, cw)
            if i == cursor_col:
                fitted = list(Segment.apply_style(fitted, None, st.cursor))
            segs.extend(fitted)
        return _strip(segs, width, st)

    found = view.found
    matched_days = [found is None or any((r.platform, r.id) in found for r in rows)
                    for rows in day_rows]
    strips.append(row("", [
        _day_pieces(d, rows, bool(data.get(d) and data.get(d).conflict), cw, st, view.today,
                    not matched)
        for d, rows, matched in zip(days, day_rows, matched_days)]))
    strips.append(row("", [_strip_pieces(rows, lanes, st) for rows in day_rows]))

    col = days.index(view.cursor) if view.cursor in days else -1

    def hour_label(h: int) -> str:
        return f"{h:02d}:00" if gutter >= 6 else f"{h:02d}"

    def folded(first: int, end: int, arrow: str) -> Strip:
        text = f"{arrow}{first:02d}-{end - 1:02d}" if gutter >= 6 else arrow
        return row(text, [slot_pieces([r for h in range(first, end) for r in hours[h]],
                                      lanes, data, st, found) for hours in slots],
                   st.dim)

    if b.above:
        strips.append(folded(0, b.top, "↑"))
    for h in range(b.top, b.top + b.rows):
        strips.append(row(hour_label(h),
                          [slot_pieces(hours[h], lanes, data, st, found) for hours in slots],
                          st.title if h == view.hour else st.dim,
                          col if h == view.hour else -1))
    if b.below:
        strips.append(folded(b.top + b.rows, HOURS, "↓"))
    if legend:
        strips.append(_strip([], width, st))
        strips.extend(_strip(fit_pieces(line, width), width, st) for line in legend)
    return strips[:height], b.top


def _legend(lanes: Lanes, st: CalStyles) -> list[list[Piece]]:
    """Two lines under a grid that has room: what each lane's letter and mark means."""
    names: list[Piece] = [(" ", NONE)]
    for p in lanes.platforms:
        names += [(lanes.code(p).strip(), NONE), (f" {platform_label(p)}  ", st.dim)]
    marks: list[Piece] = [
        (" ⚠", st.conflict), (" same platform under an hour apart  ", st.dim),
        ("✗", st.error), (" failed  ", st.dim), ("·", st.empty), (" free  ", st.dim),
        ("enter", NONE), (" posts of the hour  ", st.dim), ("n", NONE),
        (" new post there  ", st.dim), ("w", NONE), (" list", st.dim)]
    return [names, marks]
