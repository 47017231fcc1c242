"""The API log (`L`, again or esc to close): the recent calls to the service, newest first.

Method, path (secret-looking query values masked), status, duration, time. No headers, so
no token; bodies only with `api_log_bodies = true` in the config, shown for the call under
the cursor. Read from dashtui/api_log.py, an in-memory ring: nothing goes to disk.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from ...api_log import API_LOG, SIZE, ApiCall
from ..textsafe import clean, one_line


def status_text(call: ApiCall) -> Text:
    if call.status is None:
        return Text("—", style="yellow")  # no answer: a timeout, a dropped link, in flight
    style = "green" if call.status < 300 else ("yellow" if call.status < 500 else "red")
    return Text(str(call.status), style=style)


class ApiLogTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="api_log.down"),
        Binding("k", "cursor_up", "Up", show=False, id="api_log.up"),
    ]


class ApiLogScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ApiLogScreen { align: center middle; }
    ApiLogScreen #log-dialog {
        width: 100%; max-width: 120; height: 100%; max-height: 40;
        border: round $accent; background: $panel; padding: 0 1;
    }
    ApiLogScreen ApiLogTable { height: 1fr; }
    ApiLogScreen #log-body { height: auto; max-height: 8; }
    ApiLogScreen .dim { color: $text-muted; }
    """
    BINDINGS = [
        Binding("L,escape", "close", "Close", id="api_log.close"),
        Binding("c", "clear", "Clear", id="api_log.clear"),
    ]

    def __init__(self, zone=None) -> None:
        super().__init__()
        self.zone = zone
        self.calls: list[ApiCall] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="log-dialog"):
            bodies = "bodies kept" if API_LOG.include_bodies else \
                "no bodies (api_log_bodies)"
            yield Label(Text(f"Last {SIZE} API calls, newest first · no headers · {bodies}"),
                        classes="dim")
            yield ApiLogTable(cursor_type="row", zebra_stripes=False, id="api-log")
            with VerticalScroll(id="log-body", can_focus=False):
                yield Static("", id="log-detail")
            yield Label("L/esc close · c clear · j/k move", classes="dim")

    def on_mount(self) -> None:
        table = self.query_one(ApiLogTable)
        table.add_columns("Time", "Method", "Status", "ms", "Path")
        self.reload()
        table.focus()
        self.set_interval(1.0, self.reload)  # new calls show while it is open

    def reload(self) -> None:
        table = self.query_one(ApiLogTable)
        calls = API_LOG.recent()
        if [id(c) for c in calls] == [id(c) for c in self.calls] and \
                all(c.status is not None for c in calls):
            return  # nothing new: keep the cursor still
        keep = table.cursor_row
        self.calls = calls
        table.clear()
        for i, c in enumerate(calls):
            when = datetime.fromtimestamp(c.at, self.zone)
            table.add_row(Text(f"{when:%H:%M:%S}"), Text(c.method), status_text(c),
                          Text("" if c.ms is None else f"{c.ms:.0f}"),
                          Text(one_line(c.path, 200)), key=str(i))
        if calls:
            table.move_cursor(row=min(max(keep, 0), len(calls) - 1))
        self.show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        table = self.query_one(ApiLogTable)
        text = Text()
        row = table.cursor_row
        if self.calls and 0 <= row < len(self.calls):
            c = self.calls[row]
            text.append(f"{c.method} {clean(c.host)}{clean(c.path)}\n", style="bold")
            if c.status is None:
                text.append("no answer (yet): a timeout, a dropped connection, or still "
                            "in flight\n", style="yellow")
            for name, body in (("request", c.request_body), ("response", c.response_body)):
                if body:
                    text.append(f"{name}: ", style="bold")
                    text.append(one_line(body, 600) + "\n")
        elif not self.calls:
            text.append("No calls yet this run.")
        self.query_one("#log-detail", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_clear(self) -> None:
        API_LOG.clear()
        self.calls = []
        self.query_one(ApiLogTable).clear()
        self.show_detail()
