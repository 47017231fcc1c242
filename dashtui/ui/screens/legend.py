"""`i`: what every glyph on screen means, over whatever screen is open."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..legend import GLYPHS


def legend_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for glyph, meaning in GLYPHS:
        table.add_row(Text(glyph), Text(meaning))
    return table


class LegendScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,i", "dismiss(None)", "Close", id="legend.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="legend.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="legend.up"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Legend", classes="dialog-title")
            with VerticalScroll(id="legend-body"):
                yield Static(legend_table())
            yield Label("esc closes · ? lists the keys", classes="dim")

    def action_scroll(self, step: int) -> None:
        self.query_one("#legend-body", VerticalScroll).scroll_relative(y=step, animate=False)
