"""The line-API list the post table, the failed screen's causes and the views are built on.

Line 0 is a fixed header; item i sits at virtual line i + 1. This holds what every such list
does the same way: the cursor kept in range and on screen, a click (double: activate), and
a message when another item comes under the cursor. Subclasses say how many items there
are, which is under the cursor, the message that says so, and paint the lines.

`ItemList` is such a list over a plain list of items (a cause, a saved view) whose cursor
follows an item's key, with one pair of messages: Highlighted and Entered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
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
        self._announced: object = ()  # what the last highlight message carried

    # -- what a subclass provides ---------------------------------------------------------
    @property
    def item_count(self) -> int:
        raise NotImplementedError

    @property
    def cursor_item(self) -> Any | None:
        """The item under the cursor; None when the list is empty."""
        raise NotImplementedError

    def _highlighted(self, item: Any | None) -> Message:
        """The message that says `item` is under the cursor now."""
        raise NotImplementedError

    def _cursor_moved(self) -> None:
        """The cursor is at a new index (before scrolling): follow it in the subclass's state."""

    def activate(self) -> None:
        """enter, or a double click, on the item under the cursor."""

    def _announce(self) -> None:
        """Tell the screen what is under the cursor now, when that changed."""
        item = self.cursor_item
        if item != self._announced:
            self._announced = item
            self.post_message(self._highlighted(item))

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


class ItemList(LineList, inherit_bindings=False):
    """A LineList over `items`; see the module docstring. A screen handles its messages as
    on_item_list_highlighted and on_item_list_entered."""

    class Highlighted(Message):
        """Another item is under the cursor (None: the list is empty)."""

        def __init__(self, item: Any | None) -> None:
            super().__init__()
            self.item = item

    class Entered(Message):
        """enter on an item: go into it."""

        def __init__(self, item: Any) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Any] = []

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def cursor_item(self) -> Any | None:
        return self.items[self._cursor] if self.items else None

    def _highlighted(self, item: Any | None) -> Message:
        return self.Highlighted(item)

    def set_items(self, items: list[Any], key: Callable[[Any], object]) -> None:
        """New items; the cursor stays on the item with the same key when it is still there."""
        current = self.cursor_item
        self.items = items
        keys = [key(item) for item in items]
        if current is not None and key(current) in keys:
            self._cursor = keys.index(key(current))
        self._cursor = max(0, min(self._cursor, len(items) - 1))
        self.virtual_size = Size(0, max(2, len(items) + 1))
        self.refresh(layout=True)  # height: auto follows the number of items
        self._set_cursor(self._cursor)

    def select(self, index: int) -> None:
        self._set_cursor(index)

    def action_enter(self) -> None:
        if self.cursor_item is not None:
            self.post_message(self.Entered(self.cursor_item))

    def activate(self) -> None:
        self.action_enter()
