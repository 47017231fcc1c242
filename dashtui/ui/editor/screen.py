"""The post editor: every field of the post's platform and post type, checked as you type.

Entry point for the app: `open_editor(app, post | platform+day | draft | buffer)`
(`restore_offer(app)` is in restore.py, `pending_buffers(session)` in state.py). The screen
is the top of a chain: form.py (state, rows, buffer) <- checks.py (live checks) <- save.py
(ctrl+s) <- here (compose, the widgets' edits, esc, ctrl+e); the fields are fields.py.

Nothing typed is lost: the form writes itself to the outbox's buffer table on every change
(one row, replaced), so even a kill right after a keystroke keeps it; only a save that reached
Dash (or the queue) or an explicit discard drops it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Select, Static, Switch, TextArea

from ...domain.platforms import Platform
from ...domain.posts import Post
from ..header import HeaderBar
from .keys import AppLettersOff
from .fields import BoardSelect, Context, FieldDef, FieldRow, make_control, switch_note
from .media import MediaField
from .platform_fields import read_row
from .state import EditState, blank_post, pending_buffers
from .text import from_display, to_display
from .time import TimeField
from .dialogs import close_editor
from .external import run_editor
from .save import SaveFlow
from .save_keys import save_close_bindings

if TYPE_CHECKING:  # the app imports the editor lazily; the editor needs only its type
    from ..app import DashApp

ALT_TEXT = FieldDef("media-alt", "alt_text_media_map", "Alt text", "media")



class EditorScreen(AppLettersOff, SaveFlow):
    HELP_TITLE = "Editor"
    AUTO_FOCUS = None  # on_mount puts the cursor in the caption
    DEFAULT_CSS = """
    EditorScreen { layout: vertical; }
    #editor-title { height: 1; padding: 0 1; background: $boost; }
    #summary { height: auto; max-height: 6; padding: 0 1; display: none;
               border-left: thick $error; background: $error 10%; }
    #summary.-shown { display: block; }
    #summary.-warnings { border-left: thick $warning; background: $warning 10%; }
    #banner { height: auto; max-height: 4; padding: 0 1; display: none;
              border-left: thick $warning; background: $warning 10%; }
    #banner.-shown { display: block; }
    #form { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        *save_close_bindings("editor", "Save", save_tip="Show the changes, then save them",
                             close_tip="Close the editor; asks first when there are "
                             "unsaved changes"),
        # priority: Input and TextArea use ctrl+e for end-of-line
        Binding("ctrl+e", "external", "$EDITOR", priority=True, id="editor.external",
                tooltip="Edit the caption in $EDITOR"),
        Binding("f4", "external", "$EDITOR", show=False, id="editor.external_f4"),
    ]

    def compose(self) -> ComposeResult:
        s = self.session
        brand = s.find_brand(self.state.brand_id)
        post_zone = self._post_zone()
        ctx = Context(self.spec, s.zone, post_zone or s.config.brand_zone(
            self.state.brand_id or 0, brand.slug if brand else ""), s.now,
            "post" if post_zone else "brand")
        yield HeaderBar()
        yield Static(id="editor-title")
        yield Static(id="banner")  # read-only, or the error an edit-and-retry is fixing
        yield Static(id="summary")
        with VerticalScroll(id="form"):
            for f in self.defs.values():
                yield FieldRow(f, *make_control(f, self.state, ctx))
        yield Footer(compact=True)

    def _lock(self) -> None:
        for control in self.query("#form Input, #form Select, #form Switch, #form Button"):
            control.disabled = True
        for area in self.query("#form TextArea").results(TextArea):
            area.read_only = True
        self.query_one("#form", VerticalScroll).focus()  # arrows still scroll through it

    def on_mount(self) -> None:
        self._apply_visibility()
        if self.locked:
            self._lock()
        self._recheck()
        if self.locked:
            return
        if self.state.dirty:  # restored or rebased: make sure the disk has this version
            self.schedule_buffer()
        for name in ("caption", "title", "time"):
            row = self.query_one(f"#row-{name}", FieldRow) if name in self.defs else None
            if row is not None and row.display:
                widget = self.query_one(f"#{name}")
                widget.focus()
                if isinstance(widget, TextArea):
                    widget.move_cursor(widget.document.end)
                break

    def _post_zone(self) -> ZoneInfo | None:
        """A service that takes times in a zone of its list (Infinipost) keeps the post's
        zone on it: the time field shows the wall time there beside the UTC result."""
        zones = self.session.backend.capabilities.zones
        name = self.state.draft.get("timezone")
        return ZoneInfo(name) if zones and isinstance(name, str) and name in zones else None

    def on_unmount(self) -> None:
        if not self.finished:
            self.write_buffer()  # the app is closing with the editor open

    # -- edits from the widgets ---------------------------------------------------------------
    def _edit(self, f: FieldDef, value: Any) -> None:
        if self.locked:
            return  # nothing reaches the draft of a post Dash won't take edits to
        if self.state.set(f.path, value):
            self.server_errors = {k: v for k, v in self.server_errors.items()
                                  if not (k == f.path or k.startswith(f.path + "."))}
        if f.kind == "post_type" and "media" in self.defs:  # media is checked per type
            self.query_one(MediaField).set_post_type(self.state.draft.post_type_value)
        if f.kind == "post_type" or f.keep_if_set:
            self._apply_visibility()
        self._recheck()
        self.schedule_buffer()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "caption":
            text = from_display(event.text_area.text, self.state.start.caption)
            self._edit(self.defs["caption"], text)
        elif (f := self.defs.get(event.text_area.id or "")) is not None and f.kind == "coded":
            self._edit_coded(f, event.text_area.text)

    def _edit_coded(self, f: FieldDef, shown: str) -> None:
        """A structured field's text (platform_fields): read into the wire value, keeping
        what the text does not show; text that does not read is an error on the row."""
        try:
            value = read_row(f.codec, shown, self.state.start.get(f.path),
                             self.state.draft.get(f.path))
        except ValueError as exc:
            self.coded_errors[f.id] = (f.path, f"{f.label}: {exc}.")
            self._recheck()
            return
        self.coded_errors.pop(f.id, None)
        self._edit(f, value)

    def on_input_changed(self, event: Input.Changed) -> None:
        f = self.defs.get(event.input.id or "")
        if f is not None and f.kind == "line":
            text = from_display(event.value, str(self.state.start.get(f.path) or ""))
            self._edit(f, self.state.text_value(f.path, text))
        elif f is not None and f.kind == "reviewers":
            self._edit_reviewers(f, event.value)
        elif f is not None and f.kind == "coded":
            self._edit_coded(f, event.value)
        elif f is not None and f.kind == "list":  # a service's list row (content URLs)
            values = from_display(event.value, "").split()
            start = self.state.start.get(f.path)
            self._edit(f, start if values == (start or []) else values)

    def _edit_reviewers(self, f: FieldDef, text: str) -> None:
        from .approvals import reviewer_edit, reviewers_note
        from ..approval_actions import user_names

        config = self.session.config
        values, self.reviewer_error = reviewer_edit(self.state.start, text,
                                                    user_names(config), config.user_id)
        if self.reviewer_error or self.locked:
            self._recheck()
            return
        self.state.set("approval_policy", values["approval_policy"])
        self._edit(f, values["approval_requests"])
        self.query_one(f"#row-{f.id}", FieldRow).set_counter(
            reviewers_note(self.state.draft), None)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        f = self.defs.get(event.switch.id or "")
        if f is None:
            return
        start = self.state.start.get(f.path)
        # meaning, not spelling: off for an absent flag, on for an absent auto_publish
        # (Dash's default) are no change
        meaning = (lambda v: bool(v)) if f.kind == "flag" else (lambda v: v is not False)
        self._edit(f, start if meaning(event.value) == meaning(start) else event.value)
        self.query_one(f"#row-{f.id}", FieldRow).set_counter(
            switch_note(f, self.spec, event.value), None)

    def on_select_changed(self, event: Select.Changed) -> None:
        f = self.defs.get(event.select.id or "")
        if f is None:
            return
        value = None if event.value is Select.NULL else event.value
        if isinstance(event.select, BoardSelect) and value is not None:
            value = event.select.boards[value].model_copy()
        self._edit(f, value)
        if f.path == "timezone":  # the wall time the service will be sent, in the new zone
            self.query_one(TimeField).show_zone(self._post_zone())

    def on_time_field_changed(self, event: TimeField.Changed) -> None:
        self.time_error = event.error
        self.state.time_text = event.text if event.error else None
        if event.error:
            self._recheck()
            self.schedule_buffer()
        else:
            self._edit(self.defs["time"], event.moment)

    def on_media_field_changed(self, event: MediaField.Changed) -> None:
        if event.alt_changed:  # alt text per media item (alt_text_media_map)
            self._edit(ALT_TEXT, event.field.alt_map(self.state.start.alt_text_media_map))
        if event.ids_changed:
            self._edit(self.defs["media"], list(event.field.ids))
        elif not event.alt_changed:
            self._recheck()

    def on_board_select_loaded(self, event: BoardSelect.Loaded) -> None:
        self._recheck()

    # -- ctrl+e -----------------------------------------------------------------------------------
    def action_external(self) -> None:
        """The caption in $VISUAL/$EDITOR; the terminal is handed over and taken back."""
        if self.locked:
            self.notify("This post is read-only here", severity="warning")
            return
        if not self.query_one("#row-caption", FieldRow).display:
            self.notify("This post type has no caption", severity="warning")
            return
        area = self.query_one("#caption", TextArea)
        fd, name = tempfile.mkstemp(prefix="dashtui-caption-", suffix=".txt")
        path = Path(name)
        try:
            original = from_display(area.text, self.state.start.caption)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(original)
            failure = run_editor(self.app, name)
            if failure is not None:
                self.notify(f"{failure}; the caption is unchanged", title="$EDITOR",
                            severity="warning", markup=False, timeout=10)
                area.focus()
                return
            try:
                with path.open(encoding="utf-8", newline="") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError) as exc:
                self.notify(f"Can't read the edited caption back ({exc}); it is unchanged",
                            severity="error", markup=False)
                return
            if text.endswith("\n") and not original.endswith("\n"):
                text = text[:-1]  # editors add a final newline; it is not part of a caption
            area.load_text(to_display(text))
        finally:
            path.unlink(missing_ok=True)

    # -- keys -----------------------------------------------------------------------------------
    def action_close(self) -> None:
        close_editor(self, self.state.dirty, self.state.label)

# -- entry points for the app ---------------------------------------------------------------
def open_editor(app: DashApp, post: Post | None = None, *, platform: Platform | None = None,
                day: date | None = None, draft: Post | None = None,
                buffer: dict[str, Any] | None = None, hour: int | None = None
                ) -> EditorScreen | None:
    """Push the editor on `post`, a new post on `platform` (09:00, or `hour`:00, on `day`,
    default today), an unsaved `draft` (e.g. map_caption's), or a `buffer` from
    `pending_buffers`."""
    session = app.session
    brand_id = session.brand.id if session.brand else None
    if buffer is not None and buffer.get("compose"):  # a compose for several platforms
        from .compose import open_compose

        return open_compose(app, buffer=buffer)  # type: ignore[return-value]
    if buffer is not None:
        state = EditState.from_buffer(buffer)
    elif post is not None:
        state = EditState.for_post(post)
        saved = next((b for b in pending_buffers(session) if b["key"] == state.key), None)
        if saved is not None:  # an earlier session left this post unsaved: carry on from it
            state = EditState.from_buffer(saved)
            app.notify("Reopened your unsaved changes to this post")
    elif draft is not None or platform is not None:
        if brand_id is None and (draft is None or draft.brand_id is None):
            app.notify("Choose a brand first (b)", severity="warning")
            return None
        if draft is None:
            today = session.now().astimezone(session.zone).date()
            draft = blank_post(Platform(platform), brand_id, day or today, session.zone,
                               hour=9 if hour is None else hour)
        state = EditState.for_new(draft, draft.brand_id or brand_id)
    else:
        raise ValueError("open_editor needs a post, a platform, a draft or a buffer")
    screen = EditorScreen(state)
    app.push_screen(screen)
    return screen
