"""A screen of records in a table over a pane with the record under the cursor in full.

The journal (`J`) and the pending writes (4) are both this: a notice line on top (what could
not be read; hidden when there is none), one table row per record keyed by its id, and below
the record under the cursor, redrawn as the cursor moves. A refill keeps the cursor on its
line, so a reload while reading does not jump to the top.

(Textual calls the on_mount of every class in the MRO itself: a subclass defines its own,
without calling super(), and it runs before this one.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ..textsafe import clean
from .base import BaseScreen


class TableDetailScreen(BaseScreen):
    TABLE: ClassVar[type[DataTable]]
    COLUMNS: ClassVar[tuple[str, ...]]
    # ids of the notice, the table, the pane and the detail in it
    IDS: ClassVar[tuple[str, str, str, str]]
    NOTHING: ClassVar[str]  # what a key on an empty table says
    DEFAULT_CSS = """
    TableDetailScreen .notice { color: $error; padding: 0 1; height: auto; }
    TableDetailScreen .records { height: 1fr; min-height: 3; }
    TableDetailScreen .detail-pane {
        min-height: 4; padding: 0 1;
        border-top: solid $accent 50%; background: $surface;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Any] = []

    def compose_body(self) -> ComposeResult:
        notice, table, pane, detail = self.IDS
        yield Static("", id=notice, classes="notice")
        yield self.TABLE(cursor_type="row", zebra_stripes=False, id=table, classes="records")
        with VerticalScroll(id=pane, classes="detail-pane", can_focus=False):
            yield Static("", id=detail)

    @property
    def table(self) -> DataTable:
        return self.query_one(self.TABLE)

    def on_mount(self) -> None:
        self.table.add_columns(*self.COLUMNS)
        self.reload()
        self.table.focus()

    # -- what a subclass provides ---------------------------------------------------------
    def detail(self, record: Any, text: Text) -> None:
        """Append the record in full to `text`."""
        raise NotImplementedError

    # -- filling --------------------------------------------------------------------------
    def show_notice(self, lines: Sequence[str]) -> None:
        notice = self.query_one(f"#{self.IDS[0]}", Static)
        notice.update(Text(clean("\n".join(lines))))
        notice.display = bool(lines)

    def fill(self, records: list[Any], cells: Callable[[Any], Iterable[Text]]) -> None:
        """New records, a row each; the cursor stays on its line (or the last one)."""
        table = self.table
        keep = table.cursor_row
        self.records = records
        table.clear()
        for record in records:
            table.add_row(*cells(record), key=str(record.id))
        if records:
            table.move_cursor(row=min(max(keep, 0), len(records) - 1))

    def current(self) -> Any | None:
        row = self.table.cursor_row
        return self.records[row] if self.records and 0 <= row < len(self.records) else None

    def picked(self) -> Any | None:
        """The record a key acts on; None, said, when the table is empty."""
        record = self.current()
        if record is None:
            self.notify(self.NOTHING)
        return record

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        record = self.current()
        text = Text()
        if record is not None:
            self.detail(record, text)
        self.query_one(f"#{self.IDS[3]}", Static).update(text)
