"""Small modal questions: which brand, which date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...accounts import AccountBrand
from ...domain.posts import Brand
from ..textsafe import clean
from .modals import LETTERS, FitsDialog, LetterKeys


class BrandPicker(LetterKeys, FitsDialog, ModalScreen["Brand | AccountBrand | None"]):
    """A letter per brand (the first 23; the rest by arrows), enter picks, esc cancels.
    The config's other accounts follow, with the brands their caches know."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="brand.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="brand.down"),
        Binding("k", "move(-1)", "Up", show=False, id="brand.up"),
    ]

    def __init__(self, brands: list[Brand], current: Brand | None,
                 others: list[AccountBrand] | None = None) -> None:
        super().__init__()
        self.brands = brands
        self.current = current
        self.others = list(others or [])
        self.keys = dict(zip(LETTERS, [*brands, *self.others]))

    def compose(self) -> ComposeResult:
        def key(i: int) -> str:
            return LETTERS[i] if i < len(LETTERS) else " "

        n = len(self.brands)
        options = [
            Option(Text(f"{key(i)}  {clean(b.name)}  ({b.id})"
                        + ("  ← current" if self.current and b.id == self.current.id else "")),
                   id=str(b.id))
            for i, b in enumerate(self.brands)]
        options += [Option(Text(f"{key(n + j)}  {clean(o.label)}"), id=f"acct-{j}")
                    for j, o in enumerate(self.others)]
        with Vertical(classes="dialog"):
            yield Label("Switch brand" + (" or account" if self.others else ""),
                        classes="dialog-title")
            yield OptionList(*options, classes="list")
            yield Label("a letter or enter picks · esc cancels", classes="dim hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current is not None:
            ids = [b.id for b in self.brands]
            if self.current.id in ids:
                options.highlighted = ids.index(self.current.id)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("acct-"):
            self.dismiss(self.others[int(option_id[5:])])
            return
        chosen = next(b for b in self.brands if str(b.id) == option_id)
        self.dismiss(chosen)


def parse_day(text: str, today: date) -> date:
    """`2026-12-01`, `12-01`, `1` (day of this month), `today`, `tomorrow`, `+3`, `-2w`."""
    value = text.strip().lower()
    if value in ("", "today", "t"):
        return today
    if value == "tomorrow":
        return today + timedelta(days=1)
    if value == "yesterday":
        return today - timedelta(days=1)
    m = re.fullmatch(r"([+-])\s*(\d+)\s*([dwm]?)", value)
    if m:
        n = int(m.group(2)) * (-1 if m.group(1) == "-" else 1)
        unit = m.group(3) or "d"
        if unit == "m":
            from ...domain.timeutil import shift_month
            return shift_month(today, n)
        return today + timedelta(days=n * (7 if unit == "w" else 1))
    for pattern, build in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda y, mo, d: date(int(y), int(mo), int(d))),
        (r"(\d{1,2})-(\d{1,2})", lambda mo, d: date(today.year, int(mo), int(d))),
        (r"(\d{1,2})", lambda d: today.replace(day=int(d))),
    ):
        m = re.fullmatch(pattern, value)
        if m:
            try:
                return build(*m.groups())
            except ValueError:
                raise ValueError(f"there is no such day: {text.strip()}") from None
    raise ValueError("use 2026-12-01, 12-01, a day number, today, tomorrow, +3, -2w or +1m")


class GoToDate(ModalScreen[date | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="goto.cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Go to date", classes="dialog-title")
            yield Input(placeholder="2026-12-01, 12-01, 15, today, +3, -2w, +1m", id="day")
            yield Label("", id="error", classes="error")
            yield Label("enter goes there · esc cancels", classes="dim hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_day(event.value, self.today))
        except ValueError as exc:
            self.query_one("#error", Label).update(str(exc))
