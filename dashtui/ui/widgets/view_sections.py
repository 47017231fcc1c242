"""The views screen's sections: one line per saved view with its live count (gh-dash style).

A line-API list like the failed screen's causes: `N  count  name  query`. The count is red
when the view is above its alert_above, and `?` when no list covering it has ever been read
(never a 0 for data that was not read).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip

from ...views import View
from .line_list import ItemList, cursor_bindings
from .postfmt import fit, preview

NAME_W = 18


@dataclass(frozen=True)
class Section:
    view: View
    count: int | None  # None: nothing read yet for its brands
    stale: bool = False  # some of its lists did not refresh: the count may be behind

    @property
    def alerting(self) -> bool:
        limit = self.view.alert_above
        return limit is not None and self.count is not None and self.count > limit


class ViewSections(ItemList, inherit_bindings=False):
    BINDINGS = [
        *cursor_bindings("views.sections"),
        Binding("enter,l,right", "enter", "Posts", id="views.sections.enter", show=False),
    ]
    PART_PREFIX = "view-sections"
    COMPONENT_CLASSES = {"view-sections--count", "view-sections--alert", "view-sections--dim"}
    DEFAULT_CSS = """
    ViewSections {
        height: auto;
        max-height: 40%;
        min-height: 2;
        & > .view-sections--count { text-style: bold; }
        & > .view-sections--alert { color: $error; text-style: bold; }
        & > .view-sections--dim { color: $text-muted; }
    }
    """

    # the names the views screen (and its tests) read the sections by
    sections = property(attrgetter("items"))
    cursor_section = ItemList.cursor_item

    def set_sections(self, sections: list[Section]) -> None:
        """New counts; the cursor stays on the same view."""
        self.set_items(sections, key=lambda s: s.view.name)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        query_w = max(0, width - 3 - 6 - (NAME_W + 1))
        if y == 0:
            head = f"{'':3}{'count':>5} {fit('view', NAME_W)} {fit('query', query_w)}"
            return Strip([Segment(head, self.part_style("header"))]).adjust_cell_length(
                width, self.part_style("header"))
        pos = int(self.scroll_y) + y - 1
        if pos >= len(self.sections):
            return Strip.blank(width, base)
        s = self.sections[pos]
        number = f"{pos + 1}" if pos < 9 else " "
        count = "?" if s.count is None else f"{s.count}{'~' if s.stale else ''}"
        segs = [
            Segment(("▶" if pos == self._cursor else " ") + number + " ", base),
            Segment(f"{count:>5} ", self.part_style("alert" if s.alerting else "count")),
            Segment(preview(s.view.name, NAME_W) + " ", base),
            Segment(preview(s.view.describe(), query_w), self.part_style("dim")),
        ]
        if pos == self._cursor:
            segs = list(Segment.apply_style(segs, post_style=self.part_style("cursor")))
        return Strip(segs).adjust_cell_length(width, base)
