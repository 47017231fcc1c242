"""The editor's media field: the attached media in order, each with its type, editable by key.

Types come from the post's expanded `media` where Dash sent them, otherwise from the library
(`client.get_media`) in a worker, so the platform's media rules can be checked before saving.
Keys live on the list (never where the user types): delete removes, shift/ctrl+up/down move;
the input below adds a library media id on enter.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ...errors import BackendError, NotFoundError
from ...domain.posts import Post
from ..textsafe import one_line


class MediaList(OptionList):
    BINDINGS = [
        Binding("delete,backspace", "remove", "Remove media", id="editor.media_remove",
                tooltip="Detach the highlighted media from the post"),
        Binding("shift+up,ctrl+up", "move(-1)", "Move up", id="editor.media_up"),
        Binding("shift+down,ctrl+down", "move(1)", "Move down", id="editor.media_down"),
    ]

    def action_remove(self) -> None:
        self.parent.remove_highlighted()  # type: ignore[union-attr]

    def action_move(self, step: int) -> None:
        self.parent.move_highlighted(step)  # type: ignore[union-attr]


class MediaField(Vertical):
    DEFAULT_CSS = """
    MediaField { height: auto; width: 1fr; }
    MediaField > MediaList { height: auto; max-height: 6; border: none; padding: 0; }
    """

    class Changed(Message):
        """The ids changed (posted by the field), or only what is known about them."""

        def __init__(self, field: MediaField, ids_changed: bool) -> None:
            super().__init__()
            self.field = field
            self.ids_changed = ids_changed

    def __init__(self, post: Post, brand_id: int | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.brand_id = brand_id
        self.ids: list[int] = []
        self.kinds: dict[int, str] = {}  # media id -> IMAGE / VIDEO, for rules.check
        self.names: dict[int, str] = {}
        # media id -> (severity, why its type is unknown): not in the library is an error,
        # since Dash refuses such an id; a failed lookup only means the checks are blind
        self.problems: dict[int, tuple[str, str]] = {}
        self.load(post)

    def compose(self) -> ComposeResult:
        yield MediaList(id="media", compact=True)
        yield Input(placeholder="add a library media id, then enter", id="media-add",
                    restrict=r"[0-9]*", compact=True)

    def on_mount(self) -> None:
        self._show_list()
        self._fetch_missing()

    def load(self, post: Post) -> None:
        """Take ids and what Dash expanded about them from a post (at open and on rebase)."""
        self.ids = list(post.media_ids or [m.id for m in post.media])
        for item in post.media:
            if item.type:
                self.kinds[item.id] = item.type.upper()
            name = (item.meta or {}).get("filename")
            if isinstance(name, str):
                self.names[item.id] = name
        if self.is_mounted:
            self._show_list()
            self._fetch_missing()

    # -- showing ------------------------------------------------------------------------------
    def _show_list(self) -> None:
        media = self.query_one(MediaList)
        keep = media.highlighted
        media.clear_options()
        if not self.ids:
            media.add_option(Option(Text("no media attached", style="dim"), disabled=True))
            return
        for n, media_id in enumerate(self.ids, 1):
            line = Text(f"{n}. {media_id} ")
            kind = self.kinds.get(media_id)
            if kind:
                line.append(kind, style="bold")
            elif media_id in self.problems:
                severity, why = self.problems[media_id]
                line.append(why, style="red" if severity == "error" else "yellow")
            else:
                line.append("type…", style="dim italic")
            if media_id in self.names:
                line.append(f"  {one_line(self.names[media_id], 40)}", style="dim")
            media.add_option(Option(line, id=str(media_id)))
        # always one highlighted: it is what `delete` removes, so it must show before the
        # key is pressed (after a removal, the next one moves up into it)
        media.highlighted = min(keep or 0, len(self.ids) - 1)

    # -- changing -----------------------------------------------------------------------------
    def _changed(self) -> None:
        self._show_list()
        self.post_message(self.Changed(self, True))

    def remove_highlighted(self) -> None:
        index = self.query_one(MediaList).highlighted
        if index is None or not self.ids:
            return
        del self.ids[index]
        self._changed()

    def move_highlighted(self, step: int) -> None:
        media = self.query_one(MediaList)
        index = media.highlighted
        if index is None or not 0 <= index + step < len(self.ids):
            return
        self.ids[index], self.ids[index + step] = self.ids[index + step], self.ids[index]
        self._changed()
        media.highlighted = index + step

    @on(Input.Submitted, "#media-add")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        media_id = int(text)
        event.input.value = ""
        if media_id in self.ids:
            self.notify(f"Media {media_id} is already attached", severity="warning")
            return
        self.ids.append(media_id)
        self._changed()
        self._fetch_missing()

    # -- the library --------------------------------------------------------------------------
    def _fetch_missing(self) -> None:
        missing = [i for i in self.ids if i not in self.kinds and i not in self.problems]
        if missing and self.brand_id is not None:
            self._fetch(missing)

    @work(group="editor-media", exit_on_error=False)
    async def _fetch(self, ids: list[int]) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        for media_id in ids:
            try:
                found: Any = await session.media(self.brand_id, media_id)
            except NotFoundError:
                self.problems[media_id] = ("error", "not in this brand's library")
            except BackendError as exc:
                self.problems[media_id] = ("warning", f"type unknown: {exc}")
            else:
                if found.kind:
                    self.kinds[media_id] = found.kind
                meta = found.get("meta")
                if isinstance(meta, dict) and isinstance(meta.get("filename"), str):
                    self.names[media_id] = meta["filename"]
            self._show_list()
            self.post_message(self.Changed(self, False))
