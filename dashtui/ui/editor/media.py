"""The editor's media field: the attached media in order, each with its type, editable by key.

Types (and sizes, durations) come from the post's expanded `media` where Dash sent them,
otherwise from the library (`session.media`) in a worker, so the platform's media rules and
the networks' file limits can be checked before saving. Keys live on the list (never where
the user types): delete removes, shift/ctrl+up/down move, `l` (or ctrl+l anywhere in the
field) opens the library picker. The box below takes a library media id, a URL to register,
or a local file to upload (upload.py), on enter. Where the platform has alt text
(`alt_text_media_map`), the line under the list edits the highlighted item's.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from ...domain.media import MediaFacts, fit_problems, human_duration
from ...domain.platforms import Platform
from ...domain.posts import Post
from ...domain.rules import Finding
from ...errors import BackendError, NotFoundError
from ..textsafe import one_line
from .text import from_display, to_display
from . import upload


class MediaList(OptionList):
    BINDINGS = [
        Binding("delete,backspace", "remove", "Remove media", id="editor.media_remove",
                tooltip="Detach the highlighted media from the post"),
        Binding("shift+up,ctrl+up", "move(-1)", "Move up", id="editor.media_up"),
        Binding("shift+down,ctrl+down", "move(1)", "Move down", id="editor.media_down"),
        Binding("l", "library", "Library", id="editor.media_library",
                tooltip="Pick media from the brand's library"),
    ]

    def action_remove(self) -> None:
        self.parent.remove_highlighted()  # type: ignore[union-attr]

    def action_move(self, step: int) -> None:
        self.parent.move_highlighted(step)  # type: ignore[union-attr]

    def action_library(self) -> None:
        self.parent.action_library()  # type: ignore[union-attr]


class MediaField(Vertical):
    DEFAULT_CSS = """
    MediaField { height: auto; width: 1fr; }
    MediaField > MediaList { height: auto; max-height: 6; border: none; padding: 0; }
    MediaField > #media-progress { display: none; height: 1; }
    MediaField > #media-progress.-shown { display: block; }
    MediaField > #media-busy { display: none; height: 1; color: $text-muted; }
    MediaField > #media-busy.-shown { display: block; }
    """
    BINDINGS = [Binding("ctrl+l", "library", "Library", id="editor.media_library_any",
                        tooltip="Pick media from the brand's library")]

    class Changed(Message):
        """The ids changed (posted by the field), or only what is known about them; or the
        alt texts changed."""

        def __init__(self, field: MediaField, ids_changed: bool, alt_changed: bool = False
                     ) -> None:
            super().__init__()
            self.field = field
            self.ids_changed = ids_changed
            self.alt_changed = alt_changed

    def __init__(self, post: Post, brand_id: int | None, *, id: str | None = None,
                 alt: bool = False) -> None:
        super().__init__(id=id)
        self.brand_id = brand_id
        self.ids: list[int] = []
        self.kinds: dict[int, str] = {}  # media id -> IMAGE / VIDEO, for rules.check
        self.names: dict[int, str] = {}
        self.facts: dict[int, MediaFacts] = {}  # size and duration, where the library says
        # media id -> (severity, why its type is unknown): not in the library is an error,
        # since Dash refuses such an id; a failed lookup only means the checks are blind
        self.problems: dict[int, tuple[str, str]] = {}
        self.alt_enabled = alt
        self.alt: dict[str, Any] = {}  # alt_text_media_map as edited: media id (text) -> alt
        self._platform = post.platform
        self._post_type = post.post_type_value
        self.load(post)

    def compose(self) -> ComposeResult:
        yield MediaList(id="media", compact=True)
        if self.alt_enabled:
            yield Input(placeholder="alt text of the highlighted media", id="media-alt",
                        compact=True)
        yield Input(placeholder="media id, https:// URL or file path; enter · ctrl+l library",
                    id="media-add", compact=True)
        yield ProgressBar(show_eta=False, id="media-progress")
        yield Static(id="media-busy")

    def on_mount(self) -> None:
        self._show_list()
        self._show_alt()
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
        self.alt = dict(post.alt_text_media_map or {})
        if self.is_mounted:
            self._show_list()
            self._show_alt()
            self._fetch_missing()

    # -- who it is checked for ------------------------------------------------------------
    def targets(self) -> list[tuple[Platform, str | None]]:
        """The platforms (and post types) the media is checked and picked for."""
        return [(self._platform, self._post_type)]

    def set_post_type(self, post_type: str | None) -> None:
        self._post_type = post_type
        self._show_list()

    def limit_findings(self) -> list[Finding]:
        """Attached files over a target network's size or length limit (domain/media)."""
        out = []
        for media_id in self.ids:
            facts = self.facts.get(media_id)
            if facts is None:
                continue
            for platform, post_type in self.targets():
                for severity, words in fit_problems(platform, post_type, facts,
                                                    check_type=False):
                    out.append(Finding(severity, "media_ids", f"Media {media_id}: {words}.",
                                       "media.file_limit"))
        return out

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
            facts = self.facts.get(media_id)
            if facts is not None and facts.duration is not None:
                line.append(f" {human_duration(facts.duration)}", style="dim")
            if media_id in self.names:
                line.append(f"  {one_line(self.names[media_id], 36)}", style="dim")
            if self.alt_enabled and self.alt.get(str(media_id)):
                line.append("  alt ✓", style="green")
            media.add_option(Option(line, id=str(media_id)))
        # always one highlighted: it is what `delete` removes, so it must show before the
        # key is pressed (after a removal, the next one moves up into it)
        media.highlighted = min(keep or 0, len(self.ids) - 1)

    def _highlighted_id(self) -> int | None:
        index = self.query_one(MediaList).highlighted
        return self.ids[index] if index is not None and 0 <= index < len(self.ids) else None

    def _show_alt(self) -> None:
        if not self.alt_enabled:
            return
        box = self.query_one("#media-alt", Input)
        media_id = self._highlighted_id()
        box.disabled = media_id is None or bool(getattr(self.screen, "locked", False))
        box.placeholder = (f"alt text of media {media_id}" if media_id is not None
                           else "attach media to give it alt text")
        text = str(self.alt.get(str(media_id), "") or "") if media_id is not None else ""
        with box.prevent(Input.Changed):
            box.value = to_display(text)

    @on(OptionList.OptionHighlighted, "#media")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        self._show_alt()

    @on(Input.Changed, "#media-alt")
    def _alt_typed(self, event: Input.Changed) -> None:
        event.stop()
        media_id = self._highlighted_id()
        if media_id is None:
            return
        text = from_display(event.value, str(self.alt.get(str(media_id), "") or ""))
        if text:
            self.alt[str(media_id)] = text
        else:
            self.alt.pop(str(media_id), None)
        self.post_message(self.Changed(self, False, alt_changed=True))

    def alt_map(self, start: dict[str, Any] | None) -> dict[str, Any] | None:
        """The map to send: only attached media's alt texts; absent stays absent."""
        kept = {k: v for k, v in self.alt.items() if k in {str(i) for i in self.ids} and v}
        if kept == (start or {}):
            return start
        return kept if kept or start is not None else None

    # -- changing -----------------------------------------------------------------------------
    def _changed(self) -> None:
        self._show_list()
        self._show_alt()
        self.post_message(self.Changed(self, True, alt_changed=self.alt_enabled))

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

    def attach(self, items: list[Any]) -> None:
        """Library items (picked, registered, uploaded) added at the end, once each."""
        added = 0
        for item in items:
            media_id = item.scheduler_id
            self._learn(media_id, item)
            if media_id in self.ids:
                self.notify(f"Media {media_id} is already attached", severity="warning")
                continue
            self.ids.append(media_id)
            added += 1
        if added:
            self._changed()
            # what the checks now say about it is under the field: bring that into view
            row = next((a for a in self.ancestors if a.id == "row-media"), None)
            if row is not None:
                self.call_after_refresh(row.scroll_visible, animate=False)

    def _learn(self, media_id: int, item: Any) -> None:
        if item.kind:
            self.kinds[media_id] = item.kind
        if item.filename:
            self.names[media_id] = item.filename
        self.facts[media_id] = MediaFacts(item.kind, item.size, item.duration, item.filename)
        self.problems.pop(media_id, None)

    def busy(self, what: str | None) -> None:
        """Say what is being added (and show the bar during an upload), or clear it."""
        self.query_one("#media-busy", Static).update(Text(what or "", style="italic"))
        self.query_one("#media-busy").set_class(bool(what), "-shown")
        bar = self.query_one("#media-progress", ProgressBar)
        bar.set_class(bool(what) and what.startswith("uploading"), "-shown")

    @on(Input.Submitted, "#media-add")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        if self.brand_id is None and upload.what_is(text) != "id":
            self.notify("Choose a brand first (b)", severity="warning")
            return
        event.input.value = ""
        kind = upload.what_is(text)
        if kind == "url":
            self._run(upload.register_url, text)
            return
        if kind == "path":
            self._run(upload.upload_path, text)
            return
        media_id = int(text)
        if media_id in self.ids:
            self.notify(f"Media {media_id} is already attached", severity="warning")
            return
        self.ids.append(media_id)
        self._changed()
        self._fetch_missing()

    @work(group="editor-media-add", exit_on_error=False)
    async def _run(self, step: Any, text: str) -> None:
        await step(self, text)

    # -- the library ----------------------------------------------------------------------
    def action_library(self) -> None:
        from .media_picker import MediaPicker

        if self.brand_id is None:
            self.notify("Choose a brand first (b)", severity="warning")
            return
        if getattr(self.screen, "locked", False):
            self.notify("This post is read-only here", severity="warning")
            return
        if self.app.session.library is None:  # type: ignore[attr-defined]
            self.notify("This service has no media library", severity="warning")
            return

        def picked(items: list[Any] | None) -> None:
            if items:
                self.attach(items)

        self.app.push_screen(MediaPicker(self.brand_id, self.targets(), self.ids), picked)

    def _fetch_missing(self) -> None:
        missing = [i for i in self.ids if i not in self.facts and i not in self.problems]
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
                if media_id not in self.kinds:
                    self.problems[media_id] = ("warning", f"type unknown: {exc}")
            else:
                self._learn(media_id, found)
            self._show_list()
            self.post_message(self.Changed(self, False))
