"""Modal questions for writes: confirm, pick one, type a time, and the per-post results."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.when import When, WhenError, parse_when
from ..textsafe import clean


class ConfirmScreen(ModalScreen[bool]):
    """Says exactly what will change; enter or y confirms, esc or n cancels."""

    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "Cancel", id="confirm.no"),
        Binding("y", "dismiss(True)", "Confirm", id="confirm.yes"),
    ]

    def __init__(self, title: str, lines: list[str], yes: str = "Confirm") -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(classes="list"):
                yield Static(Text("\n".join(clean(line) for line in self.lines)))
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button("Cancel (esc)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ResultsScreen(ModalScreen[None]):
    """One line per post after a bulk action, so nothing half-done goes unreported."""

    BINDINGS = [Binding("escape,enter,q", "dismiss(None)", "Close", id="results.close")]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(classes="list"):
                yield Static(Text("\n".join(clean(line) for line in self.lines)))
            yield Label("enter closes", classes="dim")


class PickScreen(ModalScreen[Any]):
    """Choose one of several labelled values."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(*[Option(clean(label), id=str(i))
                               for i, (label, _) in enumerate(self.choices)])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id)][1])


class TimePrompt(ModalScreen[When | None]):
    """Type a time (`tomorrow 9:00`, `+2h`, `14:00`); the answer is shown before it is used."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="time.cancel")]

    def __init__(self, title: str, *, now: Callable[[], datetime], zone, current=None) -> None:
        super().__init__()
        self.title_text = title
        self.now = now
        self.zone = zone
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Input(placeholder="2026-12-01 14:00, 14:00, +2h, tomorrow 9:00", id="when")
            yield Label("", id="preview", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _read(self, text: str) -> When | None:
        return parse_when(text, now=self.now(), zone=self.zone, current=self.current)

    def on_input_changed(self, event: Input.Changed) -> None:
        preview = self.query_one("#preview", Label)
        try:
            when = self._read(event.value)
        except WhenError as exc:
            preview.update(str(exc))
            return
        if when is None:
            preview.update("")
            return
        text = f"{when.local:%a %d %b %Y %H:%M %Z}  ({when.utc:%H:%M} UTC)"
        preview.update(text + (f"\n⚠ {when.warning}" if when.warning else ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            when = self._read(event.value)
        except WhenError as exc:
            self.query_one("#preview", Label).update(str(exc))
            return
        if when is not None:
            self.dismiss(when)
