"""The post table's lines: a header and one row per post, fitted to the width in cells.

Every column has a fixed cell width (the time is always 16 cells, a status at most 10), so
hostile captions, CJK and emoji can only ever affect the caption column, which goes last and
is cut to exactly the space left.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ...store.cache import PostRow
from .postfmt import fit, platform_short, preview, short_approval, short_status, status_kind
from .timefmt import LocalClock

WIDE = 100  # content columns from which the updated time and the post id are shown
_FIXED = [("", 1), ("time", 16), ("pl", 2), ("status", 10), ("approval", 8), ("med", 3),
          ("⚠", 3)]
_WIDE_EXTRA = [("updated", 12), ("id", 10)]


@dataclass(frozen=True)
class RowStyles:
    """Full Rich styles (base already underneath), looked up once per repaint."""

    base: Style
    header: Style
    cursor: Style
    error: Style
    dim: Style
    draft: Style
    marked: Style
    empty: Style


def columns(width: int) -> tuple[list[tuple[str, int]], int]:
    """The fixed columns for a width, and the cells left for the caption."""
    cols = _FIXED + (_WIDE_EXTRA if width >= WIDE else [])
    used = sum(w for _, w in cols) + len(cols) - 1  # a space after each but the marker
    return cols, max(0, width - used)


def header_strip(width: int, st: RowStyles) -> Strip:
    cols, cap_w = columns(width)
    text = " " + " ".join(fit(name, w) for name, w in cols[1:]) + " " + fit("caption", cap_w)
    return Strip([Segment(text, st.header)]).adjust_cell_length(width, st.header)


def message_strip(message: str, width: int, st: RowStyles) -> Strip:
    """A centred line such as an empty state; the message may hold user text, so it is
    flattened and fitted like a caption."""
    text = preview(message, width).rstrip()
    left = (width - len(text)) // 2 if text.isascii() else 0
    return Strip([Segment(" " * max(0, left), st.base), Segment(text, st.empty)]
                 ).adjust_cell_length(width, st.base)


def row_strip(row: PostRow, clock: LocalClock, width: int, st: RowStyles, *, marked: bool,
              cursor: bool, pending: bool = False) -> Strip:
    cols, cap_w = columns(width)
    status_style = {"error": st.error, "dim": st.dim, "draft": st.draft}.get(
        status_kind(row.status), st.base)
    segs = [
        Segment("▌", st.marked) if marked else
        Segment("⟳", st.error) if pending else Segment(" ", st.base),
        Segment(fit(clock.when(row.ts), 16) + " ", st.dim if row.ts is None else st.base),
        Segment(fit(platform_short(row.platform), 2) + " ", st.base),
        Segment(fit(short_status(row.status), 10) + " ", status_style),
        Segment(fit(short_approval(row.approval), 8) + " ", st.dim),
        Segment(f"{min(row.media_count, 999):>3} " if row.media_count else "    ", st.dim),
        # "⚠?": Dash sent a value dashtui could not read (the detail says which)
        Segment(fit("⚠?" if row.odd else f"⚠{row.findings}", 3) + " "
                if row.odd or row.findings else "    ", st.error),
    ]
    if len(cols) > len(_FIXED):
        segs.append(Segment(fit(clock.updated(row.updated_at), 12) + " ", st.dim))
        segs.append(Segment(f"{row.id:>10} "[-11:], st.dim))
    if row.caption.strip():
        segs.append(Segment(preview(row.caption, cap_w), st.base))
    else:  # Snapchat stories and media-only posts have no text at all
        segs.append(Segment(fit("(no caption)", cap_w), st.dim))
    if cursor:  # post_style: the cursor's colours win over every column's
        segs = list(Segment.apply_style(segs, post_style=st.cursor))
    return Strip(segs).adjust_cell_length(width, st.base)
