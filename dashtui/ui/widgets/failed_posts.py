"""The failed screen's lower panes: the posts of one cause, and the story of one post.

FailedPosts is the post table (cursor, marks, virtual rendering) with its own columns: on call
the approval and media counts matter less than whose brand it is, so the line is time,
platform, status, brand (only when every brand is shown), caption.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding

from ...domain import rules
from ...domain.posts import Post, Status
from ...store.cache import PostRow
from ..textsafe import clean, literal, one_line
from .post_render import PLATFORM, STATUS, Column, RowStyles
from .post_table import PostTable
from .postfmt import fit, platform_label, preview
from .timefmt import LocalClock

BRAND_W = 14  # at 80 columns; wide terminals give the brand more


def brand_width(width: int) -> int:
    return BRAND_W if width < 110 else 24


# the failed list's own time and caption cells, as it always drew them: unlike PostTable's,
# a missing time is not dimmed and an empty caption stays blank (no "(no caption)")
def _time_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(fit(clock.when(row.ts), w), st.base)


def _caption_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
    return Segment(preview(row.caption, w), st.base)


def failed_columns(brand_name: Callable[[int], str] | None) -> tuple[Column, ...]:
    """time, platform, status, the brand (with `brand_name`, when every brand is shown),
    caption."""
    cols = [Column("time", 16, _time_cell), PLATFORM, STATUS]
    if brand_name is not None:
        def brand_cell(row: PostRow, clock: LocalClock, w: int, st: RowStyles) -> Segment:
            return Segment(preview(brand_name(row.brand_id), w), st.dim)
        cols.append(Column("brand", brand_width, brand_cell))
    return (*cols, Column("caption", None, _caption_cell, searched=True))


class FailedPosts(PostTable):
    """PostTable keys (j/k, space marks, enter opens) plus the screen's action keys, with
    the failed columns."""

    BINDINGS = [
        Binding("escape,h,left", "screen.focus_groups", "Causes", id="failed.posts.back",
                show=False),
    ]

    def __init__(self, zone, *, brand_name: Callable[[int], str], id: str | None = None
                 ) -> None:
        self._plain_columns = failed_columns(None)
        super().__init__(zone, columns=self._plain_columns, empty_text="No failed posts",
                         id=id)
        self.brand_name = brand_name
        self._show_brand = False
        self._brand_columns = failed_columns(brand_name)

    @property
    def show_brand(self) -> bool:
        return self._show_brand

    @show_brand.setter
    def show_brand(self, show: bool) -> None:
        self._show_brand = show
        self.columns = self._brand_columns if show else self._plain_columns


def post_story(post: Post | None, row: PostRow | None, *, brand: str, zone,
               check: Callable[[Post], list[rules.Finding]]) -> Text:
    """What the panel under the list says about the post under the cursor: which post, the
    full error (wrapped, literal), the live link of a partial failure, and what the rules say
    about the post now, so the fix can be told from the retry."""
    if row is None:
        return Text("")
    if post is None:
        return Text("This post is no longer in the cache; r refreshes.", style="italic")
    when = post.timestamp.astimezone(zone).strftime("%a %d %b %H:%M") if post.timestamp \
        else "no time"
    text = Text()
    text.append(f"{platform_label(row.platform)} #{post.id}", style="bold")
    text.append(f" · {when} · {clean(post.status or '?')} · ")
    text.append(one_line(brand), style="italic")
    text.append("\n")
    if post.error_text:
        text.append("Error: ", style="bold red")
        text.append_text(literal(post.error_text, "red"))
    elif post.status in (Status.MISSING_APPROVALS, Status.USERS_NOTIFIED):
        text.append("No error from Dash: ", style="bold")
        text.append("it is waiting for approval." if post.status == Status.MISSING_APPROVALS
                    else "Dash sent a push to publish it by hand (auto-publish is off).")
    else:
        text.append("Dash gave no error text.", style="italic")
    if post.live_post_url:
        text.append("\nLive: ", style="bold")
        text.append_text(literal(post.live_post_url, "underline"))
    findings = check(post)  # the session's: X Premium from the config, its clock
    text.append("\nChecks now: ", style="bold")
    if not findings:
        text.append("✓ no problems found", style="green")
    for f in findings:
        mark, style = ("✗", "red") if f.severity == rules.ERROR else ("⚠", "yellow")
        text.append(f"\n {mark} {clean(f.field)}: ", style=style)
        text.append(clean(f.message))
    return text
