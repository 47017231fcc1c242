"""The base of the messages a widget posts about itself."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class ControlMessage(Message):
    """A message about one widget: `control` names it, so `@on(Msg, "#id")` finds it."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self._widget = widget

    @property
    def control(self) -> Widget:
        return self._widget
