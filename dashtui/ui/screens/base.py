"""What every top-level screen shares: header, footer, a status line, reload hooks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..header import HeaderBar

if TYPE_CHECKING:  # the app's module imports the screens
    from ...session import Session
    from ..app import DashApp


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $boost; color: $text-muted; }
    """


class KeyRoom(Static):
    """The key line's row, kept free until the Footer is mounted in it: the screen's
    layout (and the calendar's frame) is the same before and after."""

    DEFAULT_CSS = """
    KeyRoom { dock: bottom; height: 1; }
    """


class BaseScreen(Screen):
    """Screens paint from the cache; `reload()` re-reads it after a refresh lands.

    What the app calls on the current screen is declared here: `window()`, `reload()` and
    `HELP_TITLE` (the help panel's title; the class name when empty).
    """

    HELP_TITLE = ""
    # set by a screen whose on_mount read the cache (the calendar: the first frame shows it),
    # so the resume that follows does not read it again
    _read_at_mount = False
    _frame_held = False  # a frame was asked for while a batch held the screen back

    def compose(self) -> ComposeResult:
        """Every screen's frame: the header, the screen's own body, a status line, keys."""
        yield HeaderBar()
        yield from self.compose_body()
        yield StatusLine("", id="status", markup=False)
        yield KeyRoom()

    def _on_mount(self) -> None:
        # The key line comes after the first frame that shows the screen's data: building a
        # key widget per binding costs a sixth of the first paint. At start-up that frame is
        # held back until Textual's start-up batch ends, so the app waits for that first.
        self.app._after_frames(lambda: self.call_after_refresh(self._mount_keys))  # type: ignore[attr-defined]

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:
            # Textual would render this frame and then not write it (a batch holds the
            # screen back), and the frame after the batch would carry only what changed
            # since: the screen stays dirty instead, and that frame paints all of it.
            # Textual paints it once the batch ends; the check below makes sure of it.
            if not self._frame_held:
                self._frame_held = True
                self.app._after_frames(self._paint_held)  # type: ignore[attr-defined]
            return
        self._frame_held = False
        super()._compositor_refresh()

    def _paint_held(self) -> None:
        if self._frame_held and self.is_current:  # no frame came since the batch ended
            self._compositor_refresh()

    async def _mount_keys(self) -> None:
        if self.query(Footer):  # a screen that composes its own frame (detail, editor)
            return
        with self.app.batch_update():  # the Footer takes the room's place in one frame
            await self.query(KeyRoom).remove()
            await self.mount(Footer(compact=True))
        self.refresh_bindings()  # a Footer lists the keys when the bindings are announced

    def compose_body(self) -> ComposeResult:
        """What lies between the header and the status line."""
        yield from ()

    @property
    def session(self) -> Session:
        return self.app.session  # type: ignore[attr-defined]  # always a DashApp

    def window(self) -> tuple[datetime, datetime] | None:
        """The UTC [start, end) this screen shows, for `r` and the auto refresh; None where
        there is nothing to refresh."""
        return None

    def reload(self) -> None:
        """Re-read what this screen shows from the cache."""

    def filter_changed(self) -> None:
        """The shared post filter (app.post_filter) changed while this screen is shown."""

    def on_screen_suspend(self) -> None:
        self._read_at_mount = False

    def on_screen_resume(self) -> None:
        # Textual calls this for each class of the screen's MRO: subclasses don't call super
        if self._read_at_mount:
            self._read_at_mount = False
        else:
            self.reload()
        self.query_one(HeaderBar).refresh()

    def set_status(self, text: str) -> None:
        self.query_one("#status", StatusLine).update(text)


class OpensPosts:
    """A screen whose post list opens the detail on `enter` and the editor on `e`."""

    app: DashApp

    def on_post_table_opened(self, event: Any) -> None:
        if event.row is not None:
            self.app.show_detail(event.row)

    def on_post_table_edit_requested(self, event: Any) -> None:
        if event.row is not None:
            self.app.edit_row(event.row)
