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
from textual.strip import Strip

from ...domain import rules
from ...domain.posts import Post, Status
from ...store.cache import PostRow
from ..textsafe import clean, literal, one_line
from .post_table import PostTable
from .postfmt import fit, platform_label, platform_short, preview, short_status, status_kind

BRAND_W = 14  # at 80 columns; wide terminals give the brand more


def brand_width(width: int) -> int:
    return BRAND_W if width < 110 else 24


class FailedPosts(PostTable):
    """PostTable keys (j/k, space marks, enter opens) plus the screen's action keys."""

    BINDINGS = [
        Binding("escape,h,left", "screen.focus_groups", "Causes", id="failed.posts.back",
                show=False),
    ]

    def __init__(self, zone, *, brand_name: Callable[[int], str], id: str | None = None
                 ) -> None:
        super().__init__(zone, id=id)
        self.brand_name = brand_name
        self.show_brand = False
        self.empty_text = "No failed posts"

    def _empty_message(self) -> str:
        return self.empty_text

    def _columns(self, width: int) -> tuple[list[tuple[str, int]], int]:
        cols = [("time", 16), ("pl", 2), ("status", 10)]
        if self.show_brand:
            cols.append(("brand", brand_width(width)))
        used = 1 + sum(w + 1 for _, w in cols)
        return cols, max(0, width - used)

    def render_line(self, y: int) -> Strip:
        # the same virtual layout as PostTable (line 0 the header, row i at line i + 1),
        # only the columns differ
        width = self._width
        st = self._row_styles = self._row_styles or self._styles()
        cols, cap_w = self._columns(width)
        if y == 0:
            text = " " + " ".join(fit(n, w) for n, w in cols) + " " + fit("caption", cap_w)
            return Strip([Segment(text, st.header)]).adjust_cell_length(width, st.header)
        visible = self._index.visible
        pos = int(self.scroll_y) + y - 1
        if not visible or pos >= len(visible):
            return super().render_line(y) if not visible else Strip.blank(width, st.base)
        row = self._index.rows[visible[pos]]
        key = (row.platform, row.id)
        status_style = {"error": st.error, "dim": st.dim, "draft": st.draft}.get(
            status_kind(row.status), st.base)
        segs = [
            Segment("▌", st.marked) if key in self._marked else
            Segment("⟳", st.error) if key in self._pending else Segment(" ", st.base),
            Segment(fit(self.clock.when(row.ts), 16) + " ", st.base),
            Segment(fit(platform_short(row.platform), 2) + " ", st.base),
            Segment(fit(short_status(row.status), 10) + " ", status_style),
        ]
        if self.show_brand:
            brand = preview(self.brand_name(row.brand_id), brand_width(width))
            segs.append(Segment(brand + " ", st.dim))
        segs.append(Segment(preview(row.caption, cap_w), st.base))
        if pos == self._cursor:
            segs = list(Segment.apply_style(segs, post_style=st.cursor))
        return Strip(segs).adjust_cell_length(width, st.base)


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
