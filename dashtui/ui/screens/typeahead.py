"""Type-ahead for the pickers (platform, brand, duplicate target, reschedule choice): what is
typed narrows the list and the best match is highlighted, so `pi` enter picks Pinterest.

Ranked: the label starts with the typed text, then a word of it does, then it holds the text
anywhere. backspace takes a character back, esc clears the text first and cancels when
there is none, arrows move, enter picks.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Entry:
    """One line of a picker: what is matched, what is shown, the option id it answers."""

    words: str
    prompt: Text
    id: str


def rank(words: str, typed: str) -> int | None:
    """0 (best) to 2, or None when `typed` is not in `words` at all."""
    words, typed = words.lower(), typed.lower()
    if words.startswith(typed):
        return 0
    if any(w.startswith(typed) for w in words.split()):
        return 1
    return 2 if typed in words else None


def narrow(entries: list[Entry], typed: str) -> list[Entry]:
    if not typed:
        return list(entries)
    ranked = [(r, n, e) for n, e in enumerate(entries) if (r := rank(e.words, typed)) is not None]
    return [e for _, _, e in sorted(ranked, key=lambda t: (t[0], t[1]))]


class TypeAhead:
    """Mixed into a picker screen with one OptionList and a Label `#typed`; it calls
    `set_entries` once composed. Needs `self.query_one`."""

    typed = ""
    _entries: list[Entry]

    def set_entries(self, entries: list[Entry]) -> None:
        self._entries = entries
        self._show()

    def _show(self) -> None:
        options = self.query_one(OptionList)  # type: ignore[attr-defined]
        shown = narrow(self._entries, self.typed)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        if not shown:
            options.add_option(Option(Text(f"nothing matches “{self.typed}”", style="dim"),
                                      disabled=True))
        options.add_options(Option(e.prompt, id=e.id) for e in shown)
        if shown:
            ids = [e.id for e in shown]
            options.highlighted = 0 if self.typed or keep not in ids else ids.index(keep)
        label = self.query_one("#typed", Label)  # type: ignore[attr-defined]
        label.update(Text(f"typed: {self.typed}▏" if self.typed else
                          "type to narrow · enter picks · esc cancels"))

    def highlight_id(self, option_id: str) -> None:
        options = self.query_one(OptionList)  # type: ignore[attr-defined]
        ids = [e.id for e in narrow(self._entries, self.typed)]
        if option_id in ids:
            options.highlighted = ids.index(option_id)

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and self.typed:
            self.typed = self.typed[:-1]
        elif event.key == "escape" and self.typed:
            self.typed = ""
        elif event.character and event.is_printable and not event.key.startswith("ctrl+") \
                and (event.character != " " or self.typed):
            self.typed += event.character
        else:
            return
        event.stop()
        event.prevent_default()
        self._show()
