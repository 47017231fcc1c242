"""What a save will send, field by field, before it is sent (DESIGN: "PATCH sends only what
changed"; the diff shown is the diff sent). Values are literal text, never markup, and long
text is cut around the first difference so the change itself stays in view."""

from __future__ import annotations

from ...labels import field_label
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..editor.keys import AppLettersOff
from ..textsafe import clean

SNIPPET = 120  # characters of a long value shown, around the first difference
NOTHING = "—"
# the app stylesheet's `.dialog` (60 wide) would win over DEFAULT_CSS: these dialogs are
# wider, so they style their own box
DIALOG_CSS = """
{name} > #dialog {{
    width: {width}; max-width: 96%; height: auto; max-height: 96%;
    padding: 0 1; border: round $accent; background: $surface;
}}
{name} .dialog-title {{ margin-bottom: 0; }}
"""


@dataclass(frozen=True)
class DiffRow:
    field: str  # wire path, e.g. "meta.title"
    label: str  # what the editor calls it
    old: Any
    new: Any


def _stamp(value: str, zone: ZoneInfo | None) -> str | None:
    """An ISO time shown in the display zone, UTC beside it."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None or zone is None:
        return None
    local = moment.astimezone(zone)
    return f"{local:%a %d %b %Y %H:%M} {local.strftime('%Z')} ({moment:%H:%M} UTC)"


TIME_FIELDS = frozenset({"timestamp"})


def value_text(value: Any, zone: ZoneInfo | None = None, field: str = "") -> str:
    """One value as a person reads it (not yet shortened)."""
    if value is None or value == "":
        return NOTHING if value is None else "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return (_stamp(value, zone) if field in TIME_FIELDS else None) or value
    if isinstance(value, dict) and "id" in value and "name" in value:
        return f"{value['name']} ({value['id']})"  # a Pinterest board
    if isinstance(value, list) and all(isinstance(v, (int, str)) for v in value):
        return ", ".join(str(v) for v in value) or "(none)"
    return json.dumps(value, ensure_ascii=False)


def snippets(old: str, new: str, width: int = SNIPPET) -> tuple[str, str]:
    """Both values cut to `width`, starting a little before where they first differ."""
    if len(old) <= width and len(new) <= width:
        return old, new
    same = 0
    for a, b in zip(old, new):
        if a != b:
            break
        same += 1
    start = max(0, same - width // 3)

    def cut(text: str) -> str:
        part = text[start:start + width]
        return ("…" if start else "") + part + ("…" if start + width < len(text) else "") + \
            (f"  ({len(text):,} characters)" if len(text) > width else "")

    return cut(old), cut(new)


def diff_rows(before: dict[str, Any], after: dict[str, Any],
              labels: dict[str, str]) -> list[DiffRow]:
    """One row per changed leaf; an object without an identity (Pinterest `meta`) is opened
    one level so its title and board show apart."""
    rows = []
    for key, new in after.items():
        old = before.get(key)
        if isinstance(new, dict) and not ("id" in new and "name" in new):
            old_d = old if isinstance(old, dict) else {}
            for sub, value in new.items():
                if old_d.get(sub) != value:
                    path = f"{key}.{sub}"
                    rows.append(DiffRow(path, labels.get(path) or field_label(path),
                                        old_d.get(sub), value))
            continue
        rows.append(DiffRow(key, labels.get(key) or field_label(key), old, new))
    # in the order the editor shows the fields, unknown ones last
    order = {path: n for n, path in enumerate(labels)}
    return sorted(rows, key=lambda r: order.get(r.field, len(order)))


def diff_table(rows: list[DiffRow], zone: ZoneInfo | None, *, old_title: str | None = "Before",
               new_title: str = "After") -> Table:
    """Field | old | new; without `old_title` (a new post) just field | value."""
    table = Table(expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Field", ratio=1, overflow="fold")
    if old_title is not None:
        table.add_column(old_title, ratio=2, overflow="fold")
    table.add_column(new_title, ratio=2, overflow="fold")
    for row in rows:
        old, new = snippets(value_text(row.old, zone, row.field), value_text(row.new, zone, row.field))
        cells = [Text(clean(row.label)), Text(clean(new), style="green")]
        if old_title is not None:
            cells.insert(1, Text(clean(old), style="red"))
        table.add_row(*cells)
    return table


class DiffScreen(AppLettersOff, ModalScreen[bool]):
    """Confirm a save: enter/y sends it, esc/n goes back to editing."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DiffScreen", width=100) + """
    DiffScreen VerticalScroll { height: auto; max-height: 14; }
    DiffScreen #diff-warnings { color: $warning; margin-top: 1; height: auto; max-height: 4; }
    """
    BINDINGS = [
        Binding("enter,y,ctrl+s,f2", "confirm", "Save", id="diff.confirm",
                tooltip="Send exactly these changes"),
        Binding("escape,n", "cancel", "Back to editing", id="diff.cancel"),
        Binding("down,j", "scroll(1)", "Down", show=False, id="diff.down"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="diff.up"),
    ]

    def __init__(self, title: str, rows: list[DiffRow], *, zone: ZoneInfo | None = None,
                 warnings: list[str] | None = None, new: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.zone = zone
        self.warnings = warnings or []
        self.new = new

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(id="diff-body"):
                yield Static(diff_table(self.rows, self.zone,
                                        old_title=None if self.new else "Before",
                                        new_title="Value" if self.new else "After"))
            if self.warnings:
                text = Text(f"Saving with {len(self.warnings)} warning(s):\n")
                for line in self.warnings:
                    text.append(f"⚠ {clean(line)}\n")
                text.rstrip()
                yield Static(text, id="diff-warnings")
            yield Label("enter/y save · esc/n back to editing", classes="dim")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_scroll(self, step: int) -> None:
        self.query_one("#diff-body", VerticalScroll).scroll_relative(y=step, animate=False)
