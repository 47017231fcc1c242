"""Keep the app's single-letter keys out of the editor and its dialogs.

`q` quits and `1`/`2` switch modes from the lists and the calendar; in the editor the user
types, and even with the focus on a switch, a select or the media list a stray letter must not
close the app or leave the form. A printable key that reaches the screen unhandled and would
go to an *app* binding stops there; keys bound on the screen or the focused widget (space on a
switch, y/n in the diff) still work. (Key bindings run when the key reaches the app, so
stopping the event at the screen is enough.)
"""

from __future__ import annotations

from textual import events


class AppLettersOff:
    def on_key(self, event: events.Key) -> None:
        if event.is_printable:
            active = self.active_bindings.get(event.key)  # type: ignore[attr-defined]
            if active is not None and active.node is self.app:  # type: ignore[attr-defined]
                event.stop()
