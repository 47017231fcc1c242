"""The editor's two questions: discard unsaved changes? reopen an edit left unsaved?

Both default to the choice that loses nothing (keep editing; reopen), and esc picks the
other harmless one (keep editing; ask again later).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.platforms import SPECS, Platform
from .keys import AppLettersOff
from ..screens.dialog_box import TitledDialog
from ..textsafe import one_line

KEEP, DISCARD = "keep", "discard"
REOPEN, LATER = "reopen", "later"

_CSS = """
{name} .buttons {{ height: 1; margin-top: 1; }}
{name} Button {{ margin-right: 2; }}
"""


class DiscardConfirm(AppLettersOff, TitledDialog, ModalScreen[str]):
    DEFAULT_CSS = _CSS.format(name="DiscardConfirm")
    BINDINGS = [Binding("escape", "dismiss('keep')", "Keep editing", id="discard.keep")]

    def __init__(self, what: str) -> None:
        super().__init__(Text(f"Discard your unsaved changes to {what}?"))
        self.what = what

    def compose_dialog(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button("Keep editing", id=KEEP, variant="primary", compact=True)
            yield Button("Discard", id=DISCARD, variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{KEEP}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


def describe_buffer(body: dict[str, Any], zone: ZoneInfo) -> tuple[str, str]:
    """(`X #811813, typed Sun 22 Nov 09:14`, caption preview) for an unsaved buffer."""
    try:
        spec = SPECS[Platform(body.get("platform"))]
        caption = (body.get("draft") or {}).get(spec.caption_field) or ""
        what = f"new {spec.label} post" if body.get("new") else \
            f"{spec.label} #{body.get('post_id')}"
    except ValueError:
        what, caption = "a post", ""
    when = datetime.fromtimestamp(body.get("saved_at") or body.get("written_at") or 0, zone)
    return f"{what}, typed {when:%a %d %b %H:%M}", one_line(str(caption), 70)


class RestoreOffer(AppLettersOff, TitledDialog, ModalScreen[str]):
    DEFAULT_CSS = _CSS.format(name="RestoreOffer")
    BINDINGS = [Binding("escape", "dismiss('later')", "Later", id="restore.later")]

    TITLES = {"queued": "Edit already queued", "delivered": "Edit already on Dash",
              "unsaved": "Unsaved edit found", "unchecked": "Unsaved edit found"}

    def __init__(self, body: dict[str, Any], zone: ZoneInfo, others: int = 0, *,
                 fate: str = "unsaved", why: str = "it was not saved") -> None:
        super().__init__(self.TITLES.get(fate, "Unsaved edit found"))
        self.what, self.preview = describe_buffer(body, zone)
        self.others = others
        self.fate = fate
        self.why = why

    def compose_dialog(self) -> ComposeResult:
        found = self.fate in ("queued", "delivered")
        yield Static(Text(f"You were editing {self.what}: {self.why}."))
        if found:
            yield Static(Text("Saving it again would conflict with your own change or "
                              "make a second post; the copy can go.", style="dim"))
        if self.preview:
            yield Static(Text(f"“{self.preview}”", style="italic"))
        if self.others:
            yield Static(Text(f"({self.others} older unsaved edit(s) are kept too.)",
                              style="dim"))
        with Horizontal(classes="buttons"):
            yield Button("Reopen it", id=REOPEN, variant="primary", compact=True)
            yield Button("Later", id=LATER, compact=True)
            yield Button("Drop the copy" if found else "Discard it", id=DISCARD,
                         variant="default" if found else "error", compact=True)

    def on_mount(self) -> None:
        # loses nothing either way: reopen what is only here; drop a copy Dash or the
        # outbox already holds
        found = self.fate in ("queued", "delivered")
        self.query_one(f"#{DISCARD if found else REOPEN}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


def close_editor(screen: Any, dirty: bool, what: str) -> None:
    """`esc` in an editor: close at once when nothing changed, else ask first; a closed
    editor drops its restore buffer (its text was kept or thrown away on purpose)."""
    if not dirty:
        screen.drop_buffer()
        screen.dismiss(None)
        return

    def answered(choice: str | None) -> None:
        if choice == DISCARD:
            screen.drop_buffer()
            screen.dismiss(None)

    screen.app.push_screen(DiscardConfirm(what), answered)
