"""A virtualised post list: renders only the lines on screen, so 100,000 posts stay instant.

DataTable/ListView/OptionList build per-row state up front (textual-notes §2); this is a
ScrollView on the Line API whose `render_line` formats one visible row on demand. Line 0 is a
fixed header; list row i sits at virtual line i + 1. The cursor follows a post, not a line
number: a background `set_rows` keeps it on the same (platform, id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from textual.binding import Binding
from textual.geometry import Region, Size
from textual.strip import Strip

from ...store.cache import PostRow
from .line_list import LineList, cursor_bindings
from .messages import ControlMessage
from .post_index import Captions, Key, PostIndex
from .post_render import (POST_COLUMNS, Column, RowStyles, header_strip, message_strip,
                          row_strip)
from .postfmt import fit
from .search import terms_of
from .timefmt import LocalClock, Zoned


class PostTable(Zoned, LineList, inherit_bindings=False):
    """A keyboard-first list of PostRows (see module docstring)."""

    # inherit_bindings=False: a user keymap that moves `list.down` must not leave `down`
    # scrolling the view behind the cursor's back
    BINDINGS = [
        *cursor_bindings("list"),
        Binding("pageup", "page(-1)", "Page up", id="list.page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="list.page_down", show=False),
        Binding("space", "mark", "Mark", id="list.mark", show=False),
        Binding("enter", "open", "Open", id="list.open"),
        Binding("e", "edit", "Edit", id="list.edit"),
    ]
    PART_PREFIX = "post-table"
    COMPONENT_CLASSES = {"post-table--error", "post-table--warning", "post-table--dim",
                         "post-table--draft", "post-table--marked", "post-table--empty",
                         "post-table--match"}
    DEFAULT_CSS = """
    PostTable {
        height: 1fr;
        color: $foreground;
        & > .post-table--error { color: $error; text-style: bold; }
        & > .post-table--warning { color: $warning; }
        & > .post-table--dim { color: $text-muted; }
        & > .post-table--draft { text-style: italic; }
        & > .post-table--marked { color: $accent; text-style: bold; }
        & > .post-table--empty { color: $text-muted; }
        & > .post-table--match { text-style: bold underline; color: $text-warning; }
    }
    """

    class _TableMessage(ControlMessage):
        @property
        def table(self) -> PostTable:
            return self._widget

    class _RowMessage(_TableMessage):
        def __init__(self, table: PostTable, row: PostRow | None) -> None:
            super().__init__(table)
            self.row = row

    class Highlighted(_RowMessage):
        """The cursor is on another post (or the same post with new data); row None = empty."""

    class Opened(_RowMessage):
        """enter on a row."""

    class EditRequested(_RowMessage):
        """e on a row."""

    class MarksChanged(_TableMessage):
        def __init__(self, table: PostTable, marked: frozenset[Key]) -> None:
            super().__init__(table)
            self.marked = marked

    def __init__(self, zone: ZoneInfo, *, columns: Sequence[Column] = POST_COLUMNS,
                 empty_text: str | None = None, id: str | None = None,
                 name: str | None = None, classes: str | None = None) -> None:
        """`columns`: what a line shows, the last taking the width left (post_render.py);
        `empty_text`: what an empty list says, instead of naming the period or filter."""
        super().__init__(id=id, name=name, classes=classes)
        self._columns = tuple(columns)
        self.empty_text = empty_text
        self.clock = LocalClock(zone)
        self._index = PostIndex()
        self._cursor_key: Key | None = None
        self._marked: set[Key] = set()
        self._pending: set[Key] = set()
        self._grouped: set[Key] = set()
        self._announced = None  # an empty table says nothing until it has a row
        self._row_styles: RowStyles | None = None
        self._terms: tuple[str, list[str]] = ("", [])  # the filter's words, highlighted
        # words to highlight when the rows were searched before they came (failed view)
        self.highlight = ""

    # -- public API --------------------------------------------------------------------------
    def zone_changed(self) -> None:
        self.refresh()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @columns.setter
    def columns(self, columns: Sequence[Column]) -> None:
        if tuple(columns) != self._columns:
            self._columns = tuple(columns)
            self.refresh()

    @property
    def visible_rows(self) -> list[PostRow]:
        rows = self._index.rows
        return [rows[i] for i in self._index.visible]

    @property
    def row_count(self) -> int:
        return len(self._index.visible)

    @property
    def total_count(self) -> int:
        """Rows before filtering."""
        return len(self._index.rows)

    @property
    def cursor_row(self) -> PostRow | None:
        vis = self._index.visible
        return self._index.rows[vis[self._cursor]] if vis else None

    @property
    def cursor_index(self) -> int:
        return self._cursor

    @property
    def marked(self) -> set[Key]:
        return set(self._marked)

    def set_rows(self, rows: Iterable[PostRow], captions: Captions | None = None) -> None:
        """Replace the data; the cursor stays on its post and on its screen line.
        `captions(platform, id)`: where to read a caption back for display (the cache), so
        the list keeps none in memory."""
        self._keep_cursor(lambda: self._index.set_rows(rows, captions))
        gone = {k for k in self._marked if k not in self._index}
        if gone:  # marks on posts that no longer exist would make bulk actions lie
            self._marked -= gone
            self.post_message(self.MarksChanged(self, frozenset(self._marked)))

    def set_filter(self, text: str = "", statuses: set[str] | None = None,
                   platforms: set[str] | None = None) -> None:
        self._keep_cursor(lambda: self._index.set_filter(text, statuses, platforms))

    def set_sort(self, by: str = "time", descending: bool = False) -> None:
        self._keep_cursor(lambda: self._index.set_sort(by, descending))

    def move_to(self, key: Key) -> bool:
        """Put the cursor on a post; False when it is not in the visible list."""
        pos = self._index.position(key)
        if pos is None:
            return False
        self._set_cursor(pos)
        return True

    def set_pending(self, keys: set[Key]) -> None:
        """Posts with a change still queued for Dash; shown with a ⟳ in the first column."""
        if keys != self._pending:
            self._pending = set(keys)
            self.refresh()

    def set_grouped(self, keys: set[Key] | dict[Key, int]) -> None:
        """Posts with siblings in their group (post_group_id); shown with a ⧉."""
        keys = set(keys)
        if keys != self._grouped:
            self._grouped = keys
            self.refresh()

    def clear_marks(self) -> None:
        if self._marked:
            self._marked.clear()
            self.post_message(self.MarksChanged(self, frozenset()))
            self.refresh()

    # -- cursor ------------------------------------------------------------------------------
    def _keep_cursor(self, change) -> None:
        screen_line = self._cursor - int(self.scroll_y)
        key = self._cursor_key
        change()
        pos = self._index.position(key)
        count = len(self._index.visible)
        # the post is gone (or filtered out): stay at the same place in the list instead
        self._cursor = max(0, min(pos if pos is not None else self._cursor, count - 1))
        self.virtual_size = Size(0, count + 1)
        self._cursor_moved()
        self.scroll_to(y=self._cursor - screen_line, animate=False)
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    @property
    def item_count(self) -> int:
        return len(self._index.visible)

    def _cursor_moved(self) -> None:
        row = self.cursor_row
        self._cursor_key = None if row is None else (row.platform, row.id)

    def on_resize(self) -> None:
        self._scroll_cursor_into_view()

    @property
    def cursor_item(self) -> PostRow | None:
        return self.cursor_row

    def _highlighted(self, row: PostRow | None) -> Highlighted:
        return self.Highlighted(self, row)

    # -- actions -----------------------------------------------------------------------------
    def action_page(self, direction: int) -> None:
        self._set_cursor(self._cursor + direction * max(1, self.size.height - 2))

    def action_mark(self) -> None:
        key = self._cursor_key
        if key is None:
            return
        self._marked.symmetric_difference_update({key})
        self.post_message(self.MarksChanged(self, frozenset(self._marked)))
        self.refresh()
        self._set_cursor(self._cursor + 1)

    def activate(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        if (row := self.cursor_row) is not None:
            self.post_message(self.Opened(self, row))

    def action_edit(self) -> None:
        if (row := self.cursor_row) is not None:
            self.post_message(self.EditRequested(self, row))

    # -- rendering ---------------------------------------------------------------------------
    def _styles(self) -> RowStyles:
        base, part = self.rich_style, self.part_style
        return RowStyles(base=base, header=part("header"), cursor=part("cursor"),
                         error=part("error"), warning=part("warning"), dim=part("dim"),
                         draft=part("draft"), marked=part("marked"), empty=part("empty"),
                         # partial: laid over the column's own style
                         match=self.get_component_rich_style("post-table--match",
                                                             partial=True))

    @property
    def _width(self) -> int:
        # self.size includes the vertical scrollbar, which is painted over the last columns
        return self.scrollable_content_region.width or self.size.width

    def render_lines(self, crop: Region) -> list[Strip]:
        self._row_styles = None  # once per repaint: focus or theme may have changed
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        st = self._row_styles = self._row_styles or self._styles()
        if y == 0:
            return header_strip(self._columns, width, st)
        vis = self._index.visible
        if not vis:
            if y != max(1, self.size.height // 2):
                return Strip.blank(width, st.base)
            return message_strip(self._empty_message(), width, st)
        pos = int(self.scroll_y) + y - 1
        if pos >= len(vis):
            return Strip.blank(width, st.base)
        row = self._index.rows[vis[pos]]
        key = (row.platform, row.id)
        return row_strip(self._columns, row, self.clock, width, st, marked=key in self._marked,
                         cursor=pos == self._cursor, pending=key in self._pending,
                         grouped=key in self._grouped, terms=self._search_terms())

    def _search_terms(self) -> list[str]:
        text = self._index.text or self.highlight
        if self._terms[0] != text:
            self._terms = (text, terms_of(text))
        return self._terms[1]

    def _empty_message(self) -> str:
        idx = self._index
        if self.empty_text is not None:
            return self.empty_text
        if not idx.rows:
            return "No posts in this period"
        if idx.text.strip():
            return f"No posts match “{fit(idx.text.strip(), 40).rstrip()}”"
        return "No posts match the filter"
