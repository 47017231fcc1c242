"""The box a modal question is drawn in: a `.dialog` with its title on the first line.

dashtui.tcss styles `.dialog` and `.dialog-title` once for every modal; this composes them
once too. A dialog passes its title to __init__ (kept as `title_text`) and yields what goes
under it from `compose_dialog`. A title is data, never markup: it may name a post or a cause.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label


class TitledDialog:
    dialog_classes = "dialog"  # a dialog may add its own (ChoiceScreen: "choice")

    def __init__(self, title: str | Text, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.dialog_classes):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield from self.compose_dialog()

    def compose_dialog(self) -> ComposeResult:
        """What the dialog shows under its title."""
        raise NotImplementedError
