"""The media library picker: the brand's newest media, filtered as you type, several marked.

Each row: mark, kind, file name, size, duration (videos), date, and for each target
platform whether it takes the file (domain/media.fit_problems: the platform's types, and the
networks' size and length limits); the highlighted row's reasons are spelled out below.
Keys: type to filter (`video`, `image`, `7d`/`2w`/`3m` for recency, `fits`, any other word a
part of the file name or id); down/up move; space marks; enter attaches the marked (or the
highlighted) media; ctrl+r asks the library again; esc closes. The data comes from the
session's cache (Session.library_media), never from the HTTP client.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.media import MediaFacts, accepts, fit_problems, human_duration, human_size
from ...domain.platforms import SPECS, Platform
from ...errors import BackendError
from ..textsafe import one_line
from .keys import AppLettersOff

Target = tuple[Platform, str | None]  # a platform and the post's type there
_KINDS = {"image": "IMAGE", "images": "IMAGE", "img": "IMAGE", "photo": "IMAGE",
          "video": "VIDEO", "videos": "VIDEO", "vid": "VIDEO"}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_AGE = re.compile(r"^(\d+)([hdwm])$")
_AGE_UNIT = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1),
             "m": timedelta(days=30)}


def facts_of(item: Any) -> MediaFacts:
    """The picker's and the checks' view of a library item (domain LibraryMedia)."""
    return MediaFacts(item.kind, item.size, item.duration, item.filename)


def matches(item: Any, query: str, targets: Sequence[Target], now: datetime) -> bool:
    """Does a library item pass the filter text? Every word must hold."""
    for word in query.lower().split():
        if word in _KINDS:
            if (item.kind or "") != _KINDS[word]:
                return False
        elif m := _AGE.match(word):
            created = item.created
            if created is None or created < now - int(m[1]) * _AGE_UNIT[m[2]]:
                return False
        elif word in ("fits", "ok"):
            if any(sev == "error" for p, t in targets
                   for sev, _ in fit_problems(p, t, facts_of(item))):
                return False
        elif word not in item.filename.lower() and word not in str(item.scheduler_id):
            return False
    return True


class PickerList(OptionList):
    BINDINGS = [Binding("space", "mark", "Mark", id="editor.picker_mark")]

    def action_mark(self) -> None:
        self.screen.toggle_highlighted()  # type: ignore[attr-defined]

    def on_key(self, event: events.Key) -> None:
        # type-ahead: a letter typed on the list goes to the filter
        if event.is_printable and event.character and event.key != "space":
            event.stop()
            self.screen.type_ahead(event.character)  # type: ignore[attr-defined]
        elif event.key == "backspace":
            event.stop()
            self.screen.type_ahead("")  # type: ignore[attr-defined]


class MediaPicker(AppLettersOff, ModalScreen[list[Any] | None]):
    """Returns the chosen library items (domain LibraryMedia), in the order marked."""

    DEFAULT_CSS = """
    MediaPicker { align: center middle; }
    MediaPicker > #picker { width: 96%; max-width: 110; height: 90%; border: round $accent;
                            background: $surface; padding: 0 1; }
    #picker-title { height: 1; text-style: bold; }
    #picker-filter { margin: 0; }
    #picker-list { height: 1fr; border: none; padding: 0; }
    #picker-why { height: 3; color: $text-muted; }
    #picker-keys { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="editor.picker_close"),
        Binding("ctrl+r", "reload", "Reload", id="editor.picker_reload"),
    ]

    def __init__(self, brand_id: int, targets: Sequence[Target], attached: Sequence[int] = ()
                 ) -> None:
        super().__init__()
        self.brand_id = brand_id
        self.targets = list(targets)
        self.attached = set(attached)
        self.items: list[Any] = []
        self.shown: list[Any] = []
        self.marked: list[int] = []  # media ids, in the order marked
        self.error: str | None = None
        self.reading = True

    def compose(self) -> ComposeResult:
        names = ", ".join(SPECS[p].label + (f" {t.capitalize()}" if t else "")
                          for p, t in self.targets)
        with Vertical(id="picker"):
            yield Static(Text(f"Media library — for {names}"), id="picker-title")
            yield Input(placeholder="filter: name, video, image, 7d, fits",
                        id="picker-filter", compact=True)
            yield PickerList(id="picker-list", compact=True)
            yield Static(id="picker-why")
            yield Static(Text("type to filter · ↓↑ · space mark · enter attach · "
                              "^r reload · esc", style="dim"), id="picker-keys")

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).focus()
        self._show()
        self._load(False)

    @work(group="media-picker", exclusive=True, exit_on_error=False)
    async def _load(self, fresh: bool) -> None:
        self.reading, self.error = True, None
        try:
            items = await self.app.session.library_media(  # type: ignore[attr-defined]
                self.brand_id, fresh=fresh)
            # newest first, by when the file was made (undated ones last)
            self.items = sorted(items, key=lambda i: i.created or _EPOCH, reverse=True)
        except BackendError as exc:
            self.error = f"Can't read the library: {exc}"
        self.reading = False
        self._show()

    def action_reload(self) -> None:
        self._load(True)

    # -- filtering and rows -------------------------------------------------------------
    def _now(self) -> datetime:
        return self.app.session.now()  # type: ignore[attr-defined]

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._show()

    def _row(self, item: Any) -> Text:
        media_id = item.scheduler_id
        mark = "●" if media_id in self.marked else ("·" if media_id in self.attached else " ")
        kind = {"IMAGE": "IMG", "VIDEO": "VID"}.get(item.kind or "", "???")
        created = item.created
        when = created.astimezone(self.app.session.zone).strftime("%b %d") \
            if created else ""  # type: ignore[attr-defined]
        line = Text(f"{mark} ")
        line.append(f"{kind} ", style="bold")
        line.append(f"{one_line(item.filename or str(media_id), 26):<26} ")
        line.append(f"{human_size(item.size):>8} {human_duration(item.duration):>5} "
                    f"{when:>6} ", style="dim")
        facts = facts_of(item)
        for platform, post_type in self.targets:
            problems = fit_problems(platform, post_type, facts)
            errors = any(s == "error" for s, _ in problems)
            glyph, style = ("✗", "red") if errors else ("⚠", "yellow") if problems \
                else ("✓", "green")
            line.append(f" {SPECS[platform].short}{glyph}", style=style)
        return line

    def _show(self) -> None:
        query = self.query_one("#picker-filter", Input).value
        now = self._now()
        self.shown = [i for i in self.items if matches(i, query, self.targets, now)]
        options = self.query_one(PickerList)
        keep = options.highlighted
        options.clear_options()
        if self.error or self.reading or not self.shown:
            text = self.error or ("reading the library…" if self.reading else
                                  "nothing matches" if self.items else "the library is empty")
            options.add_option(Option(Text(text, style="red" if self.error else "dim"),
                                      disabled=True))
        else:
            options.add_options(Option(self._row(i), id=str(i.scheduler_id))
                                for i in self.shown)
            options.highlighted = min(keep or 0, len(self.shown) - 1)
        self._why()

    def _current(self) -> Any | None:
        index = self.query_one(PickerList).highlighted
        if index is None or not self.shown or index >= len(self.shown):
            return None
        return self.shown[index]

    def _why(self) -> None:
        item = self._current()
        text = Text()
        if item is not None:
            text.append(f"{item.scheduler_id}: ", style="bold")
            problems = [(p, w) for p, t in self.targets
                        for w in fit_problems(p, t, facts_of(item))]
            if not problems:
                text.append("fits " + ", ".join(SPECS[p].label for p, _ in self.targets),
                            style="green")
            for n, (platform, (sev, words)) in enumerate(problems):
                text.append(("; " if n else "") + words, style="red" if sev == "error"
                            else "yellow")
        n = len(self.marked)
        text.append("\n" + "; ".join(accepts(p, t) for p, t in self.targets), style="dim")
        text.append(f"\n{len(self.shown)} of {len(self.items)} shown"
                    + (f" · {n} marked" if n else ""), style="dim")
        self.query_one("#picker-why", Static).update(text)

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        self._why()

    # -- keys -----------------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        if self.focused is self.query_one("#picker-filter", Input) and event.key in (
                "down", "up", "pagedown", "pageup"):
            event.stop()
            options = self.query_one(PickerList)
            options.focus()
            if event.key == "up":
                options.action_cursor_up()
            return
        super().on_key(event)

    def type_ahead(self, char: str) -> None:
        box = self.query_one("#picker-filter", Input)
        box.focus()
        if char:
            box.insert_text_at_cursor(char)
        else:
            box.action_delete_left()

    def toggle_highlighted(self) -> None:
        item = self._current()
        if item is None:
            return
        media_id = item.scheduler_id
        if media_id in self.marked:
            self.marked.remove(media_id)
        else:
            self.marked.append(media_id)
        options = self.query_one(PickerList)
        options.replace_option_prompt_at_index(options.highlighted, self._row(item))
        self._why()

    def _choose(self) -> None:
        by_id = {i.scheduler_id: i for i in self.items}
        chosen = [by_id[m] for m in self.marked if m in by_id]
        if not chosen and (item := self._current()) is not None:
            chosen = [item]
        if chosen:
            self.dismiss(chosen)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def action_cancel(self) -> None:
        self.dismiss(None)
