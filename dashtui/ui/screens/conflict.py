"""Someone changed the post on Dash while it was being edited: show both sides, let the user
choose (DESIGN: "Conflicts are shown, not overwritten").

The answer is one of KEEP_MINE, TAKE_THEIRS, REEDIT; esc means re-edit, the choice that
neither overwrites anyone nor throws the user's typing away.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ...domain.posts import Post, changed_fields
from ..editor.keys import AppLettersOff
from ..textsafe import clean
from .diff import DIALOG_CSS, DiffRow, diff_rows, diff_table, snippets, value_text

KEEP_MINE, TAKE_THEIRS, REEDIT = "keep_mine", "take_theirs", "reedit"


def _at(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def side_by_side(mine: list[DiffRow], server: dict[str, Any], zone: ZoneInfo | None) -> Table:
    """Field | yours | on Dash now, for every field the user changed."""
    table = Table(expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Field", ratio=1, overflow="fold")
    table.add_column("Yours", ratio=2, overflow="fold")
    table.add_column("On Dash now", ratio=2, overflow="fold")
    for row in mine:
        theirs = _at(server, row.field)
        base = value_text(row.old, zone, row.field)
        # each side cut around where it departs from the base: the edit itself stays in view
        yours = snippets(base, value_text(row.new, zone, row.field))[1]
        now = snippets(base, value_text(theirs, zone, row.field))[1]
        same = theirs == row.new
        table.add_row(Text(clean(row.label)), Text(clean(yours), style="green"),
                      Text(clean(now) + ("  (same)" if same else ""),
                           style="dim" if same else "yellow"))
    return table


class ConflictScreen(AppLettersOff, ModalScreen[str]):
    DEFAULT_CSS = DIALOG_CSS.format(name="ConflictScreen", width=110) + """
    ConflictScreen VerticalScroll { height: auto; max-height: 14; }
    ConflictScreen .section { text-style: bold; margin-top: 1; }
    ConflictScreen #choices { height: 1; margin-top: 1; }
    ConflictScreen Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("m", "choose('keep_mine')", "Keep mine", id="conflict.keep_mine",
                tooltip="Send your change over the newer version on Dash"),
        Binding("t", "choose('take_theirs')", "Take theirs", id="conflict.take_theirs",
                tooltip="Drop your change and close the editor"),
        Binding("e,escape", "choose('reedit')", "Re-edit", id="conflict.reedit",
                tooltip="Start again from Dash's version, with your edits applied on top"),
        Binding("down,j", "scroll(1)", "Down", show=False, id="conflict.down"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="conflict.up"),
    ]

    def __init__(self, label: str, mine: dict[str, Any], base: Post, server: Post, *,
                 labels: dict[str, str], zone: ZoneInfo | None = None) -> None:
        super().__init__()
        self.label = label
        self.zone = zone
        before = base.model_dump(mode="json", by_alias=True)
        self.server = server.model_dump(mode="json", by_alias=True)
        self.mine = diff_rows(before, mine, labels)
        others = {k: v for k, v in changed_fields(base, server).items() if k not in mine}
        self.others = diff_rows(before, others, labels)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(f"{self.label} was changed on Dash while you were editing"),
                        classes="dialog-title")
            with VerticalScroll(id="conflict-body"):
                yield Static(side_by_side(self.mine, self.server, self.zone), id="mine")
                if self.others:
                    yield Label("Also changed on Dash (kept whatever you choose)",
                                classes="section")
                    yield Static(diff_table(self.others, self.zone, old_title="Was",
                                            new_title="Now"), id="others")
            with Horizontal(id="choices"):
                yield Button("Keep mine (m)", id=KEEP_MINE, variant="warning", compact=True)
                yield Button("Take theirs (t)", id=TAKE_THEIRS, compact=True)
                yield Button("Re-edit (e)", id=REEDIT, variant="primary", compact=True)
            yield Label("re-edit (esc): Dash's version becomes the base, your edits on top",
                        classes="dim")

    def on_mount(self) -> None:
        self.query_one(f"#{REEDIT}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_scroll(self, step: int) -> None:
        self.query_one("#conflict-body", VerticalScroll).scroll_relative(y=step, animate=False)


class RacedScreen(AppLettersOff, ModalScreen[bool]):
    """A conflict after the fact: the save went through, but between the conflict check and
    the PATCH someone changed fields the user did not touch. Their values are kept; the
    user may undo their own change (True) to get Dash's version from before the save."""

    DEFAULT_CSS = DIALOG_CSS.format(name="RacedScreen", width=100) + """
    RacedScreen VerticalScroll { height: auto; max-height: 12; }
    RacedScreen #choices { height: 1; margin-top: 1; }
    RacedScreen Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("u", "choose(True)", "Undo my change", id="raced.undo",
                tooltip="Put back the values Dash had just before your save"),
        Binding("enter,escape,k", "choose(False)", "Keep both", id="raced.keep"),
    ]

    def __init__(self, label: str, raced: dict[str, tuple[Any, Any]], *,
                 labels: dict[str, str] | None = None, zone: ZoneInfo | None = None) -> None:
        super().__init__()
        self.label = label
        self.zone = zone
        labels = labels or {}
        self.rows = [DiffRow(k, labels.get(k, k), old, new) for k, (old, new) in raced.items()]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(f"Saved {self.label}, but Dash changed it while saving"),
                        classes="dialog-title")
            with VerticalScroll(id="raced-body"):
                yield Static(diff_table(self.rows, self.zone, old_title="At the check",
                                        new_title="Now on Dash"), id="raced")
            yield Static("Your change went on top of these (they are kept). Someone may "
                         "also have changed what you saved, just before it. u puts back "
                         "Dash's version from just before your save.", classes="dim")
            with Horizontal(id="choices"):
                yield Button("Keep both (enter)", id="keep", variant="primary", compact=True)
                yield Button("Undo my change (u)", id="undo", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "undo")

    def action_choose(self, undo: bool) -> None:
        self.dismiss(undo)


def show_raced(app, label: str, raced: dict[str, tuple[Any, Any]],
               labels: dict[str, str] | None = None) -> None:
    """Tell the user about a race after a save; `u` there undoes the save."""
    def answered(undo: bool | None) -> None:
        if undo:
            app.action_undo()

    app.push_screen(RacedScreen(label, raced, labels=labels, zone=app.session.zone),
                    answered)
