"""The editor screen's shared state, below the checks and the save flow that use it.

EditorForm holds what a form knows (the edit, its rows, findings, server errors) and keeps
the unsaved buffer on disk. checks.py, save.py and screen.py each subclass the one below
them (form -> checks -> save -> screen), so no module reaches up to the screen.
"""

from __future__ import annotations

from typing import Any


from ...domain.platforms import SPECS
from ...domain.rules import Finding
from .fields import FieldRow, form_fields
from ..screens.base import BaseScreen
from .state import EditState


class EditorForm(BaseScreen):
    """A BaseScreen (the app's typed seam: HELP_TITLE, window(), reload()) with no period
    to refresh; `session` comes from BaseScreen."""

    def __init__(self, state: EditState) -> None:
        super().__init__()
        self.state = state
        self.spec = SPECS[state.platform]
        self.defs = {f.id: f for f in form_fields(self.spec, self.session.backend.capabilities)}
        self.findings: list[Finding] = []
        self.server_errors: dict[str, list[str]] = {}
        self.time_error: str | None = None
        self.reviewer_error: str | None = None  # the Reviewers row's text does not read
        # row id -> (wire path, why its text can't be read): a structured field's typing
        # (platform_fields) that does not parse yet; it blocks saving like a bad time
        self.coded_errors: dict[str, tuple[str, str]] = {}
        self.saving = False
        self.finished = False  # saved or discarded: the buffer must not come back
        self._buffer_warned = False
        self._shown: dict[str, Any] = {}  # what each row shows, to skip needless repaints
        self._rows: list[FieldRow] | None = None

    @property
    def locked(self) -> bool:
        """The service takes no edits of this post (Dash: posted, publishing; Infinipost:
        anything not waiting to go out): the form only shows."""
        return self.locked_reason is not None

    @property
    def locked_reason(self) -> str | None:
        if self.state.new:
            return None
        return self.session.backend.locked_reason(self.state.original)

    # -- rows ---------------------------------------------------------------------------------
    def rows(self) -> list[FieldRow]:
        if self._rows is None:  # composed once; queried per keystroke otherwise
            self._rows = list(self.query(FieldRow))
        return self._rows

    def _apply_visibility(self) -> None:
        """Show the rows of the current post type; a caption a type can't have stays visible
        while it holds text, so the error about it can be fixed where it is."""
        post_type = self.state.draft.post_type_value
        for row in self.rows():
            f = row.field
            row.display = (f.post_types is None or post_type in f.post_types
                           or (f.keep_if_set and bool(self.state.draft.get(f.path))))

    def row_for(self, path: str) -> FieldRow | None:
        """The shown row a wire path belongs to: itself, else the longest row path above it
        (`meta.pinterestBoard.id` -> the board)."""
        best: FieldRow | None = None
        for row in self.rows():
            p = row.field.path
            if row.display and (path == p or path.startswith(p + ".")):
                if best is None or len(p) > len(best.field.path):
                    best = row
        return best

    # -- the buffer on disk ---------------------------------------------------------------------
    def schedule_buffer(self) -> None:
        """On every change, at once: a kill 0.1 s after a keystroke must find it on disk."""
        self.write_buffer()

    def write_buffer(self) -> None:
        if self.finished:
            return
        try:
            if self.state.dirty:
                self.session.outbox.save_buffer(self.state.key, self.state.to_buffer())
            else:
                self.session.outbox.drop_buffer(self.state.key)
        except Exception as exc:  # a full disk must not take the typing with it
            if not self._buffer_warned:  # said once, not on every keystroke
                self._buffer_warned = True
                self.notify(f"Can't keep a copy of this edit on disk: {exc}",
                            severity="warning", markup=False)
        else:
            self._buffer_warned = False

    def drop_buffer(self) -> None:
        self.finished = True
        self.session.outbox.drop_buffer(self.state.key)
