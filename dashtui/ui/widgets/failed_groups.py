"""The failed screen's list of causes: one line per FailureGroup, biggest first.

A line-API ScrollView like the post table (one fitted line per group, no per-row widgets):
count, time since the oldest post, platforms as short codes, and the normalised cause, which
comes from the API and so is flattened and cut to the cells left, never read as markup. The
cursor follows a cause, not a line number, so a background refresh keeps it in place.
"""

from __future__ import annotations

from datetime import datetime
from operator import attrgetter

from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip

from ...domain.failures import FailureGroup, age
from .line_list import ItemList, cursor_bindings
from .post_render import highlighted
from .postfmt import fit, platform_short, preview
from .search import haystack, matches

# count, since, platforms; a space after each; the cause takes the rest
_COLUMNS = [("n", 4), ("oldest", 7), ("on", 8)]


def codes(platforms: list[str], width: int) -> str:
    """`IG BS FB` or, when that does not fit, `IG BS +3`."""
    shorts = [platform_short(p) for p in platforms]
    text = " ".join(shorts)
    for keep in range(len(shorts) - 1, -1, -1):
        if len(text) <= width:
            break
        text = " ".join(shorts[:keep] + [f"+{len(shorts) - keep}"])
    return fit(text, width)


def filter_groups(groups: list[FailureGroup], terms: list[str]) -> list[FailureGroup]:
    """`/` in the failed view: each cause with only its posts the words match, searched in
    the post (caption, id, platform, status) and in its cause and error text; causes left
    with none are dropped. Acting on a cause then acts on exactly the posts shown."""
    if not terms:
        return groups
    out = []
    for group in groups:
        cause = group.cause.casefold()
        items = [i for i in group.items if matches(
            f"{haystack(i.caption, i.id, i.platform, i.status)}\n{cause}\n"
            f"{(i.error or '').casefold()}", terms)]
        if items:
            out.append(FailureGroup(group.cause, items))
    return out


class GroupList(ItemList, inherit_bindings=False):
    """Causes of failure; the screen adds the action keys (see screens/failed.py)."""

    BINDINGS = [
        *cursor_bindings("failed.groups"),
        Binding("enter,l,right", "enter", "Posts", id="failed.groups.enter", show=False),
    ]
    PART_PREFIX = "group-list"
    COMPONENT_CLASSES = {"group-list--count", "group-list--dim", "group-list--empty",
                         "group-list--match"}
    DEFAULT_CSS = """
    GroupList {
        height: auto;
        max-height: 30%;
        min-height: 2;
        & > .group-list--count { color: $error; text-style: bold; }
        & > .group-list--dim { color: $text-muted; }
        & > .group-list--empty { color: $text-muted; }
        & > .group-list--match { text-style: bold underline; color: $text-warning; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now: datetime | None = None
        self.empty_message = ""
        self.terms: list[str] = []  # the `/` words, highlighted in the causes

    # the names the failed screen (and its tests) read the causes by
    groups = property(attrgetter("items"))
    cursor_group = ItemList.cursor_item

    def set_groups(self, groups: list[FailureGroup], now: datetime) -> None:
        """New data; the cursor stays on the same cause when it is still there."""
        self.now = now
        self._announced = ()  # a refresh builds new group objects: the posts below follow
        self.set_items(groups, key=attrgetter("cause"))

    # -- rendering --------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        cause_w = max(0, width - 1 - sum(w + 1 for _, w in _COLUMNS))
        if y == 0:
            head = " " + " ".join(fit(n, w) for n, w in _COLUMNS) + " " + fit("cause", cause_w)
            return Strip([Segment(head, self.part_style("header"))]).adjust_cell_length(
                width, self.part_style("header"))
        if not self.groups:
            if y != 1:
                return Strip.blank(width, base)
            return Strip([Segment(" " + preview(self.empty_message, width - 1),
                                  self.part_style("empty"))]).adjust_cell_length(width, base)
        pos = int(self.scroll_y) + y - 1
        if pos >= len(self.groups):
            return Strip.blank(width, base)
        group = self.groups[pos]
        since = age(group.oldest(), self.now) if self.now else ""
        segs = [
            Segment("▶" if pos == self._cursor else " ", base),
            Segment(f"{group.count:>4} ", self.part_style("count")),
            Segment(fit(since, 7) + " ", self.part_style("dim")),
            Segment(codes(group.platforms, 8) + " ", base),
            *highlighted(Segment(preview(group.cause, cause_w), base), self.terms,
                         self.get_component_rich_style("group-list--match", partial=True)),
        ]
        if pos == self._cursor:
            segs = list(Segment.apply_style(segs, post_style=self.part_style("cursor")))
        return Strip(segs).adjust_cell_length(width, base)
