"""The editor's time field: typed in the display zone (or one it names: `brand 09:30`,
`09:30 PST`), resolved live below the input.

Under the input it shows what the text means: the local time, UTC, the brand's own zone where
it differs, and DST gaps and overlaps. A text that does not parse keeps the last good time in
the post and says why; the typed text itself is kept (in the buffer too).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ...domain.when import When, WhenError, parse_when

INPUT_FORMAT = "%Y-%m-%d %H:%M"  # what the field shows; when.py reads it back


def as_text(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime(INPUT_FORMAT) if moment else ""


def _clock(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%H:%M} {local.strftime('%Z') or zone.key}"


def when_text(when: When | None, zone: ZoneInfo, brand_zone: ZoneInfo | None,
              zone_label: str = "brand") -> Text:
    """`Mon 23 Nov 2026 09:00 PST · 17:00 UTC · brand 12:00 EST` (+ a DST line)."""
    if when is None:
        return Text("no time set (a draft or publish-now needs none)", style="dim")
    local = when.utc.astimezone(zone)
    text = Text(f"{local:%a %d %b %Y %H:%M} {local.strftime('%Z') or zone.key}")
    if local.utcoffset():
        text.append(f" · {when.utc:%H:%M} UTC", style="dim")
    if brand_zone is not None and brand_zone.key != zone.key:
        there = when.utc.astimezone(brand_zone)
        if there.utcoffset() != local.utcoffset() or there.date() != local.date():
            day = f"{there:%a} " if there.date() != local.date() else ""
            text.append(f" · {zone_label} {day}{_clock(when.utc, brand_zone)}", style="dim")
    if when.typed_zone:
        text.append(f" · typed in {when.typed_zone}", style="dim")
    if when.warning:
        text.append(f"\n⚠ {when.warning}", style="yellow")
    return text


class TimeField(Vertical):
    """An Input plus the resolution line. Posts `TimeField.Changed` when the meaning changes."""

    DEFAULT_CSS = """
    TimeField { height: auto; width: 1fr; }
    TimeField > #time-info { height: auto; color: $text; }
    """

    class Changed(Message):
        def __init__(self, field: TimeField, text: str, moment: datetime | None,
                     error: str | None) -> None:
            super().__init__()
            self.field = field
            self.text = text
            self.moment = moment  # UTC, None for no time (or while the text is unreadable)
            self.error = error

    def __init__(self, moment: datetime | None, *, zone: ZoneInfo,
                 brand_zone: ZoneInfo | None, now: Callable[[], datetime],
                 text: str | None = None, id: str | None = None,
                 zone_label: str = "brand") -> None:
        super().__init__(id=id)
        self.zone = zone
        self.brand_zone = brand_zone
        self.zone_label = zone_label  # "brand", or "post" for a zone the post carries
        self.now = now
        self.moment = moment  # the post's time the text was rendered from
        self._shown = as_text(moment, zone)
        self._text = self._shown if text is None else text
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(self._text, placeholder="2026-12-01 14:00 · 9am · +2h · tomorrow 9:00 · brand 09:30",
                    id="time", compact=True)
        yield Static(id="time-info")

    def on_mount(self) -> None:
        self._resolve(self._text, announce=self._text != self._shown)

    @on(Input.Changed, "#time")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._text:
            self._text = event.value
            self._resolve(event.value, announce=True)

    def set_moment(self, moment: datetime | None) -> None:
        """Show a new time (after a rebase), as if the post had opened with it."""
        self.moment = moment
        self._shown = self._text = as_text(moment, self.zone)
        self.query_one("#time", Input).value = self._text
        self._resolve(self._text, announce=False)

    def show_zone(self, zone: ZoneInfo | None) -> None:
        """The post's own zone changed (Infinipost): the line under the time follows."""
        self.brand_zone = zone
        self._resolve(self._text, announce=False)

    def _resolve(self, text: str, *, announce: bool) -> None:
        when: When | None = None
        self.error = None
        if text == self._shown and self.moment is not None:
            # unchanged text keeps the exact time (seconds included): not a change
            when = When(self.moment, self.moment.astimezone(self.zone))
        else:
            try:
                # `brand 09:30`: the brand's zone; a service's own post zone is no brand's
                when = parse_when(text, now=self.now(), zone=self.zone, current=self.moment,
                                  brand_zone=self.brand_zone if self.zone_label == "brand"
                                  else None)
            except WhenError as exc:
                self.error = str(exc)
        info = self.query_one("#time-info", Static)
        if self.error:
            info.update(Text(f"✗ {self.error}", style="red"))
        else:
            info.update(when_text(when, self.zone, self.brand_zone, self.zone_label))
        if announce:
            self.post_message(self.Changed(self, text, when.utc if when else None, self.error))

