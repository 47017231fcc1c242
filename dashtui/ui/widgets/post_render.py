"""The post table's lines: a header and one row per post, fitted to the width in cells.

Every column has a fixed cell width (the time is always 16 cells, a status at most 10), so
hostile captions, CJK and emoji can only ever affect the caption column, which goes last and
is cut to exactly the space left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ...store.cache import PostRow
from .postfmt import fit, platform_short, preview, short_approval, short_status, status_kind
from .search import spans
from .timefmt import LocalClock

WIDE = 100  # content columns from which the updated time and the post id are shown
GROUP_GLYPH = "⧉"  # in the marker column: the post has siblings in its group


@dataclass(frozen=True)
class RowStyles:
    """Full Rich styles (base already underneath), looked up once per repaint."""

    base: Style
    header: Style
    cursor: Style
    error: Style
    warning: Style
    dim: Style
    draft: Style
    marked: Style
    empty: Style
    match: Style | None = None  # what `/` matched, in the columns it searches


Cell = Callable[[PostRow, LocalClock, int, "RowStyles"], Segment]


@dataclass(frozen=True)
class Column:
    """One column of a post list: its header, its width in cells (a number, a function of
    the table's width, or None for the last column, which takes what is left) and how a
    row's cell is drawn, exactly `width` cells (the space after it is added here)."""

    name: str
    width: int | Callable[[int], int] | None
    cell: Cell
    from_width: int = 0  # shown only on tables at least this wide
    searched: bool = False  # `/` searches what it shows: a match is highlighted in it


def layout(cols: Sequence[Column], width: int) -> list[tuple[Column, int]]:
    """The columns shown at a width with their cells; the last gets what is left after the
    marker cell and a space after each column."""
    shown = [c for c in cols if width >= c.from_width]
    fixed = [(c, c.width(width) if callable(c.width) else c.width or 0) for c in shown[:-1]]
    used = 1 + sum(w + 1 for _, w in fixed)
    return fixed + [(shown[-1], max(0, width - used))]


def header_strip(cols: Sequence[Column], width: int, st: RowStyles) -> Strip:
    text = " " + " ".join(fit(c.name, w) for c, w in layout(cols, width))
    return Strip([Segment(text, st.header)]).adjust_cell_length(width, st.header)


def message_strip(message: str, width: int, st: RowStyles) -> Strip:
    """A centred line such as an empty state; the message may hold user text, so it is
    flattened and fitted like a caption."""
    text = preview(message, width).rstrip()
    left = (width - len(text)) // 2 if text.isascii() else 0
    return Strip([Segment(" " * max(0, left), st.base), Segment(text, st.empty)]
                 ).adjust_cell_length(width, st.base)


def highlighted(seg: Segment, terms: Sequence[str], style: Style) -> list[Segment]:
    """The segment cut where the search words occur, those parts with `style` over its own.
    Only the text already shown (cleaned, fitted) is looked at, so a caption's brackets or
    escapes stay literal: Segments are never read as markup."""
    found = spans(seg.text, list(terms))
    if not found:
        return [seg]
    text, out, at = seg.text, [], 0
    for a, b in found:
        if a > at:
            out.append(Segment(text[at:a], seg.style))
        out.append(Segment(text[a:b], (seg.style or Style()) + style))
        at = b
    if at < len(text):
        out.append(Segment(text[at:], seg.style))
    return out


def row_strip(cols: Sequence[Column], row: PostRow, clock: LocalClock, width: int,
              st: RowStyles, *, marked: bool, cursor: bool, pending: bool = False,
              grouped: bool = False, terms: Sequence[str] = ()) -> Strip:
    """One post's line; `terms`: the `/` words, highlighted where a searched column shows
    them."""
    # ⧉: one of a group (post_group_id) with siblings on other platforms
    segs = [Segment("▌", st.marked) if marked else
            Segment("⟳", st.error) if pending else
            Segment(GROUP_GLYPH, st.dim) if grouped else Segment(" ", st.base)]
    shown = layout(cols, width)
    match = st.match if terms and st.match is not None else None
    for i, (c, w) in enumerate(shown):
        seg = c.cell(row, clock, w, st)
        if i < len(shown) - 1:
            seg = Segment(seg.text + " ", seg.style)
        if match is not None and c.searched:
            segs.extend(highlighted(seg, terms, match))
        else:
            segs.append(seg)
    if cursor:  # post_style: the cursor's colours win over every column's
        segs = list(Segment.apply_style(segs, post_style=st.cursor))
    return Strip(segs).adjust_cell_length(width, st.base)


def status_style(row: PostRow, st: RowStyles) -> Style:
    return {"error": st.error, "dim": st.dim, "draft": st.draft}.get(
        status_kind(row.status), st.base)


def time_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(fit(clock.when(row.ts), w), st.dim if row.ts is None else st.base)


def platform_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(fit(platform_short(row.platform), w), st.base)


def status_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(fit(short_status(row.status), w), status_style(row, st))


def approval_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(fit(short_approval(row.approval), w), st.dim)


def media_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(f"{min(row.media_count, 999):>{w}}" if row.media_count else " " * w, st.dim)


def findings_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    # "⚠?": Dash sent a value dashtui could not read (the detail says which). findings is
    # launch._tally: the errors (✗, as everywhere) or minus the warnings (⚠)
    n = row.findings
    text = "⚠?" if row.odd else f"✗{n}" if n > 0 else f"⚠{-n}" if n < 0 else ""
    return Segment(fit(text, w) if text else " " * w, st.error if n > 0 else st.warning)


def updated_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(fit(clock.updated(row.updated_at), w), st.dim)


def id_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(f"{row.id:>{w}}"[-w:], st.dim)


def caption_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    if row.caption.strip():
        return Segment(preview(row.caption, w), st.base)
    # Snapchat stories and media-only posts have no text at all
    return Segment(fit("(no caption)", w), st.dim)


TIME, PLATFORM, STATUS = (Column("time", 16, time_cell),
                          Column("pl", 2, platform_cell, searched=True),
                          Column("status", 10, status_cell, searched=True))
# the post list's columns
POST_COLUMNS: tuple[Column, ...] = (
    TIME, PLATFORM, STATUS, Column("approval", 8, approval_cell), Column("med", 3, media_cell),
    Column("chk", 3, findings_cell), Column("updated", 12, updated_cell, from_width=WIDE),
    Column("id", 10, id_cell, from_width=WIDE, searched=True),
    Column("caption", None, caption_cell, searched=True),
)
