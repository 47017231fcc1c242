"""Modal questions for writes: confirm, pick one, type a time, and the per-post results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.when import When, WhenError, parse_when
from ..textsafe import clean
from .dialog_box import TitledDialog
from .typeahead import Entry, TypeAhead




class FitsDialog:
    """The dialog's scrolling `.list` gets only the rows the rest of it leaves, so its
    buttons and key hint stay on screen at 80x24 however long the list is.

    (Textual calls the on_mount of every class in the MRO itself: subclasses define their
    own without calling super().)"""

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit_dialog)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_dialog)

    def fit_dialog(self) -> None:
        dialogs = self.query(".dialog")
        if not dialogs:
            return
        dialog = dialogs.first()
        lists = [w for w in dialog.children if w.has_class("list")]
        if not lists:
            return
        scroll = lists[0]
        others = 0
        for child in dialog.children:
            if child is scroll or not child.display:
                continue
            margin = child.styles.margin
            others += child.outer_size.height + margin.top + margin.bottom
        margin = scroll.styles.margin
        room = (self.size.height * 9) // 10 - dialog.styles.gutter.height - others \
            - margin.top - margin.bottom
        height = max(2, min(room, 30))
        if scroll.styles.max_height is None or scroll.styles.max_height.value != height:
            scroll.styles.max_height = height


@dataclass
class Choice:
    """One answer of a question: the letter that gives it, its button, what it returns."""

    key: str
    label: str
    value: Any
    variant: str = "default"  # "warning" / "error" for answers that publish or delete


class ChoiceScreen(FitsDialog, TitledDialog, ModalScreen[Any]):
    """A question with a letter for each answer; esc (or n) answers `cancel`.

    Nothing is focused that publishes or deletes: enter on the focused button cancels, so
    a stray enter never confirms. Buttons and the lines' end stay visible at 80x24."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, lines: list[str], choices: list[Choice], *,
                 cancel: Any = None) -> None:
        super().__init__(title)
        self.lines = lines
        self.choices = choices
        self.cancel_value = cancel
        if len(choices) > 1:
            self.dialog_classes = "dialog choice"

    def compose_dialog(self) -> ComposeResult:
        with VerticalScroll(classes="list", id="lines"):
            yield Static(Text("\n".join(clean(line) for line in self.lines)))
        with Horizontal(classes="buttons"):
            for i, choice in enumerate(self.choices):
                yield Button(Text(f"{choice.label} ({choice.key})"), variant=choice.variant,
                             id=f"choice-{i}", compact=True)
            yield Button("Cancel (esc)", id="no", compact=True)

    letters = True  # answer by each choice's letter (and n cancels) in on_key

    def on_mount(self) -> None:
        self.query_one(self.first_focus(), Button).focus()

    def first_focus(self) -> str:
        return "#no"

    def on_key(self, event) -> None:
        if not self.letters:
            return
        if event.key == "n":
            event.stop()
            self.action_cancel()
            return
        for choice in self.choices:
            if event.key == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "no":
            self.action_cancel()
        else:
            self.dismiss(self.choices[int(event.button.id.split("-")[1])].value)


class ConfirmScreen(ChoiceScreen):
    """Says exactly what will change; y confirms, esc or n cancels.

    `destructive=False` (moving a post, say) lets enter confirm too; otherwise the focus
    starts on Cancel."""

    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel", id="confirm.no"),
        Binding("y", "confirm", "Confirm", id="confirm.yes"),
    ]

    def __init__(self, title: str, lines: list[str], yes: str = "Confirm", *,
                 destructive: bool = True) -> None:
        super().__init__(title, lines, [Choice("y", yes, True,
                                               "warning" if destructive else "primary")],
                         cancel=False)
        self.yes = yes
        self.destructive = destructive

    letters = False  # y and n are bindings here (remappable)

    def first_focus(self) -> str:
        return "#no" if self.destructive else "#choice-0"

    def action_confirm(self) -> None:
        self.dismiss(True)


class ResultsScreen(FitsDialog, TitledDialog, ModalScreen[None]):
    """One line per post after a bulk action, so nothing half-done goes unreported."""

    BINDINGS = [Binding("escape,enter,q", "dismiss(None)", "Close", id="results.close")]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__(title)
        self.lines = lines

    def compose_dialog(self) -> ComposeResult:
        with VerticalScroll(classes="list"):
            yield Static(Text("\n".join(clean(line) for line in self.lines)))
        yield Label("enter closes", classes="dim hint")


class PickScreen(TypeAhead, FitsDialog, TitledDialog, ModalScreen[Any]):
    """Choose one of several labelled values: type to narrow (`pi` reaches Pinterest), or
    arrows, and enter."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Any]]) -> None:
        super().__init__(title)
        self.choices = choices

    def compose_dialog(self) -> ComposeResult:
        yield OptionList(classes="list")
        yield Label("", id="typed", classes="dim hint", markup=False)

    def on_mount(self) -> None:
        self.set_entries([Entry(label, Text(clean(label)), str(i))
                          for i, (label, _) in enumerate(self.choices)])
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id)][1])


class TimePrompt(FitsDialog, TitledDialog, ModalScreen[When | None]):
    """Type a time (`tomorrow 9:00`, `+2h`, `14:00`); the answer is shown before it is used."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="time.cancel")]

    def __init__(self, title: str, *, now: Callable[[], datetime], zone, current=None) -> None:
        super().__init__(title)
        self.now = now
        self.zone = zone
        self.current = current

    def compose_dialog(self) -> ComposeResult:
        yield Input(placeholder="2026-12-01 14:00, +2h, tomorrow 9:00, brand 09:30", id="when")
        yield Label("", id="preview", markup=False)
        yield Label("enter sets the time · esc cancels", classes="dim hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _read(self, text: str) -> When | None:
        session = getattr(self.app, "session", None)  # `brand 09:30`: the brand's zone
        brand = session.brand_zone() if session is not None else None
        return parse_when(text, now=self.now(), zone=self.zone, current=self.current,
                          brand_zone=brand)

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
