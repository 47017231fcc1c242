"""Mode 4: every write still queued in the outbox, and the ones waiting for a decision.

One row per write: state (waiting, sending, needs a decision), the post, what it changes,
age, attempts, last error. Below, the write under the cursor in full. `enter` opens it (a
conflict side by side; anything else in the editor), `s` sends it now, `x` drops it after
asking. A damaged outbox that was set aside at start is named at the top for the whole run.
"""

from __future__ import annotations

from ...labels import field_label
import time
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import DataTable

from ...domain.platforms import SPECS, Platform
from ...domain.posts import Post, parse_post
from ...store.outbox import CREATE, DECIDE, DELETE, SENDING, UPDATE, Write
from ...store.writer import Conflict, Saved
from ..textsafe import clean, one_line
from .table_detail import TableDetailScreen

KIND_WORDS = {CREATE: "create", DELETE: "delete"}


def age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def _post_of(platform: str, data: dict[str, Any] | None) -> Post | None:
    if not data:
        return None
    try:
        return parse_post(platform, data)
    except Exception:  # noqa: BLE001 - an odd body still gets a row, just no caption
        return None


class PendingTable(DataTable):
    BINDINGS = [
        Binding("enter,o", "screen.open", "Open", id="pending.open",
                tooltip="A conflict side by side; anything else in the editor"),
        Binding("s", "screen.resend", "Send now", id="pending.resend"),
        Binding("x", "screen.drop", "Drop", id="pending.drop",
                tooltip="Throw the queued change away (asks first)"),
        Binding("j", "cursor_down", "Down", show=False, id="pending.down"),
        Binding("k", "cursor_up", "Up", show=False, id="pending.up"),
    ]


class PendingScreen(TableDetailScreen):
    HELP_TITLE = "Pending writes"
    TABLE = PendingTable
    COLUMNS = ("State", "Post", "Change", "Age", "Tries", "Last error")
    IDS = ("outbox-notice", "pending", "write-pane", "write-detail")
    NOTHING = "Nothing queued"
    DEFAULT_CSS = "PendingScreen #write-pane { height: 35%; }"

    def on_mount(self) -> None:  # before the base's, which fills the table
        self.show_notice(self.session.outbox.notices)  # set aside at start: for the whole run
        self.set_interval(5.0, self.reload)  # ages tick, and a send started elsewhere shows

    # -- what is shown --------------------------------------------------------------------
    def label(self, write: Write) -> str:
        spec = SPECS[Platform(write.platform)]
        return f"{spec.label} #{write.post_id}" if write.post_id else f"new {spec.label}"

    def caption(self, write: Write) -> str:
        if write.kind == CREATE:
            post = _post_of(write.platform, write.body)
        else:
            post = self.session.cache.get(write.platform, write.post_id) if write.post_id \
                else None
        return one_line(post.caption if post is not None else "", 60)

    def change(self, write: Write) -> str:
        if write.kind in KIND_WORDS:
            return KIND_WORDS[write.kind]
        return ", ".join(sorted(write.body)) or "nothing"

    def reload(self) -> None:
        if not self.is_mounted:
            return
        now = time.time()
        self.fill(self.session.outbox.pending(), lambda w: self._cells(w, now))
        deciding = sum(w.state == DECIDE for w in self.records)
        self.set_status(f"{len(self.records)} queued write(s), {deciding} need a decision · "
                        "enter open · s send now · x drop" if self.records else
                        f"Nothing queued: every change has reached {self.session.service}")
        self.show_detail()

    def _cells(self, w: Write, now: float) -> list[Text]:
        style = "bold red" if w.state == DECIDE else ("italic" if w.state == SENDING else "")
        return [Text(w.state_label, style=style), Text(self.label(w)),
                Text(clean(self.change(w))), Text(age(now - w.created_at)),
                Text(str(w.attempts)), Text(one_line(w.last_error or "", 80))]

    def detail(self, write: Write, text: Text) -> None:
        text.append(f"{self.label(write)} · {write.kind} · {write.state_label}\n",
                    style="bold")
        caption = self.caption(write)
        if caption:
            text.append(f"{caption}\n")
        decision = write.decision or {}
        if write.state == DECIDE:
            text.append(clean(_decision_help(decision, self.session.service)) + "\n",
                        style="yellow")
        if write.last_error:
            text.append(f"Last error: {clean(write.last_error)}\n", style="red")
        for key, value in sorted(write.body.items()) if write.kind != CREATE else ():
            text.append(f"{field_label(key)}: ", style="bold")
            text.append(one_line(str(value), 200) + "\n")

    # -- actions --------------------------------------------------------------------------
    def _guard(self) -> Write | None:
        write = self.picked()
        if write is None:
            return None
        if not self.app.guard_write("Sending queued writes"):
            return None
        fresh = self.session.outbox.get(write.id)
        if fresh is None:
            self.notify("That write is no longer queued")
            self.reload()
        return fresh

    @work(group="pending", exit_on_error=False)
    async def action_resend(self) -> None:
        write = self._guard()
        if write is None:
            return
        if write.state == SENDING:
            self.notify("It is being sent right now")
            return
        force = write.state == DECIDE
        if force:
            from .modals import ConfirmScreen

            why = (write.decision or {}).get("why")
            service = self.session.service
            question = {
                "conflict": f"Send your change over the newer version on {service}?",
                "unknown": f"Send it again? {service} may already have it: this can make a "
                           f"second post. Check {service} first if you can.",
            }.get(why, "Send it again as it is?")
            if not await self.app.push_screen_wait(ConfirmScreen(
                    question, [self.label(write), self.caption(write)], "Send")):
                return
            if why == "conflict":
                server = (write.decision or {}).get("server") or {}
                self.session.outbox.rebase(write, server.get("updated_at"))
        # background: a refusal stays here for the user rather than vanishing
        outcome = await self.session.writer.send(write, force=force, background=True)
        self.app.notify(_outcome_line(self.label(write), outcome, self.session.service), markup=False,
                        severity="information" if isinstance(outcome, Saved) else "warning")
        self.app.reload_screen()

    @work(group="pending", exit_on_error=False)
    async def action_drop(self) -> None:
        write = self.picked()
        if write is None:
            return
        from .modals import ConfirmScreen

        lines = [f"{self.label(write)} · {self.change(write)} · {write.state_label}",
                 self.caption(write), "", "This cannot be undone: the change is not sent."]
        if not await self.app.push_screen_wait(ConfirmScreen(
                "Drop this queued change?", lines, "Drop")):
            return
        fresh = self.session.outbox.get(write.id)
        if fresh is not None and fresh.state == SENDING:
            self.notify("It is being sent right now; try again when it has answered",
                        severity="warning")
            return
        self.session.outbox.done(write)
        self.notify(f"Dropped the queued change to {self.label(write)}", markup=False)
        self.app.reload_screen()

    def action_open(self) -> None:
        write = self.picked()
        if write is None:
            return
        decision = write.decision or {}
        server = _post_of(write.platform, decision.get("server"))
        if write.state == DECIDE and decision.get("why") == "conflict" and server is not None:
            self.open_conflict(write, server)
        elif write.kind == CREATE:
            self.open_draft(write)
        elif write.post_id is not None:
            post = self.session.cache.get(write.platform, write.post_id)
            if post is None:
                self.notify("That post is not in the cache; press r on the list to refresh",
                            severity="warning")
                return
            if write.state == DECIDE and write.kind == UPDATE:
                self.reedit(write, post)  # refused: fix the queued change in the editor
                return
            from ..editor.screen import open_editor

            open_editor(self.app, post)

    def open_conflict(self, write: Write, server: Post) -> None:
        from .conflict import KEEP_MINE, TAKE_THEIRS, ConflictScreen

        base = _post_of(write.platform, write.base) or server
        label = self.label(write)

        def chosen(choice: str | None) -> None:
            if choice == KEEP_MINE:
                self.keep_mine(write, server, base)
            elif choice == TAKE_THEIRS:
                self.session.outbox.done(write)
                self.notify(f"Kept the version on {self.session.service}; your change to {label} was dropped",
                            markup=False)
                self.app.reload_screen()
            else:
                self.reedit(write, server)

        self.app.push_screen(ConflictScreen(label, write.body, base, server, labels={},
                                            zone=self.session.zone), chosen)

    @work(group="pending", exit_on_error=False)
    async def keep_mine(self, write: Write, server: Post, base: Post) -> None:
        outcome = await self.session.edits.keep_mine(Conflict(write, server), base)
        self.app.notify(_outcome_line(self.label(write), outcome, self.session.service), markup=False)
        self.app.reload_screen()

    def reedit(self, write: Write, server: Post) -> None:
        """Dash's version as the base, the queued change on top, in the editor; the queued
        write gives way to the editor's buffer (kept on disk, so nothing is lost)."""
        from ..editor.state import EditState
        from ..editor.screen import EditorScreen

        state = EditState.for_post(server)
        state.rebase(server, write.body)
        self.session.outbox.save_buffer(state.key, state.to_buffer())
        self.session.outbox.done(write)
        self.app.push_screen(EditorScreen(state))

    def open_draft(self, write: Write) -> None:
        post = _post_of(write.platform, write.body)
        if post is None:
            self.notify("This queued post cannot be read back into the editor",
                        severity="error")
            return
        if write.state != DECIDE:
            self.notify("It is still queued; s sends it now, x drops it. Editing it makes "
                        "a new post", severity="warning")
            return
        from ..editor.state import EditState
        from ..editor.screen import EditorScreen

        state = EditState.for_new(post, write.brand_id)
        self.session.outbox.save_buffer(state.key, state.to_buffer())
        self.session.outbox.done(write)
        self.app.push_screen(EditorScreen(state))


def _decision_help(decision: dict[str, Any], service: str) -> str:
    why = decision.get("why")
    message = decision.get("message") or ""
    if why == "conflict":
        return (f"Changed on {service} since your edit began. enter compares both sides "
                "(keep yours, take theirs, or re-edit).")
    if why == "unknown":
        return (f"{message}. Look on {service}: if the post is there, x drops this; if not, "
                "s sends it again.")
    if why == "refused":
        return f"{service} refused it: {message}. enter opens it in the editor to fix."
    return f"{service} said no: {message}. s tries again, x drops it."


def _outcome_line(label: str, outcome, service: str) -> str:
    from ...store.outcome_text import by_outcome
    from ...store.writer import Failed, Queued, Rejected, Unsure

    def not_sent(o) -> str:
        return f"{label}: not sent: {o.message}"

    return by_outcome(outcome, {
        Saved: lambda o: f"{label}: reached {service}",
        Conflict: lambda o: f"{label}: changed on {service} meanwhile; it waits for your "
                            "decision",
        Unsure: lambda o: f"{label}: {o.reason}",
        Queued: lambda o: f"{label}: still queued ({o.reason})",
        Rejected: not_sent, Failed: not_sent,
    }, lambda o: f"{label}: {o}")
