"""Small modal questions: which brand, which date."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList

from ...accounts import AccountBrand
from ...domain.posts import Brand
from ...domain.when import WhenError, parse_day
from ..textsafe import clean
from .dialog_box import TitledDialog
from .modals import FitsDialog
from .typeahead import Entry, TypeAhead


class BrandPicker(TypeAhead, FitsDialog, TitledDialog,
                  ModalScreen["Brand | AccountBrand | None"]):
    """Type part of a brand's name (or its id) to narrow the list, enter picks, esc cancels.
    The config's other accounts follow, with the brands their caches know."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="brand.cancel")]

    def __init__(self, brands: list[Brand], current: Brand | None,
                 others: list[AccountBrand] | None = None) -> None:
        super().__init__("Switch brand" + (" or account" if others else ""))
        self.brands = brands
        self.current = current
        self.others = list(others or [])

    def compose_dialog(self) -> ComposeResult:
        yield OptionList(classes="list")
        yield Label("", id="typed", classes="dim hint", markup=False)

    def on_mount(self) -> None:
        entries = [
            Entry(f"{b.name} {b.id}", Text(f"{clean(b.name)}  ({b.id})" + (
                "  ← current" if self.current and b.id == self.current.id else "")), str(b.id))
            for b in self.brands]
        entries += [Entry(o.label, Text(clean(o.label)), f"acct-{j}")
                    for j, o in enumerate(self.others)]
        self.set_entries(entries)
        if self.current is not None:
            self.highlight_id(str(self.current.id))
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("acct-"):
            self.dismiss(self.others[int(option_id[5:])])
            return
        chosen = next(b for b in self.brands if str(b.id) == option_id)
        self.dismiss(chosen)


class GoToDate(TitledDialog, ModalScreen[date | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="goto.cancel")]

    def __init__(self, today: date) -> None:
        super().__init__("Go to date")
        self.today = today

    def compose_dialog(self) -> ComposeResult:
        yield Input(placeholder="2026-12-01, 12-01, 15, today, +3, -2w, +1m", id="day")
        yield Label("", id="error", classes="error")
        yield Label("enter goes there · esc cancels", classes="dim hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            # the one day grammar (domain/when.py); browsing, so 03-01 is this year's
            session = getattr(self.app, "session", None)
            if session is not None and event.value.strip():  # `tomorrow brand`: its day
                from ...domain.when import parse_day_in

                day = parse_day_in(event.value, now=session.now(), zone=session.zone,
                                   brand_zone=session.brand_zone())
                self.dismiss(day if " " in event.value.strip() else
                             parse_day(event.value, self.today))
                return
            self.dismiss(parse_day(event.value or "today", self.today))
        except WhenError as exc:
            self.query_one("#error", Label).update(str(exc))
