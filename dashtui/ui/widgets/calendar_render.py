"""Month grid and week agenda as Strips: pure functions of aggregates, dates and styles.

Kept apart from the widget so layout rules read in one place. Piece styles are *partial*
(only what the component class sets); the widget's base style goes underneath last, so an
error colour survives on a dimmed outside day and the cursor's reverse goes on top of all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ...store.cache import PostRow
from ..textsafe import one_line
from .calendar_data import CalendarData, DayAgg
from .postfmt import fit, platform_short, short_status, status_glyph, status_kind
from .timefmt import DAY_NAMES, MONTH_ABBR, MONTH_NAMES, LocalClock, day_label

Piece = tuple[str, Style]
NONE = Style()


@dataclass(frozen=True)
class CalStyles:
    base: Style  # full widget style; everything else is partial
    title: Style = NONE
    weekday: Style = NONE
    today: Style = NONE
    cursor: Style = NONE
    outside: Style = NONE
    error: Style = NONE
    empty: Style = NONE
    conflict: Style = NONE
    dim: Style = NONE
    draft: Style = NONE
    nomatch: Style = NONE  # what `/` does not match: dimmed over every other style


def fit_pieces(pieces: list[Piece], width: int) -> list[Segment]:
    """Exactly `width` cells; the piece that overflows is cut with '…', later ones dropped."""
    out, left = [], width
    for text, style in pieces:
        if left <= 0:
            break
        w = cell_len(text)
        if w > left:
            out.append(Segment(fit(text, left), style))
            left = 0
            break
        out.append(Segment(text, style))
        left -= w
    if left > 0:
        out.append(Segment(" " * left))
    return out


def _strip(segs: list[Segment], width: int, st: CalStyles, post: Style | None = None) -> Strip:
    segs = list(Segment.apply_style(segs, st.base, post))
    return Strip(segs).adjust_cell_length(width, st.base)


def grid_start(month_first: date) -> date:
    return month_first - timedelta(days=month_first.weekday())


def grid_weeks(month_first: date) -> int:
    nxt = (month_first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return -(-(month_first.weekday() + (nxt - month_first).days) // 7)


# -- month --------------------------------------------------------------------------------------
def _counts(agg: DayAgg, cw: int, st: CalStyles) -> list[Piece]:
    # (priority, piece): when the cell is narrow the highest priority numbers go first;
    # failures are the last thing to disappear
    cand = [(0, (str(agg.total), NONE))]
    for prio, n, glyph, style in ((3, agg.posted, "✓", st.dim), (1, agg.failed, "✗", st.error),
                                  (2, agg.scheduled, "◷", NONE), (4, agg.drafts, "✎", st.dim)):
        if n:
            cand.append((prio, (f" {glyph}{n}", style)))
    while len(cand) > 1 and sum(cell_len(p[1][0]) for p in cand) > cw:
        cand.remove(max(cand, key=lambda c: c[0]))
    return [p for _, p in cand]


def _platform_line(agg: DayAgg, cw: int, st: CalStyles) -> list[Piece]:
    plats = agg.platform_order()
    pieces: list[Piece] = []
    used = 0
    for i, (p, _count, failed) in enumerate(plats):
        code = ("" if i == 0 else " ") + platform_short(p)
        rest = len(plats) - i - 1
        more = len(f" +{rest}") if rest else 0
        if used + cell_len(code) + more > cw:
            break
        pieces.append((code, st.error if failed else NONE))
        used += cell_len(code)
    hidden = len(plats) - len(pieces)
    if hidden:
        pieces.append(((" " if pieces else "") + f"+{hidden}", st.dim))
    return pieces


def _cell(d: date, agg: DayAgg | None, lines: int, cw: int, st: CalStyles,
          is_today: bool) -> list[list[Piece]]:
    label = f"{d.day}" if d.day != 1 else f"1 {MONTH_ABBR[d.month - 1]}"
    mark = "⚠" if agg is not None and agg.conflict else ""
    gap = " " * max(1, cw - cell_len(label) - len(mark))
    out = [[(label, st.today if is_today else NONE), (gap, NONE), (mark, st.conflict)]]
    if agg is None:
        out.append([("·", st.empty)])
        return out[:lines]
    out.append(_counts(agg, cw, st))
    room = lines - 2
    plats = agg.platform_order()
    if room >= len(plats) and room > 1:  # tall cells: one line per platform
        for p, count, failed in plats:
            line = [(f"{platform_short(p)} {count}", NONE)]
            if failed:
                line.append((f" ✗{failed}", st.error))
            out.append(line)
    else:
        out.append(_platform_line(agg, cw, st))
    return out[:lines]


def month_lines(data: CalendarData, month_first: date, cursor: date, today: date,
                width: int, height: int, st: CalStyles,
                matched: set[date] | None = None) -> list[Strip]:
    """`matched`: the days `/` finds posts on; the others are dimmed (None: no search)."""
    cell_w = max(3, width // 7)
    cw = cell_w - 1  # one column of gutter (a rule) on the left of every cell
    title = f"{MONTH_NAMES[month_first.month - 1]} {month_first.year}"
    # undated drafts have no cell: say they exist so nobody thinks they were lost
    extra = f"  ✎{data.undated} undated" if data.undated else ""
    pad = " " * max(0, (width - len(title) - len(extra)) // 2)
    strips = [_strip([Segment(pad), Segment(title, st.title), Segment(extra, st.dim)], width, st)]
    strips.append(_strip(fit_pieces(
        [(" " + fit(name, cw), st.weekday) for name in DAY_NAMES], width), width, st))
    weeks = grid_weeks(month_first)
    per_week = max(1, (height - 2) // weeks)
    day = grid_start(month_first)
    for _ in range(weeks):
        rows: list[list[Segment]] = [[] for _ in range(per_week)]
        for _ in range(7):
            cell = _cell(day, data.get(day), per_week, cw, st, day == today)
            pre = st.outside if day.month != month_first.month else None
            post = st.cursor if day == cursor else None
            if matched is not None and day not in matched:
                post = st.nomatch + post if post is not None else st.nomatch
            for i in range(per_week):
                segs = fit_pieces(cell[i] if i < len(cell) else [], cw)
                rows[i].append(Segment("│", st.dim))  # a faint rule keeps counts apart
                rows[i].extend(Segment.apply_style(segs, pre, post))
            day += timedelta(days=1)
        if width > 7 * cell_w:  # close the grid on the right when there is a spare column
            for r in rows:
                r.append(Segment("│", st.dim))
        strips.extend(_strip(r, width, st) for r in rows)
    return strips[:height]


# -- week agenda --------------------------------------------------------------------------------
def _day_head(d: date, agg: DayAgg | None, today: date, st: CalStyles,
              dimmed: bool = False) -> list[Piece]:
    if dimmed:
        return [(text, style + st.nomatch) for text, style in _day_head(d, agg, today, st)]
    head: list[Piece] = [(day_label(d), st.today if d == today else NONE)]
    if agg is None:
        return head + [("  ·", st.empty)]
    head.append((f"  {agg.total} post{'s' if agg.total != 1 else ''}", st.dim))
    if agg.failed:
        head.append((f"  ✗{agg.failed} failed", st.error))
    if agg.conflict:
        head.append(("  ⚠ conflict", st.conflict))
    return head


def _post_line(r: PostRow, data: CalendarData, clock: LocalClock, width: int,
               st: CalStyles, dimmed: bool = False) -> list[Piece]:
    kind = status_kind(r.status)
    line_style = {"dim": st.dim, "draft": st.draft}.get(kind, NONE)
    if dimmed:
        line_style = st.nomatch
    glyph_style = st.error if kind == "error" else NONE
    pieces: list[Piece] = [
        (f"  {clock.hm(r.ts)} {fit(platform_short(r.platform), 2)} ", NONE),
        (status_glyph(r.status), glyph_style),
        (" ⚠ " if data.is_conflict(r) else "   ", st.conflict)]
    if width >= 100:
        pieces.append((fit(short_status(r.status), 10) + " ", glyph_style))
    pieces.append((one_line(r.caption[: width * 4]), NONE))
    return [(t, (s + line_style) if dimmed else (line_style + s)) for t, s in pieces]


def week_lines(data: CalendarData, start: date, cursor: date, today: date, clock: LocalClock,
               width: int, height: int, st: CalStyles, top: int,
               found: set | None = None) -> tuple[list[Strip], int]:
    """A vertical agenda (readable at 80 columns); returns the strips and the new scroll top,
    which keeps the cursor day's header, and as many of its posts as fit, on screen. Only the
    lines on screen are built: a busy week can hold thousands of posts. `found`: the posts
    `/` matches; the others (and days without any) are dimmed (None: no search)."""
    days = [start + timedelta(days=i) for i in range(7)]
    aggs = [data.get(d) for d in days]
    firsts, total = [], 0
    for agg in aggs:  # line numbers from counts alone: header + one line per post
        firsts.append(total)
        total += 1 + (agg.total if agg is not None else 0)

    view_h = max(1, height - 1)
    if cursor in days:
        i = days.index(cursor)
        first, end = firsts[i], firsts[i] + 1 + (aggs[i].total if aggs[i] else 0)
        if first < top:
            top = first
        elif end > top + view_h:
            top = min(first, end - view_h)
    top = max(0, min(top, total - view_h))

    title = (f"Week {start.isocalendar()[1]} · {day_label(start, pad=False)} – "
             f"{day_label(days[-1], pad=False)} {days[-1].year}")
    arrows = ("↑" if top > 0 else " ") + ("↓" if top + view_h < total else " ")
    strips = [_strip(fit_pieces([(title, st.title)], width - 2) + [Segment(arrows, st.dim)],
                     width, st)]
    for y in range(top, min(total, top + view_h)):
        i = max(k for k in range(7) if firsts[k] <= y)
        if y == firsts[i]:
            dimmed = found is not None and not (aggs[i] and any(
                (r.platform, r.id) in found for r in aggs[i].rows))
            pieces = _day_head(days[i], aggs[i], today, st, dimmed)
            post = st.cursor if days[i] == cursor else None
        else:
            r = aggs[i].rows[y - firsts[i] - 1]
            pieces = _post_line(r, data, clock, width, st,
                                found is not None and (r.platform, r.id) not in found)
            post = None
        strips.append(_strip(fit_pieces(pieces, width), width, st, post))
    return strips[:height], top
