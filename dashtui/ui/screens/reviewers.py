"""The reviewer picker: whom to ask for approval, and who asks.

Dash's API documents no list of users (`/api/self` names brands and the organization, not
people), so reviewers are user ids: typed, or picked from the ids dashtui knows, which are
the config's `user_names` and the reviewers of the brand's earlier requests. A word that
starts one known name stands for its id. Nothing is sent until every word reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...domain.approvals import UserIdError, parse_user_ids
from ..textsafe import clean, one_line
from .modals import FitsDialog


def who(user_id: int, names: Mapping[int, str]) -> str:
    """`Ana Lima (12)`, or `12` for an id without a name."""
    name = names.get(user_id)
    return f"{one_line(name, 24)} ({user_id})" if name else str(user_id)


class ReviewerPrompt(FitsDialog, ModalScreen[tuple[list[int], int] | None]):
    """Answers (reviewer ids, requester id), or None on esc."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="reviewers.cancel")]
    DEFAULT_CSS = """
    ReviewerPrompt Input { margin-bottom: 1; background: $boost; }
    """

    def __init__(self, title: str, *, names: Mapping[int, str], known: Sequence[int],
                 requested_by: int | None, asked: Sequence[int] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.names = dict(names)
        self.known = list(dict.fromkeys(known))
        self.requested_by = requested_by
        self.asked = list(asked)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            if self.asked:
                yield Label("asked already: " + ", ".join(who(i, self.names)
                                                          for i in self.asked),
                            classes="dim", markup=False)
            yield Label("Reviewers: Dash user ids (or names), space-separated", markup=False)
            yield Input(placeholder="12 34", id="reviewer-ids", compact=True)
            if self.known:
                yield OptionList(*[Option(Text(clean(who(i, self.names))), id=str(i))
                                   for i in self.known], classes="list", id="known")
            yield Label("Requested by: your user id (`user_id` in the config)",
                        markup=False)
            yield Input(str(self.requested_by) if self.requested_by is not None else "",
                        placeholder="your user id", id="requested-by", compact=True)
            yield Label("", id="reviewer-preview", markup=False)
            yield Label("enter asks · tab: next · enter on a known id adds it\n"
                        "Dash lists no users: ids, or names from `user_names`",
                        classes="dim hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#reviewer-ids", Input).focus()
        self._preview()

    def _read(self) -> tuple[list[int], int]:
        """The answer, or UserIdError saying what is wrong."""
        ids = parse_user_ids(self.query_one("#reviewer-ids", Input).value, self.names)
        if not ids:
            raise UserIdError("type at least one reviewer's user id")
        by = parse_user_ids(self.query_one("#requested-by", Input).value, self.names)
        if len(by) != 1:
            raise UserIdError("requested by: one user id (yours), e.g. set `user_id = 10` "
                              "in the config" if not by else
                              "requested by: only one user id")
        return ids, by[0]

    def _preview(self) -> None:
        label = self.query_one("#reviewer-preview", Label)
        try:
            ids, by = self._read()
        except UserIdError as exc:
            label.update(Text(f"✗ {exc}", style="red"))
            return
        label.update(Text(f"will ask {', '.join(who(i, self.names) for i in ids)}; "
                          f"requested by {who(by, self.names)}"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            answer = self._read()
        except UserIdError:
            self._preview()
            return
        self.dismiss(answer)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A known id goes into the reviewers (or out, if it is there already)."""
        event.stop()
        box = self.query_one("#reviewer-ids", Input)
        words = box.value.split()
        picked = event.option.id or ""
        box.value = " ".join([w for w in words if w != picked] if picked in words
                             else [*words, picked])
