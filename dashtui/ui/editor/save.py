"""Saving from the editor: checks, the diff, the write, and what each outcome does.

The layer of EditorScreen above the checks, apart so the screen module stays about fields.
The rule throughout is DESIGN's "Nothing typed is lost": the editor closes only when Dash
has the change or the outbox holds it; every other outcome leaves the user in the editor
with their text.
"""

from __future__ import annotations

from ...labels import field_label
from typing import Any

from textual import work

from ...domain.rules import ERROR, WARNING
from ...store.writer import Conflict, Failed, Outcome, Queued, Rejected, Saved
from ..textsafe import clean
from ..screens.conflict import KEEP_MINE, TAKE_THEIRS, ConflictScreen, show_raced
from ..screens.diff import DiffScreen, diff_rows
from .checks import CheckFlow


class SaveFlow(CheckFlow):
    """ctrl+s / f2: refuse on errors, show the diff, send on confirm, act on the outcome."""

    def labels(self) -> dict[str, str]:
        return {f.path: f.label for f in self.defs.values()}

    def _field_name(self, path: str) -> str:
        row = self.row_for(path)
        return row.field.label if row is not None else field_label(path)

    def focus_field(self, path: str) -> None:
        row = self.row_for(path)
        if row is None:
            return
        control = row.control
        if not control.can_focus:
            control = next((w for w in control.query("*") if w.can_focus), control)
        control.focus()
        row.scroll_visible(animate=False)

    def action_save(self) -> None:
        if self.locked:
            self.notify(f"A {self.state.original.status} post can't be edited; nothing was "
                        "sent", title="Read-only", severity="warning", markup=False)
            return
        if self.session.read_only:
            self.notify("read-only: saving is disabled", severity="warning")
            return
        if self.saving:
            self.notify("Already saving…")
            return
        errors = [f for f in self.findings if f.severity == ERROR and f.code != "server"]
        if errors:
            listed = "\n".join(f"{self._field_name(f.field)}: {f.message}" for f in errors[:4])
            more = f"\n(and {len(errors) - 4} more)" if len(errors) > 4 else ""
            self.notify(listed + more, title=f"Can't save: {len(errors)} error(s) to fix",
                        severity="error", markup=False, timeout=10)
            self.focus_field(errors[0].field)
            return
        changes = self.state.changes()
        if not self.state.new and not changes:
            self.notify("Nothing changed")
            return
        rows = diff_rows(self.state.before(), changes, self.labels())
        warnings = [f"{self._field_name(f.field)}: {f.message}" for f in self.findings
                    if f.severity == WARNING]
        what = self.state.label
        title = (f"Create this {what.removeprefix('new ')}?" if self.state.new else
                 f"Save {len(rows)} change{'s' * (len(rows) != 1)} to {what}?")

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.send(changes)

        self.app.push_screen(DiffScreen(title, rows, zone=self.session.zone,
                                        warnings=warnings, new=self.state.new), confirmed)

    @work(exclusive=True, group="editor-save", exit_on_error=False)
    async def send(self, changes: dict[str, Any]) -> None:
        edits = self.session.edits
        self.saving = True
        try:
            if self.state.new:
                outcome = await edits.create(self.state.draft, self.state.brand_id,
                                             draft_key=self.state.key)
            else:
                outcome = await edits.save(self.state.original, changes)
        finally:  # anything unexpected opens the error panel (DashApp's worker handler);
            # the text stays in the editor
            self.saving = False
        self.show_outcome(outcome, changes)

    @work(exclusive=True, group="editor-save", exit_on_error=False)
    async def keep_mine(self, conflict: Conflict) -> None:
        self.saving = True
        try:
            outcome = await self.session.edits.keep_mine(
                conflict, self.state.original)
        finally:  # the unexpected goes to the error panel (DashApp's worker handler)
            self.saving = False
        self.show_outcome(outcome, conflict.write.body)

    def show_outcome(self, outcome: Outcome, changes: dict[str, Any]) -> None:
        label = self.state.label
        if isinstance(outcome, Saved):
            self.drop_buffer()
            saved = outcome.post
            name = f"{label} (now #{saved.id})" if self.state.new and saved else label
            self.notify(f"Saved {name}", markup=False)
            warnings = saved.get("warnings") if saved is not None else None
            if isinstance(warnings, list) and warnings:  # the service's notes on the write
                lines = [clean(str(w.get("message") or w.get("code") or w))
                         for w in warnings if isinstance(w, dict)]
                self.notify("\n".join(lines[:4]), title=f"{self.session.service} warns",
                            severity="warning", markup=False, timeout=12)
            self.dismiss(saved)
            if outcome.raced:  # outbox helper: a conflict after the fact, with undo
                show_raced(self.app, label, outcome.raced, self.labels())
            elif saved is not None and not self.state.new:  # its group shares the caption?
                from .siblings import offer_siblings

                offer_siblings(self.app, self.state.original, saved)
        elif isinstance(outcome, Queued):
            self.drop_buffer()
            self.notify(f"{self.session.service} did not take it now ({outcome.reason}); "
                        "queued; it will be retried", title=f"{label}: queued",
                        severity="warning",
                        markup=False, timeout=8)
            self.dismiss(None)
        elif isinstance(outcome, Rejected):
            self.server_errors = dict(outcome.field_errors) or {"_schema": [outcome.message]}
            self._recheck()
            self.notify(outcome.message, title=f"{self.session.service} refused the change", severity="error",
                        markup=False, timeout=10)
            self.focus_field(next(iter(self.server_errors)))
        elif isinstance(outcome, Conflict):
            screen = ConflictScreen(label, changes, self.state.original, outcome.server,
                                    labels=self.labels(), zone=self.session.zone)
            self.app.push_screen(
                screen, lambda choice: self.resolve(choice, outcome, changes))
        elif isinstance(outcome, Failed):
            self.notify(outcome.message, title="Not saved", severity="error",
                        markup=False, timeout=10)

    def resolve(self, choice: str | None, conflict: Conflict, changes: dict[str, Any]) -> None:
        edits = self.session.edits
        if choice == KEEP_MINE:
            self.keep_mine(conflict)
            return
        # both other answers drop the queued write: nothing is sent over the newer version
        edits.take_theirs(conflict)
        if choice == TAKE_THEIRS:
            self.drop_buffer()
            self.notify(f"Kept the version on {self.session.service}; your change to "
                        f"{self.state.label} was dropped", markup=False)
            self.dismiss(conflict.server)
            return
        # re-edit: Dash's post becomes the base, the user's edits go on top, and a fresh form
        # is built from it (simpler and safer than resetting every widget in place)
        self.state.rebase(conflict.server, changes)
        self.finished = True  # this screen's buffer duty passes to the new one
        self.app.switch_screen(type(self)(self.state))
        self.notify("Now editing Dash's latest version with your changes on top; "
                    "check them and save again", markup=False)
