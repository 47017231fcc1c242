"""`?` / `f1`: the keys of the screen the user is on (only those that work there), each with
its binding id for `[keymap]`, then the glyph legend."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from ..editor.keys import AppLettersOff
from .legend import legend_table


def screen_keys(app: App, screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, what it does, binding id) for every binding that works on `screen` now: the
    focused widget's, the screen's and the app's, less the disabled ones and the app's
    letters where the screen keeps them for typing (the editor)."""
    letters_off = isinstance(screen, AppLettersOff)
    keys: list[tuple[str, str, str]] = []
    seen: set[tuple[int, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id or not binding.description or not active.enabled:
            continue  # Textual's own (tab, ctrl+c, ...) have no id
        if letters_off and active.node is app and _printable(key):
            continue  # AppLettersOff stops these before they reach the app
        if (id(active.node), binding.action) in seen:
            continue
        seen.add((id(active.node), binding.action))
        keys.append((app.get_key_display(binding), binding.description, binding.id))
    return keys


def _printable(key: str) -> bool:
    char = key_to_character(key)
    return char is not None and char.isprintable() and len(char) == 1


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss(None)", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("pagedown,space", "scroll(10)", "Page down", show=False, id="help.page_down"),
        Binding("pageup", "scroll(-10)", "Page up", show=False, id="help.page_up"),
    ]

    def __init__(self, title: str, keys: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)
        for key, description, *binding_id in self.keys:
            table.add_row(Text(key), Text(description), Text(binding_id[0] if binding_id else ""))
        with Vertical(classes="dialog help"):
            yield Label(f"Keys: {self.title_text}", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(table)
                yield Label("Legend", classes="dialog-title")
                yield Static(legend_table())
            yield Label("esc closes · j/k scroll · i legend · : commands · ctrl+p all",
                        classes="dim")

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step, animate=False)
