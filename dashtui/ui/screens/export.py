"""ctrl+x in the list: write what the list shows now to a CSV or JSON file."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ...report import Item, render_export


def write_export(text: str, rows, session) -> tuple[Path, int]:
    """Write the rows' posts to the file named (CSV or JSON by its extension); raises
    ValueError with words for the user (ctrl+x's prompt and `:export` say them in place)."""
    path = Path(text.strip()).expanduser()
    fmt = path.suffix.lower().lstrip(".")
    if not text.strip() or fmt not in ("csv", "json"):
        raise ValueError("the file name must end in .csv or .json")
    brand = session.brand
    items = [Item(post, brand) for row in rows
             if (post := session.cache.get(row.platform, row.id)) is not None]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_export(items, fmt, session.zone), encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"can't write {path}: {exc.strerror or exc}") from None
    return path, len(items)


class ExportPrompt(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="export.cancel")]

    def __init__(self, default: str, rows, session) -> None:
        super().__init__()
        self.default = default
        self.rows = rows
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Export {len(self.rows)} post(s) as shown", classes="dialog-title")
            yield Input(self.default, id="path")
            yield Label(".csv or .json; enter writes, esc cancels", id="hint", classes="dim")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            path, n = write_export(event.value, self.rows, self.session)
        except ValueError as exc:
            self.query_one("#hint", Label).update(str(exc))
            return
        self.notify(f"Wrote {n} post(s) to {path}")
        self.dismiss(path)
