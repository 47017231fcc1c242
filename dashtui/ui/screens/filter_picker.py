"""`f` on the calendar and the list: tick several platforms and statuses at once.

Two lists side by side (platforms | statuses) so both fit at 80x24 without scrolling:
space ticks, enter applies from either, esc leaves the filter as it was. Nothing ticked in
a list means all of it, as the header then says nothing about it.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from ..filter_state import STATUS_FAMILIES, PostFilter, platform_name
from .dialog_box import TitledDialog
from .modals import FitsDialog


class Choices(SelectionList, inherit_bindings=False):
    """A SelectionList whose enter applies the whole dialog instead of ticking a line."""

    BINDINGS = [
        Binding("space", "select", "Tick", show=False, id="filters.tick"),
        Binding("enter", "screen.apply", "Apply", show=False, id="filters.apply"),
        Binding("down,j", "cursor_down", "Down", show=False, id="filters.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="filters.up"),
        Binding("home", "first", "First", show=False, id="filters.first"),
        Binding("end", "last", "Last", show=False, id="filters.last"),
        Binding("left,h", "app.focus_previous", "Previous list", show=False,
                id="filters.left"),
        Binding("right,l", "app.focus_next", "Next list", show=False, id="filters.right"),
    ]


class FilterPicker(FitsDialog, TitledDialog, ModalScreen["PostFilter | None"]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="filters.cancel")]
    DEFAULT_CSS = """
    FilterPicker .dialog { width: 62; }
    FilterPicker Horizontal { height: auto; }
    FilterPicker Choices { width: 1fr; height: auto; border: none; padding: 0; }
    FilterPicker Choices:focus { background-tint: $foreground 5%; }
    FilterPicker .column-title { width: 1fr; color: $text-muted; }
    """

    def __init__(self, current: PostFilter, platforms: Iterable[str]) -> None:
        super().__init__("Show only…")
        self.current = current
        # the service's platforms, and any the filter names that it does not know
        self.platforms = list(dict.fromkeys([*platforms, *sorted(current.platforms)]))

    def compose_dialog(self) -> ComposeResult:
        f = self.current
        with Horizontal():
            yield Label("Platforms", classes="column-title")
            yield Label("Statuses", classes="column-title")
        with Horizontal(classes="list"):
            yield Choices(*[Selection(platform_name(p), p, p in f.platforms)
                            for p in self.platforms], id="pick-platforms")
            yield Choices(*[Selection(label, label, bool(family) and family <= f.statuses)
                            for label, family in STATUS_FAMILIES], id="pick-statuses")
        yield Label("space ticks · enter applies · esc cancels · none ticked: all",
                    classes="dim hint")

    def on_mount(self) -> None:
        self.query_one("#pick-platforms", Choices).focus()

    def chosen(self) -> PostFilter:
        platforms = self.query_one("#pick-platforms", Choices).selected
        labels = set(self.query_one("#pick-statuses", Choices).selected)
        statuses = set().union(*[family for label, family in STATUS_FAMILIES
                                 if label in labels])
        # statuses the picker has no line for (a `:filter` command may set them) are kept
        known = set().union(*[family for _, family in STATUS_FAMILIES])
        statuses |= self.current.statuses - known
        return self.current.but(platforms=platforms, statuses=statuses)

    def action_apply(self) -> None:
        self.dismiss(self.chosen())


def pick_filter(app) -> None:
    """Open the picker over the app's shared filter; apply what comes back."""
    platforms = [p.value for p in app.session.sync.platforms]  # the service's (never none)

    def done(result: PostFilter | None) -> None:
        if result is not None:
            app.set_post_filter(result)

    app.push_screen(FilterPicker(app.post_filter, platforms), done)
