"""The journal (`J`): every write dashtui made, newest first, kept across restarts.

One row per answered write: time, platform, post, what it changed, the service's answer.
Below, the entry under the cursor in full: who, when, the field diff (before -> after), the
body of a create, the post of a delete, the answer and the post's version after it. `u`
undoes the entry (store side: dashtui/journal_undo.py): when the post changed on the
service since, nothing is sent and both sides are shown (the conflict screen) first.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import DataTable

from ...store.journal import KEEP_DAYS, KEEP_ENTRIES, Entry
from ..textsafe import clean, one_line
from .table_detail import TableDetailScreen

ANSWER_WIDTH = 22
DIFF_WIDTH = 140  # about two lines each of before and after at 80 columns


def _short(value: Any, width: int = 70) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)
    return one_line(text, width)


def answer_text(entry: Entry) -> str:
    if entry.ok:
        return "✓ " + ("deleted" if entry.kind == "delete" else "done")
    return "✗ " + (f"{entry.status} " if entry.status else "") + entry.answer


class JournalTable(DataTable):
    BINDINGS = [
        Binding("u", "screen.undo_entry", "Undo entry", id="journal.undo",
                tooltip="Undo this entry on the service (checks nobody changed it since)"),
        Binding("j", "cursor_down", "Down", show=False, id="journal.down"),
        Binding("k", "cursor_up", "Up", show=False, id="journal.up"),
        Binding("g", "scroll_top", "Top", show=False, id="journal.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="journal.bottom"),
    ]


class JournalScreen(TableDetailScreen):
    HELP_TITLE = "Journal"
    TABLE = JournalTable
    COLUMNS = ("Time", "Platform", "Post", "What", "Answer")
    IDS = ("journal-notice", "journal", "entry-pane", "entry-detail")
    NOTHING = "Nothing journaled yet"
    DEFAULT_CSS = "JournalScreen #entry-pane { height: 55%; }"

    # -- what is shown --------------------------------------------------------------------
    def when(self, entry: Entry) -> str:
        local = datetime.fromtimestamp(entry.at, self.session.zone)
        today = self.session.now().astimezone(self.session.zone).date()
        return f"{local:%H:%M:%S}" if local.date() == today else f"{local:%d %b %H:%M}"

    def reload(self) -> None:
        if not self.is_mounted:
            return
        journal = self.session.journal
        self.show_notice(journal.notices)
        self.fill(journal.entries(), self._cells)
        self.set_status(
            f"{len(self.records)} write(s) · u undo the entry · kept: the last "
            f"{KEEP_ENTRIES} or {KEEP_DAYS} days" if self.records else
            "No writes journaled yet: each save, create, delete or retry shows here once "
            f"{self.session.service} has answered")
        self.show_detail()

    def _cells(self, e: Entry) -> list[Text]:
        return [Text(self.when(e)), Text(clean(e.platform)),
                Text(f"#{e.post_id}" if e.post_id is not None else "new"),
                Text(one_line(e.what, 24)),
                Text(one_line(answer_text(e), ANSWER_WIDTH), style="" if e.ok else "red")]

    def detail(self, e: Entry, text: Text) -> None:
        from ...journal_undo import label

        # what changed first: at 80x24 the pane has about eight lines
        stamp = datetime.fromtimestamp(e.at, self.session.zone)
        text.append(f"#{e.id} {clean(label(e))} · {e.kind} · {stamp:%Y-%m-%d %H:%M:%S %Z}\n",
                    style="bold")
        text.append(clean(answer_text(e)), style="" if e.ok else "red")
        if e.version:
            text.append(f" · version after: {clean(e.version)}", style="dim")
        text.append("\n")
        if e.undoes:
            text.append(f"undid entry #{e.undoes}\n", style="yellow")
        if e.undone_by:
            text.append(f"undone by entry #{e.undone_by}\n", style="yellow")
        if e.kind == "update":
            for key, (before, after) in e.diff.items():
                text.append(f"{clean(key)}\n", style="bold")
                text.append("  was: ")
                text.append(_short(before, DIFF_WIDTH) + "\n", style="red")
                text.append("  now: ")
                text.append(_short(after, DIFF_WIDTH) + "\n", style="green")
        elif e.kind == "delete":
            text.append("the post as it was:\n", style="bold")
            self._fields(e.post or {}, text)
        else:
            text.append("sent:\n" if e.changes else "", style="bold")
            self._fields(e.changes, text)
        who = " · ".join(clean(x) for x in (e.account, e.user) if x)
        text.append(f"by {who or 'unknown'} · brand {e.brand_id} · {clean(e.backend)}\n",
                    style="dim")

    @staticmethod
    def _fields(data: dict[str, Any], text: Text) -> None:
        for key, value in sorted(data.items()):
            if value in (None, [], {}, ""):
                continue
            text.append(f"  {clean(str(key))}: ", style="bold")
            text.append(_short(value) + "\n")

    # -- undo -----------------------------------------------------------------------------
    @work(group="journal", exit_on_error=False)
    async def action_undo_entry(self) -> None:
        from ...journal_undo import Changed, Refused, Undone, label, undo_entry
        from .modals import ConfirmScreen

        entry = self.picked()
        if entry is None:
            return
        if not self.app.guard_write("Undo"):
            return
        what = {"update": "Put back the old values of", "create": "Delete",
                "delete": "Re-create (it gets a new id)"}.get(entry.kind, "Undo")
        if not await self.app.push_screen_wait(ConfirmScreen(
                f"{what} {label(entry)}?", self._undo_lines(entry), "Undo")):
            return
        result = await undo_entry(self.session, entry.id)
        if isinstance(result, Changed):
            result = await self._changed(result)
            if result is None:
                return
        if isinstance(result, Refused):
            self.notify(result.message, title="Not undone", severity="warning", markup=False)
        elif isinstance(result, Undone):
            from ...store.writer import Saved

            self.notify(result.summary, markup=False,
                        severity="information" if isinstance(result.outcome, Saved)
                        else "warning")
        self.app.reload_screen()

    def _undo_lines(self, e: Entry) -> list[str]:
        if e.kind == "update":
            return [f"{k}: {_short(after, 30)} → {_short(before, 30)}"
                    for k, (before, after) in e.diff.items()]
        caption = (e.post or {}).get("caption") or next(
            (v for k, v in (e.post or {}).items() if k in ("tweet_status", "message", "text")
             and v), "")
        return [one_line(str(caption), 70)] if caption else []

    async def _changed(self, changed):
        """The post moved since: show both sides; undo over it only if the user says so."""
        from ...journal_undo import label, undo_entry
        from .conflict import KEEP_MINE, REEDIT, ConflictScreen
        from .modals import ConfirmScreen

        entry = changed.entry
        if entry.kind == "update" and changed.recorded is not None:
            # "yours" is what the undo would put back; the base, the post as the write left it
            choice = await self.app.push_screen_wait(ConflictScreen(
                f"{label(entry)} (journal #{entry.id})", changed.revert,
                changed.recorded, changed.server,
                labels={}, zone=self.session.zone))
            if choice == KEEP_MINE:
                return await undo_entry(self.session, entry.id, force=True)
            if choice == REEDIT:
                self._reedit(changed)
            else:
                self.notify(f"Not undone: {changed.message}", markup=False)
            return None
        lines = [f"{k}: {_short(old, 30)} → {_short(new, 30)}"
                 for k, (old, new) in list(changed.fields.items())[:8]]
        if await self.app.push_screen_wait(ConfirmScreen(
                f"{changed.message}. Undo anyway?", lines, "Undo anyway")):
            return await undo_entry(self.session, entry.id, force=True)
        self.notify(f"Not undone: {changed.message}", markup=False)
        return None

    def _reedit(self, changed) -> None:
        """The service's version in the editor with the undo's old values on top."""
        from ..editor.screen import EditorScreen
        from ..editor.state import EditState

        state = EditState.for_post(changed.server)
        state.rebase(changed.server, changed.revert)
        self.session.outbox.save_buffer(state.key, state.to_buffer())
        self.app.push_screen(EditorScreen(state))
