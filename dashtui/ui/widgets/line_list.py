"""The line-API list both the post table and the failed screen's causes are built on.

Line 0 is a fixed header; item i sits at virtual line i + 1. This holds what every such list
does the same way: the cursor kept in range and on screen, and a click (double: activate).
Subclasses say how many items there are, what a cursor move announces, and paint the lines.
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.scroll_view import ScrollView


def cursor_bindings(prefix: str) -> list[Binding]:
    """The keys every such list moves its cursor with; ids `prefix.down` etc. for keymaps."""
    return [
        Binding("j,down", "cursor(1)", "Down", id=f"{prefix}.down", show=False),
        Binding("k,up", "cursor(-1)", "Up", id=f"{prefix}.up", show=False),
        Binding("g,home", "jump('top')", "First", id=f"{prefix}.top", show=False),
        Binding("G,end", "jump('bottom')", "Last", id=f"{prefix}.bottom", show=False),
    ]


class LineList(ScrollView, can_focus=True, inherit_bindings=False):
    """A header line over a cursor list; see the module docstring."""

    # the header and the cursor look the same in every such list; a subclass adds its own
    # parts as f"{PART_PREFIX}--name"
    COMPONENT_CLASSES = {"line-list--header", "line-list--cursor"}
    DEFAULT_CSS = """
    LineList {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        & > .line-list--header { text-style: bold; background: $panel; }
        & > .line-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .line-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    PART_PREFIX = "line-list"

    def part_style(self, name: str) -> Style:
        """The widget's style with one part's (a component class) over it."""
        prefix = "line-list" if name in ("header", "cursor") else self.PART_PREFIX
        return self.rich_style + self.get_component_rich_style(f"{prefix}--{name}")

    def __init__(self, *, id: str | None = None, name: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, name=name, classes=classes)
        self._cursor = 0

    # -- what a subclass provides ---------------------------------------------------------
    @property
    def item_count(self) -> int:
        raise NotImplementedError

    def _cursor_moved(self) -> None:
        """The cursor is at a new index (before scrolling): follow it in the subclass's state."""

    def _announce(self) -> None:
        """Tell the screen what is under the cursor now (when that changed)."""

    def activate(self) -> None:
        """enter, or a double click, on the item under the cursor."""

    # -- cursor ---------------------------------------------------------------------------
    def _set_cursor(self, pos: int) -> None:
        self._cursor = max(0, min(pos, self.item_count - 1))
        self._cursor_moved()
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    def _scroll_cursor_into_view(self) -> None:
        rows_h = max(1, self.size.height - 1)  # the header line is not a row
        top = int(self.scroll_y)
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + rows_h:
            top = self._cursor - rows_h + 1
        self.scroll_to(y=top, animate=False)

    def action_cursor(self, delta: int) -> None:
        self._set_cursor(self._cursor + delta)

    def action_jump(self, where: str) -> None:
        self._set_cursor(0 if where == "top" else self.item_count - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        pos = int(self.scroll_y) + offset.y - 1
        if pos < self.item_count:
            self._set_cursor(pos)
            if event.chain >= 2:
                self.activate()
