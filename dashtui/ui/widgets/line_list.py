"""The line-API list both the post table and the failed screen's causes are built on.

Line 0 is a fixed header; item i sits at virtual line i + 1. This holds what every such list
does the same way: the cursor kept in range and on screen, and a click (double: activate).
Subclasses say how many items there are, what a cursor move announces, and paint the lines.
"""

from __future__ import annotations

from textual import events
from textual.scroll_view import ScrollView


class LineList(ScrollView, can_focus=True, inherit_bindings=False):
    """A header line over a cursor list; see the module docstring."""

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

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        pos = int(self.scroll_y) + offset.y - 1
        if pos < self.item_count:
            self._set_cursor(pos)
            if event.chain >= 2:
                self.activate()
